"""Metadata parsed out of the removed spans, by kind: what was removed is what we learned.

The two ends of the kept story are read too, without removing anything: the dateline at the start of the
story's first paragraph ("القدس المحتلة - الحياة الجديدة - وكالات -", "واس- الرياض:",
"عاصم الغامدي - سبق – جدة:") gives sources and authors, a bare name closing the story (a
signature) gives an author, and an agency in parentheses closing its last sentence a source.

Everything the parser recognizes is data: label phrases, credit words and dateline places in
``arclean/data/metadata.toml``, agencies with their canonical names in
``arclean/data/agencies.toml``, date vocabulary in ``arclean/data/dates.toml``.

>>> meta = parse_metadata([], "لشبونة -ا ف ب - تعلق البرتغال امالا كبيرا على نجومها.")
>>> meta.sources, meta.sources_canonical
(('ا ف ب',), ('وكالة الصحافة الفرنسية',))
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import regex

from arclean.agencies import Agency, agencies, agency_pattern
from arclean.chars import CONTROLS, INVISIBLE, ODD_SPACES, fold_key, key_offset_to_raw
from arclean.dates import DateRead, find_date, split_updated
from arclean.find.concepts import KEY_MEMOS
from arclean.find.document import BULLET_CLASS
from arclean.find.shapes import word_lists
from arclean.models import AuthorRole, Metadata, Removal

__all__ = ["Agency", "agencies", "agency_pattern", "canonical_source", "clean_value", "parse_metadata"]

# The three patterns every value goes through are stdlib ``re`` (a fifth of ``regex``'s cost per
# call on a short value), with the same classes: ``\s`` differs only on U+001C-U+001F, which
# ``_NOISE`` has made spaces before ``_SPACES`` runs (``tests/test_metadata.py`` checks both).
_NOISE = re.compile("[" + re.escape("".join(sorted(INVISIBLE | CONTROLS | ODD_SPACES | {"\r"}))) + "]")
_SPACES = re.compile(r"\s+")
_BULLET = regex.compile(r"^\s*(?:[•*·▪►●◦■○»>✓\-–—]+|\d{1,2}\s*[.)\-–])\s*")
_LABEL_EDGE = r"\s*[:：\-–—|/]*\s*"
_BULLET_LEAD = re.compile(f"^[{BULLET_CLASS}]+")
_EDGE = " :：-–—_|،,."
#: A line that carries the headline after a short label naming where the piece is: "رابط الخبر
#: بصحيفة X: <headline>", "Link to the article on X: <headline>". The label: a few words, no
#: digits, no credit separators, up to the first colon; the headline is the rest.
_LABELLED_HEADLINE = regex.compile(r"^(?P<head>[^:：\d\-–—|/()«»\"“”]{3,80}?)\s*[:：]\s*(?P<title>\S.*)$")
#: A sentence's full stop closing a line (not an ellipsis "..").
_FULL_STOP = regex.compile(r"(?<!\.)\.\s*$")
#: A tags line's label by its shape, whatever its words: a few words before a colon ("Etiquetas:").
_TAGS_HEAD = regex.compile(r"^(?P<head>[^\W\d_][^:：\d،,|#]{0,40}?)\s*[:：]\s*(?=\S)")
#: A web address or a domain: a head naming a site.
_DOMAIN = regex.compile(r"(?:https?://|www\.)\S+|\b[a-z0-9-]{2,}\.(?:com|net|org|info|news|[a-z]{2})\b", regex.I)
_TITLE_AUTHOR = regex.compile(r"^(?P<title>.{8,}?)\s*/\s*(?P<author>[^/\d]{3,40})$")
_TAG_SEPARATORS = regex.compile(r"\s*[,،|;؛#]\s*|\s+[\-–—/]\s+|\s{2,}")
_SOURCE_CREDIT = regex.compile(r"^(?P<outlet>[^–—\-]+?)\s*[–—\-]\s*متابع(?:[ةه]|ات)\s*(?:[–—\-]\s*(?P<agency>.+))?$")
_NOT_AN_AUTHOR = regex.compile(r"see (?:the )?author'?s posts|@|^\d|لمراسل|للتواصل|ايميل|إيميل|تويتر", regex.IGNORECASE)
_PAGER = regex.compile(r"^\s*(?:next|previous|السابق|التالي)(?:\s+(?:next|previous|السابق|التالي))*\s*", regex.IGNORECASE)
# Credit segments: split at dashes between words, slashes, bars, parentheses and quotes.
_SEGMENT = regex.compile(
    r"\s*(?:(?<=\s|^)[\-–—ـ]+(?=\s)|(?<=\s|^)[\-–—]+|[\-–—]+(?=\s|$)|[–—]+|(?<=\w)(?<![A-Za-z])-(?=\D)|(?<=[A-Za-z])-(?=[^A-Za-z\d])|[/|()«»\"“”,،])\s*"
)
_NOT_IN_NAME = regex.compile(r"[^\w\s.'\u2019\-]|\d")
_SENTENCE_END = regex.compile(r"[.!?؟…]\s*$")
# "City (Source) -": whatever the parentheses hold after a dateline's place is its source.
_PAREN_SOURCE = regex.compile(
    r"^\s*(?P<place>[^\s()\-–—:]+(?:\s[^\s()\-–—:]+){0,2})\s*[\-–—]?\s*\((?P<source>[^()]{2,30})\)\s*[\-–—:]"
)
# The same without the dash after the parentheses ("بكين (شينخوا) قالت …"): an agency only.
_PAREN_AGENCY = regex.compile(
    r"^\s*(?P<place>[^\s()\-–—:]+(?:\s[^\s()\-–—:]+){0,2})\s*[\-–—]?\s*\((?P<source>[^()]{2,30})\)(?=\s)"
)
# An outlet quoted right after the dateline's colon: "لندن: «الشرق الأوسط»".
_QUOTED_OUTLET = regex.compile(r"^\s*[«\"“](?P<outlet>[^»\"”\n]{2,30})[»\"”]")
# The tail of an author box: "See author's posts", an e-mail or a handle.
_AUTHOR_BOX_TAIL = regex.compile(r"see (?:the )?author'?s posts|view all posts|^\s*\S+@\S+\s*$|^\s*@\w+\s*$", regex.IGNORECASE)
# The site's name after a page title: "… | الجزيرة نت", "… - example.com", "… – Example News".
_SITE_SUFFIX = regex.compile(
    r"\s+(?:\|\s*[^|]{1,30}|[\-–—]\s*(?:[\w.-]+\.(?:com|net|org|info|news|[a-z]{2})|[A-Za-z][A-Za-z .]{1,25}))\s*$"
)
# A byline with an explicit writing label, short: "بقلم: Admin", "About Post Author X", "تحرير: X".
_BLOCK_BYLINE = regex.compile(
    r"^(?:about (?:the )?(?:post )?author|posted by|written by|بقلم|كتب[ته]?|تحرير|(?:حرر[ته]?\s+)?بواسطه|حرر[ته]?)"
    r"\s*[:：\-–—]?\s*\S[^:]{0,40}$",
    regex.I,
)


#: patterns of the readers below, compiled once (a module-level regex call looks its pattern up on every call)
_SQUASH_SPAN = regex.compile(r"[\s.\-_]+")
_EXCLAIM = regex.compile(r"[!?؟…]")
_AND_WORD = regex.compile(r"\s+و(?=\S)")
_LABEL_MARK = regex.compile(r"[:：\-–—]")
_DATELINE_MARK = re.compile(r"[:：\-–—(ـ]")
_BOUNDED_NAME = regex.compile(r"^([^:\-–—,،.]{3,60}?)\s*[\-–—:,،]")
_DATELINE_CHAIN = regex.compile(r"^((?:[^\-–—:ـ]{1,40}?\s*(?:[\-–—]+|(?<=\s)ـ+)\s*){1,4})(?=\S)")
_DIGIT = regex.compile(r"\d")
#: Dates read by their shape too where a date stands (date lines, a headline's end): see
#: :func:`arclean.dates.find_date` (a name, so leave-one-site-out can switch the shapes off)
_DATE_SHAPES = True
#: a year in a date's text: a day of the calendar, not a time alone
_YEAR = regex.compile(r"\d{4}")  # (\d: Arabic-Indic digits too)
#: what sets a date off from the headline it closes ("… | 12 مايو 2024")
_HEAD_SEPARATORS = "|-–—،,"
_DASH = regex.compile(r"[\-–—]+")
_NISBA = regex.compile(r"^ال\w{2,}ي$")
#: what a chain of dateline parts ("X - Y - Z:") never holds: a comma, a parenthesis, a quote
_NOT_IN_CHAIN = regex.compile(r"[،,()«»\"“”]")
_DIGIT_OR_RELATIVE = regex.compile(r"\d|منذ|قبل|امس|ago", regex.I)
_DATE_FILLER = regex.compile(r"(?:تم اضافته|تم إضافته|يوم|العدد\s*\d*)")
_SOURCE_SPLIT = regex.compile(r"\s*[،,+|]\s*|\s+و(?=وكال|ال)")
#: The longest line read as a metadata value (a source, a byline, a date line, a dateline, a
#: title): a credit is a few short parts and a headline a line, so a longer removed line says
#: nothing and is not split or scanned (a 100 KB run after a cue word would cost a segment and
#: a name test per character, or a date scan of the whole run).
_VALUE_CHARS = 400


#: Folded keys of the short texts read, remembered (a page's segments are folded again by every
#: test: a place, a desk word, a name, an outlet). Bounded: emptied when full; long texts are
#: folded each time (no copy of a 100 KB run is kept).
_FOLDED: dict[str, str] = {}
_FOLDED_MAX = 8192


def _fold(text: str) -> str:
    """:func:`arclean.chars.fold_key` of ``text``, remembered for texts of a value's length."""
    folded = _FOLDED.get(text)
    if folded is None:
        folded = fold_key(text)
        if len(text) <= _VALUE_CHARS:
            if len(_FOLDED) >= _FOLDED_MAX:
                _FOLDED.clear()
            _FOLDED[text] = folded
    return folded


KEY_MEMOS.append(_FOLDED)  # kept across documents, as the find phase's keys are: cleared with them


# ---------------------------------------------------------------------------- vocabulary ---


def _read(name: str) -> dict:
    return tomllib.loads(resources.files("arclean").joinpath(f"data/{name}").read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    labels: dict[str, regex.Pattern[str]]
    agency: regex.Pattern[str]
    canonical: dict[str, str]
    writing_roles: frozenset[str]
    staff_roles: frozenset[str]
    role: regex.Pattern[str]
    #: a role label with its colon after a separator: where a byline of several credits splits
    role_inside: regex.Pattern[str]
    photographer: regex.Pattern[str]
    #: the photo-credit label alone ("تصوير")
    photo_label: regex.Pattern[str]
    published_in: regex.Pattern[str]
    desk: frozenset[str]
    outlet_words: frozenset[str]
    honorifics: frozenset[str]
    places: frozenset[str]
    given_names: frozenset[str]
    function_words: frozenset[str]
    not_in_names: frozenset[str]
    particles: frozenset[str]
    #: a tags line's label: the find phase's tag labels (``concepts.toml``), the piece they
    #: may name ("وسوم الخبر"), a separator; or a label only tags have glued to the first tag
    tags_label: regex.Pattern[str]
    #: the find phase's rules that find a tags line by the label opening it
    tags_label_rules: frozenset[str]


@functools.cache
def _vocabulary() -> _Vocabulary:
    data = _read("metadata.toml")
    labels = {
        kind: regex.compile(rf"^(?:{entry['pattern']}){_LABEL_EDGE}", regex.IGNORECASE) for kind, entry in data["labels"].items()
    }
    canonical: dict[str, str] = {}
    for agency in agencies():
        for spelling in agency.spellings:
            canonical[_squash(spelling)] = agency.canonical
    roles = data["roles"]
    role_words = sorted({_fold(w).lower() for w in roles["writing"] + roles["staff"]}, key=len, reverse=True)
    words = word_lists()
    return _Vocabulary(
        labels=labels,
        agency=regex.compile(rf"(?<![^\W\d_]){agency_pattern()}(?![^\W\d_])", regex.IGNORECASE),
        canonical=canonical,
        writing_roles=frozenset(_fold(w).lower() for w in roles["writing"]),
        staff_roles=frozenset(_fold(w).lower() for w in roles["staff"]),
        role=regex.compile(r"^(?P<role>" + "|".join(regex.escape(w) for w in role_words) + rf")(?!\w){_LABEL_EDGE}", regex.I),
        role_inside=regex.compile(
            r"(?:^|(?<=[\-–—|،,/]\s*))(?P<role>" + "|".join(regex.escape(w) for w in role_words) + r")(?!\w)\s*[:：]", regex.I
        ),
        photographer=regex.compile(
            rf"(?:^|(?<=[\s\-–—,،(]))(?:{data['labels']['photographer']['pattern']})\s*[:：\-–—/]?\s*(?P<name>[^:：\-–—,،()/]+)",
            regex.IGNORECASE,
        ),
        photo_label=regex.compile(rf"(?:{data['labels']['photographer']['pattern']})", regex.IGNORECASE),
        published_in=regex.compile(rf"{data['labels']['published_in']['pattern']}(?P<outlet>.+)$"),
        desk=frozenset(_fold(w).lower() for w in data["credit"]["desk"]),
        outlet_words=frozenset(_fold(w).lower() for w in data["credit"]["outlet_words"]),
        honorifics=frozenset(_fold(w).lower() for w in data["credit"]["honorifics"]),
        places=frozenset(_fold(w).lower() for w in data["places"]["names"]),
        given_names=frozenset(_fold(w).lower() for w in data["names"]["given"]),
        function_words=words.function_words,
        not_in_names=frozenset(_fold(w).lower() for w in data["credit"]["not_in_names"]) | _date_words(),
        particles=frozenset(words.name_particles) | {"عبد", "ال", "بنت", "ابن", "ابو", "ام"},
        tags_label=_tags_label(_read("concepts.toml")["words"]),
        tags_label_rules=_tags_label_rules(),
    )


def _tags_label_rules() -> frozenset[str]:
    """The find phase's rules that find a tags line by its label (``cues.toml``'s tags cues
    but those of hashtags, ``concepts.toml``'s tags concepts that start with a tag label):
    such a line opens with its label, whatever the label's words."""
    cues = [c["id"] for c in _read("cues.toml").get("cue", []) if c.get("kind") == "tags" and "hashtag" not in c["id"]]
    concepts = [
        c["id"]
        for c in _read("concepts.toml").get("concept", [])
        if c.get("kind") == "tags" and c.get("start") and c["start"][0] in ("tag_label", "tag_label_strict")
    ]
    return frozenset(cues + concepts)


def _tags_label(words: dict[str, list[str]]) -> regex.Pattern[str]:
    """The label opening a tags line, from the word groups the find phase finds tags lines by
    (``tag_label``, ``tag_label_strict``, ``this_piece`` of ``concepts.toml``), with or without
    the article: one vocabulary for finding a tags line and for reading its label off. A label
    of ``tag_label_strict`` (no story word is spelled so) may be glued to the first tag where
    the page's markup lost the space ("الوسومالعراق", "الوسومغزة", "Tagsمصر"; a Latin label
    before another script only)."""

    def alternatives(group: str) -> str:
        forms = []
        for word in sorted(set(words.get(group, ())), key=len, reverse=True):
            folded = _fold(word.rstrip("*")).lower()
            body = r"\s*".join(regex.escape(part) for part in folded.split())
            forms.append(body + (r"\w*" if word.endswith("*") else ""))
        return "|".join(forms) or "(?!)"

    labels = alternatives("tag_label") + "|" + alternatives("tag_label_strict")
    glued = r"(?:(?<=[\u0621-\u064a])(?=[^\W\d_])|(?<=[a-z])(?=[^\W\da-z_]))"
    return regex.compile(
        rf"^(?:ال)?(?:(?:{labels})(?:\s+(?:{alternatives('this_piece')}))?(?!\w)|(?:{alternatives('tag_label_strict')}){glued}){_LABEL_EDGE}",
        regex.IGNORECASE,
    )


def _date_words() -> frozenset[str]:
    """Weekday and month names: never part of a person's name."""
    data = _read("dates.toml")
    names = [*data["weekdays"], *data["gregorian_months"], *data["hijri_months"]]
    return frozenset(w for name in names for w in _fold(name).lower().split())


def _squash(text: str) -> str:
    """A folded, space-free, dot-free key for comparing names ("أ.ف.ب" == "ا ف ب")."""
    return _SQUASH_SPAN.sub("", _fold(text).lower())


def canonical_source(name: str) -> str:
    """The canonical name of a source if it is a known agency, else the name as written.

    >>> canonical_source("أ.ف.ب"), canonical_source("رويترز"), canonical_source("الحياة الجديدة")
    ('وكالة الصحافة الفرنسية', 'رويترز', 'الحياة الجديدة')
    """
    vocabulary = _vocabulary()
    squashed = _squash(name)
    if squashed in vocabulary.canonical:
        return vocabulary.canonical[squashed]
    found = vocabulary.agency.search(_fold(name))
    if found and len(_squash(found.group())) >= len(squashed) - 2:
        return vocabulary.canonical.get(_squash(found.group()), name)
    return name


# ------------------------------------------------------------------------------ helpers ---


def clean_value(text: str) -> str:
    """A removed line as a metadata value: invisible marks and leading bullets gone, spaces
    collapsed, edges trimmed (a parenthesis only when it is unbalanced)."""
    value = _BULLET_LEAD.sub("", _SPACES.sub(" ", _NOISE.sub(" ", text)).strip(_EDGE)).strip(_EDGE)
    # Parentheses come off one at a time from either end, counted once: linear in the value
    # (a run of thousands of "(" must not be recounted and copied per character).
    opened, closed = value.count("("), value.count(")")
    start, end = 0, len(value)
    while start < end:
        if value[end - 1] == ")" and opened < closed:
            end, closed = end - 1, closed - 1
        elif value[start] == "(" and opened > closed:
            start, opened = start + 1, opened - 1
        elif value[start] == "(" and value[end - 1] == ")" and opened == 1 and end - start > 1:
            start, end, opened, closed = start + 1, end - 1, 0, closed - 1
        else:
            break
        while start < end and value[start] in _EDGE:
            start += 1
        while end > start and value[end - 1] in _EDGE:
            end -= 1
    return value[start:end]


def _strip_label(kind: str, text: str) -> str:
    value = clean_value(text)
    label = _vocabulary().labels.get(kind)
    found = label.match(_fold(value)) if label else None
    if not found or not found.end():
        return value
    return clean_value(value[_raw_offset(value, found.end()) :])


def _raw_offset(text: str, key_position: int) -> int:
    """Offset in ``text`` of the character at ``key_position`` of its key (``len(text)`` past
    the key's end): found from the deleted characters before it, not a table of every offset."""
    return key_offset_to_raw(text, key_position)


def _raw_span(text: str, key_start: int, key_end: int) -> str:
    """The part of ``text`` whose folded key is ``_fold(text)[key_start:key_end]``."""
    start = key_offset_to_raw(text, key_start)
    if start >= len(text) or key_end <= key_start:
        return ""
    return text[start : key_offset_to_raw(text, key_end - 1) + 1]


def _dedupe(values: Iterable[str]) -> tuple[str, ...]:
    """Values once each, first spelling kept: "الوسط التونسيه" and "الوسط التونسية" are one."""
    if not values:  # an empty list or tuple (a generator is always true, and read below)
        return ()
    seen: dict[str, str] = {}
    for value in dict.fromkeys(values):  # a value given many times is squashed once
        if value:
            seen.setdefault(_squash(value), value)
    return tuple(seen.values())


def _words(text: str) -> list[str]:
    return _fold(text).lower().split()


def _is_place(text: str) -> bool:
    return " ".join(_words(text)) in _vocabulary().places


def _is_desk(text: str) -> bool:
    return " ".join(_words(text)) in _vocabulary().desk


def _looks_like_name(text: str, *, strict: bool = False) -> bool:
    """A person's name: 1-4 words (more with particles: بن، آل، عبد), no digits, no function
    word, not a place or a desk word; an honorific ("د."، "الشيخ") may open it. ``strict``
    (names found without any label) also wants two words at least and a first word without
    the article, which tells "أحمد العرفج" from an outlet ("الوسط التونسية")."""
    vocabulary = _vocabulary()
    words = [w.strip(".'") for w in _words(text)]
    words = [w for w in words if w]
    if not words or any(map(str.isdigit, text)) or _is_place(text) or _is_desk(text):
        return False
    if _NOT_IN_NAME.search(text):
        return False  # punctuation inside: not a bare name
    while words and words[0] in vocabulary.honorifics:
        words = words[1:]
    if not words or _has_function_word(" ".join(words)) or any(map(_never_in_a_name, words)):
        return False
    particles = sum(w in vocabulary.particles for w in words)
    if len(words) - particles > 4:
        return False
    if strict:
        if len(words) < 2 or words[0].startswith("ال") or words[0] in vocabulary.outlet_words:
            return False
    return True


#: A proclitic preposition or conjunction glued to a word ("بوزارة", "وعضو"), and the same with
#: the article ("للمطابقة", "بالوزارة"): names take neither.
_PROCLITICS = ("ب", "ل", "و", "ف", "ك")
_PROCLITIC_ARTICLE = ("لل", "بال", "كال", "فال", "وال")


def _never_in_a_name(word: str) -> bool:
    """A word no person's name carries: a title, an occupation, an institution, a date word
    (``not_in_names``), one of them behind a glued preposition ("بوزارة" is "at the ministry
    of"), or a preposition glued to the article ("للمطابقة")."""
    vocabulary = _vocabulary()
    if word in vocabulary.not_in_names:
        return True
    if word in vocabulary.given_names or len(word) < 4:
        return False
    if word.startswith(_PROCLITIC_ARTICLE):
        return True
    return word.startswith(_PROCLITICS) and word[1:] in vocabulary.not_in_names


def _name_word(words: list[str], number: int) -> bool:
    """A word of a name that folds like a function word: علي (also على folded), الله after عبد."""
    word = words[number]
    return word == "علي" or (word == "الله" and number > 0 and words[number - 1] in ("عبد", "ابو", "عطا", "فتح", "نصر"))


def _has_function_word(text: str) -> bool:
    words = _words(text)
    function_words = _vocabulary().function_words
    if function_words.isdisjoint(words):
        return False
    return any(w in function_words and not _name_word(words, n) for n, w in enumerate(words))


def _starts_with_given_name(text: str) -> bool:
    vocabulary = _vocabulary()
    words = [w.strip(".") for w in _words(text)]
    words = [w for w in words if w and w not in vocabulary.honorifics]
    return bool(words) and (words[0] in vocabulary.given_names or words[0].removeprefix("عبد") != words[0])


def _person_shaped(text: str) -> bool:
    """A name that reads as a person's rather than an outlet's: a common given name first
    ("محمد عبد الله"), or a family name of the nisba shape last ("نجيب الجداوي", "العمري");
    an outlet's two words rarely end so ("صدى البلد")."""
    if _starts_with_given_name(text):
        return True
    words = _words(text)
    return 2 <= len(words) <= 4 and not words[0].startswith("ال") and bool(_NISBA.match(words[-1]))


def _agency_in(text: str) -> tuple[str, str, str] | None:
    """(before, agency as written, after) if ``text`` names a known agency."""
    key = _fold(text)
    found = _vocabulary().agency.search(key)
    if not found:
        return None
    start, end = _raw_offset(text, found.start()), _raw_offset(text, found.end())
    return text[:start], clean_value(text[start:end]), text[end:]


def _looks_like_outlet(text: str) -> bool:
    """ "الوسط التونسية", "صحيفة بلا قيود": the article or an outlet word first, a few words."""
    words = _words(text)
    if not 1 <= len(words) <= 4 or any(map(str.isdigit, text)) or _is_place(text) or _is_desk(text):
        return False
    vocabulary = _vocabulary()
    if any(w in vocabulary.function_words for w in words):
        return False
    return words[0].startswith("ال") or words[0] in vocabulary.outlet_words


# ------------------------------------------------------------------------------ credits ---


@dataclass(slots=True)
class _Credit:
    """What one credit (a byline, a dateline, a credit line) says."""

    authors: list[str] = field(default_factory=list)
    roles: list[tuple[str, str]] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    dates: list[DateRead] = field(default_factory=list)
    places: int = 0

    def extend(self, other: _Credit) -> None:
        self.authors += other.authors
        self.roles += other.roles
        self.photographers += other.photographers
        self.sources += other.sources
        self.dates += other.dates
        self.places += other.places

    @property
    def found(self) -> bool:
        return bool(self.authors or self.photographers or self.sources or self.dates or self.places)


def _segments(text: str) -> list[str]:
    return [s for s in (clean_value(part) for part in _SEGMENT.split(text) if part) if s]


def _take_photographers(text: str, credit: _Credit) -> str:
    """Photo credits ("تصوير: محمد الفاتح") go to photographers; the rest of the text is returned."""
    vocabulary = _vocabulary()
    key = _fold(text)
    found = vocabulary.photographer.search(key)
    if not found:
        return text
    name = clean_value(_raw_span(text, found.start("name"), found.end("name")))
    if name:
        credit.photographers.append(name)
    return (text[: _raw_offset(text, found.start())] + " - " + text[_raw_offset(text, found.end()) :]).strip(_EDGE)


def _take_date(text: str, credit: _Credit) -> str:
    found = find_date(text, absolute=True)
    if not found or found.iso is None:
        return text
    credit.dates.append(found)
    return (text[: found.start] + " - " + text[found.end :]).strip(_EDGE)


def _read_segment(segment: str, credit: _Credit, *, people: bool, outlets: bool) -> None:
    """Classify one credit segment: an agency (a source), a place, a desk word, a person, an outlet."""
    if _DIGIT.search(segment) and not _agency_in(segment):
        return  # "الكويت - 12 - 5 (كونا)": the day and the month, no one's name
    if _vocabulary().photo_label.fullmatch(_fold(segment)):
        return  # "جازان (تصوير": the photo label, its name cut off at the colon
    agency = _agency_in(segment)
    if agency:
        before, name, after = agency
        credit.sources.append(name)
        for rest in (before, after):
            if clean_value(rest):
                _read_segment(clean_value(rest), credit, people=people, outlets=outlets)
        return
    if _is_place(segment):
        credit.places += 1
        return
    words = _words(segment)
    if words and _is_place(words[0]) and len(words) > 1 and _looks_like_name(" ".join(segment.split()[1:]), strict=True):
        credit.places += 1  # "جدة محمد العمري": the city, then the correspondent
        segment = " ".join(segment.split()[1:])
    if _is_desk(segment):
        return
    if people and _looks_like_name(segment, strict=True) and (not outlets or credit.places == 0 or _person_shaped(segment)):
        credit.authors.append(segment)
    elif people and outlets and credit.places and _looks_like_name(segment, strict=True):
        credit.sources.append(segment)  # "عمّان – صدى البلد:": after the place, not a given name: the outlet
    elif outlets and credit.places and len(_words(segment)) == 1 and not _is_desk(segment):
        credit.sources.append(segment)  # "الرباط – هسبريس:": one word after the place is no person
    elif outlets and _looks_like_outlet(segment):
        credit.sources.append(segment)


def _read_dateline(text: str, *, opening: bool = False) -> _Credit:
    """A dateline or credit without a label: "City (Agency) -", "Name - Outlet - City:",
    "City: Agency", "City date Agency- Name". People only before a colon; after it, an outlet.
    ``opening``: the dateline opens the story, where three short parts before a colon are a
    dateline's shape whatever they name."""
    credit = _Credit()
    if len(text) > _VALUE_CHARS:
        return credit
    text = _qualified_places(_take_date(_take_photographers(text, credit), credit))
    before, colon, after = text.partition(":")
    segments = _segments(before)
    chain = opening and len(_DASH.findall(before)) >= 2 and not _NOT_IN_CHAIN.search(before)
    place_first = _unknown_place_first(segments)
    unknown_place = colon and not place_first and _unknown_place_last(segments, three_parts=chain)
    for number, segment in enumerate(segments):
        # "عين اليوم – واس": the part before an agency is the outlet relaying it, not a person
        relays = number + 1 < len(segments) and _agency_in(segments[number + 1]) is not None
        if place_first and number == 0:
            credit.places += 1  # "المنستير - أ ش أ - الوسط التونسية:": the city, first
            continue
        if unknown_place and number == len(segments) - 1:
            credit.places += 1  # "واس - الخرج:", "خالد خليل - سبق - ظفار:": the city, last
            continue
        _read_segment(segment, credit, people=not relays, outlets=True)
    if colon:
        for segment in _segments(after):
            _read_segment(segment, credit, people=False, outlets=credit.places > 0 and not credit.authors)
    return credit


#: A place and, in parentheses, the country or region it is in: "الصخيرات (المغرب)".
_QUALIFIED_PLACE = regex.compile(r"(?P<town>[^\s()\-–—:،,]{2,}(?:\s[^\s()\-–—:،,]+)?)\s*\((?P<region>[^()]{2,25})\)")


def _qualified_places(text: str) -> str:
    """A dateline's place qualified by the country it is in, in parentheses ("رويترز- الصخيرات
    (المغرب):"), as the one place it is: the town no list has is no outlet. A person's name
    before a city in parentheses ("سامي العلي (الرياض)") is the correspondent's, and stays."""
    if "(" not in text:
        return text
    for found in reversed(list(_QUALIFIED_PLACE.finditer(text))):
        town, region = found["town"], clean_value(found["region"])
        if not _is_place(region) or _agency_in(town) or (_looks_like_name(town, strict=True) and _person_shaped(town)):
            continue
        text = text[: found.start()] + region + text[found.end() :]
    return text


def _unknown_place_first(segments: list[str]) -> bool:
    """Whether the first of three dateline parts or more is its place though no place of the
    vocabulary is named: an agency follows it ("المنستير - أ ش أ - الوسط التونسية:",
    "قلقيلية - الحياة الجديدة - وكالات -"), and it is a word or two, neither an agency, an
    outlet word's name, a desk word nor a person's name ("محمد العلي - الحياة - وكالات")."""
    if len(segments) < 3 or any(_is_place(segment) for segment in segments):
        return False
    first = segments[0]
    words = _words(first)
    if len(words) > 2 or _agency_in(first) or _is_desk(first) or _DIGIT.search(first):
        return False
    if _vocabulary().outlet_words.intersection(words) or (_looks_like_name(first, strict=True) and _person_shaped(first)):
        return False
    return any(_agency_in(segment) for segment in segments[1:])


def _unknown_place_last(segments: list[str], *, three_parts: bool) -> bool:
    """Whether the last segment before a dateline's colon is its place though no place of the
    vocabulary is named: the dateline opens with an agency ("واس - الخرج:") or has three short
    parts ("خالد خليل - سبق - ظفار:"), and the last is a word or two, not an agency or a name."""
    if len(segments) < 2 or any(_is_place(segment) for segment in segments):
        return False
    last = segments[-1]
    if len(_words(last)) > 2 or _agency_in(last) or _is_desk(last) or _DIGIT.search(last):
        return False
    if _looks_like_name(last, strict=True) and _person_shaped(last):
        return False
    if three_parts and len(segments) >= 3 and all(len(_words(segment)) <= 3 for segment in segments):
        # "Name - Outlet - City:": a person opens it (not "الهلال - النصر - الاتحاد:", a list)
        return any(_looks_like_name(segment, strict=True) for segment in segments[:-1])
    return any(_agency_in(segment) for segment in segments[:-1])


def _is_credit(text: str) -> bool:
    """A short line of credit parts only: every segment a few words with no function word, and
    something a credit has (an agency, a place, a date, a photographer, or names before a colon)."""
    if len(text) > _VALUE_CHARS or len(text.split()) > 12 or _EXCLAIM.search(text):
        return False
    probe = _Credit()
    rest = _take_date(_take_photographers(text, probe), probe)
    segments = _segments(rest)
    if not segments or any(len(s.split()) > 4 or _has_function_word(s) for s in segments if not (_agency_in(s) or _is_place(s))):
        return False
    credit = _read_dateline(text)
    # "نايف عبدالله – سعد الفراج: عين اليوم": names before a colon, the site after it
    names_before_colon = ":" in text and (len(credit.authors) >= 2 or (bool(credit.authors) and bool(credit.sources)))
    return bool(credit.sources and _agency_in(text)) or credit.places > 0 or bool(credit.dates) or names_before_colon


def _read_byline(text: str) -> _Credit:
    """A removed author line: the role label, then the names; "X – Y: site" credits several
    people before the colon; in a bare "X – Y" the last part is the site or the city, unless
    it is the person ("هسبريس - سامي العلي"); "مراسل الجزيرة: X" names the outlet before the
    colon and the person after it; a line of several role credits is read credit by credit; a
    name written again in Latin letters ("سامي العلي / By Sami Al-Ali") is one author."""
    vocabulary = _vocabulary()
    credit = _Credit()
    if len(text) > _VALUE_CHARS:
        return credit
    value = _take_photographers(clean_value(text), credit)
    pieces = _role_pieces(value)
    if len(pieces) > 1:  # "تحرير: سامي العلي - مراجعة: منى سعيد": each credit on its own
        for piece in pieces:
            credit.extend(_read_byline(piece))
        return credit
    role_found = vocabulary.role.match(_fold(value))
    role = None
    if role_found:
        role = role_found["role"].lower()
        value = clean_value(value[_raw_offset(value, role_found.end()) :])
    labelled = bool(role_found) or _strip_label("byline", value) != value
    value = _strip_label("byline", value)
    value = _take_date(value, credit)
    before, colon, after = value.partition(":")
    if colon and _outlet_then_name(before, after):
        credit.sources.append(clean_value(before))  # "مراسل الجزيرة: سامي العلي"
        before, colon, after = after, "", ""
    parts = _segments(before)
    site = [] if colon else parts[-1:] if len(parts) > 1 else []
    if site and _is_place(parts[0]) and _looks_like_name(site[0], strict=True):
        site = []  # "الرياض – عبدالله الحربي": the city, then the correspondent
    elif len(site) == len(parts) - 1 == 1 and _starts_with_given_name(site[0]) and _outlet_then_name(parts[0], site[0]):
        credit.sources.append(parts[0])  # "هسبريس - سامي العلي": the outlet, then the writer
        parts, site = site, []
    if site:
        parts = parts[:-1]
    parts = [_strip_label("byline", name) or name for part in parts for name in _split_names(part)]
    for part in [*site, *_segments(after)]:
        agency = _agency_in(part)
        if agency:
            credit.sources.append(agency[1])
    for number, part in enumerate(parts):
        relays = number + 1 < len(parts) + len(site) and _agency_in(([*parts, *site])[number + 1]) is not None
        agency = _agency_in(part)
        if agency and clean_value(agency[0] + agency[2]) == "":
            credit.sources.append(agency[1])
        elif _is_place(part) or _is_desk(part) or relays:
            continue
        elif len(part.split()) <= 8 and ((labelled and not _headline_words(part)) or _looks_like_name(part, strict=True)):
            name = part
            if role is None or role in vocabulary.writing_roles:
                credit.authors.append(name)
            if role is not None and vocabulary.photographer.match(role.split()[-1].removeprefix("و")):
                credit.photographers.append(name)  # "رصد وتصوير: X": X wrote and photographed
            if role is not None:
                credit.roles.append((name, _raw_role(text, role)))
    if any(not name.isascii() for name in credit.authors):
        # "سامي العلي / By Sami Al-Ali": the Latin spelling of a name the line gives in Arabic
        latin = [name for name in credit.authors if name.isascii()]
        if latin and len(latin) <= len(credit.authors) - len(latin):
            credit.authors = [name for name in credit.authors if not name.isascii()]
            credit.roles = [(name, role) for name, role in credit.roles if not name.isascii()]
    return credit


def _headline_words(part: str) -> bool:
    """A labelled byline's part with a function word ("الله" of compound names aside) is a
    headline after a role word ("تحقيق: ارتفاع الأسعار … قبل العيد"), not a name."""
    return _has_function_word(" ".join(word for word in part.split() if _fold(word) != "الله"))


def _role_pieces(value: str) -> list[str]:
    """A byline of several role credits, one piece per credit ("تحرير: X - مراجعة: Y"); one
    piece when it has fewer than two labels with their colon."""
    key = _fold(value)
    starts = [found.start("role") for found in _vocabulary().role_inside.finditer(key)]
    if len(starts) < 2:
        return [value]
    if starts[0]:
        starts.insert(0, 0)
    offsets = [_raw_offset(value, start) for start in starts] + [len(value)]
    return [piece for piece in (clean_value(value[a:b]) for a, b in itertools.pairwise(offsets)) if piece]


def _outlet_then_name(outlet: str, name: str) -> bool:
    """ "الجزيرة" / "سامي العلي": an outlet or agency (the article first, an outlet word, or a
    single word) before a person's name, as in "مراسل الجزيرة: X" or "هسبريس - X"."""
    outlet, name = clean_value(outlet), clean_value(name)
    if not outlet or len(_segments(outlet)) != 1 or len(_segments(name)) != 1 or _is_place(outlet) or _is_desk(outlet):
        return False
    if _looks_like_name(outlet, strict=True) or not _looks_like_name(name, strict=True):
        return False
    return bool(_agency_in(outlet)) or _looks_like_outlet(outlet) or len(_words(outlet)) == 1


def _split_names(part: str) -> list[str]:
    """ "محمد علي وأحمد حسن": two names joined by و, when both halves are names of two words or more."""
    particles = _vocabulary().particles
    for found in _AND_WORD.finditer(part):
        first, second = part[: found.start()], part[found.end() :]
        if _words(part[found.start() :])[0] in particles:
            continue  # "ولد" is a particle of the name, not "and"
        if len(first.split()) >= 2 and len(second.split()) >= 2 and _looks_like_name(first) and _looks_like_name(second):
            return [first, *_split_names(second)]
    return [part]


def _raw_role(text: str, role_key: str) -> str:
    """The role label as written in ``text`` (its folded form is ``role_key``)."""
    value = clean_value(text)
    key = _fold(value).lower()
    start = key.find(role_key)
    return clean_value(_raw_span(value, start, start + len(role_key))) if start >= 0 else role_key


def _first_paragraph_credit(story: str) -> _Credit:
    """The dateline opening the story's first paragraph, read without removing it."""
    vocabulary = _vocabulary()
    first = next((line.strip() for line in story.split("\n") if len(line.split(None, 3)) >= 4), "")
    credit = _Credit()
    if not _DATELINE_MARK.search(first, 0, 160):
        return credit  # every dateline has a colon, a dash or a parenthesis (most first lines have none)
    head = _PAGER.sub("", first[:160], count=1)  # "Next Previous X – جدة": a pager glued before the credit
    if not head:
        return credit
    # "كتب: خالد عزالدين تتجه …": a byline label glued before the first sentence
    label = vocabulary.labels["byline"].match(_fold(head))
    if label and label.end() and _LABEL_MARK.search(_fold(head)[: label.end()]):
        rest = head[_raw_offset(head, label.end()) :]
        bounded = _BOUNDED_NAME.match(rest)
        words = rest.split()
        name = bounded[1] if bounded and len(bounded[1].split()) <= 7 else " ".join(words[:2])
        if _looks_like_name(name):
            credit.authors.append(clean_value(name))
        return credit
    credit.extend(_parenthesized_source(head))
    prefix = _dateline_prefix(head)
    if prefix:
        at_colon = head[len(prefix) : len(prefix) + 1] == ":"
        found = _read_dateline(prefix + ":" if at_colon else prefix, opening=True)
        # a dateline names a place or an agency; "X - Y - text" alone may be a parenthesis of prose
        desk = any(_is_desk(segment) for segment in _segments(prefix))  # "خاص - الجزيرة نت:"
        if found.places or _agency_in(prefix) or found.photographers or desk:
            credit.extend(found)
            outlet = _QUOTED_OUTLET.match(head[len(prefix) + 1 :]) if at_colon else None
            if (
                outlet
                and len(outlet["outlet"].split()) <= 4
                and (_looks_like_outlet(outlet["outlet"]) or _agency_in(outlet["outlet"]))
            ):
                credit.sources.append(clean_value(outlet["outlet"]))  # "لندن: «الشرق الأوسط»"
    return credit


def _parenthesized_source(head: str) -> _Credit:
    """ "روما (آكي) -", "واشنطن (CNN) --", "بكين 12 مايو 2024 (شينخوا)": the source in
    parentheses after the dateline's place (and its date, taken out first); without a dash after
    the parentheses only an agency of the vocabulary is one."""
    credit = _Credit()
    if "(" not in head:
        return credit
    found = _PAREN_SOURCE.match(head) or _PAREN_AGENCY.match(head)
    if found is None:
        if not _DIGIT.search(head, 0, head.find("(")):
            return credit  # no date before the parenthesis
        date = find_date(head[:80], absolute=True)
        if date is None or date.iso is None or not head[date.end :].lstrip().startswith("("):
            return credit
        undated = head[: date.start].rstrip(" -–—،,") + " " + head[date.end :].lstrip()
        found = _PAREN_SOURCE.match(undated) or _PAREN_AGENCY.match(undated)
        if found is None or not (_is_place(found["place"]) or _agency_in(found["source"])):
            return credit
        credit.dates.append(date)
    if found.re is _PAREN_AGENCY and not _agency_in(found["source"]):
        return _Credit()
    if _is_place(found["place"]) or _agency_in(found["source"]):
        credit.sources.append(clean_value(found["source"]))
        return credit
    return _Credit()


def _dateline_prefix(head: str) -> str | None:
    """The dateline part of a first paragraph: before a colon within a few short segments, or a
    chain of short dash-separated segments ("القدس المحتلة - الحياة الجديدة - وكالات - قالت …")."""

    def short(segments: list[str]) -> bool:
        return bool(segments) and all(_is_place(s) or (len(s.split()) <= 4 and not _has_function_word(s)) for s in segments)

    colon = head.find(":")
    if 0 < colon <= 80 and short(_segments(_take_date(head[:colon], _Credit()))):
        return head[:colon]
    chain = _DATELINE_CHAIN.match(head)
    if chain and short(_segments(_take_date(chain[1], _Credit()))):
        return chain[1]
    return None


def _is_bare_name(text: str) -> bool:
    """A line that is only a person's name, with no label: two words ("أحمد العرفج"), or more
    held together by a particle or the article ("محمد الحزاب الغفيلي", "سيدي ولد أمجاد")."""
    if not _looks_like_name(text, strict=True):
        return False
    vocabulary = _vocabulary()
    words = [w for w in _words(text) if w.strip(".") not in vocabulary.honorifics]
    if len(words) == 2:
        return True
    return len(words) <= 6 and any(w in vocabulary.particles or w.startswith("ال") for w in words[1:])


#: An agency's name in parentheses closing the story's last sentence: "… الشهر المقبل (رويترز)".
_CLOSING_PARENTHESES = regex.compile(r"\((?P<source>[^()\n]{2,40})\)[\s.]*$")


def _closing_agency(story: str) -> str | None:
    """An agency named in parentheses at the very end of the story ("… (رويترز)", "…. (كونا)"),
    the wire credit a page left glued to the last sentence: the agency as written. Parentheses
    that hold anything but a known agency ("(فيديو)", "(1-2)", a name) name no source."""
    found = _CLOSING_PARENTHESES.search(story[-200:].rstrip())
    if found is None:
        return None
    agency = _agency_in(found["source"])
    return agency[1] if agency and not clean_value(agency[0] + agency[2]) else None


def _signature(story: str) -> str | None:
    """A bare name closing the story on its own line ("- محمد الحزاب الغفيلي")."""
    tail = story[-2000:]  # the last lines are enough; the text is as written (NBSP, CR, NUL)
    lines: list[str] = []  # the last three non-blank lines, last first
    for line in reversed(tail.split("\n")):
        stripped = _NOISE.sub(" ", line).strip()
        if stripped:
            lines.append(stripped)
            if len(lines) == 3:
                break
    if len(lines) < 2:
        return None
    if lines[0].startswith(("*", "•", ".", "…", "،")) or _SENTENCE_END.search(lines[0]):
        return None  # "* باحث اجتماعي": the writer's description, not the name; a sentence
    last = clean_value(lines[0])
    if not last or len(last.split()) > 8:
        return None
    role = _vocabulary().role.match(_fold(last))
    if role and _LABEL_MARK.search(_fold(last)[: role.end()]):
        authors = _read_byline(last).authors  # "شعر- سلطان العلي", "إعداد: منى سعيد"
        return authors[0] if len(authors) == 1 and _looks_like_name(authors[0]) else None
    if not any(len(line.split()) >= 8 or _SENTENCE_END.search(line) for line in lines[1:]) and not _starts_with_given_name(last):
        return None  # after verses or captions, not a paragraph: a poem's line, the last caption, unless a name
    parts = _segments(last)
    if len(parts) == 2 and _is_bare_name(parts[0]) and len(_words(parts[1])) <= 2 and not _looks_like_name(parts[1], strict=True):
        return parts[0]  # "عبدالعزيز العيسى - العيون": the writer, and where the letter comes from
    return last if len(last.split()) <= 6 and _is_bare_name(last) else None


# ------------------------------------------------------------------------------- titles ---


def _pick_headline(lines: list[str]) -> tuple[str | None, str | None]:
    """The headline of the head block and its kicker/subtitle lines. Lines wrapped over two are
    joined; a line that contains another is the kicker glued to the headline; the headline is
    the longest line (kickers are short, and a repeated subtitle is not the head)."""
    vocabulary = _vocabulary()
    joined: list[str] = []
    for line in lines:
        if joined and _words(joined[-1]) and _words(joined[-1])[-1] in vocabulary.function_words:
            joined[-1] = f"{joined[-1]} {line}"  # "… في" / "المدينة": one headline over two lines
        else:
            joined.append(line)
    candidates = [line for line in joined if len(line.split()) >= 3 or len(joined) == 1]
    if not candidates:
        return None, None
    squashed = [_squash(c) for c in candidates]
    inside = [c for c, s in zip(candidates, squashed, strict=True) if any(s != o and s in o for o in squashed)]
    pool = inside or candidates
    headline = max(pool, key=lambda c: len(c.split()))
    head = _squash(headline)
    others = [c for c in candidates if c != headline and _squash(c) not in head and head not in _squash(c)]
    return headline, ("\n".join(others) or None)


def _is_head_date_line(line: str) -> bool:
    """A line of the head block that is a date line: a date, or a date label and a date, and
    nothing else; an update part too ("نُشر منذ ساعتين", "Published 3 hours ago")."""
    if len(line) > _VALUE_CHARS or not _DIGIT_OR_RELATIVE.search(_fold(line)):
        return False
    published, updated = split_updated(_strip_label("date", line))
    parts = [_strip_label("date", published)] + ([updated] if updated is not None else [])
    for part in parts:
        found = find_date(part, shapes=_DATE_SHAPES) if part else None
        if found and found.iso is None and _YEAR.search(found.text):
            return False  # "3 ألقاب 2013": a month by its shape only, no month's spelling: a headline's count
        if part and (found is None or clean_value(part[: found.start] + " " + part[found.end :])):
            return False
    return any(parts)


def _is_head_byline(line: str) -> bool:
    """A line of the head block that is a labelled byline, the label unambiguous ("بقلم",
    "كتب", "حرر بواسطة") and a person's name after it: not a headline ("تحقيق: …")."""
    key = _fold(line)
    if not _BLOCK_BYLINE.match(key):
        return False
    name = _strip_label("byline", line)
    return name != clean_value(line) and _looks_like_name(name, strict=True)


def _glued_date(title: str) -> DateRead | None:
    """A date glued to the end of a headline ("… الوسط التونسيه03 أبريل 2012"); a date read by
    its shape only when it is glued to the headline's last word or set off by a separator (a
    headline may end with a count, a noun and a year: "… 3 ألقاب 2012")."""
    found = find_date(title, absolute=True)
    if found and found.iso and len(title) - found.end <= 3 and found.start > 10:
        return found
    found = find_date(title, absolute=True, shapes=True) if _DATE_SHAPES else None
    if found is None or len(title) - found.end > 3 or found.start <= 10 or not _YEAR.search(found.text):
        return None
    before = title[: found.start]
    glued = regex.search(r"[^\W\d_]{3}$", before) is not None and not before.endswith("ـ")  # "التونسيه03", not "بـ3"
    return found if glued or before.rstrip()[-1:] in _HEAD_SEPARATORS else None


def _trim_title(title: str, sources: list[str]) -> str:
    """A headline without what got glued to its end: a date, the outlet's name ("… | الموقع",
    "… - example.com", or a source the page credits)."""
    found = _glued_date(title)
    if found:
        title = clean_value(title[: found.start])
    site = _SITE_SUFFIX.search(title)
    if site and len(title[: site.start()].split()) >= 3:
        title = clean_value(title[: site.start()])
    key = _squash(title)
    for source in sources:
        squashed = _squash(source)
        if len(squashed) >= 3 and key.endswith(squashed) and len(key) > len(squashed) + 10:
            title = clean_value(title[: _cut_suffix(title, source)])
            key = _squash(title)
    return title


def _cut_suffix(title: str, source: str) -> int:
    """Offset where ``source`` (compared squashed) starts at the end of ``title``."""
    target = _squash(source)
    for start in range(len(title) - 1, -1, -1):
        if _squash(title[start:]) == target:
            return start
    return len(title)


def _split_title_author(title: str) -> tuple[str, str | None]:
    """Opinion headlines often end with the writer: "عنوان المقال/ اسم الكاتب"."""
    found = _TITLE_AUTHOR.match(title)
    return (found["title"].strip(), found["author"].strip()) if found else (title, None)


def _is_title(text: str) -> bool:
    """A promoted headline, not a date line or a paragraph of an embedded article."""
    words = len(text.split())
    return 2 <= words <= 25 and not any(map(str.isdigit, text.strip()[:4]))


def _listed_title(text: str) -> str:
    """A promoted or related title without its bullet and the date listed with it
    ("* عنوان الخبر - منذ ساعتين", "عنوان الخبر 12 مايو 2024"); none in a line too long for one."""
    if len(text) > _VALUE_CHARS:
        return ""
    value = clean_value(_BULLET.sub("", clean_value(text)))
    found = find_date(value)
    if found and len(found.text.split()) > 1 and (found.start <= 2 or len(value) - found.end <= 2):
        rest = clean_value(value[: found.start] + " " + value[found.end :])
        if not _strip_label("date", rest) or (split_updated(rest)[1] is not None and not clean_value(split_updated(rest)[0])):
            return ""  # "آخر تحديث: 10:00": a date line, not a title
        if len(rest.split()) >= 2:
            return rest
    return value


def _tags(text: str, rule: str) -> list[str]:
    """The tags of a removed tags line, split at their separators, without the label opening
    it: a tag label ("الوسوم", "كلمات دالة", "Mots-clés", "وسوم الخبر"), or any few words
    before a colon ("Etiquetas:"). A line the find phase found by its label opens with one
    (``_tags_label_rules``; not a hashtag line or a line under a tags block's header, which
    have no label and are all tags, "كأس العالم: قطر" too): with no known label and no colon,
    its first word is the label ("هاشتاقات X Y"); alone, the label gives no tag (a header)."""
    value = clean_value(text)
    vocabulary = _vocabulary()
    if rule not in vocabulary.tags_label_rules:
        return _split_tags(value)  # no label: a line under a block's header, hashtags, a user's rule
    key = _fold(value)
    found = vocabulary.tags_label.match(key) or _TAGS_HEAD.match(key)
    if found and found.re is _TAGS_HEAD and len(found["head"].split()) > 4:
        found = None
    if found and found.end():
        value = clean_value(value[_raw_offset(value, found.end()) :])
    elif not value.startswith("#"):
        value = clean_value(value.partition(" ")[2])  # the label is the first word
    return _split_tags(value)


def _split_tags(value: str) -> list[str]:
    return [clean_value(tag) for tag in _TAG_SEPARATORS.split(value)]


# ------------------------------------------------------------------------------ parsing ---


def parse_metadata(removed: Iterable[Removal], story: str = "", *, reference: dt.datetime | None = None) -> Metadata:
    """Read the metadata from removals, and from the kept story's opening dateline and closing
    signature.

    ``reference`` (the time the page was fetched) turns relative dates ("منذ ساعتين") into ISO
    values; without it they keep only their text.
    """
    vocabulary = _vocabulary()
    heads: list[str] = []  # the head block: kicker, headline, subtitle
    other_titles: list[str] = []
    credit = _Credit()
    dates: list[tuple[DateRead | None, str, DateRead | None, str | None]] = []
    tags: list[str] = []
    read_also: list[str] = []
    related: list[str] = []
    taking_titles = False  # inside a read-also block, between its header and its first non-title
    in_second_article = False  # inside an article under the story's footer: its first line is its title
    block_footer: list[Removal] = []  # credit lines closing a read-also block: the page's own footer
    bare_names: list[str] = []
    texts: list[str] = []
    bylines: dict[str, _Credit] = {}  #: each distinct byline text, read once
    sources_read: dict[tuple[str, str], tuple[_Credit, list[str]]] = {}  #: each distinct source line, read once
    dates_read: dict[tuple[str, bool], tuple[tuple[DateRead | None, str, DateRead | None, str | None], _Credit]] = {}
    # what a promo, related or footer line says depends on its text alone: read once per text
    listed_title, footer_shaped = _PerText(_listed_title), _PerText(_footer_shaped)
    for removal in removed:
        kind, rule = removal.kind, removal.rule
        texts.append(removal.text)
        if rule != "revise.second_article":
            in_second_article = False
        if block_footer and rule != "read_also.block":
            _read_block_footer(block_footer, credit, other_titles)
            block_footer = []
        if kind == "title":
            if len(removal.text) > _VALUE_CHARS:
                continue  # no headline
            value = clean_value(removal.text)
            published_in = vocabulary.published_in.search(_fold(value))
            if published_in:  # "… نشر في السوداني": the outlet, glued to a headline
                credit.sources.append(clean_value(value[_raw_offset(value, published_in.start("outlet")) :]))
                value = clean_value(value[: _raw_offset(value, published_in.start())])
            if rule == "title.head" and _is_credit(value):
                credit.extend(_read_dateline(value))
                continue
            if rule == "title.head" and _is_head_date_line(value):
                dates.append(_read_date_line(value, credit, reference))  # "نُشر منذ ساعتين" in the head block
                continue
            if rule == "title.head" and _is_head_byline(value):
                credit.extend(_read_byline(value))  # "حرر بواسطة: سامي العلي" in the head block
                continue
            title, author = _split_title_author(value)
            if rule == "title.head" and _is_bare_name(title):
                bare_names.append(title)  # a writer's name over the story, if the page repeats it
            elif title:
                (heads if rule == "title.head" else other_titles).append(title)
            glued = _glued_date(title) if rule == "title.head" else None
            if glued:
                credit.dates.append(glued)
            credit.authors.extend([author] if author else [])
        elif kind == "date":
            # A date line's reading depends on its text and on whether a place was read before
            # (all it asks of the credit so far): read once per such pair, its additions replayed.
            placed = credit.places > 0
            read_date = dates_read.get((removal.text, placed))
            if read_date is None:
                part = _Credit(places=int(placed))
                read_date = dates_read[removal.text, placed] = (_read_date_line(removal.text, part, reference), part)
                part.places -= int(placed)
            dates.append(read_date[0])
            credit.extend(read_date[1])
        elif (
            kind == "byline"
            and rule != "byline.email_glued"
            # no name: a contact or a handle; the tail of an author box ("See author's posts")
            and not (_NOT_AN_AUTHOR.search(removal.text) or _AUTHOR_BOX_TAIL.search(removal.text))
        ):
            read = bylines.get(removal.text)
            if read is None:
                read = bylines[removal.text] = _read_byline(removal.text)
            credit.extend(read)
        elif kind == "nav" and _PAGER.match(removal.text):
            rest = clean_value(_PAGER.sub("", removal.text))
            if rest and len(rest.split()) <= 8 and _SEGMENT.search(rest):
                credit.extend(_read_byline(rest))
        elif kind == "source":
            # What a source line says depends on its rule and text alone: a page repeating one
            # line thousands of times is read once, and what it said added again each time.
            said = sources_read.get((rule, removal.text))
            if said is None:
                said = sources_read[rule, removal.text] = (_Credit(), [])
                _read_source(removal, *said)
            credit.extend(said[0])
            other_titles += said[1]
        elif kind == "other" and rule.startswith(_LINK_RULES):
            _read_linked_headline(removal, credit, other_titles)  # "رابط الموضوع: <headline>"
        elif kind == "other" and rule.startswith("other.end_marker"):
            agency = _agency_in(removal.text)  # "(النهاية) ت ا / ا ع س كونا"
            if agency:
                credit.sources.append(agency[1])
        elif kind == "tags":
            tags.extend(_tags(removal.text, rule))
        elif kind == "read_also":
            if rule == "read_also.inline":
                read_also.append(listed_title(_strip_label("read_also", removal.text)))
            elif rule == "read_also.header":
                taking_titles = True
            elif rule == "read_also.block":
                if footer_shaped(removal.text):
                    # the block ran over the page's own footer (byline, source) below it: it is
                    # the story's if nothing but footer lines follow it in the block
                    block_footer.append(removal)
                    continue
                block_footer = []
                if taking_titles:
                    taking_titles = _is_title(removal.text)
                    title = listed_title(removal.text) if taking_titles else ""
                    taking_titles = taking_titles and bool(title)
                    if title:
                        read_also.append(title)
            elif rule == "revise.second_article":
                title = _listed_title(removal.text) if not in_second_article and _is_title(removal.text) else ""
                read_also.extend([title] if title else [])
                in_second_article = True
        elif kind == "related" and rule == "related.list":
            related.append(listed_title(removal.text))
    if block_footer:
        _read_block_footer(block_footer, credit, other_titles)
    for name in bare_names:
        # "أحمد العرفج" over the column, and in its tags or author box: the writer; else a headline
        repeated = sum(_squash(name) in _squash(text) for text in texts) >= 2
        (credit.authors if repeated else heads).append(name)
    credit.extend(_first_paragraph_credit(story))
    signature = _signature(story)
    if signature:
        credit.authors.append(signature)
    closing = _closing_agency(story)
    if closing:
        credit.sources.append(closing)
    headline, subtitle = _pick_headline([t for t in heads if t])
    titles = [t for t in [headline, *other_titles] if t]
    sources = _dedupe(credit.sources)
    published, published_text, updated, updated_text = _pick_dates(dates, credit)
    # every value is built above with its field's type: the fields given without validation
    return Metadata._trusted(
        {
            "title": _trim_title(titles[0], list(sources)) if titles else None,
            "subtitle": subtitle,
            "date": published_text,
            "date_iso": published.iso if published else None,
            "updated": updated_text,
            "updated_iso": updated.iso if updated else None,
            "authors": _dedupe(credit.authors),
            "author_roles": tuple(AuthorRole(name=n, role=r) for n, r in dict.fromkeys(credit.roles)),
            "photographers": _dedupe(credit.photographers),
            "sources": sources,
            "sources_canonical": _dedupe(canonical_source(s) for s in sources),
            "tags": _dedupe(tags),
            "read_also": _dedupe(read_also),
            "related": tuple(v for v in related if v),
        }
    )


class _PerText(dict[str, Any]):
    """A function of a text alone, remembered per text for one document (a dict's look-up: a
    ``functools.cache`` wrapper costs more to make than a short page's reads)."""

    __slots__ = ("_function",)

    def __init__(self, function: Callable[[str], Any]) -> None:
        super().__init__()
        self._function = function

    def __missing__(self, text: str) -> Any:
        value = self[text] = self._function(text)
        return value

    __call__ = dict.__getitem__


def _footer_shaped(text: str) -> bool:
    """A labelled byline, an author box's tail, or a source credit: lines of a page's footer."""
    key = _fold(clean_value(text))
    return bool(
        _BLOCK_BYLINE.match(key)
        or _AUTHOR_BOX_TAIL.search(text)
        or (_vocabulary().labels["source"].match(key) and len(key.split()) <= 8)
        or _SOURCE_CREDIT.match(clean_value(text))
    )


def _read_block_footer(lines: list[Removal], credit: _Credit, other_titles: list[str]) -> None:
    for line in lines:
        key = _fold(clean_value(line.text))
        if _BLOCK_BYLINE.match(key):
            credit.extend(_read_byline(line.text))
        elif not _AUTHOR_BOX_TAIL.search(line.text) and not _SOURCE_CREDIT.match(clean_value(line.text)):
            # a labelled source ("نقلاً عن X"); an "X – متابعة – Y" credit is the embedded story's
            _read_source(
                Removal(start=line.start, end=line.end, kind="source", rule="source.label", text=line.text), credit, other_titles
            )


def _read_date_line(
    text: str, credit: _Credit, reference: dt.datetime | None
) -> tuple[DateRead | None, str, DateRead | None, str | None]:
    """A removed date line: its publication date, its update date, and the credit around them
    ("العواصم: الوكالات 2012-07-08", "– الوئام: تم إضافته يوم السبت …"). A line too long
    for a credit is no date line."""
    if len(text) > _VALUE_CHARS:
        return None, "", None, None
    value = clean_value(text)
    published_part, updated_part = split_updated(value)
    published = find_date(_strip_label("date", published_part) or published_part, reference, shapes=_DATE_SHAPES)
    updated = find_date(updated_part, reference, shapes=_DATE_SHAPES) if updated_part else None
    label_free = _strip_label("date", published_part)
    if published and (published.iso or _YEAR.search(published.text)):
        at = label_free.find(published.text)
        leftover = f"{label_free[:at]} - {label_free[at + len(published.text) :]}" if at >= 0 else ""
        # "– الوئام: تم إضافته يوم": the credit before a colon is one part, the words after it another
        for segment in _segments(_DATE_FILLER.sub(" ", leftover).replace(":", " - ")):
            if _agency_in(segment) or _looks_like_outlet(segment):
                _read_segment(segment, credit, people=False, outlets=True)
    text_out = published.text if published else (label_free or None)
    updated_text = updated.text if updated else (clean_value(updated_part) if updated_part else None)
    return published, text_out or "", updated, updated_text


def _pick_dates(
    dates: list[tuple[DateRead | None, str, DateRead | None, str | None]], credit: _Credit
) -> tuple[DateRead | None, str | None, DateRead | None, str | None]:
    """The publication date: the first date line with an absolute date (a relative one only if
    there is none), else a date read from a credit ("جدة 24-6-2012 وفا"); the update date: the
    first update part of any date line. A page that gives only an update date has it as its
    date too."""
    absolute = [d for d in dates if d[0] is not None and not d[0].relative]
    published_lines = absolute or [d for d in dates if d[0] is not None]
    published, text = (published_lines[0][0], published_lines[0][1]) if published_lines else (None, None)
    if published is None and credit.dates:
        published, text = credit.dates[0], credit.dates[0].text
    updates = [(d[2], d[3]) for d in dates if d[3]]
    updated, updated_text = updates[0] if updates else (None, None)
    if updated is not None and updated.iso is None and published and published.iso and updated.text:
        # "آخر تحديث 01:40:21": a time alone is on the publication day
        again = find_date(f"{published.text} {updated.text}", shapes=_DATE_SHAPES)
        if again and again.iso and "T" in again.iso:
            updated = DateRead(updated.start, updated.end, updated.text, again.iso, updated.relative)
    if updated is not None and updated.iso and published and published.iso:
        updated = _same_offset(updated, published)
    if published is None and updated is not None:
        published, text = updated, updated_text
    return published, text or None, updated, updated_text


def _same_offset(updated: DateRead, published: DateRead) -> DateRead:
    """An update time on the publication's line is in the publication's time zone."""
    stamp, base = dt.datetime.fromisoformat(updated.iso or ""), dt.datetime.fromisoformat(published.iso or "")
    if "T" not in (updated.iso or "") or stamp.tzinfo is not None or base.tzinfo is None:
        return updated
    iso = stamp.replace(tzinfo=base.tzinfo).isoformat()
    return DateRead(updated.start, updated.end, updated.text, iso, updated.relative)


def _read_source(removal: Removal, credit: _Credit, other_titles: list[str]) -> None:
    """A removed source line: a link-back, an "X – متابعة – Y" credit, an agency dateline, a label."""
    rule = removal.rule
    if len(removal.text) > _VALUE_CHARS:
        return  # no source line: a 100 KB run after "المصدر:" names no source
    if _read_linked_headline(removal, credit, other_titles):
        return
    if rule == "source.prepared_by":
        return  # a wire desk's staff credit, not a source
    value = _strip_label("source", removal.text)
    words = _words(value)
    if words and words[-1] in ("خاص",) and len(words) <= 4:
        return  # "بغداد – خاص": an exclusive dateline, no source named
    key = _fold(value)
    if _EXCLUSIVE.search(key):
        return  # "صنعاء - خاص بـ«الرياض»": exclusive to the outlet itself, no source named
    if rule == "concept.agency_credit" and not _agency_in(value):
        # a line taken for an agency's credit that names none: a credit still if it has a
        # credit's parts ("جدة 24-6-2012 X- محمد العمري"), else a caption or a verse
        if _is_credit(value):
            credit.extend(_read_dateline(value))
        return
    if _BARE_FROM.match(_fold(clean_value(removal.text))) and not _outlet_named(value):
        return  # "عن …" names an outlet or an agency, else it is a sentence ("عن أبها الحلقة (12)")
    role = _vocabulary().role.match(key)
    if role and _LABEL_MARK.search(key[: role.end()]):
        credit.extend(_read_byline(value))  # "رصد وتصوير: X – عين اليوم": a byline taken for a source
        return
    if rule in _CODE_RULES:
        agency = _agency_in(value)  # editor initials ("م.ل/و.أ", "(ي.ع)") are no source; "و م ع" is an agency
        if agency:
            credit.sources.append(agency[1])
        return
    credit_match = _SOURCE_CREDIT.match(value)
    if credit_match:
        if credit_match["agency"]:  # "المسلة – متابعة – وكالات"; alone, "X – متابعة" is the site's own desk
            credit.sources.append(clean_value(credit_match["agency"]))
        if _is_bare_name(clean_value(credit_match["outlet"])):  # "سلوى سعد – متابعات": the desk's writer
            credit.authors.append(clean_value(credit_match["outlet"]))
    elif rule == "source.agency_dateline" or (value == clean_value(removal.text) and _is_credit(value)):
        credit.extend(_read_dateline(value))  # an unlabelled, dateline-shaped credit, whichever rule found it
    else:
        value = clean_value(_REFERENCE_NOTE.sub("", value))
        parts = [clean_value(p) for p in _SOURCE_SPLIT.split(value)]
        if len(parts) > 1 and all(1 <= len(p.split()) <= 4 for p in parts):
            credit.sources.extend(parts)  # "المصدر: الجزيرة + وكالات", "المصدر: رويترز، أ ف ب"
        else:
            credit.sources.append(value)


def _read_linked_headline(removal: Removal, credit: _Credit, other_titles: list[str]) -> bool:
    """A link-back or source line that carries the headline after its label: "رابط الخبر
    بصحيفة X: <headline>", "Link to the article on the X website: <headline>", "رابط
    الموضوع: <headline>". The label is a few words up to the first colon, with no digits or
    credit separators, and names the place of the piece: an outlet word ("بصحيفة X", "موقع"), a
    site's address or an agency; a line the find phase took for a link label needs none. The
    headline after it is a headline's length, no sentence closed by a full stop, and not itself
    a source, an outlet or a name ("المصدر: وكالة الأنباء الأردنية" is a source line). The
    outlet named in the label is a source. Read: the headline is a title after the head
    block's, the line no source further."""
    text = clean_value(removal.text)
    found = _LABELLED_HEADLINE.match(text) if len(text) <= _VALUE_CHARS else None
    if not found:
        return False
    head, title = clean_value(found["head"]), clean_value(found["title"])
    head_words = _words(head)
    if not 2 <= len(head_words) <= 8 or not _strip_label("source", head):
        return False  # "المصدر الأصلي: …": a source label, what follows is the source
    outlet = _outlet_in_label(head)
    if outlet is None and not removal.rule.startswith(_LINK_RULES):
        return False
    words = title.split()
    # after a label naming the outlet ("رابط الخبر بصحيفة X:") the piece's headline follows, a
    # column's two words too ("فكر الظلام", "الاتفاق النووي والواقع الجديد"); after a bare link
    # label ("رابط الموضوع:") it may be an outlet or a name, and a headline is three words at least
    shortest = 2 if outlet else 3
    headline = shortest <= len(words) <= 25 and not (_FULL_STOP.search(removal.text) or _DOMAIN.search(title))
    if headline and (_agency_in(title) or (outlet is None and (_looks_like_outlet(title) or _is_bare_name(title)))):
        headline = False
    if outlet:
        credit.sources.append(outlet)  # the outlet the label names, with its headline or not
    if headline:
        other_titles.append(title)
    return headline or outlet is not None


#: Find-phase rules of the codes a wire story ends with: an agency's abbreviation or editors' initials.
_CODE_RULES = ("source.agency_code", "concept.initials")
#: Find-phase rules of link lines ("رابط الموضوع: …", "Permalink"): a label and what it links to.
_LINK_RULES = ("concept.link_",)


def _outlet_in_label(head: str) -> str | None:
    """The outlet a label names: from its outlet word ("بصحيفة الوئام" → "صحيفة الوئام", the
    preposition off) to the label's end, a site's address, or an agency; None if it names none."""
    vocabulary = _vocabulary()
    raw_words = head.split()
    for number, word in enumerate(_words(head)):
        bare = word[1:] if word[:1] in "بلو" and word[1:] in vocabulary.outlet_words else word
        if bare in vocabulary.outlet_words and number + 1 < len(raw_words):
            first = raw_words[number][1:] if bare != word else raw_words[number]
            return clean_value(" ".join([first, *raw_words[number + 1 :]]))
    domain = _DOMAIN.search(head)
    if domain:
        return domain.group()
    agency = _agency_in(head)
    return agency[1] if agency else None


# "خاص بـ«الرياض»", "خاص لـ X": exclusive to the outlet publishing it.
_EXCLUSIVE = regex.compile(r"(?:^|[\s\-–—])خاص\s*(?:ب|ل)ـ?\s*[«\"“]?[^»\"”\s]+(?:\s[^»\"”\s]+)?[»\"”]?\s*$")
#: the bare "عن" label of a source ("عن الجزيرة"), the weakest: what follows must be an outlet
_BARE_FROM = regex.compile(r"^عن\s")


def _outlet_named(value: str) -> bool:
    """An agency, an outlet-shaped name ("الجزيرة", "صحيفة …") or a Latin one ("BBC")."""
    return bool(_agency_in(value)) or _looks_like_outlet(value) or value.isascii()


# A bibliographic note after a source: "(مرجع سابق ؟ ج3 ؟ ص901" — not part of the source's name.
_REFERENCE_NOTE = regex.compile(r"\s*\((?:مرجع|المرجع|ج\s*\d|ص\s*\d)[^)]*\)?\s*$")
