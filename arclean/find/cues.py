"""Cue phrases: loaded from ``arclean/data/cues.toml``, validated, compiled once.

A cue file is data: every entry carries its kind, role, pattern (written against the folded
key of a line), why it exists, and examples it must match and counter-examples it must not.
The built-in file is read the first time it is asked for and kept for the process; a custom
cue cleaner may bring its own file (:func:`load_cues`).
"""

from __future__ import annotations

import functools
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


def _unmatchable_letters(pattern: str) -> list[str]:
    """Letters of ``pattern`` that the folded key never holds (ى أ ة ی, diacritics, tatweel …):
    an alternative spelled with one can never match."""
    return sorted({ch for ch in pattern if not ch.isascii() and fold_key(ch) != ch})


def _compile(pattern: str, where: str) -> regex.Pattern[str]:
    unmatchable = _unmatchable_letters(pattern)
    if unmatchable:
        shown = ", ".join(f"{ch!r} (key: {fold_key(ch)!r})" for ch in unmatchable)
        raise DataError(f"{where}: pattern holds letters the matching key never has: {shown}; write it in key form")
    try:
        compiled = regex.compile(_expand(pattern, where), regex.IGNORECASE | regex.V0)
    except regex.error as exc:
        raise DataError(f"{where}: pattern does not compile: {exc}") from None
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
