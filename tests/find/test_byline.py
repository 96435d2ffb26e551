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
