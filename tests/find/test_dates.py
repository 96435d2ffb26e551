"""Date lines (arclean.find.dates): date vocabulary and numbers, little else."""

from __future__ import annotations

import re

import pytest

from arclean.chars import fold_key
from arclean.find.dates import DateCleaner


@pytest.mark.parametrize(
    "line",
    [
        "الأحد 14 أبريل 2024",
        "تاريخ النشر :2 يوليو 2012",
        "14/04/2024 - 10:30 ص",
        "منذ 3 ساعات",
        "الخميس 5 شباط 2015",
        "12 رمضان 1445 هـ",
    ],
)
def test_date_lines(line: str) -> None:
    assert DateCleaner().is_date(fold_key(line).strip())


@pytest.mark.parametrize(
    "line",
    ["وفي عام 2024 ارتفعت الأسعار", "منذ ذلك الحين لم يعد", "بلغ عدد السكان 2024 نسمة في المدينة", "الطقس اليوم معتدل"],
)
def test_prose_with_a_year_is_not_a_date_line(line: str) -> None:
    assert not DateCleaner().is_date(fold_key(line).strip())


def test_months_come_from_the_shared_vocabulary() -> None:
    from arclean.find.vocab import vocabulary

    vocabulary_words = DateCleaner().vocabulary.words.pattern
    assert all(re.escape(month) in vocabulary_words for month in vocabulary()["months"].words)


def _date_rules(*lines: str) -> list[str | None]:
    import arclean

    labels = arclean.Pipeline.default().label("\n".join(lines))
    return [None if mark is None else mark.rule for mark in labels.marks]


STORY_LINE = "وأوضح المتحدث باسم الهيئة في بيان صحفي اليوم أن البرنامج يستهدف أكثر من ثلاثة آلاف مستفيد في مختلف المناطق."


@pytest.mark.parametrize(
    "inside",
    [
        ["- 8:30 استقبال الضيوف وتسجيل الحضور.", "- 9:15 الكلمة الافتتاحية.", "- 10:00 بدء الجلسة الأولى."],
        ["الرقم: م / 45", "التاريخ: 3 / 4 / 1437هـ", "بعون الله تعالى"],
        ["(12) مجلة الفيصل، 14 مارس 1994.", "(13) صحيفة الندوة، 2 يناير 1989.", "(14) مجلة العربي، العدد 301."],
    ],
    ids=["timetable", "decree number and date", "references"],
)
def test_a_date_line_between_story_lines_is_the_storys_own(inside: list[str]) -> None:
    assert _date_rules(STORY_LINE, *inside, STORY_LINE) == [None] * (len(inside) + 2)


def test_a_date_line_at_the_edge_is_still_a_date() -> None:
    assert _date_rules("الأحد 14 أبريل 2024", STORY_LINE, STORY_LINE)[0] == "date.line"


def test_a_line_of_100_kb_is_no_date_line() -> None:
    """A date line is a few words of ordinary length: a year before a 100 KB run is not one."""
    from arclean.find.document import Document
    from arclean.find.labels import Labels

    for line in ("الأحد 14 أبريل 2024", "2024 " + "-" * 100_000, "الأحد 14 أبريل 2024" + "1" * 100_000):
        labels = Labels(Document.parse(line))
        DateCleaner().propose(labels)
        assert (labels.marks[0] is not None) is (len(line) < 100)
