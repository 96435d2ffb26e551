"""arclean: raw scraped Arabic news text in, the clean story plus structured metadata out.

>>> import arclean
>>> story = "نص الخبر الكامل عن افتتاح المعرض الدولي للكتاب بمشاركة واسعة من دور النشر."
>>> result = arclean.clean(story + "\\nكلمات دلالية: الكتاب، المعرض")
>>> result.metadata.tags
('الكتاب', 'المعرض')
"""

from arclean import normalize
from arclean.find import Cleaner, CueCleaner
from arclean.models import CleanResult, Metadata, NormalizeOptions, PipelineConfig, Removal, Segment
from arclean.pipeline import CLEANERS, Pipeline, clean, register_cleaner
from arclean.templates import SiteTemplates

__version__ = "0.1.0"

__all__ = [
    "CLEANERS",
    "CleanResult",
    "Cleaner",
    "CueCleaner",
    "Metadata",
    "NormalizeOptions",
    "Pipeline",
    "PipelineConfig",
    "Removal",
    "Segment",
    "SiteTemplates",
    "clean",
    "normalize",
    "register_cleaner",
]
