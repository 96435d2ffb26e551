"""Applying a site's template to one document's labels (the find phase's last word on lines).

Runs after the cleaners have proposed and revised, so a line a cue already explains keeps its
cue's kind and rule; a template only claims lines nothing else removed. The guard rails:

- the document's story is its prose lines that no template entry matches; a matching line is
  removed before the story if its entry's zone is ``head`` or ``both``, after it if ``tail`` or
  ``both``;
- inside the story only ``anywhere`` entries apply, and only to lines of at most
  ``short_words`` words;
- an entry that heads a block (``block``: a "read also" or "most read" header whose listed
  headlines change from page to page) also takes that many lines right after it, when it
  sits outside the story: short lines that are not prose and match no other entry;
- a line that is two or more entries end to end (template lines a scraper glued into one,
  an address, a prompt and codes on one line) is removed whole when it sits outside the story;
- whole lines only, marked with the entry's kind and ``template.<id>`` as the rule, so the
  result stays lossless and every removal names the entry that made it.
"""

from __future__ import annotations

import heapq
import re
from functools import cache

from arclean.find.document import Document
from arclean.find.labels import Labels
from arclean.templates.learn import is_prose
from arclean.templates.model import LearnOptions, SiteTemplate, TemplateEntry
from arclean.templates.skeleton import skeleton_of_key, skeletons_of_key

_WIDE_MASK = re.compile(r"\{(?:name|title)\}")
TITLE = "{title}"  #: a headline's mask: never matched by prose (a lead sentence after a dateline)


def mark_template(labels: Labels, template: SiteTemplate, index: dict[str, TemplateEntry], options: LearnOptions) -> None:
    """Mark the lines of ``labels`` that ``template`` explains (see the module docstring)."""
    marks = labels.marks
    matched: dict[int, TemplateEntry] = {}
    headers: dict[int, TemplateEntry] = {}  #: lines a cue removed that head a learned block
    glued: dict[int, TemplateEntry] = {}  #: lines made of template lines glued together
    has_blocks = any(entry.block for entry in template.entries)
    pieces = glue_pieces(template)
    for line in labels.doc.lines:
        if line.blank or line.words > GLUED_WORDS * options.max_words:
            continue
        if marks[line.index] is not None and not has_blocks:
            continue
        if line.words > options.max_words:
            if pieces and marks[line.index] is None:
                entry = glued_entry(skeleton_of_key(line.key), pieces)
                if entry is not None:
                    glued[line.index] = entry
            continue
        variants = skeletons_of_key(line.key)
        for skeleton in variants:
            entry = index.get(skeleton)
            if entry is not None and not (TITLE in skeleton and is_prose(line)):
                if marks[line.index] is None:
                    matched[line.index] = entry
                elif entry.block:
                    headers[line.index] = entry
                break
        else:
            if pieces and marks[line.index] is None:
                entry = glued_entry(variants[0], pieces)
                if entry is not None:
                    glued[line.index] = entry
    if not matched and not headers and not glued:
        return
    lines = labels.doc.lines
    story = [line.index for line in labels.story_lines() if line.index not in matched and line.index not in glued]
    # no story: the half a line sits in is its zone (as in learning)
    start, end = (story[0], story[-1]) if story else ((len(lines) + 1) // 2, (len(lines) - 1) // 2)
    for position, entry in matched.items():
        line = lines[position]
        if position < start:
            allowed = entry.zone in ("head", "both", "anywhere")
        elif position > end:
            allowed = entry.zone in ("tail", "both", "anywhere")
        else:
            allowed = entry.zone == "anywhere" and line.words <= options.short_words and not line.paragraph_like
        if allowed:
            labels.mark_line(line, entry.kind, entry.rule)
            if entry.block:
                headers[position] = entry
    for position, entry in glued.items():
        if not start <= position <= end:  # glued template lines only outside the story
            labels.mark_line(lines[position], entry.kind, entry.rule)
    for position, entry in sorted(headers.items()):
        if start <= position <= end:
            continue  # a header inside the story heads no block
        _mark_block(labels, position, entry, matched, start if position < start else len(lines), options)


#: a line of up to this many times ``max_words`` words may be template lines glued together
GLUED_WORDS = 3


def glue_pieces(template: SiteTemplate) -> tuple[tuple[str, TemplateEntry], ...]:
    """The entries a glued line may be made of: those whose skeleton is text and masks (no
    ``{name}`` or ``{title}``, which stand for any words), longest first."""
    found = [(entry.skeleton, entry) for entry in template.entries if not _WIDE_MASK.search(entry.skeleton)]
    return tuple(sorted(found, key=lambda item: (-len(item[0]), item[0]))) if len(found) >= 2 else ()


def glued_entry(skeleton: str, pieces: tuple[tuple[str, TemplateEntry], ...]) -> TemplateEntry | None:
    """The first entry of ``skeleton`` when it is two or more entries' skeletons end to end (a
    scraper that lost the line breaks of a contact box glues its lines into one), else None.

    Only reachable positions are visited (smallest first), each trying every piece once: at
    most the line's length times the entries, and one try of each piece for a line that does
    not start with one.
    """
    text = skeleton.strip()
    best: dict[int, tuple[TemplateEntry | None, int]] = {0: (None, 0)}  # position -> (first entry, pieces)
    todo = [0]
    while todo:
        position = heapq.heappop(todo)
        first, count = best[position]
        if position == len(text):
            return first if count >= 2 else None
        for piece, entry in pieces:
            if text.startswith(piece, position):
                after = position + len(piece)
                after += len(text[after:]) - len(text[after:].lstrip())
                if after not in best:
                    heapq.heappush(todo, after)
                if after not in best or best[after][1] < count + 1:
                    best[after] = (first or entry, count + 1)
    return None


def _mark_block(
    labels: Labels, header: int, entry: TemplateEntry, matched: dict[int, TemplateEntry], limit: int, options: LearnOptions
) -> None:
    """Mark the ``entry.block`` items right after the header at ``header``: short lines, not prose,
    no entry themselves, before ``limit`` (the story's first line, for a header above it). A line
    a cue already removed counts as an item and keeps its mark; anything else ends the block."""
    lines, marks = labels.doc.lines, labels.marks
    taken = 0
    for position in range(header + 1, min(limit, len(lines))):
        if taken >= entry.block:
            return
        line = lines[position]
        if line.blank:
            continue
        if position in matched or line.words > options.block_words or is_prose(line):
            return
        if marks[position] is None:
            labels.mark_line(line, entry.kind, entry.rule)
        taken += 1


@cache
def _cue_cleaners() -> tuple:
    from arclean.find import CueCleaner
    from arclean.pipeline import Pipeline

    return tuple(cleaner for cleaner in Pipeline.default().cleaners if isinstance(cleaner, CueCleaner))


def cue_kind(text: str) -> str | None:
    """The kind a cue cleaner gives ``text`` as a line on its own, or None."""
    doc = Document.parse(text.replace("\n", " "))
    line = doc.lines[0]
    if line.blank:
        return None
    probe = Labels(doc)
    for cleaner in _cue_cleaners():
        cleaner.mark_if_cue(probe, line)
        if probe.marks[0] is not None:
            return probe.marks[0].kind
    return None


__all__ = ["cue_kind", "glue_pieces", "glued_entry", "is_prose", "mark_template"]
