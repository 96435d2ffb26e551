"""Normalizers: each rewrites what it should, counts it, and leaves the rest alone."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest

import arclean
from arclean import NormalizeOptions, normalize

STORY = "قال الوزير إن المشروع سيكتمل هذا العام."


@pytest.mark.parametrize(
    ("step", "text", "expected", "changed"),
    [
        (normalize.digits, "عام ٢٠٢٤ و۱۴۰۳", "عام 2024 و1403", 8),
        (lambda text: normalize.digits(text, to="arabic_indic"), "عام 2024", "عام ٢٠٢٤", 4),
        (normalize.diacritics, "أَيْضًا", "أيضا", 3),
        (normalize.tatweel, "الســـلام", "السلام", 3),
        (normalize.farsi_letters, "فی کتاب", "في كتاب", 2),
        (normalize.alef, "إلى أين آخر", "الى اين اخر", 3),
        (normalize.teh_marbuta, "مدرسة", "مدرسه", 1),
        (normalize.alef_maksura, "على", "علي", 1),
        (normalize.invisible, "\u200fنص\u200b مع\ufeff\x00", "نص مع", 4),
        (normalize.presentation_forms, "ﻻ ﺍﻟﻌﺮﺑﻴﺔ", "لا العربية", 8),
        (normalize.spaces, "  نص\u00a0\u00a0مع  \t مسافات \r\n", "نص مع مسافات\n", 11),
        (normalize.blank_lines, "\n\nأ\n\n\n\nب\n\n", "أ\n\nب", 6),
    ],
)
def test_each_normalizer(step, text: str, expected: str, changed: int) -> None:
    assert step(text) == (expected, changed)


@pytest.mark.parametrize("step", [normalize.digits, normalize.diacritics, normalize.invisible, normalize.spaces])
def test_clean_text_is_untouched_and_counts_zero(step) -> None:
    assert step(STORY) == (STORY, 0)


def test_mojibake_latin1_and_cp1256_are_repaired() -> None:
    original = "العراق والولايات المتحدة"
    as_latin1 = original.encode("utf-8").decode("latin-1", errors="replace")
    as_cp1252 = original.encode("utf-8").decode("cp1252", errors="replace")
    as_cp1256 = original.encode("utf-8").decode("cp1256")
    assert normalize.mojibake(as_cp1256)[0] == original
    assert normalize.mojibake(as_cp1252)[0] == original or normalize.mojibake(as_latin1)[0] == original


def test_mojibake_check_leaves_real_arabic_alone() -> None:
    # "ط" followed by an Arabic comma is a real word end, not a cp1256 pair.
    text = "الرباط، القاهرة، ضابط، مخطط؟"
    assert normalize.mojibake(text) == (text, 0)


def test_options_switch_normalizers_off() -> None:
    text = "قالَ الوزيرُ: عام ٢٠٢٤ــ"
    everything_off = NormalizeOptions.only()
    assert normalize.normalize(text, everything_off) == (text, {})
    folded, changes = normalize.normalize(text)
    assert folded == "قال الوزير: عام 2024"
    assert changes == {"digits": 4, "diacritics": 2, "tatweel": 2}


@pytest.mark.parametrize(
    "options",
    [NormalizeOptions(), NormalizeOptions.only(), NormalizeOptions(alef=True, digits="arabic_indic", blank_lines=False)],
)
def test_a_normalizer_chosen_once_gives_what_normalize_gives(options: NormalizeOptions) -> None:
    """What a pipeline runs per document (``normalizer``) is ``normalize`` with its options."""
    run = normalize.normalizer(options)
    for text in ("قالَ الوزيرُ: عام ٢٠٢٤ــ", "  سطر\r\n\n\n\nسطر  ", "", "علی ک iPhone 15"):
        assert run(text) == normalize.normalize(text, options) == normalize.normalize(text, options, compiled=False)


def test_result_reports_changes_per_normalizer() -> None:
    result = arclean.clean("أعلنت الوزارة اليوم عن ١٢ مشروعاً جديداً في مختلف المناطق الريفية والحضرية.")
    assert result.changes["digits"] == 2 and result.changes["diacritics"] == 2


# ------------------------------------------------------------- fidelity set ---
FIDELITY_DIR = Path(__file__).resolve().parent.parent / "corpus" / "normalize"
FIDELITY = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(FIDELITY_DIR.glob("*.json"))}
FIDELITY_CASES = [
    pytest.param(name, case, id=f"{name}-{number}")
    for name, data in FIDELITY.items()
    for number, case in enumerate(data["cases"], start=1)
]


def test_fidelity_set_covers_every_normalizer() -> None:
    assert set(FIDELITY) == {*normalize.ORDER, "defaults"}
    assert all(data["doc"] and all(case["why"] for case in data["cases"]) for data in FIDELITY.values())


@pytest.mark.parametrize(("name", "case"), FIDELITY_CASES)
def test_fidelity_pair(name: str, case: dict) -> None:
    """Each pair: the normalizer alone (or the defaults) turns the input into exactly the output."""
    if name == "defaults":
        options = NormalizeOptions()
    else:
        options = NormalizeOptions.only(**{name: case.get("value", "ascii" if name == "digits" else True)})
    assert normalize.normalize(case["in"], options)[0] == case["out"], case["why"]


@pytest.mark.parametrize(("name", "case"), FIDELITY_CASES)
def test_fidelity_output_is_a_fixed_point(name: str, case: dict) -> None:
    """Normalizing the expected output again changes nothing (idempotence, pair by pair)."""
    if name == "defaults":
        options = NormalizeOptions()
    else:
        options = NormalizeOptions.only(**{name: case.get("value", "ascii" if name == "digits" else True)})
    assert normalize.normalize(case["out"], options)[0] == case["out"]


# ------------------------------------------------------------ names, config ---
def test_one_name_per_normalizer() -> None:
    """Option == function == ``changes`` key, for every normalizer."""
    assert set(NormalizeOptions.model_fields) == set(normalize.ORDER)
    assert all(callable(getattr(normalize, name)) for name in normalize.ORDER)
    everything = "Ø§Ù„Ø¹Ø±Ø§Ù‚\u200b ﻻ فی ٢٠٢٤ أَ ـــ ة ى\u00a0\n\n\n"
    on = NormalizeOptions(alef=True, teh_marbuta=True, alef_maksura=True)
    names = {name for name, _ in normalize.plan(on)}
    assert names == set(normalize.ORDER)
    for name in names - {"mojibake"}:  # each key of `changes` is an option name
        only = NormalizeOptions.only(**{name: "ascii" if name == "digits" else True})
        assert set(normalize.normalize(everything, only)[1]) <= {name}


def test_version_1_config_file_is_migrated() -> None:
    old = (Path(__file__).parent / "data" / "pipeline-config-v1.json").read_text(encoding="utf-8")
    pipeline = arclean.Pipeline.from_config(old)
    config = pipeline.to_config()
    assert config.version == 2
    assert config.normalize == NormalizeOptions(digits="keep", diacritics=False, alef=True, blank_lines=False)
    assert arclean.Pipeline.from_config(config.model_dump_json()) == pipeline  # a migrated config round-trips


def test_version_1_config_without_version_is_migrated() -> None:
    config = arclean.PipelineConfig.model_validate({"cleaners": ["tags"], "normalize": {"fold_alef": True}})
    assert config.version == 2 and config.normalize.alef


def test_old_option_names_are_refused_with_the_new_name() -> None:
    with pytest.raises(ValueError, match="'fold_alef' is now 'alef'"):
        NormalizeOptions(fold_alef=True)
    with pytest.raises(ValueError, match="'remove_diacritics' is now 'diacritics'"):
        arclean.Pipeline.default().with_options(remove_diacritics=False)


def test_unknown_config_version_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown config version 7"):
        arclean.PipelineConfig.model_validate({"version": 7, "cleaners": []})


# ------------------------------------------------------------- letters data ---
def test_letter_data_rejects_a_word_without_final_alef_maksura() -> None:
    data = {"clitics": {"bare": [""]}, "class": [{"id": "x", "clitics": "bare", "words": ["في"]}]}
    with pytest.raises(normalize.LetterDataError, match="class x: 'في' does not end in ى"):
        normalize.parse_letter_data(data)


def test_letter_data_rejects_duplicates_and_idle_yeh_words() -> None:
    twice = {"clitics": {"bare": [""]}, "class": [{"id": "a", "clitics": "bare", "words": ["على", "على"]}]}
    with pytest.raises(normalize.LetterDataError, match="already listed in class a"):
        normalize.parse_letter_data(twice)
    idle = {"clitics": {"bare": [""]}, "class": [], "yeh_words": {"words": ["فعلي"]}}
    with pytest.raises(normalize.LetterDataError, match="'فعلي' is not a form any class spells"):
        normalize.parse_letter_data(idle)
    with pytest.raises(normalize.LetterDataError, match="clitics 'nope'"):
        normalize.parse_letter_data({"clitics": {}, "class": [{"id": "b", "clitics": "nope", "words": []}]})


def test_shipped_letter_data_loads() -> None:
    words = normalize.alef_maksura_words()
    assert {"على", "وعلى", "بالمستشفى", "يتلقى", "ستري"[:-1] + "ى"} <= words
    assert "فعلى" not in words and "الراى" not in words


def test_final_yeh_scan_is_linear_on_one_long_word() -> None:
    # One 200k-letter "word" with a yeh every other letter: the word-start anchor keeps the
    # backtracking inside one attempt; a scan quadratic in the word would not finish.
    text = "بی" * 100_000
    assert normalize.farsi_letters(text)[0] == "بي" * 100_000


# -------------------------------------------------------------------- docs ---
DOC = FIDELITY_DIR.parent.parent / "docs" / "normalization.md"


def test_normalization_doc_examples_run() -> None:
    failures, tried = doctest.testfile(str(DOC), module_relative=False)
    assert tried > 0 and failures == 0


def test_normalization_doc_table_has_every_normalizer_in_order() -> None:
    rows = [
        line.split("|")[1].strip().strip("`") for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("| `")
    ]
    assert tuple(rows) == normalize.ORDER
