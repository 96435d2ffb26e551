"""Character classes and translation tables, built once at import.

Letters and marks come from pyarabic's constants rather than being retyped here; the
ranges pyarabic does not name (Quranic marks, bidi controls, odd spaces) are spelled out
with a comment saying what they are.
"""

from __future__ import annotations

import re
from itertools import filterfalse

import pyarabic.araby as araby

#: Harakat, tanween, shadda and sukun (pyarabic), plus superscript alef and the
#: extended Arabic marks U+0610-U+061A, U+0653-U+065F and Quranic annotation marks.
DIACRITICS: frozenset[str] = frozenset(
    "".join(araby.TASHKEEL)
    + araby.MINI_ALEF
    + "".join(chr(c) for c in range(0x0610, 0x061B))
    + "".join(chr(c) for c in range(0x0653, 0x0660))
    + "".join(chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06DD, 0x06DE, 0x06E9))
)

TATWEEL: str = araby.TATWEEL

#: Zero-width and bidi controls, soft hyphen, the Arabic letter mark and the BOM.
INVISIBLE: frozenset[str] = frozenset(
    "\u00ad\u061c\u180e\ufeff"
    + "".join(chr(c) for c in range(0x200B, 0x2010))
    + "".join(chr(c) for c in range(0x202A, 0x202F))
    + "".join(chr(c) for c in range(0x2060, 0x2070))
)

#: C0 controls other than tab/newline/carriage return (a stray NUL, form feeds).
CONTROLS: frozenset[str] = frozenset(chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)) | {"\x7f"}

#: The controls among ``CONTROLS`` that separate words: vertical tab, form feed and the
#: information separators U+001C-U+001F (``str.isspace()`` is true for all six). The fold phase
#: turns them into spaces, never deletes them, so the words on either side stay apart.
CONTROL_SPACES: frozenset[str] = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f")

#: Line breaks other than LF: a lone CR (old Mac files), NEL, LINE and PARAGRAPH SEPARATOR.
#: The fold phase writes each of them, and CRLF, as one LF.
LINE_BREAKS: frozenset[str] = frozenset("\r\x85\u2028\u2029")

#: Spaces that are not U+0020: no-break, en/em and the other typographic spaces, tab.
ODD_SPACES: frozenset[str] = frozenset("\t\u00a0\u1680\u202f\u205f\u3000" + "".join(chr(c) for c in range(0x2000, 0x200B)))

ARABIC_INDIC_DIGITS: str = "".join(araby.NUMBERS_EAST)  # ٠١٢٣٤٥٦٧٨٩
PERSIAN_DIGITS: str = "".join(chr(0x06F0 + i) for i in range(10))  # ۰۱۲۳۴۵۶۷۸۹
ASCII_DIGITS: str = "0123456789"

#: Farsi/Urdu/Kurdish letters that Arabic-language sites carry by keyboard accident, folded to
#: the Arabic letter they stand for in every position: keheh ک, heh doachashmee ھ, heh goal ہ,
#: Kurdish ae ە, heh with yeh above ۀ and teh marbuta goal ۃ. The yeh forms (ی ے ۍ) are not
#: here: at the end of a word they stand for ي or ى, and a word list decides
#: (``arclean/data/letters.toml``, ``arclean.normalize.farsi_letters``). Gaf گ, peh پ, tcheh چ,
#: jeh ژ and veh ڤ are letters of their own (foreign names) and are never folded.
FARSI_LETTERS: dict[str, str] = {
    "\u06a9": araby.KAF,
    "\u06be": araby.HEH,
    "\u06c1": araby.HEH,
    "\u06d5": araby.HEH,
    "\u06c0": araby.TEH_MARBUTA,
    "\u06c3": araby.TEH_MARBUTA,
}

#: Yeh forms of Persian (ی), Urdu (ے yeh barree) and Pashto (ۍ): ي inside a word, ي or ى at its end.
FARSI_YEHS: str = "\u06cc\u06d2\u06cd"

#: The Farsi letters the matching key folds (kept as they were when the key was defined: the
#: find phase's patterns are written against it).
_KEY_FARSI: dict[str, str] = {"\u06cc": araby.YEH, "\u06a9": araby.KAF, "\u06c0": araby.TEH_MARBUTA}

#: Alef/hamza carriers folded to bare alef (lossy, used for matching keys always and for
#: output only when the user asks for it).
ALEF_VARIANTS: dict[str, str] = {
    araby.ALEF_HAMZA_ABOVE: araby.ALEF,
    araby.ALEF_HAMZA_BELOW: araby.ALEF,
    araby.ALEF_MADDA: araby.ALEF,
    araby.ALEF_WASLA: araby.ALEF,
}


def _key_table() -> dict[int, str | None]:
    """The matching-key table: every entry deletes a character or maps it to one character.

    Keys are what cue patterns are written against, so a pattern never has to list
    hamza forms, tanween, tatweel, ى/ي, ة/ه, Persian letters or odd spaces. Because no
    entry expands a character, a key offset maps back to exactly one input offset.
    """
    table: dict[int, str | None] = {}
    for ch in DIACRITICS | INVISIBLE | CONTROLS | {TATWEEL, "\r"}:
        table[ord(ch)] = None
    for ch in ODD_SPACES:
        table[ord(ch)] = " "
    for src, dst in {**ALEF_VARIANTS, **_KEY_FARSI}.items():
        table[ord(src)] = dst
    table[ord(araby.ALEF_MAKSURA)] = araby.YEH
    table[ord(araby.TEH_MARBUTA)] = araby.HEH
    for i in range(10):
        table[ord(ARABIC_INDIC_DIGITS[i])] = ASCII_DIGITS[i]
        table[ord(PERSIAN_DIGITS[i])] = ASCII_DIGITS[i]
    return table


KEY_TABLE: dict[int, str | None] = _key_table()

# fold_key as one deletion regex plus a str.replace per mapped character: 4x faster than
# str.translate with the same table on Arabic text (translate looks every character up in a
# Python dict). A test checks both give the same key.
_KEY_DELETE = re.compile("[" + "".join(re.escape(chr(c)) for c, v in sorted(KEY_TABLE.items()) if v is None) + "]+")
_KEY_REPLACE = tuple((chr(c), v) for c, v in sorted(KEY_TABLE.items()) if v is not None)


def fold_key(text: str) -> str:
    """Fold text to its matching key (lossy; never shown to users).

    >>> fold_key("إقرأ أيضاً") == "اقرا ايضا"
    True
    """
    text = _KEY_DELETE.sub("", text)
    for source, target in _KEY_REPLACE:
        if source in text:
            text = text.replace(source, target)
    return text


_KEY_DELETED_CHAR = re.compile(_KEY_DELETE.pattern[:-1])  # the same class, one character at a time


def key_to_raw_offsets(text: str) -> list[int]:
    """For each character of ``fold_key(text)``, its offset in ``text``.

    Every offset but those of the deleted characters (found by runs, a C-level scan): no Python
    step per character of a long value."""
    gone: set[int] = set()
    for run in _KEY_DELETE.finditer(text):
        gone.update(range(run.start(), run.end()))
    return list(filterfalse(gone.__contains__, range(len(text)))) if gone else list(range(len(text)))


def key_offset_to_raw(text: str, key_position: int) -> int:
    """Offset in ``text`` of the character at ``key_position`` of ``fold_key(text)``.

    Walks only the deleted characters (few), not the whole text.
    """
    position = key_position
    for deleted in _KEY_DELETED_CHAR.finditer(text):
        if deleted.start() > position:
            break
        position += 1
    return min(position, len(text))


#: The pure-Python ``fold_key``: the reference of the compiled one (``arclean.backend``).
fold_key_python = fold_key

from arclean.backend import key_folder, native  # noqa: E402  (built from the tables above)

if native is not None:
    fold_key = key_folder(native)
