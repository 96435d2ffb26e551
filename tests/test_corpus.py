"""The project's own annotated cases (corpus/): arclean must get each one exactly right."""

from __future__ import annotations

import subprocess
import sys

import pytest

import arclean
from arclean.evaluate import score_document
from tests.conftest import CORPUS, ROOT, read_jsonl

CASES = read_jsonl(CORPUS)


def test_corpus_jsonl_is_built_from_the_case_files() -> None:
    check = subprocess.run([sys.executable, str(ROOT / "corpus" / "build.py"), "--check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_corpus_covers_every_kind() -> None:
    kinds = {label for case in CASES for label in case["labels"]} - {"body", "blank"}
    expected = {"title", "date", "byline", "source", "tags", "read_also", "related", "disclaimer", "social"}
    expected |= {"copyright", "caption", "nav", "other"}
    assert expected <= kinds, f"no corpus case for: {sorted(expected - kinds)}"


def _param(case: dict) -> object:
    # A known failure is xfail(strict): once arclean gets it right the test fails until the
    # case's "# known_failure:" header is removed, so fixes show up.
    if "known_failure" in case:
        return pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=case["known_failure"]), id=case["id"])
    return pytest.param(case, id=case["id"])


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_case_comes_out_exact(case: dict) -> None:
    result = arclean.clean(case["raw"])
    row = score_document(case, {"text": result.text, "meta": result.metadata.model_dump()}).to_dict()
    assert row["body_lost"] == 0, "story lines lost"
    assert row["junk_kept"] == 0, "boilerplate left in"
    assert row["exact"], "output tokens differ from the gold story"
    assert result.restore() == case["raw"]
    for field, f1 in row["meta"].items():
        assert f1 == 1.0, f"metadata field {field}: F1 {f1:.2f}"
