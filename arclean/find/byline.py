"""Bylines: author lines and boxes (cues), and a bare name above an address or another name."""

from __future__ import annotations

from arclean.find.cleaner import CueCleaner
from arclean.find.labels import Labels, Mark
from arclean.find.rules import rule_id
from arclean.find.shapes import NAME_PARTICLES, name_like, signature_shaped

TRAILING_NAME = rule_id("byline.trailing_name")
CLOSING_NAME = rule_id("byline.closing_name")
SIGNATURE = rule_id("byline.signature")


class BylineCleaner(CueCleaner):
    """Author lines and boxes; also a bare name closing the text or sitting above a contact line.

    A short line followed by other boilerplate is not enough: that is how a closing subheading
    ("ردود فعل دولية") looks too. Nor is being the last line: once the boilerplate under a
    subheading is cleaned away the subheading is last, and cleaning the cleaned text would take
    it (not idempotent). A name sits right above an address, or above another such name
    (co-authors); lines are read bottom-up so a run of names goes at once. A last line is a name
    only when it carries what a subheading does not: a name particle or a leading dash.
    """

    #: the marks a bare name may sit right above
    CONTACT_RULES = frozenset(map(rule_id, ("byline.contact", "byline.email_or_handle", "byline.bio", "byline.trailing_name")))
    MAX_NAMES = 3

    def revise(self, labels: Labels) -> None:
        super().revise(labels)
        bounds = labels.story_bounds()
        if bounds is None:
            return
        names = 0
        keys, marks, lines = labels.doc.keys, labels.marks, labels.doc.lines
        below: Mark | None = None  #: the mark of the nearest non-blank line below ``position``
        # Bottom-up over the keys: a line is built only when a contact line sits right below it.
        for position in range(len(keys) - 1, bounds[1], -1):
            if not keys[position]:
                continue
            if marks[position] is None and below is not None and below.rule in self.CONTACT_RULES and name_like(lines[position]):
                labels.mark_line(lines[position], self.kind, TRAILING_NAME)
                names += 1
                if names >= self.MAX_NAMES:
                    break
            below = marks[position]
        self._closing_signature(labels, bounds[1])
        self._signed(labels, bounds[1])

    def _closing_signature(self, labels: Labels, story_end: int) -> None:
        """The text's last line, below the story, is the writer's signature when it is shaped as
        a name and carries what only a name carries: a particle (بن, ولد, أبو, آل) or a leading
        dash or star ("- X Y") that the line above does not share and does not introduce with a
        colon (a list's last item would)."""
        keys = labels.doc.keys
        index = next((position for position in range(len(keys) - 1, story_end, -1) if keys[position]), None)
        if index is None or labels.is_marked(index):
            return
        last = labels.doc.lines[index]
        if not name_like(last):
            return
        above = labels.previous_nonblank(index)
        in_list = above is not None and (above.key[:1] == last.key[:1] or above.key.endswith(":"))
        led = last.key[:1] in "-–—*" and not in_list
        if led or NAME_PARTICLES.search(last.key):
            labels.mark_line(last, self.kind, CLOSING_NAME)

    def _signed(self, labels: Labels, story_end: int) -> None:
        """A letter or a column signed under its last sentence: the first line after the story's
        last prose line is a name and a place ("X Y - Town", "X Y، Town"; ``signature_shaped``),
        right under a line that ends a sentence, with nothing kept below it. Nowhere else in the
        text is a kept line of that shape: a page of poems each signed so, or a list of people
        and their towns, keeps its lines as they are, the last one too."""
        below = labels.next_nonblank(story_end)
        if below is None or labels.is_marked(below.index) or not labels.doc.lines[story_end].ends_sentence:
            return
        if labels.unmarked(below.index)[1:] or not signature_shaped(below):
            return  # (a kept line under it: the story goes on, or a list does)
        keys = labels.doc.keys
        for index in labels.unmarked():
            if index != below.index and len(keys[index]) <= 120 and signature_shaped(labels.doc.lines[index]):
                return
        labels.mark_line(below, self.kind, SIGNATURE)
