"""Date lines: publication and update dates, times, "منذ 3 ساعات" (vocabulary in ``dates.toml``)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from itertools import compress

import regex

from arclean.chars import fold_key
from arclean.find.cleaner import Cleaner
from arclean.find.data import read_toml
from arclean.find.labels import Labels
from arclean.find.rules import rule_id
from arclean.find.shapes import FUNCTION_WORDS
from arclean.find.vocab import vocabulary as word_classes

DATE_LINE = rule_id("date.line")


@dataclass(frozen=True, slots=True)
class DateVocabulary:
    words: re.Pattern[str]  #: date vocabulary, numbers and separators
    anchor: re.Pattern[str]  #: what makes a line a date: a year or a full numeric date
    max_leftover_words: int


@functools.cache
def date_vocabulary() -> DateVocabulary:
    """The words of ``dates.toml`` and the months of ``vocab.toml``, as the patterns :class:`DateCleaner` runs."""
    data = read_toml("dates.toml")
    vocabulary = sorted(
        {fold_key(w).lower() for w in data["weekdays"] + data["keywords"]} | set(word_classes()["months"].words),
        key=len,
        reverse=True,
    )
    alternatives = "|".join(re.escape(w) for w in vocabulary)
    # The standard library's engine: this alternation runs on every short line with a digit.
    return DateVocabulary(
        words=re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)|\d+|[^\w\s]+|\bو(?=\d)", re.IGNORECASE),
        anchor=re.compile(r"(?<!\d)(?:1[3-4]\d\d|19\d\d|20\d\d)(?!\d)|\d{1,2}\s*[/\-.]\s*\d{1,2}\s*[/\-.]\s*\d{2,4}"),
        max_leftover_words=int(data["max_leftover_words"]),
    )


_DIGIT = re.compile(r"\d")
_CLOCK_OR_AGO = regex.compile(r"\d{1,2}:\d{2}|منذ\s+\d+\s+(?:ساعه|ساعات|دقيقه|دقائق|يوم|ايام|اسبوع|اسابيع|شهر|اشهر|سنه|سنوات)")


class DateCleaner(Cleaner):
    """Publication/update date lines: nothing but date vocabulary, numbers and a few words."""

    id = kind = "date"
    MAX_WORDS = 20
    #: words of ordinary length: a line of one 100 KB token of digits is no date line
    MAX_CHARS = 64 * MAX_WORDS

    def __init__(self) -> None:
        self.vocabulary = date_vocabulary()

    def is_date(self, key: str) -> bool:
        """``key`` (a folded line) is a date line: a year or numeric date, little else."""
        if not (self.vocabulary.anchor.search(key) or _CLOCK_OR_AGO.search(key)):
            return False
        leftover = self.vocabulary.words.sub(" ", key.lower()).split()
        # "وفي", "بعد", "منذ ذلك": prose words (with or without a conjunction) mean a sentence, not a date line
        bare = {word[1:] if word.startswith(("و", "ف")) and len(word) > 2 else word for word in leftover}
        return len(leftover) <= self.vocabulary.max_leftover_words and not FUNCTION_WORDS & bare

    def propose(self, labels: Labels) -> None:
        # Date lines are short: a loop over short lines with a digit beats a regex pass over the
        # whole document, most of which is long prose (measured 8x).
        # A year, a clock or "منذ 3 ساعات" takes four characters: shorter lines are not built.
        keys, marks, lines = labels.doc.keys, labels.marks, labels.doc.lines
        for index in labels.doc.long_lines(4):
            if marks[index] is None and _DIGIT.search(keys[index]):
                line = lines[index]
                if line.words <= self.MAX_WORDS and len(line.key) <= self.MAX_CHARS and self.is_date(line.key):
                    labels.mark_line(line, self.kind, DATE_LINE)

    def revise(self, labels: Labels) -> None:
        """A date line inside the story is the story's own when story prose is right above it,
        or story lines of any length are right above and right below it (a decree's number and
        date, a timetable, a table of dates, a list of references; a run of date lines counts as
        one): it is a date line only at the edges. Runs after the read-also blocks, for which a date line under the header
        signals an embedded article."""
        bounds = labels.story_bounds()
        if bounds is None:
            return
        marks = labels.marks
        for index in compress(range(bounds[0] + 1, bounds[1]), marks[bounds[0] + 1 : bounds[1]]):
            mark = marks[index]
            if mark is None or mark.rule != DATE_LINE:
                continue
            above = labels.previous_nonblank(index)
            if above is None or marks[above.index] is not None:
                continue  # the first line of a run of date lines decides for the run
            run = [labels.doc.lines[index]]
            below = labels.next_nonblank(index)
            while below is not None and (below_mark := marks[below.index]) is not None and below_mark.rule == DATE_LINE:
                run.append(below)  # a timetable: every row of it is date-shaped
                below = labels.next_nonblank(below.index)
            if above.paragraph_like or (below is not None and marks[below.index] is None):
                for date_line in run:
                    labels.unmark(date_line)
