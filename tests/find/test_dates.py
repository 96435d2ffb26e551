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
