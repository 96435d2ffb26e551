"""The head: the headline block above the story, its repeats, headlines above mid-page bylines."""

from __future__ import annotations

from itertools import compress

from arclean.find.cleaner import Cleaner
from arclean.find.document import Line
from arclean.find.kinds import kinds_with
from arclean.find.labels import Labels
from arclean.find.rules import rule_id
from arclean.find.shapes import DASH_CREDIT, DOCTOR, LETTER, LETTER_OPENER, headline_shaped, loose_key

HEAD = rule_id("title.head")
HEAD_CREDIT = rule_id("title.head_credit")
HEAD_SITE_NAME = rule_id("title.head_site_name")
REPEAT = rule_id("title.repeat")
ABOVE_BYLINE = rule_id("title.above_byline")
#: the byline cues a mid-page headline sits right above
BYLINE_LABELS = frozenset(map(rule_id, ("byline.label", "byline.label_bare")))


class TitleCleaner(Cleaner):
    """The headline (and rubric/site lines) above the story, and later repeats of it.

    The head zone is every line before the first unmarked prose line. Its short lines are
    titles, unless the zone is long (a poem, a list) or a line ends like a sentence, where
    the story has begun and everything is kept.
    """

    id = kind = "title"
    MAX_HEAD_LINES = 12
    MAX_TITLE_WORDS = 20
    MAX_HEAD_TITLES = 5
    MAX_TITLES_ABOVE_BYLINE = 3
    #: kinds that end the headline group: short lines after them are subheads
    HEAD_BREAKS = kinds_with("head_break")

    def revise(self, labels: Labels) -> None:
        # Only the first lines can hold the head: the first MAX_HEAD_LINES + 1 non-blank ones.
        doc = labels.doc
        lines = []
        for index in compress(range(len(doc.keys)), doc.keys):  # the non-blank lines, lazily
            lines.append(doc.lines[index])
            if len(lines) > self.MAX_HEAD_LINES:
                break
        first_story = next((n for n, line in enumerate(lines) if not labels.is_marked(line.index) and line.paragraph_like), None)
        if first_story is None or first_story > self.MAX_HEAD_LINES:
            return
        if sum(not labels.is_marked(line.index) for line in lines[:first_story]) > self.MAX_HEAD_TITLES:
            return  # a poem or a list, not a headline block
        titles: set[str] = set()
        # A text in sections (two or more short subheads each right above a paragraph) opens with
        # one too: the short line right above the first paragraph is its first subhead, not a
        # headline; so is the line right above a first paragraph that opens with a bullet. (Once
        # the headline above it is cleaned away, the cleaned text looks exactly so.)
        first = lines[first_story]
        bulleted = first.cue_key != first.key  # a lede never opens with a bullet; a section's item may
        opening_subhead = first.index - 1 if bulleted or self._sectioned(labels, lines[first_story + 1 :]) else -1
        # Headlines come as one group; once a byline or date follows them, short lines are subheads.
        interrupted = False
        for line in lines[:first_story]:
            mark = labels.marks[line.index]
            if mark is not None:
                interrupted = interrupted or (bool(titles) and mark.kind in self.HEAD_BREAKS)
                continue
            if (DASH_CREDIT.match(line.key) and line.words <= 6) or DOCTOR.match(line.key):
                labels.mark_line(line, "byline", HEAD_CREDIT)
                interrupted = bool(titles)
                continue
            if interrupted and loose_key(line.key) in {loose_key(title) for title in titles}:
                labels.mark_line(line, self.kind, REPEAT)  # the site's name again under the date
                continue
            following = labels.next_nonblank(line.index)
            if interrupted or line.index == opening_subhead or not headline_shaped(line, self.MAX_TITLE_WORDS, following):
                break
            if LETTER_OPENER.match(line.cue_key) or _list_item(line, following):
                break  # a letter's salutation, or the first item of a list: the story starts here
            if not LETTER.search(line.key):
                break  # "(1)", "***": a numbered or marked section opens here
            if line.latin_only:
                labels.mark_line(line, "other", HEAD_SITE_NAME)
            else:
                labels.mark_line(line, self.kind, HEAD)
                titles.add(line.key)
        if titles:
            keys, marks = doc.keys, labels.marks
            start = lines[first_story].index
            for index in compress(range(start, len(keys)), map(titles.__contains__, keys[start:])):
                if marks[index] is None:
                    labels.mark_line(doc.lines[index], self.kind, REPEAT)
        self._titles_above_bylines(labels)

    @staticmethod
    def _sectioned(labels: Labels, lines: list[Line], needed: int = 2) -> bool:
        """Whether the story below its first paragraph has ``needed`` subheads: short unmarked
        lines, after a blank line or a paragraph, right above (no blank line between) a paragraph."""
        doc = labels.doc.lines
        found = 0
        for line in lines:
            if labels.is_marked(line.index) or line.paragraph_like or line.words > 12 or line.index + 1 >= len(doc):
                continue
            below, above = doc[line.index + 1], doc[line.index - 1]
            if (
                below.paragraph_like
                and not labels.is_marked(below.index)
                and (above.blank or above.paragraph_like)
                and LETTER.search(line.key)
                and headline_shaped(line, 12, below)
            ):
                found += 1
                if found >= needed:
                    return True
        return False

    def _titles_above_bylines(self, labels: Labels) -> None:
        """Pages that carry several stories: each headline sits right above its "كتب: X" line."""
        marks = labels.marks
        for index in labels.marked():
            mark = marks[index]
            if mark is None or mark.rule not in BYLINE_LABELS:
                continue
            above = labels.previous_nonblank(index)
            taken = 0
            while above is not None and taken < self.MAX_TITLES_ABOVE_BYLINE:
                if labels.is_marked(above.index) or not headline_shaped(above, self.MAX_TITLE_WORDS):
                    break
                labels.mark_line(above, self.kind, ABOVE_BYLINE)
                taken += 1
                above = labels.previous_nonblank(above.index)


def _list_item(line: Line, following: Line | None) -> bool:
    """A bulleted line with another bulleted line under it: the first item of a list (points
    of an interview, a timetable), which a story may open with; a headline stands alone."""
    bulleted = line.cue_key != line.key
    return bulleted and following is not None and following.cue_key != following.key
