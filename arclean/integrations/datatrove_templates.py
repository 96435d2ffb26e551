"""Corpus mode in datatrove: a learn step that writes site templates, read by the clean step.

Two executors, one after the other (``depends=`` or simply in sequence)::

    learn = [JsonlReader("crawl/"), ArcleanTemplateLearner("templates/", site_key="site")]
    clean = [JsonlReader("crawl/"), ArcleanCleaner(templates="templates/", site_key="site"), JsonlWriter("clean/")]

Each task of the learn step learns from its shard and writes its learner state
(``templates/00003.learner.json.gz``); with one task it also writes the template file
``templates/sites.json``. ``ArcleanCleaner(templates=...)`` takes that file or the folder: a folder
of states is merged when the clean step starts, exactly (the result does not depend on how the
crawl was split into tasks), so it runs under the local, Slurm and Ray executors alike.
``write_templates("templates/")`` writes ``sites.json`` from the states by hand.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from typing import Any

from arclean.templates import LearnOptions, SiteTemplates, TemplateLearner
from arclean.templates.model import site_key as domain_of

try:
    from datatrove.data import Document
    from datatrove.io import DataFolder, get_datafolder
    from datatrove.pipeline.base import PipelineStep
except ImportError as error:  # keep this module importable without datatrove
    _IMPORT_ERROR: ImportError | None = error
    PipelineStep = object
    Document = Any
    DataFolder = Any
else:
    _IMPORT_ERROR = None

__all__ = ["STATE_SUFFIX", "TEMPLATE_FILE", "ArcleanTemplateLearner", "document_site", "load_templates", "write_templates"]

STATE_SUFFIX = ".learner.json.gz"
TEMPLATE_FILE = "sites.json"


def document_site(doc: Document, site_key: str | None, url_key: str | None) -> str | None:
    """A document's site: ``doc.metadata[site_key]``, else the domain of ``doc.metadata[url_key]``."""
    for key in (site_key, url_key):
        value = doc.metadata.get(key) if key else None
        if isinstance(value, str) and value.strip():
            return domain_of(value)
    return None


class ArcleanTemplateLearner(PipelineStep):
    """Learn site templates from the documents passing through (they go on unchanged).

    Args:
        output_folder: where each task writes its learner state (a local path or any datatrove
            ``DataFolder``); with one task, the template file ``sites.json`` too.
        site_key / url_key: the ``doc.metadata`` fields naming a document's site, or holding its
            URL (the domain is the site). Documents with neither are counted (``no_site``), not learned.
        options: ``arclean.templates.LearnOptions`` (thresholds); None = the defaults.
    """

    name = "🧹 arclean learn"
    type = "📊 - STATS"

    def __init__(
        self,
        output_folder: str | DataFolder,
        *,
        site_key: str | None = "site",
        url_key: str | None = None,
        options: LearnOptions | None = None,
    ) -> None:
        if _IMPORT_ERROR is not None:
            raise ImportError("ArcleanTemplateLearner needs datatrove: pip install 'arclean[datatrove]'") from _IMPORT_ERROR
        super().__init__()
        self.output_folder = get_datafolder(output_folder)
        self.site_key, self.url_key = site_key, url_key
        self.options = options or LearnOptions()

    def run(self, data: Iterable[Document], rank: int = 0, world_size: int = 1) -> Iterator[Document]:
        learner = TemplateLearner(self.options)
        for doc in data:
            site = document_site(doc, self.site_key, self.url_key)
            if site is None:
                self.stat_update("no_site")
            else:
                with self.track_time():
                    learner.add(site, doc.text)
                self.stat_update("learned")
            yield doc
        with self.output_folder.open(f"{rank:05d}{STATE_SUFFIX}", "wb") as handle:
            handle.write(gzip.compress(json.dumps(learner.to_state()).encode("utf-8"), mtime=0))
        if world_size == 1:
            with self.output_folder.open(TEMPLATE_FILE, "wb") as handle:
                handle.write(SiteTemplates(learner.result()).to_json().encode("utf-8"))


def load_templates(location: str | DataFolder) -> SiteTemplates:
    """A template file, or the merged learner states of a learn step's folder."""
    folder = get_datafolder(location)
    states = sorted(name for name in folder.list_files() if name.endswith(STATE_SUFFIX))
    if not states:
        if folder.isfile(TEMPLATE_FILE):
            return SiteTemplates.from_json(folder.open(TEMPLATE_FILE, "rb").read(), TEMPLATE_FILE)
        raise FileNotFoundError(f"no learner states (*{STATE_SUFFIX}) or {TEMPLATE_FILE} in {folder.path}")
    merged: TemplateLearner | None = None
    for name in states:
        with folder.open(name, "rb") as handle:
            learner = TemplateLearner.from_state(json.loads(gzip.decompress(handle.read())))
        merged = learner if merged is None else merged.merge(learner)
    assert merged is not None
    return SiteTemplates(merged.result())


def write_templates(location: str | DataFolder, name: str = TEMPLATE_FILE) -> SiteTemplates:
    """Merge a learn step's states and write the template file beside them; returns it."""
    templates = load_templates(location)
    with get_datafolder(location).open(name, "wb") as handle:
        handle.write(templates.to_json().encode("utf-8"))
    return templates
