"""The pipeline: find (cleaners mark spans), then fold (normalizers rewrite kept text)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from arclean.cleaners import BUILTIN_CLEANERS, PHASES, Cleaner, CueCleaner, gate, gate_lines, repeated_lines, tail_gap_fill
from arclean.document import Document, raw_offset
from arclean.labels import Labels, Mark
from arclean.metadata import parse_metadata
from arclean.models import CleanResult, NormalizeOptions, PipelineConfig, Removal, Segment
from arclean.normalize import normalize
from arclean.resources import cues

#: id -> factory of every cleaner a config may name. ``register_cleaner`` adds to it.
CLEANERS: dict[str, Callable[[], Cleaner]] = dict(BUILTIN_CLEANERS)
DEFAULT_CLEANER_IDS: tuple[str, ...] = tuple(CLEANERS)


def register_cleaner(cleaner_id: str, factory: Callable[[], Cleaner]) -> None:
    """Make a custom cleaner nameable in configs (``Pipeline.from_config``)."""
    if cleaner_id in CLEANERS:
        raise ValueError(f"a cleaner with id {cleaner_id!r} is already registered")
    CLEANERS[cleaner_id] = factory


def _build(cleaner_id: str) -> Cleaner:
    try:
        return CLEANERS[cleaner_id]()
    except KeyError:
        known = ", ".join(sorted(CLEANERS))
        raise ValueError(f"unknown cleaner id {cleaner_id!r}; known ids: {known}") from None


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
    ) -> None:
        ids = tuple(DEFAULT_CLEANER_IDS if cleaners is None else cleaners)
        if len(set(ids)) != len(ids):
            raise ValueError(f"cleaner ids repeat: {ids}")
        self._config = PipelineConfig(cleaners=ids, revise=revise, normalize=options or NormalizeOptions())
        self.cleaners: tuple[Cleaner, ...] = tuple(_build(cleaner_id) for cleaner_id in ids)
        # A pipeline writes only its cleaners' kinds: without("byline") removes no byline, even
        # where the title rule or the gap fill would have written one.
        self._kinds = frozenset(cleaner.kind for cleaner in self.cleaners)
        self._split_cues = tuple(cue for cue in cues() if cue.role == "split" and cue.kind in ids)
        # One gate per phase for all cue cleaners: a document is scanned once per phase, not
        # once per cleaner (see cleaners.gate).
        cue_cleaners = [c for c in self.cleaners if isinstance(c, CueCleaner)]
        self._gates = {
            phase: gate(tuple(cue for cleaner in cue_cleaners for cue in group(cleaner))) for phase, group in PHASES.items()
        }

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
        return Pipeline(kept, self._config.normalize, revise=self._config.revise)

    def only(self, *cleaner_ids: str) -> Pipeline:
        """A copy with just the named cleaners, in default priority order."""
        for cleaner_id in cleaner_ids:
            _build(cleaner_id)  # validates the id
        ordered = [c for c in CLEANERS if c in cleaner_ids]
        return Pipeline(ordered, self._config.normalize, revise=self._config.revise)

    def with_options(self, **options: Any) -> Pipeline:
        """A copy with some normalization options changed (see ``NormalizeOptions``)."""
        merged = NormalizeOptions.model_validate({**self._config.normalize.model_dump(), **options})
        return Pipeline(self._config.cleaners, merged, revise=self._config.revise)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Pipeline.from_config, (self._config.model_dump_json(),))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pipeline) and other._config == self._config

    def __hash__(self) -> int:
        return hash(self._config)

    def __repr__(self) -> str:
        return f"Pipeline({json.dumps(self._config.model_dump(), ensure_ascii=False)})"

    # -- running -------------------------------------------------------------------
    def label(self, text: str) -> Labels:
        """Run the find phase only: every line's mark (or None for story) and partial cuts."""
        _check_text(text)
        labels = Labels(Document.parse(text), kinds=self._kinds)
        for phase, found in self._gates.items():
            labels.candidates[phase] = gate_lines(labels.doc, found) if found else []
        for cleaner in self.cleaners:
            cleaner.propose(labels)
        for cleaner in self.cleaners:
            cleaner.revise(labels)
        if self._config.revise:
            repeated_lines(labels)
            tail_gap_fill(labels)
        for cleaner in self.cleaners:
            cleaner.cut_inline(labels)
        self._remainders(labels)
        return labels

    def _remainders(self, labels: Labels) -> None:
        """What is left of a line after a tail cut may itself be boilerplate ("(أرشيفية)" left
        of glued tags): remove it too, or cleaning the cleaned text would find it (idempotence)."""
        cue_cleaners = [c for c in self.cleaners if isinstance(c, CueCleaner)]
        for cut in list(labels.partial):
            line = labels.doc.lines[cut.line]
            if cut.start <= line.start or cut.end != line.end or labels.marks[line.index] is not None:
                continue
            rest = Document.parse(labels.doc.text[line.start : cut.start]).lines[0]
            if rest.blank:
                continue
            probe = Labels(Document(text=rest.text, lines=[rest]))
            for cleaner in cue_cleaners:
                cleaner.mark_if_cue(probe, rest)
                found = probe.marks[0]
                if found is not None:
                    labels.mark_partial(line, line.start, cut.start, found.kind, found.rule)
                    break

    def find(self, text: str) -> list[Removal]:
        """The removals the find phase makes, in input order."""
        return self._removals(self.label(text))

    def clean(self, text: str) -> CleanResult:
        """Clean one document: the story, its metadata, and every removed span."""
        removed = self.find(text)
        kept: list[Segment] = []
        position = 0
        for removal in removed:
            if removal.start > position:
                kept.append(Segment.model_construct(start=position, end=removal.start, text=text[position : removal.start]))
            position = removal.end
        if position < len(text):
            kept.append(Segment.model_construct(start=position, end=len(text), text=text[position:]))
        story, changes = normalize("".join(segment.text for segment in kept), self._config.normalize)
        return CleanResult.model_construct(
            text=story,
            metadata=parse_metadata(removed, story),
            removed=tuple(removed),
            kept=tuple(kept),
            changes=changes,
        )

    __call__ = clean

    def _removals(self, labels: Labels) -> list[Removal]:
        text = labels.doc.text
        spans: list[Mark] = list(labels.partial)
        for mark in labels.marks:
            if mark is None:
                continue
            spans.extend(self._split(labels, mark))
        spans.sort(key=lambda mark: mark.start)
        removals: list[Removal] = []
        for mark in spans:
            if removals and mark.start < removals[-1].end:  # a partial cut inside a removed line
                continue
            removals.append(
                Removal.model_construct(
                    start=mark.start, end=mark.end, kind=mark.kind, rule=mark.rule, text=text[mark.start : mark.end]
                )
            )
        return removals

    def _split(self, labels: Labels, mark: Mark) -> list[Mark]:
        """A removed line with a second label glued inside becomes two spans."""
        line = labels.doc.lines[mark.line]
        for cue in self._split_cues:
            if cue.kind == mark.kind:
                continue
            found = cue.find(line.key)
            if found is not None and found.start() > 0:
                cut = raw_offset(line, found.start())
                return [
                    Mark(mark.kind, mark.rule, mark.start, cut, mark.line),
                    Mark(cue.kind, cue.id, cut, mark.end, mark.line),
                ]
        return [mark]


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
