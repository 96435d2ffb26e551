"""Rule cases for the find phase: small documents with the label each line must end with.

A case file (``tests/find/cases/MODULE.toml``) holds ``[[case]]`` entries: ``name``, ``why``,
``lines`` (the document, one entry a line) and ``labels`` (one per line: ``story``, a kind, or
``kind:rule`` to pin the rule too). ``run_case`` labels the document with the default pipeline.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import arclean

CASES = Path(__file__).resolve().parent / "cases"
#: a long sentence that every rule keeps: the story around the lines a case is about
STORY = "أعلنت الهيئة العامة للإحصاء اليوم ارتفاع معدل النمو الاقتصادي خلال الربع الثالث من العام الجاري بنسبة كبيرة."
_PIPELINE = arclean.Pipeline.default()


def load_cases(module: str) -> list[dict]:
    """The cases of ``cases/MODULE.toml``, ``{STORY}`` expanded."""
    data = tomllib.loads((CASES / f"{module}.toml").read_text(encoding="utf-8"))
    cases = data["case"]
    for case in cases:
        case["lines"] = [line.replace("{STORY}", STORY) for line in case["lines"]]
        assert len(case["lines"]) == len(case["labels"]), f"{module}: {case['name']}: one label a line"
    return cases


def run_case(case: dict) -> list[str]:
    """Each line's final label as the case writes it (``story``, ``kind``, or ``kind:rule``)."""
    labels = _PIPELINE.label("\n".join(case["lines"]))
    found = []
    for mark, expected in zip(labels.marks, case["labels"], strict=True):
        if mark is None:
            found.append("story")
        else:
            found.append(f"{mark.kind}:{mark.rule}" if ":" in expected else mark.kind)
    return found
