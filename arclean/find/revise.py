"""Neighbour rules that are no cleaner's own: repeated widgets, the gaps after the story, a
second article under the story's closing boilerplate, the site's invitation around a contact address.

They run between the cleaners' ``revise`` and ``cut_inline`` passes when
``PipelineConfig.revise`` is on, and give a line the kind of a neighbour.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from itertools import compress, filterfalse
from typing import overload

from arclean.find.concepts import word_group
from arclean.find.document import Document, Line, with_keys
from arclean.find.kinds import kinds_with
from arclean.find.labels import Labels
from arclean.find.rules import rule_id
from arclean.find.shapes import DATELINE_START, SENTENCE_PERIOD, prose_words, title_like

REPEATED = rule_id("revise.repeated")
TAIL_GAP = rule_id("revise.tail_gap")
SECOND_ARTICLE = rule_id("revise.second_article")
CONTACT_BLOCK = rule_id("revise.contact_block")
READ_ALSO_INLINE = rule_id("read_also.inline")
#: a promo line alone proves no block: a gap under it is not filled
_NOT_A_BLOCK = frozenset({READ_ALSO_INLINE})
#: Blocks that are lists: any short line boxed in under them is one more item.
LIST_KINDS = kinds_with("list")
MAX_GAP_LINES = 8
#: Kinds a story never goes on below (tags, related lists, rights lines, comment headers).
STORY_END_KINDS = kinds_with("story_end")
#: Kinds that may sit inside an embedded article (its date, caption); a credit closes it.
EMBEDDED_KINDS = kinds_with("embedded")
CREDIT_KINDS = frozenset({"source", "byline"}) & EMBEDDED_KINDS
#: An embedded article is a promo's: the kind its lines take.
EMBEDDED_ARTICLE_KIND = "read_also"
#: The second article's opening (a date line or a dateline paragraph) comes within this many lines.
MAX_TITLE_LINES = 3


def repeated_lines(labels: Labels, min_count: int = 3) -> None:
    """A short line that recurs three or more times is a widget (live-score bar, menu entry).

    A line ending with a full stop is a sentence, which a widget never is: a decree's refrain
    after each of its articles ("وقد أعد مرسوم ملكي بذلك.") is the story's own.
    """
    counts: dict[str, int] = {}
    lines = labels.doc.lines
    for index in labels.doc.long_lines(7):  # four words take seven characters
        line = lines[index]
        if 4 <= line.words <= 15 and not line.paragraph_like and not SENTENCE_PERIOD.search(line.key):
            counts[line.key] = counts.get(line.key, 0) + 1
    repeated = {key for key, count in counts.items() if count >= min_count}
    if not repeated:
        return
    # The first occurrence may be the story's own line (a widget echoing the headline); keep it,
    # unless it sits right beside another repeated line: then it is the first row of the widget.
    seen: set[str] = set()
    keys = labels.doc.keys
    for index in compress(range(len(keys)), map(repeated.__contains__, keys)):
        key = keys[index]
        if key in seen or _beside_repeated(labels, index, repeated):
            labels.mark_line(lines[index], "other", REPEATED)
        seen.add(key)


def _beside_repeated(labels: Labels, index: int, repeated: set[str]) -> bool:
    key = labels.doc.keys[index]
    neighbours = (labels.previous_nonblank(index), labels.next_nonblank(index))
    return any(other is not None and other.key != key and other.key in repeated for other in neighbours)


def tail_gap_fill(labels: Labels) -> None:
    """After the story ends, short unmarked lines boxed in by boilerplate are boilerplate.

    A run of such lines between two marked lines (or a marked line and the end) takes the kind
    of the block above it: the title under a promo header, a name under an author box. Under a
    single-line kind (a caption, a source line) only label-like lines go: a short line with
    prose words in it ("ومن المقرر أن …") is the story's last sentence, and one line goes (two
    under an author line): more short lines, or lines under an introducing "…:", are the list a
    story ends with. A line of four words or more ending with a full stop is never taken: list
    items and labels do not end like sentences.
    """
    bounds = labels.story_bounds()
    if bounds is None:
        return  # no prose line at all: where the story ends cannot be told, so keep everything
    doc, marks = labels.doc, labels.marks
    keys = doc.keys
    # The non-blank lines after the story, as indices (a Line is built only for a gap's lines).
    # None of the unmarked ones is paragraph-like: the story's last prose line is bounds[1].
    after = [index for index in range(bounds[1] + 1, len(keys)) if keys[index]]
    position = 0
    while position < len(after):
        if marks[after[position]] is not None:
            position += 1
            continue
        run_end = position
        while run_end < len(after) and marks[after[run_end]] is None:
            run_end += 1
        before = marks[after[position - 1]] if position > 0 else None
        # The run ends at a marked line or at the end of the text: it is always closed.
        # Under a single-line kind a run is one label (two under an author line: a name and a
        # title); a longer run, or one a line ending in ":" introduces, is a list the story ends with.
        limit = (
            MAX_GAP_LINES
            if before is not None and before.kind in LIST_KINDS
            else 2
            if before is not None and before.kind == "byline"
            else 1
        )
        if before is not None and before.rule not in _NOT_A_BLOCK and run_end - position <= limit:
            run = [doc.lines[index] for index in after[position:run_end]]
            sentence = any(gap_line.words >= 4 and SENTENCE_PERIOD.search(gap_line.key) for gap_line in run)
            introduced = any(gap_line.key.endswith(":") for gap_line in run)
            if (
                not sentence
                and not introduced
                and (before.kind in LIST_KINDS or not any(prose_words(gap_line) for gap_line in run))
            ):
                for gap_line in run:
                    labels.mark_line(gap_line, before.kind, TAIL_GAP)
        position = max(run_end, position + 1)


def second_article(labels: Labels) -> None:
    """Under the story's closing boilerplate, an article that starts anew is another piece.

    A read-also promo may embed a whole second article (title, date, a paragraph opening with
    a dateline "بغداد/المسلة:", more paragraphs, its own credit), and a feed may run the next
    story under the first one's footer. Whatever introduces it, the article is told by its
    position and shape, not by a header's wording: a box of removed lines that holds a kind a
    story never goes on below (tags, a related list, a rights line), after story prose; right
    under the box, at most a few short lines (its title) and then the signature of an article's
    start: a date line, or a paragraph opening with a dateline. The article runs to the next
    removed line that is not part of it (its credit stays its own kind) or to the end.
    A source or byline line proves nothing (they sit between the stories of a multi-story page),
    and nor does a read-also header alone (mid-story promos are followed by the story).
    """
    lines = _Nonblank(labels.doc)  # the non-blank lines, each built when first looked at
    at, keys, count = lines.indices, labels.doc.keys, len(lines)
    # Each line's mark as the walk finds it: the walk only ever marks the lines it then steps
    # over, so the boxes (runs of removed lines) and the kept runs between them are found with
    # C-level filters over this list, not a Python step per line (a page of 60,000 lines of "!").
    found = list(map(labels.marks.__getitem__, at))
    boxed = list(compress(range(count), found))  # positions of removed lines, in order
    kept = list(filterfalse(found.__getitem__, range(count)))  # positions of kept lines, in order
    story_seen = False
    position = 0
    while position < count:
        box_start = _next(boxed, position, count)
        if not story_seen and box_start > position:
            # (eight words take 15 characters: a shorter line is no paragraph, and is not built)
            long_enough = compress(
                range(position, box_start), map((15).__le__, map(len, map(keys.__getitem__, at[position:box_start])))
            )
            story_seen = any(lines[kept_at].paragraph_like for kept_at in long_enough)
        if box_start >= count:
            break
        box_end = _next(kept, box_start, count)
        closing = story_seen and any(mark.kind in STORY_END_KINDS for mark in found[box_start:box_end])  # type: ignore[union-attr]
        run_end = _article_end(labels, lines, box_end) if closing else None
        if run_end is None:
            position = box_end
            continue
        for line in lines[box_end:run_end]:
            if labels.marks[line.index] is None:
                labels.mark_line(line, EMBEDDED_ARTICLE_KIND, SECOND_ARTICLE)
            else:
                labels.remark(line, EMBEDDED_ARTICLE_KIND, SECOND_ARTICLE)
        position = run_end


def _next(positions: list[int], start: int, count: int) -> int:
    """The first of ``positions`` (ascending) at or after ``start``; ``count`` if none is."""
    found = bisect.bisect_left(positions, start)
    return positions[found] if found < len(positions) else count


class _Nonblank(Sequence[Line]):
    """A document's non-blank lines as a sequence whose ``Line``s are built only where read."""

    def __init__(self, doc: Document) -> None:
        self.lines, self.indices = doc.lines, doc.long_lines(1)

    def __len__(self) -> int:
        return len(self.indices)

    @overload
    def __getitem__(self, position: int) -> Line: ...

    @overload
    def __getitem__(self, position: slice) -> list[Line]: ...

    def __getitem__(self, position: int | slice) -> Line | list[Line]:
        if isinstance(position, slice):
            return [self.lines[index] for index in self.indices[position]]
        return self.lines[self.indices[position]]


def _article_end(labels: Labels, lines: Sequence[Line], start: int) -> int | None:
    """Where the article that starts at ``lines[start]`` ends (exclusive), or None when what
    starts there does not open like an article (a few title lines, then a date line or a
    dateline paragraph)."""
    opened = False
    position = start
    while position < len(lines):
        line = lines[position]
        mark = labels.marks[line.index]
        if mark is not None:
            if mark.header or mark.kind not in EMBEDDED_KINDS or mark.kind in CREDIT_KINDS:
                break
            opened = opened or (mark.kind == "date" and position - start <= MAX_TITLE_LINES)
        elif not opened:
            if position - start > MAX_TITLE_LINES:
                return None
            if line.paragraph_like and DATELINE_START.match(line.key):
                opened = True
            elif not title_like(line):
                return None
        position += 1
    body = any(labels.marks[line.index] is None and line.paragraph_like for line in lines[start:position])
    return position if opened and body else None


#: An e-mail address, a handle or a telephone number: what a contact line gives.
#: Each branch starts only at a token's start and is bounded, so a search is linear in the line.
CONTACT_ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]+\.\w+|(?<!\w)@\w{2,}|(?<!\d)(?<!\d[ /-])\d(?:[ /-]?\d){5,15}")
_ANY_DIGIT = re.compile(r"\d")
_INVITE_OPEN = re.compile(r"^[\W_]*(?:(?:و|ف)?كما\s+|و)?" + word_group("invite_open").pattern)
_CONTACT_MEDIUM = re.compile(word_group("contact_medium").pattern + "|" + word_group("platform").pattern)
_CONTRIBUTION = word_group("contribution_word")
_SPEECH = word_group("speech")
#: the kind the site's prompts to its readers have
CONTACT_BLOCK_KIND = "social"
MAX_INVITATION_WORDS = 40
MAX_CONTACT_WORDS = 14
#: a contact line names its medium first: "أو على الفاكس …", "للاستفسار: …", "هاتف: …"
MEDIUM_WITHIN = 3


def contact_block(labels: Labels) -> None:
    """Around a removed contact address at the top or the tail of the text, the site's
    invitation to write in is boilerplate, in whatever words.

    A column or a readers' page closes with the site asking for contributions and saying where
    to send them: "نرحب بمشاركاتكم … على البريد:", the address, "أو على الفاكس …", "كما يسرنا
    مشاركة القراء …". Each line alone may read like a sentence; together, next to an address that
    is already removed, they are one block. A line joins the block when it touches it (blank lines
    aside) and is either an invitation (it opens with the site's own welcome or an imperative to
    the readers, "نرحب", "يسرنا", "ارسلوا", and names a contribution or a contact medium) or a
    short contact line (a medium among its first words, then a number or an address, and no
    sentence end: "ودعت الوزارة … عبر الهاتف 800123456." is the story's). The block is taken only where no
    story prose is left below it (or above it): a story's last sentence about a ministry's
    hotline sits above the story's end, and opens with no welcome of the site's.
    """
    lines, keys = labels.doc.lines, labels.doc.keys
    taken: set[int] = set()
    story: list[int] | None = None  # the story's prose lines, read once (the block adds none)
    # The marked lines with an address, found once per distinct key (a line this rule marks is
    # in a block already: the marks as they are now are all the seeds there are).
    marked = labels.marked()
    # (an address has an "@" or digits: a C-level look for them first, the pattern only then)
    addressed = {
        key
        for key in set(map(keys.__getitem__, marked))
        if ("@" in key or _ANY_DIGIT.search(key)) and CONTACT_ADDRESS.search(key)
    }
    for index in with_keys(keys, marked, addressed) if addressed else ():
        if index in taken:
            continue
        line = lines[index]
        block = [line.index]
        for step in (labels.previous_nonblank, labels.next_nonblank):
            neighbour = step(line.index)
            while neighbour is not None and (labels.is_marked(neighbour.index) or _contact_prompt(neighbour)):
                block.append(neighbour.index)
                neighbour = step(neighbour.index)
        if story is None:
            story = [other.index for other in labels.story_lines()]
        if story and story[0] < min(block) and story[-1] > max(block):
            taken.update(block)  # (a seed inside it would find the same block)
            continue  # inside the story
        for index in sorted(block):
            if labels.marks[index] is None:
                labels.mark_line(lines[index], CONTACT_BLOCK_KIND, CONTACT_BLOCK)
        taken.update(block)


def _contact_prompt(line: Line) -> bool:
    """An invitation to write in, or a short contact line (see :func:`contact_block`)."""
    key = line.key.lower()
    if line.words > MAX_INVITATION_WORDS or _SPEECH.search(key):
        return False
    if _INVITE_OPEN.match(key):
        return bool(_CONTRIBUTION.search(key) or _CONTACT_MEDIUM.search(key))
    if line.words > MAX_CONTACT_WORDS or line.ends_sentence or not CONTACT_ADDRESS.search(key):
        return False
    return bool(_CONTACT_MEDIUM.search(" ".join(key.split()[:MEDIUM_WITHIN])))
