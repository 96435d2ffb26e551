"""Boilerplate glued at the head of a story line: a byline, a credit, a picture's source, then a
dash or a colon, then the story sentence ("د. X Y - قال …", "Photo: X - …", "www.example.com – …").

It is the mirror of what :func:`arclean.find.concepts.cut_glued_concepts` cuts after the story's
last sentence, and it reads the same concepts: what stands before a separator is cut when, read
as a line of its own, a concept of the cleaner's kind that names a person's or an outlet's shape
matches it (``rest = "name"`` or ``"credit"``), or a concept that is a shape alone on a short
line (a web address, a domain, an e-mail). The cut is at the separator, never inside the story's
words, and what is left must read as a sentence of five words or more.

Where it may sit:

- a head in the script of the story (Arabic before Arabic) only on the lines down to the story's
  first prose line: a byline glued before the first paragraph; further down, "X Y - …" is the
  story naming someone. Even there, a second dash soon after the first closes an apposition
  ("د. X Y - استشاري القلب - أكد …": the story's own subject and role), and the line is kept;
- a head in Latin letters before an Arabic line anywhere: the change of script bounds the head
  (a picture's credit left before each paragraph of a list story, "Getty Images – …"). Latin
  words no concept takes ("iPhone 15 –", "COVID-19 –") stay.
"""

from __future__ import annotations

import re

from arclean.find.concepts import Concept, ConceptTable
from arclean.find.document import ARABIC_LETTER as _ARABIC
from arclean.find.document import LATIN_LETTER as _LATIN
from arclean.find.document import LETTER as _LETTER
from arclean.find.document import Line, raw_offset
from arclean.find.labels import Labels
from arclean.find.shapes import FUNCTION_WORDS

#: The kinds whose concepts may take a head: a writer's byline, a picture's credit, a web address.
#: A source's credit opening the first paragraph ("عمان - بترا -", "واس- الرياض:") is the
#: story's dateline, kept with it.
HEAD_KINDS = frozenset({"byline", "caption", "other"})
#: How far into a line's key a glued head may reach (characters), and its most words.
HEAD_WINDOW = 80
HEAD_WORDS = 9
#: The fewest words the story sentence after the cut must have (as for the glued head cues).
MIN_REST_WORDS = 5
#: A dash with a space on at least one side (never the hyphen inside "COVID-19"), or a colon.
_HEAD_SEPARATOR = re.compile(r"\s+[\-–—ـ]+\s*|[\-–—ـ]+\s+|\s*[:：]\s*")
#: A second dash soon after the first: the head and what follows are an apposition.
_APPOSITION = re.compile(r"[^\-–—ـ]{1,60}[\-–—ـ]")
#: A separator inside a head: its opening words label it ("حوار: X", "تصوير - X").
_LABELLED = re.compile(r"[:：/\-–—ـ]")
#: A story sentence ends like one (perhaps before a closing quote).
_SENTENCE_END = re.compile(r"[.!؟?…][\"'”»)\]]*\s*$")


def _prose(rest: str) -> bool:
    """What is left after a head reads as the story: five words or more, and a function word or a
    sentence end among them (a name's affiliation, "جامعة الأمير سطام بن عبد العزيز", is neither)."""
    words = rest.split()
    return len(words) >= MIN_REST_WORDS and (
        _SENTENCE_END.search(rest) is not None or not FUNCTION_WORDS.isdisjoint(word.strip("،,.:;\"'()«»“”") for word in words)
    )


def head_concepts(table: ConceptTable) -> tuple[Concept, ...]:
    """The concepts of ``table`` that may take a glued head: a person's or an outlet's name after
    opening words (or alone), a short label made of its opening words alone (a picture agency's
    name), or a shape alone on a short line of four words at most. A concept
    that must close the text (``last``) is left out; an ``alone`` concept's neighbours do not
    matter here (the head is glued to the story line itself)."""
    return tuple(
        concept
        for concept in table
        if not concept.last
        and concept.kind in HEAD_KINDS
        and (
            concept.rest in ("name", "credit")
            or (concept.start is not None and concept.after == "end" and concept.max_words <= 4)
            or (
                concept.shape is not None
                and concept.start is None
                and not concept.all
                and concept.only is None
                and concept.max_words <= 4
            )
        )
    )


def head_cut(key: str, concepts: tuple[Concept, ...], anywhere: bool) -> tuple[Concept, int] | None:
    """The concept that takes the head of ``key`` and where in the key the story starts after it,
    or None. ``anywhere``: the line sits below the story's first prose line, where only a Latin
    head before an Arabic line is taken."""
    for end, head, words, lowered in head_parts(key, anywhere):
        for concept in concepts:
            if concept.match(head, words, lowered) is not None:
                return concept, end
    return None


#: A head a concept may take: where the story starts after it in the key, the head, its words,
#: lower-cased.
HeadPart = tuple[int, str, int, str]


def head_parts(key: str, anywhere: bool) -> tuple[HeadPart, ...]:
    """The heads of ``key`` that ``head_cut`` offers to the concepts, in order: what stands before
    each separator, up to the first that leaves no story sentence after it (a pure function of
    the key and the position, whichever cleaner's concepts are then tried)."""
    parts = []
    for separator in _HEAD_SEPARATOR.finditer(key, 0, HEAD_WINDOW):
        head, rest = key[: separator.start()].strip(), key[separator.end() :]
        if not head or len(head.split()) > HEAD_WORDS:
            break
        if not _prose(rest):
            break
        if separator.group().strip() in (":", "：") and _LABELLED.search(head) is None:
            continue  # "د. X: …" is a speaker and the words they said; "حوار: X: …" a labelled credit
        first = _LETTER.search(rest)
        if first is None or _ARABIC.match(first.group()) is None:
            continue  # a Latin story line, or a number: nothing says where a head would end
        latin = _ARABIC.search(head) is None and _LATIN.search(head) is not None
        if not latin and (anywhere or _APPOSITION.match(rest)):
            continue
        parts.append((separator.end(), head, len(head.split()), head.lower()))
    return tuple(parts)


def cut_head_glued(labels: Labels, concepts: tuple[Concept, ...]) -> None:
    """Cut the heads ``head_cut`` finds, for ``concepts`` (a table's ``head_concepts``), on the
    unmarked lines down to the story's first prose line (any line for a Latin head before
    Arabic); a line a cue or a concept already cut is left."""
    if not concepts:
        return
    bounds = labels.story_bounds()
    if bounds is None:
        return
    headed = _headed_lines(labels, bounds[0])
    if not headed:
        return
    cut = {mark.line for mark in labels.partial}  # a line a cue or a concept already cut is left as it is
    for line, parts in headed:
        if line.index in cut:
            continue
        for end, head, words, lowered in parts:
            concept = next((concept for concept in concepts if concept.match(head, words, lowered) is not None), None)
            if concept is not None:
                labels.mark_partial(line, line.start, raw_offset(line, end), concept.kind, concept.id)
                break


def _headed_lines(labels: Labels, story_start: int) -> list[tuple[Line, tuple[HeadPart, ...]]]:
    """The unmarked lines with heads a concept may take (``head_parts``), with them, in order:
    worked out once for every cleaner's concepts until a mark changes."""
    kept = labels.memo.get(("headed", story_start))
    if kept is not None:
        return kept  # type: ignore[return-value]
    found: list[tuple[Line, tuple[HeadPart, ...]]] = []
    lines = labels.doc.lines
    keys, shortest = labels.doc.keys, 2 * (MIN_REST_WORDS + 1) - 1  # (a key of n words has 2n - 1 characters or more)
    for index in labels.unmarked():
        if len(keys[index]) < shortest:
            continue  # too few words, told without building the line (a page of one-character lines)
        line = lines[index]
        if line.words < MIN_REST_WORDS + 1:
            continue
        anywhere = index > story_start
        if anywhere and _LATIN.search(line.key, 0, HEAD_WINDOW) is None:
            continue  # below the first paragraph only a Latin head is taken
        parts = head_parts(line.key, anywhere)
        if parts:
            found.append((line, parts))
    labels.memo["headed", story_start] = found
    return found
