"""arclean's invariants, stated as properties (issue #5).

Profiles: ``ci`` (default, the whole file in well under a minute) and ``thorough``
(``HYPOTHESIS_PROFILE=thorough pytest tests/test_properties.py``) for a long local run.
"""

from __future__ import annotations

import os

import pytest

hypothesis = pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import arclean  # noqa: E402
from arclean.normalize import normalize  # noqa: E402
from arclean.pipeline import CLEANERS  # noqa: E402
from arclean.testing import (  # noqa: E402
    ExpectedMetadata,
    NewsDocument,
    assert_boilerplate_removed,
    assert_config_roundtrip,
    assert_idempotent,
    assert_lossless,
    assert_metadata,
    assert_normalized,
    assert_story_kept,
    news_document,
    normalize_options,
)

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.register_profile(
    "thorough", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

PIPELINE = arclean.Pipeline.default()

# Any str: every code point including lone surrogates and C0/C1 controls.
any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=400)
# Text made of the pieces arclean reacts to: Arabic letters, marks, cue words, separators, newlines.
_PIECES = (
    "المصدر",
    "الوسوم",
    "اقرأ أيضاً",
    "إقرأ أيضا:",
    "كتب:",
    "مقالات مشابهة",
    "•",
    "-",
    ":",
    "|",
    "©",
    "٢٠٢٤",
    "2024",
    "يونيو",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "\u00a0",
    "\u200f",
    "\u0640",
    "\u064b",
    "\x00",
    ".",
    "،",
    "وقال الوزير إن الحكومة ستواصل العمل على الإصلاحات",
    "ذات صلة",
    "تابعونا على فيسبوك",
    "(أرشيفية)",
)
cue_soup = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.text("ابتثجحخدذرزسشصضطظعغفقكلمنهويىةءأإآ ", max_size=12)), max_size=60
).map("".join)


@st.composite
def pipelines(draw: st.DrawFn) -> arclean.Pipeline:
    ids = draw(st.lists(st.sampled_from(sorted(CLEANERS)), unique=True, min_size=0, max_size=len(CLEANERS)))
    return arclean.Pipeline(ids, draw(normalize_options()), revise=draw(st.booleans()))


# ------------------------------------------------------------ never raises ---
@given(st.one_of(any_text, cue_soup))
@example("")
@example("\n" * 50)
@example("\ud800\udfff lone surrogates \udc00")
@example("\U0001fb00")  # found by this test: a symbol above the emoji range the bullet prefix knows
def test_any_str_is_cleaned_losslessly(text: str) -> None:
    result = PIPELINE.clean(text)
    assert isinstance(result.text, str)
    assert_lossless(text, result)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("المصدر " * 150_000, id="1MB-line"),
        pytest.param("• عنوان\n" * 100_000, id="100k-lines"),
    ],
)
def test_extreme_sizes(text: str) -> None:
    result = PIPELINE.clean(text)
    assert_lossless(text, result)


@pytest.mark.parametrize("value", [b"\xd8\xa7", bytearray(b"x"), None, 42, ["نص"], memoryview(b"")])
def test_non_str_is_a_type_error_naming_str(value: object) -> None:
    with pytest.raises(TypeError, match="str"):
        arclean.clean(value)  # type: ignore[arg-type]


# ---------------------------------------------------------------- lossless ---
@given(news_document(), pipelines())
def test_any_pipeline_is_lossless(doc, pipeline: arclean.Pipeline) -> None:
    assert_lossless(doc.raw, pipeline.clean(doc.raw))


# -------------------------------------------------------------- idempotent ---
@given(news_document())
def test_cleaning_is_idempotent_on_documents(doc) -> None:
    assert_idempotent(PIPELINE, doc.raw)


@given(cue_soup)
@example("٢٠٢٤ـ٢٠٢٤")  # found by this property: a tatweel between digits turned into "-" made a date line
@example("١٠ـ٢٠ـ٢٠٢٤")
def test_cleaning_is_idempotent_on_cue_soup(text: str) -> None:
    assert_idempotent(PIPELINE, text)


# ----------------------------------------------------------- normalization ---
@given(st.one_of(any_text, cue_soup), normalize_options())
def test_normalize_postconditions(text: str, options: arclean.NormalizeOptions) -> None:
    normalized, changes = normalize(text, options)
    assert_normalized(normalized, options)
    assert all(count > 0 for count in changes.values())


@given(st.one_of(any_text, cue_soup), normalize_options())
def test_normalize_is_idempotent(text: str, options: arclean.NormalizeOptions) -> None:
    once, _ = normalize(text, options)
    assert normalize(once, options)[0] == once


@given(news_document(), normalize_options())
def test_pipeline_output_is_normalized(doc, options: arclean.NormalizeOptions) -> None:
    assert_normalized(PIPELINE.with_options(**options.model_dump()).clean(doc.raw).text, options)


# ------------------------------------------------------------------ config ---
@given(pipelines(), news_document())
def test_config_round_trips(pipeline: arclean.Pipeline, doc) -> None:
    assert_config_roundtrip(pipeline, sample=doc.raw)


# ----------------------------------------------------- planted boilerplate ---
@given(news_document())
def test_planted_boilerplate_is_removed_with_its_kind(doc) -> None:
    assert_boilerplate_removed(doc.raw, doc.labels, PIPELINE.clean(doc.raw))


@given(news_document(short_paragraphs=False))
def test_no_story_line_is_lost(doc) -> None:
    assert_story_kept(doc.main, PIPELINE.clean(doc.raw))


# ----------------------------------------------------- found by this suite ---
# Each bug the properties found: its minimal input kept as an explicit example.
_PARAGRAPH = "أعلن الوزير مساء أمس برنامجا لدعم صغار المزارعين في العاصمة، في إطار خطة شاملة لتحسين الخدمات العامة."
_SHORT = "وكان الحادث قد وقع فجر اليوم."


def _doc(lines: list[tuple[str, str]], **meta: object) -> NewsDocument:
    raw = "\n".join(line for line, _ in lines)
    main = "\n".join(line for line, label in lines if label == "body")
    return NewsDocument(raw, main, tuple(label for _, label in lines), ExpectedMetadata(**meta))  # type: ignore[arg-type]


# Regression: tail_gap_fill took a short closing sentence after a caption/byline line for part
# of that block; found by this suite.
@given(news_document())
@example(_doc([(_PARAGRAPH, "body"), ("صورة أرشيفية", "caption"), (_SHORT, "body")]))
@example(_doc([(_PARAGRAPH, "body"), ("كتب: سارة حسن", "byline"), (_SHORT, "body"), ("المصدر: واس", "source")]))
@example(  # a subhead between a caption and a promo, with the story closing in short sentences after it
    _doc(
        [
            (_PARAGRAPH, "body"),
            ("صورة أرشيفية", "caption"),
            ("تحديات التمويل", "body"),
            ("اقرأ أيضا: افتتاح مهرجان الشعر الشعبي", "read_also"),
            ("ولم تعلن أي جهة مسؤوليتها حتى الآن.", "body"),
        ],
        read_also=("افتتاح مهرجان الشعر الشعبي",),
    )
)
def test_no_story_line_is_lost_with_short_paragraphs(doc: NewsDocument) -> None:
    assert_story_kept(doc.main, PIPELINE.clean(doc.raw))


# Regression: labels decorated with a harakah or tatweel used to stay in the metadata value
# (metadata read labels off the raw text, not the folded key); found by this suite.
@given(news_document())
@example(_doc([(_PARAGRAPH, "body"), ("المَصدر: واس", "source")], sources=("واس",)))
@example(_doc([(_PARAGRAPH, "body"), ("الوسـوم: مصر، الطقس", "tags")], tags=("مصر", "الطقس")))
@example(_doc([(_PARAGRAPH, "body"), ("كتـب: سارة حسن", "byline")], authors=("سارة حسن",)))
def test_metadata_is_read_from_planted_lines(doc: NewsDocument) -> None:
    assert_metadata(doc.meta, PIPELINE.clean(doc.raw))


# Regression: two names closing a text lost one per pass, and the rest of a line after a tail cut
# could itself be boilerplate (not idempotent); found by this suite.
@given(cue_soup)
@example(_PARAGRAPH + "\nسارة حسن\nأحمد الزبيدي")
@example("(أرشيفية)الوسومالمصدر")  # what is left of a line after a tail cut was boilerplate too
def test_cleaning_is_idempotent_with_trailing_names(text: str) -> None:
    assert_idempotent(PIPELINE, text)
