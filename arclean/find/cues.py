"""Cue phrases: loaded from ``arclean/data/cues.toml``, validated, compiled once.

A cue file is data: every entry carries its kind, role, pattern (written against the folded
key of a line), why it exists, and examples it must match and counter-examples it must not.
The built-in file is read the first time it is asked for and kept for the process; a custom
cue cleaner may bring its own file (:func:`load_cues`).
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import regex

from arclean.chars import fold_key
from arclean.find.data import DataError, read_toml
from arclean.find.kinds import kind_names
from arclean.find.vocab import vocab_macros

Role = Literal["line", "header", "tail", "head", "split"]
ROLES: tuple[str, ...] = ("line", "header", "tail", "head", "split")

#: Macros of pattern syntax usable in cue patterns (see the header of cues.toml); the word
#: classes of vocab.toml add theirs ({agency}, {platform}, {month}, {role}, {also}).
SYNTAX_MACROS: dict[str, str] = {
    "colon": r"\s*[:：\-–—|]?\s*",
    "sep": r"[\s:：\-–—|/،,.]*",
    "dash": r"\s*[\-–—]+\s*",
}
#: Every macro: syntax and word classes.
MACROS: dict[str, str] = {**SYNTAX_MACROS, **vocab_macros()}

#: How far from the end of a line a tail cue may start (characters of the key).
TAIL_WINDOW = 400


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue phrase entry of ``cues.toml``, compiled."""

    id: str
    kind: str
    role: Role
    pattern: regex.Pattern[str]
    search: bool
    max_words: int
    sentence: bool
    zone: Literal["any", "edge"]
    requires: regex.Pattern[str] | None
    needs: tuple[str, ...]  #: literal pre-check: one of these (lower-case) occurs in every match
    examples: tuple[str, ...]
    counter: tuple[str, ...]
    why: str

    def find(self, key: str) -> regex.Match[str] | None:
        """Match this cue against one line's key (searched for tail/split/``search`` cues).

        Tail cues sit at the end of a line, so only its last ``TAIL_WINDOW`` characters are
        searched: a long paragraph costs the same as a short one. No timeout here (it costs
        more than the match on a short key): every cue pattern is bounded, the property tests
        and the adversarial benchmark check it, and no scan of a document carries one either (a fixed
        timeout made large inputs fail).
        """
        if self.role == "tail":
            found = self.pattern.search(key, max(0, len(key) - TAIL_WINDOW))
        elif self.role == "split" or self.search:
            found = self.pattern.search(key)
        else:
            found = self.pattern.match(key)
        if found and self.requires is not None and not self.requires.search(key):
            return None
        return found


_MACRO = regex.compile(r"\{([a-z_]+)\}")


def _expand(pattern: str, where: str) -> str:
    def substitute(found: regex.Match[str]) -> str:
        if found[1] not in MACROS:
            raise DataError(f"{where}: unknown macro {{{found[1]}}}; known: {', '.join(MACROS)}")
        return MACROS[found[1]]

    return _MACRO.sub(substitute, pattern)


#: What ``\s`` means inside a character class once line breaks are taken out of it.
_SPACE_IN_CLASS = "\\t\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"


def line_local(pattern: str) -> str:
    """``pattern`` with every class that could match a line break made not to.

    Cue patterns are written for one line's key, but the gates run them over the whole
    document's keys joined by ``"\\n"``. There a ``\\s*`` or ``[^:]`` that crosses line
    breaks swallows the following blank lines and backtracks over them at every line start:
    quadratic time. So ``\\s`` becomes ``[^\\S\\n]`` (inside a class, the spaces themselves),
    and a negated class gains ``\\n``. On one key (which holds no line break) nothing changes.
    :func:`check_line_local` then proves, on the parsed pattern, that nothing else can match one.
    """
    out: list[str] = []
    position, in_class, negated = 0, False, False
    while position < len(pattern):
        char = pattern[position]
        if char == "\\" and position + 1 < len(pattern):
            escape = pattern[position : position + 2]
            position += 2
            if escape == "\\s":
                out.append(_SPACE_IN_CLASS if in_class else "[^\\S\\n]")
            else:
                out.append(escape)
            continue
        position += 1
        if not in_class and char == "[":
            in_class = True
            negated = pattern.startswith("^", position)
            out.append("[^" if negated else "[")
            position += negated
            if pattern.startswith("]", position):  # a literal "]" first in the class
                out.append("]")
                position += 1
            continue
        if in_class and char == "]":
            in_class = False
            out.append("\\n]" if negated else "]")
            continue
        out.append(char)
    return "".join(out)


def check_line_local(pattern: str, where: str) -> None:
    """Raise :class:`DataError` if anything in ``pattern`` that consumes a character can
    consume a line break (``\\n``): such a pattern is not linear in the document-wide scans."""
    from re import _parser as parser  # type: ignore[attr-defined]  # the standard library's own parse tree

    try:
        tree = parser.parse(pattern, re.IGNORECASE)
    except re.error as exc:  # a regex-only construct: the regex module compiled it already
        raise DataError(f"{where}: pattern cannot be checked for line breaks: {exc}") from None
    if tree.state.flags & re.DOTALL:
        raise DataError(f"{where}: the (?s) flag lets '.' cross line breaks")

    def crosses(items: parser.SubPattern | list) -> bool:
        for op, value in items:
            name = str(op)
            if (name == "LITERAL" and value == 10) or (name == "NOT_LITERAL" and value != 10):
                return True
            if name == "IN" and _set_has_newline(value):
                return True
            if name in ("SUBPATTERN", "ATOMIC_GROUP"):
                if crosses(value[-1] if name == "SUBPATTERN" else value):
                    return True
            elif name == "BRANCH":
                if any(crosses(branch) for branch in value[1]):
                    return True
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT", "ASSERT", "ASSERT_NOT"):
                if crosses(value[-1]):
                    return True
            elif name == "GROUPREF_EXISTS":
                if crosses(value[1]) or (value[2] is not None and crosses(value[2])):
                    return True
        return False

    if crosses(tree):
        raise DataError(f"{where}: pattern can match a line break (use a class without \\n, see line_local)")


def _set_has_newline(items: list) -> bool:
    negate = False
    found = False
    for op, value in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            found |= value == 10
        elif name == "RANGE":
            found |= value[0] <= 10 <= value[1]
        elif name == "CATEGORY":
            found |= str(value) in ("CATEGORY_SPACE", "CATEGORY_NOT_DIGIT", "CATEGORY_NOT_WORD", "CATEGORY_LINEBREAK")
    return found != negate


def _unmatchable_letters(pattern: str) -> list[str]:
    """Letters of ``pattern`` that the folded key never holds (ى أ ة ی, diacritics, tatweel …):
    an alternative spelled with one can never match."""
    return sorted({ch for ch in pattern if not ch.isascii() and fold_key(ch) != ch})


def _compile(pattern: str, where: str) -> regex.Pattern[str]:
    unmatchable = _unmatchable_letters(pattern)
    if unmatchable:
        shown = ", ".join(f"{ch!r} (key: {fold_key(ch)!r})" for ch in unmatchable)
        raise DataError(f"{where}: pattern holds letters the matching key never has: {shown}; write it in key form")
    source = line_local(_expand(pattern, where))
    try:
        compiled = regex.compile(source, regex.IGNORECASE | regex.V0)
    except regex.error as exc:
        raise DataError(f"{where}: pattern does not compile: {exc}") from None
    check_line_local(source, where)
    if compiled.groups:
        raise DataError(f"{where}: pattern has capturing groups; use (?:...)")
    return compiled


def parse_cues(data: dict, origin: str = "cues.toml") -> tuple[Cue, ...]:
    """Validate and compile the ``[[cue]]`` entries of a parsed cue file."""
    cues: list[Cue] = []
    seen: set[str] = set()
    kinds = kind_names()
    for position, entry in enumerate(data.get("cue", []), start=1):
        where = f"{origin}: cue #{position} ({entry.get('id', '?')})"
        missing = {"id", "kind", "role", "pattern"} - entry.keys()
        if missing:
            raise DataError(f"{where}: missing {', '.join(sorted(missing))}")
        if entry["id"] in seen:
            raise DataError(f"{where}: duplicate id")
        seen.add(entry["id"])
        if entry["kind"] not in kinds:
            raise DataError(f"{where}: kind {entry['kind']!r} is not one of {', '.join(kinds)}")
        if entry["role"] not in ROLES:
            raise DataError(f"{where}: role {entry['role']!r} is not one of {', '.join(ROLES)}")
        zone = entry.get("zone", "any")
        if zone not in ("any", "edge"):
            raise DataError(f"{where}: zone must be 'any' or 'edge'")
        requires = entry.get("requires")
        needs = tuple(fold_key(n).lower() for n in entry.get("needs", ()))
        if (entry["role"] == "tail" or entry.get("search")) and not needs:
            raise DataError(f"{where}: searched and tail cues need a 'needs' list (a literal pre-check)")
        pattern = _compile(entry["pattern"], where)
        for field in ("why", "examples", "counter"):
            if not entry.get(field):
                raise DataError(
                    f"{where}: needs {field!r}"
                    + (": a line like it that must stay story (a counter-example)" if field == "counter" else "")
                )
        cues.append(
            Cue(
                id=entry["id"],
                kind=entry["kind"],
                role=entry["role"],
                pattern=pattern,
                search=bool(entry.get("search", False)),
                max_words=int(entry.get("max_words", 10_000)),
                sentence=bool(entry.get("sentence", False)),
                zone=zone,
                requires=_compile(requires, where + " requires") if requires else None,
                needs=needs,
                examples=tuple(entry.get("examples", ())),
                counter=tuple(entry.get("counter", ())),
                why=entry.get("why", ""),
            )
        )
    return tuple(cues)


@functools.cache
def cues() -> tuple[Cue, ...]:
    """All cue entries of ``arclean/data/cues.toml``, compiled, in file order."""
    return parse_cues(read_toml("cues.toml"))


def load_cues(path: str | Path) -> tuple[Cue, ...]:
    """The cues of a cue file of one's own (the format of ``arclean/data/cues.toml``), validated
    and compiled: what a custom :class:`~arclean.find.cleaner.CueCleaner` matches."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{path}: {exc}") from None
    return parse_cues(data, origin=str(path))


def cue_table_markdown() -> str:
    """docs/cues.md: every cue entry with its kind, role and why (regenerate after editing data)."""
    rows = ["| id | kind | role | max words | zone | why |", "|---|---|---|---|---|---|"]
    for cue in cues():
        words = "" if cue.max_words >= 10_000 else str(cue.max_words)
        rows.append(f"| `{cue.id}` | {cue.kind} | {cue.role} | {words} | {cue.zone} | {cue.why.replace('|', '/')} |")
    header = (
        "# Cue phrases\n\n"
        "Generated from `arclean/data/cues.toml` by "
        "`python -c \"from arclean.find.cues import cue_table_markdown as t; print(t(), end='')\" > docs/cues.md`; "
        "a test keeps it in sync. The data file's header explains every field; "
        "each entry also carries examples it must match and counter-examples it must not, which the tests run.\n\n"
    )
    return header + "\n".join(rows) + "\n"
