"""arclean.testing itself: the strategies produce what they promise and the checks catch faults."""

from __future__ import annotations

import pytest

pytest.importorskip("hypothesis")

from hypothesis import given, settings
from hypothesis import strategies as st

import arclean
from arclean.models import CleanResult, Metadata, Removal, Segment
from arclean.testing import (
    BOILERPLATE_KINDS,
    assert_boilerplate_removed,
    assert_config_roundtrip,
    assert_idempotent,
    assert_lossless,
    assert_metadata,
    assert_normalized,
    assert_story_kept,
    boilerplate_block,
    canonical_tokens,
    news_document,
    normalize_options,
)
from arclean.testing.strategies import sentence

LABELS = {"body", "blank", "title", *BOILERPLATE_KINDS}
STORY = "أعلن الوزير مساء أمس برنامجا لدعم صغار المزارعين في العاصمة، في إطار خطة شاملة لتحسين الخدمات العامة."


# ----------------------------------------------------------------- strategies ---
@settings(max_examples=40)
@given(news_document())
def test_document_shape(doc) -> None:
    lines = doc.raw.split("\n")
    assert len(doc.labels) == len(lines)
    assert set(doc.labels) <= LABELS
    assert doc.main == "\n".join(line for line, label in zip(lines, doc.labels, strict=True) if label == "body")
    for line, label in zip(lines, doc.labels, strict=True):
        assert (label == "blank") == (not canonical_tokens(line)), (label, line)
    assert "body" in doc.labels


@settings(max_examples=40)
@given(sentence())
def test_sentences_look_like_prose(text: str) -> None:
    assert text.endswith(".")
    assert len(text.split()) >= 12


@pytest.mark.parametrize("kind", BOILERPLATE_KINDS)
@settings(max_examples=15)
@given(data=st.data())
def test_every_kind_has_a_block(kind: str, data: st.DataObject) -> None:
    block = data.draw(boilerplate_block(kind))
    assert block.lines and len(block.lines) == len(block.labels)
    assert {label for label in block.labels if label != "blank"} == {kind}


def test_unknown_kind_is_named() -> None:
    with pytest.raises(ValueError, match="unknown boilerplate kind 'banner'"):
        boilerplate_block("banner")


@settings(max_examples=20)
@given(normalize_options())
def test_normalize_options_vary(options: arclean.NormalizeOptions) -> None:
    assert options.digits in ("ascii", "keep", "arabic_indic")


# --------------------------------------------------------------------- checks ---
def _result(raw: str, removed: list[tuple[int, int, str]], text: str | None = None) -> CleanResult:
    removals = [Removal(start=s, end=e, kind=k, rule=f"{k}.test", text=raw[s:e]) for s, e, k in removed]
    kept, position = [], 0
    for removal in removals:
        if removal.start > position:
            kept.append(Segment(start=position, end=removal.start, text=raw[position : removal.start]))
        position = removal.end
    if position < len(raw):
        kept.append(Segment(start=position, end=len(raw), text=raw[position:]))
    story = "".join(segment.text for segment in kept) if text is None else text
    return CleanResult(text=story, metadata=Metadata(), removed=tuple(removals), kept=tuple(kept))


def test_lossless_catches_a_gap() -> None:
    raw = STORY + "\nالمصدر: واس"
    good = _result(raw, [(len(STORY) + 1, len(raw), "source")])
    assert_lossless(raw, good)
    broken = good.model_copy(update={"kept": good.kept[:-1] if len(good.kept) > 1 else ()})
    with pytest.raises(AssertionError, match="offset 0"):
        assert_lossless(raw, broken)


def test_normalized_names_option_and_place() -> None:
    assert_normalized("نص عادي 2024", arclean.NormalizeOptions())
    with pytest.raises(AssertionError, match=r"diacritics.*line 2, column 1"):
        assert_normalized("سطر\nكَتب", arclean.NormalizeOptions())
    with pytest.raises(AssertionError, match="digits='ascii'"):
        assert_normalized("العدد ٢٠٢٤", arclean.NormalizeOptions())
    assert_normalized("العدد ٢٠٢٤", arclean.NormalizeOptions(digits="keep"))
    with pytest.raises(AssertionError, match="run of blank lines"):
        assert_normalized("ا\n\n\nب", arclean.NormalizeOptions())


class _Appending:
    """A pipeline stand-in whose output changes every time it is cleaned again."""

    def clean(self, text: str) -> CleanResult:
        return _result(text + "!", [])


def test_idempotent_catches_drift() -> None:
    assert_idempotent(arclean.Pipeline.default(), STORY + "\nالمصدر: واس")
    with pytest.raises(AssertionError, match="cleaning the cleaned text changed it"):
        assert_idempotent(_Appending(), STORY)  # type: ignore[arg-type]


def test_config_roundtrip() -> None:
    pipeline = arclean.Pipeline.default().without("social").with_options(digits="keep", alef=True)
    assert assert_config_roundtrip(pipeline, sample=STORY) == pipeline


def test_story_and_boilerplate_checks() -> None:
    raw = STORY + "\nالمصدر: واس"
    labels = ["body", "source"]
    everything_kept = _result(raw, [])
    with pytest.raises(AssertionError, match=r"line 1 \(source\)"):
        assert_boilerplate_removed(raw, labels, everything_kept)
    wrong_kind = _result(raw, [(len(STORY) + 1, len(raw), "tags")])
    with pytest.raises(AssertionError, match="removed as 'tags', planted as 'source'"):
        assert_boilerplate_removed(raw, labels, wrong_kind)
    story_lost = _result(raw, [(0, len(raw), "source")])
    with pytest.raises(AssertionError, match="story line 0 lost"):
        assert_story_kept(STORY, story_lost)
    assert_story_kept(STORY, arclean.clean(raw))


def test_metadata_check() -> None:
    result = arclean.clean(STORY + "\nالمصدر: واس")

    class Expected:
        title = None
        authors = related = read_also = tags = ()
        sources = ("واس",)

    assert_metadata(Expected, result)
    Expected.tags = ("مصر",)
    with pytest.raises(AssertionError, match=r"metadata\.tags"):
        assert_metadata(Expected, result)
