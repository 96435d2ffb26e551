"""Metadata parsed out of the removed spans, by kind: what was removed is what we learned."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from arclean.chars import CONTROLS, INVISIBLE, ODD_SPACES, fold_key, key_to_raw_offsets
from arclean.find.cues import MACROS
from arclean.find.document import BULLET_CLASS
from arclean.models import Metadata, Removal

_NOISE = regex.compile("[" + regex.escape("".join(sorted(INVISIBLE | CONTROLS | ODD_SPACES | {"\r"}))) + "]")
_SPACES = regex.compile(r"\s+")
_BULLET = regex.compile(r"^\s*(?:[•*·▪►●◦■○»>✓\-–—]+|\d{1,2}\s*[.)\-–])\s*")
_LABEL_EDGE = r"\s*[:：\-–—|/]*\s*"

# Labels stripped from the front of a removed line before its value is read, by kind. They are
# matched against the line's key (arclean.chars.fold_key), so spelling variants need no listing.
_LABELS: dict[str, regex.Pattern[str]] = {
    "source": regex.compile(
        rf"^\(?\s*(?:ال)?مصدر(?:\s+(?:الاصلي|الخبر|المقال|الماده|النص))?{_LABEL_EDGE}"
        r"|^(?:نقلا|نقل|بتصرف|منقول)\s+عن\s+|^(?:source|via)\s*[:：]\s*|^عن\s+",
        regex.IGNORECASE,
    ),
    "tags": regex.compile(
        rf"^(?:(?:ال)?وسوم|(?:ال)?كلمات\s*(?:ال)?(?:دلاليه|مفتاحيه)|tags?|keywords|سمات){_LABEL_EDGE}", regex.IGNORECASE
    ),
    "byline": regex.compile(
        r"^(?:about (?:the )?(?:post )?author|posted by|written by|by|author"
        r"|كتب[ته]?|بقلم|تقرير|تحقيق|حوار|حاور[هت]?[اه]?|اعداد(?: وترجمه)?|ترجمه|تحرير|راي|بواسطه|الكاتب|المحرر)(?!\w)"
        + _LABEL_EDGE,
        regex.IGNORECASE,
    ),
    "read_also": regex.compile(
        r"^(?:(?:اقرا|طالع|شاهد|تابع)\s*(?:ايضا|كذلك|المزيد)?|قد يهمك(?:\s*ايضا)?|يهمك\s*ايضا|للمزيد|لا (?:تفوت|تفوتك|يفوتك))"
        + _LABEL_EDGE
    ),
    "date": regex.compile(r"^(?:تاريخ النشر|اخر تحديث|نشر في)" + _LABEL_EDGE),
}
_LINK_BACK = regex.compile(r"^رابط (?:الخبر|المقال|الموضوع)\s+(?:ب|في |على )?(?P<outlet>\S+(?:\s+\S+)?)\s*:\s*(?P<title>.*)$")
_TITLE_AUTHOR = regex.compile(r"^(?P<title>.{8,}?)\s*/\s*(?P<author>[^/\d]{3,40})$")
_CREDIT_SPLIT = regex.compile(r"\s+[\-–—]\s+|\s*[–—]\s*")
_AGENCY = regex.compile(MACROS["agency"], regex.IGNORECASE)
# An agency credited in the story's opening dateline: "واس- الرياض:", "لشبونة -ا ف ب -", "القاهرة (رويترز) -".
_DATELINE_AGENCY = regex.compile(
    r"^\s*(?:[^\s:،.]+(?:\s[^\s:،.]+)?\s*[\-–—(]\s*)?\(?(?P<agency>" + MACROS["agency"] + r")\)?\s*[\-–—:)]",
    regex.IGNORECASE,
)
_BULLET_LEAD = regex.compile(f"^[{BULLET_CLASS}]+")
_EXCLUSIVE = regex.compile(r"[\-–—]\s*خاص\s*:?$")
_TAG_SEPARATORS = regex.compile(r"\s*[,،|;؛#]\s*|\s{2,}")
_SOURCE_CREDIT = regex.compile(r"^(?P<outlet>[^–—\-]+?)\s*[–—\-]\s*متابع[ةه]\s*(?:[–—\-]\s*(?P<agency>.+))?$")
_NOT_AN_AUTHOR = regex.compile(r"see (?:the )?author'?s posts|@|^\d|لمراسل|للتواصل|ايميل|إيميل|تويتر", regex.IGNORECASE)
_PHOTO_CREDIT = regex.compile(r"\s*[-–—]\s*تصوير\s*:.*$")


def clean_value(text: str) -> str:
    """A removed line as a metadata value: invisible marks and leading bullets gone, spaces
    collapsed, edges trimmed."""
    value = _SPACES.sub(" ", _NOISE.sub(" ", text)).strip(" :：-–—|()")
    return _BULLET_LEAD.sub("", value).strip(" :：-–—|()")


def _strip_label(kind: str, text: str) -> str:
    value = clean_value(text)
    label = _LABELS.get(kind)
    found = label.match(fold_key(value)) if label else None
    if not found or not found.end():
        return value
    offsets = key_to_raw_offsets(value)
    cut = offsets[found.end()] if found.end() < len(offsets) else len(value)
    return clean_value(value[cut:])


def _dedupe(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def parse_metadata(removed: Iterable[Removal], story: str = "") -> Metadata:
    """Read title, date, authors, sources, tags, read-also and related titles from removals.

    ``story`` (the kept text) is read only for the agency credited in its opening dateline
    ("واس- الرياض:", "لشبونة -ا ف ب -"), which belongs to the story and is not removed.
    """
    headlines: list[str] = []  # the head block: kicker and headline; the last one is the headline
    other_titles: list[str] = []
    date = None
    authors: list[str] = []
    sources: list[str] = []
    tags: list[str] = []
    read_also: list[str] = []
    related: list[str] = []
    taking_titles = False  # inside a read-also block, between its header and its first non-title
    for removal in removed:
        kind, rule = removal.kind, removal.rule
        if kind == "title":
            title, author = _split_title_author(clean_value(removal.text))
            (headlines if rule == "title.head" else other_titles).append(title)
            authors.extend([author] if author else [])
        elif kind == "date" and date is None:
            date = _strip_label("date", removal.text) or None
        elif kind == "byline" and rule != "byline.email_glued" and not _NOT_AN_AUTHOR.search(removal.text):
            authors.extend(_authors(_PHOTO_CREDIT.sub("", _strip_label("byline", removal.text))))
        elif kind == "source":
            link = _LINK_BACK.match(clean_value(removal.text))
            if link:
                sources.append(link["outlet"])
                other_titles.append(clean_value(link["title"]))
                continue
            if rule == "source.prepared_by":
                continue  # a wire desk's staff credit, not a source
            value = _strip_label("source", removal.text)
            if _EXCLUSIVE.search(value):
                continue  # "بغداد – خاص": an exclusive dateline, no source named
            credit = _SOURCE_CREDIT.match(value)
            agency = _AGENCY.search(fold_key(value)) if rule == "source.agency_dateline" else None
            if credit:
                sources.append(clean_value(credit["agency"] or credit["outlet"]))
            elif agency:
                sources.append(clean_value(_raw_span(value, agency.start(), agency.end())))
                # "تونس -(رويترز)-الوسط التونسية:": the outlet that relays the agency follows it
                outlet = clean_value(_raw_span(value, agency.end(), len(fold_key(value))).strip(" ()-–—:"))
                if outlet and len(outlet.split()) <= 4:
                    sources.append(outlet)
            else:
                sources.append(value)
        elif kind == "tags":
            value = _strip_label("tags", removal.text)
            tags.extend(clean_value(tag) for tag in _TAG_SEPARATORS.split(value))
        elif kind == "read_also":
            if rule == "read_also.inline":
                read_also.append(_strip_label("read_also", removal.text))
            elif rule == "read_also.header":
                taking_titles = True
            elif rule == "read_also.block" and taking_titles:
                taking_titles = _is_title(removal.text)
                if taking_titles:
                    read_also.append(clean_value(removal.text))
        elif kind == "related" and rule == "related.list":
            related.append(clean_value(_BULLET.sub("", removal.text)))
    dateline = _DATELINE_AGENCY.match(fold_key(story[:120]))
    if dateline:
        sources.append(clean_value(_raw_span(story[:120], dateline.start("agency"), dateline.end("agency"))))
    titles = [t for t in [*headlines[-1:], *other_titles] if t]
    return Metadata(
        title=titles[0] if titles else None,
        date=date,
        authors=_dedupe(authors),
        sources=_dedupe(sources),
        tags=_dedupe(tags),
        read_also=_dedupe(read_also),
        related=tuple(v for v in related if v),
    )


def _raw_span(text: str, key_start: int, key_end: int) -> str:
    """The part of ``text`` whose folded key is ``fold_key(text)[key_start:key_end]``."""
    offsets = key_to_raw_offsets(text)
    if key_start >= len(offsets) or key_end <= key_start:
        return ""
    end = offsets[key_end - 1] + 1 if key_end > 0 else 0
    return text[offsets[key_start] : end]


def _split_title_author(title: str) -> tuple[str, str | None]:
    """Opinion headlines often end with the writer: "عنوان المقال/ اسم الكاتب"."""
    found = _TITLE_AUTHOR.match(title)
    return (found["title"].strip(), found["author"].strip()) if found else (title, None)


def _authors(value: str) -> list[str]:
    """An author line to names. "X – Y: site" credits several people before the colon; in a
    bare "X – Y" the last part is the site or the city ("محمد السريعي – عين اليوم")."""
    if ":" in value:
        parts = _CREDIT_SPLIT.split(value.split(":")[0])
    else:
        parts = _CREDIT_SPLIT.split(value)
        parts = parts[:-1] if len(parts) > 1 else parts
    names = [clean_value(part) for part in parts]
    return [name for name in names if name and len(name.split()) <= 8]


def _is_title(text: str) -> bool:
    """A promoted headline, not a date line or a paragraph of an embedded article."""
    words = len(text.split())
    return 2 <= words <= 25 and not any(ch.isdigit() for ch in text.strip()[:4])
