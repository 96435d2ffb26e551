"""The find phase of one pipeline: its cleaners' passes over a document, in order.

``Finder.label`` runs, for a parsed document: the gates (one pass per phase for all cue
cleaners), every cleaner's ``propose`` (each line on its own; the result is kept as the
*first* labels), every cleaner's ``revise`` (with neighbours), the generic revise rules, every
cleaner's ``revise`` once more if the story's edges have moved since the revise pass began
(the edge-only cues and concepts then read the new edges), every cleaner's ``cut_inline``, and
the remainder check. What it returns is the *final* labels, with the first ones beside them
(``Labels.first``).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable

from arclean.find.cleaner import Cleaner, CueCleaner, Found
from arclean.find.concepts import KEY_MEMOS, may_match
from arclean.find.cues import Cue
from arclean.find.document import BULLET_CLASS, Document, Line
from arclean.find.gate import PHASES, Gate, gate, gate_indices
from arclean.find.labels import Labels
from arclean.find.native_gate import CueSets, PhaseGates
from arclean.find.revise import contact_block, repeated_lines, second_article, tail_gap_fill

#: The gate phases of whole-line cues, decided once per distinct key for every cue cleaner.
_DECIDED_PHASES = ("line", "edge")
#: A finder keeps at most this many keys' decisions per phase (then starts afresh).
DECIDED_LIMIT = 1 << 14
#: How many times the revise pass runs again while the story's edges keep moving.
EDGE_PASSES = 4


class Finder:
    """The cleaners of a pipeline, in priority order, with their gates built once."""

    def __init__(self, cleaners: tuple[Cleaner, ...], *, revise: bool = True, extra_kinds: Iterable[str] = ()) -> None:
        self.cleaners = cleaners
        self.revise = revise
        # A pipeline writes only its cleaners' kinds: without("byline") removes no byline, even
        # where the title rule or the gap fill would have written one. ``extra_kinds``: kinds a
        # ``before_cuts`` step writes (learned site templates write ``template``).
        self.kinds = frozenset(cleaner.kind for cleaner in cleaners) | frozenset(extra_kinds)
        self.cue_cleaners = tuple(c for c in cleaners if isinstance(c, CueCleaner))
        # One gate per phase for all cue cleaners: a document is scanned once per phase, not
        # once per cleaner (see arclean.find.gate).
        phase_cues = {phase: tuple(cue for cleaner in self.cue_cleaners for cue in cleaner.cues_for(phase)) for phase in PHASES}
        self.gates: dict[str, Gate | None] = {phase: gate(cues) for phase, cues in phase_cues.items()}
        # The same gates in the compiled kernel where it is installed: every phase in one call
        # (the Python gates above stay the reference and the fallback; see arclean.find.native_gate).
        self.native_gates = PhaseGates.build(phase_cues, BULLET_CLASS)
        #: which cue cleaners may find a whole-line cue on a key, in the kernel (None: ask them all)
        self.cue_sets = CueSets.build(
            {phase: [cleaner.cues_for(phase) for cleaner in self.cue_cleaners] for phase in (*_DECIDED_PHASES, "inline")},
            BULLET_CLASS,
        )
        #: per phase of whole-line cues, per key: what each cue cleaner's cues found on it (``_decide``)
        self._decided: dict[str, dict[str, tuple[tuple[int, Found], ...]]] = {phase: {} for phase in _DECIDED_PHASES}
        _FINDERS.add(self)
        #: cues that split a removed line in two where a second label is glued inside it
        self.split_cues: tuple[Cue, ...] = tuple(cue for cleaner in self.cue_cleaners for cue in cleaner.split_cues)
        #: the most words of a line that a cue cleaner's whole-line cue takes (``decide_key``)
        self._gate_words = max((cleaner._gate_words for cleaner in self.cue_cleaners), default=0)
        #: the most words of a line that a cue cleaner's whole-line cue or concept takes
        self._most_words = max(
            (
                max(
                    max((cue.max_words for cue in cleaner.line_cues + cleaner.edge_cues), default=0),
                    max((concept.max_words for concept in cleaner.concepts), default=0),
                )
                for cleaner in self.cue_cleaners
            ),
            default=0,
        )

    def label(self, doc: Document, before_cuts: Callable[[Labels], None] | None = None) -> Labels:
        """Every line's first and final mark, and the cuts inside story lines.

        ``before_cuts`` runs once the lines are decided, before the inline cuts (learned site
        templates mark the lines no cleaner claimed there).
        """
        labels = Labels(doc, kinds=self.kinds)
        native = self.native_gates.candidates(doc.key_text) if self.native_gates is not None else None
        if native is not None:
            for phase in self.gates:
                labels.candidates[phase] = native.get(phase, [])
        else:
            for phase, found in self.gates.items():
                labels.candidates[phase] = gate_indices(doc, found) if found else []
        for phase in _DECIDED_PHASES:
            if labels.candidates.get(phase):
                labels.decided[phase] = self._decide(labels, phase)
        if self.cue_sets is not None and labels.candidates.get("inline"):
            self._inline_owners(labels)
        for cleaner in self.cleaners:
            cleaner.propose(labels)
        labels.keep_first()
        bounds = labels.story_bounds()
        for cleaner in self.cleaners:
            cleaner.revise(labels)
        if self.revise:
            repeated_lines(labels)
            second_article(labels)
            contact_block(labels)
            tail_gap_fill(labels)
            for _ in range(EDGE_PASSES):
                if labels.story_bounds() == bounds:
                    break
                # The story's edges moved (an embedded article or a block went, or a footer line
                # that reads like a sentence): the edge cues and concepts read the new edges once
                # more, for the lines still unmarked. A footer of sentence-like lines of different
                # kinds gives way a line per pass ("a rate-this widget above a comment rule"), so
                # the passes go on while the edges move, EDGE_PASSES at most.
                bounds = labels.story_bounds()
                for cleaner in self.cleaners:
                    cleaner.revise(labels)
        if before_cuts is not None:
            before_cuts(labels)
        for cleaner in self.cleaners:
            cleaner.cut_inline(labels)
        self._remainders(labels)
        return labels

    def _decide(self, labels: Labels, phase: str) -> dict[int, list[tuple[list[int], Found]]]:
        """For each cue cleaner (by ``id()``): the candidate lines of ``phase``, grouped by key, on
        which its whole-line cues find something, with what they find, in key order. Each
        distinct key is decided once for every cleaner, and kept for the next documents (a
        site's boilerplate lines repeat across its pages); the cleaners then mark, in priority
        order, the lines still unmarked at their turn."""
        memo = self._decided[phase]
        lines = labels.doc.lines
        decided: dict[int, list[tuple[list[int], Found]]] = {}
        groups = labels.candidate_groups(phase)
        # a line of more words than any cleaner's whole-line cue takes is decided by none of them
        # (``CueCleaner.decide_key``): nothing to ask the kernel or the cleaners about it
        most = self._gate_words
        for key, indices in groups.items():
            if key not in memo and lines[indices[0]].words > most:
                if len(memo) >= DECIDED_LIMIT:
                    memo.clear()
                memo[key] = ()
        # the cleaners and their cues that may match each key not decided before, in one kernel call
        asked: dict[str, list[tuple[CueCleaner, tuple[Cue, ...] | None]]] = {}
        if self.cue_sets is not None:
            new = [key for key in groups if key not in memo]
            owners = self.cue_sets.owners(phase, new) if new else None
            if owners is not None:
                cleaners = self.cue_cleaners
                asked = {key: [(cleaners[place], cues) for place, cues in owned] for key, owned in zip(new, owners, strict=True)}
        everyone: list[tuple[CueCleaner, tuple[Cue, ...] | None]] = [(cleaner, None) for cleaner in self.cue_cleaners]
        for key, indices in groups.items():
            finds = memo.get(key)
            if finds is None:
                line = lines[indices[0]]
                finds = tuple(
                    (id(cleaner), found)
                    for cleaner, cues in asked.get(key, everyone)
                    if (found := cleaner.decide_key(phase, line, cues=cues)) is not None
                )
                if len(memo) >= DECIDED_LIMIT:
                    memo.clear()
                memo[key] = finds
            for cleaner, found in finds:
                decided.setdefault(cleaner, []).append((indices, found))
        return decided

    def _inline_owners(self, labels: Labels) -> None:
        """Which cue cleaners' glued cues may match each inline candidate key, in one kernel call
        (``Labels.cues_on``): a cleaner then reads only the keys it is told of."""
        assert self.cue_sets is not None
        keys = list(labels.candidate_groups("inline"))
        owners = self.cue_sets.owners("inline", keys)
        if owners is None:
            return
        cleaners = self.cue_cleaners
        labels.cues_on["inline"] = {
            key: {id(cleaners[place]): cues for place, cues in owned} for key, owned in zip(keys, owners, strict=True)
        }

    def _remainders(self, labels: Labels) -> None:
        """What is left of a line after a tail cut may itself be boilerplate ("(أرشيفية)" left
        of glued tags): remove it too, or cleaning the cleaned text would find it (idempotence)."""
        for cut in list(labels.partial):
            line = labels.doc.lines[cut.line]
            if cut.start <= line.start or cut.end != line.end or labels.marks[line.index] is not None:
                continue
            rest = Document.parse(labels.doc.text[line.start : cut.start]).lines[0]
            if rest.blank or (rest.words > self._most_words and len(rest.cue_key.split()) > self._most_words):
                continue  # (more words, with or without a leading bullet, than any cue or concept takes)
            probe = Labels(Document(text=rest.text, lines=[rest]))
            by_cue, by_concept = self._may_take(rest)
            for place, cleaner in enumerate(self.cue_cleaners):
                cues = by_cue is None or place in by_cue
                if not cues and not cleaner.concepts.concepts:
                    continue
                cleaner.mark_if_cue(probe, rest, cues=cues, may_match=by_concept)
                found = probe.marks[0]
                if found is not None:
                    labels.mark_partial(line, line.start, cut.start, found.kind, found.rule)
                    break

    def _may_take(self, line: Line) -> tuple[set[int] | None, frozenset[int] | None]:
        """What the kernel tells of ``line`` for ``CueCleaner.mark_if_cue``: the places of the cue
        cleaners one of whose whole-line cues may match it (its cue sets), and the places in
        ``concepts()`` of the built-in concepts that may (its concept gate); None for either
        where the kernel does not run (every cue and concept is tried)."""
        by_cue: set[int] | None = None
        if self.cue_sets is not None:
            by_cue = set()
            for phase in ("line", "edge"):  # (the phases of the whole-line cues, decided or not)
                owners = self.cue_sets.owners(phase, [line.key])
                if owners is None:
                    by_cue = None
                    break
                by_cue.update(place for place, _ in owners[0])
        return by_cue, may_match(line.key.lower())


#: Every finder, so that ``clear_key_memos`` forgets their decisions too (benchmarks time cold passes).
_FINDERS: weakref.WeakSet[Finder] = weakref.WeakSet()


class _FinderMemos:
    """The finders' per-key decisions as one memo that ``clear_key_memos`` empties."""

    def clear(self) -> None:
        for finder in list(_FINDERS):
            for memo in finder._decided.values():
                memo.clear()


KEY_MEMOS.append(_FinderMemos())
