"""The gate (arclean.find.gate): a superset of the lines cues match, in one pass a phase."""

from __future__ import annotations

import pytest

import arclean
from arclean.chars import fold_key
from arclean.find import Document, cues
from arclean.find.gate import AnySearched, any_searched, compile_fast, gate, gate_lines
from tests.find.conftest import STORY

_FINDER = arclean.Pipeline.default()._finder
_LINE_CUES = [(cue, example) for cue in cues() if cue.role in ("line", "header") for example in cue.examples]


@pytest.mark.parametrize(("cue", "example"), _LINE_CUES, ids=lambda v: getattr(v, "id", None))
def test_the_gate_lets_every_example_line_through(cue, example: str) -> None:
    phase = "line" if cue.zone == "any" else "edge"
    found = _FINDER.gates[phase]
    doc = Document.parse(f"{STORY}\n{example}")
    assert doc.lines[1] in gate_lines(doc, found), f"{cue.id}: the {phase} gate misses {example!r}"


def test_story_lines_pass_no_gate() -> None:
    doc = Document.parse("\n".join([STORY] * 50))
    assert all(not gate_lines(doc, found) for found in _FINDER.gates.values() if found is not None)


def test_no_cues_no_gate() -> None:
    assert gate(()) is None


_SEARCHED = tuple(cue for cue in cues() if cue.search)


def test_searched_cues_need_regex_for_some_patterns() -> None:
    """The split below matters only while some searched cue is beyond the standard engine."""
    assert AnySearched(_SEARCHED).rest, "every searched cue compiles on re: AnySearched's split is moot"


@pytest.mark.parametrize(
    "key",
    [fold_key(text) for cue in _SEARCHED for text in cue.examples + cue.counter] + [fold_key(STORY), ""],
)
def test_any_searched_agrees_with_one_alternation(key: str) -> None:
    """Split across two engines, the check says what one ``regex`` alternation of them all says."""
    whole = compile_fast("|".join(f"(?:{cue.pattern.pattern})" for cue in _SEARCHED))
    assert AnySearched(_SEARCHED).search(key) == (whole.search(key) is not None)
    assert any_searched(()) is None
