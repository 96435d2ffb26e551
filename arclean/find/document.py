"""The input as cleaners see it: lines with offsets into the original text and features.

Nothing here rewrites text. Every offset is into the caller's original string, so the
removals that cleaners return can be checked against it (``kept + removed == input``).

The document is folded once, as a whole (``key_text``: every line's key joined by ``"\\n"``),
so that cleaners can find candidate lines with one regex pass over the document instead of
one call per line per cue.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import regex

from arclean.chars import fold_key, key_offset_to_raw

_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
#: A sentence ends with one of these, possibly followed by closing quotes/brackets.
SENTENCE_ENDERS = ".!؟?…"
SENTENCE_CLOSERS = "\"'”»)]"
_SENTENCE_END = re.compile(f"[{re.escape(SENTENCE_ENDERS)}][{re.escape(SENTENCE_CLOSERS)}]*\\s*$")
_SENTENCE_TAIL = frozenset(SENTENCE_ENDERS + SENTENCE_CLOSERS)  # a cheap test before the regex

#: Bullets, arrows and emoji that sites put in front of a label ("• اقرأ أيضا:", "🔴 تابعونا").
#: A space, never a newline: the gates use this class right after a line's "\n".
BULLET_CLASS = " •*·▪►●◦■○»>✓◄▶➤→⬅|\\-–—\u25a0-\u25ff\u2600-\u27bf\ufe0f\U0001f300-\U0001faff"
_BULLET_PREFIX = re.compile(f"[{BULLET_CLASS}]+")
_BULLET_START = frozenset("•*·▪►●◦■○»>✓◄▶➤→⬅|-–—") | {chr(c) for c in (*range(0x25A0, 0x2600), *range(0x2600, 0x27C0))}
#: Pipes, arrows and emoji that sites put after a label ("اقرأ أيضا ⬇️", "الرئيسية |"): not part
#: of the key, so that cues and concepts anchored at the line end see the label's own end.
_DECORATION_END = frozenset(" |↓⬇⤵▼◄←⬅\ufe0f") | {chr(c) for c in range(0x2600, 0x27C0)}
DECORATION_FROM = "\U0001f300"  #: every character from this one on (emoji) is decoration at a key's end too
LINK_MARKS = "»›>"  #: decoration at a key's end only after a space (right after a word it closes a quote)
BULLET_FROM = "\U0001f300"  #: a key starting at or above this character (emoji) may carry a bullet prefix


#: Line breaks besides "\n": a CR not followed by "\n" (old Mac files; a CR before "\n" stays
#: part of its line, as it always has), NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR.
LINE_BREAKS = "\r\x85\u2028\u2029"
_HAS_BREAK = re.compile("[\r\x85\u2028\u2029]")
_LINE_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")


@dataclass(slots=True)
class Line:
    """One line of the input (without its newline) and what cleaners need to know of it."""

    index: int
    start: int  #: offset of the first character in the original text
    end: int  #: offset just past the last character (the newline is not included)
    text: str  #: the line exactly as in the input
    key: str  #: ``fold_key(text).strip()``: what cue patterns match against
    words: int  #: number of whitespace-separated tokens in the key
    blank: bool  #: nothing but whitespace and invisible marks
    ends_sentence: bool  #: ends with . ! ؟ ? … (closing quotes/brackets allowed)
    cue_key: str  #: the key without a leading bullet, arrow or emoji (what line cues also try)

    @property
    def latin_only(self) -> bool:
        return bool(_LATIN_LETTER.search(self.key)) and not _ARABIC_LETTER.search(self.key)

    @property
    def paragraph_like(self) -> bool:
        """Long enough, or sentence-shaped enough, to be story prose."""
        return self.words >= 15 or (self.words >= 8 and self.ends_sentence)


@dataclass(slots=True)
class Document:
    """The original text split into :class:`Line` objects at line breaks (see ``parse``)."""

    text: str
    lines: list[Line] = field(default_factory=list)
    key_text: str = ""  #: every line's key, joined by "\n" (line i starts at key_starts[i])
    key_starts: list[int] = field(default_factory=list)
    _prefixed: str | None = None

    @classmethod
    def parse(cls, text: str) -> Document:
        """Split ``text`` into lines at ``"\\n"`` and the other line breaks (:data:`LINE_BREAKS`).

        Every break is one character, so the lines and their offsets are those of ``text``
        itself: the breaks are turned into ``"\\n"`` (same length) only to split on them.
        The compiled kernel does this where it is installed (``arclean.backend``);
        :meth:`parse_python` is its reference.
        """
        if _NATIVE_PARSER is not None:
            lines, key_text, key_starts = _NATIVE_PARSER.parse(text)
            return cls(text=text, lines=lines, key_text=key_text, key_starts=key_starts)
        return cls.parse_python(text)

    @classmethod
    def parse_python(cls, text: str) -> Document:
        """``parse`` in pure Python."""
        lined = _LINE_BREAK.sub("\n", text) if _HAS_BREAK.search(text) else text
        raw_lines = lined.split("\n")
        keys = [_without_trailing_decoration(key.strip()) for key in fold_key(lined).split("\n")]
        lines: list[Line] = []
        key_starts: list[int] = []
        append_line, append_start = lines.append, key_starts.append
        start = key_start = 0
        for index, (raw, key) in enumerate(zip(raw_lines, keys, strict=True)):
            end = start + len(raw)
            append_line(
                Line(
                    index,
                    start,
                    end,
                    raw,
                    key,
                    len(key.split()) if " " in key else int(bool(key)),
                    not key,
                    bool(key) and key[-1] in _SENTENCE_TAIL and _SENTENCE_END.search(key) is not None,
                    _without_bullet(key),
                )
            )
            append_start(key_start)
            start = end + 1
            key_start += len(key) + 1
        return cls(text=text, lines=lines, key_text="\n".join(keys), key_starts=key_starts)

    def nonblank(self) -> list[Line]:
        return [line for line in self.lines if not line.blank]

    def lines_matching(self, pattern: regex.Pattern[str] | re.Pattern[str] | None, *, line_starts: bool = True) -> Iterator[Line]:
        """Lines on which ``pattern`` finds something, each once, in order.

        With ``line_starts`` the pattern runs over ``"\n" + key_text``, so a pattern starting
        with ``\n`` is tried exactly at line starts (a match at offset ``p`` belongs to the line
        whose key starts at ``p`` in ``key_text``); otherwise it runs over ``key_text`` itself.
        """
        if pattern is None:
            return
        if line_starts:
            if self._prefixed is None:
                self._prefixed = "\n" + self.key_text
            text = self._prefixed
        else:
            text = self.key_text
        last = -1
        for found in pattern.finditer(text):
            index = bisect.bisect_right(self.key_starts, found.start()) - 1
            if index != last:
                last = index
                yield self.lines[index]


def _without_trailing_decoration(key: str) -> str:
    end = len(key)
    # a walk over the trailing decoration only (a few characters), never over the line
    while end and (
        key[end - 1] in _DECORATION_END
        or key[end - 1] >= DECORATION_FROM
        or (key[end - 1] in LINK_MARKS and key[end - 2 : end - 1] == " ")
    ):
        end -= 1  # (a » after a space points at a link; right after a word it closes a quote)
    return key[:end] if end else key


def _without_bullet(key: str) -> str:
    if key and (key[0] in _BULLET_START or key[0] >= BULLET_FROM):
        prefix = _BULLET_PREFIX.match(key)
        if prefix is not None:
            return key[prefix.end() :]
    return key


def raw_offset(line: Line, key_position: int) -> int:
    """Offset in the original text of the character at ``key_position`` of ``line.key``."""
    folded = fold_key(line.text)
    lead = len(folded) - len(folded.lstrip())
    return line.start + key_offset_to_raw(line.text, key_position + lead)


#: Spaces and the characters the key leaves out (tatweel, invisible marks) before a glued part.
_GLUE_GAP = re.compile(r"[\s\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+$")


def glued_start(line: Line, key_position: int) -> int:
    """Where boilerplate glued inside a line starts in the original text: the character at
    ``key_position``, or the gap of spaces and tatweel in front of it when that gap holds a
    tatweel or an invisible mark the key left out ("… المقبل. ــ انتهى ــ" loses "ــ انتهى ــ",
    not "انتهى ــ")."""
    start = raw_offset(line, key_position)
    before = line.text[max(0, start - line.start - 32) : start - line.start]  # a short look back: linear
    gap = _GLUE_GAP.search(before)
    if gap is not None and gap.group().strip():
        return start - len(gap.group())
    return start


from arclean.backend import native, parser  # noqa: E402  (built from the classes above)

_NATIVE_PARSER = parser(native) if native is not None else None
