"""Line skeletons: what stays the same when a site repeats a line on many pages.

A skeleton is a line's matching key (``arclean.chars.fold_key``: no diacritics, one alef, ...)
with the parts that change from page to page masked:

- web addresses become ``{url}``, e-mail addresses ``{email}`` and handles ``{handle}``
  ("للتواصل: a.writer@example.com" and "للتواصل: b.writer@example.org" are one line: a contact
  box whose address changes with the writer);
- runs of digits become ``{n}`` ("العدد 15234" and "العدد 15240" are one line);
- weekday and month names become ``{date}`` on lines with a number ("الأحد 3 مايو" and "الخميس 9 يونيو");
- in a short line cut by separators (``–``, ``|``, ``:``, ``/``, a spaced hyphen, brackets),
  each segment of one to four words may be a name: :func:`skeletons` also returns one
  variant per such segment with it masked as ``{name}`` ("عمر إبراهيم – عين اليوم" gives
  "{name} – عين اليوم"), as long as another segment keeps a word to anchor it; a longer segment
  (five to twelve words, not ending a sentence) may be a headline, masked as ``{title}``
  ("اقرأ أيضا: {title}"), in a line of up to sixteen words.

Skeletons are plain strings, so a person can read and edit them in a template file.

>>> skeletons("عمر إبراهيم – عين اليوم")[1:]
('{name} – عين اليوم', 'عمر ابراهيم – {name}')
>>> skeletons("العدد 15234 - الأحد 3 مايو")[0]
'العدد {n} - {date} {n} {date}'
"""

from __future__ import annotations

import re
from functools import cache

from arclean.chars import fold_key
from arclean.find.data import read_toml
from arclean.find.vocab import vocabulary

#: Lines of more words than this get no ``{name}`` variants (a name sits in a short line).
MASK_MAX_WORDS = 10
#: A segment of at most this many words may be a name.
NAME_MAX_WORDS = 4
#: A segment of this many words (from ``NAME_MAX_WORDS + 1``) may be a headline, in a line of
#: fewer than ``TITLE_LINE_WORDS`` words.
TITLE_MAX_WORDS = 12
TITLE_LINE_WORDS = 16

_URL = re.compile(r"(?:https?://|www\.)[^\s<>«»\"']+", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_HANDLE = re.compile(r"(?<![\w@])@\w+")
_LINK_CHARS = re.compile(r"[@/]|www\.", re.IGNORECASE)  #: cheap pre-check for the three above

_DIGITS = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")
#: Date names are masked on lines of fewer words than this (and with a number).
DATE_MAX_WORDS = 30
_SPACES = re.compile(r"[ \t]{2,}")  #: keys hold no odd spaces (fold_key made them " ")
#: Segment separators: dashes and bars, colons, slashes, Arabic and Latin commas, brackets,
#: guillemets, and a hyphen standing between spaces (not one inside a word).
_SEPARATOR = re.compile(r"\s*(?:[–—|:/،,()«»\[\]]+|(?<!\S)-+(?!\S))\s*")
_LETTER = re.compile(r"[^\W\d_]")


@cache
def _date_words() -> re.Pattern[str]:
    """Weekday names (``dates.toml``) and month names (``vocab.toml``), folded, longest first."""
    names = {fold_key(name).strip().lower() for name in read_toml("dates.toml")["weekdays"]}
    names |= set(vocabulary()["months"].words)
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def skeleton_of_key(key: str) -> str:
    """The primary skeleton of a line's matching key: spaces collapsed, digits masked, and date
    names masked where the line carries a number (a date has one) and is short."""
    text = _SPACES.sub(" ", key).strip()
    if _LINK_CHARS.search(text) is not None:
        text = _HANDLE.sub("{handle}", _EMAIL.sub("{email}", _URL.sub("{url}", text)))
    if _DIGIT.search(text) is None:
        return text
    text = _DIGITS.sub("{n}", text)
    return _date_words().sub("{date}", text) if text.count(" ") < DATE_MAX_WORDS else text


def skeletons_of_key(key: str) -> tuple[str, ...]:
    """The primary skeleton, then one ``{name}`` variant per maskable segment (see module doc)."""
    return name_variants(skeleton_of_key(key))


def name_variants(primary: str) -> tuple[str, ...]:
    """``primary`` (a skeleton), then its ``{name}`` variants."""
    spaces = primary.count(" ")
    if spaces >= TITLE_LINE_WORDS - 1 or _SEPARATOR.search(primary) is None:
        return (primary,)
    parts = _SEPARATOR.split(primary)
    separators = _SEPARATOR.findall(primary)
    words = [_LETTER.search(part) is not None and "{" not in part for part in parts]
    variants = [primary]
    for index, part in enumerate(parts):
        if not words[index]:
            continue
        length = part.count(" ") + 1
        if length <= NAME_MAX_WORDS and spaces < MASK_MAX_WORDS:
            mask = "{name}"
        elif NAME_MAX_WORDS < length <= TITLE_MAX_WORDS and not part.endswith("."):
            mask = "{title}"  # a listed headline; a sentence ("واس: أعلنت الوزارة ... .") is story
        else:
            continue
        if not any(has for other, has in enumerate(words) if other != index):
            continue  # nothing left to anchor the mask: "{name}" alone would match any line
        masked = [*parts[:index], mask, *parts[index + 1 :]]
        variants.append("".join(piece + sep for piece, sep in zip(masked, [*separators, ""], strict=True)))
    return tuple(variants)


def skeletons(line: str) -> tuple[str, ...]:
    """:func:`skeletons_of_key` of a raw line (folded first)."""
    return skeletons_of_key(fold_key(line).strip())
