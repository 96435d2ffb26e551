"""Import shim, kept for one release: the language data loaders now live in :mod:`arclean.find`
(``arclean.find.cues``, ``arclean.find.kinds``, ``arclean.find.dates``, ``arclean.find.shapes``)."""

from arclean.find.cues import MACROS, TAIL_WINDOW, Cue, check_line_local, cue_table_markdown, cues, line_local, parse_cues
from arclean.find.data import DataError
from arclean.find.dates import date_vocabulary
from arclean.find.kinds import kind_names
from arclean.find.shapes import word_lists

KINDS: tuple[str, ...] = kind_names()

__all__ = [
    "KINDS",
    "MACROS",
    "TAIL_WINDOW",
    "Cue",
    "DataError",
    "check_line_local",
    "cue_table_markdown",
    "cues",
    "date_vocabulary",
    "line_local",
    "parse_cues",
    "word_lists",
]
