"""The gates in the compiled kernel (arclean.find.native_gate): a superset of the Python gates,
so the find phase labels every text as the Python gates make it."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import arclean
from arclean.chars import fold_key
from arclean.find import Document, cues
from arclean.find.concepts import concepts
from arclean.find.gate import gate_lines
from arclean.find.native_gate import AVAILABLE, literal_needs, rust_superset
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


# -- literal needs (the concept gate, arclean.find.concepts) ------------------------------

#: every pattern of a built-in concept, whether it is matched at the line start, its literal needs
_CONCEPT_PATTERNS = [
    (pattern, concept.start is pattern, needs)
    for concept in concepts()
    for pattern in (concept.start, *concept.all, concept.shape, concept.ends, concept.only)
    if pattern is not None and (needs := literal_needs(pattern.pattern, pattern.flags)) is not None
]
_CONCEPT_EXAMPLES = [fold_key(e).strip().lower() for c in concepts() for e in (*c.examples, *c.counter)]
_KEY = st.lists(
    st.one_of(st.sampled_from(_CONCEPT_EXAMPLES), st.sampled_from(_PIECES), st.characters(blacklist_categories=("Cs",))),
    max_size=6,
).map("".join)


@PROPERTY
@given(_KEY)
def test_every_match_of_a_concept_pattern_holds_one_of_its_literal_needs(key: str) -> None:
    for pattern, anchored, needs in _CONCEPT_PATTERNS:
        if (pattern.match(key) if anchored else pattern.search(key)) is not None:
            assert any(need in key for need in needs), f"{pattern.pattern[:60]!r} matches {key!r} without {sorted(needs)[:5]}"


def test_the_examples_hold_their_patterns_literal_needs() -> None:
    assert len(_CONCEPT_PATTERNS) > 100  # (almost every pattern names some)
    for example in _CONCEPT_EXAMPLES:
        for pattern, anchored, needs in _CONCEPT_PATTERNS:
            if pattern.match(example) if anchored else pattern.search(example):
                assert any(need in example for need in needs), f"{example!r}: {pattern.pattern[:60]!r}"


def test_under_ignorecase_only_caseless_characters_are_needed() -> None:
    # "k" under IGNORECASE also matches the Kelvin sign, "s" the long s: no letter with a case is named
    assert literal_needs("k", re.IGNORECASE) is None
    assert re.search("s", "ſ", re.IGNORECASE)
    assert literal_needs("@[a-z]+s", re.IGNORECASE) == frozenset({"@"})
    assert literal_needs("(?i:k)@") == frozenset({"@"})


def test_a_pattern_that_may_match_no_fixed_text_needs_nothing() -> None:
    assert literal_needs(r"\w+") is None and literal_needs("a?") is None and literal_needs("a|b*") is None
    assert literal_needs("(") is None  # does not parse


@needs_native
def test_the_kernel_reports_the_items_whose_needs_each_line_holds() -> None:
    from arclean.backend import native

    # need 0: "ab" or "xyz"; need 1: "b" or "xyz". Items: 7 needs 0, 8 needs 0 and 1, 9 nothing
    scan = native.LineNeeds(["ab", "b", "xyz"], [[0], [1], [0, 1]], 2, [(7, [0]), (8, [0, 1]), (9, [])])
    assert scan.candidates("ab\nb\n\nxyzab\nq") == [[7, 8, 9], [9], [9], [7, 8, 9], [9]]
    assert scan.candidates("q\nab") == [[9], [7, 8, 9]] and scan.candidates("") == [[9]]
    assert native.LineNeeds(["b"], [[0]], 1).candidates("b\nc") == [[], []]  # no items wanted
    with pytest.raises(ValueError, match="no literal empty"):
        native.LineNeeds([""], [[0]], 1)
    with pytest.raises(ValueError, match="out of range"):
        native.LineNeeds(["a"], [[1]], 1)
    with pytest.raises(ValueError, match="out of range"):
        native.LineNeeds(["a"], [[0]], 1, [(0, [1])])


@needs_native
def test_the_cue_sets_report_every_cue_that_matches_a_key_with_its_cleaner_in_order() -> None:
    from arclean import Pipeline
    from arclean.find.document import Document

    finder = Pipeline.default()._finder
    assert finder.cue_sets is not None
    checked = 0
    for phase in ("line", "edge", "inline"):
        for place, cleaner in enumerate(finder.cue_cleaners):
            for cue in cleaner.cues_for(phase):
                for example in cue.examples:
                    line = Document.parse(example).lines[0]
                    if cue.find(line.key) is None and cue.find(line.cue_key) is None:
                        continue
                    found = finder.cue_sets.owners(phase, [line.key])
                    assert found is not None
                    (owned,) = found
                    places = [owner for owner, _ in owned]
                    assert places == sorted(set(places)), (phase, cue.id)
                    reported = dict(owned)[place]  # (a KeyError: the cue's own cleaner left out)
                    order = cleaner.cues_for(phase)
                    assert cue in reported and list(reported) == sorted(reported, key=order.index), (phase, cue.id, example)
                    checked += 1
    assert checked > 50


@needs_native
def test_the_opening_gate_opens_what_the_pattern_of_every_opening_opens() -> None:
    from arclean.find import concepts as built_in

    opening = built_in._all_concepts_reach()[2]
    assert built_in._opening_gate() is not None
    texts = [text for concept in built_in.concepts() for text in (*concept.examples, *concept.counter)]
    opened = 0
    for text in texts:
        for lowered in (text.lower(), text.lower().split(" ", 1)[-1], "• " + text.lower()):
            expected = opening.match(lowered) is not None
            assert built_in._opens(lowered, opening, True) == expected, lowered
            opened += expected
    assert opened > 50
