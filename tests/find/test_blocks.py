"""Header blocks (arclean.find.blocks): rule cases in cases/blocks.toml, and the block limits."""

from __future__ import annotations

import pytest

import arclean
from arclean.find.blocks import ReadAlsoCleaner, RelatedCleaner
from tests.find.conftest import STORY, load_cases, run_case


@pytest.mark.parametrize("case", load_cases("blocks"), ids=lambda case: case["name"])
def test_blocks_case(case: dict) -> None:
    assert run_case(case) == case["labels"], case["why"]


def test_a_related_list_takes_at_most_its_limit() -> None:
    titles = [f"عنوان خبر رقم {n} عن الاقتصاد والنمو" for n in range(RelatedCleaner.MAX_ITEMS + 5)]
    labels = arclean.Pipeline.default().label("\n".join([STORY, "أخبار ذات صلة", *titles]))
    taken = [mark for mark in labels.marks[2:] if mark is not None and mark.rule == "related.list"]
    assert len(taken) == RelatedCleaner.MAX_ITEMS


def test_mid_story_a_read_also_header_stops_after_its_short_run() -> None:
    short = [f"سطر قصير رقم {n}" for n in range(ReadAlsoCleaner.MAX_SHORT_LINES + 2)]
    labels = arclean.Pipeline.default().label("\n".join([STORY, "اقرأ أيضا:", *short, STORY]))
    taken = [mark for mark in labels.marks[2:] if mark is not None and mark.rule == "read_also.block"]
    assert len(taken) == ReadAlsoCleaner.MAX_SHORT_LINES
    assert labels.marks[-1] is None
