"""Learning site templates in one streaming pass with bounded memory per site.

Per site the learner keeps three things, whatever the crawl's size:

- the page count;
- a *bottom-k sample*: the ``sample_pages`` distinct pages with the smallest page hash, each
  with its lines' skeletons, shape and text (and how often the exact page was seen). Until a
  site has more distinct pages than that, the sample *is* the site and counts are exact;
- from then on, a *count-min sketch* of how many pages each skeleton occurs on (built from the
  sample at that moment, so it counts every page from the first).

Candidates are the skeletons of the sampled pages (a template on a few per cent of the pages is
in a sample of hundreds almost surely); their page counts come from the sketch. Both
structures merge exactly (:mod:`arclean.templates.sketch`), so the learned file does not depend
on how the crawl was split into shards or worker processes.

Deciding what is a template happens once, at the end (:meth:`TemplateLearner.result`), on the
sample, where whole pages are at hand:

- recurrence: at least ``min_pages`` pages and ``min_share`` of the site's pages;
- a repeated story is not a template: a line must recur around at least ``min_stories``
  different stories (the longest other line of each page it is on) — a wire story published
  many times recurs with the same neighbours every time; and a sentence on more than one page
  of another site is syndicated text, not this site's template;
- zone: where its occurrences sit relative to the page's story (the prose lines that are not
  template candidates): before it (head), after it (tail), or inside;
- block: whether the short lines right after it, which change from page to page, are the items
  of a list it heads (:func:`_blocks`).
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from hashlib import blake2b
from typing import Any

from arclean.find.document import Document, Line
from arclean.templates.model import LearnOptions, SiteTemplate, TemplateEntry, TemplateFile, Zone, site_key
from arclean.templates.skeleton import name_variants, skeleton_of_key
from arclean.templates.sketch import CountMinSketch, page_hash

STATE_VERSION = 1
_DIGITS = re.compile(r"\d+")


def is_prose(line: Line) -> bool:
    """Story-shaped: what ``Labels.story_lines`` counts as prose (a paragraph or a full sentence)."""
    return line.paragraph_like or (line.ends_sentence and line.words >= 5)


@dataclass(slots=True, frozen=True)
class PageLine:
    """What the learner keeps of one non-blank line of a sampled page."""

    identity: str  #: the primary skeleton (which story a page carries is told by these)
    skeletons: tuple[str, ...]  #: candidate skeletons; empty for lines longer than ``max_words``
    words: int
    prose: bool
    text: str  #: the line as written, stripped ("" for long lines: never an example)


def page_lines(text: str, max_words: int) -> tuple[PageLine, ...]:
    """The non-blank lines of a page as the learner sees them."""
    lines = []
    for line in Document.parse(text).lines:
        if line.blank:
            continue
        short = line.words <= max_words
        # a long line only tells which story a page carries: its digits masked is enough
        primary = skeleton_of_key(line.key) if short else _DIGITS.sub("{n}", line.key)
        lines.append(
            PageLine(
                identity=primary,
                skeletons=name_variants(primary) if short else (),
                words=line.words,
                prose=is_prose(line),
                text=line.text.strip() if short else "",
            )
        )
    return tuple(lines)


def _page_keys(lines: Iterable[PageLine]) -> set[str]:
    return {skeleton for line in lines for skeleton in line.skeletons}


@dataclass(slots=True)
class SampledPage:
    count: int
    lines: tuple[PageLine, ...]


@dataclass(slots=True)
class SiteSketch:
    """One site's learning state (see the module docstring)."""

    options: LearnOptions
    pages: int = 0
    sample: dict[int, SampledPage] = field(default_factory=dict)
    _largest: list[int] = field(default_factory=list)  #: max-heap (negated) of sampled hashes
    sketch: CountMinSketch | None = None

    def add(self, digest: int, lines: tuple[PageLine, ...]) -> None:
        self.pages += 1
        sampled = self.sample.get(digest)
        if self.sketch is not None:
            self.sketch.add_all(_page_keys(lines))
        if sampled is not None:
            sampled.count += 1
            return
        if len(self.sample) >= self.options.sample_pages and digest > -self._largest[0]:
            return
        self.sample[digest] = SampledPage(1, lines)
        heapq.heappush(self._largest, -digest)
        self._shrink()

    def _shrink(self) -> None:
        if len(self.sample) <= self.options.sample_pages:
            return
        if self.sketch is None:  # the sample still holds every page: count them all now
            self.sketch = self._sketch_of_sample()
        while len(self.sample) > self.options.sample_pages:
            del self.sample[-heapq.heappop(self._largest)]

    def _sketch_of_sample(self) -> CountMinSketch:
        sketch = CountMinSketch(self.options.sketch_width, self.options.sketch_depth)
        for page in self.sample.values():
            sketch.add_all(_page_keys(page.lines), page.count)
        return sketch

    def merge(self, other: SiteSketch) -> None:
        """Fold ``other`` (the same site, other pages) into this state, exactly."""
        self.pages += other.pages
        if self.sketch is not None or other.sketch is not None:
            mine = self.sketch if self.sketch is not None else self._sketch_of_sample()
            mine.merge(other.sketch if other.sketch is not None else other._sketch_of_sample())
            self.sketch = mine
        for digest, page in other.sample.items():
            sampled = self.sample.get(digest)
            if sampled is not None:
                sampled.count += page.count
            else:
                self.sample[digest] = SampledPage(page.count, page.lines)
                heapq.heappush(self._largest, -digest)
        self._shrink()

    @property
    def exact(self) -> bool:
        """True while the sample holds every page (counts are exact)."""
        return self.sketch is None

    def counts(self) -> dict[str, int]:
        """Pages per candidate skeleton: exact, or the sketch's estimate."""
        exact: Counter[str] = Counter()
        for page in self.sample.values():
            for key in _page_keys(page.lines):
                exact[key] += page.count
        if self.sketch is None:
            return dict(exact)
        return {key: self.sketch.estimate(key) for key in exact}

    def nbytes(self) -> int:
        """A rough size of this state: the sketch's counters and the sampled lines' text."""
        text = sum(
            len(line.identity) + len(line.text) + sum(len(key) for key in line.skeletons) + 64
            for page in self.sample.values()
            for line in page.lines
        )
        return text + (self.sketch.nbytes if self.sketch is not None else 0)

    # -- state files (partial results of shards or datatrove tasks) ---------------------------
    def to_state(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "sketch": None if self.sketch is None else self.sketch.to_text(),
            "sample": [
                [digest, page.count, [[ln.identity, list(ln.skeletons), ln.words, ln.prose, ln.text] for ln in page.lines]]
                for digest, page in sorted(self.sample.items())
            ],
        }

    @classmethod
    def from_state(cls, state: dict[str, Any], options: LearnOptions) -> SiteSketch:
        site = cls(options, pages=int(state["pages"]))
        if state["sketch"] is not None:
            site.sketch = CountMinSketch.from_text(state["sketch"], options.sketch_width, options.sketch_depth)
        for digest, count, lines in state["sample"]:
            site.sample[int(digest)] = SampledPage(
                int(count), tuple(PageLine(i, tuple(s), int(w), bool(p), t) for i, s, w, p, t in lines)
            )
            site._largest.append(-int(digest))
        heapq.heapify(site._largest)
        return site


class TemplateLearner:
    """Streams ``(site, text)`` pages into per-site sketches; :meth:`result` decides the templates.

    >>> learner = TemplateLearner()
    >>> learner.add("www.example.com", "نص")
    >>> learner.pages
    1
    """

    def __init__(self, options: LearnOptions | None = None) -> None:
        self.options = options or LearnOptions()
        self.sites: dict[str, SiteSketch] = {}
        self.pages = 0

    def add(self, site: str, text: str) -> None:
        """Learn from one page of ``site`` (a domain, a URL, or any site name)."""
        if not isinstance(site, str) or not isinstance(text, str):
            raise TypeError(f"learn expects (site, text) strings, got ({type(site).__name__}, {type(text).__name__})")
        key = site_key(site)
        sketch = self.sites.get(key)
        if sketch is None:
            sketch = self.sites[key] = SiteSketch(self.options)
        sketch.add(page_hash(text), page_lines(text, self.options.max_words))
        self.pages += 1

    def update(self, pages: Iterable[tuple[str, str]]) -> TemplateLearner:
        for site, text in pages:
            self.add(site, text)
        return self

    def merge(self, other: TemplateLearner) -> TemplateLearner:
        """Fold another learner's pages in; the order of merges does not change the result."""
        if other.options != self.options:
            raise ValueError("cannot merge learners with different options")
        for key, sketch in other.sites.items():
            mine = self.sites.get(key)
            if mine is None:
                self.sites[key] = SiteSketch.from_state(sketch.to_state(), self.options)
            else:
                mine.merge(sketch)
        self.pages += other.pages
        return self

    def nbytes(self) -> int:
        return sum(sketch.nbytes() for sketch in self.sites.values())

    def to_state(self) -> dict[str, Any]:
        """A JSON-ready snapshot that :meth:`from_state` restores (merge partial runs with it)."""
        return {
            "format": "arclean-template-learner",
            "version": STATE_VERSION,
            "options": self.options.model_dump(),
            "pages": self.pages,
            "sites": {key: self.sites[key].to_state() for key in sorted(self.sites)},
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> TemplateLearner:
        if state.get("format") != "arclean-template-learner" or state.get("version") != STATE_VERSION:
            raise ValueError(f"not a version-{STATE_VERSION} arclean learner state")
        learner = cls(LearnOptions.model_validate(state["options"]))
        learner.pages = int(state["pages"])
        learner.sites = {key: SiteSketch.from_state(site, learner.options) for key, site in state["sites"].items()}
        return learner

    # -- deciding --------------------------------------------------------------------------
    def result(self) -> TemplateFile:
        """The template file: every site's entries, decided with the guard rails above."""
        options = self.options
        counts = {key: sketch.counts() for key, sketch in sorted(self.sites.items())}
        frequent = {
            key: {
                skeleton: count
                for skeleton, count in site_counts.items()
                if count >= options.min_pages and count >= options.min_share * self.sites[key].pages
            }
            for key, site_counts in counts.items()
        }

        def pages_on(site: str, skeleton: str) -> int:
            sketch = self.sites[site].sketch
            return counts[site].get(skeleton, 0) if sketch is None else sketch.estimate(skeleton)

        def syndicated(site: str, skeleton: str) -> bool:
            """A sentence that also recurs on another site is story text sent to many, not a template."""
            others = [other for other in counts if other != site]
            return any(pages_on(other, skeleton) >= 2 for other in others) and _is_sentence(self.sites[site], skeleton)

        sites = {}
        for key, sketch in sorted(self.sites.items()):
            accepted = {
                skeleton: count
                for skeleton, count in frequent[key].items()
                if _enough_stories(sketch, skeleton, options.min_stories) and not syndicated(key, skeleton)
            }
            sites[key] = SiteTemplate(pages=sketch.pages, entries=_entries(key, sketch, accepted, options))
        return TemplateFile(options=options, sites=sites)


def _occurrences(sketch: SiteSketch, skeleton: str) -> Iterable[tuple[SampledPage, int]]:
    """Each sampled page with ``skeleton`` and the index of its first line carrying it."""
    for page in sketch.sample.values():
        for index, line in enumerate(page.lines):
            if skeleton in line.skeletons:
                yield page, index
                break


def _enough_stories(sketch: SiteSketch, skeleton: str, min_stories: int) -> bool:
    """True if the line recurs around at least ``min_stories`` different stories in the sample.

    A site too big for its sample may hold fewer sampled pages of a line than that; then a
    different story on every one of at least two sampled pages will do. Either way the line is
    on two distinct pages for certain, whatever the sketch estimates.
    """
    stories: set[str] = set()
    seen = 0
    for page, _ in _occurrences(sketch, skeleton):
        seen += 1
        others = [line for line in page.lines if skeleton not in line.skeletons]
        stories.add(max(others, key=lambda line: line.words).identity if others else "")
        if len(stories) >= min_stories:
            return True
    return not sketch.exact and seen >= 2 and len(stories) == seen


def _is_sentence(sketch: SiteSketch, skeleton: str) -> bool:
    """The line is prose (a paragraph or a full sentence) somewhere in the site's sample."""
    return any(page.lines[index].prose for page, index in _occurrences(sketch, skeleton))


def _story_span(lines: Sequence[PageLine], accepted: dict[str, int]) -> tuple[int, int]:
    """The first and last prose line that is no accepted entry's (``(len(lines), -1)`` if none)."""
    story = [i for i, line in enumerate(lines) if line.prose and not any(s in accepted for s in line.skeletons)]
    return (story[0], story[-1]) if story else (len(lines), -1)


def _entry_of(line: PageLine, accepted: dict[str, int]) -> str | None:
    """The line's most frequent accepted skeleton (it stands for the line), or None."""
    return max((s for s in line.skeletons if s in accepted), key=lambda s: (accepted[s], s), default=None)


def _entries(site: str, sketch: SiteSketch, accepted: dict[str, int], options: LearnOptions) -> list[TemplateEntry]:
    zones: dict[str, Counter[str]] = {skeleton: Counter() for skeleton in accepted}
    examples: dict[str, list[str]] = {skeleton: [] for skeleton in accepted}
    words: dict[str, int] = {}
    for _, page in sorted(sketch.sample.items()):
        lines = page.lines
        start, end = _story_span(lines, accepted)
        for index, line in enumerate(lines):
            # the most frequent skeleton of the line stands for it: "{name} – site" rather
            # than one entry per name
            found = _entry_of(line, accepted)
            if found is None:
                continue
            if end >= 0:  # the page has a story
                where = "head" if index < start else "tail" if index > end else "story"
            else:  # no story on the page: the half it sits in
                where = "head" if index < len(lines) / 2 else "tail"
            zones[found][where] += page.count
            words[found] = max(words.get(found, 0), line.words)
            if len(examples[found]) < options.examples and line.text not in examples[found]:
                examples[found].append(line.text)
    blocks = _blocks(sketch, accepted, options)
    entries = []
    for skeleton, count in accepted.items():
        seen = zones[skeleton]
        total = sum(seen.values())
        if not total:
            continue
        head, tail = seen["head"] / total, seen["tail"] / total
        share = min(1.0, count / sketch.pages)
        zone: Zone
        if head + tail >= options.edge_share:
            zone = "both" if min(head, tail) >= 0.1 else "head" if head > tail else "tail"
        elif words[skeleton] <= options.short_words and share >= options.anywhere_share:
            zone = "anywhere"
        else:
            continue  # it sits inside the story too often to be removed safely
        entries.append(
            TemplateEntry(
                id=entry_id(site, skeleton),
                skeleton=skeleton,
                kind=suggested_kind(examples[skeleton]),
                zone=zone,
                pages=count,
                share=round(share, 4),
                zones={name: round(seen[name] / total, 4) for name in ("head", "tail", "story")},
                examples=examples[skeleton],
                block=blocks.get(skeleton, 0) if zone != "anywhere" else 0,
            )
        )
    entries.sort(key=lambda entry: (-entry.pages, entry.skeleton))
    return entries


def is_item(line: PageLine, accepted: Mapping[str, int], options: LearnOptions) -> bool:
    """A line that may be an item of a block: short, not prose, and no template entry itself."""
    return not line.prose and line.words <= options.block_words and not any(s in accepted for s in line.skeletons)


def _blocks(sketch: SiteSketch, accepted: dict[str, int], options: LearnOptions) -> dict[str, int]:
    """Per entry, how many lines right after it are the items of a block it heads.

    A "read also" or "most read" header repeats on every page while the headlines it lists
    change: the header is an entry, its items are on one page each. On each sampled page with
    the entry before or after the story, the items are the lines right after it that are short
    (``block_words``), not prose and no entry, up to ``block_lines`` (and, before the story, up
    to the story's first line). A header has items under it on at least ``edge_share`` of its
    occurrences, or it heads no block. When that share of the runs are also *closed* — they
    end where another entry starts or the page ends, so everything under the header is list —
    the block is the longest closed run; otherwise it is the length that at least
    ``edge_share`` of the runs reach, so a header followed by a list only now and then gets
    none. Its items must vary (at least half of the lines in it are distinct), or they are the
    template's own lines, not a list.
    """
    if not options.block_lines:
        return {}
    runs: dict[str, list[tuple[list[str], int, bool]]] = {}
    for _, page in sorted(sketch.sample.items()):
        lines = page.lines
        start, end = _story_span(lines, accepted)
        for index, line in enumerate(lines):
            found = _entry_of(line, accepted)
            if found is None or start <= index <= end:
                continue
            limit = min(len(lines), index + 1 + options.block_lines, start if index < start else len(lines))
            run = 0
            while index + 1 + run < limit and is_item(lines[index + 1 + run], accepted, options):
                run += 1
            after = index + 1 + run
            closed = after == len(lines) or (after < limit and any(s in accepted for s in lines[after].skeletons))
            runs.setdefault(found, []).append(([lines[index + 1 + k].identity for k in range(run)], page.count, closed))
    blocks = {}
    for skeleton, seen in runs.items():
        total = sum(count for _, count, _ in seen)
        if len(seen) < options.min_stories:
            continue
        length = 0
        listing = sum(count for run, count, _ in seen if run) >= options.edge_share * total  # most have items
        if listing and sum(count for _, count, closed in seen if closed) >= options.edge_share * total:
            length = max(len(run) for run, _, closed in seen if closed)
        else:
            for size in range(1, options.block_lines + 1):
                if sum(count for run, count, _ in seen if len(run) >= size) < options.edge_share * total:
                    break
                length = size
        listed = [identity for run, _, _ in seen for identity in run[:length]]
        if length and len(set(listed)) * 2 >= len(listed):
            blocks[skeleton] = length
    return blocks


def entry_id(site: str, skeleton: str) -> str:
    """A stable id for an entry: the same site and skeleton always give the same id."""
    return blake2b(f"{site}\n{skeleton}".encode("utf-8", "surrogatepass"), digest_size=5).hexdigest()


def suggested_kind(examples: list[str]) -> str:
    """The kind the cue cleaners give the examples (the most common one), else ``template``."""
    from arclean.templates.apply import cue_kind

    kinds = Counter(kind for kind in map(cue_kind, examples) if kind is not None)
    if not kinds:
        return "template"
    return min(kinds.items(), key=lambda item: (-item[1], item[0]))[0]
