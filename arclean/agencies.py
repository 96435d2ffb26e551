"""News agencies, declared once in ``arclean/data/agencies.toml``: canonical names and spellings.

The metadata parser reads sources with :func:`agency_pattern`; the find phase's ``{agency}``
cue macro is the same spellings (``vocab.toml`` names this file as the class's source), so an
agency added here is found by the cues and named by the metadata at once.

>>> import regex
>>> bool(regex.fullmatch(agency_pattern(), "ا.ف.ب")), bool(regex.fullmatch(agency_pattern(), "افب"))
(True, True)
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources

import regex

from arclean.chars import fold_key

__all__ = ["Agency", "agencies", "agency_pattern", "agency_spellings"]


@dataclass(frozen=True, slots=True)
class Agency:
    """One ``[[agency]]`` entry of ``agencies.toml``."""

    canonical: str
    spellings: tuple[str, ...]
    kind: str = "agency"
    examples: tuple[str, ...] = ()


def _read(name: str) -> dict:
    """A data file of ``arclean/data`` (the one place this module reads one, so a benchmark
    can read the vocabulary with entries left out)."""
    return tomllib.loads(resources.files("arclean").joinpath(f"data/{name}").read_text(encoding="utf-8"))


@functools.cache
def agencies() -> tuple[Agency, ...]:
    """Every agency entry, in file order; an entry without a name or spellings, or a spelling
    claimed by two agencies, is an error naming the entry."""
    entries = []
    owner: dict[str, str] = {}
    for number, entry in enumerate(_read("agencies.toml")["agency"], 1):
        where = f"agencies.toml: entry {number} ({entry.get('canonical', '?')})"
        if not entry.get("canonical") or not entry.get("spellings"):
            raise ValueError(f"{where}: needs 'canonical' and 'spellings'")
        for spelling in entry["spellings"]:
            key = fold_key(spelling).lower()
            if owner.get(key, entry["canonical"]) != entry["canonical"]:
                raise ValueError(f"{where}: spelling {spelling!r} is already {owner[key]!r}")
            owner[key] = entry["canonical"]
        entries.append(
            Agency(
                canonical=entry["canonical"],
                spellings=tuple(dict.fromkeys(entry["spellings"])),
                kind=entry.get("kind", "agency"),
                examples=tuple(entry.get("examples", ())),
            )
        )
    return tuple(entries)


def agency_spellings() -> tuple[str, ...]:
    """Every spelling, folded to the matching key and lower-cased, once each."""
    return tuple(dict.fromkeys(fold_key(s).lower() for agency in agencies() for s in agency.spellings))


def _spelling_pattern(spelling: str, *, capitals: bool) -> str:
    """One spelling as a pattern on the folded key: the letters of an abbreviation ("ا ف ب")
    may be spaced, dotted or joined, those of a two-letter one spaced or dotted only (joined,
    "أ ب" is "أب", father, and "آب", August); with ``capitals``, an all-capitals Latin
    abbreviation ("AP") matches in capitals only, so it is not a word of a Latin sentence."""
    key = fold_key(spelling)
    tokens = key.replace(".", " ").split()
    if len(tokens) > 1 and all(len(token) == 1 for token in tokens):
        between = r"[\s.]{0,2}" if len(tokens) > 2 else r"[\s.]{1,2}"
        return between.join(regex.escape(t.lower()) for t in tokens) + r"\.?"
    if capitals and key.isascii() and key.isupper() and len(key) <= 5:
        return f"(?-i:{regex.escape(key)})"
    return r"\s+".join(regex.escape(t.lower()) for t in tokens)


def agency_pattern(*, capitals: bool = True) -> str:
    """Every spelling as one alternation on the folded key, longest first (match it with
    IGNORECASE). ``capitals=False`` renders Latin abbreviations in any case, as cue macros do."""
    spellings = {s for agency in agencies() for s in agency.spellings}
    ordered = sorted(spellings, key=lambda s: len(fold_key(s)), reverse=True)
    return "(?:" + "|".join(_spelling_pattern(s, capitals=capitals) for s in ordered) + ")"
