"""Neighbour rules of no cleaner (arclean.find.revise): repeated widgets, second articles, gaps after the story."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

import arclean
from arclean.find.document import Line
from arclean.find.labels import Labels
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


SECOND_TITLE = "افتتاح خط ملاحي جديد بين الميناءين"
SECOND_LEDE = (
    "مصراتة - الوسط: افتتحت إدارة الميناء صباح اليوم خطا ملاحيا جديدا يربط المدينة بموانئ شرق المتوسط، "
    "في خطوة قالت إنها ستخفض كلفة الشحن على التجار."
)
SECOND_MORE = "وأوضحت الإدارة أن السفن ستبحر مرة كل أسبوع وأن الحجز متاح عبر الوكلاء المعتمدين في المدينة."


def test_an_article_opening_under_the_story_footer_is_a_second_piece() -> None:
    rules = _rules(STORY, "كلمات دلالية: الموانئ، التجارة", SECOND_TITLE, "3 فبراير 2025", SECOND_LEDE, SECOND_MORE)
    assert rules[2:] == ["revise.second_article"] * 4


def test_a_second_article_needs_no_date_when_its_paragraph_opens_with_a_dateline() -> None:
    rules = _rules(STORY, "كلمات دلالية: الموانئ، التجارة", SECOND_TITLE, SECOND_LEDE, SECOND_MORE, "المصدر: الوسط")
    assert rules[2:5] == ["revise.second_article"] * 3 and rules[5] == "source.label"


def test_a_source_line_between_two_stories_proves_no_second_article() -> None:
    # a roundup: items separated by their credits; a source line is no end of the page's story
    assert _rules(STORY, "المصدر: وكالات", SECOND_TITLE, SECOND_LEDE, SECOND_MORE)[2:] == [None, None, None]


def test_a_footer_above_any_story_prose_proves_nothing() -> None:
    rules = _rules("كلمات دلالية: الموانئ، التجارة", SECOND_TITLE, SECOND_LEDE, SECOND_MORE)
    assert "revise.second_article" not in rules and rules[2:] == [None, None]  # (its title is the headline)


def test_what_does_not_open_like_an_article_stays_under_a_footer() -> None:
    # no date line and no dateline: the paragraph is the story's own, whatever sits above it
    rules = _rules(STORY, "كلمات دلالية: الموانئ، التجارة", SECOND_TITLE, SECOND_MORE)
    assert rules[3] is None


INVITATION = "يسعدنا تلقي حكاياتكم وصوركم القديمة عبر البريد:"
ADDRESS = "readers@example.org"


def test_the_invitation_around_a_contact_address_at_the_tail_is_one_block() -> None:
    rules = _rules(STORY, INVITATION, ADDRESS, "أو على الواتساب 96899887766", "وننتظر مقترحاتكم للأسابيع القادمة.")
    assert rules[2] == "byline.email_or_handle"
    caught = {"revise.contact_block", "social.contact_prompt", "concept.contact_line", "concept.reader_submissions"}
    assert {rules[1], rules[3], rules[4]} <= caught
    with_rules_off = _rules_without(
        ("social.contact_prompt", "concept.reader_submissions", "concept.contact_line"),
        STORY, INVITATION, ADDRESS, "أو على الواتساب 96899887766", "وننتظر مقترحاتكم للأسابيع القادمة.",
    )  # fmt: skip
    assert [with_rules_off[i] for i in (1, 3, 4)] == ["revise.contact_block"] * 3


def test_a_story_sentence_giving_a_hotline_above_the_writers_address_stays() -> None:
    hotline = "ودعت الوزارة المستهلكين إلى الإبلاغ عن المخالفات عبر الهاتف المجاني 800123456 أو البريد الإلكتروني."
    assert _rules(STORY, hotline, ADDRESS)[1] is None


def test_a_contact_block_inside_the_story_stays() -> None:
    rules = _rules_without(("social.contact_prompt", "concept.reader_submissions"), STORY, INVITATION, ADDRESS, STORY)
    assert rules[1] is None


def _rules_without(off: tuple[str, ...], *lines: str) -> list[str | None]:
    """The rules of ``lines`` when marks of the rules ``off`` are refused (as if they did not exist)."""
    original, by_index, by_indices = Labels.mark_line, Labels.mark_index, Labels.mark_indices

    def refusing(self: Labels, line: Line, kind: str, rule: str, **options: bool) -> bool:
        return False if rule in off else original(self, line, kind, rule, **options)

    def refusing_index(self: Labels, index: int, kind: str, rule: str, **options: bool) -> bool:
        return False if rule in off else by_index(self, index, kind, rule, **options)

    def refusing_indices(self: Labels, indices: Iterable[int], kind: str, rule: str, **options: bool) -> None:
        if rule not in off:
            by_indices(self, indices, kind, rule, **options)

    with pytest.MonkeyPatch.context() as patch:  # every way a line is marked whole
        patch.setattr(Labels, "mark_line", refusing)
        patch.setattr(Labels, "mark_index", refusing_index)
        patch.setattr(Labels, "mark_indices", refusing_indices)
        labels = arclean.Pipeline.default().label("\n".join(lines))
    return [None if mark is None else mark.rule for mark in labels.marks]
