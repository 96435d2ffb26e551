"""What the find phase has decided about a document's lines: first and final marks.

Cleaners write :class:`Mark` objects here; nothing rewrites the text. A line carries at most
one whole-line mark (the first cleaner to claim it wins, so pipeline order is priority);
marks inside a story line (glued boilerplate) are kept apart as *partial* marks.

As jusText keeps a paragraph's initial and revised class, the marks each line had once every
cleaner proposed (each line judged on its own) are kept as ``first``, beside the ``marks``
that the neighbour rules leave (the final ones): ``changed(i)`` tells which lines a
neighbour rule relabelled, and the final mark's rule names the rule that did it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress, filterfalse, repeat
from operator import not_

from arclean.find.document import Document, Line, group_by_key


@dataclass(slots=True)
class Mark:
    """A span of the original text that a cleaner removes."""

    kind: str
    rule: str
    start: int
    end: int
    line: int
    header: bool = False  #: the line introduces a block (read-also, related, tag headers)


@dataclass(slots=True)
class Labels:
    """Marks for one document, with the helpers cleaners use to look at neighbours."""

    doc: Document
    marks: list[Mark | None] = field(default_factory=list)
    partial: list[Mark] = field(default_factory=list)
    _bounds: tuple[int, int] | bool | None = False  #: story_bounds() cache; False = stale
    #: candidate line indices per gate phase, in order, filled once per document by the finder
    candidates: dict[str, list[int]] = field(default_factory=dict)
    #: each line's mark once every cleaner has proposed (None until ``keep_first``)
    first: list[Mark | None] | None = None
    _groups: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    #: per gate phase, per cue cleaner (its ``id()``): the candidate lines, by key, on which its
    #: whole-line cues found something, with what they found; filled by a pipeline's finder,
    #: which decides each distinct key once for all its cleaners (``CueCleaner.decide_key``)
    decided: dict[str, dict[int, list[tuple[list[int], tuple]]]] = field(default_factory=dict)
    #: per gate phase of glued cues, per candidate key: the cue cleaners (by ``id()``) one of
    #: whose cues of that phase may match it, with those cues in order; filled by a pipeline's
    #: finder where the kernel runs (``native_gate.CueSets``): a cleaner left out finds nothing there
    cues_on: dict[str, dict[str, dict[int, tuple]]] = field(default_factory=dict)
    #: the kinds that may be written (a pipeline's cleaners' kinds); None = any. A rule of one
    #: cleaner that writes another kind (the title rule's credit lines, the gap fill) is
    #: refused when that kind's cleaner is not in the pipeline, so an id removes exactly its kind.
    kinds: frozenset[str] | None = None
    _open: dict[int, list[int]] = field(default_factory=dict)  #: unmarked() cache; cleared on change
    _open_keys: dict[int, dict[str, int]] = field(default_factory=dict)  #: unmarked_keys() cache, the same
    _marked: list[int] | None = None  #: marked() cache; cleared on change
    #: what the find passes work out from the marks as they are (under each pass's own name),
    #: for the cleaners that ask after the first; cleared on change
    memo: dict[object, object] = field(default_factory=dict)
    #: how many times a mark was taken back (``unmark``): while it stays, the unmarked lines only
    #: ever become fewer, so what was decided for them once need not be looked at again
    given_back: int = 0

    def __post_init__(self) -> None:
        if not self.marks:
            self.marks = [None] * len(self.doc.lines)

    def _changed(self) -> None:
        self._bounds = False
        self._marked = None
        if self.memo:
            self.memo.clear()
        if self._open:
            self._open.clear()
            self._open_keys.clear()

    # -- writing ---------------------------------------------------------------------
    def mark_line(self, line: Line, kind: str, rule: str, *, header: bool = False) -> bool:
        """Mark a whole line unless another cleaner already did; True if it was marked."""
        if line.blank or self.marks[line.index] is not None or not self.writes(kind):
            return False
        self.marks[line.index] = Mark(kind, rule, line.start, line.end, line.index, header)
        self._changed()
        return True

    def mark_index(self, index: int, kind: str, rule: str, *, header: bool = False) -> bool:
        """:meth:`mark_line` for the line at ``index``, without building its ``Line``."""
        if not self.doc.keys[index] or self.marks[index] is not None or not self.writes(kind):
            return False
        start, end = self.doc.span(index)
        self.marks[index] = Mark(kind, rule, start, end, index, header)
        self._changed()
        return True

    def mark_indices(self, indices: Iterable[int], kind: str, rule: str, *, header: bool = False) -> None:
        """:meth:`mark_index` for many lines of one kind and rule (a page of repeated lines)."""
        if not self.writes(kind):
            return
        keys, marks = self.doc.keys, self.marks
        if not isinstance(indices, list):
            indices = list(indices)
        # the non-blank unmarked ones, and their marks, by C-level maps (a page of 40,000 menu lines)
        todo = list(filterfalse(marks.__getitem__, compress(indices, map(keys.__getitem__, indices))))
        if not todo:
            return
        if len(set(todo)) < len(todo):
            todo = list(dict.fromkeys(todo))  # (an index given twice is marked once)
        starts, ends = self.doc.spans(todo)
        deque(map(marks.__setitem__, todo, map(Mark, repeat(kind), repeat(rule), starts, ends, todo, repeat(header))), maxlen=0)
        self._changed()

    def remark(self, line: Line, kind: str, rule: str) -> None:
        """Mark a line even if it was marked before (block rules absorbing their contents)."""
        if not line.blank and self.writes(kind):
            self.marks[line.index] = Mark(kind, rule, line.start, line.end, line.index)
            self._changed()

    def unmark(self, line: Line) -> None:
        """Give a line back to the story (a rule that proposed it was overruled with neighbours)."""
        if self.marks[line.index] is not None:
            self.marks[line.index] = None
            self.given_back += 1
            self._changed()

    def mark_partial(self, line: Line, start: int, end: int, kind: str, rule: str) -> bool:
        """Mark part of a line (glued boilerplate); True if the mark was kept."""
        if start < end and self.writes(kind):
            self.partial.append(Mark(kind, rule, start, end, line.index))
            return True
        return False

    def candidate_groups(self, phase: str) -> dict[str, list[int]]:
        """The candidate indices of ``phase`` grouped by key (built once per document)."""
        groups = self._groups.get(phase)
        if groups is None:
            groups = self._groups[phase] = group_by_key(self.doc.keys, self.candidates[phase])
        return groups

    def keep_first(self) -> None:
        """Keep the marks as they are now as the first labels (called after the propose pass)."""
        self.first = list(self.marks)

    def writes(self, kind: str) -> bool:
        """Whether marks of ``kind`` are kept (its cleaner is in the pipeline)."""
        return self.kinds is None or kind in self.kinds

    # -- reading ---------------------------------------------------------------------
    def first_mark(self, index: int) -> Mark | None:
        """The line's mark after the propose pass (the final one if there was no such pass)."""
        return self.marks[index] if self.first is None else self.first[index]

    def changed(self, index: int) -> bool:
        """A neighbour rule relabelled the line (story to boilerplate, or one kind or rule to another)."""
        first, final = self.first_mark(index), self.marks[index]
        if first is None or final is None:
            return first is not final
        return (first.kind, first.rule) != (final.kind, final.rule)

    def is_marked(self, index: int) -> bool:
        return self.marks[index] is not None

    def story_lines(self) -> list[Line]:
        """Unmarked lines that look like story prose: paragraph-like, or a short full sentence
        ("وكان الحادث قد وقع فجر اليوم.") — a story may close with one."""
        marks, lines = self.marks, self.doc.lines
        # Five words take at least nine characters: shorter lines are never prose (nor built).
        return [
            line
            for line in (lines[index] for index in self.doc.long_lines(9) if marks[index] is None)
            if line.paragraph_like or (line.ends_sentence and line.words >= 5)
        ]

    def story_bounds(self) -> tuple[int, int] | None:
        """Indices of the first and last unmarked prose lines, or None if there are none."""
        if self._bounds is False:
            story = self.story_lines()
            self._bounds = (story[0].index, story[-1].index) if story else None
        return self._bounds  # type: ignore[return-value]

    def next_nonblank(self, index: int) -> Line | None:
        keys = self.doc.keys
        for position in range(index + 1, len(keys)):
            if keys[position]:
                return self.doc.lines[position]
        return None

    def previous_nonblank(self, index: int) -> Line | None:
        keys = self.doc.keys
        for position in range(index - 1, -1, -1):
            if keys[position]:
                return self.doc.lines[position]
        return None

    def unmarked(self, start: int = 0) -> list[int]:
        """Indices of the non-blank lines from ``start`` on that carry no whole-line mark, in
        order: two C-level filters, not a Python test per line, and kept until a mark changes
        (the callers must not change the list)."""
        found = self._open.get(start)
        if found is None:
            keys = self.doc.keys
            nonblank = list(compress(range(start, len(keys)), keys[start:]))
            found = self._open[start] = list(compress(nonblank, map(not_, map(self.marks.__getitem__, nonblank))))
        return found

    def unmarked_keys(self, start: int = 0) -> dict[str, int]:
        """The distinct keys of :meth:`unmarked` lines, each with its first line's index, in
        order: what depends on the key alone is decided once per key (kept as that list is)."""
        found = self._open_keys.get(start)
        if found is None:
            indices = self.unmarked(start)[::-1]  # built from the end: the first line's index stays
            found = self._open_keys[start] = dict(zip(map(self.doc.keys.__getitem__, indices), indices, strict=True))
        return found

    def marked(self) -> list[int]:
        """Indices of the lines that carry a whole-line mark, in order (kept until a mark
        changes; the callers must not change the list)."""
        if self._marked is None:
            self._marked = list(compress(range(len(self.marks)), self.marks))  # a Mark is always true
        return self._marked
