"""The precision audit (benchmarks/audit.py) on a tiny crawl: what it counts as a suspect.

No timing: this proves the detectors and the report, not the figures on the shared crawl.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from arclean.find.document import Document

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
STORY = "وأوضح المتحدث باسم الهيئة في بيان صحفي اليوم أن البرنامج يستهدف أكثر من ثلاثة آلاف مستفيد في مختلف المناطق."


@pytest.fixture(scope="module")
def audit() -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location("benchmarks_audit", BENCHMARKS / "audit.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def _reasons(audit: ModuleType, lines: list[str], removed_line: int) -> list[str]:
    text = "\n".join(lines)
    doc = Document.parse(text)
    removed = bytearray(len(text))
    line = doc.lines[removed_line]
    removed[line.start : line.end] = b"\x01" * (line.end - line.start)
    return audit._line_reasons(line, doc, removed, audit._story_span(doc, removed))


def test_a_story_sentence_taken_from_inside_the_story_is_a_suspect(audit: ModuleType) -> None:
    reasons = _reasons(audit, [STORY, "وقد صدر قرار وزاري بذلك في الأسبوع الماضي.", STORY], 1)
    assert reasons == ["sentence", "inside"]


def test_a_lede_is_a_suspect(audit: ModuleType) -> None:
    assert "lede" in _reasons(audit, ["أعلنت الهيئة اليوم فتح باب التسجيل في البرنامج", STORY], 0)


def test_boilerplate_at_the_edge_is_no_suspect(audit: ModuleType) -> None:
    assert _reasons(audit, [STORY, STORY, "كلمات دلالية: الرياض، التعليم، الجامعات"], 2) == []
    assert (
        _reasons(
            audit,
            ["رابط الخبر بصحيفة المثال: الهيئة تفتح باب التسجيل في البرنامج الجديد للطلاب والطالبات بالمناطق كافة", STORY],
            0,
        )
        == []
    )


def test_report_counts_removed_lines_per_rule(audit: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    crawl = tmp_path / "crawl.jsonl"
    pages = [{"id": f"p{i}", "text": f"{STORY}\n{STORY}\nكلمات دلالية: الرياض، التعليم"} for i in range(3)]
    crawl.write_text("\n".join(json.dumps(page, ensure_ascii=False) for page in pages), encoding="utf-8")
    out = tmp_path / "audit.json"
    assert audit.main([str(crawl), "--json", str(out), "--show", "all"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["pages"] == 3
    assert sum(rule["removed"] for rule in data["rules"].values()) == 3
    assert all(rule["suspects"] == 0 for rule in data["rules"].values())
    assert capsys.readouterr().out.startswith("3 pages; removed lines or glued parts 3; suspects 0")
