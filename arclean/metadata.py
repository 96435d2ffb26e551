"""Metadata parsed out of the removed spans, by kind: what was removed is what we learned."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from arclean.chars import CONTROLS, INVISIBLE, ODD_SPACES
from arclean.models import Metadata, Removal

_NOISE = regex.compile("[" + regex.escape("".join(sorted(INVISIBLE | CONTROLS | ODD_SPACES | {"\r"}))) + "]")
_SPACES = regex.compile(r"\s+")
_BULLET = regex.compile(r"^\s*(?:[•*·▪►●◦■○»>✓\-–—]+|\d{1,2}\s*[.)\-–])\s*")
_LABEL_EDGE = r"\s*[:：\-–—|/]*\s*"
_ALEF = "[اأإآ]"

# Labels stripped from the front of a removed line before its value is read, by kind.
_LABELS: dict[str, regex.Pattern[str]] = {
    "source": regex.compile(
        rf"^\(?\s*(?:ال)?مصدر(?:\s+{_ALEF}لأصلي|\s+الاصلي)?{_LABEL_EDGE}|^(?:نقل[اًا]*|بتصرف|منقول)\s+عن\s+"
    ),
    "tags": regex.compile(
        rf"^(?:{_ALEF}?ل?وسوم|{_ALEF}?ل?كلمات\s*{_ALEF}?ل?(?:دلالي[ةه]|مفتاحي[ةه])|tags?|keywords|سمات){_LABEL_EDGE}",
        regex.IGNORECASE,
    ),
    "byline": regex.compile(
        r"^(?:about (?:the )?(?:post )?author|posted by|written by|by|author"
        r"|كتب[ته]?|بقلم|تقرير|تحقيق|حوار|حاور[هت]?[اه]?|[اإ]عداد(?: وترجم[ةه])?|ترجم[ةه]|تحرير|راي|رأي)\b"
        + _LABEL_EDGE,
        regex.IGNORECASE,
    ),
    "read_also": regex.compile(
        r"^(?:(?:[اإأ]قر[أا]|طالع|شاهد|تابع)\s*(?:[أا]يض[اًا]+|كذلك|المزيد)?|قد يهمك(?:\s*[أا]يض[اًا]+)?|يهمك\s*[أا]يض[اًا]+|للمزيد)"
        + _LABEL_EDGE
    ),
    "date": regex.compile(r"^(?:تاريخ النشر|آخر تحديث|اخر تحديث|نشر في)" + _LABEL_EDGE),
}
_LINK_BACK = regex.compile(r"^رابط (?:الخبر|المقال|الموضوع)\s+(?:ب|في |على )?(?P<outlet>\S+(?:\s+\S+)?)\s*:")
_TAG_SEPARATORS = regex.compile(r"\s*[,،|;؛#]\s*|\s{2,}")
_SOURCE_CREDIT = regex.compile(r"^(?P<outlet>[^–—\-]+?)\s*[–—\-]\s*متابع[ةه]\s*(?:[–—\-]\s*(?P<agency>.+))?$")
_NOT_AN_AUTHOR = regex.compile(r"see (?:the )?author'?s posts|@|^\d|لمراسل|للتواصل|ايميل|إيميل|تويتر", regex.IGNORECASE)
_PHOTO_CREDIT = regex.compile(r"\s*[-–—]\s*تصوير\s*:.*$")


def clean_value(text: str) -> str:
    """A removed line as a metadata value: invisible marks gone, spaces collapsed, edges trimmed."""
    return _SPACES.sub(" ", _NOISE.sub(" ", text)).strip(" :：-–—|()")


def _strip_label(kind: str, text: str) -> str:
    label = _LABELS.get(kind)
    value = clean_value(text)
    return clean_value(label.sub("", value, count=1)) if label else value


def _dedupe(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def parse_metadata(removed: Iterable[Removal]) -> Metadata:
    """Read title, date, authors, sources, tags, read-also and related titles from removals."""
    title = date = None
    authors: list[str] = []
    sources: list[str] = []
    tags: list[str] = []
    read_also: list[str] = []
    related: list[str] = []
    taking_titles = False  # inside a read-also block, between its header and its first non-title
    for removal in removed:
        kind, rule = removal.kind, removal.rule
        if kind == "title" and title is None:
            title = clean_value(removal.text) or None
        elif kind == "date" and date is None:
            date = _strip_label("date", removal.text) or None
        elif kind == "byline" and rule != "byline.email_glued" and not _NOT_AN_AUTHOR.search(removal.text):
            author = _PHOTO_CREDIT.sub("", _strip_label("byline", removal.text))
            if author and len(author.split()) <= 8:
                authors.append(author)
        elif kind == "source":
            link = _LINK_BACK.match(clean_value(removal.text))
            value = link["outlet"] if link else _strip_label("source", removal.text)
            credit = _SOURCE_CREDIT.match(value)
            sources.append(clean_value(credit["agency"] or credit["outlet"]) if credit else value)
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
    return Metadata(
        title=title,
        date=date,
        authors=_dedupe(authors),
        sources=_dedupe(sources),
        tags=_dedupe(tags),
        read_also=_dedupe(read_also),
        related=tuple(v for v in related if v),
    )


def _is_title(text: str) -> bool:
    """A promoted headline, not a date line or a paragraph of an embedded article."""
    words = len(text.split())
    return 2 <= words <= 25 and not any(ch.isdigit() for ch in text.strip()[:4])

