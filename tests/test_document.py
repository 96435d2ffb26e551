"""Document.parse: lines, offsets into the original, and what counts as a line break."""

from __future__ import annotations

import pytest

from arclean import Pipeline
from arclean.document import Document

STORY = (
    "أعلن الوزير صباح الثلاثاء خطة لتطوير شبكة الطرق الريفية في المنطقة الشرقية وسط ترحيب واسع من السكان "
    "والتجار بمشاركة عدد كبير من الخبراء والمختصين في إطار خطة شاملة لتحسين الخدمات العامة."
)
BREAKS = {"lone CR": "\r", "NEL": "\x85", "LINE SEPARATOR": "\u2028", "PARAGRAPH SEPARATOR": "\u2029"}


@pytest.mark.parametrize("name", BREAKS)
def test_other_line_breaks_split_lines_with_offsets_into_the_original(name: str) -> None:
    br = BREAKS[name]
    text = f"الأول{br}الثاني\nالثالث{br}{br}"
    doc = Document.parse(text)
    assert [line.text for line in doc.lines] == ["الأول", "الثاني", "الثالث", "", ""]
    for line in doc.lines:
        assert text[line.start : line.end] == line.text
    assert doc.key_text == "الاول\nالثاني\nالثالث\n\n"


def test_crlf_keeps_its_cr_on_the_line() -> None:
    doc = Document.parse("سطر\r\nسطر آخر")
    assert [line.text for line in doc.lines] == ["سطر\r", "سطر آخر"]


@pytest.mark.parametrize("name", BREAKS)
def test_a_cue_after_another_line_break_is_removed_losslessly(name: str) -> None:
    br = BREAKS[name]
    text = f"{STORY}{br}المصدر: واس{br}تابعونا على فيسبوك"
    result = Pipeline.default().clean(text)
    assert [(r.kind, r.text) for r in result.removed] == [("source", "المصدر: واس"), ("social", "تابعونا على فيسبوك")]
    assert result.restore() == text


def test_trailing_pipes_arrows_and_emoji_are_not_part_of_the_key() -> None:
    text = "اقرأ أيضا ⬇️\nالرئيسية |\n🔴 🔴\n|"
    doc = Document.parse(text)
    assert [line.key for line in doc.lines] == ["اقرا ايضا", "الرئيسيه", "🔴 🔴", "|"]
    assert [line.text for line in doc.lines] == text.split("\n")  # the lines themselves are untouched
    result = Pipeline.default().clean(f"{STORY}\nتابعونا على تيليجرام 👇")
    assert result.text == STORY and result.restore() == f"{STORY}\nتابعونا على تيليجرام 👇"
