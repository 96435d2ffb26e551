"""Labels (arclean.find.labels): first and final marks side by side."""

from __future__ import annotations

import arclean
from arclean.find import Document, Labels
from tests.find.conftest import STORY


def test_first_marks_are_what_the_lines_said_on_their_own() -> None:
    labels = arclean.Pipeline.default().label("\n".join([STORY, "كلمات دلالية: الاقتصاد", "اقرأ أيضا:", "المصدر: واس"]))
    first = [None if mark is None else mark.rule for mark in labels.first or []]
    final = [None if mark is None else mark.rule for mark in labels.marks]
    assert first == [None, "tags.keywords", "read_also.header", "source.label"]
    assert final == [None, "tags.keywords", "read_also.header", "read_also.block"]
    assert [labels.changed(i) for i in range(4)] == [False, False, False, True]


def test_a_line_claimed_once_is_not_claimed_again_and_remark_keeps_the_first() -> None:
    doc = Document.parse("سطر\nسطر آخر")
    labels = Labels(doc)
    assert labels.mark_line(doc.lines[0], "ad", "ad.label")
    assert not labels.mark_line(doc.lines[0], "nav", "nav.ui_words")
    labels.keep_first()
    labels.remark(doc.lines[0], "read_also", "read_also.block")
    assert labels.first_mark(0).rule == "ad.label" and labels.marks[0].rule == "read_also.block"
    assert labels.changed(0) and not labels.changed(1)


def test_without_a_propose_pass_first_is_final() -> None:
    doc = Document.parse("سطر")
    labels = Labels(doc)
    labels.mark_line(doc.lines[0], "ad", "ad.label")
    assert labels.first_mark(0) is labels.marks[0] and not labels.changed(0)
