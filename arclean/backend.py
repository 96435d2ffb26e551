"""Which kernel runs: the compiled one (``arclean._native``, Rust) or the pure-Python code.

The compiled kernel is an optional extension: ``pip install`` builds it where a Rust toolchain
and the crates are found and skips it otherwise. It replaces the document's line split and
folded key (``chars.fold_key``, ``Document.parse``), the normalizers that ``normalize()``
runs and the building of a result's records (``find.removals.records``); the Python functions
stay as they are and are its reference (the tests check that both give the same output on
arbitrary text). Output is identical whichever runs.

``ARCLEAN_BACKEND`` chooses, read once at import: ``python`` forces the pure-Python code,
``native`` requires the compiled kernel (an error if it is not installed); unset, the compiled
kernel is used when present. ``arclean.backend`` (and ``arclean --version``) says which runs.

Nothing here holds vocabulary: the builders below hand the compiled kernel the tables of
``arclean.chars``, ``arclean.normalize`` and ``arclean.find.document`` (and the character classes of
Python's own engines), so the data files stay the one source.
"""

from __future__ import annotations

import os
import re
from functools import cache
from types import ModuleType
from typing import Any

import regex

#: The environment variable that forces a backend.
ENV = "ARCLEAN_BACKEND"
BACKENDS = ("native", "python")


class BackendError(ImportError):
    """The backend ``ARCLEAN_BACKEND`` asks for cannot run; the message says why and what to do."""


def load_native() -> ModuleType | None:
    """The compiled extension module, or None where it was not built (whatever ``ARCLEAN_BACKEND`` says)."""
    try:
        from arclean import _native  # type: ignore[attr-defined]
    except ImportError:
        return None
    return _native


def _select() -> tuple[str, ModuleType | None]:
    wanted = os.environ.get(ENV, "").strip().lower()
    if wanted not in ("", *BACKENDS):
        raise BackendError(f"{ENV}={os.environ[ENV]!r}: expected one of {', '.join(BACKENDS)} (or unset: native where built)")
    if wanted == "python":
        return "python", None
    module = load_native()
    if module is None and wanted == "native":
        raise BackendError(
            f"{ENV}=native, but the compiled kernel arclean._native is not installed: reinstall arclean where "
            "cargo and the Rust crates are available (README, 'The native kernel'), or unset it to use the Python backend"
        )
    return ("native", module) if module is not None else ("python", None)


#: "native" or "python": the kernel this process runs.
NAME, native = _select()


# ----------------------------------------------------------------- builders ---
# Each builder reads the tables of the module it serves (imported late: they call it from their
# own last lines) and returns the compiled object that replaces a Python function there.


@cache
def _bmp() -> str:
    """Every character of the Basic Multilingual Plane but the surrogates."""
    return "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))


def _chars_matching(pattern: str, engine: Any = regex) -> tuple[str, Any]:
    """The BMP characters ``pattern`` (one character class) matches, and a test for the others.

    The compiled kernel asks the test only for characters beyond the BMP, so each class is
    exactly that of the Python engine the pure-Python code uses.
    """
    compiled = engine.compile(pattern)
    return "".join(compiled.findall(_bmp())), compiled.fullmatch


def _per_character(function: Any, chars: Any) -> dict[str, str]:
    """``{c: function(c)}`` for a function that rewrites text one character at a time.

    Applying the Python function to each listed character gives the compiled table: one pass
    with it equals the function's own sequence of replacements, however those are ordered.
    """
    table: dict[str, str] = {}
    for char in chars:
        result = function(char)
        text, changed = result if isinstance(result, tuple) else (result, 1)
        if changed != 1:
            raise ValueError(f"{function.__name__} does not rewrite {char!r} as one change")
        table[char] = text
    return table


def key_folder(module: ModuleType) -> Any:
    """The compiled ``fold_key`` for ``arclean.chars``."""
    chars: Any = __import__("arclean.chars", fromlist=["KEY_TABLE"])
    table = {chr(point): chars.fold_key_python(chr(point)) for point in chars.KEY_TABLE}
    return module.KeyFolder(table)


def parser(module: ModuleType) -> Any:
    """The compiled ``Document.parse`` (lines, keys, features) for ``arclean.find.document``."""
    chars: Any = __import__("arclean.chars", fromlist=["KEY_TABLE"])
    document: Any = __import__("arclean.find.document", fromlist=["Line"])
    key = {chr(point): chars.fold_key_python(chr(point)) for point in chars.KEY_TABLE}
    return module.Parser(
        key,
        document.LINE_BREAKS,
        _chars_matching(r"\s", re),
        document.SENTENCE_ENDERS,
        document.SENTENCE_CLOSERS,
        "".join(sorted(document._BULLET_START)),
        ord(document.BULLET_FROM),
        _chars_matching(f"[{document.BULLET_CLASS}]", re),
        ("".join(sorted(document._DECORATION_END)), ord(document.DECORATION_FROM), document.LINK_MARKS),
        document.Line,
    )


def records(module: ModuleType) -> Any:
    """The compiled builder of a result's records (``Removal``, ``Segment``, the kept text) for
    ``arclean.find.removals``, building instances as ``models._Frozen._trusted_all`` does."""
    models: Any = __import__("arclean.models", fromlist=["Removal"])
    removal, segment = models.Removal, models.Segment
    return module.Records(removal, removal._fields_set(), segment, segment._fields_set())


def normalizers(module: ModuleType) -> dict[str, Any]:
    """The compiled normalizers by name (digits as ``digits:ascii`` and ``digits:arabic_indic``)."""
    norm: Any = __import__("arclean.normalize", fromlist=["NORMALIZERS"])
    chars: Any = __import__("arclean.chars", fromlist=["KEY_TABLE"])
    steps: dict[str, Any] = {}
    for name, listed in {
        "invisible": chars.INVISIBLE | (chars.CONTROLS - chars.CONTROL_SPACES),
        "presentation_forms": norm._PRESENTATION_FORMS,
        "diacritics": chars.DIACRITICS,
        "alef": chars.ALEF_VARIANTS,
        "teh_marbuta": "\u0629",
        "alef_maksura": "\u0649",
    }.items():
        steps[name] = module.char_map_normalizer(name, _per_character(norm.NORMALIZERS[name], listed))
    signature = (*norm._LATIN1_LEAD, *norm._CP1256_LEAD, *norm._CP1256_CONTINUATION)
    latin1_next = _chars_matching(norm._LATIN1_NEXT)[0]
    if any(c.isascii() for c in (*signature, *latin1_next)):  # the kernel's scan skips ASCII
        raise ValueError("a mojibake signature character is ASCII")
    steps["mojibake"] = module.mojibake_normalizer(
        norm._LATIN1_LEAD, latin1_next, norm._CP1256_LEAD, norm._CP1256_CONTINUATION, norm.mojibake
    )
    for to, mapping in (("ascii", norm._TO_ASCII), ("arabic_indic", norm._TO_ARABIC_INDIC)):
        if any(source == target for source, target in mapping.items()):
            raise ValueError("a digit maps to itself")
        steps[f"digits:{to}"] = module.digits_normalizer(mapping, to, norm.protected_digit_spans)
    steps["tatweel"] = module.tatweel_normalizer(chars.TATWEEL, *_chars_matching(r"\d", re))
    words = norm.alef_maksura_words()
    dropped = chars.DIACRITICS | {chars.TATWEEL}
    folded = {chr(point): letter for point, letter in norm._LOOKUP_TABLE.items()}
    if dropped & folded.keys():  # the lookup key drops, then folds: one pass only if disjoint
        raise ValueError("the lookup key both drops and folds a character")
    lookup = {**dict.fromkeys(dropped, ""), **folded}
    steps["farsi_letters"] = module.farsi_normalizer(
        {**norm._FARSI_TARGET},
        chars.FARSI_YEHS,
        norm._ALEF_MAKSURA,
        _chars_matching(r"\p{L}"),
        _chars_matching(r"\p{M}"),
        _chars_matching(r"[\p{L}\p{M}\u0640]"),
        lookup,
        set(words),
        norm._LONGEST_WORD,
    )
    steps["spaces"] = module.spaces_normalizer(
        "".join(sorted(chars.LINE_BREAKS)), "".join(sorted(chars.ODD_SPACES | chars.CONTROL_SPACES))
    )
    steps["blank_lines"] = module.blank_lines_normalizer()
    return steps
