"""The find phase as a whole (arclean.find.finder), run through the real pipeline.

A cue that matches its examples on their own can still never fire in a pipeline: the gate
(one document-wide pass of anchored lookaheads and literal pre-checks) decides which lines the
cues are tried on. So every example of every cue is planted after a real story paragraph and
cleaned, and the line must be removed with the cue's kind. A pipeline writes only its
cleaners' kinds: without an id, nothing of that kind is removed.
"""

from __future__ import annotations

from typing import Any

import pytest

from arclean import Pipeline
from arclean.find import cues
from tests.find.conftest import STORY

PIPELINE = Pipeline.default()


def test_pipelines_share_nothing_mutable_between_documents() -> None:
    first = PIPELINE.label(f"{STORY}\nالمصدر: واس")
    second = PIPELINE.label(STORY)
    assert first.marks[1] is not None and second.marks == [None]


def _examples() -> list[object]:
    return [pytest.param(cue, example, id=f"{cue.id}#{number}") for cue in cues() for number, example in enumerate(cue.examples)]


@pytest.mark.parametrize(("cue", "example"), _examples())
def test_every_cue_example_fires_in_the_pipeline(cue, example) -> None:
    text = f"{STORY}\n\n{example}"
    start = len(STORY) + 2
    removed = [r for r in PIPELINE.find(text) if r.end > start and r.start < len(text)]
    kinds = {r.kind for r in removed}
    assert cue.kind in kinds, f"{cue.id}: {example!r} came out as {[(r.kind, r.rule, r.text) for r in removed]}"
    assert PIPELINE.clean(text).restore() == text


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Follow us on Twitter", "social"),
        ("Subscribe to our newsletter", "social"),
        ("Copyright 2024 Example News", "copyright"),
    ],
)
def test_capitalised_latin_cues_fire(line: str, kind: str) -> None:
    removed = PIPELINE.find(f"{STORY}\n{line}")
    assert [(r.kind, r.text) for r in removed] == [(kind, line)]


def test_capitalised_glued_tags_are_cut() -> None:
    removed = PIPELINE.find(f"{STORY} Tags: مصر، العراق")
    assert [(r.kind, r.text) for r in removed] == [("tags", " Tags: مصر، العراق")]


def _corpus_texts() -> list[str]:
    from tests.conftest import CORPUS, read_jsonl

    return (
        [case["raw"] for case in read_jsonl(CORPUS)]
        + [f"{STORY}\n\n{example}" for cue in cues() for example in cue.examples]
        + CROSS_KIND
    )


#: Documents where a rule writes a kind other than its cleaner's id: the title rule's head
#: credit (byline) and site name (other), the repeated-line rule (other), the gap fill.
CROSS_KIND = [
    "عنوان الخبر عن افتتاح الطريق الجديد\nمحمد علي - القاهرة\n" + STORY,
    "Example News\nعنوان الخبر عن افتتاح الطريق الجديد\n" + STORY,
    "\n".join([STORY, "نتائج مباريات الدوري الممتاز اليوم", STORY] * 3),
    f"{STORY}\nالمصدر: واس\nقسم الأخبار المحلية\nجميع الحقوق محفوظة © 2025",
    f"{STORY}\nالوسوم:\nالطرق\nالخدمات\nتابعونا على فيسبوك",
]


@pytest.mark.parametrize("cleaner_id", Pipeline.default().to_config().cleaners)
def test_without_an_id_removes_nothing_of_its_kind(cleaner_id: str) -> None:
    pipeline = Pipeline.default().without(cleaner_id)
    kind = next(c.kind for c in Pipeline.default().cleaners if c.id == cleaner_id)
    for text in _corpus_texts():
        result = pipeline.clean(text)
        assert result.restore() == text
        leaked = [(r.rule, r.text) for r in result.removed if r.kind == kind]
        assert not leaked, f"without({cleaner_id!r}) still removed {leaked[:3]}"


def test_without_byline_keeps_a_head_credit() -> None:
    text = "عنوان الخبر عن افتتاح الطريق الجديد\nمحمد علي - القاهرة\n" + STORY
    assert [r.kind for r in Pipeline.default().find(text)][-1] == "byline"
    assert [r.kind for r in Pipeline.default().without("byline").find(text)] == ["title"]


def test_a_long_remainder_of_a_tail_cut_is_not_tried_against_every_cue(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a tail cut leaves of a line of thousands of words is longer than any cue or concept
    takes: it is left alone, not split into words once per cue and concept it is tried on."""
    from arclean.find.cleaner import CueCleaner

    tried: list[int] = []
    original = CueCleaner.mark_if_cue

    def counted(self: CueCleaner, labels: object, line: object, **gated: Any) -> None:
        tried.append(line.words)  # type: ignore[attr-defined]
        original(self, labels, line, **gated)  # type: ignore[arg-type]

    monkeypatch.setattr(CueCleaner, "mark_if_cue", counted)
    line = "— عاجل السعودية (@3ajel_ksa) " * 2000
    result = PIPELINE.clean(f"{STORY}\n{line}\n{STORY}")
    assert any(removal.kind == "social" for removal in result.removed) and result.restore() == f"{STORY}\n{line}\n{STORY}"
    assert not any(words > 1000 for words in tried)
    tried.clear()  # a short remainder is still tried
    PIPELINE.clean(f"{STORY}\nفي مطار بلاكبوش ببريطانيا اليوم الساعة 14:08.— هيئة الطيران المدني (@ksagaca) July 31, 2015")
    assert tried and max(tried) < 20


def test_the_edge_rules_read_the_story_edges_again_once_the_cleaners_have_moved_them() -> None:
    # a disclaimer above a related list of long titles: when the disclaimer's cleaner runs, the
    # titles (marked later, by the related cleaner) still look like the story's last paragraphs,
    # so the disclaimer sits inside the story; once they are marked it is the story's edge
    disclaimer = "النصوص التي تصلنا من القراء لا تعكس بالضرورة وجهة نظر المثال نيوز، والكاتب وحده مسؤول عنها."
    titles = (
        "  • الحكومة تعلن خطة جديدة لدعم المزارعين المتضررين من موجة الجفاف الأخيرة في المحافظات الجنوبية والشرقية هذا العام",
        "  • افتتاح أكبر محطة لتحلية المياه في المنطقة بطاقة إنتاجية تفوق التوقعات بعد ثلاث سنوات من أعمال البناء المتواصلة",
    )
    labels = PIPELINE.label("\n\n".join((STORY, disclaimer, "مقالات مشابهة", "\n".join(titles))))
    rules = [None if mark is None else mark.rule for mark in labels.marks]
    assert rules[0] is None and rules[2] == "concept.not_the_view_of"
    assert rules[4:] == ["related.header", None, "related.list", "related.list"]


def _label_texts() -> list[str]:
    """Every corpus case and every cue example planted after and before a story paragraph."""
    import json
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[2] / "corpus" / "corpus.jsonl"
    texts = [json.loads(line)["raw"] for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    for cue in cues():
        for example in cue.examples[:2]:
            texts += [f"{STORY}\n\n{example}\n{example}", f"{example}\n\n{STORY}"]
    return texts


def test_deciding_each_key_once_for_every_cleaner_labels_as_each_cleaner_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from arclean.find import finder as finder_module
    from arclean.find.concepts import clear_key_memos
    from arclean.find.document import Document

    def labelled(pipeline: Pipeline) -> list[tuple]:
        clear_key_memos()
        found = []
        for text in texts:
            labels = pipeline._finder.label(Document.parse(text))
            found.append((labels.marks, labels.partial, labels.first))
        return found

    texts = _label_texts()
    pipelines = [Pipeline.default(), Pipeline.default().without("social", "nav", "byline")]
    shared = [labelled(pipeline) for pipeline in pipelines]
    assert shared == [labelled(pipeline) for pipeline in pipelines]  # the decisions kept by key change nothing
    monkeypatch.setattr(finder_module, "_DECIDED_PHASES", ())  # each cleaner decides its own keys
    assert [labelled(pipeline) for pipeline in pipelines] == shared


def test_clearing_the_key_memos_forgets_the_finders_decisions() -> None:
    from arclean.find.concepts import clear_key_memos

    pipeline = Pipeline.default()
    pipeline.label(f"{STORY}\n\nالمصدر: واس")
    assert any(pipeline._finder._decided.values())
    clear_key_memos()
    assert not any(pipeline._finder._decided.values())


def test_the_edges_are_read_again_while_they_move() -> None:
    # two widgets above two comment rules that read like sentences: the comment rules' cleaner
    # runs after the widgets', and each revise pass uncovers one rule line more from the bottom,
    # so the widgets reach the story's edge only on the third pass
    footer = (
        "هل كان هذا المقال مفيدا؟ نعم لا",
        "أبلغ عن خطأ",
        "يرجى الالتزام بآداب الحوار وعدم الإساءة، ولن يتم نشر التعليقات المسيئة.",
        "Comments are moderated. Please keep them respectful.",
    )
    labels = PIPELINE.label("\n\n".join((STORY, *footer)))
    rules = [mark.rule for mark in labels.marks[2::2]]
    assert labels.marks[0] is None
    assert rules == ["concept.rate_piece", "concept.report_error", "concept.comment_rules", "concept.comment_rules"]
