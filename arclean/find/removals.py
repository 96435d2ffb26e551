"""From labels to removals: every marked span once, in input order, split where two kinds meet."""

from __future__ import annotations

from arclean.find.cues import Cue
from arclean.find.document import raw_offset
from arclean.find.labels import Labels, Mark
from arclean.models import Removal


def removals(labels: Labels, split_cues: tuple[Cue, ...] = ()) -> list[Removal]:
    """The removed spans of ``labels``: whole lines and partial cuts, sorted, none overlapping.

    A partial cut inside a line that is removed whole is dropped (the line covers it); a
    removed line with a second label glued inside it becomes two spans (``split_cues``).
    """
    text = labels.doc.text
    spans: list[Mark] = list(labels.partial)
    for mark in labels.marks:
        if mark is not None:
            spans.extend(split_mark(labels, mark, split_cues))
    spans.sort(key=lambda mark: mark.start)
    found: list[Removal] = []
    for mark in spans:
        if found and mark.start < found[-1].end:  # a partial cut inside a removed line
            continue
        found.append(
            Removal.model_construct(
                start=mark.start, end=mark.end, kind=mark.kind, rule=mark.rule, text=text[mark.start : mark.end]
            )
        )
    return found


def split_mark(labels: Labels, mark: Mark, split_cues: tuple[Cue, ...]) -> list[Mark]:
    """A removed line with a second label glued inside becomes two spans."""
    line = labels.doc.lines[mark.line]
    for cue in split_cues:
        if cue.kind == mark.kind:
            continue
        found = cue.find(line.key)
        if found is not None and found.start() > 0:
            cut = raw_offset(line, found.start())
            return [
                Mark(mark.kind, mark.rule, mark.start, cut, mark.line),
                Mark(cue.kind, cue.id, cut, mark.end, mark.line),
            ]
    return [mark]
