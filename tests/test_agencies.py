"""The agency vocabulary: declared once, read by the metadata and by the find phase's {agency} macro."""

from __future__ import annotations

import regex

from arclean.agencies import agencies, agency_pattern, agency_spellings
from arclean.chars import fold_key


def test_every_spelling_is_in_the_cue_macro() -> None:
    from arclean.find.cues import MACROS

    macro = regex.compile(MACROS["agency"] + "$", regex.IGNORECASE)
    for spelling in agency_spellings():
        assert macro.match(spelling), spelling


def test_abbreviations_match_spaced_dotted_or_joined() -> None:
    pattern = regex.compile(agency_pattern() + "$", regex.IGNORECASE)
    for written in ("ا ف ب", "ا.ف.ب", "افب", "د ب ا", "د.ب.ا.", "و م ع", "ومع"):
        assert pattern.match(fold_key(written)), written
    assert not pattern.match("يوبياي"), "spaces are optional only between single letters"


def test_latin_capital_abbreviations_match_in_capitals_only() -> None:
    pattern = regex.compile(agency_pattern() + "$", regex.IGNORECASE)
    assert pattern.match("AP") and pattern.match("AFP") and pattern.match("Reuters") and pattern.match("reuters")
    assert not pattern.match("ap") and not pattern.match("map")


def test_every_entry_has_a_canonical_name_spellings_and_examples() -> None:
    for agency in agencies():
        assert agency.canonical and agency.spellings and agency.examples, agency
        assert agency.kind in ("agency", "generic"), agency
