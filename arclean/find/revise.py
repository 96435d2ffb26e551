"""Neighbour rules that are no cleaner's own: repeated widgets, the gaps after the story, and a
second article under the story's closing boilerplate.

They run between the cleaners' ``revise`` and ``cut_inline`` passes when
``PipelineConfig.revise`` is on, and give a line the kind of a neighbour.
"""

from __future__ import annotations

from arclean.find.document import Line
from arclean.find.kinds import kinds_with
from arclean.find.labels import Labels
from arclean.find.rules import rule_id
from arclean.find.shapes import DATELINE_START, SENTENCE_PERIOD, prose_words, title_like

REPEATED = rule_id("revise.repeated")
TAIL_GAP = rule_id("revise.tail_gap")
SECOND_ARTICLE = rule_id("revise.second_article")
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
    """A short line that recurs three or more times is a widget (live-score bar, menu entry)."""
    counts: dict[str, int] = {}
    for line in labels.doc.lines:
        if 4 <= line.words <= 15 and not line.paragraph_like:
            counts[line.key] = counts.get(line.key, 0) + 1
    repeated = {key for key, count in counts.items() if count >= min_count}
    if not repeated:
        return
    # The first occurrence may be the story's own line (a widget echoing the headline); keep it,
    # unless it sits right beside another repeated line: then it is the first row of the widget.
    seen: set[str] = set()
    for line in labels.doc.lines:
        if line.key in repeated:
            if line.key in seen or _beside_repeated(labels, line, repeated):
                labels.mark_line(line, "other", REPEATED)
            seen.add(line.key)


def _beside_repeated(labels: Labels, line: Line, repeated: set[str]) -> bool:
    neighbours = (labels.previous_nonblank(line.index), labels.next_nonblank(line.index))
    return any(other is not None and other.key != line.key and other.key in repeated for other in neighbours)


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
    lines = [line for line in labels.doc.lines[bounds[1] + 1 :] if not line.blank]
    position = 0
    while position < len(lines):
        line = lines[position]
        if labels.is_marked(line.index):
            position += 1
            continue
        run_end = position
        while run_end < len(lines) and not labels.is_marked(lines[run_end].index) and not lines[run_end].paragraph_like:
            run_end += 1
        before = labels.marks[lines[position - 1].index] if position > 0 else None
        after_closed = run_end == len(lines) or labels.is_marked(lines[run_end].index)
        # Under a single-line kind a run is one label (two under an author line: a name and a
        # title); a longer run, or one a line ending in ":" introduces, is a list the story ends with.
        limit = (
            MAX_GAP_LINES
            if before is not None and before.kind in LIST_KINDS
            else 2
            if before is not None and before.kind == "byline"
            else 1
        )
        if before is not None and before.rule not in _NOT_A_BLOCK and after_closed and run_end - position <= limit:
            run = lines[position:run_end]
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
    lines = labels.doc.nonblank()
    story_seen = False
    position = 0
    while position < len(lines):
        if labels.marks[lines[position].index] is None:
            story_seen = story_seen or lines[position].paragraph_like
            position += 1
            continue
        box_end, closing = position, False
        while box_end < len(lines) and (mark := labels.marks[lines[box_end].index]) is not None:
            closing = closing or mark.kind in STORY_END_KINDS
            box_end += 1
        run_end = _article_end(labels, lines, box_end) if story_seen and closing else None
        if run_end is None:
            position = box_end
            continue
        for line in lines[box_end:run_end]:
            if labels.marks[line.index] is None:
                labels.mark_line(line, EMBEDDED_ARTICLE_KIND, SECOND_ARTICLE)
            else:
                labels.remark(line, EMBEDDED_ARTICLE_KIND, SECOND_ARTICLE)
        position = run_end


def _article_end(labels: Labels, lines: list[Line], start: int) -> int | None:
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
