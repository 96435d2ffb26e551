"""From labels to removals: every marked span once, in input order, split where two kinds meet;
and the records of a result (removals, the kept segments between them, the kept text)."""

from __future__ import annotations

from collections.abc import Iterator
from operator import attrgetter
from typing import Any

from arclean.find.cues import Cue
from arclean.find.document import raw_offset
from arclean.find.labels import Labels, Mark
from arclean.models import Removal, Segment

_START, _LINE, _KIND = attrgetter("start"), attrgetter("line"), attrgetter("kind")


def removals(labels: Labels, split_cues: tuple[Cue, ...] = ()) -> list[Removal]:
    """The removed spans of ``labels``: whole lines and partial cuts, sorted, none overlapping.

    A partial cut inside a line that is removed whole is dropped (the line covers it); a
    removed line with a second label glued inside it becomes two spans (``split_cues``).
    """
    marks = removal_marks(labels, split_cues)
    if _NATIVE_RECORDS is not None:
        return _NATIVE_RECORDS.removals(labels.doc.text, marks)
    return Removal._trusted_all(_rows(labels.doc.text, marks))


def removal_marks(labels: Labels, split_cues: tuple[Cue, ...] = ()) -> list[Mark]:
    """The marks that :func:`removals` makes records of, sorted by start: whole-line marks
    (split where ``split_cues`` find a second label) and partial cuts, a cut inside a line
    removed whole still among them (:func:`records` leaves it out)."""
    marks: list[Mark] = list(filter(None, labels.marks))  # (a Mark is always true)
    if split_cues and marks:
        # Where a second label starts depends on the line's key and kind alone: found once per
        # distinct pair (C-level passes over the marks), and the line is built only where one is
        # found. Most pages split none: their marks are kept as they are, with no loop.
        keys = labels.doc.keys
        pairs = dict.fromkeys(zip(map(keys.__getitem__, map(_LINE, marks)), map(_KIND, marks), strict=True))
        splits = {pair: found for pair in pairs if (found := _split_at(*pair, split_cues)) is not None}
        if splits:
            parts: list[Mark] = []
            for mark in marks:
                split = splits.get((keys[mark.line], mark.kind))
                if split is None:
                    parts.append(mark)
                else:
                    parts.extend(_split(labels, mark, *split))
            marks = parts
    if labels.partial:  # whole-line marks (and a line's split parts) are in input order already
        marks = [*labels.partial, *marks]
        marks.sort(key=_START)
    return marks


def records(text: str, marks: list[Mark]) -> tuple[list[Removal], list[Segment], str]:
    """The removals of ``marks`` (:func:`removal_marks`), the kept segments of ``text`` between
    them and the kept text, in one call of the compiled kernel where it is installed
    (``Records``); :func:`records_python` is its reference."""
    if _NATIVE_RECORDS is not None:
        return _NATIVE_RECORDS.build(text, marks)
    return records_python(text, marks)


def records_python(text: str, marks: list[Mark]) -> tuple[list[Removal], list[Segment], str]:
    """:func:`records` in pure Python."""
    removed = Removal._trusted_all(_rows(text, marks))
    kept = Segment._trusted_all(_kept_rows(text, removed))
    return removed, kept, "".join([segment.text for segment in kept])


def _rows(text: str, spans: list[Mark]) -> Iterator[dict[str, object]]:
    """Each removal's fields, a partial cut inside a line removed whole left out."""
    end = -1
    for mark in spans:
        if mark.start < end:  # a partial cut inside a removed line
            continue
        start, end = mark.start, mark.end
        yield {"start": start, "end": end, "kind": mark.kind, "rule": mark.rule, "text": text[start:end]}


def _kept_rows(text: str, removed: list[Removal]) -> Iterator[dict[str, object]]:
    """Each kept segment's fields: the spans of ``text`` between the removals, in order."""
    position = 0
    for removal in removed:
        start = removal.start
        if start > position:
            yield {"start": position, "end": start, "text": text[position:start]}
        position = removal.end
    if position < len(text):
        yield {"start": position, "end": len(text), "text": text[position:]}


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


from arclean.backend import native  # noqa: E402  (built from the models above)
from arclean.backend import records as _records  # noqa: E402

_NATIVE_RECORDS: Any = _records(native) if native is not None else None
