"""Corpus mode: learn each site's template from its own pages, then remove it as typed spans.

Every site repeats its own footer, share bar, subscription box and signature on every page, in
words no rule list has seen. :meth:`SiteTemplates.learn` reads a crawl once (``(site, text)``
pairs, any number, in bounded memory per site) and keeps, per site, the lines that recur on a
large share of its pages around different stories; ``Pipeline.with_templates`` then removes
them from that site's pages, as spans of their kind whose rule names the entry.

>>> from arclean.testing.sites import site_crawl
>>> crawl = site_crawl(pages=60, seed=1)
>>> templates = SiteTemplates.learn((page.site, page.text) for page in crawl)
>>> sorted(templates.sites()) == sorted({page.site for page in crawl})
True

The file (:meth:`save`, :meth:`load`) is versioned JSON a person can read and edit; its format
is :class:`arclean.templates.model.TemplateFile` (docs/templates.md).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from arclean.find.labels import Labels
from arclean.templates.apply import mark_template
from arclean.templates.learn import TemplateLearner
from arclean.templates.model import (
    RULE_PREFIX,
    LearnOptions,
    SiteTemplate,
    TemplateEntry,
    TemplateFile,
    site_key,
)
from arclean.templates.skeleton import skeletons

__all__ = [
    "RULE_PREFIX",
    "LearnOptions",
    "SiteTemplate",
    "SiteTemplates",
    "TemplateEntry",
    "TemplateFile",
    "TemplateLearner",
    "site_key",
    "skeletons",
]


class SiteTemplates:
    """Learned templates of many sites, ready to apply (``Pipeline.with_templates``)."""

    def __init__(self, data: TemplateFile | None = None) -> None:
        self.data = data or TemplateFile()
        self._index: dict[str, dict[str, TemplateEntry]] = {}

    # -- making ----------------------------------------------------------------------------
    @classmethod
    def learn(cls, pages: Iterable[tuple[str, str]], options: LearnOptions | None = None) -> SiteTemplates:
        """Learn from ``(site, text)`` pairs in one streaming pass (see :mod:`arclean.templates.learn`)."""
        return cls(TemplateLearner(options).update(pages).result())

    @classmethod
    def from_json(cls, text: str | bytes, source: str = "<templates>") -> SiteTemplates:
        try:
            return cls(TemplateFile.model_validate_json(text))
        except ValidationError as error:
            raise ValueError(f"{source}: not a valid arclean template file: {error}") from None

    @classmethod
    def load(cls, path: str | Path) -> SiteTemplates:
        """Read a template file (``.json`` or ``.json.gz``); a bad file raises ValueError naming it."""
        raw = Path(path).read_bytes()
        if str(path).endswith(".gz"):
            raw = gzip.decompress(raw)
        return cls.from_json(raw, str(path))

    def to_json(self) -> str:
        """Readable JSON: one key per line down to the entries, Arabic as written."""
        return json.dumps(self.data.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n"

    def save(self, path: str | Path) -> None:
        data = self.to_json().encode("utf-8")
        Path(path).write_bytes(gzip.compress(data, mtime=0) if str(path).endswith(".gz") else data)

    # -- reading ---------------------------------------------------------------------------
    @property
    def options(self) -> LearnOptions:
        return self.data.options

    def sites(self) -> list[str]:
        return list(self.data.sites)

    def get(self, site: str) -> SiteTemplate | None:
        """The template of ``site`` (a domain, a URL or a site name), or None."""
        return self.data.sites.get(site_key(site))

    def entry(self, rule: str) -> TemplateEntry | None:
        """The entry a removal's rule (``template.<id>``) names, or None."""
        if not rule.startswith(RULE_PREFIX):
            return None
        wanted = rule[len(RULE_PREFIX) :]
        for template in self.data.sites.values():
            for entry in template.entries:
                if entry.id == wanted:
                    return entry
        return None

    def mark(self, labels: Labels, site: str) -> None:
        """Mark the lines of ``labels`` that ``site``'s template explains (no-op for other sites)."""
        key = site_key(site)
        template = self.data.sites.get(key)
        if template is None or not template.entries:
            return
        index = self._index.get(key)
        if index is None:
            index = self._index[key] = {entry.skeleton: entry for entry in template.entries}
        mark_template(labels, template, index, self.options)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SiteTemplates) and other.data == self.data

    def __hash__(self) -> int:  # cheap and consistent with ==: equal files have equal shapes
        return hash((len(self.data.sites), sum(len(template.entries) for template in self.data.sites.values())))

    def __reduce__(self) -> tuple[Any, ...]:
        return (SiteTemplates.from_json, (self.data.model_dump_json(),))

    def __repr__(self) -> str:
        entries = sum(len(template.entries) for template in self.data.sites.values())
        return f"SiteTemplates({len(self.data.sites)} sites, {entries} entries)"
