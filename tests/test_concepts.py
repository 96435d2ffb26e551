"""Concepts (arclean/data/concepts.toml): every entry compiles, catches its examples where it
applies and leaves its counter-examples alone, also inside and after a story."""

from __future__ import annotations

import pytest

import arclean
from arclean.chars import fold_key
from arclean.find.concepts import concepts, parse_concepts
from arclean.pipeline import Pipeline
from arclean.resources import KINDS, DataError

ALL = concepts()
WORDS = {"w": ["x"]}
STORY = (
    "أعلنت وزارة النقل اليوم عن خطة جديدة لتوسعة شبكة الطرق في المناطق الشمالية خلال العامين المقبلين.\n\n"
    "وقال وكيل الوزارة إن المشروع يشمل إنشاء جسور وأنفاق جديدة لتخفيف الازدحام في المدن الكبرى."
)


def test_concept_ids_are_unique_and_kinds_known() -> None:
    ids = [concept.id for concept in ALL]
    assert len(ids) == len(set(ids))
    assert {concept.kind for concept in ALL} <= set(KINDS)
    assert all(concept.id.startswith("concept.") and concept.why and concept.examples for concept in ALL)


@pytest.mark.parametrize(("concept", "example"), [(c, e) for c in ALL for e in c.examples], ids=lambda v: getattr(v, "id", None))
def test_concept_matches_its_examples(concept, example: str) -> None:
    assert concept.matches(fold_key(example).strip()), f"{concept.id} misses {example!r}"


@pytest.mark.parametrize(("concept", "example"), [(c, e) for c in ALL for e in c.examples], ids=lambda v: getattr(v, "id", None))
def test_concept_examples_are_removed_after_a_story(concept, example: str) -> None:
    text = f"{STORY}\n\n{example}"
    result = arclean.clean(text)
    assert result.text.strip() == arclean.clean(STORY).text.strip(), f"{example!r} was kept after the story"
    assert any(removal.text.strip() == example.strip() for removal in result.removed)


@pytest.mark.parametrize(("concept", "counter"), [(c, e) for c in ALL for e in c.counter], ids=lambda v: getattr(v, "id", None))
def test_concept_rejects_its_counter_examples(concept, counter: str) -> None:
    assert not concept.matches(fold_key(counter).strip()), f"{concept.id} matches {counter!r}"


@pytest.mark.parametrize("counter", [e for c in ALL for e in c.counter if len(e.split()) >= 4])
def test_counter_examples_are_kept_inside_and_after_a_story(counter: str) -> None:
    first, second = STORY.split("\n\n")
    for text in (f"{first}\n\n{counter}\n\n{second}", f"{STORY}\n\n{counter}"):
        assert counter in arclean.clean(text).text, f"{counter!r} was removed"


def test_without_a_kind_its_concepts_are_off() -> None:
    text = f"{STORY}\n\nتابعوا صفحتنا على إنستغرام"
    assert "إنستغرام" not in arclean.clean(text).text
    assert "إنستغرام" in Pipeline.default().without("social").clean(text).text


def test_words_take_clitics_inside_a_line_but_not_at_its_start() -> None:
    credit = next(c for c in ALL if c.id == "concept.credit")
    assert credit.matches(fold_key("بحسب وكالة الأنباء الرسمية"))
    assert not credit.matches(fold_key("فحسب الجغرافيا وقياساتها العلمية"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"concept": [{"id": "concept.a", "kind": "social"}]}, "missing max_words"),
        ({"concept": [{"id": "concept.a", "kind": "nonsense", "max_words": 3, "all": ["w"]}], "words": WORDS}, "kind"),
        ({"concept": [{"id": "concept.a", "kind": "social", "max_words": 3, "all": ["nope"]}]}, "unknown word group"),
        ({"concept": [{"id": "concept.a", "kind": "social", "max_words": 3}]}, "needs word groups"),
        ({"concept": [{"id": "concept.a", "kind": "social", "max_words": 3, "shape": "("}]}, "does not compile"),
        (
            {
                "concept": [{"id": "concept.a", "kind": "social", "max_words": 3, "all": ["w"], "zone": "mid"}],
                "words": {"w": ["x"]},
            },
            "zone",
        ),
    ],
)
def test_malformed_concepts_are_rejected_with_the_entry_named(data: dict, message: str) -> None:
    with pytest.raises(DataError, match=message):
        parse_concepts(data)
    with pytest.raises(DataError, match=r"concept\.a"):
        parse_concepts(data)


def test_docs_concept_table_is_current() -> None:
    from pathlib import Path

    from arclean.find.concepts import concept_table_markdown

    docs = Path(__file__).resolve().parents[1] / "docs" / "concepts.md"
    assert docs.read_text(encoding="utf-8") == concept_table_markdown(), "regenerate docs/concepts.md (command at its top)"
