"""The folded key: one table, and a fast path that must agree with it."""

from __future__ import annotations

from arclean.chars import fold_key


def test_fast_fold_equals_the_table() -> None:
    from arclean.chars import KEY_TABLE

    text = "إقـرأ أيضاً ی ک ٢٠٢٤ ۱۴ \u200f\u00a0\ufeff\x00ة ى آ ٱ\r\n"
    assert fold_key(text) == text.translate(KEY_TABLE)
