"""Pydantic models at the boundary: the result, its metadata and removals, and the config."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def _trusted(cls, values: dict[str, Any]) -> Any:
        """An instance from values the library built itself, every field given: what
        ``model_construct`` does (no validation), without its per-field walk. A page of 100,000
        one-line removals makes 100,000 removals and as many kept segments: this is a fifth of
        ``model_construct``'s cost (``tests/test_models.py`` checks both give equal objects).

        Every instance of a class shares one set of field names as its fields set (one object
        fewer per instance for the collector to track): a frozen model never adds to it, and
        pydantic copies it before a copy's ``model_copy(update=...)`` does."""
        fields_set = cls._fields_set()
        made = _new(cls)
        _set(made, "__dict__", values)
        _set(made, "__pydantic_fields_set__", fields_set)
        _set(made, "__pydantic_extra__", None)
        _set(made, "__pydantic_private__", None)
        return made

    @classmethod
    def _fields_set(cls) -> set[str]:
        """The fields set every trusted instance of ``cls`` shares: all its field names."""
        fields_set = _ALL_FIELDS.get(cls)
        if fields_set is None:
            fields_set = _ALL_FIELDS[cls] = set(cls.model_fields)
        return fields_set

    @classmethod
    def _trusted_all(cls, rows: Iterable[dict[str, Any]]) -> list[Any]:
        """``_trusted`` of every row, in one loop (no call per instance: the records of a page
        of 100,000 one-line removals). The compiled kernel builds the records of a result the
        same way in one call (``arclean.find.removals.records``)."""
        fields_set = cls._fields_set()
        made_all: list[Any] = []
        append, new, put = made_all.append, _new, _set
        for values in rows:
            made = new(cls)
            put(made, "__dict__", values)
            put(made, "__pydantic_fields_set__", fields_set)
            put(made, "__pydantic_extra__", None)
            put(made, "__pydantic_private__", None)
            append(made)
        return made_all


_set = object.__setattr__
_new = object.__new__
#: each model's field names, the fields set its trusted instances share (see ``_Frozen._trusted``)
_ALL_FIELDS: dict[type, set[str]] = {}


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


class AuthorRole(_Frozen):
    """A person credited with a role ("تحقيق: فلان", "رئيس التحرير: فلان")."""

    name: str = Field(description="the person's name as written")
    role: str = Field(description="the role label as written, e.g. 'تحقيق', 'ترجمة', 'رئيس التحرير'")


class Metadata(_Frozen):
    """What the removed spans (and the story's opening dateline) say about the story.

    Values are as written (not normalized); ``*_iso`` and ``sources_canonical`` are derived.
    Every field is described in docs/metadata.md.
    """

    title: str | None = Field(None, description="the headline; joined when it wraps over lines")
    subtitle: str | None = Field(None, description="kicker and subtitle lines of the head block, one per line")
    date: str | None = Field(None, description="the publication date as written")
    date_iso: str | None = Field(None, description="the publication date in ISO 8601 (time and offset when written)")
    updated: str | None = Field(None, description="the update date as written ('آخر تحديث …')")
    updated_iso: str | None = Field(None, description="the update date in ISO 8601")
    authors: tuple[str, ...] = Field((), description="the writers' names, once each")
    author_roles: tuple[AuthorRole, ...] = Field((), description="people credited with a role label, and the role")
    photographers: tuple[str, ...] = Field((), description="photo credits ('تصوير: …')")
    sources: tuple[str, ...] = Field((), description="sources and agencies as written")
    sources_canonical: tuple[str, ...] = Field((), description="sources with known agencies by their canonical name")
    tags: tuple[str, ...] = ()
    read_also: tuple[str, ...] = Field((), description="titles promoted by read-also blocks")
    related: tuple[str, ...] = Field((), description="titles in related-article lists")


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


#: Config version 1 named the normalizers three ways (option, function, ``changes`` key);
#: version 2 uses one name for all three. Old option name -> new name.
OPTION_RENAMES_V1: dict[str, str] = {
    "repair_mojibake": "mojibake",
    "remove_invisible": "invisible",
    "expand_presentation_forms": "presentation_forms",
    "fold_farsi": "farsi_letters",
    "remove_diacritics": "diacritics",
    "remove_tatweel": "tatweel",
    "fold_alef": "alef",
    "fold_teh_marbuta": "teh_marbuta",
    "fold_alef_maksura": "alef_maksura",
    "normalize_spaces": "spaces",
    "collapse_blank_lines": "blank_lines",
}

#: The version ``PipelineConfig`` writes; older versions are migrated when read.
CONFIG_VERSION: Literal[2] = 2


class NormalizeOptions(_Frozen):
    """Switches of the fold phase; each rewrites only kept text. Defaults keep meaning.

    Each option has the name of its function in ``arclean.normalize`` and of its key in
    ``CleanResult.changes``. docs/normalization.md says what each one changes and never changes.
    """

    mojibake: bool = Field(True, description="repair UTF-8 read as cp1252/latin-1 (ftfy) or cp1256")
    invisible: bool = Field(True, description="remove zero-width, bidi and control characters")
    presentation_forms: bool = Field(True, description="Arabic presentation forms and lam-alef ligatures to letters")
    farsi_letters: bool = Field(
        True, description="Farsi/Urdu letters to Arabic (ک→ك, ھ→ه; final ی→ى or ي by a word list, else ي)"
    )
    digits: Literal["ascii", "keep", "arabic_indic"] = Field(
        "ascii",
        description="Arabic-Indic and Persian digits to ASCII, keep them, or ASCII to Arabic-Indic (outside Latin context)",
    )
    diacritics: bool = Field(True, description="remove harakat, tanween, shadda, sukun, Quranic marks")
    tatweel: bool = Field(True, description="remove kashida (ـ); between digits it is a dash and becomes '-'")
    alef: bool = Field(False, description="أ إ آ ٱ to ا (lossy)")
    teh_marbuta: bool = Field(False, description="ة to ه (lossy)")
    alef_maksura: bool = Field(False, description="ى to ي (lossy)")
    spaces: bool = Field(True, description="odd spaces to space, line breaks to LF, runs collapsed, lines stripped")
    blank_lines: bool = Field(True, description="runs of blank lines to one; none at the ends")

    @model_validator(mode="before")
    @classmethod
    def _reject_old_names(cls, data: Any) -> Any:
        if isinstance(data, dict):
            old = sorted(name for name in data if name in OPTION_RENAMES_V1)
            if old:
                renamed = ", ".join(f"{name!r} is now {OPTION_RENAMES_V1[name]!r}" for name in old)
                raise ValueError(f"old normalization option names (config version 1): {renamed}")
        return data

    @classmethod
    def only(cls, **switches: Any) -> NormalizeOptions:
        """Every normalizer off except ``switches``.

        >>> NormalizeOptions.only(diacritics=True).tatweel
        False
        """
        off: dict[str, Any] = {name: ("keep" if name == "digits" else False) for name in cls.model_fields}
        return cls(**{**off, **switches})


def migrate_config(data: dict[str, Any]) -> dict[str, Any]:
    """A config dict of any known version, rewritten as the current version (a new dict).

    A config without ``version`` is read as version 1 when it uses version-1 option names.

    >>> migrate_config({"version": 1, "cleaners": ["tags"], "normalize": {"fold_alef": True}})["normalize"]
    {'alef': True}
    """
    version = data.get("version")
    options = data.get("normalize")
    if version is None:
        uses_old_names = isinstance(options, dict) and any(name in OPTION_RENAMES_V1 for name in options)
        version = 1 if uses_old_names else CONFIG_VERSION
    if version == CONFIG_VERSION:
        return {**data, "version": version}
    if version != 1:
        raise ValueError(f"unknown config version {version!r}; this arclean reads versions 1 to {CONFIG_VERSION}")
    migrated = {**data, "version": CONFIG_VERSION}
    if isinstance(options, dict):
        migrated["normalize"] = {OPTION_RENAMES_V1.get(name, name): value for name, value in options.items()}
    return migrated


class PipelineConfig(_Frozen):
    """A pipeline as data: JSON round-trips to an identical pipeline; older versions are migrated."""

    version: Literal[2] = CONFIG_VERSION
    cleaners: tuple[str, ...] = Field(description="cleaner ids in priority order")
    revise: bool = Field(True, description="run the tail gap-fill revise step")
    normalize: NormalizeOptions = Field(default_factory=NormalizeOptions)

    @model_validator(mode="before")
    @classmethod
    def _migrate(cls, data: Any) -> Any:
        return migrate_config(data) if isinstance(data, dict) else data
