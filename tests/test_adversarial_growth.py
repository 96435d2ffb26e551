"""Growth, not absolute time: doubling any generated adversarial shape must not more than
about double the time to clean it (quadratic shows 4x).

Every shape of ``benchmarks/adversarial.py`` is cleaned once at 1 KB and once at 2 KB. Only a
shape that looks super-linear there is timed again, best of several runs, at 2 KB and 4 KB and
then 4 KB and 8 KB, so a noisy shared machine does not fail the run: it fails only if the growth
holds at every size. (Ratios against ordinary text are the benchmark's job, not a test's.)
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import arclean

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
MAX_GROWTH = 2.5
KB = 1024


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmarks_adversarial", BENCHMARKS / "adversarial.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _growth(adversarial: ModuleType, pipeline: arclean.Pipeline, make, size: int, repeat: int) -> float:
    small = adversarial.best_time(pipeline, make(size), repeat)
    large = adversarial.best_time(pipeline, make(2 * size), repeat)
    return large / max(small, 1e-6)


def test_doubling_a_shape_does_not_more_than_double_its_time() -> None:
    adversarial = _load()
    pipeline = arclean.Pipeline.default()
    pipeline.clean(adversarial.ordinary(4 * KB))
    super_linear = []
    for family, name, make in adversarial.shapes():
        if _growth(adversarial, pipeline, make, KB, 1) <= MAX_GROWTH:
            continue
        growths = [_growth(adversarial, pipeline, make, size, 5) for size in (2 * KB, 4 * KB)]
        if min(growths) > MAX_GROWTH:
            super_linear.append(f"{family} {name}: {' then '.join(f'{g:.2f}x' for g in growths)}")
    assert not super_linear, "doubling the input more than doubles the time:\n" + "\n".join(super_linear)


def test_the_shapes_cover_every_family_and_cue() -> None:
    adversarial = _load()
    names = {(family, name) for family, name, _ in adversarial.shapes()}
    assert {family for family, _ in names} == {"char", "blank", "tiny", "cue", "swallow", "document"}
    for cue in arclean.resources.cues():
        if cue.examples:
            assert ("cue", f"{cue.id} per line") in names
    for ch in "•-–—*|>: \u00a0":
        assert ("char", f"{ch!r} alone per line") in names
