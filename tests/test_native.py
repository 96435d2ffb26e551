"""The compiled kernel against its reference, the pure-Python code: same lines, offsets, keys and
normalized text on arbitrary strings, and the same predictions on whole data sets.

The whole suite also runs once per backend (``ARCLEAN_BACKEND=python`` and the default), so every
other test checks the compiled kernel too where it is built.
"""

from __future__ import annotations

import copy
import gc
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import arclean
from arclean import normalize
from arclean.backend import ENV, NAME, key_folder, load_native, native, normalizers, parser, records
from arclean.chars import fold_key_python
from arclean.find.document import Document
from arclean.find.labels import Mark
from arclean.find.removals import records_python
from arclean.models import NormalizeOptions, Removal
from tests.conftest import CORPUS, ROOT, shared_file

NATIVE = load_native()
needs_native = pytest.mark.skipif(NATIVE is None, reason="the compiled kernel (arclean._native) is not built here")


# ------------------------------------------------------------------ switch ---
def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != ENV} | env
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment, cwd=ROOT)


def test_backend_says_which_kernel_runs() -> None:
    assert arclean.backend == NAME
    assert arclean.backend == ("native" if native is not None else "python")


def test_version_prints_the_backend() -> None:
    done = _run("from arclean.cli import main; main(['--version'])", ARCLEAN_BACKEND="python")
    assert done.stdout.strip() == f"arclean {arclean.__version__} (backend: python)"


@needs_native
def test_native_is_the_default_where_built() -> None:
    assert _run("import arclean; print(arclean.backend)").stdout.strip() == "native"
    assert _run("import arclean; print(arclean.backend)", ARCLEAN_BACKEND="native").stdout.strip() == "native"


def test_forcing_python_uses_no_compiled_code() -> None:
    done = _run(
        "import arclean, arclean.normalize as n, arclean.find.document as d; "
        "print(arclean.backend, n.NATIVE_NORMALIZERS, d._NATIVE_PARSER)",
        ARCLEAN_BACKEND="python",
    )
    assert done.stdout.split() == ["python", "{}", "None"]


def test_forcing_a_missing_native_kernel_is_a_clear_error() -> None:
    done = _run("import sys; sys.modules['arclean._native'] = None; import arclean", ARCLEAN_BACKEND="native")
    assert done.returncode != 0
    assert "ARCLEAN_BACKEND=native, but the compiled kernel arclean._native is not installed" in done.stderr


def test_an_unknown_backend_is_a_clear_error() -> None:
    done = _run("import arclean", ARCLEAN_BACKEND="fast")
    assert "ARCLEAN_BACKEND='fast': expected one of native, python" in done.stderr


# ------------------------------------------------------- arbitrary strings ---
# Characters each part of the kernel treats specially, mixed with arbitrary ones (no surrogates:
# a str that holds one cannot be written out).
_SPECIAL = (
    "\n\r\x85\u2028\u2029\t\x0b\x0c\x1c\x1f\x00\x7f \u00a0\u2003\u3000\u200b\u200f\u202b\ufeff\u00ad\u061c"
    "ابتثجحخدذرسشصضطظعغفقكلمنهوي ءأإآٱؤئةىـ ًٌٍَُِّْٰ ٔ ٕ ۖ ۝"
    "یےۍکگپچژھہەۀۃ ٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ 0123456789 -.,:@/"
    "ﻻﻷﷲﺍﺑﻛﻬﯾﯿ ﴿﴾ ﬁ ØÙ§Ù„ ط§ظ„ €‚ƒ„ •*·▪►●»>|–—☀✓ 🔴🌍🫠 .!؟?…\"'”»)]"
    "aZ\u0301\U0001d400\U0001d7ce\U00011066\U000e0100"
)
_WORDS = (
    "http://x.com/١٢",
    "www.a.b/۳",
    "a.b@c.d",
    "H1N1",
    "iPhone 15",
    "1.2.3.4",
    "١٠ـ٢٠",
    "٢ــ٣",
    "\r\n",
    "  ",
    "علی",
    "الی",
    "فی",
    "مستشفی",
    "القوی",
    "قوی",
    "رأی",
    "الرأی",
    "یتلقی",
    "فعلی",
    "ولیلی",
    "تحدی",
    "یتحدی",
    "Ø§Ù„Ø¹Ø±Ø§Ù‚",
    "ط§ظ„ط¹ط±ط§ظ‚",
    "• اقرأ أيضا:",
    "🔴 تابعونا",
)
_CHAR = st.one_of(st.sampled_from(_SPECIAL), st.characters(blacklist_categories=("Cs",)))
TEXT = st.lists(st.one_of(_CHAR, _CHAR, st.sampled_from(_WORDS)), max_size=60).map("".join)
PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def kernel() -> dict[str, object]:
    """The compiled objects, built even where ``ARCLEAN_BACKEND=python`` leaves them unused."""
    assert NATIVE is not None
    return {"normalizers": normalizers(NATIVE), "parser": parser(NATIVE), "fold_key": key_folder(NATIVE)}


def _python_step(name: str):  # type: ignore[no-untyped-def]
    if name.startswith("digits:"):
        return normalize._DIGIT_STEPS[name.split(":")[1]]
    return normalize.NORMALIZERS[name]


@needs_native
def test_every_normalizer_has_a_compiled_twin(kernel: dict) -> None:
    expected = {*normalize.NORMALIZERS, "digits:ascii", "digits:arabic_indic"}
    assert set(kernel["normalizers"]) == expected


@needs_native
@PROPERTY
@given(TEXT)
def test_each_normalizer_gives_the_python_text_and_count(kernel: dict, text: str) -> None:
    for name, step in kernel["normalizers"].items():
        assert step(text) == _python_step(name)(text), name


@needs_native
@PROPERTY
@given(
    TEXT,
    st.sampled_from(
        [NormalizeOptions(), NormalizeOptions(alef=True, teh_marbuta=True, alef_maksura=True, digits="arabic_indic")]
    ),
)
def test_normalize_gives_the_python_text_and_changes(text: str, options: NormalizeOptions) -> None:
    chain = NATIVE.Chain([step for _, step in _compiled_plan(options)])  # type: ignore[union-attr]
    native_text, native_changes = chain(text)
    python_text, python_changes = normalize.normalize(text, options, compiled=False)
    assert native_text == python_text
    assert list(native_changes.items()) == list(python_changes.items())  # same order: it reaches the output


def _compiled_plan(options: NormalizeOptions) -> list:
    steps = normalizers(NATIVE) if not normalize.NATIVE_NORMALIZERS else normalize.NATIVE_NORMALIZERS
    return [
        (name, steps[f"digits:{options.digits}" if name == "digits" else name])
        for name, _ in normalize.plan(options, compiled=False)
    ]


@needs_native
@PROPERTY
@given(TEXT)
def test_parse_gives_the_python_lines_offsets_and_keys(kernel: dict, text: str) -> None:
    reference = Document.parse_python(text)
    parsed = Document.parse(text)
    assert parsed.lines == reference.lines  # index, start, end, text, key, words, blank, ends_sentence, cue_key
    assert (parsed.key_text, parsed.key_starts) == (reference.key_text, reference.key_starts)
    assert parsed.keys == reference.keys
    lines, key_text, key_starts = kernel["parser"].parse(text)
    assert all(text[line.start : line.end] == line.text for line in lines)  # code-point offsets
    assert lines == reference.lines
    assert (key_text, key_starts) == (reference.key_text, reference.key_starts)


@needs_native
@PROPERTY
@given(st.lists(st.one_of(TEXT, st.sampled_from(["", " ", "\r", "\u2028", "!", "ا", "»", "⬇️"])), max_size=40).map("\n".join))
def test_the_line_table_is_the_python_table(kernel: dict, text: str) -> None:
    """Many short lines: the kernel's table (texts, keys, starts) is ``parse_python``'s."""
    reference = Document.parse_python(text)
    texts, keys, starts, key_text, key_starts = kernel["parser"].table(text)
    assert (texts, keys, starts) == (reference.lines._texts, reference.lines._keys, reference.lines._starts)  # type: ignore[attr-defined]
    assert (key_text, key_starts) == (reference.key_text, reference.key_starts)
    assert Document.parse(text).lines == reference.lines


# Marks as ``removal_marks`` gives them: sorted by start, a cut inside a whole-line mark now and then.
_SPAN = st.tuples(st.integers(0, 70), st.integers(0, 12), st.sampled_from(["source", "tags"]), st.sampled_from(["a.b", "c"]))
_MARKS = st.lists(_SPAN, max_size=12).map(
    lambda spans: sorted((Mark(kind, rule, start, start + width, 0) for start, width, kind, rule in spans), key=lambda m: m.start)
)


def _record_state(record: object) -> tuple:
    """Everything a user can see of a record: fields in order, equality, the fields set, dumps."""
    return (type(record), list(record.__dict__.items()), record.model_fields_set, record.model_dump_json(), repr(record))  # type: ignore[attr-defined]


@needs_native
@PROPERTY
@given(TEXT, _MARKS)
def test_records_are_the_python_records(text: str, marks: list) -> None:
    built = records(NATIVE)
    removed, kept, kept_text = built.build(text, marks)
    reference = records_python(text, marks)
    assert [_record_state(r) for r in removed] == [_record_state(r) for r in reference[0]]
    assert [_record_state(s) for s in kept] == [_record_state(s) for s in reference[1]]
    assert removed == reference[0] and kept == reference[1]
    assert kept_text == reference[2]
    assert built.removals(text, marks) == reference[0]


@needs_native
def test_compiled_records_behave_as_models() -> None:
    removed, kept, _ = records(NATIVE).build("المصدر: واس\nخبر", [Mark("source", "source.label", 0, 11, 0)])
    removal = removed[0]
    assert pickle.loads(pickle.dumps(removal)) == removal and copy.deepcopy(kept[0]) == kept[0]
    assert hash(removal) == hash(Removal(**removal.model_dump()))
    changed = removal.model_copy(update={"rule": "source.other"})
    assert (changed.rule, removal.rule) == ("source.other", "source.label")
    with pytest.raises(ValidationError):
        removal.start = 1  # frozen
    del removed, kept
    gc.collect()  # the records hold no cycle: nothing for the collector to find (and nothing breaks)


@needs_native
def test_building_records_leaves_the_collector_as_it_was() -> None:
    built, marks = records(NATIVE), [Mark("source", "source.label", 0, 2, 0)]
    assert gc.isenabled()
    built.build("اب\nخبر", marks)
    assert gc.isenabled()
    gc.disable()
    try:
        built.build("اب\nخبر", marks)
        assert not gc.isenabled()
    finally:
        gc.enable()


@needs_native
@pytest.mark.parametrize("text", ["اقرأ أيضا ⬇️", "الرئيسية |", "المزيد »", "«قال»", "⬇️", "a »»", "تابعونا 👇 🔴", "x ›\n> \n»"])
def test_the_kernel_drops_trailing_decoration_from_keys(text: str) -> None:
    lines, key_text, key_starts = parser(NATIVE).parse(text)
    reference = Document.parse_python(text)
    assert lines == reference.lines
    assert (key_text, key_starts) == (reference.key_text, reference.key_starts)


@needs_native
@PROPERTY
@given(TEXT)
def test_fold_key_gives_the_python_key(kernel: dict, text: str) -> None:
    assert kernel["fold_key"](text) == fold_key_python(text)


@needs_native
def test_offsets_count_code_points_beyond_one_byte() -> None:
    text = "🔴 خبر\r\nسطر ثانٍ\u2028𝐀 ثالث\rرابع"
    lines = Document.parse(text).lines
    assert [(line.start, line.end) for line in lines] == [(0, 6), (7, 15), (16, 22), (23, 27)]
    assert [text[line.start : line.end] for line in lines] == [line.text for line in lines]


# ------------------------------------------------------------ whole sets ---
def _predictions(path: Path, backend_name: str, field: str) -> bytes:
    command = [sys.executable, "-m", "arclean.cli", "clean", "-q", "--jsonl", str(path), "--field", field]
    environment = {**os.environ, ENV: backend_name}
    done = subprocess.run(command, capture_output=True, env=environment, cwd=ROOT, check=True)
    return done.stdout


@needs_native
@pytest.mark.parametrize("name", ["corpus", "dev.jsonl", "dev-synth.jsonl"])
def test_predictions_are_byte_identical_across_backends(name: str) -> None:
    path = CORPUS if name == "corpus" else shared_file("eval", name)
    field = "raw"
    native, python = _predictions(path, "native", field), _predictions(path, "python", field)
    assert native and native == python
    assert len(native.splitlines()) == sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    assert json.loads(native.splitlines()[0])  # real records, not an empty stream


def test_native_docs_examples_run() -> None:
    import doctest

    failures, tried = doctest.testfile(str(ROOT / "docs" / "native.md"), module_relative=False)
    assert tried > 0 and failures == 0
