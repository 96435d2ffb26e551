"""The head: the headline block above the story, its repeats, headlines above mid-page bylines."""

from __future__ import annotations

from arclean.find.cleaner import Cleaner
from arclean.find.kinds import kinds_with
from arclean.find.labels import Labels
from arclean.find.rules import rule_id
from arclean.find.shapes import DASH_CREDIT, DOCTOR, headline_shaped

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
        for index, key in enumerate(doc.keys):
            if key:
                lines.append(doc.lines[index])
                if len(lines) > self.MAX_HEAD_LINES:
                    break
        first_story = next((n for n, line in enumerate(lines) if not labels.is_marked(line.index) and line.paragraph_like), None)
        if first_story is None or first_story > self.MAX_HEAD_LINES:
            return
        if sum(not labels.is_marked(line.index) for line in lines[:first_story]) > self.MAX_HEAD_TITLES:
            return  # a poem or a list, not a headline block
        titles: set[str] = set()
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
            following = labels.next_nonblank(line.index)
            if interrupted or not headline_shaped(line, self.MAX_TITLE_WORDS, following):
                break
            if line.latin_only:
                labels.mark_line(line, "other", HEAD_SITE_NAME)
            else:
                labels.mark_line(line, self.kind, HEAD)
                titles.add(line.key)
        if titles:
            keys, marks = doc.keys, labels.marks
            for index in range(lines[first_story].index, len(keys)):
                if keys[index] in titles and marks[index] is None:
                    labels.mark_line(doc.lines[index], self.kind, REPEAT)
        self._titles_above_bylines(labels)

    def _titles_above_bylines(self, labels: Labels) -> None:
        """Pages that carry several stories: each headline sits right above its "كتب: X" line."""
        marks = labels.marks
        for index in range(len(marks)):
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
