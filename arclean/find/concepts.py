"""Concepts: a line is a kind of boilerplate when its words and its shape agree.

A cue phrase (``cues.toml``) catches the phrasings someone listed; a concept
(``concepts.toml``) catches the idea. It names the word groups any phrasing of the idea uses
("a platform word with a verb addressed to the reader"), the shape the line must have (short,
not a story sentence, what follows the opening word) and where it may sit (above or below the
story, or anywhere for ideas no story line shares). Each cue cleaner runs its kind's concepts
in its ``revise`` pass, once every cue has claimed its lines: concepts take only what the cues
left, so a new phrasing of a known kind is caught without a new cue, and a pipeline without
a kind's cleaner has none of its concepts either.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress, filterfalse
from typing import Any, Literal, Protocol

from arclean.backend import native
from arclean.chars import fold_key
from arclean.find.data import DataError, read_toml
from arclean.find.document import LETTER as _LETTER
from arclean.find.document import Document, Line, glued_start, raw_offset, with_keys
from arclean.find.kinds import kind_names
from arclean.find.labels import Labels
from arclean.find.native_gate import literal_needs
from arclean.find.shapes import FUNCTION_WORDS
from arclean.find.vocab import vocabulary

Zone = Literal["any", "edge", "below"]


class Clearable(Protocol):
    """A memo ``clear_key_memos`` can empty."""

    def clear(self) -> None: ...


After = Literal["any", "sep", "sep_or_end", "end"]
Rest = Literal["", "name", "credit", "items", "labels", "codes"]

#: What may stand in front of a word: the conjunctions و ف, the prepositions ب ل ك, the article;
#: or the dialects' glued "on the" (عال = على ال: "تابعونا عالانستا", "عالفيس").
_CLITICS = r"(?:[وف])?(?:(?:[بلك]|لل)?(?:ال)?|عال)"
#: In front of a word listed with its article (ال stripped from the body): و ف, then ب ك with
#: the article, or لل (ل + ال), or عال.
_CLITICS_WITH_ARTICLE = r"(?:[وف])?(?:[بك]?ال|لل|عال)"
#: Where a label glued to what it introduces ends ("الوسومالعراق", "Tagsمصر"): before an article,
#: or where the script changes. No word goes on that way.
_GLUE = r"(?:(?!\w)|(?=ال\w)|(?<=[\u0621-\u064a])(?=[a-z0-9])|(?<=[a-z])(?=[\u0621-\u064a]))"
#: Separators between a label and what it introduces.
_SEPARATOR = re.compile(r"\s*[:：|\-–—/ـ»>.…،]+\s*")
#: What an ``only`` line may hold besides its words: separators, brackets, digits, bullets.
_LEFTOVER = re.compile(r"[\s\d\W_]+")
#: What may open a line before its first word: bullets, emoji, brackets, stars, quotes.
_OPENING = r"[\W_]*"
#: A line ending like a sentence; two dots or more are an ellipsis or a decoration ("… وكالات ..").
_SENTENCE_END = re.compile(r"(?:(?<!\.)\.|[!؟?])[\"'”»)\]]*$")
_DIGIT = re.compile(r"\d")
#: Words a credit's outlet name may carry although they are function words.
_CREDIT_WORDS = frozenset({"عن", "من", "ل", "و", "مع"})
_FUNCTION_WORDS = FUNCTION_WORDS
_NAME_WORDS = frozenset({"علي"})
#: A place (perhaps after the outlet) before the name: "مراسلنا في القاهرة - X", "الموقع في بغداد - X".
_PLACE_FIRST = re.compile(r"^(?:[^\s:\-–—]+\s+)?(?:في|من)\s+[^\s:\-–—]+(?:\s+[^\s:\-–—]+)?\s*[:\-–—]+\s*")


def _word_parts(word: str, clitics: bool = True, glue: bool = False) -> tuple[tuple[str, str, str], str]:
    """One vocabulary entry as (what goes before, clitics, what goes after) and its body:
    folded, spaces flexible, ``*`` = longer forms too.

    Inside a line the word may carry clitics (و ف ب ل ك, ال); opening a line it may not: a
    line opening "فحسب" or "وتابع" goes on from the one above, it is not a label. ``glue``: the
    word may also end where a glued word starts (``_GLUE``)."""
    stem = word.endswith("*")
    if word.startswith("="):  # the word exactly, no clitics: "=التالي" is not "كالتالي"
        clitics, word = False, word[1:]
    folded = fold_key(word.rstrip("*")).lower()
    if not folded.strip():
        raise DataError(f"concepts.toml: empty word {word!r}")
    lead = _CLITICS if clitics and folded[0].isalpha() else ""
    if lead and folded.startswith("ال") and len(folded.split()[0]) >= 5:
        # a word listed with its article also takes the clitics that fuse with it: ل + ال = لل
        # ("للصفحه" is "ل" + "الصفحه"), and the dialects' عال
        lead, folded = _CLITICS_WITH_ARTICLE, folded[2:]
    body = r"[\s.]*".join(re.escape(part) for part in folded.split())
    before = r"(?<!\w)" if folded[0].isalnum() else ""
    after = r"\w*" if stem else ((_GLUE if glue else r"(?!\w)") if folded[-1].isalnum() else "")
    return (before, lead, after), body


def _group_pattern(words: list[str], clitics: bool = True, glue: bool = False) -> str:
    r"""A word group as one pattern. Words that share their boundaries and clitics share one
    branch, ``(?<!\w)(?:clitics)?(?:w1|w2|…)(?!\w)``, so that at a position inside a word the
    engine fails once on the boundary instead of once per word."""
    branches: dict[tuple[str, str, str], list[str]] = {}
    # Longer entries first, so "فيس بوك" is tried before "فيس".
    for word in sorted(dict.fromkeys(words), key=len, reverse=True):
        frame, body = _word_parts(word, clitics, glue)
        branches.setdefault(frame, []).append(body)
    alternatives = (f"{before}{lead}(?:{'|'.join(bodies)}){after}" for (before, lead, after), bodies in branches.items())
    return "(?:" + "|".join(alternatives) + ")"


@dataclass(frozen=True, slots=True)
class Concept:
    """One ``[[concept]]`` of ``concepts.toml``, compiled."""

    id: str
    kind: str
    start: re.Pattern[str] | None  #: matches the line's opening words (after bullets), a word of each group in turn
    after: After
    rest: Rest
    all: tuple[re.Pattern[str], ...]
    none: re.Pattern[str] | None
    only: re.Pattern[str] | None  #: the line is made of these words (and separators, digits) alone
    shape: re.Pattern[str] | None  #: a shape the line must show somewhere (an address, a handle)
    ends: re.Pattern[str] | None  #: the line ends in brackets that open with one of these words
    digits: bool  #: the line must carry a number
    max_words: int
    sentence: bool
    zone: Zone
    header: bool
    glued: bool  #: also cut when glued after the last sentence, without opening words (a strong shape)
    glue: bool  #: the opening words may be glued to what follows them ("الوسومالعراق")
    alone: bool  #: the kept lines right above and below are not short lines (a poem's, a list's)
    last: bool  #: nothing but blank or removed lines follows the line (the text's last one)
    examples: tuple[str, ...]
    counter: tuple[str, ...]
    why: str
    #: every line it matches holds an Arabic or Latin letter (each word of its opening, of one of
    #: its ``all`` groups or of all its ``only`` groups has one): a line without one is skipped
    #: unscanned (a line of 100,000 dashes costs one scan, not one per concept and group)
    letters: bool = False

    def matches(self, key: str) -> bool:
        """Whether a line's key (folded, stripped) has this concept's words and shape; the zone
        is the caller's business."""
        return self.match(key) is not None

    def match(self, key: str, words: int = -1, lowered: str | None = None) -> Literal["line", "header"] | None:
        """``"header"`` for a header concept's words alone on the line (the kind's cleaner takes
        the block under it), ``"line"`` for any other match, None if the line does not match.
        ``words``: the key's token count, ``lowered``: ``key.lower()``, where the caller knows them."""
        if words < 0:
            words = len(key.split())
        if not key or words > self.max_words or len(key) > 64 * self.max_words:
            return None  # more than 64 characters per word it may have: no line it describes (a 100 KB token)
        if not self.sentence and _SENTENCE_END.search(key) and words >= 4:
            return None
        if lowered is None:
            lowered = key.lower()
        rest = lowered
        if self.start is not None:
            found = self.start.match(lowered)
            if found is None:
                return None
            rest = lowered[found.end() :]
            separator = _SEPARATOR.match(rest)
            separated = separator is not None
            if separator is not None:
                rest = rest[separator.end() :]
            elif rest and rest[0].isalnum():
                if not self.glue:
                    return None  # the opening word goes on: "كتبت" is not "كتب", "bylaw" not "by"
                separated = True  # a label glued to its first item, where the pattern allows it
            if self.after == "sep" and not separated:
                return None
            if self.after == "sep_or_end" and not separated and rest.strip():
                return None
            if self.after == "end" and rest.strip():
                return None
        if self.digits and not _DIGIT.search(lowered):
            return None
        if any(group.search(lowered) is None for group in self.all):
            return None
        if self.shape is not None and self.shape.search(lowered) is None:
            return None
        if self.ends is not None and self.ends.search(lowered) is None:
            return None
        if self.none is not None and self.none.search(lowered):
            return None
        if self.only is not None:
            bare, count = self.only.subn(" ", lowered)
            if not count or _LEFTOVER.sub("", bare):
                return None
        if not _rest_shaped(self.rest, rest.strip()):
            return None
        # a header: its words alone, or naming the outlet whose pieces the block lists ("More from X")
        return "header" if self.header and (not rest.strip() or self.rest == "credit") else "line"


def _opening(start: Sequence[str], group: Callable[[str, int, bool], str], where: str) -> str:
    """The opening words' pattern: a word of each group in turn, spaces between; a group named
    ``"name?"`` may be left out ("وسوم الخبر:" and "وسوم:" are one label; "هذا التقرير مترجم عن"
    and "مترجم عن" one credit)."""
    opening, spaced = "", False  # spaced: a word is already there, the next one needs a space
    for position, name in enumerate(start):
        optional = name.endswith("?")
        # a word that may open the line takes no clitics: "ومترجم عن" goes on from the line above
        pattern = group(name.rstrip("?"), 1 if spaced else 0, position == len(start) - 1)
        if optional and not spaced:
            if position + 1 == len(start) or start[position + 1].endswith("?"):
                raise DataError(f"{where}: an optional opening group ({name}) needs a required one after it")
            opening += rf"(?:{pattern}\s+)?"
        elif optional:
            opening += rf"(?:\s+{pattern})?"
        else:
            opening += rf"\s+{pattern}" if spaced else pattern
            spaced = True
    return opening


#: A token of a wire code: an initial, a short code, something with a digit ("كونا131158", "ت ا").
_CODE_TOKEN = re.compile(r"^(?:[^\W\d_]{1,4}|\S*\d\S*|[a-z]{1,5})$")
#: What separates the tokens of a wire code: spaces, dots, slashes, dashes, brackets ("م.ل/و.ا").
_CODE_SPLIT = re.compile(r"[\s()\[\]/\\.,:;|*\-–—]+")


def _rest_shaped(shape: Rest, rest: str) -> bool:
    if not shape:
        return True
    words = rest.split()
    if shape == "codes":  # nothing, or agency codes, initials and numbers only
        codes = [word for word in _CODE_SPLIT.split(rest) if word]
        return len(codes) <= 14 and all(_CODE_TOKEN.match(word) for word in codes)
    if not words or _SENTENCE_END.search(rest):
        return False
    if shape == "items":
        return len(words) <= 30
    if shape == "labels":  # a bare list of names and nouns: no function word, no prose connective
        labels = {word.strip("()[]«»\"'.,،-–—/|#") for word in words}
        return len(words) <= 30 and not ((_FUNCTION_WORDS - _NAME_WORDS) & labels)
    bare = [word.strip("()[]«»\"'.,،-–—/") for word in words]
    bare = [word for word in bare if word]
    if shape == "name":
        # a person's name, perhaps with a title and a place: 1-6 words, no digit, no function word
        # ("علي" is the name Ali as often as the preposition)
        place = _PLACE_FIRST.match(rest)
        if place is not None:
            bare = [word for word in bare[len(rest[: place.end()].split()) :] if word]
        return 1 <= len(bare) <= 6 and not _DIGIT.search(rest) and not ((_FUNCTION_WORDS - _NAME_WORDS) & set(bare))
    # credit: an outlet's or agency's name
    return 1 <= len(bare) <= 7 and not ((_FUNCTION_WORDS - _CREDIT_WORDS) & set(bare))


_CLASS = re.compile(r"^\{([a-z_]+)\}$")


def _with_classes(words: list[str], where: str) -> list[str]:
    """A group's words with each ``{macro}`` entry replaced by that word class of ``vocab.toml``
    (``{platform}``, ``{agency}``, ``{also}``): a class is declared once, for cues and concepts."""
    classes = {word_class.macro: word_class for word_class in vocabulary().values()}
    expanded: list[str] = []
    for word in words:
        found = _CLASS.match(word)
        if found is None:
            expanded.append(word)
        elif found[1] in classes:
            expanded.extend(classes[found[1]].words)
        else:
            raise DataError(f"{where}: unknown word class {word}; known: {', '.join('{' + m + '}' for m in sorted(classes))}")
    return expanded


@functools.cache
def word_group(name: str) -> re.Pattern[str]:
    """One word group of ``concepts.toml``'s ``[words]``, compiled as concepts match it (whole
    words, clitics in front), for the neighbour rules that read a concept's vocabulary; it is
    searched in a line's lower-cased key."""
    words: dict[str, list[str]] = read_toml("concepts.toml").get("words", {})
    if name not in words:
        raise KeyError(f"concepts.toml has no word group {name!r}")
    return re.compile(_group_pattern(_with_classes(words[name], f"concepts.toml: word group {name!r}")))


@functools.cache
def concepts() -> tuple[Concept, ...]:
    """Every concept of ``arclean/data/concepts.toml``, compiled, in file order."""
    return parse_concepts(read_toml("concepts.toml"))


def parse_concepts(data: dict) -> tuple[Concept, ...]:
    """Validate and compile the ``[words]`` and ``[[concept]]`` tables of a parsed concept file."""
    words: dict[str, list[str]] = data.get("words", {})
    groups: dict[tuple[str, bool, bool], str] = {}

    def lettered(name: str, where: str) -> bool:
        return all(_LETTER.search(fold_key(word)) for word in _with_classes(words[name], where))

    def group(name: str, where: str, clitics: bool = True, glue: bool = False) -> str:
        if name not in words:
            raise DataError(f"{where}: unknown word group {name!r}; known: {', '.join(sorted(words))}")
        if (name, clitics, glue) not in groups:
            groups[name, clitics, glue] = _group_pattern(
                _with_classes(words[name], f"{where}: word group {name!r}"), clitics, glue
            )
        return groups[name, clitics, glue]

    compiled: list[Concept] = []
    seen: set[str] = set()
    for position, entry in enumerate(data.get("concept", []), start=1):
        where = f"concepts.toml: concept #{position} ({entry.get('id', '?')})"
        missing = {"id", "kind", "max_words"} - entry.keys()
        if missing:
            raise DataError(f"{where}: missing {', '.join(sorted(missing))}")
        if entry["kind"] not in kind_names():
            raise DataError(f"{where}: kind {entry['kind']!r} is not one of {', '.join(kind_names())}")
        if entry["id"] in seen:
            raise DataError(f"{where}: duplicate id")
        seen.add(entry["id"])
        if not any(entry.get(name) for name in ("start", "all", "only", "shape", "ends")):
            raise DataError(f"{where}: a concept needs word groups ('start', 'all', 'only') or a 'shape'")
        start = entry.get("start")
        glue = bool(entry.get("glue", False))
        if glue and not start:
            raise DataError(f"{where}: 'glue' needs opening words ('start')")

        def opening_group(name: str, position: int, last: bool, where: str = where, glue: bool = glue) -> str:
            return group(name, where, clitics=position > 0, glue=glue and last)

        opening = _opening(start or (), opening_group, where)
        none = entry.get("none")
        only = entry.get("only")
        ends = entry.get("ends")
        try:
            shape = re.compile(entry["shape"], re.IGNORECASE) if "shape" in entry else None
        except re.error as error:
            raise DataError(f"{where}: shape does not compile: {error}") from None
        compiled.append(
            Concept(
                id=entry["id"],
                kind=entry["kind"],
                start=re.compile(_OPENING + opening) if start else None,
                after=entry.get("after", "any"),
                rest=entry.get("rest", ""),
                all=tuple(re.compile(group(g, where)) for g in entry.get("all", ())),
                none=re.compile("|".join(group(g, where) for g in none)) if none else None,
                only=re.compile("|".join(group(g, where) for g in only)) if only else None,
                shape=shape,
                ends=re.compile(r"\(\s*(?:" + "|".join(group(g, where, clitics=False) for g in ends) + r")[^()]{0,60}\)\s*$")
                if ends
                else None,
                digits=bool(entry.get("digits", False)),
                max_words=int(entry["max_words"]),
                sentence=bool(entry.get("sentence", False)),
                zone=entry.get("zone", "edge"),
                header=bool(entry.get("header", False)),
                glued=bool(entry.get("glued", False)),
                glue=glue,
                alone=bool(entry.get("alone", False)),
                last=bool(entry.get("last", False)),
                examples=tuple(entry.get("examples", ())),
                counter=tuple(entry.get("counter", ())),
                why=entry.get("why", ""),
                letters=any(lettered(g, where) for g in start or () if not g.endswith("?"))
                or any(lettered(g, where) for g in entry.get("all", ()))
                or bool(only and all(lettered(g, where) for g in only)),
            )
        )
        concept = compiled[-1]
        if concept.after not in ("any", "sep", "sep_or_end", "end") or concept.rest not in (
            "",
            "name",
            "credit",
            "items",
            "labels",
            "codes",
        ):
            raise DataError(f"{where}: 'after' or 'rest' has an unknown value")
        if concept.zone not in ("any", "edge", "below"):
            raise DataError(f"{where}: zone must be 'any', 'edge' or 'below'")
    return tuple(compiled)


def mark_concepts(labels: Labels, table: ConceptTable) -> None:
    """Mark the unmarked lines one of ``table``'s concepts matches, where its zone allows.

    ``edge`` concepts apply above the story's first prose line and from its last one on (the
    last one counts: a disclaimer or a rights line may read like a sentence and close the text);
    ``below`` concepts from its last one on only (a tag list under the story, never a headline).
    """
    if not table.concepts:
        return
    if table.positions is not None:
        _mark_hits(labels, table)
        return
    bounds = labels.story_bounds()
    marks = labels.marks
    longest, opening = table.longest, table.opening
    for line, lowered, opens_any in _short_lines(labels.doc, _reach(table)):
        if line.words > longest or marks[line.index] is not None:
            continue
        below = bounds is None or line.index >= bounds[1]
        at_edge = below or line.index < bounds[0]  # type: ignore[index]
        opens = opens_any and opening is not None and opening.match(lowered) is not None
        lettered: bool | None = None  #: whether the line holds a letter (looked for once, if asked)
        for concept in table.concepts if at_edge else table.anywhere:
            if line.words > concept.max_words or (concept.start is not None and not opens):
                continue
            if concept.letters:
                if lettered is None:
                    lettered = _LETTER.search(line.key) is not None
                if not lettered:
                    continue
            if concept.zone == "below" and not below:
                continue
            found = concept.match(line.key, line.words, lowered)
            if found is not None and _take(labels, line, concept, found):
                break


def _mark_hits(labels: Labels, table: ConceptTable) -> None:
    """``mark_concepts`` for a table of built-in concepts in file order. The word tests are made
    once per line for every cleaner (``_document_hits``): a line's ``zone = "any"`` concepts
    once it is short and unmarked, the others once it is at the story's edge as well; each
    cleaner visits only the lines its own concepts took, in line order, and tries them there in
    file order. The zone, the neighbours and the marks are read now, as the loop over every
    line would."""
    bounds = labels.story_bounds()
    lines = _table_lines(_document_hits(labels, bounds), table)
    if not lines:
        return
    marks = labels.marks
    positions = table.positions
    for line, hits in lines:
        if marks[line.index] is not None:
            continue
        below = bounds is None or line.index >= bounds[1]
        at_edge = below or line.index < bounds[0]  # type: ignore[index]
        for position, concept, found in hits:
            if position not in positions:  # type: ignore[operator]
                continue
            if not at_edge and concept.zone != "any":
                continue
            if concept.zone == "below" and not below:
                continue
            if _take(labels, line, concept, found):
                break


def _take(labels: Labels, line: Line, concept: Concept, found: Literal["line", "header"]) -> bool:
    """Mark ``line`` for ``concept``, which its word test took (``found``), where its neighbours
    allow (``_placed``): whole, or from where it is glued after a story sentence. False: the
    next concept may take the line (misplaced, or the mark refused: its rule switched off). A
    concept without opening words whose words are spread over a story sentence takes nothing
    and leaves the line to no other."""
    if not _placed(labels, line, concept):
        return False
    glued = glued_after_sentence(line.key, concept.matches) if concept.start is None else None
    if glued is None:
        return labels.mark_line(line, concept.kind, concept.id, header=found == "header")
    if glued > 0:
        labels.mark_partial(line, raw_offset(line, glued), line.end, concept.kind, concept.id)
    return True


#: One concept that a line's word test took: (its place in ``concepts()``, it, what ``match`` said).
Hit = tuple[int, "Concept", Literal["line", "header"]]
#: The two parts of the built-in concepts a line is tested for: those that apply anywhere
#: (``zone = "any"``), tested on every short line, and the others, tested on the lines at the
#: story's edge only (a story line is offered to no other).
ANYWHERE, AT_EDGE = 0, 1
#: What the built-in concepts' word tests (words and shape, no zone) took on each short line's
#: key, by key: the key's token count and the hits of each part (None: not tested yet). Shared by
#: every document (a site's boilerplate lines repeat across its pages), emptied when it grows
#: past ``_KEY_HITS_LIMIT`` keys.
_KEY_HITS: dict[str, tuple[int, list[tuple[Hit, ...] | None]]] = {}
_KEY_HITS_LIMIT = 1 << 14


def clear_key_memos() -> None:
    """Forget the word-test results and glued parts kept per line key across documents. They
    make a key seen before cost a look-up (a site's boilerplate repeats across its pages); the
    benchmarks clear them before each timed pass, so that re-cleaning one set is not timed warm."""
    for memo in KEY_MEMOS:
        memo.clear()


@functools.cache
def _part_positions() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The places in ``concepts()`` of each part (see ``ANYWHERE``), in file order."""
    everything = concepts()
    anywhere = tuple(position for position, concept in enumerate(everything) if concept.zone == "any")
    return anywhere, tuple(position for position, concept in enumerate(everything) if concept.zone != "any")


@dataclass(slots=True)
class _DocumentHits:
    """What the built-in concepts' word tests took in one document so far."""

    doc: Document
    short: list[int]  #: the indices of the non-blank lines no longer than the longest concept allows
    words: dict[str, int]  #: each of their keys' token count (``Line.words``)
    by_kind: dict[str, dict[int, tuple[Line, tuple[Hit, ...]]]]  #: per kind: line index -> its hits
    #: the short lines marked when the first cleaner looked: tested for the ``"any"`` concepts
    #: once a rule gives one back (a line already taken is offered to no concept)
    untested: list[int]
    edge_tested: set[int]  #: the lines tested for the other concepts too
    #: the labels, their ``given_back`` count and the story bounds when the tests were last
    #: brought up to date: while none of them changes, no line is left to test (marks only
    #: became more, and a marked line is offered to no concept)
    checked: tuple[Labels, int, tuple[int, int] | None] | None = None


#: The last document's hits: every cleaner of a pipeline asks for the same document in turn.
_DOCUMENT_HITS: list[_DocumentHits | None] = [None]


def _document_hits(labels: Labels, bounds: tuple[int, int] | None) -> _DocumentHits:
    """The built-in concepts' word tests on the document's short unmarked lines, made as far as
    a cleaner needs them now (story bounds ``bounds``) and kept for the next cleaners."""
    doc, marks = labels.doc, labels.marks
    found = _DOCUMENT_HITS[0]
    if found is None or found.doc is not doc:
        longest = _all_concepts_reach()[1]
        keys = doc.keys
        # token counts per distinct key, and the short lines by index: no Line built for a line
        # no concept takes (a page of 100,000 one-letter lines)
        words = {key: len(key.split()) if " " in key else int(bool(key)) for key in doc.distinct_keys()}
        indices = doc.long_lines(1)
        short = list(compress(indices, map(longest.__ge__, map(words.__getitem__, map(keys.__getitem__, indices)))))
        found = _DocumentHits(doc, short, words, {}, short, set())
        _DOCUMENT_HITS[0] = found
    checked = found.checked
    if checked is not None and checked[0] is labels and checked[1] == labels.given_back and checked[2] == bounds:
        return found  # (each cleaner of a pipeline asks in turn: one look for all of them)
    found.checked = (labels, labels.given_back, bounds)
    if found.untested:  # (a Mark is always true: C-level filters on the marks)
        given = list(filterfalse(marks.__getitem__, found.untested))
        if given:
            found.untested = list(compress(found.untested, map(marks.__getitem__, found.untested)))
            _add_hits(found, given, ANYWHERE)
    short = found.short
    if bounds is None:
        edge: Iterable[int] = short
    else:
        edge = itertools.chain(short[: bisect.bisect_left(short, bounds[0])], short[bisect.bisect_left(short, bounds[1]) :])
    tested = found.edge_tested
    wanted = list(filterfalse(tested.__contains__, filterfalse(marks.__getitem__, edge)))
    if wanted:
        tested.update(wanted)
        _add_hits(found, wanted, AT_EDGE)
    return found


def _add_hits(found: _DocumentHits, indices: list[int], part: int) -> None:
    """Test the lines at ``indices`` for the concepts of ``part`` and add what they took to ``found``."""
    keys, words = found.doc.keys, found.words
    hits_of = _keys_hits(keys, words, indices, part)
    by_kind = found.by_kind
    lines = found.doc.lines
    # only the lines whose key some concept took (or whose key is to be tested alone), picked by
    # a C-level filter: most short lines are taken by none (a page of 60,000 lines of "!")
    wanted = {key for key, hits in hits_of.items() if hits}
    wanted.update(key for key in dict.fromkeys(map(keys.__getitem__, indices)) if key not in hits_of)
    for index in with_keys(keys, indices, wanted) if wanted else ():
        key = keys[index]
        hits = hits_of.get(key)
        if hits is None:  # (a key kept with another token count than this line's: tested alone)
            hits = _test_key(key, words[key], key.lower(), _part_positions()[part])
        if not hits:
            continue
        line = lines[index]
        per_kind: dict[str, list[Hit]] = {}
        for hit in hits:
            per_kind.setdefault(hit[1].kind, []).append(hit)
        for kind, kind_hits in per_kind.items():
            listed = by_kind.setdefault(kind, {})
            known = listed.get(line.index)
            joined = tuple(kind_hits) if known is None else tuple(sorted(known[1] + tuple(kind_hits), key=_place))
            listed[line.index] = (line, joined)


def _place(hit: Hit) -> int:
    return hit[0]


def _keys_hits(keys: list[str], words_of: dict[str, int], indices: list[int], part: int) -> dict[str, tuple[Hit, ...]]:
    """The hits of ``part`` on each distinct key of the lines at ``indices``: those kept looked up, the others
    tested (the kernel's concept gate first, where it runs: each concept is tried only on the
    keys that hold what it needs) and kept. A key kept with another token count is left out."""
    hits_of: dict[str, tuple[Hit, ...]] = {}
    new: dict[str, int] = {}
    for key in dict.fromkeys(map(keys.__getitem__, indices)):
        words = words_of[key]
        known = _KEY_HITS.get(key)
        if known is None or (known[0] == words and known[1][part] is None):
            new[key] = words
        elif known[0] == words:
            hits_of[key] = known[1][part]  # type: ignore[assignment]
    if not new:
        return hits_of
    lowered = [key.lower() for key in new]
    positions = _part_positions()[part]
    candidates = _gate_candidates(lowered, part)
    if len(_KEY_HITS) + len(new) > _KEY_HITS_LIMIT:
        _KEY_HITS.clear()
    for number, (key, words) in enumerate(new.items()):
        hits = _test_key(key, words, lowered[number], positions if candidates is None else candidates[number])
        hits_of[key] = hits
        kept = _KEY_HITS.get(key)
        if kept is None:
            _KEY_HITS[key] = (words, [hits, None] if part == ANYWHERE else [None, hits])
        else:
            kept[1][part] = hits
    return hits_of


#: The union of every concept's opening words is tried before their own openings where at least
#: this many of a key's candidates have some: it is one large pattern (~20 times one opening).
_UNION_OPENING_AT = 16


def _test_key(key: str, words: int, lowered: str, candidates: Sequence[int]) -> tuple[Hit, ...]:
    """The concepts among ``candidates`` (places in ``concepts()``, in order) whose words and
    shape ``key`` has; the cheap tests first, as ``mark_concepts`` makes them (a concept with
    opening words matches only a line that the union of every concept's opening words opens;
    where few candidates have opening words, as the kernel's gate leaves them, each one's own
    opening is tried instead: the union matches where one of them does)."""
    everything = concepts()
    opening = _all_concepts_reach()[2]
    many = sum(everything[position].start is not None for position in candidates) >= _UNION_OPENING_AT
    opens: bool | None = None if many else True
    lettered: bool | None = None
    hits = []
    for position in candidates:
        concept = everything[position]
        if words > concept.max_words:
            continue
        if concept.start is not None:
            if opens is None:
                opens = opening is not None and opening.match(lowered) is not None
            if not opens:
                continue
        if concept.letters:
            if lettered is None:
                lettered = _LETTER.search(key) is not None
            if not lettered:
                continue
        found = concept.match(key, words, lowered)
        if found is not None:
            hits.append((position, concept, found))
    return tuple(hits)


@dataclass(frozen=True, slots=True)
class _ConceptGate:
    """The kernel's gate for the built-in concepts. What a concept needs of a line (its opening
    words, each of its word groups, its shape, its closing brackets) is named as the strings
    any match of that pattern holds (``native_gate.literal_needs``: "one of these words"), and
    one Aho-Corasick pass over many lines tells which lines hold which needs. A concept is tried
    on a line only where all its needs are there; a pattern for which no string can be named is
    no need (the gate lets more through, never less)."""

    #: per part (``ANYWHERE``, ``AT_EDGE``): ``arclean._native.LineNeeds`` over its needs' strings,
    #: reporting the part's concepts whose needs a line holds (``candidates``)
    scans: tuple[Any, ...]
    needs: tuple[tuple[int, ...], ...]  #: per concept, in file order: the ids of its needs


@functools.cache
def _concept_gate() -> _ConceptGate | None:
    """The concept gate, or None where the kernel is not installed (every concept is tried)."""
    if native is None or not hasattr(native, "LineNeeds"):
        return None
    ids: dict[frozenset[str], int] = {}
    needs = []
    for concept in concepts():
        patterns = [concept.start] if concept.start is not None else []
        patterns += [*concept.all, *(pattern for pattern in (concept.shape, concept.ends, concept.only) if pattern is not None)]
        named = [literal_needs(pattern.pattern, pattern.flags) for pattern in patterns]
        telling = [strings for strings in named if strings is not None and _telling(strings)]
        needs.append(tuple(dict.fromkeys(ids.setdefault(strings, len(ids)) for strings in telling)))
    scans = []
    for positions in _part_positions():  # one automaton per part, of that part's needs only
        used = {need for position in positions for need in needs[position]}
        served: dict[str, list[int]] = {}
        for strings, need in ids.items():
            if need in used:
                for string in strings:
                    served.setdefault(string, []).append(need)
        wanted = [(position, list(needs[position])) for position in positions]
        try:
            scans.append(native.LineNeeds(list(served), list(served.values()), len(ids), wanted))
        except ValueError:
            return None
    return _ConceptGate(tuple(scans), tuple(needs))


#: A need is left out when one of its strings is this short and a letter or digit ("ا", "و":
#: nearly every line holds one; reading for it would cost more than the tests it saves).
_WEAK_NEED = 1


def _telling(strings: frozenset[str]) -> bool:
    """Whether a pattern's literal needs are worth reading a text for (see ``_WEAK_NEED``)."""
    return bool(strings) and not any(len(string) <= _WEAK_NEED and string.isalnum() for string in strings)


def _gate_candidates(lowered: list[str], part: int) -> list[list[int]] | None:
    """For each lower-cased key, the places of the concepts of ``part`` (see ``ANYWHERE``) whose
    needs it holds, in file order (one kernel call for all the keys); None where the gate does
    not run (no kernel, or a key the kernel cannot read)."""
    gate = _concept_gate()
    if gate is None:
        return None
    if not lowered:
        return []
    try:
        found: list[list[int]] = gate.scans[part].candidates("\n".join(lowered))
    except UnicodeEncodeError:  # a lone surrogate
        return None
    return found


def may_match(lowered: str) -> frozenset[int] | None:
    """The places in ``concepts()`` of the built-in concepts whose needs the lower-cased key
    ``lowered`` holds, of every zone: the only ones that can match it (``Concept.matches``);
    None where the gate does not run (no kernel, or a key it cannot read)."""
    places: set[int] = set()
    for part in (ANYWHERE, AT_EDGE):
        found = _gate_candidates([lowered], part)
        if found is None:
            return None
        places.update(found[0])
    return frozenset(places)


def _table_lines(found: _DocumentHits, table: ConceptTable) -> list[tuple[Line, tuple[Hit, ...]]]:
    """The lines some concept of ``table`` took, in line order, with their hits of its kinds."""
    kinds = table.kinds
    if len(kinds) == 1:
        listed = found.by_kind.get(kinds[0])
        return [listed[index] for index in sorted(listed)] if listed else []
    # a line taken by concepts of two of the table's kinds: one entry, its hits in file order
    joined: dict[int, tuple[Line, list[Hit]]] = {}
    for kind in kinds:
        for index, (line, hits) in found.by_kind.get(kind, {}).items():
            joined.setdefault(index, (line, []))[1].extend(hits)
    return [(joined[index][0], tuple(sorted(joined[index][1], key=_place))) for index in sorted(joined)]


def _short_kept(labels: Labels, line: Line | None) -> bool:
    """A kept line that is not story prose: one of a poem's or a list's lines, or leaked boilerplate."""
    return (
        line is not None
        and labels.marks[line.index] is None
        and not (line.paragraph_like or (line.ends_sentence and line.words >= 5))
    )


#: The most lines an ``alone`` concept's run may hold (two captions, a writer's two notes).
_RUN = 3


def _placed(labels: Labels, line: Line, concept: Concept) -> bool:
    """Whether the line sits where ``concept`` allows beyond its zone. ``alone``: the run of short
    kept lines it belongs to (up to the story prose, a removed line or the text's edge) is made of
    lines the concept matches, three at most: a caption under a story, or a writer's two notes,
    but never one line of a poem or a list opening "صورة …" with lines unlike it around it, nor
    a list the line above introduces with a colon;
    ``last``: every line after it is blank or already removed (a bracketed outlet name closing
    the text, never a bracket in the middle of it)."""
    if concept.alone:
        run = 1
        for above, step in ((True, labels.previous_nonblank), (False, labels.next_nonblank)):
            neighbour = step(line.index)
            while _short_kept(labels, neighbour):
                if neighbour.words > concept.max_words or not concept.matches(neighbour.key):  # type: ignore[union-attr]
                    return False
                run += 1
                neighbour = step(neighbour.index)  # type: ignore[union-attr]
            if run > _RUN:
                return False
            if above and neighbour is not None and neighbour.key.rstrip().endswith((":", "：")):
                return False  # the run is the list a line above introduces ("وضم الوفد كلا من:")
    if concept.last:
        marks = labels.marks
        if any(not later.blank and marks[later.index] is None for later in labels.doc.lines[line.index + 1 :]):
            return False
    return True


#: The last document's short lines (see ``_short_lines``): every cleaner asks for the same ones.
_SHORT_LINES: list[tuple[Document, dict[int, list[tuple[Line, str, bool]]]] | None] = [None]
#: (an id: 0 for the built-in concepts, the most words a line may have, opening words as one
#: pattern) of a set of concepts; caches are keyed by the id (hashing a pattern hashes its code)
Reach = tuple[int, int, "re.Pattern[str] | None"]


def _short_lines(doc: Document, reach: Reach) -> list[tuple[Line, str, bool]]:
    """The non-blank lines of at most ``reach[0]`` words, each with its lower-cased key and
    whether ``reach[1]`` opens it: worked out once per document, not once per cleaner."""
    cached = _SHORT_LINES[0]
    if cached is None or cached[0] is not doc:
        cached = (doc, {})
        _SHORT_LINES[0] = cached
    found = cached[1].get(reach[0]) if reach[0] == 0 else None
    if found is None:
        _, longest, opening = reach
        found = []
        for line in doc.lines:
            if line.blank or line.words > longest:
                continue
            lowered = line.key.lower()
            found.append((line, lowered, opening is not None and opening.match(lowered) is not None))
        if reach[0] == 0:  # (another table's lines are not kept: its id may be reused)
            cached[1][0] = found
    return found


def _reach(table: ConceptTable) -> Reach:
    """The built-in concepts' reach for a table of built-in concepts (one list of short lines
    for every cleaner), the table's own otherwise."""
    return _all_concepts_reach() if table.built_in else (id(table), table.longest, table.opening)


@functools.cache
def _all_concepts_reach() -> Reach:
    """The largest ``max_words`` of every built-in concept and their opening words as one pattern
    (a line no built-in concept opens is opened by none of a kind's)."""
    table = ConceptTable.of(concepts())
    return 0, table.longest, table.opening


#: Words before a line's first sentence end from which on that part is taken for story prose.
_PROSE_HEAD_WORDS = 6


def glued_after_sentence(key: str, matches: Callable[[str], bool]) -> int | None:
    """For a pattern whose words may sit anywhere in a line (``matches``): where, in a line of
    several sentences, what it matches starts. None: the line is one piece, or it opens with the
    boilerplate (a disclaimer of two sentences): mark it whole; a
    position: cut from there (a story sentence with a rights line glued after it); 0: the
    words are spread over a story sentence, leave the line alone."""
    breaks = [point for point in _SENTENCE_BREAK.finditer(key) if point.end() < len(key) and not _inside_token(key, point)]
    if not breaks or matches(key[: breaks[0].end()]):
        return None  # one sentence, or the first sentence is the boilerplate itself: the whole line
    for point in breaks:
        if matches(key[point.end() :]):
            return point.end() if len(key[: point.start()].split()) >= _PROSE_HEAD_WORDS else None
    return 0 if len(key[: breaks[0].start()].split()) >= _PROSE_HEAD_WORDS else None


#: Where a line may go on after a sentence: its end mark, closing quotes or brackets, spaces.
_SENTENCE_BREAK = re.compile(r"[.!؟?…][\"'”»)\]]*\s*")
#: Where glued boilerplate may start: a sentence end, or the end of an e-mail address glued to
#: the Arabic words after it ("name@example.comللتواصل مع الكاتب أرسل …").
_GLUED_BREAK = re.compile(
    _SENTENCE_BREAK.pattern + r"|@[A-Za-z0-9-]{1,40}(?:\.[A-Za-z0-9-]{1,40}){0,3}\.[A-Za-z]{2,6}(?=[\u0621-\u064a])"
)
#: A dot between two Latin letters or digits: inside a token ("s.name@", "com.sa", "3.5").
_INSIDE_TOKEN = re.compile(r"[A-Za-z0-9][.][A-Za-z0-9]")


def _inside_token(key: str, point: re.Match[str]) -> bool:
    """A single dot between two Latin letters or digits ("s.name@", "com.sa", "3.5") ends no sentence."""
    return point.end() == point.start() + 1 and _INSIDE_TOKEN.match(key, max(0, point.start() - 1)) is not None


#: How far from the end of a line glued boilerplate may start (characters of the key).
GLUE_WINDOW = 400


def cut_glued_concepts(labels: Labels, table: ConceptTable) -> None:
    """Boilerplate glued after the last sentence of the story's last line (or of a kept line
    below it): what follows a sentence end is cut when, read as a line of its own, one of
    ``table``'s concepts matches it ("… المبارك. رابط الخبر بصحيفة X: …", "… نهاية الخبر. وسوم: …").
    Only concepts with opening words take part: a label that opens what is glued; a concept
    whose words may sit anywhere would take the story's own last sentence. The earliest such
    sentence end wins, so a run of glued boilerplate goes at once."""
    opening, openers, shapes = table.opening, table.openers, table.glued_shapes
    if opening is None and not shapes:
        return
    bounds = labels.story_bounds()
    if bounds is None:
        return
    first = bounds[1]
    groups = _glued_groups(labels.doc, first) if table.positions is not None else _breaking_groups(labels.doc)
    if not groups and not labels.partial:
        return  # (no glued part any built-in concept may take, and no line cut at its end)
    reach = _reach(table)
    # A line already cut at its end (a glued cue) is read up to that cut.
    lines = labels.doc.lines
    cut_at = {mark.line: mark.start for mark in labels.partial if mark.end == lines[mark.line].end} if labels.partial else {}
    marks, keys = labels.marks, labels.doc.keys
    decided: dict[str, tuple[tuple[int, tuple[Concept, ...]], ...]] = {}  #: per distinct key, its glued parts' concepts

    def matches(key: str) -> tuple[tuple[int, tuple[Concept, ...]], ...]:
        parts = decided.get(key)
        if parts is None:
            if table.positions is not None:  # built-in concepts: a look at what any of them takes
                parts = _table_matches(_glued_union(key), table)
            else:
                parts = _glued_matches(key, reach, opening, openers, shapes)
            decided[key] = parts
        return parts

    # the lines to look at: those whose key has a glued part one of the table's concepts takes
    # (decided once per distinct key), and those already cut at their end (read up to the cut)
    todo = {index for index in cut_at if index >= first and _BREAK_CHAR.search(keys[index])}
    for key, indices in groups.items():
        if indices[-1] < first:
            continue  # (story lines and what is above them: no glued tail is read there)
        if matches(key):
            todo.update(index for index in indices if index >= first)
    for index in sorted(todo):
        if marks[index] is not None:
            continue
        key = keys[index]
        if index in cut_at:
            line = lines[index]
            end = cut_at[index]
            folded = fold_key(line.text)
            lead = len(folded) - len(folded.lstrip())
            key = key[: max(0, len(fold_key(line.text[: end - line.start])) - lead)]
        parts = matches(key)
        if not parts:
            continue  # (no line built for it)
        if index not in cut_at:
            line = lines[index]
            end = line.end
        for point_end, matching in parts:
            start = glued_start(line, point_end)  # where the part starts in the raw line
            # a refused mark (its rule switched off) leaves the part to the next concept that matches
            if any(labels.mark_partial(line, start, end, concept.kind, concept.id) for concept in matching):
                cut_at[line.index] = start
                break


def _glued_matches(
    key: str, reach: Reach, opening: re.Pattern[str] | None, openers: tuple[Concept, ...], shapes: tuple[Concept, ...]
) -> tuple[tuple[int, tuple[Concept, ...]], ...]:
    """The glued parts of ``key`` some concept takes: where each starts in the key and the
    concepts that match it, in order (a pure function of the key: decided once per distinct key)."""
    found = []
    for point_end, rest, words, lowered, opens_any in _glued_parts(key, reach):
        opens = opens_any and opening is not None and opening.match(lowered) is not None
        matching = tuple(concept for concept in (openers if opens else ()) + shapes if concept.match(rest, words, lowered))
        if matching:
            found.append((point_end, matching))
    return tuple(found)


#: A glued part some built-in concept may take: (where it starts in the key, the part stripped,
#: its words, lower-cased, whether every concept's opening words open it, the ``glued`` shapes
#: without opening words that match it with their places in ``concepts()``).
UnionPart = tuple[int, str, int, str, bool, tuple[tuple[int, Concept], ...]]
#: ``_glued_union`` by key; emptied when it grows past 4096 keys
_GLUED_UNION: dict[str, tuple[UnionPart, ...]] = {}


def _glued_union(key: str) -> tuple[UnionPart, ...]:
    """The glued parts of ``key`` that a concept of some built-in table may take: those that
    every concept's opening words open, and those a ``glued`` shape matches (tested here once,
    for every table; where the kernel runs, only the shapes whose needs the part holds). A
    part left out is taken by none (a pure function of the key)."""
    found = _GLUED_UNION.get(key)
    if found is None:
        everything = concepts()
        shapes = _glued_shape_places()
        parts = []
        for point_end, rest, words, lowered, opens_any in _glued_parts(key, _all_concepts_reach()):
            may = may_match(lowered)
            tried = shapes if may is None else [position for position in shapes if position in may]
            hits = tuple(
                (position, everything[position]) for position in tried if everything[position].match(rest, words, lowered)
            )
            if opens_any or hits:
                parts.append((point_end, rest, words, lowered, opens_any, hits))
        found = tuple(parts)
        if len(_GLUED_UNION) >= 4096:
            _GLUED_UNION.clear()
        _GLUED_UNION[key] = found
    return found


@functools.cache
def _glued_shape_places() -> tuple[int, ...]:
    """The places in ``concepts()`` of the ``glued`` concepts without opening words."""
    return tuple(position for position, concept in enumerate(concepts()) if concept.glued and concept.start is None)


def _table_matches(union: tuple[UnionPart, ...], table: ConceptTable) -> tuple[tuple[int, tuple[Concept, ...]], ...]:
    """``_glued_matches`` for a table of built-in concepts in file order, from the parts any of
    them may take (``_glued_union``): its openers where its own opening words open the part,
    then its shapes among those that matched, each in file order."""
    opening, openers, positions = table.opening, table.openers, table.positions
    found = []
    for point_end, rest, words, lowered, opens_any, hits in union:
        opens = opens_any and opening is not None and opening.match(lowered) is not None
        matching = tuple(concept for concept in (openers if opens else ()) if concept.match(rest, words, lowered))
        matching += tuple(concept for position, concept in hits if position in positions)  # type: ignore[operator]
        if matching:
            found.append((point_end, matching))
    return tuple(found)


def _glued_groups(doc: Document, first: int) -> dict[str, list[int]]:
    """The lines, by key, holding a glued part some built-in concept may take, among the keys
    found from line ``first`` on: worked out once per document and story end, not once per
    cleaner (a story's lines hold sentence ends that no concept takes)."""
    found = doc.memo.get(("glued_groups", first))
    if found is None:
        found = {key: indices for key, indices in _breaking_groups(doc).items() if indices[-1] >= first and _glued_union(key)}
        doc.memo["glued_groups", first] = found
    return found  # type: ignore[return-value]


#: A character a glued part may follow (``_GLUED_BREAK`` opens with one): a key without any has none.
_BREAK_CHAR = re.compile(r"[.!؟?…@]")
#: The last document's lines holding one (see ``_breaking_lines``): every cleaner asks for them.
_BREAKING: list[tuple[Document, dict[str, list[int]]] | None] = [None]


def _breaking_groups(doc: Document) -> dict[str, list[int]]:
    """The non-blank lines whose key holds a character a glued part may follow, by key: found
    once per document, so that each cleaner's glued pass decides once per distinct key and
    builds no line for the others (a page of 100,000 one-character lines)."""
    cached = _BREAKING[0]
    if cached is None or cached[0] is not doc:
        search = _BREAK_CHAR.search
        groups: dict[str, list[int]] = {}
        for index, key in enumerate(doc.keys):
            if key and search(key):
                groups.setdefault(key, []).append(index)
        cached = (doc, groups)
        _BREAKING[0] = cached
    return cached[1]


#: ``_glued_parts`` of the built-in concepts by (key, 0); emptied when it grows past 4096 keys
_GLUED_PARTS: dict[tuple[str, int], tuple[tuple[int, str, int, str, bool], ...]] = {}
#: Every memo kept per line key (or part of one) across documents, which ``clear_key_memos``
#: empties; other modules add theirs.
KEY_MEMOS: list[Clearable] = [_KEY_HITS, _GLUED_PARTS, _GLUED_UNION]


def _glued_parts(key: str, reach: Reach) -> tuple[tuple[int, str, int, str, bool], ...]:
    """What follows each sentence end in the last ``GLUE_WINDOW`` characters of ``key``, up to the
    first that leaves nothing: (where it starts, the part stripped, its words, lower-cased,
    whether the reach's opening words open it). Every cleaner asks for the same lines."""
    shared = reach[0] == 0  # (another table's parts are not kept: its id may be reused)
    found = _GLUED_PARTS.get((key, 0)) if shared else None
    if found is not None:
        return found
    opening = reach[2]
    parts = []
    for point in _GLUED_BREAK.finditer(key, max(0, len(key) - GLUE_WINDOW)):
        rest = key[point.end() :].strip()
        if not rest:
            break
        if _inside_token(key, point):
            continue
        lowered = rest.lower()
        parts.append((point.end(), rest, len(rest.split()), lowered, _opens(lowered, opening, shared)))
    found = tuple(parts)
    if shared:
        if len(_GLUED_PARTS) >= 4096:
            _GLUED_PARTS.clear()
        _GLUED_PARTS[key, 0] = found
    return found


def _opens(lowered: str, opening: re.Pattern[str] | None, built_in: bool) -> bool:
    """Whether ``opening`` (every concept's opening words as one pattern) matches ``lowered``.
    For the built-in concepts, where the kernel runs, it is asked which of their openings may
    match (``_opening_gate``) and only those are tried: the one large pattern matches where one
    of them does."""
    if opening is None:
        return False
    gate = _opening_gate() if built_in else None
    if gate is None:
        return opening.match(lowered) is not None
    try:
        (places,) = gate.candidates(lowered)
    except UnicodeEncodeError:  # a lone surrogate
        return opening.match(lowered) is not None
    everything = concepts()
    return any(everything[place].start.match(lowered) is not None for place in places)


@functools.cache
def _opening_gate() -> Any:
    """The kernel's gate for the built-in concepts' opening words alone: a ``LineNeeds`` that
    reports, for a lower-cased text, the concepts whose opening's literal needs it holds (those
    of an opening that names none on every line). None where the kernel is not installed."""
    if native is None or not hasattr(native, "LineNeeds"):
        return None
    ids: dict[frozenset[str], int] = {}
    wanted = []
    for place, concept in enumerate(concepts()):
        if concept.start is None:
            continue
        strings = literal_needs(concept.start.pattern, concept.start.flags)
        wanted.append((place, [ids.setdefault(strings, len(ids))] if strings is not None and _telling(strings) else []))
    served: dict[str, list[int]] = {}
    for strings, need in ids.items():
        for string in strings:
            served.setdefault(string, []).append(need)
    try:
        return native.LineNeeds(list(served), list(served.values()), len(ids), wanted)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class ConceptTable:
    """The concepts one cleaner tries, with what lets it skip most lines at once."""

    concepts: tuple[Concept, ...]
    anywhere: tuple[Concept, ...]  #: the concepts with ``zone = "any"``
    longest: int  #: the largest ``max_words``
    opening: re.Pattern[str] | None  #: every concept's opening words as one pattern
    #: all of them built-in (``concepts()``): the cleaners then share one look at each line
    built_in: bool = False
    openers: tuple[Concept, ...] = ()  #: the concepts with opening words (tried on glued parts)
    glued_shapes: tuple[Concept, ...] = ()  #: the ``glued`` concepts without opening words
    #: built-in concepts in file order: their places in ``concepts()`` (their word tests are
    #: then made once per line for every cleaner, see ``_document_hits``); None otherwise
    positions: frozenset[int] | None = None
    kinds: tuple[str, ...] = ()  #: the kinds of its concepts, in file order

    @classmethod
    def of(cls, table: tuple[Concept, ...]) -> ConceptTable:
        starts = [concept.start.pattern for concept in table if concept.start is not None]
        built_in = set(table) <= set(concepts())
        return cls(
            built_in=built_in,
            positions=_positions(table) if built_in else None,
            kinds=tuple(dict.fromkeys(concept.kind for concept in table)),
            # concepts placed by their neighbours (alone, last) never cut a story line's end
            openers=tuple(concept for concept in table if concept.start is not None and not (concept.alone or concept.last)),
            glued_shapes=tuple(concept for concept in table if concept.glued and concept.start is None),
            concepts=table,
            anywhere=tuple(concept for concept in table if concept.zone == "any"),
            longest=max((concept.max_words for concept in table), default=0),
            opening=re.compile("|".join(f"(?:{start})" for start in starts)) if starts else None,
        )

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts)


def _positions(table: tuple[Concept, ...]) -> frozenset[int] | None:
    """The places in ``concepts()`` of ``table``'s concepts (the very objects), if it lists them
    in file order; None otherwise."""
    place = {id(concept): position for position, concept in enumerate(concepts())}
    positions = [place.get(id(concept)) for concept in table]
    if None in positions or any(b <= a for a, b in itertools.pairwise(positions)):  # type: ignore[operator]
        return None
    return frozenset(positions)  # type: ignore[arg-type]


@functools.cache
def kind_concepts(kind: str) -> ConceptTable:
    """The concepts of one kind, in file order."""
    _all_concepts_reach()  # built with the cleaners, not on the first document (a large pattern)
    return ConceptTable.of(tuple(concept for concept in concepts() if concept.kind == kind))


def concept_table_markdown() -> str:
    """docs/concepts.md: every concept with its kind, zone, word tests and why (regenerate after editing data)."""
    rows = ["| id | kind | zone | max words | words and shape | why |", "|---|---|---|---|---|---|"]
    data = read_toml("concepts.toml")
    for entry in data.get("concept", []):
        tests = []
        if entry.get("start"):
            tests.append("opens with " + " + ".join(f"`{g}`" for g in entry["start"]))
        if entry.get("all"):
            tests.append("has " + ", ".join(f"`{g}`" for g in entry["all"]))
        if entry.get("only"):
            tests.append("only " + ", ".join(f"`{g}`" for g in entry["only"]))
        if entry.get("ends"):
            tests.append("ends in (" + ", ".join(f"`{g}`" for g in entry["ends"]) + " …)")
        if entry.get("shape"):
            tests.append("a shape")
        if entry.get("digits"):
            tests.append("a number")
        if entry.get("rest"):
            tests.append(f"then a {entry['rest']}")
        if entry.get("none"):
            tests.append("no " + ", ".join(f"`{g}`" for g in entry["none"]))
        zone = entry.get("zone", "edge")
        why = entry.get("why", "").replace("|", "/")
        rows.append(f"| `{entry['id']}` | {entry['kind']} | {zone} | {entry['max_words']} | {'; '.join(tests)} | {why} |")
    groups = ["", "| word group | words |", "|---|---|"]
    for name, words in data.get("words", {}).items():
        shown = ", ".join(words[:12]) + (f", … ({len(words)} in all)" if len(words) > 12 else "")
        groups.append(f"| `{name}` | {shown.replace('|', '/')} |")
    header = (
        "# Concepts\n\n"
        "Generated from `arclean/data/concepts.toml` by "
        "`python -c \"from arclean.find.concepts import concept_table_markdown as t; print(t(), end='')\" > docs/concepts.md`; "
        "a test keeps it in sync. The data file's header explains every field. A concept names the words any phrasing "
        "of an idea uses and the shape its line must have; each kind's cleaner tries its concepts once its cues have "
        "claimed their lines (see docs/design.md). Each entry carries examples that must be removed when planted after a "
        "story and counter-examples that must be kept inside and after one; the tests run them all.\n\n"
    )
    return header + "\n".join(rows + groups) + "\n"
