"""From labels to removals (arclean.find.removals)."""

from __future__ import annotations

import itertools

import arclean
from tests.find.conftest import STORY


def test_a_removed_line_with_tags_glued_inside_becomes_two_spans() -> None:
    raw = f"{STORY}\nالمصدر وكالات الوسومالعراق الولايات المتحدة"
    removed = arclean.Pipeline.default().find(raw)
    assert [(r.kind, r.rule, r.text) for r in removed] == [
        ("source", "source.label_bare", "المصدر وكالات "),
        ("tags", "tags.glued_label", "الوسومالعراق الولايات المتحدة"),
    ]


def test_removals_are_sorted_and_do_not_overlap() -> None:
    raw = f"المصدر: واس\n{STORY} الوسوم الاقتصاد\nكلمات دلالية: النمو"
    removed = arclean.Pipeline.default().find(raw)
    assert all(a.end <= b.start for a, b in itertools.pairwise(removed))
    assert arclean.clean(raw).restore() == raw
