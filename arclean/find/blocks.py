"""Blocks: a header line and what it takes under it (read-also promos, related lists, tags).

A header is a cue of role ``header`` (``cues.toml``); how far its block reaches is decided
here, with the neighbours' marks, after every cleaner has proposed. Which kinds a block may
absorb is a role of each kind in ``kinds.toml`` (``embedded``, ``footer``, ``in_list``).
"""

from __future__ import annotations

from collections.abc import Iterator

from arclean.find.cleaner import CueCleaner
from arclean.find.document import Line
from arclean.find.kinds import kinds_with
from arclean.find.labels import Labels, Mark
from arclean.find.rules import rule_id
from arclean.find.shapes import DATELINE_START, title_like

READ_ALSO_BLOCK = rule_id("read_also.block")
RELATED_LIST = rule_id("related.list")
TAGS_BLOCK = rule_id("tags.block")


class BlockCleaner(CueCleaner):
    """A cue cleaner whose header lines take the block under them (``take_block``)."""

    def revise(self, labels: Labels) -> None:
        super().revise(labels)
        marks = labels.marks
        for index in labels.marked():
            mark = marks[index]
            if mark is not None and mark.header and mark.kind == self.kind:
                self.take_block(labels, labels.doc.lines[index])

    def take_block(self, labels: Labels, header: Line) -> None:
        raise NotImplementedError

    @staticmethod
    def below(labels: Labels, header: Line) -> Iterator[tuple[Line, Mark | None]]:
        """The non-blank lines under ``header``, with their current marks, top down."""
        lines, keys = labels.doc.lines, labels.doc.keys
        for position in range(header.index + 1, len(keys)):
            if keys[position]:
                yield lines[position], labels.marks[position]


class ReadAlsoCleaner(BlockCleaner):
    """Read-also promos. A one-line promo removes only its line; a header alone on its line
    takes what it introduces: titles, dates, and a whole embedded article with its credit."""

    #: kinds another cleaner may have given to lines that belong to an embedded article
    ABSORBED_KINDS = kinds_with("embedded")
    #: kinds that only come after a story: a read-also header below one of them is in the footer
    FOOTER_KINDS = kinds_with("footer")
    MAX_SHORT_LINES = 6

    def take_block(self, labels: Labels, header: Line) -> None:
        previous = labels.previous_nonblank(header.index)
        previous_mark = labels.marks[previous.index] if previous is not None else None
        # After the story has ended (a footer block right above), what follows is all promo. A
        # caption, date or title above proves nothing: those sit inside stories too.
        embedded = previous is None or (previous_mark is not None and previous_mark.kind in self.FOOTER_KINDS)
        short_run = 0
        for line, mark in self.below(labels, header):
            if mark is not None:
                if mark.header or mark.kind not in self.ABSORBED_KINDS:
                    return
                if mark.kind in ("source", "byline") and not embedded:
                    return  # a credit closes an embedded article; under bare titles it is the story's own
                if mark.kind == "date":
                    embedded = True
                labels.remark(line, self.kind, READ_ALSO_BLOCK)
                continue
            if line.paragraph_like:
                if not (embedded or DATELINE_START.match(line.key)):
                    return
                embedded = True
                short_run = 0
            else:
                short_run += 1
                if short_run > self.MAX_SHORT_LINES and not embedded:
                    return
            labels.remark(line, self.kind, READ_ALSO_BLOCK)


class RelatedCleaner(BlockCleaner):
    """Related/most-read lists: the header and the titles under it (bullets, numbers, plain)."""

    MAX_ITEMS = 40
    ABSORBED_KINDS = kinds_with("in_list")

    def take_block(self, labels: Labels, header: Line) -> None:
        items = 0
        for line, mark in self.below(labels, header):
            if mark is not None and (mark.header or mark.kind not in self.ABSORBED_KINDS):
                return
            if mark is None and not title_like(line, labels.next_nonblank(line.index)):
                return
            labels.remark(line, self.kind, RELATED_LIST)
            items += 1
            if items >= self.MAX_ITEMS:
                return


class TagsCleaner(CueCleaner):
    """Tag and keyword blocks; a label alone on its line takes the short lines under it."""

    def revise(self, labels: Labels) -> None:
        super().revise(labels)
        marks, keys, lines = labels.marks, labels.doc.keys, labels.doc.lines
        for index in labels.marked():
            mark = marks[index]
            if mark is None or mark.kind != self.kind or lines[index].words > 2:
                continue
            for position in range(index + 1, len(keys)):
                if not keys[position]:
                    continue
                following = lines[position]
                if labels.is_marked(following.index) or following.words > 4 or following.ends_sentence:
                    break
                labels.remark(following, self.kind, TAGS_BLOCK)
