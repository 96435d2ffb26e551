"""Shared word classes of ``arclean/data/vocab.toml``, each declared once.

Cue patterns name a class by its macro (``{agency}``, ``{platform}``, ``{month}``, ``{role}``,
``{also}``); the date lines read the months; metadata reads the agencies through the
``{agency}`` macro. Words are folded like every line key, so a spelling variant needs no entry.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from arclean.chars import fold_key
from arclean.find.data import DataError, read_toml

_SINGLE_LETTERS = re.compile(r"^\w(?: \w)+$")


@dataclass(frozen=True, slots=True)
class WordClass:
    """One ``[vocab.NAME]`` table: its folded words and the macro cues name it by."""

    name: str
    macro: str
    words: tuple[str, ...]  #: folded, in file order
    why: str
    source_pattern: str | None = None  #: the pattern a class declared in another file gives itself

    def pattern(self) -> str:
        """The class as a regex alternation, longest word first; spaces between single letters optional."""
        if self.source_pattern is not None:
            return self.source_pattern
        alternatives = []
        for word in sorted(self.words, key=len, reverse=True):
            escaped = re.escape(word)
            if _SINGLE_LETTERS.match(word):
                escaped = escaped.replace("\\ ", " ?")
            alternatives.append(escaped)
        return "(?:" + "|".join(alternatives) + ")"


def parse_vocab(data: dict, origin: str = "vocab.toml") -> dict[str, WordClass]:
    """Validate the ``[vocab.NAME]`` tables of a parsed vocabulary file."""
    classes: dict[str, WordClass] = {}
    macros: set[str] = set()
    for name, table in data.get("vocab", {}).items():
        where = f"{origin}: vocab.{name}"
        if not isinstance(table, dict) or {"macro", "why"} - table.keys() or ("words" in table) == ("from" in table):
            raise DataError(f"{where}: needs 'macro', 'why' and 'words' (or 'from', naming the file that declares them)")
        source_pattern = None
        if "from" in table:
            if table["from"] not in _DECLARED_ELSEWHERE:
                raise DataError(f"{where}: 'from' must be one of {', '.join(_DECLARED_ELSEWHERE)}")
            raw_words, source_pattern = _DECLARED_ELSEWHERE[table["from"]]()
        else:
            raw_words = table["words"]
        words = (
            tuple(dict.fromkeys(fold_key(word).strip().lower() for word in raw_words))
            if "from" in table
            else tuple(fold_key(word).strip().lower() for word in raw_words)
        )
        if not words or not all(words):
            raise DataError(f"{where}: an empty word list or an empty word")
        duplicates = sorted({word for word in words if words.count(word) > 1})
        if duplicates:
            raise DataError(f"{where}: words repeat once folded: {', '.join(duplicates)}")
        if table["macro"] in macros:
            raise DataError(f"{where}: macro {{{table['macro']}}} is declared twice")
        macros.add(table["macro"])
        classes[name] = WordClass(name, table["macro"], words, table["why"], source_pattern)
    return classes


def _agencies() -> tuple[list[str], str | None]:
    from arclean.agencies import agency_pattern, agency_spellings

    return list(agency_spellings()), agency_pattern(capitals=False)


def _months() -> tuple[list[str], str | None]:
    data = read_toml("dates.toml")
    return [*data["gregorian_months"], *data["hijri_months"]], None


#: Word classes declared in their own data file (with what the metadata knows of each word):
#: agencies with their canonical names, months with their numbers.
_DECLARED_ELSEWHERE = {"agencies.toml": _agencies, "dates.toml": _months}


@functools.cache
def vocabulary() -> dict[str, WordClass]:
    """Every word class of ``arclean/data/vocab.toml`` by name."""
    return parse_vocab(read_toml("vocab.toml"))


def vocab_macros() -> dict[str, str]:
    """Macro name -> regex source, for every word class."""
    return {word_class.macro: word_class.pattern() for word_class in vocabulary().values()}
