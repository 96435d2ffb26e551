"""Property-based testing helpers for arclean and for pipelines built on it.

Needs the optional ``hypothesis`` dependency: ``pip install arclean[testing]``.

- ``arclean.testing.strategies``: Hypothesis strategies for realistic scraped Arabic news
  (story paragraphs, every boilerplate kind, whole documents with their gold answer).
- ``arclean.testing.invariants``: checks any cleaning result must pass (lossless, idempotent,
  normalization postconditions, config round trip, story kept, boilerplate removed).
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError("arclean.testing needs hypothesis: pip install 'arclean[testing]'") from error

from arclean.testing.invariants import (
    assert_boilerplate_removed,
    assert_config_roundtrip,
    assert_idempotent,
    assert_lossless,
    assert_metadata,
    assert_normalized,
    assert_story_kept,
    canonical_tokens,
)
from arclean.testing.strategies import (
    BOILERPLATE_KINDS,
    ExpectedMetadata,
    NewsDocument,
    boilerplate_block,
    news_document,
    normalize_options,
    story_paragraph,
)

__all__ = [
    "BOILERPLATE_KINDS",
    "ExpectedMetadata",
    "NewsDocument",
    "assert_boilerplate_removed",
    "assert_config_roundtrip",
    "assert_idempotent",
    "assert_lossless",
    "assert_metadata",
    "assert_normalized",
    "assert_story_kept",
    "boilerplate_block",
    "canonical_tokens",
    "news_document",
    "normalize_options",
    "story_paragraph",
]
