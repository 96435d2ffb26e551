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

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import filterfalse
from pathlib import Path

import regex

from arclean.find.concepts import (
    KEY_MEMOS,
    Concept,
    ConceptTable,
    cut_glued_concepts,
    glued_after_sentence,
    kind_concepts,
    mark_concepts,
)
from arclean.find.concepts import (
    concepts as built_in_concepts,
)
from arclean.find.cues import Cue, cues, load_cues
from arclean.find.data import DataError
from arclean.find.document import Line, _without_bullet, glued_start, raw_offset, with_keys
from arclean.find.gate import AnySearched, Gate, any_searched, compile_fast, gate, gate_indices, group_by_key
from arclean.find.head_glued import cut_head_glued, head_concepts
from arclean.find.labels import Labels
from arclean.find.shapes import SENTENCE_PERIOD, long_sentence


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
#: A whole-line cue found on a key, and where in the key a rights line glued after a story
#: sentence starts (None: the whole line).
Found = tuple[Cue, "int | None"]

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

    The built-in cleaner of a kind also tries the kind's concepts (``concepts.toml``, see
    :mod:`arclean.find.concepts`) once every cue has claimed its lines: in ``revise`` on whole
    lines, in ``cut_inline`` on what is glued after the story's last sentence. A cleaner given
    cues of its own (``cue_file``, ``cues``) has no concepts unless ``concepts`` says so.
    """

    def __init__(
        self,
        kind: str,
        *,
        cue_file: str | Path | None = None,
        cues: Iterable[Cue] | None = None,
        id: str | None = None,
        concepts: bool | None = None,
    ) -> None:
        self.kind = kind
        self.id = id or kind
        own = _own_cues(kind, cue_file, cues)
        built_in = cue_file is None and cues is None
        #: its cues are the kind's built-in ones (those that ``_some_glued_kind_takes`` reads)
        self._built_in_cues = built_in
        #: the kind's concepts: new phrasings, tried once every cue has claimed its lines
        self.concepts: ConceptTable = kind_concepts(kind if (built_in if concepts is None else concepts) else "")
        #: those of them that may take a head glued before a story sentence
        self.head_concepts = head_concepts(self.concepts)
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
        self._any_anchored = compile_fast("|".join(f"(?:{p})" for p in anchored)) if anchored else None
        self._any_searched = any_searched(tuple(c for c in self.line_cues if c.search))
        # the same over the edge cues too, for glued tails; and whether any of them takes a sentence
        whole = self.line_cues + self.edge_cues
        anchored = [c.pattern.pattern for c in whole if not c.search]
        self._whole_line_any = (
            compile_fast("|".join(f"(?:{p})" for p in anchored)) if anchored else None,
            any_searched(tuple(c for c in whole if c.search)),
        )
        self._sentence_cues = any(c.sentence for c in whole)

    def cues_for(self, phase: str) -> tuple[Cue, ...]:
        """The cues one gate phase looks for: whole-line, edge-only, or glued (tail and head)."""
        if phase == "line":
            return self.line_cues
        if phase == "edge":
            return self.edge_cues
        if phase == "inline":
            return self.tail_cues + self.head_cues
        raise ValueError(f"unknown gate phase {phase!r}")

    #: kinds whose whole-line cues are also tried on a last sentence glued to the story's end
    #: ("…المقبلة.تابعونا على فيسبوك"): footer lines that scrapes glue to a paragraph
    GLUED_KINDS = frozenset(
        {"social", "copyright", "disclaimer", "tags", "source", "read_also", "other", "ad", "comments", "nav"}
    )
    #: a glued footer line is short; the paragraph before it is not
    GLUED_MAX_WORDS = 20
    GLUED_MIN_STORY_WORDS = 6

    @staticmethod
    def _applies(cue: Cue, line: Line) -> bool:
        # a leading bullet or emoji is not a word of the label it decorates
        words = line.words - (len(line.key.split()) - len(line.cue_key.split()) if line.cue_key is not line.key else 0)
        if words > cue.max_words:
            return False
        return cue.sentence or not long_sentence(line)

    def _first_cue(self, line: Line, candidates: tuple[Cue, ...]) -> Found | None:
        """The first of ``candidates`` that applies to ``line`` and matches it (its key, or the
        key without a leading bullet), and where a glued rights line starts (None: the line)."""
        bulleted = line.cue_key is not line.key and bool(line.cue_key)
        lowered: str | None = None
        for cue in candidates:
            if cue.needs:  # one of its literals occurs in every match: a line without any is skipped unsearched
                if lowered is None:
                    lowered = line.key.lower()
                if not any(need in lowered for need in cue.needs):
                    continue
            if self._applies(cue, line) and (cue.find(line.key) or (bulleted and cue.find(line.cue_key))):
                # A searched cue may have found a rights line glued after a story sentence.
                glued = glued_after_sentence(line.key, cue.found_in) if cue.search else None
                if glued == 0:
                    continue
                return cue, glued
        return None

    def _mark_first(self, labels: Labels, line: Line, candidates: tuple[Cue, ...]) -> None:
        found = self._first_cue(line, candidates)
        if found is not None:
            _mark_found(labels, line.index, found)

    def mark_if_cue(self, labels: Labels, line: Line, *, cues: bool = True, may_match: frozenset[int] | None = None) -> None:
        """Mark ``line`` if one of this cleaner's whole-line cues or concepts matches it (no gate,
        no zone). What the kernel's gates tell, where they ran: ``cues`` False, none of the cues
        can match; ``may_match``, the places in ``concepts()`` of the only built-in concepts
        that can (the others are not tried)."""
        if cues:
            self._mark_first(labels, line, self.line_cues + self.edge_cues)
        if labels.marks[line.index] is None:
            table = self.concepts
            tried: Iterable[Concept] = table
            if may_match is not None and table.positions is not None:
                everything = built_in_concepts()
                tried = [everything[place] for place in sorted(may_match & table.positions)]
            concept = next((c for c in tried if c.matches(line.key)), None)
            if concept is not None:
                labels.mark_line(line, concept.kind, concept.id)

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

    def _decide(self, labels: Labels, phase: str, cue_for: Callable[[Line], Found | None]) -> Iterator[tuple[int, Found]]:
        """Each unmarked candidate line of ``phase`` with the cue ``cue_for`` finds on it.

        What a whole-line cue decides depends on the key alone, so it is decided once per
        distinct key of the candidates (``Labels.candidate_groups``), and only for the keys this
        cleaner's own gate lets through: a page repeating one line thousands of times costs each
        cleaner one decision, and a look-up per line only for the lines it marks.
        """
        for indices, found in self._decided_groups(labels, phase, cue_for):
            for index in indices:
                yield index, found

    def _decided_groups(
        self, labels: Labels, phase: str, cue_for: Callable[[Line], Found | None]
    ) -> list[tuple[list[int], Found]]:
        """``_decide`` by key: the unmarked candidate lines of each key on which ``cue_for``
        finds a cue, with it, in key order."""
        own: Gate | None = self._gates[phase]
        if own is None:
            return []
        doc, marks = labels.doc, labels.marks
        shared = labels.decided.get(phase)
        if shared is not None:  # a pipeline's finder has decided every candidate key for all its cleaners
            groups: Iterable[tuple[list[int], Found]] = shared.get(id(self), ())
        else:
            if phase in labels.candidates:
                keyed = labels.candidate_groups(phase)
            else:  # a cleaner used on its own: its own gate
                keyed = group_by_key(doc.keys, gate_indices(doc, own))
            groups = [
                (indices, found)
                for indices in keyed.values()
                if (found := self.decide_key(phase, doc.lines[indices[0]], cue_for)) is not None
            ]
        # (a Mark is always true: the lines whose mark is None, by a C-level filter)
        return [(open_lines, found) for indices, found in groups if (open_lines := list(filterfalse(marks.__getitem__, indices)))]

    def decide_key(
        self,
        phase: str,
        line: Line,
        cue_for: Callable[[Line], Found | None] | None = None,
        *,
        cues: tuple[Cue, ...] | None = None,
    ) -> Found | None:
        """The whole-line cue of ``phase`` (``"line"`` or ``"edge"``) that this cleaner finds on a
        candidate line, or None: its own gate first, then its cues (``cue_for``, by default the
        phase's own). A pure function of the line's key, so that a pipeline decides each
        distinct key once for all its cleaners (``Finder``). ``cues``: the only ones of the
        phase's cues that may match the key, in order (the kernel's cue sets told): the others
        are not tried."""
        own: Gate | None = self._gates[phase]
        if own is None:
            return None
        anchored, literals = own
        key = line.key
        if not ((anchored is not None and anchored.match("\n" + key)) or (literals is not None and literals.search(key))):
            return None
        if line.words > self._gate_words:
            return None
        if cue_for is not None:
            return cue_for(line)
        if phase == "line":
            return self._propose_cue(line, cues)
        return self._first_cue(line, self.edge_cues if cues is None else cues)

    def _nothing_for(self, labels: Labels, phase: str) -> bool:
        """Whether ``phase`` has nothing for this cleaner: it has no cues of that phase, or the
        pipeline's gate let no line through (a short text: no pass to run at all)."""
        return self._gates[phase] is None or labels.candidates.get(phase) == []

    def _propose_cue(self, line: Line, cues: tuple[Cue, ...] | None = None) -> Found | None:
        """The first line cue that finds something on ``line`` (of ``cues`` only, if given: the
        only ones that may match), after one look at whether any of them can."""
        anchored, searched = self._any_anchored, self._any_searched
        if (anchored is not None and (anchored.match(line.key) or anchored.match(line.cue_key))) or (
            searched is not None and searched.search(line.key)
        ):
            return self._first_cue(line, self.line_cues if cues is None else cues)
        return None

    def _edge_cue(self, line: Line) -> Found | None:
        return self._first_cue(line, self.edge_cues)

    def propose(self, labels: Labels) -> None:
        if not self._nothing_for(labels, "line"):
            groups = self._decided_groups(labels, "line", self._propose_cue)
            if groups:
                _mark_groups(labels, groups)

    def revise(self, labels: Labels) -> None:
        found = [] if self._nothing_for(labels, "edge") else list(self._decide(labels, "edge", self._edge_cue))
        if found:
            bounds = labels.story_bounds()
            # The last story line itself counts as the edge: a long credit line may close the text.
            _mark_all(labels, (f for f in found if bounds is None or f[0] < bounds[0] or f[0] >= bounds[1]))
        mark_concepts(labels, self.concepts)

    def cut_inline(self, labels: Labels) -> None:
        # (each step only where this cleaner has what it reads: glued cues, whole-line cues of a
        # glued kind, concepts that open a glued part or are a glued shape, head concepts)
        if self._gates["inline"] is not None:
            self._cut_glued_cues(labels)
        if self.kind in self.GLUED_KINDS and (self.line_cues or self.edge_cues):
            self._cut_glued_lines(labels)
        if self.concepts.opening is not None or self.concepts.glued_shapes:
            cut_glued_concepts(labels, self.concepts)
        if self.head_concepts:
            cut_head_glued(labels, self.head_concepts)

    def _cut_glued_lines(self, labels: Labels) -> None:
        """The story's last line and the kept lines under it: a last sentence that one of the
        kind's whole-line cues takes as a line of its own is a footer line glued to the story."""
        if self.kind not in self.GLUED_KINDS:
            return
        bounds = labels.story_bounds()
        if bounds is None:
            return
        tailed = _tailed_keys(labels, bounds[1], self.GLUED_MAX_WORDS, self.GLUED_MIN_STORY_WORDS)
        if not tailed:
            return
        # where each distinct key's glued line starts (keys where none does left out)
        tried = {key: self._glued_start(tails) for key, tails in tailed.items()}
        glued_at = {key: start for key, start in tried.items() if start is not None}
        if not glued_at:
            return
        cut = {mark.line for mark in labels.partial}
        doc, keys = labels.doc, labels.doc.keys
        open_lines = list(filterfalse(cut.__contains__, labels.unmarked(bounds[1])))
        for index in with_keys(keys, open_lines, glued_at):
            start = glued_at[keys[index]]
            if start is not None:
                line = doc.lines[index]
                labels.mark_partial(line, glued_start(line, start), line.end, self.kind, f"{self.kind}.glued_line")

    def _glued_start(self, tails: Tails) -> int | None:
        """Where in a key a footer line glued after the story's last sentence starts, or None,
        from the key's ``glued_tails``."""
        found = next((n for n, (_, tail, words) in enumerate(tails) if self._takes_as_line(tail, words)), None)
        if found is None:
            return None
        # a few words more that it also takes: "س.ف/ج.ب" is one code, not "س." and "ف/ج.ب"
        while found + 1 < len(tails) and tails[found + 1][2] - tails[found][2] <= 3:
            if not self._takes_as_line(*tails[found + 1][1:]):
                break
            found += 1
        return tails[found][0]

    def _takes_as_line(self, key: str, words: int) -> bool:
        ends_sentence = bool(SENTENCE_PERIOD.search(key)) or key[-1] in "!؟?"
        if ends_sentence and not self._sentence_cues:
            return False  # a glued label does not end like a sentence unless its kind may
        if self._built_in_cues and self.kind in CueCleaner.GLUED_KINDS and not _some_glued_kind_takes(key):
            return False  # (no built-in whole-line cue of any glued kind looks at it: asked once for them all)
        anchored, searched = self._whole_line_any
        segment = Line(-1, 0, 0, key, key, words, False, ends_sentence, _without_bullet(key))
        if not (
            (anchored is not None and (anchored.match(key) or anchored.match(segment.cue_key)))
            or (searched is not None and searched.search(key))
        ):
            return False
        for cue in self.line_cues + self.edge_cues:
            if ends_sentence and not cue.sentence:
                continue
            if self._applies(cue, segment) and (cue.find(segment.key) or cue.find(segment.cue_key)):
                return True
        return False

    def _cut_glued_cues(self, labels: Labels) -> None:
        # What the cues find on a line depends on its key alone: found once per distinct key.
        if self._nothing_for(labels, "inline"):
            return
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
                    labels.mark_partial(line, glued_start(line, found.start()), line.end, cue.kind, cue.id)
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
        # where the kernel ran: per key, the only ones of this cleaner's cues that may match it
        told = labels.cues_on.get("inline")
        mine = id(self)
        found_on: dict[str, tuple[InlineFinds, list[int]]] = {}
        for key, indices in groups.items():
            tail_cues, head_cues = self.tail_cues, self.head_cues
            if told is not None:
                cues = told[key].get(mine)
                if cues is None:
                    continue  # (none of its cues can match the key)
                tail_cues = tuple(cue for cue in cues if cue.role == "tail")
                head_cues = tuple(cue for cue in cues if cue.role == "head")
            if not ((anchored is not None and anchored.match("\n" + key)) or (literals is not None and literals.search(key))):
                continue
            unmarked = [index for index in indices if marks[index] is None]
            if not unmarked:
                continue
            # A candidate got here by some cue's literal; try only the cues whose literal it holds.
            lowered = key.lower()
            tails = []
            for cue in tail_cues:
                if cue.needs and not any(needle in lowered for needle in cue.needs):
                    continue
                found = cue.find(key)
                if found is not None:
                    tails.append((cue, found))
            head = None
            for cue in head_cues:
                if cue.needs and not any(needle in lowered for needle in cue.needs):
                    continue
                found = cue.find(key)
                if found is not None and len(key[found.end() :].split()) >= 5:
                    head = (cue, found)
                    break
            if tails or head is not None:
                found_on[key] = ((tails, head), unmarked)
        return found_on


def _mark_all(labels: Labels, found: Iterable[tuple[int, Found]]) -> None:
    """Mark what was found, by line index: whole lines without building them; the few lines cut
    after a story sentence in line order."""
    partial = []
    whole: dict[int, tuple[Cue, list[int]]] = {}  #: by the cue's id(): a dataclass hashes all its fields
    for index, (cue, glued) in found:
        if glued is None:
            whole.setdefault(id(cue), (cue, []))[1].append(index)
        else:
            partial.append((index, (cue, glued)))
    for cue, indices in whole.values():
        labels.mark_indices(indices, cue.kind, cue.id, header=cue.role == "header")
    for index, cut in sorted(partial, key=lambda item: item[0]):
        _mark_found(labels, index, cut)


def _mark_groups(labels: Labels, groups: list[tuple[list[int], Found]]) -> None:
    """``_mark_all`` for what was found by key: each whole-line cue's lines in one call."""
    partial: list[tuple[int, Found]] = []
    whole: dict[int, tuple[Cue, list[int]]] = {}  #: by the cue's id(), as in ``_mark_all``
    for indices, (cue, glued) in groups:
        if glued is None:
            whole.setdefault(id(cue), (cue, []))[1].extend(indices)
        else:
            partial.extend((index, (cue, glued)) for index in indices)
    for cue, indices in whole.values():
        labels.mark_indices(indices, cue.kind, cue.id, header=cue.role == "header")
    for index, cut in sorted(partial, key=lambda item: item[0]):
        _mark_found(labels, index, cut)


def _mark_found(labels: Labels, index: int, found: Found) -> None:
    cue, glued = found
    if glued is None:
        labels.mark_index(index, cue.kind, cue.id, header=cue.role == "header")
    else:
        line = labels.doc.lines[index]
        labels.mark_partial(line, raw_offset(line, glued), line.end, cue.kind, cue.id)


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


#: the end of a sentence inside a line, with its closing quotes: where a glued line may start
#: (after a Latin letter or a digit only with a space: "com.sa" and "3.5" are not sentence ends)
_SENTENCE_BREAK = re.compile(
    r"(?:(?<![A-Za-z0-9])[.!؟?][\"'”»)\]]*(?=\s*[^\s.!؟?\"'”»)\]])|[.!؟?][\"'”»)\]]*(?=\s+[^\s.!؟?\"'”»)\]]))"
)


@functools.cache
def _glued_kinds_any() -> tuple[re.Pattern[str] | regex.Pattern[str] | None, AnySearched | None]:
    """Every built-in whole-line cue of the ``GLUED_KINDS`` as one anchored alternation and one
    ``AnySearched``: what each of their cleaners' ``_whole_line_any`` asks, asked for all at once."""
    whole = tuple(cue for cue in cues() if cue.kind in CueCleaner.GLUED_KINDS and cue.role in ("line", "header"))
    anchored = [cue.pattern.pattern for cue in whole if not cue.search]
    return compile_fast("|".join(f"(?:{p})" for p in anchored)) if anchored else None, any_searched(
        tuple(cue for cue in whole if cue.search)
    )


#: ``_some_glued_kind_takes`` by tail; emptied when it grows past 4096 tails (and by ``clear_key_memos``)
_GLUED_KIND_TAKES: dict[str, bool] = {}
KEY_MEMOS.append(_GLUED_KIND_TAKES)


def _some_glued_kind_takes(key: str) -> bool:
    """Whether a built-in whole-line cue of some glued kind may take ``key`` (a glued tail) as a
    line: the union of their cleaners' pre-checks, so that a tail none of them takes is looked
    at once, not once per cleaner (a pure function of the tail)."""
    found = _GLUED_KIND_TAKES.get(key)
    if found is None:
        anchored, searched = _glued_kinds_any()
        found = bool(
            (anchored is not None and (anchored.match(key) or anchored.match(_without_bullet(key))))
            or (searched is not None and searched.search(key))
        )
        if len(_GLUED_KIND_TAKES) >= 4096:
            _GLUED_KIND_TAKES.clear()
        _GLUED_KIND_TAKES[key] = found
    return found


#: A key's last sentences that could be a footer line glued after the story (``glued_tails``).
Tails = tuple[tuple[int, str, int], ...]


def _tailed_keys(labels: Labels, start: int, max_words: int, min_story_words: int) -> dict[str, Tails]:
    """The distinct keys of the unmarked lines from ``start`` on that have ``glued_tails``, with
    them: what every cue cleaner's glued-line pass reads, worked out once until a mark changes."""
    kept = labels.memo.get(("tailed", start, max_words, min_story_words))
    if kept is not None:
        return kept  # type: ignore[return-value]
    found: dict[str, Tails] = {}
    for key in labels.unmarked_keys(start):
        tails = glued_tails(key, max_words, min_story_words)
        if tails:
            found[key] = tails
    labels.memo["tailed", start, max_words, min_story_words] = found
    return found


@functools.lru_cache(maxsize=4096)
def glued_tails(key: str, max_words: int, min_story_words: int) -> tuple[tuple[int, str, int], ...]:
    """The last sentences of a line's key that could be a footer line glued after the story:
    (offset in the key, the tail, its words), shortest first; every cleaner asks for the same."""
    ends = [found.end() for found in _SENTENCE_BREAK.finditer(key)]
    tails = []
    for start in reversed(ends[-3:]):
        tail = key[start:].strip()
        words = len(tail.split())
        if tail and words <= max_words and len(key[:start].split()) >= min_story_words:
            tails.append((start + len(key[start:]) - len(key[start:].lstrip()), tail, words))
    return tuple(tails)
