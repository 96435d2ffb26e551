"""Neighbour rules that are no cleaner's own: repeated widgets, and the gaps after the story.

They run between the cleaners' ``revise`` and ``cut_inline`` passes when
``PipelineConfig.revise`` is on, and give a line the kind of a neighbour.
"""

from __future__ import annotations

from itertools import compress

from arclean.find.kinds import kinds_with
from arclean.find.labels import Labels
from arclean.find.rules import rule_id
from arclean.find.shapes import SENTENCE_PERIOD, prose_words

REPEATED = rule_id("revise.repeated")
TAIL_GAP = rule_id("revise.tail_gap")
READ_ALSO_INLINE = rule_id("read_also.inline")
#: a promo line alone proves no block: a gap under it is not filled
_NOT_A_BLOCK = frozenset({READ_ALSO_INLINE})
#: Blocks that are lists: any short line boxed in under them is one more item.
LIST_KINDS = kinds_with("list")
MAX_GAP_LINES = 8


def repeated_lines(labels: Labels, min_count: int = 3) -> None:
    """A short line that recurs three or more times is a widget (live-score bar, menu entry)."""
    counts: dict[str, int] = {}
    lines = labels.doc.lines
    for index in labels.doc.long_lines(7):  # four words take seven characters
        line = lines[index]
        if 4 <= line.words <= 15 and not line.paragraph_like:
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
