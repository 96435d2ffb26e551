"""benchmarks/phrasings.py: footer phrasings nobody listed, and story lines sharing their words.

The floors hold the tuned half only (the held-back half is an estimate, not a target); story
safety holds for every planting, tuned or held.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "phrasings.py"


@pytest.fixture(scope="module")
def phrasings() -> ModuleType:
    spec = importlib.util.spec_from_file_location("phrasings", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("phrasings", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report(phrasings: ModuleType) -> dict:
    return phrasings.measure(phrasings.load())


def test_every_kind_has_both_halves(phrasings: ModuleType) -> None:
    data = phrasings.load()
    for kind, lines in data["kinds"].items():
        halves = {phrasings.half_of(kind, line) for line in lines}
        assert halves == {"tuned", "held"}, kind
        assert len(lines) == len(set(lines)), f"{kind}: a phrasing is listed twice"


def test_decoration_changes_the_line_and_keeps_its_words(phrasings: ModuleType) -> None:
    line = "الوسوم: السياحة، المغرب، الصيف"
    decorated = {phrasings.decorate(line, random.Random(seed)) for seed in range(20)}
    assert line not in decorated and len(decorated) > 5
    assert all("المغرب" in variant.replace("ـ", "") for variant in decorated)


def test_no_story_paragraph_and_no_hard_negative_is_lost(report: dict) -> None:
    assert report["story_lost"] == 0
    assert report["negative_misses"] == []


def test_tuned_half_recall_floors(report: dict) -> None:
    assert report["recall"]["tuned"] >= 0.93
    for kind, entry in report["by_kind"].items():
        assert entry["tuned"]["recall"] >= 0.85, kind
