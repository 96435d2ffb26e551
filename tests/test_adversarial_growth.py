"""Growth, not absolute time: doubling any generated adversarial shape must not more than
about double the time to clean it (quadratic shows 4x).

Every shape of ``benchmarks/adversarial.py`` (every tenth by default, all with
``ARCLEAN_GROWTH=all``) is screened from 1 KB to 4 KB (two doublings, best
of 2 runs). Only a shape that looks super-linear there is timed again from 4 KB to 64 KB (four
doublings, best of 3), and, if that is over too, once more over the wider range 8-128 KB; it
fails only if every measurement is over. Times are CPU time of this process
(``time.process_time``) with the garbage collector off, so that other work on a loaded machine
and a collection landing in one timing are not taken for growth. Growth per doubling is the
n-th root of the ratio over n doublings: one doubling alone jitters between 1.5x and 3x.
(Ratios against ordinary text are the benchmark's job, not a test's.)
"""

from __future__ import annotations

import functools
import gc
import importlib.util
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import arclean
from arclean.find import cues

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
#: The screen's limit per doubling (1-4 KB, best of 2).
MAX_GROWTH = 2.5
#: The confirming measurements' limit per doubling (4-64 KB, then 8-128 KB). Linear time shows
#: 2x, quadratic 4x; shapes of many short lines measure up to 2.3x (memory effects at 128 KB).
CONFIRM_GROWTH = 2.8
#: every how many generated shapes the default suite times
SAMPLE = 10
KB = 1024


@functools.cache
def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmarks_adversarial", BENCHMARKS / "adversarial.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _growth(pipeline: arclean.Pipeline, make: Callable[[int], str], size: int, repeat: int, doublings: int) -> float:
    """Time growth per doubling, from ``size`` to ``size * 2**doublings`` (geometric mean)."""
    small_text, large_text = make(size), make(size << doublings)
    gc.collect()
    gc.disable()  # a collection landing in one timing and not the other is noise, not growth
    try:
        small = _load().best_time(pipeline, small_text, repeat)
        large = _load().best_time(pipeline, large_text, repeat)
    finally:
        gc.enable()
    return (large / max(small, 1e-6)) ** (1 / doublings)


def super_linear_shapes(pipeline: arclean.Pipeline, shapes: list[tuple[str, str, Callable[[int], str]]]) -> list[str]:
    """The shapes whose time grows faster than ``CONFIRM_GROWTH`` per doubling, confirmed twice."""
    found = []
    for family, name, make in shapes:
        if _growth(pipeline, make, KB, 2, doublings=2) <= MAX_GROWTH:
            continue
        growths = [_growth(pipeline, make, 4 * KB, 3, doublings=4)]
        if growths[0] > CONFIRM_GROWTH:
            growths.append(_growth(pipeline, make, 8 * KB, 3, doublings=4))
            if min(growths) > CONFIRM_GROWTH:
                found.append(f"{family} {name}: {' then '.join(f'{g:.2f}x' for g in growths)} per doubling")
    return found


def test_doubling_a_shape_does_not_more_than_double_its_time() -> None:
    adversarial = _load()
    pipeline = arclean.Pipeline.default()
    pipeline.clean(adversarial.ordinary(4 * KB))
    shapes = adversarial.shapes()
    # The default suite times every SAMPLE-th shape (all six families are still covered, see the
    # test below); ARCLEAN_GROWTH=all times all of them (minutes: `benchmarks/adversarial.py` too).
    if os.environ.get("ARCLEAN_GROWTH") != "all":
        shapes = shapes[::SAMPLE]
    super_linear = super_linear_shapes(pipeline, shapes)
    assert not super_linear, "doubling the input more than doubles the time:\n" + "\n".join(super_linear)


def test_the_shapes_cover_every_family_and_cue() -> None:
    adversarial = _load()
    names = {(family, name) for family, name, _ in adversarial.shapes()}
    assert {family for family, _ in names} == {"char", "blank", "tiny", "cue", "swallow", "document"}
    for cue in cues():
        if cue.examples:
            assert ("cue", f"{cue.id} per line") in names
    for ch in "•-–—*|>: \u00a0":
        assert ("char", f"{ch!r} alone per line") in names
