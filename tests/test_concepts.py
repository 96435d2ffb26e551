"""Concepts (arclean/data/concepts.toml): every entry compiles, catches its examples where it
applies and leaves its counter-examples alone, also inside and after a story."""

from __future__ import annotations

import pytest

import arclean
from arclean.chars import fold_key
from arclean.find import concepts as concept_module
from arclean.find.concepts import concepts, parse_concepts
from arclean.find.document import Document
from arclean.find.labels import Labels
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


@pytest.mark.parametrize("concept", [c for c in ALL if c.examples], ids=lambda c: c.id)
def test_a_concept_takes_no_line_of_one_100_kb_token(concept) -> None:
    """An example followed by 100 KB of what its words may be followed by (brackets, letters):
    no line a concept describes, whatever its word count."""
    example = fold_key(concept.examples[0]).strip()
    assert all(concept.match(example + run * 100_000) is None for run in ("(", "ا", "a", "1"))


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


def test_a_group_may_name_a_vocabulary_class() -> None:
    (concept,) = parse_concepts(
        {"concept": [{"id": "concept.a", "kind": "source", "max_words": 4, "all": ["w"]}], "words": {"w": ["{agency}"]}}
    )
    assert concept.matches(fold_key("(رويترز)")) and concept.matches(fold_key("أ ف ب"))


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
        (
            {"concept": [{"id": "concept.a", "kind": "social", "max_words": 3, "all": ["w"]}], "words": {"w": ["{nope}"]}},
            "word class",
        ),
        ({"concept": [{"id": "concept.a", "kind": "social", "max_words": 3, "shape": "("}]}, "does not compile"),
        (
            {
                "concept": [{"id": "concept.a", "kind": "social", "max_words": 3, "all": ["w"], "zone": "mid"}],
                "words": {"w": ["x"]},
            },
            "zone",
        ),
        ({"concept": [{"id": "concept.a", "kind": "tags", "max_words": 3, "all": ["w"], "glue": True}], "words": WORDS}, "glue"),
        (
            {"concept": [{"id": "concept.a", "kind": "tags", "max_words": 3, "start": ["w?", "w?"]}], "words": WORDS},
            "optional",
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


def _one(entry: dict, words: dict[str, list[str]]):
    (concept,) = parse_concepts({"concept": [{"id": "concept.a", "kind": "tags", "max_words": 30, **entry}], "words": words})
    return concept


def test_an_optional_opening_group_may_be_left_out() -> None:
    concept = _one({"start": ["label", "piece?"], "after": "sep", "rest": "items"}, {"label": ["وسوم"], "piece": ["الخبر"]})
    assert concept.matches(fold_key("وسوم الخبر: تونس، الجفاف")) and concept.matches(fold_key("وسوم: تونس"))
    assert not concept.matches(fold_key("وسوم الخبر كثيرة"))  # no separator after the optional word either
    first = _one({"start": ["piece?", "label"], "rest": "credit"}, {"label": ["مترجم"], "piece": ["هذا التقرير"]})
    assert first.matches(fold_key("هذا التقرير مترجم عن لوموند")) and first.matches(fold_key("مترجم عن لوموند"))
    assert not first.matches(fold_key("ومترجم عن لوموند"))  # the word that opens the line takes no clitics


def test_a_glued_label_ends_before_an_article_or_a_change_of_script_only() -> None:
    concept = _one({"start": ["label"], "glue": True, "after": "sep", "rest": "items"}, {"label": ["الوسوم", "tags"]})
    assert concept.matches(fold_key("الوسومالعراق الولايات المتحدة"))
    assert concept.matches(fold_key("Tagsمصر السياحة"))
    assert not concept.matches(fold_key("الوسومات الجديدة في السوق"))
    assert not concept.matches(fold_key("tagsmith company"))
    unglued = _one({"start": ["label"], "after": "sep", "rest": "items"}, {"label": ["الوسوم"]})
    assert not unglued.matches(fold_key("الوسومالعراق الولايات المتحدة"))


def test_rest_shapes_labels_and_codes() -> None:
    labels = _one({"start": ["label"], "rest": "labels"}, {"label": ["الوسوم"]})
    assert labels.matches(fold_key("الوسوم غزة الانتخابات"))
    assert not labels.matches(fold_key("الوسوم التي على البضائع"))
    codes = _one({"start": ["end"], "rest": "codes"}, {"end": ["انتهي"]})
    assert codes.matches(fold_key("(انتهى) ت ا / ا ع س كونا131158 جمت ينا 12")) and codes.matches(fold_key("(انتهى)"))
    assert not codes.matches(fold_key("(انتهى) الاجتماع الطويل بنجاح"))


def test_the_dialects_glued_on_the_is_a_clitic() -> None:
    concept = _one({"all": ["platform"]}, {"platform": ["انستا", "فيس"]})
    assert concept.matches(fold_key("تابعونا عالانستا")) and concept.matches(fold_key("تابعوا صفحتنا عالفيس"))
    assert not concept.matches(fold_key("عالفيسات"))


def test_a_word_listed_with_its_article_takes_the_clitics_that_fuse_with_it() -> None:
    concept = _one({"only": ["page"]}, {"page": ["الصفحه"]})
    assert all(concept.matches(fold_key(w)) for w in ("الصفحة", "للصفحة", "بالصفحة", "وللصفحة", "عالصفحة"))
    assert not concept.matches(fold_key("صفحة")) and not concept.matches(fold_key("لالصفحة"))


def test_a_tag_label_with_prepositions_after_it_is_a_tag_list_below_the_story_only() -> None:
    bare = next(c for c in ALL if c.id == "concept.tag_label_bare")
    assert not bare.matches(fold_key("سمات الشخصية القيادية تظهر في المواقف الصعبة"))
    headline = "سمات جدة تحرش في جدة عيد الفطر"
    above = arclean.clean(f"{headline}\n\n{STORY}")
    below = arclean.clean(f"{STORY}\n\n{headline}")
    assert not any(r.kind == "tags" for r in above.removed)
    assert [r.rule for r in below.removed] == ["concept.tag_list_below"]


def test_a_prompt_glued_after_an_address_is_cut_by_its_concept() -> None:
    from arclean.find import CueCleaner, Document, Labels

    doc = Document.parse(f"{STORY}\n\nwriter@example.comللتواصل مع الكاتب أرسل رسالة SMS إلى الرقم 5050")
    labels = Labels(doc)
    cleaner = CueCleaner("social", cues=(), concepts=True)  # the concepts alone, no cue
    cleaner.propose(labels)
    cleaner.revise(labels)
    cleaner.cut_inline(labels)
    (cut,) = labels.partial
    assert cut.rule == "concept.sms_prompt" and doc.text[cut.start : cut.end].startswith("للتواصل مع الكاتب")


def _rules(text: str) -> list[str]:
    return [span.rule for span in arclean.clean(text).removed]


def test_an_alone_concept_takes_a_run_of_its_own_lines_only() -> None:
    # a caption and a writer's two notes under the story go; a poem's line opening "صورة" with a
    # line unlike it below, four such lines in a row, or a list a colon introduces stay
    assert _rules(f"{STORY}\n\nجانب من حفل الافتتاح") == ["concept.caption_tail"]
    assert _rules(f"{STORY}\n\n* كاتب وباحث في شؤون المياه\nكاتب صحفي مقيم في عمّان") == ["concept.writer_note"] * 2
    poem = "صورة من بيتنا القديم\nوصوت أمي في الدار"
    assert "concept.caption_tail" not in _rules(f"{STORY}\n\n{poem}")
    four = "\n".join(f"صورة من أيام {word}" for word in ("الطفولة", "الصبا", "المدرسة", "الحرب"))
    assert "concept.caption_tail" not in _rules(f"{STORY}\n\n{four}")
    listed = f"{STORY[:-1]}، وحضر اللقاء كل من:\n- الدكتور سامي علي رئيس جامعة المثال"
    assert "concept.writer_note" not in _rules(listed)


def test_a_last_concept_takes_the_texts_last_kept_line_only() -> None:
    assert _rules(f"{STORY}\n\n(اليوم)") == ["concept.bracketed_outlet_last"]
    # a kept line after it, even a short one under the story's last paragraph: the bracket stays
    assert "concept.bracketed_outlet_last" not in _rules(f"{STORY}\n\n(الرياض)\n\nوالبقية تأتي")
    assert "concept.bracketed_outlet_last" not in _rules(f"{STORY}\n\n(12)")


def test_a_refused_glued_cut_leaves_the_part_to_the_next_concept() -> None:
    # tags glued after the last sentence: the first concept that matches cuts them; when its mark
    # is refused (its rule switched off), the next concept that matches takes the part instead
    from arclean.find.document import Line
    from arclean.find.labels import Labels

    text = f"{STORY} الوسوم النقل الطرق الجسور"
    assert [r.rule for r in arclean.clean(text).removed] == ["concept.tag_label_bare"]
    original = Labels.mark_partial

    def refusing(self: Labels, line: Line, start: int, end: int, kind: str, rule: str) -> bool:
        return False if rule == "concept.tag_label_bare" else original(self, line, start, end, kind, rule)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Labels, "mark_partial", refusing)
        removed = arclean.clean(text).removed
    assert [(r.rule, r.text) for r in removed] == [("concept.tag_list_below", "الوسوم النقل الطرق الجسور")]


# -- the word tests made once per line for every cleaner, and the kernel's concept gate ----

_KEYS = [fold_key(e).strip() for c in ALL for e in (*c.examples, *c.counter)] + [fold_key(p).strip() for p in STORY.split("\n\n")]
needs_gate = pytest.mark.skipif(concept_module._concept_gate() is None, reason="the compiled kernel is not built here")


@needs_gate
def test_the_concept_gate_keeps_every_concept_a_line_matches() -> None:
    lowered = [key.lower() for key in _KEYS]
    tried = 0
    for part, positions in enumerate(concept_module._part_positions()):
        candidates = concept_module._gate_candidates(lowered, part)
        assert candidates is not None
        for key, low, gated in zip(_KEYS, lowered, candidates, strict=True):
            words = len(key.split())
            assert set(gated) <= set(positions)
            assert concept_module._test_key(key, words, low, gated) == concept_module._test_key(key, words, low, positions), key
        tried += sum(map(len, candidates))
    assert tried < len(ALL) * len(_KEYS) / 4  # and it narrows them down


def _labelled(text: str, pipeline: Pipeline) -> tuple:
    concept_module._KEY_HITS.clear()
    concept_module._DOCUMENT_HITS[0] = None
    labels = pipeline._finder.label(Document.parse(text))
    return labels.marks, labels.partial


@needs_gate
@pytest.mark.parametrize("pipeline", [Pipeline.default(), Pipeline.default().without("social", "nav")], ids=["all", "without"])
def test_labels_are_the_same_without_the_concept_gate(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [f"{STORY}\n\n{key}\n{key}" for key in _KEYS[::3]] + [f"{key}\n\n{STORY}" for key in _KEYS[1::5]]
    gated = [_labelled(text, pipeline) for text in texts]
    monkeypatch.setattr(concept_module, "_concept_gate", lambda: None)
    assert [_labelled(text, pipeline) for text in texts] == gated


def test_a_line_given_back_to_the_story_is_offered_to_the_later_concepts() -> None:
    line = "تابعوا صفحتنا على إنستغرام"
    labels = Labels(Document.parse(f"{STORY}\n\n{line}"))
    index = next(n for n, key in enumerate(labels.doc.keys) if key == fold_key(line))
    labels.mark_index(index, "date", "date.line")  # taken when the first cleaner looks
    found = concept_module._document_hits(labels, labels.story_bounds())
    assert all(index not in lines for lines in found.by_kind.values())
    labels.unmark(labels.doc.lines[index])  # and given back before a later one does
    assert index in concept_module._document_hits(labels, labels.story_bounds()).by_kind["social"]


def test_a_story_line_is_tested_for_the_concepts_of_the_edge_once_it_is_at_the_edge() -> None:
    line = "جانب من حفل الافتتاح"  # a caption (an edge concept), between two paragraphs
    first, second = STORY.split("\n\n")
    labels = Labels(Document.parse(f"{first}\n\n{line}\n\n{second}"))
    index = next(n for n, key in enumerate(labels.doc.keys) if key == fold_key(line))
    bounds = labels.story_bounds()
    assert bounds is not None and bounds[0] < index < bounds[1]
    concept_module._KEY_HITS.clear()
    found = concept_module._document_hits(labels, bounds)
    assert index not in found.edge_tested and index not in found.by_kind.get("caption", {})
    assert concept_module._document_hits(labels, (bounds[0], index)).by_kind["caption"][index]  # the story ends above it now


def test_a_key_is_tested_once_for_every_document() -> None:
    line = "جانب من حفل الافتتاح"
    concept_module._KEY_HITS.clear()
    first = arclean.clean(f"{STORY}\n\n{line}")
    words, (anywhere, at_edge) = concept_module._KEY_HITS[fold_key(line)]
    assert words == 4 and anywhere == () and [concept.id for _, concept, _ in at_edge] == ["concept.caption_tail"]
    assert arclean.clean(f"{STORY}\n\n{line}") == first


def _glued_keys() -> list[str]:
    """Every concept example (and counter-example) glued after a story sentence, as keys."""
    sentence = fold_key("وقال الوزير إن المشروع سيكتمل قبل نهاية العام المقبل في المدينة.").strip()
    return [f"{sentence} {fold_key(text).strip()}" for concept in concepts() for text in concept.examples + concept.counter]


def test_the_glued_parts_any_concept_may_take_give_each_table_what_it_takes_alone() -> None:
    keys = _glued_keys()
    for kind in sorted({concept.kind for concept in concepts()}):
        table = concept_module.kind_concepts(kind)
        assert table.positions is not None
        reach = concept_module._reach(table)
        for key in keys:
            alone = concept_module._glued_matches(key, reach, table.opening, table.openers, table.glued_shapes)
            assert concept_module._table_matches(concept_module._glued_union(key), table) == alone, (kind, key)
