"""Bylines: author lines and boxes (cues), and a bare name above an address or another name."""

from __future__ import annotations

from arclean.find.cleaner import CueCleaner
from arclean.find.labels import Labels, Mark
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
                    return
            below = marks[position]
