"""Normalizers: the fold phase. Each rewrites kept text only and counts what it changed.

Module = verb, function = object: ``normalize.digits(text)``. Every function returns
``(new_text, changed)`` where ``changed`` counts characters (or repaired runs, for mojibake).
Tables are built once at import; each function starts with a cheap search so text without
anything to fix costs one regex scan.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Callable
from importlib import resources
from typing import Literal

import ftfy
import regex

from arclean.chars import (
    ALEF_VARIANTS,
    ARABIC_INDIC_DIGITS,
    ASCII_DIGITS,
    CONTROL_SPACES,
    CONTROLS,
    DIACRITICS,
    FARSI_LETTERS,
    FARSI_YEHS,
    INVISIBLE,
    LINE_BREAKS,
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
_LATIN1_LEAD = "ØÙ"
_LATIN1_NEXT = "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
_LATIN1_MOJIBAKE = regex.compile(f"[{_LATIN1_LEAD}]{_LATIN1_NEXT}")
# UTF-8 Arabic read as windows-1256 starts every letter with ط or ظ followed by a character that
# cp1256 puts at 0x80-0xBF. ftfy does not know cp1256, so those runs are re-encoded here.
_CP1256_CONTINUATION = "".join(sorted(set(bytes(range(0x80, 0xC0)).decode("cp1256"))))
_CP1256_LEAD = "طظ"
_CP1256_PAIR = f"[{_CP1256_LEAD}][" + regex.escape(_CP1256_CONTINUATION) + "]"
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
    if _CP1256_LEAD[0] in text or _CP1256_LEAD[1] in text:
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
_TO_ARABIC_INDIC = {
    **dict(zip(ASCII_DIGITS, ARABIC_INDIC_DIGITS, strict=True)),
    **dict(zip(PERSIAN_DIGITS, ARABIC_INDIC_DIGITS, strict=True)),
}
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'«»]+")
_EMAIL_LOCAL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}\Z")
_EMAIL_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+")


def url_and_email_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs and e-mail addresses in ``text``, in order, not overlapping.

    E-mail addresses are found from their "@" outwards, so text without one costs one search.
    """
    spans: list[tuple[int, int]] = []
    for lead in ("http", "www."):  # str.find is much faster than scanning with the pattern
        start = text.find(lead)
        while start != -1:
            url = _URL.match(text, start)
            if url:
                spans.append(url.span())
            start = text.find(lead, url.end() if url else start + 1)
    at = text.find("@")
    while at != -1:
        local = _EMAIL_LOCAL.search(text, max(0, at - 64), at)
        domain = _EMAIL_DOMAIN.match(text, at + 1)
        if local and domain:
            spans.append((local.start(), domain.end()))
        at = text.find("@", at + 1)
    return merge_spans(spans)


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` sorted, with overlapping ones joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


#: Spans whose digits the ``"arabic_indic"`` option leaves as written, besides URLs and e-mail
#: addresses (identifiers: a URL with ١ is another address than one with 1, so neither option
#: touches them): tokens with Latin letters (H1N1, COVID-19, v2.3, 5G), a number right after a
#: Latin word (iPhone 15), and dotted groups of three or more (IP addresses, version numbers).
#: An Arabic-Indic "١٩٢.١٦٨.١.١" in prose is a number written in Arabic digits: to ASCII it goes.
_LATIN_CONTEXT = regex.compile(
    r"(?<![\w.-])(?:[A-Za-z]+[\w.-]*\d|\d+[\w.-]*[A-Za-z])[\w.-]*"
    r"|(?<=[A-Za-z] )\d+(?:[.,]\d+)*(?![\w.])"
    r"|(?<![\w.])\d+(?:\.\d+){2,}(?![\w.])",
    regex.ASCII,
)


def protected_digit_spans(text: str, to: str) -> list[tuple[int, int]]:
    """Spans of ``text`` whose digits the ``digits`` option ``to`` keeps as written."""
    spans = url_and_email_spans(text)
    if to == "arabic_indic" and _LATIN_HINT.search(text):
        spans = merge_spans([*spans, *(m.span() for m in _LATIN_CONTEXT.finditer(text))])
    return spans


_LATIN_HINT = re.compile(r"[A-Za-z]|\d\.\d+\.")


def _digits_outside(mapping: dict[str, str], to: str) -> Normalizer:
    """Map digits everywhere but inside ``protected_digit_spans(text, to)``.

    The mapping is one character for one, so the whole text is mapped in one pass and the
    protected spans are copied back from the input (searched only when a digit changed).
    """
    replace = _mapper(mapping)

    def convert(text: str) -> tuple[str, int]:
        mapped, changed = replace(text)
        if not changed:
            return text, 0
        spans = protected_digit_spans(text, to)
        if not spans:
            return mapped, changed
        parts: list[str] = []
        position = 0
        for start, end in spans:
            original = text[start:end]
            parts += [mapped[position:start], original]
            changed -= sum(1 for a, b in zip(original, mapped[start:end], strict=True) if a != b)
            position = end
        parts.append(mapped[position:])
        return "".join(parts), changed

    return convert


_DIGIT_STEPS: dict[str, Normalizer] = {
    "ascii": _digits_outside(_TO_ASCII, "ascii"),
    "arabic_indic": _digits_outside(_TO_ARABIC_INDIC, "arabic_indic"),
}


def digits(text: str, to: Literal["ascii", "arabic_indic"] = "ascii") -> tuple[str, int]:
    """Digits to ASCII (Arabic-Indic ٠-٩ and Persian ۰-۹), or to Arabic-Indic (ASCII and Persian).

    Digits inside URLs and e-mail addresses are identifiers and keep their form either way; to
    Arabic-Indic, digits in Latin tokens, IP addresses and version numbers stay ASCII.

    >>> digits("عام ٢٠٢٤")[0]
    'عام 2024'
    >>> digits("عام 2024 وH1N1", to="arabic_indic")[0] == "عام ٢٠٢٤ وH1N1"
    True
    """
    return _DIGIT_STEPS[to](text)


# ------------------------------------------------------------ letters/marks ---
diacritics = _deleter(DIACRITICS)
diacritics.__doc__ = "Remove harakat, tanween, shadda, sukun, superscript alef and Quranic annotation marks."
invisible = _deleter(INVISIBLE | (CONTROLS - CONTROL_SPACES))
invisible.__doc__ = "Remove zero-width and bidi marks, the BOM and control characters (VT/FF are spaces: see ``spaces``)."
alef = _mapper(ALEF_VARIANTS)
alef.__doc__ = "أ إ آ ٱ to bare alef ا (lossy: hamza carries meaning)."
teh_marbuta = _mapper({"\u0629": "\u0647"})
teh_marbuta.__doc__ = "ة to ه (lossy)."
alef_maksura = _mapper({"\u0649": "\u064a"})
alef_maksura.__doc__ = "ى to ي (lossy)."

# A run of tatweel that does not sit between two digits: led by the tatweel itself (a literal the
# engine scans for fast); possessive, so a run between digits is never taken in part.
_KASHIDA_RUN = re.compile(r"(?<![\d" + TATWEEL + "])" + TATWEEL + "++|" + TATWEEL + r"++(?!\d)")


def tatweel(text: str) -> tuple[str, int]:
    """Remove kashida (ـ), which only stretches letters; between two digits it is kept as written.

    Digits never join, so a tatweel between digits ("١٠ـ٢٠", "2024ـ05ـ01") is a separator, not a
    stretch: removing it would glue two numbers into one, and turning it into "-" would make a
    second cleaning pass read the line differently (a date) than the first did.

    >>> tatweel("الســلام ١٠ـ٢٠")[0] == "السلام ١٠ـ٢٠"
    True
    """
    if TATWEEL not in text:
        return text, 0
    length = len(text)
    text = _KASHIDA_RUN.sub("", text)
    return text, length - len(text)


# ------------------------------------------------------------- Farsi letters ---
_ALEF_MAKSURA, _YEH = "\u0649", "\u064a"
_FARSI_TARGET = {**FARSI_LETTERS, **dict.fromkeys(FARSI_YEHS, _YEH)}
# After a yeh form: the word has ended when what follows (past marks and tatweel) is no letter.
_WORD_GOES_ON = regex.compile(r"[\p{M}\u0640]*\p{L}")
# The word before a word-final yeh, read backwards at most _LONGEST_WORD characters (no listed
# word is longer).
_WORD_BEFORE = regex.compile(r"(?r)[\p{L}\p{M}\u0640]*")  # matched backwards from the yeh
_LONGEST_WORD = 40
_LOOKUP_DROP = _char_class(DIACRITICS | {TATWEEL})
_LOOKUP_TABLE = str.maketrans({**ALEF_VARIANTS, **FARSI_LETTERS, **dict.fromkeys(FARSI_YEHS, _YEH)})


def _lookup_key(word: str) -> str:
    """A word as ``letters.toml`` lists it: no marks, bare alef, Arabic letters, final ى."""
    key = _LOOKUP_DROP.sub("", word).translate(_LOOKUP_TABLE)
    return key[:-1] + _ALEF_MAKSURA


class LetterDataError(ValueError):
    """``arclean/data/letters.toml`` is malformed; the message names the class and the word."""


@functools.cache
def alef_maksura_words() -> frozenset[str]:
    """Every word (lookup key, with its clitics) that a word-final Persian yeh spells with ى."""
    data = tomllib.loads(resources.files("arclean.data").joinpath("letters.toml").read_text(encoding="utf-8"))
    return parse_letter_data(data)


def parse_letter_data(data: dict, origin: str = "letters.toml") -> frozenset[str]:
    """Validate the classes of a parsed ``letters.toml`` and expand them with their clitics."""
    clitic_sets: dict[str, list[str]] = data.get("clitics", {})
    forms: set[str] = set()
    listed: dict[str, str] = {}
    for entry in data.get("class", []):
        where = f"{origin}: class {entry.get('id', '?')}"
        clitics = clitic_sets.get(entry.get("clitics", ""))
        if clitics is None:
            raise LetterDataError(f"{where}: clitics {entry.get('clitics')!r} is not one of {', '.join(clitic_sets)}")
        for word in entry.get("words", []):
            key = _LOOKUP_DROP.sub("", word).translate(_LOOKUP_TABLE)
            if not key.endswith(_ALEF_MAKSURA):
                raise LetterDataError(f"{where}: {word!r} does not end in ى")
            if key in listed:
                raise LetterDataError(f"{where}: {word!r} is already listed in class {listed[key]}")
            listed[key] = entry.get("id", "?")
            stems = [key]
            if entry.get("persons") and "past" in entry:  # a تفعّى/تفاعى past: يتفعّى تتفعّى نتفعّى أتفعّى
                stems = [person + key for person in "يتنا"] + ([key] if entry["past"] else [])
            elif entry.get("persons"):  # a present listed with ي: also with ت ن أ
                stems = [person + key[1:] for person in "يتنا"]
            for stem in stems:
                forms.update(clitic + stem for clitic in clitics)
    for word in data.get("yeh_words", {}).get("words", []):
        key = _lookup_key(word)
        if key not in forms:
            raise LetterDataError(f"{origin}: yeh_words: {word!r} is not a form any class spells with ى")
        forms.discard(key)
    return frozenset(forms)


@functools.lru_cache(maxsize=4096)
def _spelled_with_alef_maksura(word: str) -> bool:
    """Whether ``word`` (ending in a yeh form) is a listed ى word; cached: words repeat."""
    return _lookup_key(word) in alef_maksura_words()


def _final_yeh_positions(text: str) -> list[int]:
    """Offsets of the yeh forms that end a word (found with str.find: most text has none)."""
    positions: list[int] = []
    for yeh in FARSI_YEHS:
        at = text.find(yeh)
        while at != -1:
            if not _WORD_GOES_ON.match(text, at + 1):
                positions.append(at)
            at = text.find(yeh, at + 1)
    return sorted(positions)


def _fold_final_yehs(text: str) -> tuple[str, int]:
    """Each word-final yeh form to ى (listed word) or ي; the rest of the text as it was."""
    parts: list[str] = []
    position = 0
    finals = _final_yeh_positions(text)
    for end in finals:
        window = max(0, end - _LONGEST_WORD)
        before = _WORD_BEFORE.match(text, window, end)
        start = before.start() if before else end
        listed = start > window or window == 0  # else the word is longer than any listed one
        letter = _ALEF_MAKSURA if listed and _spelled_with_alef_maksura(text[start : end + 1]) else _YEH
        parts += [text[position:end], letter]
        position = end + 1
    parts.append(text[position:])
    return "".join(parts), len(finals)


def farsi_letters(text: str) -> tuple[str, int]:
    """Farsi, Urdu and Kurdish letters to the Arabic letters they stand for.

    Keheh ک becomes ك and the heh forms ھ ہ ە become ه (ۀ ۃ become ة) wherever they are. A
    Persian keyboard writes both ي and ى as ی (Urdu ے, Pashto ۍ): inside a word that is ي; at
    the end of a word it is ى when the word with ى is in ``arclean/data/letters.toml`` (على,
    مستشفى, أقصى, مضى ...) and ي otherwise (في, العربي). Gaf گ, peh پ, tcheh چ are kept.

    >>> farsi_letters("علی الرغم فی المستشفی")[0] == "على الرغم في المستشفى"
    True
    """
    present = [letter for letter in _FARSI_TARGET if letter in text]  # `in` per letter: C speed
    if not present:
        return text, 0
    changed = 0
    if any(letter in FARSI_YEHS for letter in present):
        text, changed = _fold_final_yehs(text)
    for letter in present:
        changed += text.count(letter)
        text = text.replace(letter, _FARSI_TARGET[letter])
    return text, changed


# -------------------------------------------------------------- whitespace ---
_ODD_SPACE = _char_class(ODD_SPACES | CONTROL_SPACES)
_ANY_LINE_BREAK = _char_class(LINE_BREAKS)
# Led by two literal spaces, so the engine skips ahead to each run (" {2,}" tries at every
# space: 5x slower on news text).
_SPACE_RUN = re.compile("  +")
_BLANK_RUN = re.compile(r"\n{3,}")


def spaces(text: str) -> tuple[str, int]:
    """Line breaks to LF, odd spaces to U+0020, runs of spaces to one, lines stripped.

    CRLF, a lone CR, NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR each become one LF; no-break
    and typographic spaces, tab, vertical tab, form feed and the information separators
    U+001C-U+001F become a space (they separate words: deleting them would glue two).
    Counts characters replaced plus characters removed.
    """
    replaced = 0
    if any(brk in text for brk in LINE_BREAKS):  # `in` per character: faster than a class scan
        replaced = text.count("\r\n")
        if replaced:
            text = text.replace("\r\n", "\n")
        if any(brk in text for brk in LINE_BREAKS):
            text, lone = _ANY_LINE_BREAK.subn("\n", text)
            replaced += lone
    if _ODD_SPACE.search(text):
        text, odd = _ODD_SPACE.subn(" ", text)
        replaced += odd
    before = len(text)
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    text = "\n".join(line.strip(" ") for line in text.split("\n"))
    return text, replaced + before - len(text)


def blank_lines(text: str) -> tuple[str, int]:
    """Runs of blank lines to a single blank line; none at the start or end. Counts removed newlines."""
    result = _BLANK_RUN.sub("\n\n", text).strip("\n")
    return result, len(text) - len(result)


#: Every normalizer in the order it must run (mojibake first: the others need real letters;
#: spaces last). Each name is the option that switches it on, its function here and its key in
#: ``CleanResult.changes``; ``digits`` is the one option with a value (see ``plan``).
ORDER: tuple[str, ...] = (
    "mojibake",
    "invisible",
    "presentation_forms",
    "farsi_letters",
    "digits",
    "diacritics",
    "tatweel",
    "alef",
    "teh_marbuta",
    "alef_maksura",
    "spaces",
    "blank_lines",
)


#: name -> function of every normalizer but ``digits`` (whose function takes the option's value).
NORMALIZERS: dict[str, Normalizer] = {
    "mojibake": mojibake,
    "invisible": invisible,
    "presentation_forms": presentation_forms,
    "farsi_letters": farsi_letters,
    "diacritics": diacritics,
    "tatweel": tatweel,
    "alef": alef,
    "teh_marbuta": teh_marbuta,
    "alef_maksura": alef_maksura,
    "spaces": spaces,
    "blank_lines": blank_lines,
}


def plan(options: NormalizeOptions, *, compiled: bool = True) -> list[tuple[str, Normalizer]]:
    """The normalizers that ``options`` switch on, in the order they must run.

    Where the compiled kernel runs (``arclean.backend``), its normalizers replace the functions
    above (their reference) unless ``compiled`` is false.
    """
    replace = NATIVE_NORMALIZERS if compiled else {}
    steps: list[tuple[str, Normalizer]] = []
    for name in ORDER:
        setting = getattr(options, name)
        if name == "digits":
            if setting != "keep":
                steps.append((name, replace.get(f"digits:{setting}", _DIGIT_STEPS[setting])))
        elif setting:
            steps.append((name, replace.get(name, NORMALIZERS[name])))
    return steps


def normalize(text: str, options: NormalizeOptions | None = None, *, compiled: bool = True) -> tuple[str, dict[str, int]]:
    """Run every normalizer ``options`` switch on; return the text and changes per normalizer.

    ``compiled=False`` runs the pure-Python normalizers even where the compiled kernel is
    installed (the output is the same; the tests compare the two).

    >>> normalize("العدد ٢٠٢٤ــ")[0]
    'العدد 2024'
    """
    options = options or NormalizeOptions()
    if compiled and NATIVE_NORMALIZERS:
        return _native_chain(options)(text)
    return _run(plan(options, compiled=False), text)


def _run(steps: list[tuple[str, Normalizer]], text: str) -> tuple[str, dict[str, int]]:
    """The pure-Python normalizers ``steps`` in order: the text and the changes of each."""
    changes: dict[str, int] = {}
    for name, step in steps:
        text, changed = step(text)
        if changed:
            changes[name] = changes.get(name, 0) + changed
    return text, changes


def normalizer(options: NormalizeOptions | None = None) -> Callable[[str], tuple[str, dict[str, int]]]:
    """``normalize`` with these options as a function of the text alone, the normalizers chosen
    once: what a pipeline runs on each document (no options read per call).

    >>> normalizer(NormalizeOptions.only(tatweel=True))("العــدد")
    ('العدد', {'tatweel': 2})
    """
    options = options or NormalizeOptions()
    if NATIVE_NORMALIZERS:
        return _native_chain(options)
    return functools.partial(_run, plan(options, compiled=False))


from arclean.backend import native, normalizers  # noqa: E402  (built from the tables above)

#: The compiled normalizers by name (``digits:ascii``, ``digits:arabic_indic`` for digits);
#: empty on the Python backend.
NATIVE_NORMALIZERS: dict[str, Normalizer] = normalizers(native) if native is not None else {}


@functools.lru_cache(maxsize=64)
def _native_chain(options: NormalizeOptions) -> Callable[[str], tuple[str, dict[str, int]]]:
    """The compiled normalizers ``options`` switch on, run in one call on one copy of the text."""
    assert native is not None
    return native.Chain([step for _, step in plan(options)])
