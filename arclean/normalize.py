"""Normalizers: the fold phase. Each rewrites kept text only and counts what it changed.

Module = verb, function = object: ``normalize.digits(text)``. Every function returns
``(new_text, changed)`` where ``changed`` counts characters (or repaired runs, for mojibake).
Tables are built once at import; each function starts with a cheap search so text without
anything to fix costs one regex scan.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import ftfy
import regex

from arclean.chars import (
    ALEF_VARIANTS,
    ARABIC_INDIC_DIGITS,
    ASCII_DIGITS,
    CONTROLS,
    DIACRITICS,
    FARSI_LETTERS,
    INVISIBLE,
    ODD_SPACES,
    PERSIAN_DIGITS,
    TATWEEL,
)
from arclean.models import NormalizeOptions

Normalizer = Callable[[str], tuple[str, int]]


def _char_class(chars: str | frozenset[str]) -> re.Pattern[str]:
    """One character class, with consecutive code points written as ranges (much faster)."""
    points = sorted({ord(c) for c in chars})
    parts: list[str] = []
    start = previous = points[0]
    for point in [*points[1:], -1]:
        if point != previous + 1:
            first, last = regex.escape(chr(start)), regex.escape(chr(previous))
            parts.append(first if start == previous else f"{first}-{last}")
            start = point
        previous = point
    # The standard library's engine beats `regex` 3-9x on a plain character class.
    return re.compile("[" + "".join(parts) + "]")


def _deleter(chars: frozenset[str] | str) -> Normalizer:
    if len(chars) == 1:  # one character (tatweel): str.count + str.replace, no regex at all
        (char,) = tuple(chars)

        def delete_one(text: str) -> tuple[str, int]:
            count = text.count(char)
            return (text.replace(char, ""), count) if count else (text, 0)

        return delete_one

    pattern = _char_class(chars)

    def delete(text: str) -> tuple[str, int]:
        if not pattern.search(text):
            return text, 0
        return pattern.subn("", text)

    return delete


def _mapper(mapping: dict[str, str]) -> Normalizer:
    """A normalizer replacing each key of ``mapping`` by its value, counting replacements.

    A few frequent letters (alef forms, teh marbuta): one ``str.replace`` per letter, all C.
    Many rare characters (digits, presentation forms): one ``re.subn`` over their class with a
    dict lookup per match. Both beat ``str.translate``, which looks every character up in a
    Python dict (measured on the dev set).
    """
    if len(mapping) <= 12:
        pairs = tuple(mapping.items())

        def replace(text: str) -> tuple[str, int]:
            changed = 0
            for source, target in pairs:
                count = text.count(source)
                if count:
                    text = text.replace(source, target)
                    changed += count
            return text, changed

        return replace

    pattern = _char_class(frozenset(mapping))
    lookup = mapping.__getitem__

    def translate(text: str) -> tuple[str, int]:
        if not pattern.search(text):
            return text, 0
        return pattern.subn(lambda found: lookup(found.group()), text)

    return translate


# ---------------------------------------------------------------- mojibake ---
# UTF-8 Arabic read as cp1252/latin-1 starts every letter with Ø or Ù; ftfy repairs it.
_LATIN1_MOJIBAKE = regex.compile("[ØÙ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]")
# UTF-8 Arabic read as windows-1256 starts every letter with ط or ظ followed by a character that
# cp1256 puts at 0x80-0xBF. ftfy does not know cp1256, so those runs are re-encoded here.
_CP1256_CONTINUATION = "".join(sorted(set(bytes(range(0x80, 0xC0)).decode("cp1256"))))
_CP1256_PAIR = "[طظ][" + regex.escape(_CP1256_CONTINUATION) + "]"
# Two or more letters' worth of pairs in a row; words of them may be separated by spaces or ASCII.
_CP1256_RUN = regex.compile(f"(?:{_CP1256_PAIR}){{2,}}(?:[ -~]+(?:{_CP1256_PAIR}){{2,}})*")


def _repair_cp1256_run(match: regex.Match[str]) -> str:
    run = match.group()
    try:
        return run.encode("cp1256").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return run


def mojibake(text: str) -> tuple[str, int]:
    """Repair UTF-8 text that was decoded as cp1252/latin-1 (ftfy) or as windows-1256.

    >>> mojibake("Ø§Ù„Ø¹Ø±Ø§Ù‚")[0] == "العراق"
    True
    >>> mojibake("ط§ظ„ط¹ط±ط§ظ‚")[0] == "العراق"
    True
    """
    repaired = 0
    if _LATIN1_MOJIBAKE.search(text):
        fixed = ftfy.fix_encoding(text)
        if fixed != text:
            text, repaired = fixed, repaired + 1
    if "ط" in text or "ظ" in text:
        fixed, runs = _CP1256_RUN.subn(_repair_cp1256_run, text)
        if fixed != text:
            text, repaired = fixed, repaired + runs
    return text, repaired


# ------------------------------------------------------ presentation forms ---
_PRESENTATION_FORMS = {
    chr(cp): unicodedata.normalize("NFKC", chr(cp))
    for cp in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)]
    if unicodedata.category(chr(cp)) != "Cn" and unicodedata.normalize("NFKC", chr(cp)) != chr(cp)
}
presentation_forms = _mapper(_PRESENTATION_FORMS)
presentation_forms.__doc__ = "Arabic presentation forms and lam-alef ligatures to plain letters."

# ------------------------------------------------------------------ digits ---
_TO_ASCII = {**dict(zip(ARABIC_INDIC_DIGITS, ASCII_DIGITS, strict=True)), **dict(zip(PERSIAN_DIGITS, ASCII_DIGITS, strict=True))}
digits_to_ascii = _mapper(_TO_ASCII)
digits_to_ascii.__doc__ = "Arabic-Indic and Persian digits to ASCII digits."
_TO_ARABIC_INDIC = {
    **dict(zip(ASCII_DIGITS, ARABIC_INDIC_DIGITS, strict=True)),
    **dict(zip(PERSIAN_DIGITS, ARABIC_INDIC_DIGITS, strict=True)),
}
digits_to_arabic_indic = _mapper(_TO_ARABIC_INDIC)
digits_to_arabic_indic.__doc__ = "ASCII and Persian digits to Arabic-Indic digits."

# ------------------------------------------------------------ letters/marks ---
diacritics = _deleter(DIACRITICS)
tatweel = _deleter(TATWEEL)
invisible = _deleter(INVISIBLE | CONTROLS)
farsi_letters = _mapper(FARSI_LETTERS)
alef = _mapper(ALEF_VARIANTS)
teh_marbuta = _mapper({"\u0629": "\u0647"})
alef_maksura = _mapper({"\u0649": "\u064a"})

# -------------------------------------------------------------- whitespace ---
_ODD_SPACE = _char_class(ODD_SPACES)
_SPACE_RUN = re.compile(r" {2,}")
_BLANK_RUN = re.compile(r"\n{3,}")


def spaces(text: str) -> tuple[str, int]:
    """Odd spaces to U+0020, runs of spaces to one, spaces and CRs stripped at line ends.

    Counts characters replaced plus characters removed.
    """
    replaced = 0
    if _ODD_SPACE.search(text):
        text, replaced = _ODD_SPACE.subn(" ", text)
    before = len(text)
    text = "\n".join(line.strip(" \r") for line in _SPACE_RUN.sub(" ", text).split("\n"))
    return text, replaced + before - len(text)


def blank_lines(text: str) -> tuple[str, int]:
    """Runs of blank lines to a single blank line; none at the start or end. Counts removed newlines."""
    result = _BLANK_RUN.sub("\n\n", text).strip("\n")
    return result, len(text) - len(result)


#: Every normalizer in the order it must run (mojibake first: the others need real letters;
#: spaces last), with the option that switches it on.
STEPS: tuple[tuple[str, Callable[[NormalizeOptions], bool], Normalizer], ...] = (
    ("mojibake", lambda o: o.repair_mojibake, mojibake),
    ("invisible", lambda o: o.remove_invisible, invisible),
    ("presentation_forms", lambda o: o.expand_presentation_forms, presentation_forms),
    ("farsi_letters", lambda o: o.fold_farsi, farsi_letters),
    ("digits", lambda o: o.digits == "ascii", digits_to_ascii),
    ("digits", lambda o: o.digits == "arabic_indic", digits_to_arabic_indic),
    ("diacritics", lambda o: o.remove_diacritics, diacritics),
    ("tatweel", lambda o: o.remove_tatweel, tatweel),
    ("alef", lambda o: o.fold_alef, alef),
    ("teh_marbuta", lambda o: o.fold_teh_marbuta, teh_marbuta),
    ("alef_maksura", lambda o: o.fold_alef_maksura, alef_maksura),
    ("spaces", lambda o: o.normalize_spaces, spaces),
    ("blank_lines", lambda o: o.collapse_blank_lines, blank_lines),
)


def plan(options: NormalizeOptions) -> list[tuple[str, Normalizer]]:
    """The normalizers that ``options`` switch on, in the order they must run."""
    return [(name, step) for name, switched_on, step in STEPS if switched_on(options)]


def normalize(text: str, options: NormalizeOptions | None = None) -> tuple[str, dict[str, int]]:
    """Run every normalizer ``options`` switch on; return the text and changes per normalizer.

    >>> normalize("العدد ٢٠٢٤ــ")[0]
    'العدد 2024'
    """
    changes: dict[str, int] = {}
    for name, step in plan(options or NormalizeOptions()):
        text, changed = step(text)
        if changed:
            changes[name] = changes.get(name, 0) + changed
    return text, changes
