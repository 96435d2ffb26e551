"""The document (arclean.find.document): lines, offsets into the input, folded keys."""

from __future__ import annotations

from arclean.find import Document
from arclean.find.document import raw_offset


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


def test_the_bullet_is_off_the_cue_key() -> None:
    assert Document.parse("• اقرأ أيضا:").lines[0].cue_key == "اقرا ايضا:"
