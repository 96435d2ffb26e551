"""The input as cleaners see it: lines with offsets into the original text and features.

Nothing here rewrites text. Every offset is into the caller's original string, so the
removals that cleaners return can be checked against it (``kept + removed == input``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from arclean.chars import fold_key, key_to_raw_offsets

_WORD = regex.compile(r"\w+")
_ARABIC_LETTER = regex.compile(r"[\u0621-\u064a\u0671-\u06d3]")
_LATIN_LETTER = regex.compile(r"[A-Za-z]")
# A sentence ends with one of these, possibly followed by closing quotes/brackets.
_SENTENCE_END = regex.compile(r"[.!؟?…][\"'”»)\]]*\s*$")


@dataclass(slots=True)
class Line:
    """One line of the input (without its newline) and what cleaners need to know of it."""

    index: int
    start: int  #: offset of the first character in the original text
    end: int  #: offset just past the last character (the newline is not included)
    text: str  #: the line exactly as in the input
    key: str  #: ``fold_key(text).strip()``: what cue patterns match against
    words: int  #: number of ``\w+`` tokens in the key
    blank: bool

    @property
    def ends_sentence(self) -> bool:
        return bool(_SENTENCE_END.search(self.key))

    @property
    def latin_only(self) -> bool:
        return bool(_LATIN_LETTER.search(self.key)) and not _ARABIC_LETTER.search(self.key)

    @property
    def paragraph_like(self) -> bool:
        """Long enough, or sentence-shaped enough, to be story prose."""
        return self.words >= 15 or (self.words >= 8 and self.ends_sentence)


@dataclass(slots=True)
class Document:
    """The original text split into :class:`Line` objects on ``"\\n"``."""

    text: str
    lines: list[Line] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str) -> Document:
        lines: list[Line] = []
        start = 0
        for index, raw in enumerate(text.split("\n")):
            key = fold_key(raw).strip()
            lines.append(
                Line(
                    index=index,
                    start=start,
                    end=start + len(raw),
                    text=raw,
                    key=key,
                    words=len(_WORD.findall(key)),
                    blank=not key,
                )
            )
            start += len(raw) + 1
        return cls(text=text, lines=lines)

    def nonblank(self) -> list[Line]:
        return [line for line in self.lines if not line.blank]


def raw_offset(line: Line, key_position: int) -> int:
    """Offset in the original text of the character at ``key_position`` of ``line.key``."""
    folded = fold_key(line.text)
    lead = len(folded) - len(folded.lstrip())
    offsets = key_to_raw_offsets(line.text)
    position = key_position + lead
    return line.start + (offsets[position] if position < len(offsets) else len(line.text))
