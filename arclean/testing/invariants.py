"""Invariant checks for cleaning results, usable in any test (plain ``assert`` semantics).

Each check raises ``AssertionError`` with a message naming what broke and where (offset or
line number), so a failing Hypothesis example explains itself.

>>> import arclean
>>> raw = "خبر قصير عن الطقس في المدينة اليوم مع توقعات بارتفاع درجات الحرارة.\\nالمصدر: واس"
>>> assert_lossless(raw, arclean.clean(raw))
>>> assert_idempotent(arclean.Pipeline.default(), raw).metadata.sources
('واس',)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import regex

from arclean.chars import (
    ARABIC_INDIC_DIGITS,
    CONTROL_SPACES,
    CONTROLS,
    DIACRITICS,
    FARSI_LETTERS,
    FARSI_YEHS,
    INVISIBLE,
    LINE_BREAKS,
    ODD_SPACES,
    PERSIAN_DIGITS,
    TATWEEL,
    fold_key,
)
from arclean.evaluate import tokens
from arclean.models import CleanResult, NormalizeOptions, PipelineConfig, Removal, Segment
from arclean.normalize import protected_digit_spans
from arclean.pipeline import Pipeline

__all__ = [
    "assert_boilerplate_removed",
    "assert_config_roundtrip",
    "assert_idempotent",
    "assert_lossless",
    "assert_metadata",
    "assert_normalized",
    "assert_story_kept",
    "canonical_tokens",
]


def _where(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1)
    context = text[max(0, offset - 20) : offset + 20]
    return f"offset {offset} (line {line}, column {column}) near {context!r}"


def canonical_tokens(text: str) -> list[str]:
    """Tokens as the evaluation scorer compares them (``arclean.evaluate.tokens``): NFKC,
    diacritics/tatweel/invisible marks removed, digits ASCII, letter variants folded,
    casefolded, split on ``\\w+``.

    >>> canonical_tokens("إقرأ أيضاً ٢٠٢٤") == canonical_tokens("اقرا ايضا 2024")
    True
    """
    return tokens(text)


# ------------------------------------------------------------------ lossless ---
def assert_lossless(raw: str, result: CleanResult) -> None:
    """Kept and removed spans tile ``raw`` exactly, and each span's text is ``raw[start:end]``."""
    spans: list[Segment | Removal] = sorted([*result.kept, *result.removed], key=lambda span: span.start)
    position = 0
    for span in spans:
        assert span.start == position, (
            f"spans do not tile the input: gap or overlap at {_where(raw, position)}; next span starts at {span.start}"
        )
        assert span.end >= span.start, f"span ends before it starts: {span.start}..{span.end}"
        assert span.text == raw[span.start : span.end], (
            f"span {span.start}..{span.end} text {span.text[:40]!r} != input there {raw[span.start : span.end][:40]!r}"
        )
        position = span.end
    assert position == len(raw), f"spans stop at {position}, input has {len(raw)} characters"
    assert result.restore() == raw, "restore() differs from the input"


# ---------------------------------------------------------------- idempotent ---
def assert_idempotent(pipeline: Pipeline, text: str) -> CleanResult:
    """Cleaning the cleaned text changes nothing: no removal, same text. Returns the first result."""
    first = pipeline.clean(text)
    second = pipeline.clean(first.text)
    if second.text != first.text:
        old, new = first.text, second.text
        offset = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
        raise AssertionError(
            f"cleaning the cleaned text changed it at {_where(old, offset)}: "
            f"removed {[(r.kind, r.rule, r.text[:60]) for r in second.removed]}"
        )
    return first


# ---------------------------------------------------------------- normalized ---
_ODD_SPACE = "".join(sorted(ODD_SPACES | CONTROL_SPACES))
_FARSI = "".join(sorted(FARSI_YEHS + "".join(FARSI_LETTERS)))
_CHECKS: list[tuple[str, str, regex.Pattern[str]]] = [
    ("diacritics", "a diacritic", regex.compile("[" + regex.escape("".join(sorted(DIACRITICS))) + "]")),
    ("tatweel", "a tatweel", regex.compile(regex.escape(TATWEEL))),
    (
        "invisible",
        "an invisible/bidi/control character",
        regex.compile("[" + regex.escape("".join(sorted(INVISIBLE | (CONTROLS - CONTROL_SPACES)))) + "]"),
    ),
    ("farsi_letters", "a Farsi/Urdu letter", regex.compile("[" + _FARSI + "]")),
    ("alef", "a hamza/madda alef", regex.compile("[\u0623\u0625\u0622\u0671]")),
    ("teh_marbuta", "a teh marbuta", regex.compile("\u0629")),
    ("alef_maksura", "an alef maksura", regex.compile("\u0649")),
    ("spaces", "an odd space", regex.compile("[" + regex.escape(_ODD_SPACE) + "]")),
    ("spaces", "a line break other than LF", regex.compile("[" + regex.escape("".join(sorted(LINE_BREAKS))) + "]")),
    ("spaces", "a run of spaces", regex.compile("  ")),
    ("spaces", "a space at a line edge", regex.compile(r"(?m)^ | $")),
    ("blank_lines", "a run of blank lines", regex.compile(r"\n\n\n")),
    ("blank_lines", "a blank line at an end", regex.compile(r"^\n|\n$")),
    ("presentation_forms", "a presentation form", regex.compile("[\ufb50-\ufdff\ufe70-\ufeff]")),
]
_NON_ASCII_DIGITS = regex.compile("[" + ARABIC_INDIC_DIGITS + PERSIAN_DIGITS + "]")
_NON_INDIC_DIGITS = regex.compile("[0-9" + PERSIAN_DIGITS + "]")


def assert_normalized(text: str, options: NormalizeOptions | None = None) -> None:
    """Every postcondition that ``options`` promise holds in ``text`` (a normalizer's output).

    A presentation form that has no plain-letter equivalent, and U+FEFF (a BOM, removed by
    ``invisible`` rather than by the presentation-forms step) are not reported.
    """
    options = options or NormalizeOptions()
    found: regex.Match[str] | None
    for option, what, pattern in _CHECKS:
        if not getattr(options, option):
            continue
        for found in pattern.finditer(text):
            char = found.group()
            if option == "presentation_forms" and unicodedata.normalize("NFKC", char) == char:
                continue
            if option == "presentation_forms" and char == "\ufeff":
                continue
            raise AssertionError(f"{option}: {what} {char!r} (U+{ord(char[0]):04X}) at {_where(text, found.start())}")
    digits = {"ascii": _NON_ASCII_DIGITS, "arabic_indic": _NON_INDIC_DIGITS}.get(options.digits)
    if digits is not None:
        kept_as_written = protected_digit_spans(text, options.digits)
        for found in digits.finditer(text):
            if not any(start <= found.start() < end for start, end in kept_as_written):
                raise AssertionError(f"digits={options.digits!r}: digit {found.group()!r} at {_where(text, found.start())}")


# -------------------------------------------------------------------- config ---
def assert_config_roundtrip(pipeline: Pipeline, sample: str | None = None) -> Pipeline:
    """``to_config()`` JSON rebuilds an identical pipeline (and the same result on ``sample``)."""
    config = pipeline.to_config()
    as_json = config.model_dump_json()
    rebuilt = Pipeline.from_config(as_json)
    assert rebuilt.to_config() == config, f"config changed in a JSON round trip: {as_json} -> {rebuilt.to_config()}"
    assert PipelineConfig.model_validate_json(rebuilt.to_config().model_dump_json()) == config
    assert rebuilt == pipeline, "rebuilt pipeline compares unequal to the original"
    assert Pipeline.from_config(config.model_dump()) == pipeline, "rebuilding from the config dict differs"
    if sample is not None:
        expected, got = pipeline.clean(sample), rebuilt.clean(sample)
        assert got.text == expected.text and got.removed == expected.removed, "rebuilt pipeline cleans differently"
    return rebuilt


# ------------------------------------------------------- against a gold answer ---
def _removed_kind_at(result: CleanResult, offset: int) -> str | None:
    for removal in result.removed:
        if removal.start <= offset < removal.end:
            return removal.kind
    return None


def _kept_text_within(result: CleanResult, start: int, end: int) -> str:
    return "".join(
        segment.text[max(start, segment.start) - segment.start : min(end, segment.end) - segment.start]
        for segment in result.kept
        if segment.start < end and segment.end > start
    )


def _lines(raw: str) -> Iterable[tuple[int, int, str]]:
    start = 0
    for number, line in enumerate(raw.split("\n")):
        yield number, start, line
        start += len(line) + 1


def assert_boilerplate_removed(raw: str, labels: Iterable[str], result: CleanResult, *, check_kind: bool = True) -> None:
    """Every line labelled other than ``body``/``blank`` is removed whole, with its label as kind
    (the kind of the removal that covers the line's first visible character)."""
    for (number, start, line), label in zip(_lines(raw), labels, strict=True):
        if label in ("body", "blank"):
            continue
        left = fold_key(_kept_text_within(result, start, start + len(line))).strip()
        assert not left, f"line {number} ({label}) {line!r}: {left!r} was kept"
        if check_kind:
            kind = _removed_kind_at(result, start + _first_visible(line))
            assert kind == label, f"line {number} {line!r} removed as {kind!r}, planted as {label!r}"


def _first_visible(line: str) -> int:
    for index, char in enumerate(line):
        if fold_key(char).strip():
            return index
    return 0


def assert_story_kept(main: str, result: CleanResult) -> None:
    """Every line of the gold ``main`` story survives, as a run of canonical tokens, in order."""
    output = " " + " ".join(canonical_tokens(result.text)) + " "
    position = 0
    for number, line in enumerate(main.split("\n")):
        tokens = canonical_tokens(line)
        if not tokens:
            continue
        found = output.find(" " + " ".join(tokens) + " ", position)
        assert found >= 0, (
            f"story line {number} lost or reordered: {line[:80]!r}; removed: "
            f"{[(r.kind, r.rule, r.text[:50]) for r in result.removed if set(canonical_tokens(r.text)) & set(tokens)]}"
        )
        position = found + 1


def assert_metadata(expected: object, result: CleanResult, fields: Iterable[str] | None = None) -> None:
    """Every expected metadata value is found (after canonical folding) in the result's field.

    ``expected`` is any object with the ``Metadata`` field names as attributes (e.g. the
    ``meta`` of a generated document).
    """
    for name in fields or ("title", "authors", "sources", "tags", "read_also", "related"):
        want = getattr(expected, name)
        got = getattr(result.metadata, name)
        if want is None or want == ():
            continue
        want_values = (want,) if isinstance(want, str) else want
        got_values = {" ".join(canonical_tokens(v)) for v in ((got,) if isinstance(got, str) else got or ())}
        for value in want_values:
            assert " ".join(canonical_tokens(value)) in got_values, f"metadata.{name}: {value!r} missing from {got!r}"
