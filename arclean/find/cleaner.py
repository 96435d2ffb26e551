"""The cleaner protocol, and the cleaner driven by cue phrases alone.

A cleaner has an ``id`` (what configs and ``Pipeline.without`` name), a ``kind`` and up to
three passes. The find phase runs each pass for every cleaner, in pipeline order, before the
next pass starts (``arclean.find.finder``):

1. ``propose``: label each line on its own (cue phrases, shape). Pipeline order is claim
   priority: the first cleaner to mark a line wins.
2. ``revise``: decide with the neighbours, now that every cleaner has proposed (a header
   takes the list under it; the short lines at the top are the headline).
3. ``cut_inline``: cut boilerplate glued to the start or end of a story line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import regex

from arclean.find.cues import Cue, cues, load_cues
from arclean.find.data import DataError
from arclean.find.document import Line, raw_offset
from arclean.find.gate import Gate, compile_fast, gate, gate_indices, group_by_key
from arclean.find.labels import Labels
from arclean.find.shapes import long_sentence


class Cleaner:
    """Base class: an id (used in configs and ``Pipeline.without``), a kind, three passes."""

    id: str = ""
    kind: str = ""

    def propose(self, labels: Labels) -> None:
        """Label lines on their own."""

    def revise(self, labels: Labels) -> None:
        """Revise labels using neighbours."""

    def cut_inline(self, labels: Labels) -> None:
        """Cut boilerplate glued inside story lines."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id!r})"


#: What the glued cues find on one key: the matching tail cues in order, and the head cue's cut.
InlineFinds = tuple[list[tuple[Cue, "regex.Match[str]"]], "tuple[Cue, regex.Match[str]] | None"]

#: Above this many shared candidates of a phase, each cleaner runs its own gate instead.
SHARED_GATE_LIMIT = 256


class CueCleaner(Cleaner):
    """Marks lines whose key matches one of the kind's cue phrases.

    The cues are the kind's entries of the built-in ``cues.toml``, or those of a cue file of
    one's own (``cue_file``, same format; every entry must be of ``kind``), or given compiled
    (``cues``). ``id`` defaults to the kind.

    Inside a pipeline one gate for all cue cleaners finds the few candidate lines per phase
    (``arclean.find.gate``); the cues are then tried one by one on those lines only to learn
    which cue it was. A cue cleaner used on its own runs its own gate.
    """

    def __init__(
        self, kind: str, *, cue_file: str | Path | None = None, cues: Iterable[Cue] | None = None, id: str | None = None
    ) -> None:
        self.kind = kind
        self.id = id or kind
        own = _own_cues(kind, cue_file, cues)
        self.line_cues = tuple(c for c in own if c.role in ("line", "header") and c.zone == "any")
        self.edge_cues = tuple(c for c in own if c.role in ("line", "header") and c.zone == "edge")
        self.tail_cues = tuple(c for c in own if c.role == "tail")
        self.head_cues = tuple(c for c in own if c.role == "head")
        self.split_cues = tuple(c for c in own if c.role == "split")
        self._gates = {phase: gate(self.cues_for(phase)) for phase in ("line", "edge", "inline")}
        self._gate_words = max((c.max_words for c in self.line_cues + self.edge_cues), default=0)
        # On a candidate line, one or two calls tell whether any of this cleaner's line cues can
        # match (anchored cues as one alternation for .match, searched ones for .search).
        anchored = [c.pattern.pattern for c in self.line_cues if not c.search]
        searched = [c.pattern.pattern for c in self.line_cues if c.search]
        self._any_anchored = compile_fast("|".join(f"(?:{p})" for p in anchored)) if anchored else None
        self._any_searched = compile_fast("|".join(f"(?:{p})" for p in searched)) if searched else None

    def cues_for(self, phase: str) -> tuple[Cue, ...]:
        """The cues one gate phase looks for: whole-line, edge-only, or glued (tail and head)."""
        if phase == "line":
            return self.line_cues
        if phase == "edge":
            return self.edge_cues
        if phase == "inline":
            return self.tail_cues + self.head_cues
        raise ValueError(f"unknown gate phase {phase!r}")

    @staticmethod
    def _applies(cue: Cue, line: Line) -> bool:
        if line.words > cue.max_words:
            return False
        return cue.sentence or not long_sentence(line)

    def _first_cue(self, line: Line, candidates: tuple[Cue, ...]) -> Cue | None:
        """The first of ``candidates`` that applies to ``line`` and matches it (its key, or the
        key without a leading bullet)."""
        bulleted = line.cue_key is not line.key and bool(line.cue_key)
        for cue in candidates:
            if self._applies(cue, line) and (cue.find(line.key) or (bulleted and cue.find(line.cue_key))):
                return cue
        return None

    def _mark_first(self, labels: Labels, line: Line, candidates: tuple[Cue, ...]) -> None:
        cue = self._first_cue(line, candidates)
        if cue is not None:
            labels.mark_line(line, cue.kind, cue.id, header=cue.role == "header")

    def mark_if_cue(self, labels: Labels, line: Line) -> None:
        """Mark ``line`` if one of this cleaner's whole-line cues matches it (no gate, no zone)."""
        self._mark_first(labels, line, self.line_cues + self.edge_cues)

    def _candidates(self, labels: Labels, phase: str, limit_words: bool = True) -> list[Line]:
        """Unmarked lines that the gate (a regex pass plus literal pre-checks) lets through."""
        lines = labels.doc.lines
        limit = self._gate_words if limit_words else 1 << 30
        return [line for line in map(lines.__getitem__, self._candidate_indices(labels, phase)) if line.words <= limit]

    def _candidate_indices(self, labels: Labels, phase: str) -> list[int]:
        """Indices of the unmarked lines that the gate (a regex pass plus literal pre-checks)
        lets through.

        Inside a pipeline, one gate for all its cleaners has already run (``labels.candidates``);
        a cleaner used on its own runs its own gate.
        """
        own: Gate | None = self._gates[phase]
        if own is None:
            return []
        indices = labels.candidates.get(phase)
        if indices is None or len(indices) > SHARED_GATE_LIMIT:
            # Many candidates (a document of bullet or star lines): this cleaner's own gate, one
            # more regex pass, is cheaper than looking at every other cleaner's candidates.
            indices = gate_indices(labels.doc, own)
        marks = labels.marks
        return [index for index in indices if marks[index] is None]

    def _decide(self, labels: Labels, phase: str, cue_for: Callable[[Line], Cue | None]) -> Iterator[tuple[int, Cue]]:
        """Each unmarked candidate line of ``phase`` with the cue ``cue_for`` finds on it.

        What a whole-line cue decides depends on the key alone, so it is decided once per
        distinct key of the candidates (``Labels.candidate_groups``), and only for the keys this
        cleaner's own gate lets through: a page repeating one line thousands of times costs each
        cleaner one decision, and a look-up per line only for the lines it marks.
        """
        own: Gate | None = self._gates[phase]
        if own is None:
            return
        doc, marks = labels.doc, labels.marks
        if phase in labels.candidates:
            groups = labels.candidate_groups(phase)
        else:  # a cleaner used on its own: its own gate
            groups = group_by_key(doc.keys, gate_indices(doc, own))
        anchored, literals = own
        for key, indices in groups.items():
            if not ((anchored is not None and anchored.match("\n" + key)) or (literals is not None and literals.search(key))):
                continue
            line = doc.lines[indices[0]]
            cue = cue_for(line) if line.words <= self._gate_words else None
            if cue is not None:
                for index in indices:
                    if marks[index] is None:
                        yield index, cue

    def _propose_cue(self, line: Line) -> Cue | None:
        anchored, searched = self._any_anchored, self._any_searched
        if (anchored is not None and (anchored.match(line.key) or anchored.match(line.cue_key))) or (
            searched is not None and searched.search(line.key)
        ):
            return self._first_cue(line, self.line_cues)
        return None

    def _edge_cue(self, line: Line) -> Cue | None:
        return self._first_cue(line, self.edge_cues)

    def propose(self, labels: Labels) -> None:
        for index, cue in self._decide(labels, "line", self._propose_cue):
            labels.mark_index(index, cue.kind, cue.id, header=cue.role == "header")

    def revise(self, labels: Labels) -> None:
        found = list(self._decide(labels, "edge", self._edge_cue))
        if not found:
            return
        bounds = labels.story_bounds()
        for index, cue in found:
            # The last story line itself counts as the edge: a long credit line may close the text.
            if bounds is None or index < bounds[0] or index >= bounds[1]:
                labels.mark_index(index, cue.kind, cue.id, header=cue.role == "header")

    def cut_inline(self, labels: Labels) -> None:
        # What the cues find on a line depends on its key alone: found once per distinct key.
        found_on = self._inline_finds(labels)
        if not found_on:
            return
        bounds = labels.story_bounds()
        doc, marks = labels.doc, labels.marks
        for index in sorted(index for _, indices in found_on.values() for index in indices):
            if marks[index] is not None:
                continue
            line = doc.lines[index]
            tails, head = found_on[line.key][0]
            for cue, found in tails:
                if cue.zone == "edge" and bounds is not None and index < bounds[1]:
                    continue
                if found.start() == 0:
                    labels.mark_line(line, cue.kind, cue.id)
                else:
                    labels.mark_partial(line, raw_offset(line, found.start()), line.end, cue.kind, cue.id)
                break
            if head is not None:
                cue, found = head
                labels.mark_partial(line, line.start, raw_offset(line, found.end()), cue.kind, cue.id)

    def _inline_finds(self, labels: Labels) -> dict[str, tuple[InlineFinds, list[int]]]:
        """Per distinct key of the unmarked inline candidates: the tail cues that match it, in
        order (with their matches; the zone is checked per line), the head cue that cuts it,
        and the candidate lines holding that key. Keys on which nothing is found are left out."""
        own: Gate | None = self._gates["inline"]
        if own is None:
            return {}
        doc, marks = labels.doc, labels.marks
        if "inline" in labels.candidates:
            groups = labels.candidate_groups("inline")
        else:  # a cleaner used on its own: its own gate
            groups = group_by_key(doc.keys, gate_indices(doc, own))
        anchored, literals = own
        found_on: dict[str, tuple[InlineFinds, list[int]]] = {}
        for key, indices in groups.items():
            if not ((anchored is not None and anchored.match("\n" + key)) or (literals is not None and literals.search(key))):
                continue
            unmarked = [index for index in indices if marks[index] is None]
            if not unmarked:
                continue
            # A candidate got here by some cue's literal; try only the cues whose literal it holds.
            lowered = key.lower()
            tails = []
            for cue in self.tail_cues:
                if cue.needs and not any(needle in lowered for needle in cue.needs):
                    continue
                found = cue.find(key)
                if found is not None:
                    tails.append((cue, found))
            head = None
            for cue in self.head_cues:
                if cue.needs and not any(needle in lowered for needle in cue.needs):
                    continue
                found = cue.find(key)
                if found is not None and len(key[found.end() :].split()) >= 5:
                    head = (cue, found)
                    break
            if tails or head is not None:
                found_on[key] = ((tails, head), unmarked)
        return found_on


def _own_cues(kind: str, cue_file: str | Path | None, given: Iterable[Cue] | None) -> tuple[Cue, ...]:
    if cue_file is not None and given is not None:
        raise ValueError("give a cue cleaner either cue_file or cues, not both")
    if cue_file is None and given is None:
        return tuple(cue for cue in cues() if cue.kind == kind)
    own = load_cues(cue_file) if cue_file is not None else tuple(given or ())
    strangers = [cue.id for cue in own if cue.kind != kind]
    if strangers:
        where = str(cue_file) if cue_file is not None else "cues"
        raise DataError(f"{where}: a {kind!r} cue cleaner takes only {kind!r} cues; other kinds: {', '.join(strangers)}")
    return own
