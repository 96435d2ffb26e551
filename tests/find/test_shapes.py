"""Line shapes (arclean.find.shapes)."""

from __future__ import annotations

import pytest

from arclean.find import Document
from arclean.find.shapes import headline_shaped, name_like, title_like


def _line(text: str):
    return Document.parse(text).lines[0]


@pytest.mark.parametrize(
    ("text", "expected"), [("محمد أحمد", True), ("محمد بن سعد آل سعود", True), ("ومن المقرر أن", False), ("محمد أحمد.", False)]
)
def test_name_like(text: str, expected: bool) -> None:
    assert name_like(_line(text)) is expected


def test_one_token_of_100_kb_is_no_name() -> None:
    assert name_like(_line("محمد العلي")) and not name_like(_line("محمد " + "ب" * 100_000))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("افتتاح معرض الكتاب الدولي", True), ("وقال إنه سيعود.", False), ("كلمة", False), ("الخطة، وقال الوزير إنها", False)],
)
def test_title_like(text: str, expected: bool) -> None:
    assert title_like(_line(text)) is expected


def test_a_headline_does_not_end_on_a_function_word_or_a_colon() -> None:
    assert headline_shaped(_line("افتتاح معرض الكتاب"), 20)
    assert not headline_shaped(_line("افتتاح معرض الكتاب في"), 20)
    assert not headline_shaped(_line("اقرأ أيضا:"), 20)
