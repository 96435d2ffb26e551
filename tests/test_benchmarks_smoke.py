"""A tiny run of the benchmark harness: few documents, arclean and identity (plus peers if installed).

No timing assertions: this only proves the harness runs end to end and writes its report.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
STORY = "أعلنت الوزارة اليوم افتتاح المعرض الدولي للكتاب بمشاركة واسعة من دور النشر العربية."
RECORDS = [
    {
        "id": f"smoke/{i}",
        "site": "smoke.example",
        "raw": f"{STORY}\n\nالمصدر: وكالات\nكلمات دلالية: كتاب، معرض",
        "labels": ["body", "blank", "source", "tags"],
        "main": STORY,
        "meta": {"sources": ["وكالات"], "tags": ["كتاب", "معرض"]},
    }
    for i in range(4)
]


def _load_run() -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location("benchmarks_run", BENCHMARKS / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def run_module() -> ModuleType:
    return _load_run()


def test_measure_quality_in_process(run_module: ModuleType, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS), encoding="utf-8")
    arclean_row = run_module.measure_quality("arclean", [gold])
    identity_row = run_module.measure_quality("identity", [gold])
    assert arclean_row["docs"] == 4 and arclean_row["scores"]["removal_f1"] == 1.0
    assert identity_row["scores"]["removal_recall"] == 0.0


def test_harness_end_to_end(run_module: ModuleType, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS), encoding="utf-8")
    systems = ["arclean", "identity"] + [name for name in ("c4",) if run_module.available(name) is None]
    results = run_module.run_benchmarks(
        systems, {"smoke": [gold]}, quick=True, repeats=1, sections=("quality",), log=lambda _: None
    )
    assert set(results["sets"]["smoke"]) == set(systems)
    path = run_module.write_report(results, tmp_path / "docs")
    text = path.read_text(encoding="utf-8")
    assert "## Quality on `smoke`" in text and "arclean (default pipeline)" in text


def test_normalization_and_scaling_measure(run_module: ModuleType) -> None:
    normalization = run_module.measure_normalization(RECORDS[0]["raw"] * 20, repeats=1)
    assert normalization["rows"][0]["name"].startswith("arclean")
    scaling = run_module.measure_scaling(RECORDS, quick=True)
    assert [row["bytes"] for row in scaling["by_size"]] == [1_000, 10_000, 100_000]


def test_empty_corpus_directory_is_skipped(run_module: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "empty.jsonl").write_text("", encoding="utf-8")
    assert run_module.find_sets(tmp_path / "nowhere", tmp_path / "corpus") == {}
