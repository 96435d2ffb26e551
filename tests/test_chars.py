"""The folded key: one table, and a fast path that must agree with it."""

from __future__ import annotations

from arclean.chars import fold_key


def test_fast_fold_equals_the_table() -> None:
    from arclean.chars import KEY_TABLE

    text = "إقـرأ أيضاً ی ک ٢٠٢٤ ۱۴ \u200f\u00a0\ufeff\x00ة ى آ ٱ\r\n"
    assert fold_key(text) == text.translate(KEY_TABLE)


def test_key_offsets_point_at_every_kept_character() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from arclean.chars import KEY_TABLE, key_to_raw_offsets

    folded = [chr(point) for point in KEY_TABLE]

    @settings(max_examples=300, deadline=None)
    @given(st.text(st.sampled_from([*folded, "a", "ب", " ", "\n"]), max_size=40))
    def check(text: str) -> None:
        assert key_to_raw_offsets(text) == [i for i, ch in enumerate(text) if KEY_TABLE.get(ord(ch), ch) is not None]

    check()


def test_one_key_offset_is_the_offsets_table_at_that_position() -> None:
    """``key_offset_to_raw`` (metadata and dates use it: a long value builds no table) gives
    what the table of every offset gives, and the text's end past the key's."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from arclean.chars import key_offset_to_raw, key_to_raw_offsets

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet="ابة ى\u064b\u064e\u0651\u0640\u200b\u200f\ufeffأإ-.:a1\n"))
    def check(text: str) -> None:
        table = key_to_raw_offsets(text)
        for position in range(len(table) + 2):
            assert key_offset_to_raw(text, position) == (table[position] if position < len(table) else len(text))

    check()
