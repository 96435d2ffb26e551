"""The template file: what was learned per site, as versioned JSON a person can read and edit.

>>> entry = TemplateEntry(id="0a1b2c3d", skeleton="{name} – عين اليوم", kind="source", zone="head",
...                       pages=363, share=0.242, examples=["عمر إبراهيم – عين اليوم"])
>>> entry.rule
'template.0a1b2c3d'
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

FORMAT: Literal["arclean-templates"] = "arclean-templates"
VERSION = 1
RULE_PREFIX = "template."

Zone = Literal["head", "tail", "both", "anywhere"]


def site_key(site: str) -> str:
    """The name a site is filed under: the host of a URL or a domain, lowercased, without
    ``www.`` and a port, so ``https://www.Example.com:443/a`` and ``example.com`` are one site.

    >>> site_key("https://www.Example.com:443/news/1"), site_key("www.alriyadh.com"), site_key("Egypt papers")
    ('example.com', 'alriyadh.com', 'egypt papers')
    """
    text = site.strip()
    if "://" in text:
        text = urlsplit(text).hostname or text
    elif "/" in text and " " not in text:
        text = urlsplit("//" + text).hostname or text
    text = text.lower().rstrip(".")
    if ":" in text and " " not in text and text.rsplit(":", 1)[1].isdigit():
        text = text.rsplit(":", 1)[0]
    return text[4:] if text.startswith("www.") else text


class LearnOptions(BaseModel):
    """How templates are learned and where they may be applied (stored in the file).

    A line becomes a template entry when its skeleton recurs on at least ``min_pages`` pages
    and ``min_share`` of the site's pages, around at least ``min_stories`` different stories,
    and (a sentence) on no more than one page of any other site. It is removed only before
    the story or after it, as its zone says, or anywhere when it has at most ``short_words``
    words and recurs on at least ``anywhere_share`` of the pages. An entry under which, on most
    pages, short lines that change from page to page follow (a "read also" header over its
    headlines) heads a block of up to ``block_lines`` lines of at most ``block_words`` words.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_pages: int = Field(5, ge=2, description="a template recurs on at least this many pages of its site")
    min_share: float = Field(0.05, gt=0, le=1, description="... and on at least this share of them")
    min_stories: int = Field(3, ge=2, description="... around at least this many different stories")
    max_words: int = Field(30, ge=1, description="longer lines are story text, never templates")
    short_words: int = Field(8, ge=1, description="a line this short may be removed inside the story ...")
    anywhere_share: float = Field(0.5, gt=0, le=1, description="... when it recurs on this share of pages")
    edge_share: float = Field(0.8, gt=0, le=1, description="a template sits before/after the story this often")
    sample_pages: int = Field(512, ge=16, description="pages per site kept whole (bottom-k by page hash)")
    sketch_width: int = Field(1 << 14, ge=2, le=1 << 16, description="count-min sketch width (a power of two)")
    sketch_depth: int = Field(4, ge=1, le=4, description="count-min sketch depth")
    examples: int = Field(3, ge=0, le=20, description="example lines kept per entry")
    block_lines: int = Field(10, ge=0, le=50, description="at most this many lines under a header are its block (0: no blocks)")
    block_words: int = Field(15, ge=1, description="a block's item (a listed headline) has at most this many words")

    @field_validator("sketch_width")
    @classmethod
    def _power_of_two(cls, width: int) -> int:
        if width & (width - 1):
            raise ValueError(f"must be a power of two, got {width}")
        return width


class TemplateEntry(BaseModel):
    """One line of a site's template: its skeleton, what it is, where it sits, how often."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, description="stable id; removed spans name it as rule 'template.<id>'")
    skeleton: str = Field(min_length=1, description="the line's folded key, {n}/{date}/{name} masked")
    kind: str = Field("template", min_length=1, description="the removal kind (a cue kind, else 'template')")
    zone: Zone = Field(description="where it may be removed: before the story, after it, both, or anywhere")
    pages: int = Field(0, ge=0, description="pages of the site it was seen on")
    share: float = Field(0.0, ge=0, le=1, description="pages / the site's pages")
    zones: dict[str, float] = Field(default_factory=dict, description="share of sampled occurrences per zone")
    examples: list[str] = Field(default_factory=list, description="lines as written that it matched")
    block: int = Field(
        0, ge=0, description="the entry heads a block: this many short lines right after it, which vary, are its items"
    )

    @property
    def rule(self) -> str:
        return RULE_PREFIX + self.id


class SiteTemplate(BaseModel):
    """The template of one site: its page count and entries (most frequent first)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    pages: int = Field(0, ge=0)
    entries: list[TemplateEntry] = Field(default_factory=list)


class TemplateFile(BaseModel):
    """The whole file: format name, version, the options used, and the sites."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["arclean-templates"] = FORMAT
    version: int = VERSION
    options: LearnOptions = Field(default_factory=LearnOptions)
    sites: dict[str, SiteTemplate] = Field(default_factory=dict)

    @field_validator("version")
    @classmethod
    def _known_version(cls, version: int) -> int:
        if version != VERSION:
            raise ValueError(f"template file version {version} is not supported (this arclean reads version {VERSION})")
        return version

    @model_validator(mode="after")
    def _unique_ids(self) -> TemplateFile:
        seen: dict[str, str] = {}
        for site, template in self.sites.items():
            for entry in template.entries:
                if entry.id in seen:
                    raise ValueError(f"entry id {entry.id!r} is used twice (sites {seen[entry.id]!r} and {site!r})")
                seen[entry.id] = site
        return self
