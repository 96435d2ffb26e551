"""The document (arclean.find.document): lines, offsets into the input, folded keys."""

from __future__ import annotations

import pytest

from arclean import Pipeline
from arclean.find import Document
from arclean.find.document import glued_start, raw_offset
from tests.find.conftest import STORY


def test_lines_keep_offsets_into_the_input_and_fold_their_keys() -> None:
    text = "إقرأ أيضاً:\n\n  ٢٠٢٤ عام "
    doc = Document.parse(text)
    assert [text[line.start : line.end] for line in doc.lines] == text.split("\n")
    assert doc.lines[0].key == "اقرا ايضا:" and doc.lines[1].blank and doc.lines[2].key == "2024 عام"
    assert doc.key_text == "\n".join(line.key for line in doc.lines)


def test_a_key_position_maps_back_to_the_input() -> None:
    doc = Document.parse("  إقرأ أيضاً: الخبر")
    line = doc.lines[0]
    assert doc.text[raw_offset(line, line.key.index("الخبر")) :] == "الخبر"


def test_a_glued_part_starts_before_the_tatweel_framing_it() -> None:
    doc = Document.parse("وانتهى الاجتماع مساء أمس. ــ انتهى ــ")
    line = doc.lines[0]
    at = line.key.index("انتهي", 5)
    assert doc.text[raw_offset(line, at) :] == "انتهى ــ"
    assert doc.text[glued_start(line, at) :] == " ــ انتهى ــ"
    plain = Document.parse("وانتهى الاجتماع مساء أمس. انتهى").lines[0]
    assert glued_start(plain, plain.key.index("انتهي", 5)) == raw_offset(plain, plain.key.index("انتهي", 5))


def test_the_bullet_is_off_the_cue_key() -> None:
    assert Document.parse("• اقرأ أيضا:").lines[0].cue_key == "اقرا ايضا:"


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


@pytest.mark.parametrize("order", [(1, 2, 4, 7, 9), (9, 7, 4, 2, 1), (4, 9, 1, 7, 2)])
def test_long_lines_are_the_same_whichever_minimum_is_asked_first(order: tuple[int, ...]) -> None:
    text = "\n".join(["", "ا", "اب", "ابجد", "ابجد هوز", "ابجد هوز حطي", STORY, " ", "اب"] * 3)
    doc = Document.parse(text)
    for length in order:
        assert doc.long_lines(length) == [index for index, key in enumerate(doc.keys) if len(key) >= length], length


def test_grouping_by_key_keeps_first_occurrence_order_and_line_order() -> None:
    from arclean.find.document import group_by_key

    few = ["ب", "ا", "ب", "ج"] * 50 + ["د"]  # a few keys repeated: one C-level filter per key
    many = [f"سطر {n % 90}" for n in range(200)]  # many keys: one step per line
    for keys in (few, many):
        for indices in (list(range(len(keys))), list(range(len(keys)))[::3]):
            found = group_by_key(keys, indices)
            assert found == _grouped(keys, indices)
            assert list(found) == list(_grouped(keys, indices))  # first-occurrence order


def _grouped(keys: list[str], indices: list[int]) -> dict[str, list[int]]:
    grouped: dict[str, list[int]] = {}
    for index in indices:
        grouped.setdefault(keys[index], []).append(index)
    return grouped
