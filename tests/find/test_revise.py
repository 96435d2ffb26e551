"""Neighbour rules of no cleaner (arclean.find.revise): repeated widgets, gaps after the story."""

from __future__ import annotations

import arclean
from tests.find.conftest import STORY


def _rules(*lines: str, revise: bool = True) -> list[str | None]:
    labels = arclean.Pipeline(revise=revise).label("\n".join(lines))
    return [None if mark is None else mark.rule for mark in labels.marks]


def test_a_short_line_seen_three_times_is_a_widget_after_its_first() -> None:
    widget = "النتيجة المباشرة للمباراة الآن"
    assert _rules(STORY, widget, STORY, widget, STORY, widget) == [None, None, None, "revise.repeated", None, "revise.repeated"]


def test_a_refrain_ending_with_a_full_stop_is_no_widget() -> None:
    refrain = "وقد صدر قرار وزاري بذلك."
    assert _rules(STORY, refrain, STORY, refrain, STORY, refrain) == [None] * 6


def test_a_gap_under_a_list_block_takes_its_kind() -> None:
    rules = _rules(STORY, "أخبار ذات صلة", "افتتاح معرض الكتاب الدولي", "خبر", "جميع الحقوق محفوظة © 2025")
    assert rules[3] == "revise.tail_gap"


def test_no_prose_line_means_no_gap_filling() -> None:
    assert _rules("المصدر: واس", "سطر قصير", "جميع الحقوق محفوظة © 2025")[1] is None


def test_the_revise_switch_turns_both_rules_off() -> None:
    widget = "النتيجة المباشرة للمباراة الآن"
    assert _rules(STORY, widget, STORY, widget, STORY, widget, revise=False) == [None] * 6
