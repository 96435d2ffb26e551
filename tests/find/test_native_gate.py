"""The gates in the compiled kernel (arclean.find.native_gate): a superset of the Python gates,
so the find phase labels every text as the Python gates make it."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import arclean
from arclean.find import Document, cues
from arclean.find.gate import gate_lines
from arclean.find.native_gate import AVAILABLE, rust_superset
from tests.find.conftest import STORY

needs_native = pytest.mark.skipif(not AVAILABLE, reason="the compiled kernel (arclean._native) is not built here")

_FINDER = arclean.Pipeline.default()._finder
_EXAMPLES = [example for cue in cues() for example in (*cue.examples, *cue.counter)]
_PIECES = (*_EXAMPLES, "\n", "\n", " ", "•", "🔴", "»", "İ", "ı", "K", "ſ", "TWITTER", "Facebook", ":", "-", "ـ", "\u200f")
_LINE = st.lists(st.one_of(st.sampled_from(_PIECES), st.characters(blacklist_categories=("Cs",))), max_size=12).map("".join)
TEXT = st.lists(st.one_of(_LINE, st.sampled_from(_EXAMPLES)), max_size=8).map("\n".join)
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _python_candidates(doc: Document) -> dict[str, list[int]]:
    return {phase: [line.index for line in gate_lines(doc, found)] for phase, found in _FINDER.gates.items() if found}


def _labels(text: str, native: bool) -> tuple:
    kept = _FINDER.native_gates
    try:
        if not native:
            _FINDER.native_gates = None
        labels = _FINDER.label(Document.parse(text))
    finally:
        _FINDER.native_gates = kept
    return labels.marks, labels.first, labels.partial


@needs_native
def test_every_phase_runs_in_the_kernel() -> None:
    assert _FINDER.native_gates is not None


@needs_native
@PROPERTY
@given(TEXT)
def test_the_kernel_lets_through_every_line_the_python_gate_does(text: str) -> None:
    doc = Document.parse(text)
    native = _FINDER.native_gates.candidates(doc.key_text)
    assert native is not None
    for phase, indices in _python_candidates(doc).items():
        assert set(indices) <= set(native[phase]), f"{phase}: the kernel misses {set(indices) - set(native[phase])}"
        assert native[phase] == sorted(set(native[phase])) and all(doc.lines[i].key for i in native[phase])


@needs_native
@PROPERTY
@given(TEXT)
def test_labels_are_the_same_with_either_gate(text: str) -> None:
    assert _labels(text, native=True) == _labels(text, native=False)


@needs_native
@pytest.mark.parametrize("example", _EXAMPLES[::7])
def test_an_example_after_a_story_is_labelled_the_same(example: str) -> None:
    text = f"{STORY}\n{example}\n{STORY}\n{example}"
    assert _labels(text, native=True) == _labels(text, native=False)


@needs_native
def test_a_text_the_kernel_cannot_read_takes_the_python_gate() -> None:
    text = f"{STORY}\nتابعونا على تويتر \ud800"  # a lone surrogate: no UTF-8 for it
    assert _FINDER.native_gates.candidates(Document.parse(text).key_text) is None
    assert _labels(text, native=True) == _labels(text, native=False)


def test_lookarounds_and_boundaries_are_dropped() -> None:
    assert rust_superset(r"(?<!\w)ab(?=c)\b") == r"\x{61}\x{62}"


def test_ignorecase_takes_every_case_partner_python_does() -> None:
    rewritten = rust_superset("i", re.IGNORECASE)
    assert rewritten is not None
    for partner in ("I", "İ", "ı"):  # Python's re matches all three for "i" under IGNORECASE
        assert re.fullmatch("i", partner, re.IGNORECASE)
        assert f"{ord(partner):X}" in rewritten


def test_a_large_class_is_any_character_but_a_line_break() -> None:
    assert rust_superset(r"\w+", anchored=True) == "^(?:(?:.){1,})"
    assert "\\x{A}" not in (rust_superset(r"[^:]") or "")  # a negated class never takes "\n"


def test_a_back_reference_cannot_be_rewritten() -> None:
    assert rust_superset(r"(a)\1") is None
    assert rust_superset(r"(?s)a.b") is None
