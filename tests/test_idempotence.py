"""Cleaning the cleaned text changes nothing, on every shared document and every corpus case.

Five of the 205 shared development documents used to fail (a subhead or a site's name under the
date became the first line once the headline was cleaned away, and the headline rule took it);
the property suite checks generated documents, this one real ones.
"""

from __future__ import annotations

import pytest

from arclean import Pipeline
from arclean.testing import assert_idempotent
from tests.conftest import CORPUS, read_jsonl, shared_file

PIPELINE = Pipeline.default()


@pytest.mark.parametrize("name", ["dev.jsonl", "dev-synth.jsonl"])
def test_idempotent_on_every_shared_document(name: str) -> None:
    failing = []
    for record in read_jsonl(shared_file("eval", name)):
        try:
            assert_idempotent(PIPELINE, record["raw"])
        except AssertionError as error:
            failing.append(f"{record['id']}: {error}")
    assert not failing, "\n".join(failing)


def test_idempotent_on_the_seed_document() -> None:
    assert_idempotent(PIPELINE, shared_file("seed", "example.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", read_jsonl(CORPUS), ids=lambda case: case["id"])
def test_idempotent_on_every_corpus_case(case: dict) -> None:
    assert_idempotent(PIPELINE, case["raw"])
