"""Bylines (arclean.find.byline): a bare name goes only above an address or another name."""

from __future__ import annotations

import arclean
from tests.find.conftest import STORY


def _kinds(*lines: str) -> list[str | None]:
    labels = arclean.Pipeline.default().label("\n".join(lines))
    return [None if mark is None else mark.rule for mark in labels.marks]


def test_a_name_above_an_address_is_the_author() -> None:
    assert _kinds(STORY, "محمد أحمد", "algashgari@gmail.com") == [None, "byline.trailing_name", "byline.email_or_handle"]


def test_co_authors_above_an_address_go_together() -> None:
    rules = _kinds(STORY, "محمد أحمد", "سارة خالد", "algashgari@gmail.com")
    assert rules == [None, "byline.trailing_name", "byline.trailing_name", "byline.email_or_handle"]


def test_a_short_last_line_alone_is_kept() -> None:
    # a closing subheading looks like a name; being last is not enough (idempotence)
    assert _kinds(STORY, "ردود فعل دولية") == [None, None]


def test_a_name_and_a_town_under_the_last_sentence_is_the_signature() -> None:
    for signature in ("سعيد الهاشمي - الطائف", "سعيد الهاشمي، الطائف", "سعيد علي / الطائف", "عبدالله فهد القحطاني - أبها"):
        assert _kinds(STORY, signature) == [None, "byline.signature"], signature


def test_a_signature_under_which_boilerplate_follows_goes_too() -> None:
    assert _kinds(STORY, "سعيد الهاشمي - الطائف", "المصدر: واس")[1] == "byline.signature"


def test_a_short_sentence_naming_a_person_and_a_town_is_kept() -> None:
    for last in ("التقى محمد في بغداد", "بغداد - وصل الوفد إلى العاصمة اليوم.", "القدس المحتلة - غزة"):
        assert _kinds(STORY, last)[1] is None, last


def test_people_and_towns_listed_or_signing_each_item_are_kept() -> None:
    # the shape repeats among the kept lines (a page of poems each signed so, a list of winners)
    assert _kinds(STORY, "سالم الحارثي - نزوى", STORY, "بدر المعمري - صور") == [None, None, None, None]
    # a kept line under it: not the story's end
    assert _kinds(STORY, "سالم الحارثي - نزوى", "جدل واسع") == [None, None, None]
    # under a line that does not end a sentence (a verse, a list's header)
    assert _kinds(STORY, "وجاءت النتائج النهائية على النحو الآتي:", "سالم الحارثي - نزوى")[2] is None
