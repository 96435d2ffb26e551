"""The find phase as a whole (arclean.find.finder): every cue example goes through the real pipeline."""

from __future__ import annotations

import pytest

import arclean
from arclean.find import cues
from tests.find.conftest import STORY

_PIPELINE = arclean.Pipeline.default()
_EXAMPLES = [(cue, example) for cue in cues() for example in cue.examples]


@pytest.mark.parametrize(("cue", "example"), _EXAMPLES, ids=lambda v: getattr(v, "id", None))
def test_every_cue_example_is_removed_as_its_kind_by_the_pipeline(cue, example: str) -> None:
    """After a story (so edge-only cues apply), on its own line or glued to one: the example's
    text is removed, and its kind is among the removed kinds."""
    raw = f"{STORY}\n{STORY}\n{example}"
    after_story = 2 * len(STORY) + 2
    result = _PIPELINE.clean(raw)
    kinds = {removal.kind for removal in result.removed if removal.end > after_story}
    assert cue.kind in kinds, f"{cue.id}: {example!r} removed as {sorted(kinds)}"
    assert result.restore() == raw


def test_pipelines_share_nothing_mutable_between_documents() -> None:
    first = _PIPELINE.label(f"{STORY}\nالمصدر: واس")
    second = _PIPELINE.label(STORY)
    assert first.marks[1] is not None and second.marks == [None]
