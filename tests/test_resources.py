"""The cue data file: every entry compiles, matches its examples and none of its counter-examples."""

from __future__ import annotations

import pytest

from arclean.chars import fold_key
from arclean.resources import KINDS, DataError, check_line_local, cues, line_local, parse_cues

ALL_CUES = cues()


def test_cue_ids_are_unique_and_kinds_known() -> None:
    ids = [cue.id for cue in ALL_CUES]
    assert len(ids) == len(set(ids))
    assert {cue.kind for cue in ALL_CUES} <= set(KINDS)
    assert all(cue.id.split(".")[0] == cue.kind for cue in ALL_CUES)


def test_every_cue_documents_why_and_has_examples() -> None:
    missing = [cue.id for cue in ALL_CUES if not cue.why or not cue.examples]
    assert not missing, f"cues without 'why' or examples: {missing}"


@pytest.mark.parametrize(
    ("cue", "example"), [(cue, example) for cue in ALL_CUES for example in cue.examples], ids=lambda v: getattr(v, "id", None)
)
def test_cue_matches_its_examples(cue, example: str) -> None:
    key = fold_key(example).strip()
    assert cue.find(key) is not None, f"{cue.id} does not match its example {example!r} (key {key!r})"


@pytest.mark.parametrize(
    ("cue", "counter"), [(cue, counter) for cue in ALL_CUES for counter in cue.counter], ids=lambda v: getattr(v, "id", None)
)
def test_cue_rejects_its_counter_examples(cue, counter: str) -> None:
    key = fold_key(counter).strip()
    found = cue.find(key)
    too_long = len(key.split()) > cue.max_words
    assert found is None or too_long, f"{cue.id} matches its counter-example {counter!r}"


def test_variants_are_covered_by_folding_not_listing() -> None:
    header = next(cue for cue in ALL_CUES if cue.id == "read_also.header")
    for spelling in ("اقرأ أيضا", "إقرأ أيضاً", "أقرأ أيضًا", "اقرا ايضا", "إقـرأ أيضـاً", "\u200fاقرأ\u00a0أيضاً:"):
        assert header.find(fold_key(spelling).strip()), spelling


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"id": "x.a", "kind": "source", "role": "line"}, "missing pattern"),
        ({"id": "x.a", "kind": "nonsense", "role": "line", "pattern": "a"}, "kind 'nonsense'"),
        ({"id": "x.a", "kind": "source", "role": "sideways", "pattern": "a"}, "role 'sideways'"),
        ({"id": "x.a", "kind": "source", "role": "line", "pattern": "(a"}, "does not compile"),
        ({"id": "x.a", "kind": "source", "role": "line", "pattern": "(a)"}, "capturing groups"),
        ({"id": "x.a", "kind": "source", "role": "line", "pattern": "{nope}"}, "unknown macro"),
        ({"id": "x.a", "kind": "source", "role": "line", "pattern": "a", "zone": "middle"}, "zone"),
    ],
)
def test_bad_cue_entries_are_rejected_with_their_id(entry: dict, message: str) -> None:
    with pytest.raises(DataError, match=message) as caught:
        parse_cues({"cue": [entry]}, origin="test.toml")
    assert "x.a" in str(caught.value) and "test.toml" in str(caught.value)


def test_duplicate_ids_are_rejected() -> None:
    entry = {"id": "x.a", "kind": "source", "role": "line", "pattern": "a"}
    with pytest.raises(DataError, match="duplicate id"):
        parse_cues({"cue": [entry, dict(entry)]})


def test_docs_cue_table_is_in_sync_with_the_data() -> None:
    from pathlib import Path

    from arclean.resources import cue_table_markdown

    docs = Path(__file__).resolve().parents[1] / "docs" / "cues.md"
    assert docs.read_text(encoding="utf-8") == cue_table_markdown(), "regenerate docs/cues.md (command at its top)"


@pytest.mark.parametrize("cue", [cue for cue in ALL_CUES if cue.needs], ids=lambda cue: cue.id)
def test_literal_prechecks_cover_every_example(cue) -> None:
    for example in cue.examples:
        key = fold_key(example).strip().lower()
        assert any(needle in key for needle in cue.needs), f"{cue.id}: no 'needs' literal in {example!r}"


def test_searched_and_tail_cues_must_declare_a_precheck() -> None:
    entry = {"id": "x.a", "kind": "source", "role": "tail", "pattern": "a$"}
    with pytest.raises(DataError, match="needs"):
        parse_cues({"cue": [entry]})


def test_fast_fold_equals_the_table() -> None:
    from arclean.chars import KEY_TABLE

    text = "إقـرأ أيضاً ی ک ٢٠٢٤ ۱۴ \u200f\u00a0\ufeff\x00ة ى آ ٱ\r\n"
    assert fold_key(text) == text.translate(KEY_TABLE)


@pytest.mark.parametrize(
    "pattern",
    [r"a\nb", r"(?s)a.*b", r"a\W+b", r"a\D+b", r"a[\x00-\x7f]b", r"(?:a|[\x00-\x7f])+", r"a(?=\n)"],
)
def test_cue_patterns_that_can_match_a_line_break_are_rejected(pattern: str) -> None:
    with pytest.raises(DataError, match="line break") as caught:
        parse_cues({"cue": [{"id": "x.a", "kind": "source", "role": "line", "pattern": pattern}]}, origin="test.toml")
    assert "x.a" in str(caught.value)


@pytest.mark.parametrize(
    ("written", "compiled"),
    [
        (r"a\s*b", r"a[^\S\n]*b"),
        (r"[^:]{2,40}", r"[^:\n]{2,40}"),
        (r"[\s:]+", "[" + r"\t\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000" + ":]+"),
        (r"[^\s#]+", "[^" + r"\t\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000" + r"#\n]+"),
        (r"[]a]\.", r"[]a]\."),
    ],
)
def test_line_local_takes_line_breaks_out_of_classes(written: str, compiled: str) -> None:
    assert line_local(written) == compiled


def test_every_shipped_cue_is_line_local() -> None:
    for cue in ALL_CUES:
        check_line_local(cue.pattern.pattern, cue.id)  # raises on a pattern that could cross a line
