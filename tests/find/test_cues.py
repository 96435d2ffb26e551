"""The cue data file: every entry compiles, matches its examples and none of its counter-examples."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from arclean.chars import fold_key
from arclean.find.cues import check_line_local, cue_table_markdown, cues, line_local, parse_cues
from arclean.find.data import DataError
from arclean.find.kinds import kind_names

ALL_CUES = cues()


def test_cue_ids_are_unique_and_kinds_known() -> None:
    ids = [cue.id for cue in ALL_CUES]
    assert len(ids) == len(set(ids))
    assert {cue.kind for cue in ALL_CUES} <= set(kind_names())
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


GOOD = {"id": "x.a", "kind": "source", "role": "line", "pattern": "a", "why": "w", "examples": ["a"], "counter": ["b"]}


def test_duplicate_ids_are_rejected() -> None:
    entry = dict(GOOD)
    with pytest.raises(DataError, match="duplicate id"):
        parse_cues({"cue": [entry, dict(entry)]})


def test_docs_cue_table_is_in_sync_with_the_data() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "cues.md"
    assert docs.read_text(encoding="utf-8") == cue_table_markdown(), "regenerate docs/cues.md (command at its top)"


@pytest.mark.parametrize("cue", [cue for cue in ALL_CUES if cue.needs], ids=lambda cue: cue.id)
def test_literal_prechecks_cover_every_example(cue) -> None:
    for example in cue.examples:
        key = fold_key(example).strip().lower()
        assert any(needle in key for needle in cue.needs), f"{cue.id}: no 'needs' literal in {example!r}"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"counter": []}, "needs 'counter': a line like it that must stay story"),
        ({"examples": []}, "needs 'examples'"),
        ({"why": ""}, "needs 'why'"),
        ({"pattern": "(?:علي|على) الرابط"}, r"letters the matching key never has: 'ى' \(key: 'ي'\)"),
        ({"pattern": "إقرا"}, "letters the matching key never has: 'إ'"),
        ({"requires": "مدينة"}, "requires: pattern holds letters the matching key never has: 'ة'"),
        ({"pattern": "{agencies}"}, r"unknown macro \{agencies\}"),
    ],
)
def test_the_loader_rejects_what_cannot_be_checked_or_cannot_match(change: dict, message: str) -> None:
    with pytest.raises(DataError, match=message):
        parse_cues({"cue": [{**GOOD, **change}]}, origin="test.toml")


def test_every_builtin_cue_pattern_is_in_key_form() -> None:
    for cue in ALL_CUES:
        assert "ى" not in cue.pattern.pattern, cue.id
        assert cue.counter, cue.id


def test_macros_of_the_word_classes_expand_to_their_words() -> None:
    from arclean.find.cues import MACROS
    from arclean.find.vocab import vocabulary

    agency = regex.compile(MACROS["agency"] + "$")
    for spelling in ("ا ف ب", "افب", "ا.ف.ب", "د ب ا", "دبا", "يو بي اي", "رويترز", "AFP"):
        assert agency.match(fold_key(spelling).lower()), spelling
    assert not agency.match("يوبياي"), "spaces are optional only between single letters"
    assert {c.macro for c in vocabulary().values()} <= set(MACROS)


def test_searched_and_tail_cues_must_declare_a_precheck() -> None:
    entry = {"id": "x.a", "kind": "source", "role": "tail", "pattern": "a$"}
    with pytest.raises(DataError, match="needs"):
        parse_cues({"cue": [entry]})


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
