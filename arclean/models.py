"""Pydantic models at the boundary: the result, its metadata and removals, and the config."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Removal(_Frozen):
    """A removed span: ``text == raw[start:end]``."""

    start: int = Field(description="offset of the first removed character in the input")
    end: int = Field(description="offset just past the last removed character")
    kind: str = Field(description="what was removed: a label of the evaluation format (source, tags, ...)")
    rule: str = Field(description="id of the cue or rule that removed it, e.g. 'source.label'")
    text: str = Field(description="the removed text exactly as in the input")


class Segment(_Frozen):
    """A kept span of the input, before normalization."""

    start: int
    end: int
    text: str


class Metadata(_Frozen):
    """What the removed spans say about the story, as written (not normalized)."""

    title: str | None = None
    date: str | None = None
    authors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    read_also: tuple[str, ...] = ()
    related: tuple[str, ...] = ()


class CleanResult(_Frozen):
    """The clean story, its metadata, and every removed span of the input."""

    text: str = Field(description="the main story, normalized")
    metadata: Metadata
    removed: tuple[Removal, ...] = Field(description="removed spans in input order")
    kept: tuple[Segment, ...] = Field(description="kept spans of the input, before normalization")
    changes: dict[str, int] = Field(default_factory=dict, description="characters changed per normalizer")

    def restore(self) -> str:
        """The input, rebuilt from kept and removed spans (nothing is lost).

        Raises ``ValueError`` if the spans do not tile the input, which would be a bug.
        """
        pieces: list[Segment | Removal] = sorted([*self.kept, *self.removed], key=lambda span: span.start)
        position = 0
        parts: list[str] = []
        for span in pieces:
            if span.start != position or len(span.text) != span.end - span.start:
                raise ValueError(f"spans do not tile the input at offset {position} (next span starts at {span.start})")
            parts.append(span.text)
            position = span.end
        return "".join(parts)

    def removed_by_kind(self) -> dict[str, int]:
        """Number of removed spans per kind."""
        counts: dict[str, int] = {}
        for removal in self.removed:
            counts[removal.kind] = counts.get(removal.kind, 0) + 1
        return counts


class NormalizeOptions(_Frozen):
    """Switches of the fold phase; each rewrites only kept text. Defaults keep meaning."""

    repair_mojibake: bool = Field(True, description="repair UTF-8 read as cp1252/latin-1 (ftfy) or cp1256")
    expand_presentation_forms: bool = Field(True, description="presentation forms and lam-alef ligatures to letters")
    digits: Literal["ascii", "keep", "arabic_indic"] = Field(
        "ascii", description="Arabic-Indic and Persian digits to ASCII, keep them, or ASCII to Arabic-Indic"
    )
    remove_diacritics: bool = Field(True, description="harakat, tanween, shadda, sukun, Quranic marks")
    remove_tatweel: bool = Field(True, description="kashida (ـ)")
    fold_farsi: bool = Field(True, description="Farsi yeh/kaf (ی ک) to Arabic (ي ك)")
    fold_alef: bool = Field(False, description="أ إ آ ٱ to ا (lossy)")
    fold_teh_marbuta: bool = Field(False, description="ة to ه (lossy)")
    fold_alef_maksura: bool = Field(False, description="ى to ي (lossy)")
    remove_invisible: bool = Field(True, description="zero-width, bidi and other control characters")
    normalize_spaces: bool = Field(True, description="odd spaces to space, runs collapsed, lines stripped")
    collapse_blank_lines: bool = Field(True, description="runs of blank lines to one; none at the ends")

    @classmethod
    def only(cls, **switches: Any) -> NormalizeOptions:
        """Every normalizer off except ``switches``.

        >>> NormalizeOptions.only(remove_diacritics=True).remove_tatweel
        False
        """
        off: dict[str, Any] = {name: ("keep" if name == "digits" else False) for name in cls.model_fields}
        return cls(**{**off, **switches})


class PipelineConfig(_Frozen):
    """A pipeline as data: JSON round-trips to an identical pipeline."""

    version: Literal[1] = 1
    cleaners: tuple[str, ...] = Field(description="cleaner ids in priority order")
    revise: bool = Field(True, description="run the tail gap-fill revise step")
    normalize: NormalizeOptions = Field(default_factory=NormalizeOptions)
