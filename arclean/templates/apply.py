"""Applying a site's template to one document's labels (the find phase's last word on lines).

Runs after the cleaners have proposed and revised, so a line a cue already explains keeps its
cue's kind and rule; a template only claims lines nothing else removed. The guard rails:

- the document's story is its prose lines that no template entry matches; a matching line is
  removed before the story if its entry's zone is ``head`` or ``both``, after it if ``tail`` or
  ``both``;
- inside the story only ``anywhere`` entries apply, and only to lines of at most
  ``short_words`` words;
- whole lines only, marked with the entry's kind and ``template.<id>`` as the rule, so the
  result stays lossless and every removal names the entry that made it.
"""

from __future__ import annotations

from functools import cache

from arclean.find.document import Document
from arclean.find.labels import Labels
from arclean.templates.learn import is_prose
from arclean.templates.model import LearnOptions, SiteTemplate, TemplateEntry
from arclean.templates.skeleton import skeletons_of_key


def mark_template(labels: Labels, template: SiteTemplate, index: dict[str, TemplateEntry], options: LearnOptions) -> None:
    """Mark the lines of ``labels`` that ``template`` explains (see the module docstring)."""
    marks = labels.marks
    matched: dict[int, TemplateEntry] = {}
    for line in labels.doc.lines:
        if line.blank or marks[line.index] is not None or line.words > options.max_words:
            continue
        for skeleton in skeletons_of_key(line.key):
            entry = index.get(skeleton)
            if entry is not None:
                matched[line.index] = entry
                break
    if not matched:
        return
    lines = labels.doc.lines
    story = [line.index for line in labels.story_lines() if line.index not in matched]
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


__all__ = ["cue_kind", "is_prose", "mark_template"]
