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

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from arclean.chars import fold_key
from arclean.document import Line
from arclean.labels import Labels
from arclean.resources import KINDS, DataError, _read_toml, word_lists

Zone = Literal["any", "edge"]
After = Literal["any", "sep", "sep_or_end", "end"]
Rest = Literal["", "name", "credit", "items"]

#: What may stand in front of a word: the conjunctions و ف, the prepositions ب ل ك, the article.
_CLITICS = r"(?:[وف])?(?:[بلك]|لل)?(?:ال)?"
#: Separators between a label and what it introduces.
_SEPARATOR = re.compile(r"\s*[:：|\-–—/ـ»>.…،]+\s*")
#: What an ``only`` line may hold besides its words: separators, brackets, digits, bullets.
_LEFTOVER = re.compile(r"[\s\d\W_]+")
#: What may open a line before its first word: bullets, brackets, stars, quotes.
_OPENING = r"[\s•*·▪►●◦■○»>✓◄▶➤→⬅|\-–—(\[\"«]*"
_SENTENCE_END = re.compile(r"[.!؟?][\"'”»)\]]*$")
_DIGIT = re.compile(r"\d")
#: Words a credit's outlet name may carry although they are function words.
_CREDIT_WORDS = frozenset({"عن", "من", "ل", "و"})
_FUNCTION_WORDS = word_lists().function_words


def _word_pattern(word: str, clitics: bool = True) -> str:
    """One vocabulary entry as a pattern: folded, spaces flexible, ``*`` = longer forms too.

    Inside a line the word may carry clitics (و ف ب ل ك, ال); opening a line it may not: a
    line opening "فحسب" or "وتابع" goes on from the one above, it is not a label."""
    stem = word.endswith("*")
    folded = fold_key(word.rstrip("*")).lower()
    body = r"\s*".join(re.escape(part) for part in folded.split())
    if not body:
        raise DataError(f"concepts.toml: empty word {word!r}")
    lead = _CLITICS if clitics and folded[0].isalpha() else ""
    before = r"(?<!\w)" if folded[0].isalnum() else ""
    after = r"\w*" if stem else (r"(?!\w)" if folded[-1].isalnum() else "")
    return f"{before}{lead}{body}{after}"


def _group_pattern(words: list[str], clitics: bool = True) -> str:
    # Longer entries first, so "فيس بوك" is tried before "فيس".
    ordered = sorted(dict.fromkeys(words), key=len, reverse=True)
    return "(?:" + "|".join(_word_pattern(word, clitics) for word in ordered) + ")"


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
    digits: bool  #: the line must carry a number
    max_words: int
    sentence: bool
    zone: Zone
    header: bool
    examples: tuple[str, ...]
    counter: tuple[str, ...]
    why: str

    def matches(self, key: str) -> bool:
        """Whether a line's key (folded, stripped) has this concept's words and shape; the zone
        is the caller's business."""
        return self.match(key) is not None

    def match(self, key: str) -> Literal["line", "header"] | None:
        """``"header"`` for a header concept's words alone on the line (the kind's cleaner takes
        the block under it), ``"line"`` for any other match, None if the line does not match."""
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
        return 1 <= len(bare) <= 6 and not _DIGIT.search(rest) and not (_FUNCTION_WORDS & set(bare))
    # credit: an outlet's or agency's name
    return 1 <= len(bare) <= 7 and not ((_FUNCTION_WORDS - _CREDIT_WORDS) & set(bare))


@functools.cache
def concepts() -> tuple[Concept, ...]:
    """Every concept of ``arclean/data/concepts.toml``, compiled, in file order."""
    return parse_concepts(_read_toml("concepts.toml"))


def parse_concepts(data: dict) -> tuple[Concept, ...]:
    """Validate and compile the ``[words]`` and ``[[concept]]`` tables of a parsed concept file."""
    words: dict[str, list[str]] = data.get("words", {})
    groups: dict[tuple[str, bool], str] = {}

    def group(name: str, where: str, clitics: bool = True) -> str:
        if name not in words:
            raise DataError(f"{where}: unknown word group {name!r}; known: {', '.join(sorted(words))}")
        if (name, clitics) not in groups:
            groups[name, clitics] = _group_pattern(words[name], clitics)
        return groups[name, clitics]

    compiled: list[Concept] = []
    seen: set[str] = set()
    for position, entry in enumerate(data.get("concept", []), start=1):
        where = f"concepts.toml: concept #{position} ({entry.get('id', '?')})"
        missing = {"id", "kind", "max_words"} - entry.keys()
        if missing:
            raise DataError(f"{where}: missing {', '.join(sorted(missing))}")
        if entry["kind"] not in KINDS:
            raise DataError(f"{where}: kind {entry['kind']!r} is not one of {', '.join(KINDS)}")
        if entry["id"] in seen:
            raise DataError(f"{where}: duplicate id")
        seen.add(entry["id"])
        if not any(entry.get(name) for name in ("start", "all", "only", "shape")):
            raise DataError(f"{where}: a concept needs word groups ('start', 'all', 'only') or a 'shape'")
        start = entry.get("start")
        none = entry.get("none")
        only = entry.get("only")
        try:
            shape = re.compile(entry["shape"], re.IGNORECASE) if "shape" in entry else None
        except re.error as error:
            raise DataError(f"{where}: shape does not compile: {error}") from None
        compiled.append(
            Concept(
                id=entry["id"],
                kind=entry["kind"],
                start=re.compile(_OPENING + r"\s+".join(group(g, where, clitics=False) for g in start)) if start else None,
                after=entry.get("after", "any"),
                rest=entry.get("rest", ""),
                all=tuple(re.compile(group(g, where)) for g in entry.get("all", ())),
                none=re.compile("|".join(group(g, where) for g in none)) if none else None,
                only=re.compile("|".join(group(g, where) for g in only)) if only else None,
                shape=shape,
                digits=bool(entry.get("digits", False)),
                max_words=int(entry["max_words"]),
                sentence=bool(entry.get("sentence", False)),
                zone=entry.get("zone", "edge"),
                header=bool(entry.get("header", False)),
                examples=tuple(entry.get("examples", ())),
                counter=tuple(entry.get("counter", ())),
                why=entry.get("why", ""),
            )
        )
        concept = compiled[-1]
        if concept.after not in ("any", "sep", "sep_or_end", "end") or concept.rest not in ("", "name", "credit", "items"):
            raise DataError(f"{where}: 'after' or 'rest' has an unknown value")
        if concept.zone not in ("any", "edge"):
            raise DataError(f"{where}: zone must be 'any' or 'edge'")
    return tuple(compiled)


def mark_concepts(labels: Labels, table: tuple[Concept, ...], glued: Callable[[Line, Concept], bool] | None = None) -> None:
    """Mark the unmarked lines one of ``table``'s concepts matches, where its zone allows.

    ``edge`` concepts apply above the story's first prose line and from its last one on (the
    last one counts: a disclaimer or a rights line may read like a sentence and close the text).
    When the concept's words may sit anywhere in the line, ``glued(line, concept)`` may take the
    line over (True): a footer line glued after story sentences is cut, not the whole line.
    """
    if not table:
        return
    longest = max(concept.max_words for concept in table)
    bounds = labels.story_bounds()
    marks = labels.marks
    for line in labels.doc.lines:
        if line.blank or marks[line.index] is not None or line.words > longest:
            continue
        at_edge = bounds is None or line.index < bounds[0] or line.index >= bounds[1]
        for concept in table:
            if at_edge or concept.zone == "any":
                found = concept.match(line.key)
                if found is not None and concept.start is None and glued is not None and glued(line, concept):
                    break
                if found is not None:
                    labels.mark_line(line, concept.kind, concept.id, header=found == "header")
                    break


def kind_concepts(kind: str) -> tuple[Concept, ...]:
    """The concepts of one kind, in file order."""
    return tuple(concept for concept in concepts() if concept.kind == kind)
