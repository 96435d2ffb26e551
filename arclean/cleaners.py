"""Import shim, kept for one release: the find phase now lives in :mod:`arclean.find`.

``from arclean.cleaners import CueCleaner`` still works; new code imports from ``arclean.find``.
"""

from arclean.find.blocks import BlockCleaner, ReadAlsoCleaner, RelatedCleaner, TagsCleaner
from arclean.find.byline import BylineCleaner
from arclean.find.cleaner import Cleaner, CueCleaner
from arclean.find.dates import DateCleaner
from arclean.find.head import TitleCleaner
from arclean.find.registry import BUILTIN_CLEANERS

__all__ = [
    "BUILTIN_CLEANERS",
    "BlockCleaner",
    "BylineCleaner",
    "Cleaner",
    "CueCleaner",
    "DateCleaner",
    "ReadAlsoCleaner",
    "RelatedCleaner",
    "TagsCleaner",
    "TitleCleaner",
]
