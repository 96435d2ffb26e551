"""Bylines: author lines and boxes (cues), and a bare name above an address or another name."""

from __future__ import annotations

from arclean.find.cleaner import CueCleaner
from arclean.find.labels import Labels
from arclean.find.rules import rule_id
from arclean.find.shapes import name_like

TRAILING_NAME = rule_id("byline.trailing_name")


class BylineCleaner(CueCleaner):
    """Author lines and boxes; also a bare name closing the text or sitting above a contact line.

    A short line followed by other boilerplate is not enough: that is how a closing subheading
    ("ردود فعل دولية") looks too. Nor is being the last line: once the boilerplate under a
    subheading is cleaned away the subheading is last, and cleaning the cleaned text would take
    it (not idempotent). A name sits right above an address, or above another such name
    (co-authors); lines are read bottom-up so a run of names goes at once.
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
        for position in range(len(labels.doc.lines) - 1, bounds[1], -1):
            line = labels.doc.lines[position]
            if line.blank or labels.is_marked(line.index) or not name_like(line) or names >= self.MAX_NAMES:
                continue
            following = labels.next_nonblank(line.index)
            below = labels.marks[following.index] if following is not None else None
            if below is not None and below.rule in self.CONTACT_RULES:
                labels.mark_line(line, self.kind, TRAILING_NAME)
                names += 1
