"""Gates in the compiled kernel: Python patterns rewritten as supersets in Rust's ``regex`` syntax.

A gate narrows the lines that the Python rules look at; the rules (cue patterns, concept tests)
then decide exactly as they would on every line. So a gate may let through more lines than it
must, never fewer. :func:`rust_superset` rewrites a pattern of Python's ``re`` syntax as one
that matches wherever the original can, in the syntax of the kernel's engine
(``arclean._native.LineScan``, Rust's ``regex`` crate, which has no lookarounds):

- lookarounds and word boundaries are dropped (a pattern without them matches more);
- possessive repeats and atomic groups become ordinary ones (they can only fail more often);
- every character class (``\\w``, ``\\d``, ``\\s``, ``[...]``, a literal under IGNORECASE) is
  spelled out as the code points Python's own engine gives it, so the two engines' Unicode
  tables never disagree; under IGNORECASE a class takes in every case partner of its members
  (a superset of Python's case folding); a negated one is the complement of its members
  (under IGNORECASE Python's takes their case partners out too: less, never more);
- ``^`` and ``$`` keep their meaning: the kernel tries each line on its own.

A pattern it cannot rewrite (a back-reference) gives None, and its caller falls back to the
Python gate. :class:`PhaseGates` runs a pipeline's cue gates over a document in one call.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import array
import functools
import re
import sys
from collections.abc import Mapping, Sequence
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import regex

from arclean.backend import native

__all__ = ["AVAILABLE", "CueSets", "PhaseGates", "phase_patterns", "rust_superset"]

#: Whether the compiled kernel's gates can run in this process.
AVAILABLE = native is not None and hasattr(native, "LineScan")

MAX_CODE = 0x10FFFF
#: A class of more ranges than this is written as "." (any character but a line break): a
#: superset, and an automaton the size of the literal words rather than of Unicode's \w.
MAX_RANGES = 48
_SURROGATES = (0xD800, 0xDFFF)
Ranges = list[tuple[int, int]]


class Unsupported(ValueError):
    """A construct with no superset in the kernel's syntax (a back-reference)."""


# ------------------------------------------------------------ code-point sets ---


def _normalized(ranges: Ranges) -> Ranges:
    merged: Ranges = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            if high > merged[-1][1]:
                merged[-1] = (merged[-1][0], high)
        else:
            merged.append((low, high))
    return merged


def _complement(ranges: Ranges) -> Ranges:
    out: Ranges = []
    position = 0
    for low, high in _normalized(ranges):
        if low > position:
            out.append((position, low - 1))
        position = high + 1
    if position <= MAX_CODE:
        out.append((position, MAX_CODE))
    return out


def _ranges_of(points: Sequence[int]) -> Ranges:
    out: Ranges = []
    for point in sorted(points):
        if out and point == out[-1][1] + 1:
            out[-1] = (out[-1][0], point)
        else:
            out.append((point, point))
    return out


def _every_character() -> str:
    """Every code point but the surrogates, as one string (4 MB: built for the tables below,
    which are kept, and dropped)."""
    points = array.array("I", range(_SURROGATES[0]))
    points.extend(range(_SURROGATES[1] + 1, MAX_CODE + 1))
    return points.tobytes().decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be")  # (no object per character)


@functools.cache
def _categories() -> dict[str, tuple[tuple[int, int], ...]]:
    """The code points Python's ``re`` gives each category (``\\w``, ``\\d``, ``\\s`` and their
    negations), as ranges."""
    every = _every_character()
    gap = _SURROGATES[0]  # characters from this index of ``every`` on sit 0x800 higher
    shift = _SURROGATES[1] - _SURROGATES[0] + 1
    found: dict[str, tuple[tuple[int, int], ...]] = {}
    for name, spelled in (
        ("CATEGORY_DIGIT", r"\d"),
        ("CATEGORY_NOT_DIGIT", r"\D"),
        ("CATEGORY_SPACE", r"\s"),
        ("CATEGORY_NOT_SPACE", r"\S"),
        ("CATEGORY_WORD", r"\w"),
        ("CATEGORY_NOT_WORD", r"\W"),
    ):
        ranges: Ranges = []
        for run in re.finditer(spelled + "+", every):
            low, high = run.start(), run.end() - 1
            if low < gap <= high:
                ranges += [(low, gap - 1), (gap + shift, high + shift)]
            else:
                ranges.append((low + shift, high + shift) if low >= gap else (low, high))
        found[name] = tuple(ranges)
    return found


def _category(name: str) -> tuple[tuple[int, int], ...]:
    """The ranges of one category (``CATEGORY_WORD`` …)."""
    found = _categories().get(name)
    if found is None:
        raise Unsupported(f"category {name}")
    return found


@functools.cache
def _case_groups() -> tuple[dict[int, int], dict[int, tuple[int, ...]]]:
    """Every cased code point's group: the closure of Python's lower, upper and special case
    equivalences (``re._casefix``). Returns (point -> group id, group id -> points)."""
    from re import _casefix  # type: ignore[attr-defined]

    parent: dict[int, int] = {}

    def find(point: int) -> int:
        root = parent.setdefault(point, point)
        while root != parent[root]:
            root = parent[root]
        parent[point] = root
        return root

    def join(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    # every character with a case mapping, found by the regex module's Unicode properties
    letters = regex.findall(r"[\p{Changes_When_Casemapped}\p{Cased}]", _every_character())
    for char in letters:
        point = ord(char)
        lower, upper = _sre.unicode_tolower(point), _sre_upper(point)
        if lower != point:
            join(point, lower)
        if upper != point:
            join(point, upper)
    for point, extras in _casefix._EXTRA_CASES.items():
        for extra in extras:
            join(point, extra)
    groups: dict[int, list[int]] = {}
    for point in list(parent):
        groups.setdefault(find(point), []).append(point)
    member_of = {point: root for root, points in groups.items() if len(points) > 1 for point in points}
    return member_of, {root: tuple(points) for root, points in groups.items() if len(points) > 1}


def _sre_upper(point: int) -> int:
    upper = chr(point).upper()
    return ord(upper) if len(upper) == 1 else point


def _with_case_partners(ranges: Ranges) -> Ranges:
    member_of, groups = _case_groups()
    extra: list[int] = []
    if sum(high - low + 1 for low, high in ranges) <= 512:  # a few characters: look each one up
        for low, high in ranges:
            for point in range(low, high + 1):
                if point in member_of:
                    extra.extend(groups[member_of[point]])
    else:
        for points in groups.values():
            if any(_inside(point, ranges) for point in points):
                extra.extend(points)
    return _normalized(ranges + _ranges_of(extra))


def _inside(point: int, ranges: Ranges) -> bool:
    low, high = 0, len(ranges)
    while low < high:
        middle = (low + high) // 2
        if ranges[middle][1] < point:
            low = middle + 1
        else:
            high = middle
    return low < len(ranges) and ranges[low][0] <= point


def _class(ranges: Ranges, negated: bool, ignorecase: bool) -> str:
    ranges = _normalized(ranges)
    if negated:
        # under IGNORECASE a negated class takes less, never more: a member's case partners go too
        ranges = _complement(ranges)
    elif ignorecase:
        ranges = _with_case_partners(ranges)
    ranges = _without_newline(ranges)
    if len(ranges) > MAX_RANGES:
        return "."  # a large class (\\w, \\S, a negation): any character but "\\n", a small automaton
    spelled = []
    for low, high in ranges:
        # Rust strings hold no surrogates: leave them out of every class
        for part_low, part_high in ((low, min(high, _SURROGATES[0] - 1)), (max(low, _SURROGATES[1] + 1), high)):
            if part_low <= part_high:
                spelled.append(f"\\x{{{part_low:X}}}" if part_low == part_high else f"\\x{{{part_low:X}}}-\\x{{{part_high:X}}}")
    if not spelled:
        return r"\x{0}\x{1}\x{0}"  # (can never match a key; a gate may still let a line through)
    return "[" + "".join(spelled) + "]"


def _without_newline(ranges: Ranges) -> Ranges:
    """No class takes "\\n": a key holds none, and so no match runs from one line into the next."""
    out: Ranges = []
    for low, high in ranges:
        if low <= 10 <= high:
            out += [part for part in ((low, 9), (11, high)) if part[0] <= part[1]]
        else:
            out.append((low, high))
    return out


def _set_ranges(items: list[tuple[Any, Any]]) -> tuple[Ranges, bool]:
    ranges: Ranges = []
    negated = False
    for op, value in items:
        if op is sre.NEGATE:
            negated = True
        elif op is sre.LITERAL:
            ranges.append((value, value))
        elif op is sre.RANGE:
            ranges.append((value[0], value[1]))
        elif op is sre.CATEGORY:
            ranges.extend(_category(str(value)))
        else:
            raise Unsupported(f"class item {op}")
    return ranges, negated


# ------------------------------------------------------------------- writer ---


def _emit(items: Any, ignorecase: bool, unanchored: bool) -> str:
    out: list[str] = []
    for op, value in items:
        if op is sre.LITERAL:
            out.append(_class([(value, value)], False, True) if ignorecase else f"\\x{{{value:X}}}")
        elif op is sre.NOT_LITERAL:
            out.append(_class([(value, value)], True, ignorecase))
        elif op is sre.ANY:
            out.append(".")  # (no DOTALL: rust_superset refuses it; a line holds no "\\n" anyway)
        elif op is sre.IN:
            ranges, negated = _set_ranges(value)
            out.append(_class(ranges, negated, ignorecase))
        elif op is sre.BRANCH:
            out.append("(?:" + "|".join(_emit(branch, ignorecase, unanchored) for branch in value[1]) + ")")
        elif op is sre.SUBPATTERN:
            _group, add_flags, del_flags, pattern = value
            inner = ignorecase
            if add_flags & re.IGNORECASE:
                inner = True
            if del_flags & re.IGNORECASE:
                inner = False
            if (add_flags & re.DOTALL) or (del_flags & re.DOTALL):
                raise Unsupported("a scoped DOTALL flag")
            out.append("(?:" + _emit(pattern, inner, unanchored) + ")")
        elif op is sre.ATOMIC_GROUP:
            out.append("(?:" + _emit(value, ignorecase, unanchored) + ")")
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, pattern = value
            bound = f"{{{low},}}" if high is sre.MAXREPEAT else f"{{{low},{high}}}"
            out.append("(?:" + _emit(pattern, ignorecase, unanchored) + ")" + bound)
        elif op is sre.AT:
            if value in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING):
                out.append("" if unanchored else "^")
            elif value in (sre.AT_END, sre.AT_END_STRING):
                out.append("$")
            # word boundaries: dropped (the engines' word classes differ; without it, more matches)
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            continue  # a lookaround only narrows what matches
        else:
            raise Unsupported(f"{op}")
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def rust_superset(source: str, flags: int = 0, *, anchored: bool = False, unanchored: bool = False) -> str | None:
    """``source`` (Python ``re`` syntax, with ``flags``) as a pattern of Rust's ``regex`` that
    matches every line the original matches (searched; ``anchored``: matched at the line start,
    as ``Pattern.match`` does; ``unanchored``: anywhere in the line, ``^`` and ``\\A`` dropped,
    for a pattern that Python tries on a part of the line). None where it cannot be rewritten.

    >>> print(rust_superset(r"(?<!\\w)ab$"))
    \\x{61}\\x{62}$
    >>> print(rust_superset(r"tw|x(?=\\.com)", re.IGNORECASE, anchored=True))
    ^(?:(?:[\\x{54}\\x{74}][\\x{57}\\x{77}]|[\\x{58}\\x{78}]))
    """
    try:
        tree = sre_parse.parse(source, flags)
    except re.error:
        return None
    state_flags = tree.state.flags
    if state_flags & re.DOTALL:
        return None
    try:
        body = _emit(tree, bool(state_flags & re.IGNORECASE), unanchored)
    except Unsupported:
        return None
    return f"^(?:{body})" if anchored and not unanchored else body


# -------------------------------------------------------------- cue gates ---


def _cue_superset(cue: Any) -> str | None:
    """An anchored cue's pattern as the kernel's engine reads it (``rust_superset``); None where
    it cannot be rewritten. The gates and the cue sets read a cue by this one rewriting."""
    return rust_superset(cue.pattern.pattern, re.IGNORECASE | re.MULTILINE)


def phase_patterns(cues: Sequence[Any], bullet_class: str) -> tuple[list[str], list[str]] | None:
    """The kernel's gate for one phase (``arclean.find.gate.gate``): the pattern of a line where
    one of the anchored cues matches at its start or after its bullet prefix (none or one), and
    the pre-check literals (lower-case; a line holding one in any case of its ASCII letters).
    None where a cue cannot be rewritten (the phase stays on Python)."""
    anchored = []
    for cue in cues:
        if cue.needs:
            continue
        rewritten = _cue_superset(cue)
        if rewritten is None:
            return None
        anchored.append(rewritten)
    bullets = rust_superset(f"[{bullet_class}]*", re.IGNORECASE)
    needles = sorted(dict.fromkeys(n for cue in cues for n in cue.needs), key=len, reverse=True)
    patterns = [f"^{bullets}(?:" + "|".join(f"(?:{p})" for p in anchored) + ")"] if anchored else []
    return patterns, needles


def _union(groups: Sequence[list[int]]) -> list[int]:
    if len(groups) == 1:
        return groups[0]
    return sorted(set().union(*groups))


class PhaseGates:
    """Every gate phase of a pipeline in one call of the kernel: the candidate lines of each phase."""

    __slots__ = ("_scan", "_slices")

    def __init__(self, phases: dict[str, tuple[list[str], list[str]]]) -> None:
        if native is None:
            raise RuntimeError("the compiled kernel is not installed")
        # the kernel reports every pattern's lines, then every needle set's: a phase's places in both
        patterns = [pattern for found, _ in phases.values() for pattern in found]
        needles = [found for _, found in phases.values() if found]
        self._slices: dict[str, list[int]] = {}
        pattern_at, needles_at = 0, len(patterns)
        for phase, (found, literals) in phases.items():
            places = list(range(pattern_at, pattern_at + len(found)))
            pattern_at += len(found)
            if literals:
                places.append(needles_at)
                needles_at += 1
            self._slices[phase] = places
        self._scan = native.LineScan(patterns, needles)

    @classmethod
    def build(cls, cues_by_phase: Mapping[str, Sequence[Any]], bullet_class: str) -> PhaseGates | None:
        """The kernel's gates for these phases' cues; None where the kernel is missing or a cue
        cannot be rewritten (the pipeline keeps its Python gates)."""
        if not AVAILABLE:
            return None
        phases: dict[str, tuple[list[str], list[str]]] = {}
        for phase, cues in cues_by_phase.items():
            if not cues:
                continue
            patterns = phase_patterns(cues, bullet_class)
            if patterns is None:
                return None
            phases[phase] = patterns
        try:
            return cls(phases)
        except ValueError:  # the kernel's engine refused a rewritten pattern (too large)
            return None

    def candidates(self, key_text: str) -> dict[str, list[int]] | None:
        """The non-blank candidate line indices of every phase with cues, in order; None where
        the kernel cannot read the text (a lone surrogate)."""
        try:
            found = self._scan.lines(key_text)
        except UnicodeEncodeError:
            return None
        return {phase: _union([found[place] for place in places]) for phase, places in self._slices.items()}


class CueSets:
    """Which whole-line cues of which cue cleaners may match which keys: for each gate phase of
    whole-line cues, one kernel call per document over its distinct candidate keys (the keys no
    earlier document decided), reporting for each key the cues that may match it, by cleaner.
    A cue left out cannot match there, so the finder does not try it, nor ask a cleaner none of
    whose cues is left (``CueCleaner.decide_key``); the cues tried decide as before, so the
    labels are the same.

    An anchored cue is its superset pattern (``rust_superset``) after an optional bullet prefix,
    as ``phase_patterns`` writes it, one pattern of a ``RegexSet``; a cue with pre-check literals
    may match only a key whose lower-cased form holds one of them (what ``_first_cue`` checks
    first), one Aho-Corasick automaton for all. The kernel reports cue ids, numbered cleaner by
    cleaner in order, so that its ids in order are the cleaners' cues in their order."""

    __slots__ = ("_cues", "_sets")

    def __init__(self, sets: dict[str, Any], cues: dict[str, list[tuple[int, Any]]]) -> None:
        self._sets = sets
        self._cues = cues  #: per phase, per cue id: its cleaner's place and the cue

    @classmethod
    def build(cls, cues_by_cleaner: Mapping[str, Sequence[Sequence[Any]]], bullet_class: str) -> CueSets | None:
        """For each phase, each cleaner's cues of that phase (by the cleaner's place); None where
        the kernel is missing or a cue cannot be rewritten (every cue is tried)."""
        if not AVAILABLE or native is None or not hasattr(native, "CueSet"):
            return None
        bullets = rust_superset(f"[{bullet_class}]*", re.IGNORECASE)
        sets: dict[str, Any] = {}
        numbered: dict[str, list[tuple[int, Any]]] = {}
        for phase, per_cleaner in cues_by_cleaner.items():
            table: list[tuple[int, Any]] = []
            patterns: list[str] = []
            owners: list[int] = []
            literals: dict[str, list[int]] = {}
            for owner, cues in enumerate(per_cleaner):
                for cue in cues:
                    number = len(table)
                    table.append((owner, cue))
                    if cue.needs:
                        for need in cue.needs:
                            if not need:
                                return None
                            literals.setdefault(need, []).append(number)
                        continue
                    rewritten = _cue_superset(cue)
                    if rewritten is None:
                        return None
                    patterns.append(f"^{bullets}(?:{rewritten})")
                    owners.append(number)
            try:
                sets[phase] = native.CueSet(patterns, owners, list(literals), list(literals.values()), len(table))
            except ValueError:  # the kernel's engine refused a rewritten pattern (too large)
                return None
            numbered[phase] = table
        return cls(sets, numbered)

    def owners(self, phase: str, keys: list[str]) -> list[list[tuple[int, tuple[Any, ...]]]] | None:
        """For each key, the cleaners (by place, in order) one of whose cues of ``phase`` may
        match it, each with those cues in its order; None where the kernel cannot read a key (a
        lone surrogate)."""
        try:
            found = self._sets[phase].owners(keys, [key.lower() for key in keys])
        except UnicodeEncodeError:
            return None
        table = self._cues[phase]
        owned = []
        for numbers in found:
            by_cleaner: dict[int, list[Any]] = {}
            for number in numbers:
                place, cue = table[number]
                by_cleaner.setdefault(place, []).append(cue)
            owned.append([(place, tuple(cues)) for place, cues in by_cleaner.items()])
        return owned


# ------------------------------------------------------------ literal needs ---

#: The most strings a finite part of a pattern is spelled out as (``literal_needs``).
MAX_SPELLED = 256
#: The most characters a class may hold to be spelled out (a larger one is "anything").
MAX_CLASS_CHARS = 12


def literal_needs(source: str, flags: int = 0) -> frozenset[str] | None:
    """Strings of which every match of ``source`` (Python ``re`` syntax, with ``flags``) holds
    at least one, as the kernel's Aho-Corasick gate reads a text for them; None where none can
    be named (a pattern that may match without any fixed text, or one that cannot be parsed).

    A sequence must match all its parts, so the best-named part stands for it (the one whose
    shortest string is longest); a branch holds one of its alternatives' strings; a repeat
    holds its body's if it repeats at least once. A finite run of characters and small classes
    is spelled out ("a[bc]" is "ab" or "ac"). Under IGNORECASE a letter that has a case is
    "anything" (the engine matches more than its case partners), so only caseless characters
    (Arabic letters, digits, signs) are named.

    >>> sorted(literal_needs(r"(?<!\\w)(?:[وف])?(?:ab|ac)x*"))
    ['ab', 'ac']
    >>> sorted(literal_needs(r"foo|ba[rz]+"))
    ['ba', 'foo']
    >>> literal_needs(r"\\w+@") == frozenset({"@"}), literal_needs(r"x?y*")
    (True, None)
    """
    try:
        tree = sre_parse.parse(source, flags)
    except re.error:
        return None
    found = _needs(list(tree), bool(tree.state.flags & re.IGNORECASE))
    if not found:
        return None
    # a string holding another one of the set adds nothing: whatever holds it holds the other
    kept: list[str] = []
    for string in sorted(found, key=len):
        if not any(shorter in string for shorter in kept):
            kept.append(string)
    return frozenset(kept)


def _spelled(op: Any, value: Any, ignorecase: bool) -> set[str] | None:
    """Every string one item matches, if they are few (zero-width assertions match ""), else None."""
    if op is sre.LITERAL:
        return None if ignorecase and _sre.unicode_iscased(value) else {chr(value)}
    if op is sre.IN:
        chars: set[str] = set()
        for item, item_value in value:
            if item is sre.LITERAL:
                points = [item_value]
            elif item is sre.RANGE and item_value[1] - item_value[0] < MAX_CLASS_CHARS:
                points = list(range(item_value[0], item_value[1] + 1))
            else:
                return None  # a negation, a category, a large range
            if ignorecase and any(_sre.unicode_iscased(point) for point in points):
                return None
            chars.update(map(chr, points))
        return chars if len(chars) <= MAX_CLASS_CHARS else None
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return {""}
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, pattern = value
        return _spelled_run(list(pattern), _scoped(ignorecase, add_flags, del_flags))
    if op is sre.BRANCH:
        found: set[str] = set()
        for branch in value[1]:
            spelled = _spelled_run(list(branch), ignorecase)
            if spelled is None:
                return None
            found |= spelled
        return found if len(found) <= MAX_SPELLED else None
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, pattern = value
        if high is sre.MAXREPEAT or high > 2:
            return None
        body = _spelled_run(list(pattern), ignorecase)
        if body is None:
            return None
        found = {""} if low == 0 else set()
        power = {""}
        for count in range(1, high + 1):
            power = {a + b for a in power for b in body}
            if len(power) > MAX_SPELLED:
                return None
            if count >= low:
                found |= power
        return found if len(found) <= MAX_SPELLED else None
    return None


def _spelled_run(items: list[tuple[Any, Any]], ignorecase: bool) -> set[str] | None:
    found = {""}
    for op, value in items:
        spelled = _spelled(op, value, ignorecase)
        if spelled is None:
            return None
        found = {a + b for a in found for b in spelled}
        if len(found) > MAX_SPELLED:
            return None
    return found


def _scoped(ignorecase: bool, add_flags: int, del_flags: int) -> bool:
    if add_flags & re.IGNORECASE:
        return True
    if del_flags & re.IGNORECASE:
        return False
    return ignorecase


def _better(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    """The more telling of two sets of needed strings: the longer shortest string, then fewer."""
    if not b or "" in b:
        return a
    if not a:
        return b
    return b if (min(map(len, b)), -len(b)) > (min(map(len, a)), -len(a)) else a


def _needs(items: list[tuple[Any, Any]], ignorecase: bool) -> set[str] | None:
    """Strings of which every match of the sequence ``items`` holds one (see ``literal_needs``)."""
    best: set[str] | None = None
    run: set[str] = {""}  #: every string the current run of spelled-out items matches
    for op, value in items:
        spelled = _spelled(op, value, ignorecase)
        if spelled is not None:
            joined = {a + b for a in run for b in spelled}
            if len(joined) <= MAX_SPELLED:
                run = joined
                continue
            best = _better(best, run)
            run = spelled
            continue
        best = _better(best, run)
        run = {""}
        best = _better(best, _item_needs(op, value, ignorecase))
    return _better(best, run)


def _item_needs(op: Any, value: Any, ignorecase: bool) -> set[str] | None:
    """Strings of which every match of one item that is not spelled out holds one."""
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, pattern = value
        return _needs(list(pattern), _scoped(ignorecase, add_flags, del_flags))
    if op is sre.ATOMIC_GROUP:
        return _needs(list(value), ignorecase)
    if op is sre.BRANCH:
        found: set[str] = set()
        for branch in value[1]:
            needs = _needs(list(branch), ignorecase)
            if not needs or "" in needs:
                return None
            found |= needs
        return found
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, pattern = value
        return _needs(list(pattern), ignorecase) if low >= 1 else None
    return None
