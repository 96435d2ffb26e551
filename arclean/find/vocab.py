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

    def pattern(self) -> str:
        """The class as a regex alternation, longest word first; spaces between single letters optional."""
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
        if not isinstance(table, dict) or {"macro", "why", "words"} - table.keys():
            raise DataError(f"{where}: needs 'macro', 'why' and 'words'")
        words = tuple(fold_key(word).strip().lower() for word in table["words"])
        if not words or not all(words):
            raise DataError(f"{where}: an empty word list or an empty word")
        duplicates = sorted({word for word in words if words.count(word) > 1})
        if duplicates:
            raise DataError(f"{where}: words repeat once folded: {', '.join(duplicates)}")
        if table["macro"] in macros:
            raise DataError(f"{where}: macro {{{table['macro']}}} is declared twice")
        macros.add(table["macro"])
        classes[name] = WordClass(name, table["macro"], words, table["why"])
    return classes


@functools.cache
def vocabulary() -> dict[str, WordClass]:
    """Every word class of ``arclean/data/vocab.toml`` by name."""
    return parse_vocab(read_toml("vocab.toml"))


def vocab_macros() -> dict[str, str]:
    """Macro name -> regex source, for every word class."""
    return {word_class.macro: word_class.pattern() for word_class in vocabulary().values()}
