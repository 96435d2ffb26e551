"""Cleaners: the find phase. Each marks spans with a kind; none rewrites text.

A cleaner works in up to three passes, each run for every cleaner of the pipeline in order
before the next pass starts:

1. ``propose``: label each line on its own (cue phrases, shape).
2. ``revise``: decide with the neighbours, now that every cleaner has proposed (a header takes
   the list under it; a short line at the top is the title once the story start is known).
3. ``cut_inline``: cut boilerplate glued to the start or end of a story line.

Cue phrases come from ``arclean/data/cues.toml``; this module holds only the logic.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

import regex

from arclean.concepts import cut_glued_concepts, glued_after_sentence, kind_concepts, mark_concepts
from arclean.document import BULLET_CLASS, Document, Line, _without_bullet, raw_offset
from arclean.labels import Labels, Mark
from arclean.resources import Cue, cues, date_vocabulary, word_lists

_WORDS = word_lists()
_FUNCTION_WORDS = _WORDS.function_words
_NAME_PARTICLES = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, _WORDS.name_particles)) + r")(?!\w)")
_DATELINE_START = regex.compile(r"^[^\s:]{2,20}(?:\s[^\s:]{1,20}){0,2}\s*[/\-–—]\s*[^:]{2,40}?:")
_DASH_CREDIT = regex.compile(r"^[^\-–—:]{2,40}\s[\-–—]\s[^\-–—]{2,40}$|^[^\-–—:]{2,40}[\-–—]\s*[^\-–—]{2,40}:$")
_SENTENCE_PERIOD = regex.compile(r"[.][\"'”»)\]]*$")
#: the end of a sentence inside a line, with its closing quotes: where a glued line may start
#: (after a Latin letter or a digit only with a space: "com.sa" and "3.5" are not sentence ends)
_SENTENCE_BREAK = re.compile(
    r"(?:(?<![A-Za-z0-9])[.!؟?][\"'”»)\]]*(?=\s*[^\s.!؟?\"'”»)\]])|[.!؟?][\"'”»)\]]*(?=\s+[^\s.!؟?\"'”»)\]]))"
)
# Wrapped prose, not a headline: starts with a comma/period, or carries "، و…" mid-line.
_CONTINUATION = re.compile(r"^[،,.;؛]|[،,]\s*(?:" + "|".join(map(re.escape, _WORDS.clause_openers)) + r")(?!\w)|[،,]\s*و")
_DOCTOR = regex.compile(r"^(?:د\.|الدكتور\s|ا\.\s?د\.)\s*\S+(?:\s+\S+){0,3}$")


def name_like(line: Line) -> bool:
    """A bare person name: a few words, no sentence punctuation, no function words."""
    if line.words == 0 or line.ends_sentence or ":" in line.key or any(ch.isdigit() for ch in line.key):
        return False
    limit = 7 if _NAME_PARTICLES.search(line.key) else 4
    return line.words <= limit and not (_FUNCTION_WORDS & set(line.key.split()))


class Cleaner:
    """Base class: an id (used in configs and ``Pipeline.without``), a kind, three passes."""

    id: str = ""
    kind: str = ""
    description: str = ""

    def propose(self, labels: Labels) -> None:
        """Label lines on their own."""

    def revise(self, labels: Labels) -> None:
        """Revise labels using neighbours."""

    def cut_inline(self, labels: Labels) -> None:
        """Cut boilerplate glued inside story lines."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id!r})"


#: Above this many shared candidates of a phase, each cleaner runs its own gate instead.
SHARED_GATE_LIMIT = 256


class CueCleaner(Cleaner):
    """Marks lines whose key matches one of the kind's cue phrases.

    Each pass first runs one combined pattern over the whole document (``Document.key_text``)
    to find the few candidate lines, then tries the cues one by one on those lines only to
    learn which cue it was. Story lines, the vast majority, cost one regex scan per cleaner.
    """

    def __init__(self, kind: str, description: str = "") -> None:
        self.id = self.kind = kind
        self.description = description
        own = [cue for cue in cues() if cue.kind == kind]
        self.line_cues = tuple(c for c in own if c.role in ("line", "header") and c.zone == "any")
        self.edge_cues = tuple(c for c in own if c.role in ("line", "header") and c.zone == "edge")
        self.tail_cues = tuple(c for c in own if c.role == "tail")
        self.head_cues = tuple(c for c in own if c.role == "head")
        self._line_gate = gate(self.line_cues)
        self._edge_gate = gate(self.edge_cues)
        self._inline_gate = gate(self.tail_cues + self.head_cues)
        self._gate_words = max((c.max_words for c in self.line_cues + self.edge_cues), default=0)
        #: the kind's concepts (concepts.toml): new phrasings, tried once every cue has claimed its lines
        self.concepts = kind_concepts(kind)
        # On a candidate line, one or two calls tell whether any of this cleaner's line cues can
        # match (anchored cues as one alternation for .match, searched ones for .search).
        anchored = [c.pattern.pattern for c in self.line_cues if not c.search]
        searched = [c.pattern.pattern for c in self.line_cues if c.search]
        self._any_anchored = _compile_fast("|".join(f"(?:{p})" for p in anchored)) if anchored else None
        self._any_searched = _compile_fast("|".join(f"(?:{p})" for p in searched)) if searched else None
        # the same over the edge cues too, for glued tails; and whether any of them takes a sentence
        whole = self.line_cues + self.edge_cues
        anchored = [c.pattern.pattern for c in whole if not c.search]
        searched = [c.pattern.pattern for c in whole if c.search]
        self._whole_line_any = (
            _compile_fast("|".join(f"(?:{p})" for p in anchored)) if anchored else None,
            _compile_fast("|".join(f"(?:{p})" for p in searched)) if searched else None,
        )
        self._sentence_cues = any(c.sentence for c in whole)

    #: kinds whose whole-line cues are also tried on a last sentence glued to the story's end
    #: ("…المقبلة.تابعونا على فيسبوك"): footer lines that scrapes glue to a paragraph
    GLUED_KINDS = frozenset(
        {"social", "copyright", "disclaimer", "tags", "source", "read_also", "other", "ad", "comments", "nav"}
    )
    #: a glued footer line is short; the paragraph before it is not
    GLUED_MAX_WORDS = 20
    GLUED_MIN_STORY_WORDS = 6

    @staticmethod
    def _applies(cue: Cue, line: Line) -> bool:
        # a leading bullet or emoji is not a word of the label it decorates
        words = line.words - (len(line.key.split()) - len(line.cue_key.split()) if line.cue_key is not line.key else 0)
        if words > cue.max_words:
            return False
        return cue.sentence or not (line.words >= 6 and _SENTENCE_PERIOD.search(line.key))

    def _mark_first(self, labels: Labels, line: Line, candidates: tuple[Cue, ...]) -> None:
        bulleted = line.cue_key is not line.key and bool(line.cue_key)
        for cue in candidates:
            if self._applies(cue, line) and (cue.find(line.key) or (bulleted and cue.find(line.cue_key))):
                # A searched cue may have found a rights line glued after a story sentence.
                glued = glued_after_sentence(line.key, cue.found_in) if cue.search else None
                if glued == 0:
                    continue
                if glued is None:
                    labels.mark_line(line, cue.kind, cue.id, header=cue.role == "header")
                else:
                    labels.mark_partial(line, raw_offset(line, glued), line.end, cue.kind, cue.id)
                return

    def mark_if_cue(self, labels: Labels, line: Line) -> None:
        """Mark ``line`` if one of this cleaner's whole-line cues or concepts matches it (no gate,
        no zone)."""
        self._mark_first(labels, line, self.line_cues + self.edge_cues)
        if labels.marks[line.index] is None:
            concept = next((c for c in self.concepts if c.matches(line.key)), None)
            if concept is not None:
                labels.mark_line(line, concept.kind, concept.id)

    def _candidates(self, labels: Labels, phase: str, own: Gate | None, limit_words: bool = True) -> list[Line]:
        """Unmarked lines that the gate (a regex pass plus literal pre-checks) lets through.

        Inside a pipeline, one gate for all its cleaners has already run (``labels.candidates``);
        a cleaner used on its own runs its own gate.
        """
        if own is None:
            return []
        lines = labels.candidates.get(phase)
        if lines is None or len(lines) > SHARED_GATE_LIMIT:
            # Many candidates (a document of bullet or star lines): this cleaner's own gate, one
            # more regex pass, is cheaper than looking at every other cleaner's candidates.
            lines = gate_lines(labels.doc, own)
        marks = labels.marks
        limit = self._gate_words if limit_words else 1 << 30
        return [line for line in lines if marks[line.index] is None and line.words <= limit]

    def propose(self, labels: Labels) -> None:
        for line in self._candidates(labels, "line", self._line_gate):
            if (
                self._any_anchored is not None and (self._any_anchored.match(line.key) or self._any_anchored.match(line.cue_key))
            ) or (self._any_searched is not None and self._any_searched.search(line.key)):
                self._mark_first(labels, line, self.line_cues)

    def revise(self, labels: Labels) -> None:
        candidates = self._candidates(labels, "edge", self._edge_gate)
        if candidates:
            bounds = labels.story_bounds()
            for line in candidates:
                # The last story line itself counts as the edge: a long credit line may close the text.
                if bounds is None or line.index < bounds[0] or line.index >= bounds[1]:
                    self._mark_first(labels, line, self.edge_cues)
        mark_concepts(labels, self.concepts)

    def cut_inline(self, labels: Labels) -> None:
        self._cut_glued_cues(labels)
        self._cut_glued_lines(labels)
        cut_glued_concepts(labels, self.concepts)

    def _cut_glued_lines(self, labels: Labels) -> None:
        """The story's last line and the kept lines under it: a last sentence that one of the
        kind's whole-line cues takes as a line of its own is a footer line glued to the story."""
        bounds = labels.story_bounds()
        if bounds is None or self.kind not in self.GLUED_KINDS:
            return
        cut = {mark.line for mark in labels.partial}
        for line in labels.doc.lines[bounds[1] :]:
            if line.blank or labels.marks[line.index] is not None or line.index in cut:
                continue
            tails = _glued_tails(line.key, self.GLUED_MAX_WORDS, self.GLUED_MIN_STORY_WORDS)
            found = next((n for n, (_, tail, words) in enumerate(tails) if self._takes_as_line(tail, words)), None)
            if found is None:
                continue
            # a few words more that it also takes: "س.ف/ج.ب" is one code, not "س." and "ف/ج.ب"
            while (
                found + 1 < len(tails)
                and tails[found + 1][2] - tails[found][2] <= 3
                and self._takes_as_line(*tails[found + 1][1:])
            ):
                found += 1
            labels.mark_partial(line, raw_offset(line, tails[found][0]), line.end, self.kind, f"{self.kind}.glued_line")

    def _takes_as_line(self, key: str, words: int) -> bool:
        ends_sentence = bool(_SENTENCE_PERIOD.search(key)) or key[-1] in "!؟?"
        if ends_sentence and not self._sentence_cues:
            return False  # a glued label does not end like a sentence unless its kind may
        anchored, searched = self._whole_line_any
        segment = Line(-1, 0, 0, key, key, words, False, ends_sentence, _without_bullet(key))
        if not (
            (anchored is not None and (anchored.match(key) or anchored.match(segment.cue_key)))
            or (searched is not None and searched.search(key))
        ):
            return False
        for cue in self.line_cues + self.edge_cues:
            if ends_sentence and not cue.sentence:
                continue
            if self._applies(cue, segment) and (cue.find(segment.key) or cue.find(segment.cue_key)):
                return True
        return False

    def _cut_glued_cues(self, labels: Labels) -> None:
        candidates = self._candidates(labels, "inline", self._inline_gate, limit_words=False)
        if not candidates:
            return
        bounds = labels.story_bounds()
        for line in candidates:
            # A candidate got here by some cue's literal; try only the cues whose literal it holds.
            lowered = line.key.lower()
            for cue in self.tail_cues:
                if cue.zone == "edge" and bounds is not None and line.index < bounds[1]:
                    continue
                if cue.needs and not any(needle in lowered for needle in cue.needs):
                    continue
                found = cue.find(line.key)
                if found is None:
                    continue
                if found.start() == 0:
                    labels.mark_line(line, cue.kind, cue.id)
                else:
                    labels.mark_partial(line, raw_offset(line, found.start()), line.end, cue.kind, cue.id)
                break
            for cue in self.head_cues:
                if cue.needs and not any(needle in lowered for needle in cue.needs):
                    continue
                found = cue.find(line.key)
                if found is not None and len(line.key[found.end() :].split()) >= 5:
                    labels.mark_partial(line, line.start, raw_offset(line, found.end()), cue.kind, cue.id)
                    break


#: (pattern tried at line starts, literal pre-checks as one case-insensitive alternation)
Gate = tuple[re.Pattern[str] | regex.Pattern[str] | None, re.Pattern[str] | None]
#: The cue groups a CueCleaner gates separately: whole-line cues, edge-only cues, glued cues.
PHASES: dict[str, Callable[[CueCleaner], tuple[Cue, ...]]] = {
    "line": lambda cleaner: cleaner.line_cues,
    "edge": lambda cleaner: cleaner.edge_cues,
    "inline": lambda cleaner: cleaner.tail_cues + cleaner.head_cues,
}


@functools.lru_cache(maxsize=4096)
def _glued_tails(key: str, max_words: int, min_story_words: int) -> tuple[tuple[int, str, int], ...]:
    """The last sentences of a line's key that could be a footer line glued after the story:
    (offset in the key, the tail, its words), shortest first; every cleaner asks for the same."""
    ends = [found.end() for found in _SENTENCE_BREAK.finditer(key)]
    tails = []
    for start in reversed(ends[-3:]):
        tail = key[start:].strip()
        words = len(tail.split())
        if tail and words <= max_words and len(key[:start].split()) >= min_story_words:
            tails.append((start + len(key[start:]) - len(key[start:].lstrip()), tail, words))
    return tuple(tails)


def gate_lines(doc: Document, found: Gate) -> list[Line]:
    """The non-blank lines a gate lets through, in order: one pass at line starts for the
    anchored cues, one pass of the literal pre-checks."""
    anchored, literals = found
    lines = {line.index: line for line in doc.lines_matching(anchored)}
    if literals is not None:
        lines.update((line.index, line) for line in doc.lines_matching(literals, line_starts=False))
    return [lines[index] for index in sorted(lines) if not lines[index].blank]


def gate(candidates: tuple[Cue, ...]) -> Gate | None:
    """How to find, in one pass over a document, every line one of ``candidates`` could match.

    Cues with a literal pre-check (``needs``) are found by one alternation of those literals; the others, anchored
    at the line start, join one MULTILINE pattern of zero-width lookaheads tried at each line
    start (``Document.lines_matching``). Both give a superset: the cues themselves decide.
    """
    if not candidates:
        return None
    anchored = [c.pattern.pattern for c in candidates if not c.needs]
    needles = sorted(dict.fromkeys(n for c in candidates for n in c.needs), key=len, reverse=True)
    # The keys keep their case, so a Latin letter of a needle matches both cases ("Twitter"),
    # spelled as a class rather than with IGNORECASE (4x slower over Arabic text).
    literals = re.compile("|".join(_either_case(n) for n in needles)) if needles else None
    # "\n(?=...)" over "\n" + key_text, not "^(?=...)" with MULTILINE: the engine scans for the
    # literal newline and tries the lookahead only there (measured 8x faster).
    # An optional bullet/arrow/emoji prefix is skipped: "• اقرأ أيضا:" is a read-also line too.
    # The alternation is tried twice per line, never once per length of the prefix: at the line
    # start, and after the whole prefix run (possessive), which is where ``Line.cue_key`` starts.
    alternation = "|".join(f"(?:{p})" for p in anchored)
    source = f"\n(?:(?={alternation})|[{BULLET_CLASS}]++(?={alternation}))"
    return (_compile_fast(source) if anchored else None), literals


def _either_case(needle: str) -> str:
    """``needle`` as a pattern matching it in any case of its ASCII letters."""
    return "".join(f"[{ch}{ch.upper()}]" if "a" <= ch <= "z" else re.escape(ch) for ch in needle)


def _compile_fast(source: str) -> re.Pattern[str] | regex.Pattern[str]:
    """The standard library's engine where it can compile the pattern (about 3x faster on these
    alternations), ``regex`` otherwise. Cue patterns use only bounded repetition, so a scan of
    a document is linear in its length either way (see benchmarks/adversarial.py)."""
    try:
        return re.compile(source, re.IGNORECASE | re.MULTILINE)
    except re.error:
        return regex.compile(source, regex.IGNORECASE | regex.MULTILINE | regex.V0)


class BlockCleaner(CueCleaner):
    """A cue cleaner whose header lines take the block under them (``take_block``)."""

    def revise(self, labels: Labels) -> None:
        super().revise(labels)
        for line in labels.doc.lines:
            mark = labels.marks[line.index]
            if mark is not None and mark.header and mark.kind == self.kind:
                self.take_block(labels, line)

    def take_block(self, labels: Labels, header: Line) -> None:
        raise NotImplementedError

    @staticmethod
    def below(labels: Labels, header: Line) -> Iterator[tuple[Line, Mark | None]]:
        """The non-blank lines under ``header``, with their current marks, top down."""
        lines = labels.doc.lines
        for position in range(header.index + 1, len(lines)):
            line = lines[position]
            if not line.blank:
                yield line, labels.marks[line.index]


class ReadAlsoCleaner(BlockCleaner):
    """Read-also promos. A one-line promo removes only its line; a header alone on its line
    takes what it introduces: titles, dates, and a whole embedded article with its credit."""

    #: kinds another cleaner may have given to lines that belong to an embedded article
    ABSORBED_KINDS = frozenset({"date", "source", "other", "caption", "byline"})
    #: kinds that only come after a story: a read-also header below one of them is in the footer
    FOOTER_KINDS = frozenset({"tags", "source", "byline", "copyright", "disclaimer", "social", "related", "comments"})
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
                labels.remark(line, self.kind, "read_also.block")
                continue
            if line.paragraph_like:
                if not (embedded or _DATELINE_START.match(line.key)):
                    return
                embedded = True
                short_run = 0
            else:
                short_run += 1
                if short_run > self.MAX_SHORT_LINES and not embedded:
                    return
            labels.remark(line, self.kind, "read_also.block")


class RelatedCleaner(BlockCleaner):
    """Related/most-read lists: the header and the titles under it (bullets, numbers, plain)."""

    MAX_ITEMS = 40
    ABSORBED_KINDS = frozenset({"date", "other"})

    def take_block(self, labels: Labels, header: Line) -> None:
        items = 0
        for line, mark in self.below(labels, header):
            if mark is not None and (mark.header or mark.kind not in self.ABSORBED_KINDS):
                return
            if mark is None and not title_like(line, labels.next_nonblank(line.index)):
                return
            labels.remark(line, self.kind, "related.list")
            items += 1
            if items >= self.MAX_ITEMS:
                return


def title_like(line: Line, following: Line | None = None) -> bool:
    """Shaped like a listed headline: 3-25 words, not a sentence, not cut off mid-sentence."""
    if not 3 <= line.words <= 25 or _SENTENCE_PERIOD.search(line.key) or _CONTINUATION.search(line.key):
        return False
    return following is None or not _CONTINUATION.match(following.key)


class TagsCleaner(CueCleaner):
    """Tag and keyword blocks; a label alone on its line takes the short lines under it."""

    def revise(self, labels: Labels) -> None:
        super().revise(labels)
        for line in labels.doc.lines:
            mark = labels.marks[line.index]
            if mark is None or mark.kind != self.kind or line.words > 2:
                continue
            for position in range(line.index + 1, len(labels.doc.lines)):
                following = labels.doc.lines[position]
                if following.blank:
                    continue
                if labels.is_marked(following.index) or following.words > 4 or following.ends_sentence:
                    break
                labels.remark(following, self.kind, "tags.block")


class BylineCleaner(CueCleaner):
    """Author lines and boxes; also a bare name closing the text or sitting above a contact line.

    A short line followed by other boilerplate is not enough: that is how a closing subheading
    ("ردود فعل دولية") looks too. Nor is being the last line: once the boilerplate under a
    subheading is cleaned away the subheading is last, and cleaning the cleaned text would take
    it (not idempotent). A name sits right above an address, or above another such name
    (co-authors); lines are read bottom-up so a run of names goes at once.
    """

    CONTACT_RULES = frozenset({"byline.contact", "byline.email_or_handle", "byline.bio", "byline.trailing_name"})
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
                labels.mark_line(line, self.kind, "byline.trailing_name")
                names += 1


_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")


def _loose_key(key: str) -> str:
    """A key with each word's final ه/ي dropped: "الوسط التونسيه" and "الوسط التونسي" are one name."""
    return " ".join(word.rstrip("هي") or word for word in key.split())


_CLOCK_OR_AGO = regex.compile(r"\d{1,2}:\d{2}|منذ\s+\d+\s+(?:ساعه|ساعات|دقيقه|دقائق|يوم|ايام|اسبوع|اسابيع|شهر|اشهر|سنه|سنوات)")


class DateCleaner(Cleaner):
    """Publication/update date lines: nothing but date vocabulary, numbers and a few words."""

    id = kind = "date"
    description = "publication and update date/time lines"
    MAX_WORDS = 20

    def __init__(self) -> None:
        self.vocabulary = date_vocabulary()

    def is_date(self, key: str) -> bool:
        if not (self.vocabulary.anchor.search(key) or _CLOCK_OR_AGO.search(key)):
            return False
        leftover = self.vocabulary.words.sub(" ", key.lower()).split()
        # "وفي", "بعد", "منذ ذلك": prose words (with or without a conjunction) mean a sentence, not a date line
        bare = {word[1:] if word.startswith(("و", "ف")) and len(word) > 2 else word for word in leftover}
        return len(leftover) <= self.vocabulary.max_leftover_words and not _FUNCTION_WORDS & bare

    def propose(self, labels: Labels) -> None:
        # Date lines are short: a loop over short lines with a digit beats a regex pass over the
        # whole document, most of which is long prose (measured 8x).
        for line in labels.doc.lines:
            if (
                not line.blank
                and line.words <= self.MAX_WORDS
                and not labels.is_marked(line.index)
                and _DIGIT.search(line.key)
                and self.is_date(line.key)
            ):
                labels.mark_line(line, self.kind, "date.line")

    def revise(self, labels: Labels) -> None:
        """A date line inside the story, with story prose right above it, is the story's own (a
        decree's or a letter's date): it is a date line only at the edges. Runs after the
        read-also blocks, for which a date line under the header signals an embedded article."""
        bounds = labels.story_bounds()
        if bounds is None:
            return
        for line in labels.doc.lines[bounds[0] + 1 : bounds[1]]:
            mark = labels.marks[line.index]
            if mark is None or mark.rule != "date.line":
                continue
            above = labels.previous_nonblank(line.index)
            if above is not None and labels.marks[above.index] is None and above.paragraph_like:
                labels.unmark(line)


class TitleCleaner(Cleaner):
    """The headline (and rubric/site lines) above the story, and later repeats of it.

    The head zone is every line before the first unmarked prose line. Its short lines are
    titles, unless the zone is long (a poem, a list) or a line ends like a sentence, where
    the story has begun and everything is kept.
    """

    id = kind = "title"
    description = "headline and rubric lines above the story"
    MAX_HEAD_LINES = 12
    MAX_TITLE_WORDS = 20
    MAX_HEAD_TITLES = 5
    MAX_TITLES_ABOVE_BYLINE = 3

    def revise(self, labels: Labels) -> None:
        lines = labels.doc.nonblank()
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
                interrupted = interrupted or (bool(titles) and mark.kind in ("byline", "date", "source"))
                continue
            if (_DASH_CREDIT.match(line.key) and line.words <= 6) or _DOCTOR.match(line.key):
                labels.mark_line(line, "byline", "title.head_credit")
                interrupted = bool(titles)
                continue
            if interrupted and _loose_key(line.key) in {_loose_key(title) for title in titles}:
                labels.mark_line(line, self.kind, "title.repeat")  # the site's name again under the date
                continue
            following = labels.next_nonblank(line.index)
            if interrupted or line.index == opening_subhead or not headline_shaped(line, self.MAX_TITLE_WORDS, following):
                break
            if not _LETTER.search(line.key):
                break  # "(1)", "***": a numbered or marked section opens here
            if line.latin_only:
                labels.mark_line(line, "other", "title.head_site_name")
            else:
                labels.mark_line(line, self.kind, "title.head")
                titles.add(line.key)
        if titles:
            for line in lines[first_story:]:
                if line.key in titles and not labels.is_marked(line.index):
                    labels.mark_line(line, self.kind, "title.repeat")
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
                and _LETTER.search(line.key)
                and headline_shaped(line, 12, below)
            ):
                found += 1
                if found >= needed:
                    return True
        return False

    def _titles_above_bylines(self, labels: Labels) -> None:
        """Pages that carry several stories: each headline sits right above its "كتب: X" line."""
        for line in labels.doc.lines:
            mark = labels.marks[line.index]
            if mark is None or mark.rule not in ("byline.label", "byline.label_bare"):
                continue
            above = labels.previous_nonblank(line.index)
            taken = 0
            while above is not None and taken < self.MAX_TITLES_ABOVE_BYLINE:
                if labels.is_marked(above.index) or not headline_shaped(above, self.MAX_TITLE_WORDS):
                    break
                labels.mark_line(above, self.kind, "title.above_byline")
                taken += 1
                above = labels.previous_nonblank(above.index)


def headline_shaped(line: Line, max_words: int, following: Line | None = None) -> bool:
    """Short, not a sentence, not a fragment of wrapped prose, not reported speech."""
    if line.words > max_words or _SENTENCE_PERIOD.search(line.key) or line.key.endswith(":"):
        return False
    if reads_as_speech(line.key):
        return False
    if _CONTINUATION.search(line.key) or (following is not None and _CONTINUATION.match(following.key)):
        return False
    last_word = line.key.split()[-1] if line.key.split() else ""
    return last_word not in _FUNCTION_WORDS


_SPEECH_VERBS = _WORDS.speech_verbs


def reads_as_speech(key: str) -> bool:
    """A past-tense verb of reported speech after the first word, or opening the line after و/ف:
    a story sentence ("… أكدت الدكتورة …", "وقال الوزير …"), whatever its length or punctuation."""
    words = key.split()
    for position, word in enumerate(words):
        bare = word[1:] if word[:1] in ("و", "ف") and len(word) > 3 else word
        if bare in _SPEECH_VERBS and (position > 0 or bare != word):
            return True
    return False


def repeated_lines(labels: Labels, min_count: int = 3) -> None:
    """A short line that recurs three or more times is a widget (live-score bar, menu entry)."""
    counts: dict[str, int] = {}
    for line in labels.doc.lines:
        if 4 <= line.words <= 15 and not line.paragraph_like:
            counts[line.key] = counts.get(line.key, 0) + 1
    repeated = {key for key, count in counts.items() if count >= min_count}
    if not repeated:
        return
    # The first occurrence may be the story's own line (a widget echoing the headline); keep it.
    seen: set[str] = set()
    for line in labels.doc.lines:
        if line.key in repeated:
            if line.key in seen:
                labels.mark_line(line, "other", "revise.repeated")
            seen.add(line.key)


#: Blocks that are lists: any short line boxed in under them is one more item.
LIST_KINDS = frozenset({"read_also", "related", "tags"})


def tail_gap_fill(labels: Labels) -> None:
    """After the story ends, short unmarked lines boxed in by boilerplate are boilerplate.

    A run of such lines between two marked lines (or a marked line and the end) takes the kind
    of the block above it: the title under a promo header, a name under an author box. Under a
    single-line kind (a caption, a source line) only label-like lines go: a short line with
    prose words in it ("ومن المقرر أن …") is the story's last sentence, and one line goes (two
    under an author line): more short lines, or lines under an introducing "…:", are the list a
    story ends with. A line of four words or more ending with a full stop is never taken: list items and
    labels do not end like sentences.
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
        # Under a single-line kind (a caption, a credit) a run is a name or a label or two; a
        # longer run, or one that a line ending in ":" introduces, is a list the story ends with.
        limit = (
            8 if before is not None and before.kind in LIST_KINDS else 2 if before is not None and before.kind == "byline" else 1
        )
        if before is not None and before.rule != "read_also.inline" and after_closed and run_end - position <= limit:
            run = lines[position:run_end]
            sentence = any(gap_line.words >= 4 and _SENTENCE_PERIOD.search(gap_line.key) for gap_line in run)
            introduced = any(gap_line.key.endswith(":") for gap_line in run)
            if (
                not sentence
                and not introduced
                and (before.kind in LIST_KINDS or not any(_prose_words(gap_line) for gap_line in run))
            ):
                for gap_line in run:
                    labels.mark_line(gap_line, before.kind, "revise.tail_gap")
        position = max(run_end, position + 1)


def _prose_words(line: Line) -> bool:
    words = {word[1:] if word.startswith("و") and len(word) > 2 else word for word in line.key.split()}
    return bool(words & _FUNCTION_WORDS) or line.ends_sentence


BUILTIN_CLEANERS: dict[str, Callable[[], Cleaner]] = {
    "nav": lambda: CueCleaner("nav", "menus, pagers, breadcrumbs, form remnants"),
    "copyright": lambda: CueCleaner("copyright", "rights lines"),
    "disclaimer": lambda: CueCleaner("disclaimer", "editorial disclaimers"),
    "social": lambda: CueCleaner("social", "share/follow/subscribe/SMS prompts, tweet credits"),
    "read_also": lambda: ReadAlsoCleaner("read_also", "read-also promos and what they introduce"),
    "related": lambda: RelatedCleaner("related", "related/most-read headers and their lists"),
    "tags": lambda: TagsCleaner("tags", "tag and keyword blocks"),
    "source": lambda: CueCleaner("source", "syndication, agency and link-back credits"),
    "byline": lambda: BylineCleaner("byline", "author lines, author boxes, contact lines"),
    "caption": lambda: CueCleaner("caption", "image/video captions and photo credits"),
    "date": DateCleaner,
    "other": lambda: CueCleaner("other", "wire end markers, bare URLs, rubric labels"),
    "ad": lambda: CueCleaner("ad", "advertisement slots"),
    "comments": lambda: CueCleaner("comments", "comment-section headers"),
    "title": TitleCleaner,
}
"""Factories of the built-in cleaners by id, in default priority order (first claim wins)."""


def default_cleaners() -> list[Cleaner]:
    """The built-in cleaners, in default priority order."""
    return [factory() for factory in BUILTIN_CLEANERS.values()]
