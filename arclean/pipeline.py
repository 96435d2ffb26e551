"""The pipeline: parse, find (cleaners mark spans), removals, fold (normalizers rewrite kept
text), metadata (read from the removed spans)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from arclean.find import CLEANERS, DEFAULT_CLEANER_IDS, Cleaner, Document, Finder, Labels, register_cleaner, removals
from arclean.find.removals import records, removal_marks
from arclean.metadata import parse_metadata
from arclean.models import CleanResult, NormalizeOptions, PipelineConfig, Removal
from arclean.normalize import normalizer

if TYPE_CHECKING:
    from arclean.find.labels import Labels as FoundLabels
    from arclean.templates import SiteTemplates

__all__ = ["CLEANERS", "DEFAULT_CLEANER_IDS", "Pipeline", "clean", "register_cleaner"]


class Pipeline:
    """A composable cleaning pipeline.

    >>> p = Pipeline.default().without("social").with_options(digits="keep")
    >>> Pipeline.from_config(p.to_config().model_dump_json()).to_config() == p.to_config()
    True
    """

    def __init__(
        self,
        cleaners: Iterable[str] | None = None,
        options: NormalizeOptions | None = None,
        *,
        revise: bool = True,
        templates: SiteTemplates | None = None,
    ) -> None:
        ids = tuple(DEFAULT_CLEANER_IDS if cleaners is None else cleaners)
        if len(set(ids)) != len(ids):
            raise ValueError(f"cleaner ids repeat: {ids}")
        self._config = PipelineConfig(cleaners=ids, revise=revise, normalize=options or NormalizeOptions())
        self.cleaners: tuple[Cleaner, ...] = tuple(CLEANERS.build(cleaner_id) for cleaner_id in ids)
        #: learned site templates (corpus mode), applied when ``clean`` is given a ``site``; they
        #: write the kind ``template`` and those of this pipeline's cleaners (an entry of a kind
        #: the pipeline leaves out stays in, as that kind's cues would)
        self.templates = templates
        self._finder = Finder(self.cleaners, revise=revise, extra_kinds=("template",) if templates is not None else ())
        #: ``normalize(text, options)`` for this pipeline's options, chosen once (no options
        #: hashed per document)
        self._normalize = normalizer(self._config.normalize)

    # -- construction --------------------------------------------------------------
    @classmethod
    def default(cls) -> Pipeline:
        """Every built-in cleaner, default normalization."""
        return cls()

    @classmethod
    def from_config(cls, config: PipelineConfig | Mapping[str, Any] | str) -> Pipeline:
        """Rebuild a pipeline from ``to_config()`` output, a dict of it, or its JSON."""
        if isinstance(config, str):
            config = PipelineConfig.model_validate_json(config)
        elif not isinstance(config, PipelineConfig):
            config = PipelineConfig.model_validate(config)
        return cls(config.cleaners, config.normalize, revise=config.revise)

    def to_config(self) -> PipelineConfig:
        return self._config

    def without(self, *cleaner_ids: str) -> Pipeline:
        """A copy without the named cleaners, and so without their kinds: no rule of another
        cleaner writes them either (``without("byline")`` leaves every byline in)."""
        unknown = set(cleaner_ids) - set(self._config.cleaners)
        if unknown:
            raise ValueError(f"not in this pipeline: {', '.join(sorted(unknown))}")
        kept = [c for c in self._config.cleaners if c not in cleaner_ids]
        return Pipeline(kept, self._config.normalize, revise=self._config.revise, templates=self.templates)

    def only(self, *cleaner_ids: str) -> Pipeline:
        """A copy with just the named cleaners, in default priority order."""
        for cleaner_id in cleaner_ids:
            CLEANERS.check(cleaner_id)
        ordered = [c for c in CLEANERS if c in cleaner_ids]
        return Pipeline(ordered, self._config.normalize, revise=self._config.revise, templates=self.templates)

    def with_options(self, **options: Any) -> Pipeline:
        """A copy with some normalization options changed (see ``NormalizeOptions``)."""
        merged = NormalizeOptions.model_validate({**self._config.normalize.model_dump(), **options})
        return Pipeline(self._config.cleaners, merged, revise=self._config.revise, templates=self.templates)

    def with_templates(self, templates: SiteTemplates | str | Path | None) -> Pipeline:
        """A copy that removes learned site templates (``SiteTemplates`` or a template file's
        path; None for none) from documents cleaned with ``site=``; see docs/templates.md."""
        from arclean.templates import SiteTemplates

        loaded = templates if templates is None or isinstance(templates, SiteTemplates) else SiteTemplates.load(templates)
        return Pipeline(self._config.cleaners, self._config.normalize, revise=self._config.revise, templates=loaded)

    def __reduce__(self) -> tuple[Any, ...]:
        if self.templates is not None:
            return (_with_templates, (self._config.model_dump_json(), self.templates))
        return (Pipeline.from_config, (self._config.model_dump_json(),))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pipeline) and other._config == self._config and other.templates == self.templates

    def __hash__(self) -> int:
        return hash((self._config, self.templates))

    def __repr__(self) -> str:
        return f"Pipeline({json.dumps(self._config.model_dump(), ensure_ascii=False)})"

    # -- running -------------------------------------------------------------------
    def label(self, text: str, site: str | None = None) -> Labels:
        """Run the find phase only: every line's first and final mark (None for story) and the
        cuts inside story lines.

        With ``site`` and templates (``with_templates``), that site's template lines that no
        cleaner removed are marked too, before inline cuts.
        """
        _check_text(text)
        return self._label(Document.parse(text), site)

    def _label(self, doc: Document, site: str | None) -> Labels:
        templates = self.templates
        if site is None or templates is None:
            return self._finder.label(doc)

        def mark_template(labels: FoundLabels) -> None:
            templates.mark(labels, site)

        return self._finder.label(doc, before_cuts=mark_template)

    def find(self, text: str, site: str | None = None) -> list[Removal]:
        """The removals the find phase makes, in input order."""
        return removals(self.label(text, site), self._finder.split_cues)

    def clean(self, text: str, site: str | None = None) -> CleanResult:
        """Clean one document: the story, its metadata, and every removed span.

        ``site`` (a domain or URL) applies that site's learned template, if the pipeline has
        templates (``with_templates``) and the site is in them; otherwise it changes nothing.
        """
        _check_text(text)
        doc = Document.parse(text)  # parse: lines, offsets, folded keys
        labels = self._label(doc, site)  # find: each line's mark, cuts inside story lines
        # removals: spans in input order, with the kept segments between them and the kept text
        removed, kept, kept_text = records(text, removal_marks(labels, self._finder.split_cues))
        story, changes = self._normalize(kept_text)  # fold
        return CleanResult._trusted(
            {
                "text": story,
                "metadata": parse_metadata(removed, kept_text),  # metadata: the removed spans, the kept dateline as written
                "removed": tuple(removed),
                "kept": tuple(kept),
                "changes": changes,
            }
        )

    __call__ = clean


def _with_templates(config_json: str, templates: SiteTemplates) -> Pipeline:
    """Unpickle a pipeline with templates (``Pipeline.__reduce__``)."""
    return Pipeline.from_config(config_json).with_templates(templates)


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        hint = " (decode bytes first, e.g. data.decode('utf-8'))" if isinstance(text, bytes | bytearray) else ""
        raise TypeError(f"arclean expects the document as str, got {type(text).__name__}{hint}")


_DEFAULT: Pipeline | None = None


def clean(text: str) -> CleanResult:
    """Clean one document with the default pipeline.

    >>> result = clean("خبر قصير عن الطقس في المدينة اليوم مع توقعات بارتفاع درجات الحرارة.\\nالمصدر: واس")
    >>> result.metadata.sources
    ('واس',)
    """
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline.default()
    return _DEFAULT.clean(text)
