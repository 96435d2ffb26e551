"""The gate: in one pass over a document, the few lines that some cue could match.

Story lines are the vast majority and match nothing; a gate lets a pipeline skip them at the
cost of a few C-level scans per document instead of one call per line per cue. Each pipeline
builds one gate per phase for all its cue cleaners; the cues themselves then decide on the
lines the gate lets through (a gate gives a superset, never misses a line a cue matches).
"""

from __future__ import annotations

import re

import regex

from arclean.find.cues import Cue
from arclean.find.document import BULLET_CLASS, Document, Line, group_by_key, with_keys

#: The cue groups gated separately: whole-line cues, edge-only cues, glued (tail/head) cues.
__all__ = ["PHASES", "AnySearched", "Gate", "any_searched", "compile_fast", "gate", "gate_indices", "gate_lines", "group_by_key"]

PHASES: tuple[str, ...] = ("line", "edge", "inline")
#: A document with at most one distinct key per this many lines is gated key by key.
REPEATED_KEYS = 4

#: (pattern tried at line starts, literal pre-checks as one alternation)
Gate = tuple[re.Pattern[str] | regex.Pattern[str] | None, re.Pattern[str] | None]


def gate(candidates: tuple[Cue, ...]) -> Gate | None:
    """How to find, in one pass over a document, every line one of ``candidates`` could match.

    Cues with a literal pre-check (``needs``) are found by one alternation of those literals; the others, anchored
    at the line start, join one MULTILINE pattern of zero-width lookaheads tried at each line
    start (``Document.lines_matching``). Both give a superset: the cues themselves decide.
    """
    if not candidates:
        return None
    anchored = [c.pattern.pattern for c in candidates if not c.needs]
    needles = sorted(dict.fromkeys(n for c in candidates for n in c.needs), key=len, reverse=True)
    # The keys keep their case, so a Latin letter of a needle matches both cases ("Twitter"),
    # spelled as a class rather than with IGNORECASE (4x slower over Arabic text).
    # One match per line at most: the rest of the line is taken with the first literal found,
    # so a line holding a literal many times ("> > > >") costs one hit, not one per literal.
    literals = re.compile("(?:" + "|".join(_either_case(n) for n in needles) + ")[^\n]*") if needles else None
    # "\n(?=...)" over "\n" + key_text, not "^(?=...)" with MULTILINE: the engine scans for the
    # literal newline and tries the lookahead only there (measured 8x faster).
    # An optional bullet/arrow/emoji prefix is skipped: "• اقرأ أيضا:" is a read-also line too.
    # The alternation is tried twice per line, never once per length of the prefix: at the line
    # start, and after the whole prefix run (possessive), which is where ``Line.cue_key`` starts.
    alternation = "|".join(f"(?:{p})" for p in anchored)
    # Blank and one-character lines are skipped before the alternation is tried ("(?=[^\n]{2})":
    # a page of 100,000 of them cost 100,000 tries of every cue); ``gate_indices`` tries each
    # distinct one-character line once instead.
    source = f"\n(?=[^\n]{{2}})(?:(?={alternation})|[{BULLET_CLASS}]++(?={alternation}))"
    return (compile_fast(source) if anchored else None), literals


def _either_case(needle: str) -> str:
    """``needle`` as a pattern matching it in any case of its ASCII letters."""
    return "".join(f"[{ch}{ch.upper()}]" if "a" <= ch <= "z" else re.escape(ch) for ch in needle)


def gate_lines(doc: Document, found: Gate) -> list[Line]:
    """The non-blank lines a gate lets through, in order (see :func:`gate_indices`)."""
    lines = doc.lines
    return [lines[index] for index in gate_indices(doc, found)]


def gate_indices(doc: Document, found: Gate) -> list[int]:
    """The indices of the non-blank lines a gate lets through, in order: one pass at line
    starts for the anchored cues, one pass of the literal pre-checks. No ``Line`` is built."""
    anchored, literals = found
    keys = doc.keys
    distinct = doc.distinct_keys()
    if len(distinct) * REPEATED_KEYS <= len(keys):
        # A page repeating a few lines many times: the gate is tried once per distinct key (what
        # it lets through depends on the line alone: no cue pattern crosses a line break).
        admitted = {
            key
            for key in distinct
            if key and ((anchored is not None and anchored.match("\n" + key)) or (literals is not None and literals.search(key)))
        }
        return with_keys(keys, range(len(keys)), admitted) if admitted else []
    indices = doc.indices_matching(anchored)
    if anchored is not None:
        singles = [index for key, group in doc.one_character_lines().items() if anchored.match("\n" + key) for index in group]
        if singles:
            indices = sorted(indices + singles)
    if literals is not None:
        more = doc.indices_matching(literals, line_starts=False)
        if more:
            indices = sorted({*indices, *more}) if indices else more
    return [index for index in indices if keys[index]]


def compile_fast(source: str) -> re.Pattern[str] | regex.Pattern[str]:
    """The standard library's engine where it can compile the pattern (about 3x faster on these
    alternations), ``regex`` otherwise. Cue patterns use only bounded repetition, so a scan of
    a document is linear in its length either way (see benchmarks/adversarial.py)."""
    try:
        return re.compile(source, re.IGNORECASE | re.MULTILINE)
    except re.error:
        return regex.compile(source, regex.IGNORECASE | regex.MULTILINE | regex.V0)


class AnySearched:
    """Whether one of some searched cues occurs in a key: ``search(key)``, as one alternation's.

    The cues the standard library's engine compiles share one alternation on it; each other
    cue (a variable-width look-behind, say) is searched on its own with ``regex``, and only in
    a key holding one of its ``needs``. One such cue in the alternation would put the whole of
    it on ``regex``, look-behind tried at every position (about 1 ms a line)."""

    __slots__ = ("fast", "rest")

    def __init__(self, cues: tuple[Cue, ...]) -> None:
        fast: list[str] = []
        rest: list[tuple[tuple[str, ...], regex.Pattern[str]]] = []
        for cue in cues:
            try:
                re.compile(cue.pattern.pattern, re.IGNORECASE | re.MULTILINE)
            except re.error:
                if not cue.needs:  # (searched cues always carry needs: cues.toml validates it)
                    raise ValueError(f"{cue.id}: a searched cue needs a literal pre-check") from None
                rest.append((cue.needs, compile_fast(cue.pattern.pattern)))  # type: ignore[arg-type]
            else:
                fast.append(cue.pattern.pattern)
        self.fast = re.compile("|".join(f"(?:{p})" for p in fast), re.IGNORECASE | re.MULTILINE) if fast else None
        self.rest = tuple(rest)

    def search(self, key: str) -> bool:
        if self.fast is not None and self.fast.search(key) is not None:
            return True
        if self.rest:
            lowered = key.lower()
            return any(any(need in lowered for need in needs) and pattern.search(key) is not None for needs, pattern in self.rest)
        return False


def any_searched(cues: tuple[Cue, ...]) -> AnySearched | None:
    """``AnySearched`` over ``cues``, None when there are none."""
    return AnySearched(cues) if cues else None
