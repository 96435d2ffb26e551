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
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, compress
from operator import add
from typing import overload

import regex

from arclean.chars import fold_key, key_offset_to_raw

#: An Arabic or a Latin letter, and either (explicit ranges: a scan for them is 3x faster than for ``\w``).
ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3A-Za-z]")
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


#: Below this many characters per line on average, ``Document.parse`` takes the lazy table
#: whichever backend runs (see there).
SHORT_LINES = 16

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
        return bool(LATIN_LETTER.search(self.key)) and not ARABIC_LETTER.search(self.key)

    @property
    def paragraph_like(self) -> bool:
        """Long enough, or sentence-shaped enough, to be story prose."""
        return self.words >= 15 or (self.words >= 8 and self.ends_sentence)


class LineTable(Sequence[Line]):
    """A document's lines as a compact table: each line's text, key and start offset, and a
    :class:`Line` built only for the lines someone asks about (then kept).

    Parsing a page of 100,000 blank or one-character lines costs a few C-level passes, not a
    Python object per line; cleaners look at ``Document.keys`` to skip such lines unbuilt.
    """

    __slots__ = ("_built", "_keys", "_starts", "_texts")

    def __init__(self, texts: list[str], keys: list[str], starts: list[int]) -> None:
        self._texts, self._keys, self._starts = texts, keys, starts
        self._built: list[Line | None] = [None] * len(keys)

    def __len__(self) -> int:
        return len(self._keys)

    @overload
    def __getitem__(self, index: int) -> Line: ...

    @overload
    def __getitem__(self, index: slice) -> list[Line]: ...

    def __getitem__(self, index: int | slice) -> Line | list[Line]:
        if isinstance(index, slice):
            return [self[position] for position in range(*index.indices(len(self._keys)))]
        line = self._built[index]
        if line is None:
            if index < 0:
                index += len(self._keys)
            line = self._built[index] = _make_line(index, self._starts[index], self._texts[index], self._keys[index])
        return line

    def span(self, index: int) -> tuple[int, int]:
        """The line's start and end offsets in the input (no ``Line`` built)."""
        start = self._starts[index]
        return start, start + len(self._texts[index])

    def spans(self, indices: list[int]) -> tuple[list[int], list[int]]:
        """The start and the end offsets of the lines at ``indices`` (C-level maps, no ``Line`` built)."""
        starts = list(map(self._starts.__getitem__, indices))
        return starts, list(map(add, starts, map(len, map(self._texts.__getitem__, indices))))

    def __iter__(self) -> Iterator[Line]:
        for index in range(len(self._keys)):
            yield self[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LineTable | list | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LineTable({list(self)!r})"


def _make_line(index: int, start: int, text: str, key: str) -> Line:
    return Line(
        index,
        start,
        start + len(text),
        text,
        key,
        len(key.split()) if " " in key else int(bool(key)),
        not key,
        bool(key) and key[-1] in _SENTENCE_TAIL and _SENTENCE_END.search(key) is not None,
        _without_bullet(key),
    )


@dataclass(slots=True)
class Document:
    """The original text split into lines at line breaks (see ``parse``).

    ``lines`` is a sequence of :class:`Line`; ``keys`` holds every line's key, so that a pass
    can skip blank and one-character lines (``long_lines``) without building their ``Line``.
    """

    text: str
    lines: Sequence[Line] = field(default_factory=list)
    key_text: str = ""  #: every line's key, joined by "\n" (line i starts at key_starts[i])
    key_starts: list[int] = field(default_factory=list)
    _prefixed: str | None = None
    keys: list[str] = field(default_factory=list)  #: every line's key (``Line.key``), by index
    _long: dict[int, list[int]] = field(default_factory=dict)
    _singles: dict[str, list[int]] | None = None
    _distinct: dict[str, None] | None = None
    #: what the find passes work out from the document alone, kept under each pass's own name
    #: for the cleaners that ask after the first (every cleaner of a pipeline asks in turn)
    memo: dict[object, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.keys and self.lines:
            self.keys = [line.key for line in self.lines]

    @classmethod
    def parse(cls, text: str) -> Document:
        """Split ``text`` into lines at ``"\\n"`` and the other line breaks (:data:`LINE_BREAKS`).

        Every break is one character, so the lines and their offsets are those of ``text``
        itself: the breaks are turned into ``"\\n"`` (same length) only to split on them.
        The compiled kernel does this where it is installed (``arclean.backend``);
        :meth:`parse_python` is its reference.
        """
        # The kernel builds every line's Line (cheaply, but one object per line): a text of many
        # short lines (pages of blank or one-character lines) takes the table, which builds only
        # the lines a cleaner asks for (the kernel builds the table too). All give the same lines.
        if _NATIVE_PARSER is None:
            return cls.parse_python(text)
        if text.count("\n") * SHORT_LINES < len(text):
            lines, key_text, key_starts = _NATIVE_PARSER.parse(text)
            return cls(text=text, lines=lines, key_text=key_text, key_starts=key_starts)
        texts, keys, starts, key_text, key_starts = _NATIVE_PARSER.table(text)  # parse_python's table
        return cls(text=text, lines=LineTable(texts, keys, starts), key_text=key_text, key_starts=key_starts, keys=keys)

    @classmethod
    def parse_python(cls, text: str) -> Document:
        """``parse`` in pure Python."""
        lined = _LINE_BREAK.sub("\n", text) if _HAS_BREAK.search(text) else text
        texts = lined.split("\n")
        keys = list(map(str.strip, fold_key(lined).split("\n")))
        key_text = "\n".join(keys)
        # Offsets without a Python loop: each line starts one past the previous line's end.
        starts = _starts(texts)
        key_starts = _starts(keys)
        # Trailing decoration is dropped from the keys of the lines that end in it (one scan finds
        # them; at most one match per line), not by a call per line.
        decorated = [bisect.bisect_right(key_starts, found.start()) - 1 for found in _DECORATED_END.finditer(key_text)]
        if decorated:
            for index in decorated:
                keys[index] = _without_trailing_decoration(keys[index])
            key_text = "\n".join(keys)
            key_starts = _starts(keys)
        return cls(text=text, lines=LineTable(texts, keys, starts), key_text=key_text, key_starts=key_starts, keys=keys)

    def long_lines(self, min_length: int = 2) -> list[int]:
        """Indices of the lines whose key has at least ``min_length`` characters, in order.

        A line of fewer characters is blank or one character long: no cue, name, title or date
        fits in it, so the passes that look for those skip it without building its ``Line``.
        """
        found = self._long.get(min_length)
        if found is None:
            keys = self.keys
            # C-level passes (compress over the lengths), not a Python test per line; a longer
            # minimum filters the lines of the nearest shorter one already found (every pass asks
            # for its own minimum: a page of 100,000 blank lines is read once, not once per pass)
            if min_length <= 0:
                found = list(range(len(keys)))
            elif min_length == 1:
                found = list(compress(range(len(keys)), keys))
            else:
                shorter = [length for length in self._long if 0 < length < min_length]
                within = self._long[max(shorter)] if shorter else self.long_lines(1)
                found = list(compress(within, map(min_length.__le__, map(len, map(keys.__getitem__, within)))))
            self._long[min_length] = found
        return found

    def span(self, index: int) -> tuple[int, int]:
        """Line ``index``'s start and end offsets in the input (its ``Line`` is not built)."""
        lines = self.lines
        if isinstance(lines, LineTable):
            return lines.span(index)
        return lines[index].start, lines[index].end

    def spans(self, indices: list[int]) -> tuple[list[int], list[int]]:
        """The start and the end offsets of the lines at ``indices`` (their ``Line``s are not built)."""
        lines = self.lines
        if isinstance(lines, LineTable):
            return lines.spans(indices)
        chosen = list(map(lines.__getitem__, indices))
        return [line.start for line in chosen], [line.end for line in chosen]

    def distinct_keys(self) -> dict[str, None]:
        """Every distinct key, in first-occurrence order (one C-level pass, kept)."""
        if self._distinct is None:
            self._distinct = dict.fromkeys(self.keys)
        return self._distinct

    def one_character_lines(self) -> dict[str, list[int]]:
        """The indices of the lines whose key is one character, grouped by that key."""
        if self._singles is None:
            keys = self.keys
            self._singles = group_by_key(keys, list(compress(range(len(keys)), map((1).__eq__, map(len, keys)))))
        return self._singles

    def nonblank(self) -> list[Line]:
        lines = self.lines
        return [lines[index] for index in self.long_lines(1)]

    def line_index(self, key_position: int) -> int:
        """The index of the line whose key holds ``key_position`` of ``key_text``."""
        return bisect.bisect_right(self.key_starts, key_position) - 1

    def lines_matching(self, pattern: regex.Pattern[str] | re.Pattern[str] | None, *, line_starts: bool = True) -> Iterator[Line]:
        """Lines on which ``pattern`` finds something, each once, in order.

        With ``line_starts`` the pattern runs over ``"\\n" + key_text``, so a pattern starting
        with ``\\n`` is tried exactly at line starts (a match at offset ``p`` belongs to the line
        whose key starts at ``p`` in ``key_text``); otherwise it runs over ``key_text`` itself.
        """
        for index in self.indices_matching(pattern, line_starts=line_starts):
            yield self.lines[index]

    def indices_matching(self, pattern: regex.Pattern[str] | re.Pattern[str] | None, *, line_starts: bool = True) -> list[int]:
        """The indices of the lines of ``lines_matching``, without building their ``Line``."""
        if pattern is None:
            return []
        if line_starts:
            if self._prefixed is None:
                self._prefixed = "\n" + self.key_text
            text = self._prefixed
        else:
            text = self.key_text
        found: list[int] = []
        starts = self.key_starts
        last = -1
        for match in pattern.finditer(text):
            index = bisect.bisect_right(starts, match.start()) - 1
            if index != last:
                last = index
                found.append(index)
        return found


def _starts(parts: list[str]) -> list[int]:
    """Where each of ``parts`` starts in ``"\\n".join(parts)``."""
    starts = [0, *accumulate(map((1).__add__, map(len, parts)))]
    del starts[-1]
    return starts


def with_keys(keys: list[str], indices: Sequence[int], wanted: Collection[str]) -> list[int]:
    """Those of ``indices`` whose line's key is in ``wanted`` (a C-level filter), in order."""
    return list(compress(indices, map(wanted.__contains__, map(keys.__getitem__, indices))))


def group_by_key(keys: list[str], indices: list[int]) -> dict[str, list[int]]:
    """``indices`` grouped by their line's key (first occurrence order), so that what depends on
    the key alone is decided once per distinct key."""
    if len(indices) > 64:
        distinct = dict.fromkeys(map(keys.__getitem__, indices))
        if len(distinct) * 16 <= len(indices):
            # a few keys repeated many times (a page of one menu line): one C-level filter per key
            return {key: list(compress(indices, map(key.__eq__, map(keys.__getitem__, indices)))) for key in distinct}
    groups: dict[str, list[int]] = {}
    for index in indices:
        key = keys[index]
        group = groups.get(key)
        if group is None:
            groups[key] = [index]
        else:
            group.append(index)
    return groups


#: A key ending in decoration (finds the lines whose key loses some; at most one match per line).
_DECORATED_END = re.compile(
    "(?:[" + re.escape("".join(sorted(_DECORATION_END))) + "\U0001f300-\U0010ffff]|(?<= )[»›>])$", re.MULTILINE
)


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
