"""The gate (arclean.find.gate): a superset of the lines cues match, in one pass a phase."""

from __future__ import annotations

import pytest

import arclean
from arclean.find import Document, cues
from arclean.find.gate import gate, gate_lines
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
