"""The find phase: which spans of a document are boilerplate, each with a kind and a rule id.

Nothing here rewrites text. One concept a module:

========== ===================================================================================
document   lines with offsets into the input and a folded key (``Document.parse``)
labels     each line's first and final mark, and cuts inside story lines
kinds      the kinds of ``data/kinds.toml`` and their block roles
vocab      the shared word classes of ``data/vocab.toml`` (agencies, platforms, months, roles)
cues       cue phrases of ``data/cues.toml``: loading, compiling, validating
rules      rule ids: declared in data, checked where code names them
gate       one pass per document to find the lines some cue could match
shapes     line predicates (a name, a listed title, a headline, prose)
cleaner    the cleaner protocol and the cue-driven cleaner
blocks     header blocks: read-also (with an embedded article), related lists, tag blocks
head       the headline block above the story
byline     author lines and trailing names
dates      date lines
revise     neighbour rules of no cleaner (repeated widgets, gaps after the story)
registry   cleaner ids to factories, scoped registration
finder     the passes in order over one document
removals   labels to removed spans
========== ===================================================================================
"""

from arclean.find.cleaner import Cleaner, CueCleaner
from arclean.find.cues import Cue, cues, load_cues
from arclean.find.data import DataError
from arclean.find.document import Document, Line
from arclean.find.finder import Finder
from arclean.find.labels import Labels, Mark
from arclean.find.registry import CLEANERS, DEFAULT_CLEANER_IDS, register_cleaner
from arclean.find.removals import removals

__all__ = [
    "CLEANERS",
    "DEFAULT_CLEANER_IDS",
    "Cleaner",
    "Cue",
    "CueCleaner",
    "DataError",
    "Document",
    "Finder",
    "Labels",
    "Line",
    "Mark",
    "cues",
    "load_cues",
    "register_cleaner",
    "removals",
]
