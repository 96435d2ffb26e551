"""From labels to removals: every marked span once, in input order, split where two kinds meet."""

from __future__ import annotations

from collections.abc import Iterator
from operator import attrgetter

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
    if split_cues:
        # Where a second label starts depends on the line's key and kind alone: found once per
        # distinct pair, and the line is built only where one is found.
        keys = labels.doc.keys
        splits: dict[tuple[str, str], tuple[Cue, int] | None] = {}
        for mark in filter(None, labels.marks):  # (a Mark is always true)
            pair = (keys[mark.line], mark.kind)
            if pair not in splits:
                splits[pair] = _split_at(pair[0], mark.kind, split_cues)
            split = splits[pair]
            if split is None:
                spans.append(mark)
            else:
                spans.extend(_split(labels, mark, *split))
    else:
        spans += filter(None, labels.marks)
    if labels.partial:  # whole-line marks (and a line's split parts) are in input order already
        spans.sort(key=attrgetter("start"))
    return Removal._trusted_all(_rows(text, spans))


def _rows(text: str, spans: list[Mark]) -> Iterator[dict[str, object]]:
    """Each removal's fields, a partial cut inside a line removed whole left out."""
    end = -1
    for mark in spans:
        if mark.start < end:  # a partial cut inside a removed line
            continue
        start, end = mark.start, mark.end
        yield {"start": start, "end": end, "kind": mark.kind, "rule": mark.rule, "text": text[start:end]}


def _split_at(key: str, kind: str, split_cues: tuple[Cue, ...]) -> tuple[Cue, int] | None:
    """The first split cue of another kind found inside ``key`` (not at its start), and where."""
    for cue in split_cues:
        if cue.kind == kind:
            continue
        found = cue.find(key)
        if found is not None and found.start() > 0:
            return cue, found.start()
    return None


def _split(labels: Labels, mark: Mark, cue: Cue, key_position: int) -> list[Mark]:
    cut = raw_offset(labels.doc.lines[mark.line], key_position)
    return [Mark(mark.kind, mark.rule, mark.start, cut, mark.line), Mark(cue.kind, cue.id, cut, mark.end, mark.line)]
