"""The result models: the fast constructor the pipeline uses gives what ``model_construct`` gives."""

from __future__ import annotations

import copy
import pickle

import pytest
from pydantic import ValidationError

from arclean.models import AuthorRole, Metadata, Removal, Segment

VALUES = [
    (Removal, {"start": 3, "end": 9, "kind": "source", "rule": "source.label", "text": "المصدر"}),
    (Segment, {"start": 0, "end": 3, "text": "خبر"}),
    (Metadata, {**Metadata().model_dump(), "title": "عنوان", "sources": ("واس",)}),
]


@pytest.mark.parametrize(("model", "values"), VALUES)
def test_trusted_gives_what_model_construct_gives(model: type, values: dict) -> None:
    made, reference = model._trusted(dict(values)), model.model_construct(**values)
    assert made == reference and hash(made) == hash(reference)
    assert made.model_dump() == reference.model_dump() == values
    assert made.model_dump_json() == reference.model_dump_json()
    assert made.model_fields_set == reference.model_fields_set == set(values)
    assert pickle.loads(pickle.dumps(made)) == reference
    assert copy.deepcopy(made) == reference
    assert model.model_validate(made.model_dump()) == made
    with pytest.raises(ValidationError):  # frozen, as the validated model is
        made.start = 1


def test_trusted_instances_share_no_state_a_copy_can_change() -> None:
    """Trusted instances share their fields set; copying one with an update leaves the others."""
    first = Removal._trusted(dict(VALUES[0][1]))
    second = Removal._trusted({**VALUES[0][1], "start": 4})
    changed = first.model_copy(update={"rule": "source.other"})
    assert changed.rule == "source.other" and first.rule == "source.label"
    assert first.model_fields_set == second.model_fields_set == set(VALUES[0][1])
    assert copy.copy(first) == first and copy.copy(first).model_fields_set is not first.model_fields_set


def test_trusted_metadata_is_the_validated_metadata() -> None:
    """The pipeline builds its metadata trusted: equal to validating the same values."""
    values = {**Metadata().model_dump(), "authors": ("س",), "author_roles": (AuthorRole(name="س", role="تحقيق"),)}
    made = Metadata._trusted(dict(values))
    assert made == Metadata(**values) and repr(made) == repr(Metadata(**values))
    assert made.model_dump_json() == Metadata(**values).model_dump_json()
