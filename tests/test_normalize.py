"""Normalizers: each rewrites what it should, counts it, and leaves the rest alone."""

from __future__ import annotations

import pytest

import arclean
from arclean import NormalizeOptions, normalize

STORY = "قال الوزير إن المشروع سيكتمل هذا العام."


@pytest.mark.parametrize(
    ("step", "text", "expected", "changed"),
    [
        (normalize.digits_to_ascii, "عام ٢٠٢٤ و۱۴۰۳", "عام 2024 و1403", 8),
        (normalize.digits_to_arabic_indic, "عام 2024", "عام ٢٠٢٤", 4),
        (normalize.diacritics, "أَيْضًا", "أيضا", 3),
        (normalize.tatweel, "الســـلام", "السلام", 3),
        (normalize.farsi_letters, "فی کتاب", "في كتاب", 2),
        (normalize.alef, "إلى أين آخر", "الى اين اخر", 3),
        (normalize.teh_marbuta, "مدرسة", "مدرسه", 1),
        (normalize.alef_maksura, "على", "علي", 1),
        (normalize.invisible, "\u200fنص\u200b مع\ufeff\x00", "نص مع", 4),
        (normalize.presentation_forms, "ﻻ ﺍﻟﻌﺮﺑﻴﺔ", "لا العربية", 8),
        (normalize.spaces, "  نص\u00a0\u00a0مع  \t مسافات \r", "نص مع مسافات", 11),
        (normalize.blank_lines, "\n\nأ\n\n\n\nب\n\n", "أ\n\nب", 6),
    ],
)
def test_each_normalizer(step, text: str, expected: str, changed: int) -> None:
    assert step(text) == (expected, changed)


@pytest.mark.parametrize("step", [normalize.digits_to_ascii, normalize.diacritics, normalize.invisible, normalize.spaces])
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


def test_result_reports_changes_per_normalizer() -> None:
    result = arclean.clean("أعلنت الوزارة اليوم عن ١٢ مشروعاً جديداً في مختلف المناطق الريفية والحضرية.")
    assert result.changes["digits"] == 2 and result.changes["diacritics"] == 2
