"""Shared word classes (arclean.find.vocab): declared once, folded, checked."""

from __future__ import annotations

import pytest

from arclean.find.data import DataError
from arclean.find.vocab import parse_vocab, vocabulary


def test_every_class_has_a_macro_a_reason_and_words() -> None:
    classes = vocabulary()
    assert {"agencies", "platforms", "months", "roles"} <= set(classes)
    assert all(c.macro and c.why and c.words for c in classes.values())


def test_words_are_folded_like_line_keys() -> None:
    classes = parse_vocab({"vocab": {"x": {"macro": "x", "why": "w", "words": ["الأناضول", "أ ف ب"]}}})
    assert classes["x"].words == ("الاناضول", "ا ف ب")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"macro": "x", "why": "w"}, "needs 'macro', 'why' and 'words'"),
        ({"macro": "x", "why": "w", "words": []}, "empty word list"),
        ({"macro": "x", "why": "w", "words": ["أ ف ب", "ا ف ب"]}, "repeat once folded: ا ف ب"),
    ],
)
def test_bad_classes_are_rejected(table: dict, message: str) -> None:
    with pytest.raises(DataError, match=message):
        parse_vocab({"vocab": {"x": table}}, origin="test.toml")


def test_a_macro_is_declared_once() -> None:
    table = {"macro": "x", "why": "w", "words": ["a"]}
    with pytest.raises(DataError, match="declared twice"):
        parse_vocab({"vocab": {"a": table, "b": dict(table)}})
