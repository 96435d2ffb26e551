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
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from arclean.chars import fold_key
from arclean.find.data import DataError, read_toml
from arclean.find.document import Line, raw_offset, with_keys
from arclean.find.kinds import kind_names
from arclean.find.labels import Labels
from arclean.find.shapes import FUNCTION_WORDS
from arclean.find.vocab import vocabulary

Zone = Literal["any", "edge"]
After = Literal["any", "sep", "sep_or_end", "end"]
Rest = Literal["", "name", "credit", "items"]

#: What may stand in front of a word: the conjunctions و ف, the prepositions ب ل ك, the article.
_CLITICS = r"(?:[وف])?(?:[بلك]|لل)?(?:ال)?"
#: Separators between a label and what it introduces.
_SEPARATOR = re.compile(r"\s*[:：|\-–—/ـ»>.…،]+\s*")
#: What an ``only`` line may hold besides its words: separators, brackets, digits, bullets.
_LEFTOVER = re.compile(r"[\s\d\W_]+")
#: What may open a line before its first word: bullets, emoji, brackets, stars, quotes.
_OPENING = r"[\W_]*"
_SENTENCE_END = re.compile(r"[.!؟?][\"'”»)\]]*$")
_DIGIT = re.compile(r"\d")
#: An Arabic or Latin letter (explicit ranges: a scan for them is 3x faster than for ``\w``).
_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3A-Za-z]")
#: Words a credit's outlet name may carry although they are function words.
_CREDIT_WORDS = frozenset({"عن", "من", "ل", "و"})
_FUNCTION_WORDS = FUNCTION_WORDS
_NAME_WORDS = frozenset({"علي"})
#: A place (perhaps after the outlet) before the name: "مراسلنا في القاهرة - X", "الموقع في بغداد - X".
_PLACE_FIRST = re.compile(r"^(?:[^\s:\-–—]+\s+)?(?:في|من)\s+[^\s:\-–—]+(?:\s+[^\s:\-–—]+)?\s*[:\-–—]+\s*")


def _word_parts(word: str, clitics: bool = True) -> tuple[tuple[str, str, str], str]:
    """One vocabulary entry as (what goes before, clitics, what goes after) and its body:
    folded, spaces flexible, ``*`` = longer forms too.

    Inside a line the word may carry clitics (و ف ب ل ك, ال); opening a line it may not: a
    line opening "فحسب" or "وتابع" goes on from the one above, it is not a label."""
    stem = word.endswith("*")
    if word.startswith("="):  # the word exactly, no clitics: "=التالي" is not "كالتالي"
        clitics, word = False, word[1:]
    folded = fold_key(word.rstrip("*")).lower()
    body = r"[\s.]*".join(re.escape(part) for part in folded.split())
    if not body:
        raise DataError(f"concepts.toml: empty word {word!r}")
    lead = _CLITICS if clitics and folded[0].isalpha() else ""
    before = r"(?<!\w)" if folded[0].isalnum() else ""
    after = r"\w*" if stem else (r"(?!\w)" if folded[-1].isalnum() else "")
    return (before, lead, after), body


def _group_pattern(words: list[str], clitics: bool = True) -> str:
    r"""A word group as one pattern. Words that share their boundaries and clitics share one
    branch, ``(?<!\w)(?:clitics)?(?:w1|w2|…)(?!\w)``, so that at a position inside a word the
    engine fails once on the boundary instead of once per word."""
    branches: dict[tuple[str, str, str], list[str]] = {}
    # Longer entries first, so "فيس بوك" is tried before "فيس".
    for word in sorted(dict.fromkeys(words), key=len, reverse=True):
        frame, body = _word_parts(word, clitics)
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

    def match(self, key: str, words: int = -1) -> Literal["line", "header"] | None:
        """``"header"`` for a header concept's words alone on the line (the kind's cleaner takes
        the block under it), ``"line"`` for any other match, None if the line does not match.
        ``words``: the key's token count, where the caller knows it."""
        if words < 0:
            words = len(key.split())
        if not key or words > self.max_words:
            return None
        if not self.sentence and _SENTENCE_END.search(key) and words >= 4:
            return None
        lowered = key.lower()
        rest = lowered
        if self.start is not None:
            found = self.start.match(lowered)
            if found is None:
                return None
            rest = lowered[found.end() :]
            separator = _SEPARATOR.match(rest)
            if separator is not None:
                rest = rest[separator.end() :]
            elif rest and rest[0].isalnum():
                return None  # the opening word goes on: "كتبت" is not "كتب", "bylaw" not "by"
            if self.after == "sep" and separator is None:
                return None
            if self.after == "sep_or_end" and separator is None and rest.strip():
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
        return "header" if self.header and not rest.strip() else "line"


def _rest_shaped(shape: Rest, rest: str) -> bool:
    if not shape:
        return True
    words = rest.split()
    if not words or _SENTENCE_END.search(rest):
        return False
    if shape == "items":
        return len(words) <= 30
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
    groups: dict[tuple[str, bool], str] = {}

    def lettered(name: str, where: str) -> bool:
        return all(_LETTER.search(fold_key(word)) for word in _with_classes(words[name], where))

    def group(name: str, where: str, clitics: bool = True) -> str:
        if name not in words:
            raise DataError(f"{where}: unknown word group {name!r}; known: {', '.join(sorted(words))}")
        if (name, clitics) not in groups:
            groups[name, clitics] = _group_pattern(_with_classes(words[name], f"{where}: word group {name!r}"), clitics)
        return groups[name, clitics]

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
        opening = r"\s+".join(group(g, where, clitics=n > 0) for n, g in enumerate(start or ()))
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
                examples=tuple(entry.get("examples", ())),
                counter=tuple(entry.get("counter", ())),
                why=entry.get("why", ""),
                letters=bool(start and lettered(start[0], where))
                or any(lettered(g, where) for g in entry.get("all", ()))
                or bool(only and all(lettered(g, where) for g in only)),
            )
        )
        concept = compiled[-1]
        if concept.after not in ("any", "sep", "sep_or_end", "end") or concept.rest not in ("", "name", "credit", "items"):
            raise DataError(f"{where}: 'after' or 'rest' has an unknown value")
        if concept.zone not in ("any", "edge"):
            raise DataError(f"{where}: zone must be 'any' or 'edge'")
    return tuple(compiled)


def mark_concepts(labels: Labels, table: ConceptTable) -> None:
    """Mark the unmarked lines one of ``table``'s concepts matches, where its zone allows.

    ``edge`` concepts apply above the story's first prose line and from its last one on (the
    last one counts: a disclaimer or a rights line may read like a sentence and close the text).
    """
    if not table.concepts:
        return
    bounds = labels.story_bounds()
    doc = labels.doc
    # What a concept finds depends on the key and the zone alone: decided once per distinct key
    # of each zone (a page repeating a line thousands of times costs one decision), with C-level
    # filters around it, and no Line is built for a line that nothing is found on after the
    # first of its key.
    open_lines = labels.unmarked()
    keys = doc.keys
    if bounds is None:
        zones = [(True, open_lines)]
    else:
        inside = bisect.bisect_left(open_lines, bounds[0]), bisect.bisect_left(open_lines, bounds[1])
        zones = [(True, open_lines[: inside[0]] + open_lines[inside[1] :]), (False, open_lines[inside[0] : inside[1]])]
    for at_edge, indices in zones:
        if not indices or (not at_edge and not table.anywhere):
            continue
        # each distinct key's first line (built from the end: the first one written stays)
        first = dict(zip(map(keys.__getitem__, reversed(indices)), reversed(indices), strict=True))
        tried = {key: _concept_on(doc.lines[index], table, at_edge) for key, index in first.items()}
        decided = {key: found for key, found in tried.items() if found is not None}
        for index in with_keys(keys, indices, decided) if decided else ():
            concept, how, glued = decided[keys[index]]
            if glued is None:
                labels.mark_index(index, concept.kind, concept.id, header=how == "header")
            elif glued > 0:
                line = doc.lines[index]
                labels.mark_partial(line, raw_offset(line, glued), line.end, concept.kind, concept.id)


def _concept_on(line: Line, table: ConceptTable, at_edge: bool) -> tuple[Concept, str, int | None] | None:
    """The first of ``table``'s concepts that matches ``line`` where the zone allows, how it
    matched, and where a glued part starts (None: the whole line; 0: leave the line)."""
    if line.words > table.longest:
        return None
    lettered = _LETTER.search(line.key) is not None
    opens: bool | None = None  #: whether any concept's opening words open the line (tried once, if asked)
    for concept in table.concepts if at_edge else table.anywhere:
        if line.words > concept.max_words or (concept.letters and not lettered):
            continue
        if concept.start is not None:
            if opens is None:
                opens = table.opening is not None and table.opening.match(line.key.lower()) is not None
            if not opens:
                continue
        found = concept.match(line.key, line.words)
        if found is None:
            continue
        glued = glued_after_sentence(line.key, concept.matches) if concept.start is None else None
        return concept, found, glued
    return None


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
    opening = table.opening
    if opening is None and not any(concept.glued for concept in table.concepts):
        return
    openers = tuple(concept for concept in table.concepts if concept.start is not None)
    shapes = tuple(concept for concept in table.concepts if concept.glued and concept.start is None)
    bounds = labels.story_bounds()
    if bounds is None:
        return
    # A line already cut at its end (a glued cue) is read up to that cut.
    cut_at = {mark.line: mark.start for mark in labels.partial if mark.end == labels.doc.span(mark.line)[1]}
    doc = labels.doc
    # What is found on a line not cut before depends on its key alone: found once per distinct key.
    open_lines = labels.unmarked(bounds[1])
    keys = doc.keys
    tried = {key: _glued_concept(key, openers, shapes, opening) for key in labels.unmarked_keys(bounds[1])}
    found_on = {key: found for key, found in tried.items() if found is not None}
    cut_open = cut_at.keys() & set(open_lines) if cut_at else set()
    if not found_on and not cut_open:
        return
    for index in sorted({*with_keys(keys, open_lines, found_on), *cut_open}):
        key = keys[index]
        if index in cut_at:
            line = doc.lines[index]
            end = cut_at[index]
            folded = fold_key(line.text)
            lead = len(folded) - len(folded.lstrip())
            found = _glued_concept(key[: max(0, len(fold_key(line.text[: end - line.start])) - lead)], openers, shapes, opening)
        else:
            found = found_on[key]
            line = doc.lines[index]
            end = line.end
        if found is not None:
            start = raw_offset(line, found[0])
            labels.mark_partial(line, start, end, found[1].kind, found[1].id)
            cut_at[index] = start


def _glued_concept(
    key: str, openers: tuple[Concept, ...], shapes: tuple[Concept, ...], opening: re.Pattern[str] | None
) -> tuple[int, Concept] | None:
    """Where in ``key`` the earliest glued boilerplate starts after a sentence end, and its concept."""
    for point in _SENTENCE_BREAK.finditer(key, max(0, len(key) - GLUE_WINDOW)):
        rest = key[point.end() :].strip()
        if not rest:
            break
        if _inside_token(key, point):
            continue
        candidates = openers if opening is not None and opening.match(rest.lower()) is not None else ()
        found = next((concept for concept in candidates + shapes if concept.match(rest) is not None), None)
        if found is not None:
            return point.end(), found
    return None


@dataclass(frozen=True, slots=True)
class ConceptTable:
    """The concepts one cleaner tries, with what lets it skip most lines at once."""

    concepts: tuple[Concept, ...]
    anywhere: tuple[Concept, ...]  #: the concepts with ``zone = "any"``
    longest: int  #: the largest ``max_words``
    opening: re.Pattern[str] | None  #: every concept's opening words as one pattern

    @classmethod
    def of(cls, table: tuple[Concept, ...]) -> ConceptTable:
        starts = [concept.start.pattern for concept in table if concept.start is not None]
        return cls(
            concepts=table,
            anywhere=tuple(concept for concept in table if concept.zone == "any"),
            longest=max((concept.max_words for concept in table), default=0),
            opening=re.compile("|".join(f"(?:{start})" for start in starts)) if starts else None,
        )

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts)


@functools.cache
def kind_concepts(kind: str) -> ConceptTable:
    """The concepts of one kind, in file order."""
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
