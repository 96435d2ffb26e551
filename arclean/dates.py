"""Dates as dates: find the date in a date line as written, and read it as ISO 8601.

Arabic news pages write dates in many ways: Gregorian months by their Egyptian/Gulf, Levantine
and Iraqi (كانون الثاني …), and Maghrebi (جانفي، يوليوز …) names, Hijri dates ("04 شعبان 1433
هـ"), both at once ("… الموافق 23 يونيو 2012 م"), numeric forms ("24-6-2012", "21/07/2012",
"2012-07-08 12:06 AM"), Arabic-Indic digits, times with "مساءً" or "بتوقيت القدس", and relative
dates ("منذ ساعتين"). The vocabulary is data (``arclean/data/dates.toml``); the matching runs on
the line's folded key (:func:`arclean.chars.fold_key`), so hamza, ة/ه and digit variants need
no listing.

>>> found = read_date("الأحد, 01 يوليو, 2012, 16:53 بتوقيت القدس")
>>> found.iso
'2012-07-01T16:53:00+03:00'
>>> read_date("السبت 04 شعبان 1433 هـ").iso        # Hijri, Umm al-Qura calendar
'2012-06-24'
>>> read_date("منذ ساعتين").iso is None             # relative: no ISO without a reference time
True
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import regex
from hijridate import Hijri

from arclean.chars import fold_key, key_offset_to_raw

__all__ = ["DateRead", "find_date", "read_date", "split_updated"]


@dataclass(frozen=True, slots=True)
class DateRead:
    """A date found in a text: where it is, as written, and as ISO 8601 (None if unreadable)."""

    start: int  #: offset of the date's first character in the text read
    end: int  #: offset just past its last character
    text: str  #: the date as written (``text[start:end]`` of the input)
    iso: str | None  #: ISO 8601: a date, or a date and time (with its offset when written)
    relative: bool = False  #: "منذ ساعتين": needs a reference time to be a date


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    component: regex.Pattern[str]
    #: ``component`` and the shapes of a date whose words no list has (``find_date(shapes=True)``)
    shaped: regex.Pattern[str]
    glue: regex.Pattern[str]
    gregorian: dict[str, int]
    hijri: dict[str, int]
    #: words that may stand between a day and a year without being a month ("3 من 2012")
    not_months: frozenset[str]
    am: frozenset[str]
    pm: frozenset[str]
    zones: dict[str, str]
    units: dict[str, tuple[str, int | None]]
    updated: regex.Pattern[str]
    #: a word only a relative date has ("منذ", "اليوم", "أمس"): with a digit, what every date needs
    relative_word: regex.Pattern[str]


_DIGIT = regex.compile(r"\d")  #: (the component pattern's digits: the same module's class)
_UTC_OFFSET = regex.compile(r"([+\-])\s?(\d{1,2}):?(\d{2})?$")  #: "+3", "-04:30" (compiled once)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted({fold_key(w).lower() for w in words}, key=len, reverse=True))


def _read(name: str) -> dict:
    """A data file of ``arclean/data`` (the one place this module reads one, so a benchmark
    can read the vocabulary with entries left out)."""
    return tomllib.loads(resources.files("arclean").joinpath(f"data/{name}").read_text(encoding="utf-8"))


@functools.cache
def _vocabulary() -> _Vocabulary:
    data = _read("dates.toml")
    gregorian = {fold_key(k).lower(): v for k, v in data["gregorian_months"].items()}
    hijri = {fold_key(k).lower(): v for k, v in data["hijri_months"].items()}
    weekdays = _alternation(data["weekdays"])
    months = _alternation(set(gregorian) | set(hijri))
    clock = data["clock"]
    meridiem = _alternation(clock["am"] + clock["pm"])
    zones = {fold_key(k).lower(): v for k, v in data["time_zones"].items()}
    units: dict[str, tuple[str, int | None]] = {}
    for word, unit in data["relative_units"].items():
        name, _, count = unit.partition(":")
        units[fold_key(word).lower()] = (name, int(count) if count else None)
    rel = data["relative_words"]
    sep = r"\s*[/\-.]\s*"
    era = r"(?:\s*(?:ه|م)(?![\w]))?"  # an era mark after a numeric date, glued or not: "1436/9/20هـ"
    b = r"(?<![\w])"  # a word start: digits and letters are both \w
    e = r"(?![\w])"
    # a time glued to a numeric date's year, as scraped text runs them: "12/5/202410:30 ص"
    glued_time = r"(?<=\d{4})(?=\d{1,2}:\d{2}(?!\d))"
    # The same month in a second naming system beside the first: "أيار/مايو", "آذار (مارس)",
    # "كانون الثاني - يناير" (Levantine pages pair the Syriac name with the Egyptian one).
    paired = rf"(?:\s*(?:/|\(|[\-–]\s)\s*(?:{months}){e}\s*\)?)?"
    component = (
        rf"{b}(?P<ymd>(?P<y1>\d{{4}}){sep}(?P<m1>\d{{1,2}}){sep}(?P<d1>\d{{1,2}}){era}){e}"
        rf"|{b}(?P<dmy>(?P<d2>\d{{1,2}}){sep}(?P<m2>\d{{1,2}}){sep}(?P<y2>\d{{4}}|\d{{2}}){era})(?:{e}|{glued_time})"
        rf"|(?<!\d)(?P<dmony>(?:(?P<d3>\d{{1,2}})\s*(?:من\s+)?[,،]?\s*)?(?<![^\W\d_])(?P<mon3>{months}){e}{paired}\s*[,،]?\s*(?P<y3>\d{{4}})(?:\s*(?:ه|م)(?!\w))?)(?!\d)"
        rf"|{b}(?P<mondy>(?P<mon4>{months}){e}{paired}\s+(?P<d4>\d{{1,2}})\s*,?\s*(?P<y4>\d{{4}})){e}"
        rf"|(?:{b}|(?<=[/\-.]\d{{4}}))(?P<time>(?P<hh>\d{{1,2}}):(?P<mi>\d{{2}})(?::(?P<ss>\d{{2}}))?){e}"
        rf"(?:\s*(?P<mer>{meridiem})(?=[\s.,،\-]|$))?"
        rf"(?:\s*(?:(?:gmt|utc)\s*(?P<off>[+\-]\s?\d{{1,2}}(?::?\d{{2}})?)|(?P<bare>[+\-]\d{{2}}:?\d{{2}}))(?!\d))?"
        rf"|{b}(?:ب|حسب\s+)?توقيت\s+(?P<zone>{_alternation(zones)}){e}"
        rf"|{b}(?:gmt|utc)\s*(?P<off2>[+\-]\s?\d{{1,2}}(?::?\d{{2}})?)(?!\d)"
        rf"|{b}(?P<rel>(?:{_alternation(rel['before'])})\s+(?:(?P<n5>\d+)\s*)?(?P<unit5>{_alternation(units)}){e}"
        rf"|(?P<n6>\d+)\s*(?P<unit6>{_alternation(units)})\s+(?:{_alternation(rel['after'])})){e}"
        rf"|{b}(?P<day>{_alternation(rel['today'])}|{_alternation(rel['yesterday'])}){e}"
        rf"|{b}(?P<weekday>{weekdays}){e}"
    )
    # Shapes (find_date(shapes=True)): a date by its shape, whatever its words. A day, a word
    # or two of letters in the month's place, and a year ("24 فبراير 2012", "04 شعبان 1433 هـ",
    # "5 يونية 2020" with a spelling no list has); a time zone after "بتوقيت" ("بتوقيت نيويورك").
    slot = r"[^\W\d_]{2,12}"
    shapes = (
        rf"|(?<!\d)(?P<dsy>(?P<d7>\d{{1,2}})\s*[,،]?\s*(?P<mon7>{slot}(?:\s+{slot})?){e}\s*[,،]?\s*(?P<y7>\d{{4}})"
        rf"(?:\s*(?P<era7>ه|م)(?!\w))?)(?!\d)"
        rf"|{b}(?:ب|حسب\s+)?توقيت\s+(?P<zone8>[^\W\d_]{{2,}}){e}"
    )
    # What may sit between two parts of one date: separators, "الموافق", "الساعة", era marks.
    glue = r"^(?:[\s,،.\-–—/|:()]|الموافق|الساعه|الساعة|يوم|في|بتاريخ|م|ه|هـ|at|on)*$"
    labels = data["labels"]
    return _Vocabulary(
        # (the shapes' groups are in both patterns: in ``component`` behind a guard never passed)
        component=regex.compile(rf"{component}|(?!)(?:{shapes[1:]})", regex.IGNORECASE),
        shaped=regex.compile(component + shapes, regex.IGNORECASE),
        glue=regex.compile(glue, regex.IGNORECASE),
        gregorian=gregorian,
        hijri=hijri,
        not_months=frozenset(fold_key(w).lower() for w in data["shapes"]["not_months"]),
        am=frozenset(fold_key(w).lower() for w in clock["am"]),
        pm=frozenset(fold_key(w).lower() for w in clock["pm"]),
        zones=zones,
        units=units,
        updated=regex.compile(rf"(?<!\w)(?:{_alternation(labels['updated'])})(?!\w)", regex.IGNORECASE),
        relative_word=regex.compile(_alternation(rel["before"] + rel["today"] + rel["yesterday"]), regex.IGNORECASE),
    )


def split_updated(text: str) -> tuple[str, str | None]:
    """A date line's publication part and its update part ("… آخر تحديث 01:40"), as written.

    >>> split_updated("السبت 28 يوليوز 2012 آخر تحديث 01:40:21")
    ('السبت 28 يوليوز 2012 ', ' 01:40:21')
    >>> split_updated("2 يوليو 2012")
    ('2 يوليو 2012', None)
    """
    key = fold_key(text).lower()
    found = _vocabulary().updated.search(key)
    if not found:
        return text, None
    start, end = key_offset_to_raw(text, found.start()), key_offset_to_raw(text, found.end())
    return text[:start], text[end:]


def find_date(
    text: str, reference: dt.datetime | None = None, *, absolute: bool = False, shapes: bool = False
) -> DateRead | None:
    """The first date in ``text`` (a date line, a dateline, a credit), with its ISO form.

    The date is the first run of date parts (weekday, day-month-year, numeric date, time, time
    zone) joined only by separators and connectives ("الموافق", "الساعة", "هـ", "م"). A relative
    date gets an ISO value only with a ``reference`` time (timezone-aware or naive);
    ``absolute=True`` skips relative dates (for text where "أمس" is prose, not a date).

    ``shapes=True`` also reads a date by its shape where its words are in no list, for text
    that stands where a date stands (a date line, the end of a headline): a day, one or two
    words in the month's place and a year of either calendar ("24 فبراير 2012", "04 شعبان
    1433 هـ"); a zone after "بتوقيت". The month's number comes from a listed name spelled the
    same but for its last letter or the article ("يونية", "كانون ثاني"), else the date has
    its text and no ISO value.

    >>> found = find_date("الخميس 5 يونية 2014", shapes=True)
    >>> found.text, found.iso
    ('الخميس 5 يونية 2014', '2014-06-05')
    >>> find_date("قتل 3 أشخاص في 2014", shapes=True) is None
    True
    """
    vocabulary = _vocabulary()
    key = fold_key(text).lower()
    if _DIGIT.search(key) is None and vocabulary.relative_word.search(key) is None:
        # every date has a digit or a relative word; weekdays and time zones alone are no date
        return None
    runs: list[list[regex.Match[str]]] = []
    for found in (vocabulary.shaped if shapes else vocabulary.component).finditer(key):
        if found["dsy"] and not _month_shaped(found):
            continue  # "3 أشخاص في 2014": a count, a noun and a year
        if runs and vocabulary.glue.match(key[runs[-1][-1].end() : found.start()]):
            runs[-1].append(found)
        else:
            runs.append([found])
    for run in runs:
        if not any(m["weekday"] is None and m["zone"] is None and m["zone8"] is None and m["off2"] is None for m in run):
            continue  # a weekday or a time zone alone is not a date
        iso, relative = _iso(run, reference)
        if relative and absolute:
            continue
        if iso is None and not relative and not any(m["time"] or m["dsy"] for m in run):
            continue
        start = key_offset_to_raw(text, run[0].start())
        end = key_offset_to_raw(text, run[-1].end())  # (the text's end past the key's: with a last tanween)
        return DateRead(start, end, text[start:end], iso, relative)
    return None


def _month_shaped(part: regex.Match[str]) -> bool:
    """A day-word-year shape whose words may be a month: a day of a month, a year of either
    calendar, no word a date never names as its month (a preposition, a unit of time)."""
    vocabulary = _vocabulary()
    year = int(part["y7"])
    if not 1 <= int(part["d7"]) <= 31 or not (1300 <= year <= 1600 or 1800 <= year <= 2200):
        return False
    return not any(word in vocabulary.not_months or word in vocabulary.units for word in part["mon7"].split())


def _month_number(name: str, months: dict[str, int]) -> int | None:
    """The number of a month written in no list's spelling: a listed name spelled the same but
    for its last letter ("يونيه"، "يوليه") or for the article of its second word ("كانون
    ثاني", "تشرين اول"); None when no listed name, or more than one, is so near."""
    if name in months:
        return months[name]
    near = {
        number
        for listed, number in months.items()
        if (len(listed) == len(name) > 3 and listed[:-1] == name[:-1])
        or (" " in listed and listed.replace(" ال", " ") == name.replace(" ال", " "))
    }
    return near.pop() if len(near) == 1 else None


def read_date(text: str, reference: dt.datetime | None = None) -> DateRead | None:
    """:func:`find_date` for a whole date line; alias kept for readability at call sites."""
    return find_date(text, reference)


def _iso(run: list[regex.Match[str]], reference: dt.datetime | None) -> tuple[str | None, bool]:
    """The ISO 8601 form of one run of date parts, and whether it was relative."""
    vocabulary = _vocabulary()
    gregorian: dt.date | None = None
    hijri: dt.date | None = None
    clock: tuple[int, int, int] | None = None
    zone: dt.tzinfo | None = None
    relative: tuple[str, int] | None = None
    for part in run:
        if part["ymd"] and 1300 <= int(part["y1"]) <= 1600:  # a numeric Hijri date: "1436/9/20هـ"
            hijri = hijri or _hijri(int(part["y1"]), int(part["m1"]), int(part["d1"]))
        elif part["dmy"] and len(part["y2"]) == 4 and 1300 <= int(part["y2"]) <= 1600:
            hijri = hijri or _hijri(int(part["y2"]), int(part["m2"]), int(part["d2"]))
        elif part["ymd"]:
            gregorian = gregorian or _date(int(part["y1"]), int(part["m1"]), int(part["d1"]))
        elif part["dmy"]:
            gregorian = gregorian or _day_month_year(int(part["d2"]), int(part["m2"]), part["y2"])
        elif part["dmony"] or part["mondy"]:
            month = (part["mon3"] or part["mon4"]).lower()
            day_number = int(part["d3"] or part["d4"] or 1)
            year = int(part["y3"] or part["y4"])
            if month in vocabulary.hijri and 1300 <= year <= 1600:
                hijri = hijri or _hijri(year, vocabulary.hijri[month], day_number)
            elif month in vocabulary.gregorian and 1800 <= year <= 2200:
                gregorian = gregorian or _date(year, vocabulary.gregorian[month], day_number)
        elif part["dsy"]:
            year, day_number, month_name = int(part["y7"]), int(part["d7"]), " ".join(part["mon7"].lower().split())
            if 1300 <= year <= 1600:
                month_number = _month_number(month_name, vocabulary.hijri)
                hijri = hijri or (_hijri(year, month_number, day_number) if month_number else None)
            else:
                month_number = _month_number(month_name, vocabulary.gregorian)
                gregorian = gregorian or (_date(year, month_number, day_number) if month_number else None)
        elif part["time"] and clock is None:
            clock = _clock(part)
            if part["off"] or part["bare"]:  # "GMT+3", "+0200"; a bare "- 12" is a date's day
                zone = _offset(part["off"] or part["bare"])
        elif part["zone"]:
            zone = _zone(vocabulary.zones[part["zone"].lower()])
        elif part["zone8"] and part["zone8"].lower() in vocabulary.zones:
            zone = _zone(vocabulary.zones[part["zone8"].lower()])
        elif part["off2"]:
            zone = _offset(part["off2"])
        elif part["rel"]:
            unit, fixed = vocabulary.units[(part["unit5"] or part["unit6"]).lower()]
            count = fixed or int(part["n5"] or part["n6"] or 1)
            relative = (unit, count)
        elif part["day"]:
            relative = ("days", 0 if part["day"].lower() in ("اليوم", "today") else 1)
    day = gregorian or hijri
    if day is None and relative is not None:
        if reference is None:
            return None, True
        moment = _minus(reference, *relative)
        if relative[0] in ("seconds", "minutes", "hours"):
            return moment.replace(microsecond=0).isoformat(), True
        return moment.date().isoformat(), True
    if day is None:
        return None, False
    if clock is None:
        return day.isoformat(), False
    moment = dt.datetime(day.year, day.month, day.day, *clock)
    if zone is not None:
        moment = moment.replace(tzinfo=zone)
    return moment.isoformat(), False


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day_month_year(first: int, second: int, year_text: str) -> dt.date | None:
    """Numeric dates are day first in Arabic ("24-6-2012"), unless the day cannot be first."""
    year = int(year_text)
    if len(year_text) == 2:
        year += 2000 if year < 70 else 1900
    if second > 12 >= first:
        return _date(year, first, second)  # month first: "6/24/2012"
    return _date(year, second, first)


def _hijri(year: int, month: int, day: int) -> dt.date | None:
    """A Hijri date converted by the Umm al-Qura calendar (hijridate); None outside its range."""
    try:
        return Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None


def _clock(part: regex.Match[str]) -> tuple[int, int, int] | None:
    hour, minute, second = int(part["hh"]), int(part["mi"]), int(part["ss"] or 0)
    meridiem = (part["mer"] or "").lower()
    vocabulary = _vocabulary()
    if meridiem in vocabulary.pm and hour < 12:
        hour += 12
    elif meridiem in vocabulary.am and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


def _offset(text: str) -> dt.tzinfo | None:
    found = _UTC_OFFSET.match(text)
    if not found:
        return None
    hours, minutes = int(found[2]), int(found[3] or 0)
    if hours > 14 or minutes > 59:
        return None
    delta = dt.timedelta(hours=hours, minutes=minutes)
    return dt.timezone(-delta if found[1] == "-" else delta)


@functools.cache
def _zone(name: str) -> dt.tzinfo | None:
    try:
        return dt.UTC if name == "UTC" else ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _minus(reference: dt.datetime, unit: str, count: int) -> dt.datetime:
    if unit in ("months", "years"):
        months = count * (12 if unit == "years" else 1)
        month_index = reference.year * 12 + reference.month - 1 - months
        year, month = divmod(month_index, 12)
        day = min(reference.day, 28)
        return reference.replace(year=year, month=month + 1, day=day)
    return reference - dt.timedelta(**{unit: count})
