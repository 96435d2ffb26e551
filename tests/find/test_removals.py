"""From labels to removals (arclean.find.removals)."""

from __future__ import annotations

import itertools

import arclean
from arclean.find.labels import Mark
from arclean.find.removals import records, records_python
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


def test_records_leave_out_a_cut_inside_a_removed_line_and_keep_the_rest() -> None:
    """The records of a result: removals without the cut their line covers, the kept segments
    between them and the kept text, the same from the kernel and from the Python reference."""
    text = "المصدر: واس\nخبر"
    marks = [Mark("source", "source.label", 0, 11, 0), Mark("tags", "tags.glued_label", 3, 6, 0)]
    for built in (records(text, marks), records_python(text, marks)):
        removed, kept, kept_text = built
        assert [(r.start, r.end, r.kind, r.text) for r in removed] == [(0, 11, "source", "المصدر: واس")]
        assert [(s.start, s.end, s.text) for s in kept] == [(11, 15, "\nخبر")]
        assert kept_text == "\nخبر"
    assert records("", []) == ([], [], "")
