"""Line shapes: what a line looks like on its own (a name, a listed title, a headline, prose).

These predicates read only a line's key and features (``arclean.find.document.Line``) and the
word lists of ``arclean/data/words.toml``; the cleaners and revise rules combine them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import regex

from arclean.chars import fold_key
from arclean.find.data import read_toml
from arclean.find.document import Line


@dataclass(frozen=True, slots=True)
class WordLists:
    function_words: frozenset[str]
    name_particles: tuple[str, ...]
    clause_openers: tuple[str, ...]
    speech_verbs: frozenset[str]
    letter_openers: tuple[str, ...]
    clause_conjunctions: tuple[str, ...]


@functools.cache
def word_lists() -> WordLists:
    """The word lists of ``arclean/data/words.toml``, folded to matching keys."""
    data = read_toml("words.toml")
    return WordLists(
        function_words=frozenset(fold_key(w) for w in data["function_words"]),
        name_particles=tuple(fold_key(w) for w in data["name_particles"]),
        clause_openers=tuple(fold_key(w) for w in data["clause_openers"]),
        speech_verbs=frozenset(fold_key(w) for w in data["speech_verbs"]),
        letter_openers=tuple(fold_key(w) for w in data["letter_openers"]),
        clause_conjunctions=tuple(fold_key(w) for w in data["clause_conjunctions"]),
    )


_WORDS = word_lists()
FUNCTION_WORDS = _WORDS.function_words
NAME_PARTICLES = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, _WORDS.name_particles)) + r")(?!\w)")
#: "بغداد/المسلة:", "مدريد - X:": the dateline that opens an article
DATELINE_START = regex.compile(r"^[^\s:]{2,20}(?:\s[^\s:]{1,20}){0,2}\s*[/\-–—]\s*[^:]{2,40}?:")
#: "X – Y" or "X- Y:": a short credit of a writer and a desk or site
DASH_CREDIT = regex.compile(r"^[^\-–—:]{2,40}\s[\-–—]\s[^\-–—]{2,40}$|^[^\-–—:]{2,40}[\-–—]\s*[^\-–—]{2,40}:$")
#: a full stop closes the line (closing quotes and brackets allowed)
SENTENCE_PERIOD = regex.compile(r"[.][\"'”»)\]]*$")
# Wrapped prose, not a headline: starts with a comma/period, or carries "، و…" mid-line.
CONTINUATION = re.compile(r"^[،,.;؛]|[،,]\s*(?:" + "|".join(map(re.escape, _WORDS.clause_openers)) + r")(?!\w)|[،,]\s*و")
#: a salutation opening a letter, a speech or a decree ("السلام عليكم …")
LETTER_OPENER = re.compile(r"^(?:" + "|".join(map(re.escape, _WORDS.letter_openers)) + r")(?!\w)")
#: a first word shaped like a past-tense verb in the feminine ("أعلنت", "استقبلت", "وسجلت"): 3-6
#: letters then ت, not a plural (ـات; but "بدأت" folds to four letters in ـات, and "وقفات" is a
#: plural after و), no article, no ي/و before the ت (توقيت, بيروت are nouns)
PAST_VERB_OPENER = re.compile(r"^(?:[وف]?(?!ال)[^\W\d_]{2,5}[^\W\d_اوي]|[^\W\d_]{2}ا)ت(?!\w)")
#: a subordinate clause opening the line ("عندما …", "وحين …")
CLAUSE_CONJUNCTION = re.compile(r"^[وف]?(?:" + "|".join(map(re.escape, _WORDS.clause_conjunctions)) + r")(?!\w)")
#: a verse's two halves: a run of three dots or more, an ellipsis or stars between spaces
_HEMISTICH_BREAK = re.compile(r"\s+(?:\.{3,}|…+|\*+)\s+")
#: a news lede opening with a past-tense verb has at least this many words; a headline this long
#: rarely opens with one (headlines use the present: "يفتتح", "تعلن")
LEDE_MIN_WORDS = 10
_OPENERS, _CLOSERS = "(«[{", ")»]}"
_PAIRS = str.maketrans(_OPENERS + _CLOSERS, "(" * 4 + ")" * 4)
#: "…" and “…” are written either way round: an odd count of them leaves a quote open
_QUOTES = re.compile('["“”]')
#: "د. X", "الدكتور X": a doctor's name as a credit
DOCTOR = regex.compile(r"^(?:د\.|الدكتور\s|ا\.\s?د\.)\s*\S+(?:\s+\S+){0,3}$")


def name_like(line: Line) -> bool:
    """A bare person name: a few words, no sentence punctuation, no function words."""
    if not 0 < line.words <= 7 or len(line.key) > 64 * 7:
        return False  # (seven words at most, of ordinary length: a 100 KB token is scanned for nothing)
    if line.ends_sentence or ":" in line.key or any(map(str.isdigit, line.key)):
        return False
    limit = 7 if NAME_PARTICLES.search(line.key) else 4
    return line.words <= limit and not (FUNCTION_WORDS & set(line.key.split()))


#: Where a signature's name meets its place: a dash or slash with a space beside it, or a comma.
_SIGNATURE_SEPARATOR = re.compile(r"\s+[\-–—/]+\s*|[\-–—/]+\s+|\s*[،,]\s*")
#: Function words that are also names once folded ("على" is "علي", the name Ali).
_NAME_FUNCTION_WORDS = FUNCTION_WORDS - {"علي"}
#: Sentence punctuation, brackets, quotes, colons, digits: none is in a bare name or a town.
_NOT_A_NAME = re.compile(r"[\d.!؟?…:;؛()\[\]«»\"“”'@#]")


def signature_shaped(line: Line) -> bool:
    """A writer's signature of a name and a place: "X Y - Town", "X Y، Town", "X Y / Town".

    The name is two to four words (six with a particle: "X بن Y"), its first word without the
    article (a given name never has it: "القدس المحتلة - وفا" is a dateline); the place one to
    three words; neither carries a function word, a digit or sentence punctuation, so a short
    sentence naming a person and a town ("التقى محمد في بغداد") is not one. It says nothing of
    where the line stands: :class:`arclean.find.byline.BylineCleaner` asks that too.

    >>> from arclean.find.document import Document
    >>> [signature_shaped(Document.parse(text).lines[0]) for text in ("سعيد الهاشمي - الطائف", "التقى محمد في بغداد")]
    [True, False]
    """
    key = line.cue_key
    if not 3 <= line.words <= 10 or len(key) > 120 or _NOT_A_NAME.search(key):
        return False
    parts = _SIGNATURE_SEPARATOR.split(key)
    if len(parts) != 2:
        return False
    name, place = (part.split() for part in parts)
    particle = any(NAME_PARTICLES.fullmatch(word) for word in name[1:])
    if not 2 <= len(name) <= (6 if particle else 4) or not 1 <= len(place) <= 3:
        return False
    if name[0].startswith("ال") or reads_as_speech(" ".join(name)):
        return False
    # "علي" is the name Ali and the folded "على" (on): a name's, after its first word.
    return FUNCTION_WORDS.isdisjoint(name[:1]) and _NAME_FUNCTION_WORDS.isdisjoint(name[1:]) and FUNCTION_WORDS.isdisjoint(place)


def title_like(line: Line, following: Line | None = None) -> bool:
    """Shaped like a listed headline: 3-25 words, not a sentence, not cut off mid-sentence."""
    if not 3 <= line.words <= 25 or SENTENCE_PERIOD.search(line.key) or CONTINUATION.search(line.key):
        return False
    return following is None or not CONTINUATION.match(following.key)


def headline_shaped(line: Line, max_words: int, following: Line | None = None) -> bool:
    """Short, not a sentence, not a fragment of wrapped prose, not reported speech."""
    if line.words > max_words or SENTENCE_PERIOD.search(line.key) or line.key.endswith(":"):
        return False
    if reads_as_speech(line.key) or opens_unclosed(line.key) or reads_as_lede(line) or reads_as_verse(line):
        return False
    if CONTINUATION.search(line.key) or (following is not None and CONTINUATION.match(following.key)):
        return False
    last_word = line.key.split()[-1] if line.key.split() else ""
    return last_word not in FUNCTION_WORDS


def reads_as_speech(key: str) -> bool:
    """A past-tense verb of reported speech after the first word, or opening the line after و/ف
    (``speech_verbs`` in words.toml): a story sentence ("… أكدت الدكتورة …", "وقال الوزير …"),
    whatever its length or punctuation.

    >>> reads_as_speech("وقال الوزير إن الخطة جاهزة"), reads_as_speech("قال")
    (True, False)
    """
    for position, word in enumerate(key.split()):
        bare = word[1:] if word[:1] in ("و", "ف") and len(word) > 3 else word
        if bare in _WORDS.speech_verbs and (position > 0 or bare != word):
            return True
    return False


def opens_unclosed(key: str) -> bool:
    """A bracket, guillemet or quote the line opens and does not close, or closes without
    opening: the line is part of wrapped prose or of a dialogue that goes on past it, not a
    headline, which is a whole phrase.

    >>> opens_unclosed("«الأم: جايين نخطب بنتكم"), opens_unclosed("«الهلال» يتصدر الدوري (فيديو)")
    (True, False)
    """
    folded = key.translate(_PAIRS)
    return folded.count("(") != folded.count(")") or len(_QUOTES.findall(key)) % 2 == 1


def reads_as_lede(line: Line) -> bool:
    """A long line opening with a past-tense verb or a subordinate clause: a story's first
    sentence ("تزايدت أعداد الزوار …", "عندما تشرق الشمس …"), even without a full stop; Arabic
    headlines report in the present.

    >>> from arclean.find.document import Document
    >>> reads_as_lede(Document.parse("أعلنت الوزارة اليوم فتح باب التسجيل في البرنامج لطلاب المرحلة الثانوية").lines[0])
    True
    """
    return line.words >= LEDE_MIN_WORDS and bool(PAST_VERB_OPENER.match(line.key) or CLAUSE_CONJUNCTION.match(line.key))


def reads_as_verse(line: Line) -> bool:
    """A line in two balanced halves of two to eight words ("… مع امرئٍ ... متغضِّبٍ …"): a verse of
    a poem, which an essay may open with. Headlines join phrases with two dots ("X .. Y"); the
    test reads the folded key, so that a second pass over vowel-stripped output reads it alike.

    >>> from arclean.find.document import Document
    >>> reads_as_verse(Document.parse("مَن يشتري منِّي الحياةَ وطيبَها ... ووزارتي وتأدُّبي وتهذُّبي").lines[0])
    True
    """
    halves = _HEMISTICH_BREAK.split(line.key)
    if len(halves) != 2 or not all(2 <= len(half.split()) <= 8 for half in halves):
        return False
    first, second = (len(half) for half in halves)
    return 0.6 <= first / max(second, 1) <= 1.67


#: a letter of any script (a line without one is a number or a mark: "(1)", "***")
LETTER = re.compile(r"[^\W\d_]")


def loose_key(key: str) -> str:
    """A key with each word's final ه/ي dropped: "الوسط التونسيه" and "الوسط التونسي" are one name."""
    return " ".join(word.rstrip("هي") or word for word in key.split())


def prose_words(line: Line) -> bool:
    """The line carries a function word (a leading و stripped) or ends like a sentence."""
    words = {word[1:] if word.startswith("و") and len(word) > 2 else word for word in line.key.split()}
    return bool(words & FUNCTION_WORDS) or line.ends_sentence


def long_sentence(line: Line) -> bool:
    """Six words or more ending with a full stop: a sentence, which most cues leave alone."""
    return line.words >= 6 and bool(SENTENCE_PERIOD.search(line.key))
