"""The cue cleaner (arclean.find.cleaner): its kind's cues, its own gate when used alone."""

from __future__ import annotations

from arclean.find import CueCleaner, Document, Labels
from tests.find.conftest import STORY


def test_a_cue_cleaner_alone_runs_its_own_gate() -> None:
    doc = Document.parse(f"{STORY}\nالمصدر: واس\nإعلان")
    labels = Labels(doc)  # no pipeline: no shared gate candidates
    CueCleaner("source").propose(labels)
    assert [None if m is None else m.rule for m in labels.marks] == [None, "source.label", None]


def test_a_cue_cleaner_holds_only_its_kind() -> None:
    cleaner = CueCleaner("tags")
    groups = cleaner.line_cues + cleaner.edge_cues + cleaner.tail_cues + cleaner.head_cues + cleaner.split_cues
    assert groups and {cue.kind for cue in groups} == {"tags"}
    assert cleaner.id == "tags" and CueCleaner("tags", id="my_tags").id == "my_tags"


def test_a_tail_some_glued_kind_takes_passes_the_shared_pre_check() -> None:
    from arclean.chars import fold_key
    from arclean.find import cues
    from arclean.find.cleaner import _some_glued_kind_takes

    for cue in cues():
        if cue.kind not in CueCleaner.GLUED_KINDS or cue.role not in ("line", "header"):
            continue
        for example in cue.examples:
            key = fold_key(example).strip()
            if cue.find(key):
                assert _some_glued_kind_takes(key), (cue.id, example)
