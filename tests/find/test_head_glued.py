"""The head-glued mechanism: boilerplate glued before a story line's first sentence."""

from __future__ import annotations

import pytest

from arclean.chars import fold_key
from arclean.find.concepts import kind_concepts
from arclean.find.head_glued import HEAD_KINDS, head_concepts, head_cut
from arclean.pipeline import Pipeline

STORY = "تعرضت المنطقة أمس لعاصفة قوية أدت إلى انقطاع الكهرباء عن آلاف المنازل في الأحياء الشرقية."
CONCEPTS = tuple(concept for kind in sorted(HEAD_KINDS) for concept in head_concepts(kind_concepts(kind)))


def cut(line: str, anywhere: bool = False) -> str | None:
    """What the mechanism takes from the head of ``line`` (in key form), or None."""
    key = fold_key(line).strip()
    found = head_cut(key, CONCEPTS, anywhere)
    return None if found is None else key[: found[1]].strip()


@pytest.mark.parametrize(
    ("head", "taken"),
    [
        ("د.يوسف مصطفى مشعل - ", "د.يوسف مصطفي مشعل -"),  # a columnist's title and name
        ("أ.د. سامر خليل الحمد – ", "ا.د. سامر خليل الحمد –"),
        ("إعداد: منى سعيد - ", "اعداد: مني سعيد -"),  # a labelled credit
        ("تصوير: سامي الأحمد - ", "تصوير: سامي الاحمد -"),
        ("Photo by John Weston - ", "Photo by John Weston -"),
        ("RIA NOVOSTI – ", "RIA NOVOSTI –"),
        ("www.example.org - ", "www.example.org -"),
    ],
)
def test_a_credit_or_byline_glued_before_the_first_sentence_is_cut_at_its_separator(head: str, taken: str) -> None:
    assert cut(head + STORY) == taken


@pytest.mark.parametrize(
    "line",
    [
        "د. محمد سالم العلي - استشاري أمراض القلب - " + STORY,  # an apposition: the story's subject
        "د. سامي الخياط: " + STORY,  # a speaker and what he said
        "د. محمد قال إن العلاج متوفر في جميع المستشفيات الحكومية والخاصة",  # no separator
        "iPhone 15 – " + STORY,  # Latin words no concept takes
        "COVID-19 – " + STORY,
        "Formula 1 - " + STORY,
        "عمان - بترا - " + STORY,  # a dateline opening the story is kept with it
        "واس- الرياض: " + STORY,
        "د. أحمد سالم - جامعة الأمير سطام بن عبد العزيز",  # a name and its affiliation: no sentence
        "تصوير: سامي - بدأ التصوير",  # too short to be a story line
    ],
)
def test_story_words_at_the_head_stay(line: str) -> None:
    assert cut(line) is None


def test_below_the_first_paragraph_only_a_latin_head_before_arabic_is_taken() -> None:
    assert cut("د.يوسف مصطفى مشعل - " + STORY, anywhere=True) is None
    assert cut("Getty Images – " + STORY, anywhere=True) == "Getty Images –"


def test_the_pipeline_cuts_the_head_and_restores_the_input() -> None:
    raw = "عنوان الخبر\n\nإعداد: منى سعيد - " + STORY + "\n" + STORY + "\n\nPictures by Lina Haddad – 2 – " + STORY + "\n"
    result = Pipeline.default().clean(raw)
    assert [span.text for span in result.removed if span.rule.startswith("concept.")] == [
        "إعداد: منى سعيد - ",
        "Pictures by Lina Haddad – ",
    ]
    assert result.restore() == raw
    assert Pipeline.default().clean(result.text).text == result.text


def test_source_and_neighbour_placed_concepts_take_no_head() -> None:
    kinds = {concept.kind for concept in CONCEPTS}
    assert kinds <= HEAD_KINDS and "source" not in kinds
    assert not any(concept.last for concept in CONCEPTS)
