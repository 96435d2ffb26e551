"""Adversarial input: time per MB of generated pathological documents, relative to ordinary news.

The shapes are generated, not listed by hand (``shapes()``), in families:

- ``char``: every bullet, dash, punctuation mark and space character (and every character of
  the gates' bullet class), as one long run inside a story, alone on each line, and as a run of
  20 on each line;
- ``blank``: runs of blank lines, and of lines holding only spaces;
- ``tiny``: 10^5-10^6 very short lines per MB (one letter, one digit, two letters);
- ``cue``: every cue's first example repeated on one line and one per line;
- ``swallow``: every cue's example followed by a long run of each character its pattern can
  swallow (spaces, dashes, letters, digits, punctuation), the input that makes a pattern
  backtrack if it can;
- ``document``: whole crafted documents (header + title pairs, tag label + short lines, ...).

Each shape is cleaned with the default pipeline at one size (``--kb``, 256 by default), and its
seconds per MB are divided by ordinary prose's at the same size, in the same run. Targets:
every shape 3x or less, ``tiny`` shapes 5x or less. ``tests/test_adversarial_growth.py`` runs the
same shapes small and checks that doubling the size does not more than about double the time.

    python benchmarks/adversarial.py                    # worst shapes, per family, on stdout
    python benchmarks/adversarial.py --write-docs       # also rewrite the table in docs/testing.md
    python benchmarks/adversarial.py --profile NAME     # cProfile one shape
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import pstats
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import arclean
from arclean.find.cues import cues
from arclean.find.document import BULLET_CLASS

KB = 1024
DOCS = Path(__file__).resolve().parents[1] / "docs" / "testing.md"
#: Limits per family (ratio to ordinary prose per MB); every other family: DEFAULT_LIMIT.
LIMITS = {"tiny": 5.0}
DEFAULT_LIMIT = 3.0

_WORDS = (
    "أعلن الوزير صباح الثلاثاء خطة لتطوير شبكة الطرق الريفية في المنطقة الشرقية وسط ترحيب واسع من السكان "
    "والتجار بمشاركة عدد كبير من الخبراء والمختصين في إطار خطة شاملة لتحسين الخدمات العامة بعد سنوات من "
    "المطالبات المتكررة مشيرا إلى أن التنفيذ سيبدأ خلال أسابيع قليلة"
).split()
STORY = " ".join(_WORDS[:40]) + "."

#: Bullets, dashes, punctuation and spaces: each makes shapes on its own.
_PUNCTUATION = ".,:;!?؟،؛…()[]{}<>«»\"'“”#@/\\|_=+~^&%$*`"
_SPACES = " \t\u00a0\u2009\u200f\u200b"


def _bullet_chars() -> str:
    """The explicit characters of the gates' bullet class (ranges by their first character)."""
    body = BULLET_CLASS.replace("\\-", "-").replace("\\", "")
    return "".join(dict.fromkeys(ch for ch in body if not ("\u2600" <= ch <= "\U0001faff"))) + "\u2600\U0001f534"


CHARACTERS = "".join(dict.fromkeys(_bullet_chars() + "-–—ـ" + _PUNCTUATION + _SPACES))


def ordinary(size: int) -> str:
    """Ordinary news prose: paragraphs of 20-60 words, blank lines between, a short footer."""
    rng = random.Random(5)
    parts: list[str] = []
    total = 0
    while total < size:
        paragraph = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(20, 60))) + "."
        parts.append(paragraph)
        total += len(paragraph.encode()) + 2
    return "\n\n".join(parts) + "\n\nالمصدر: واس\nالوسوم: الطرق، الخدمات"


def _count(unit: str, size: int) -> int:
    return max(1, size // max(1, len(unit.encode())))


def _run(unit: str, size: int) -> str:
    """One line: ``unit`` repeated to ``size`` bytes, between two story paragraphs."""
    return f"{STORY}\n{unit * _count(unit, size)}\n{STORY}"


def _lines(line: str, size: int) -> str:
    """``line`` on every line, to ``size`` bytes, after a story paragraph."""
    return STORY + "\n" + "\n".join([line] * _count(line + "\n", size))


Shape = tuple[str, str, Callable[[int], str]]  # (family, name, size -> text)


def shapes() -> list[Shape]:
    """Every generated shape, family by family."""
    found: list[Shape] = []
    for ch in CHARACTERS:
        label = repr(ch)
        found.append(("char", f"{label} run, one line", lambda n, ch=ch: _run(ch, n)))
        found.append(("char", f"{label} alone per line", lambda n, ch=ch: _lines(ch, n)))
        found.append(("char", f"{label}x20 per line", lambda n, ch=ch: _lines(ch * 20, n)))
        found.append(("char", f"'{label} ' run, one line", lambda n, ch=ch: _run(ch + " ", n)))
    found.append(("blank", "blank lines", lambda n: _run("\n", n)))
    found.append(("blank", "space-only lines", lambda n: _run(" \n", n)))
    found.append(("blank", "CRLF blank lines", lambda n: _run("\r\n", n)))
    for line in ("ا", "1", "اب", "و ا", "-", "•"):
        found.append(("tiny", f"lines of {line!r}", lambda n, line=line: _lines(line, n)))
    for cue in cues():
        if not cue.examples:
            continue
        example = cue.examples[0].strip()
        found.append(("cue", f"{cue.id} repeated, one line", lambda n, e=example: _run(e + " ", n)))
        found.append(("cue", f"{cue.id} per line", lambda n, e=example: _lines(e, n)))
        for ch in (" ", "-", ":", ".", "ا", "1", "*", "("):
            found.append(("swallow", f"{cue.id} + {ch!r} run", lambda n, e=example, ch=ch: f"{STORY}\n{e}{ch * _count(ch, n)}"))
    for name, make in DOCUMENTS.items():
        found.append(("document", name, make))
    return found


DOCUMENTS: dict[str, Callable[[int], str]] = {
    "'اقرأ أيضا:' headers": lambda n: _lines("اقرأ أيضا:", n),
    "header + title pairs": lambda n: STORY + "\n" + "إقرأ أيضاً:\nافتتاح مهرجان الشعر الشعبي في العاصمة\n" * (n // 90),
    "related header + bullets": lambda n: "مقالات مشابهة\n" + _lines("  • تراجع أسعار الخضروات في الجنوب", n),
    "tag label + short lines": lambda n: "الوسوم\n" + _lines("العراق", n),
    "cue at every line start": lambda n: _lines(
        "المصدر: وكالة الأنباء قال المسؤول في المؤتمر الصحفي إن الخطة ستنفذ خلال العام الجاري.", n
    ),
    "one line, diacritic per letter": lambda n: _run("اَلْمَصْدَرُ ", n),
    "one line, bidi mark per char": lambda n: _run("ا\u200fل\u200fم\u200f ", n),
    "long line ending in a tail cue": lambda n: STORY + "\n" + "نص الخبر الطويل " * (n // 30) + ". سمات العراق النفط",
    "short date-like lines": lambda n: _lines("٧ يونيو، ٢٠٢٥", n),
    "headline-shaped lines": lambda n: _lines("افتتاح مهرجان الشعر الشعبي في العاصمة", n),
    # one long token as the text's last line, where edge concepts apply (an address shape
    # searched from every position of a token was quadratic there, never mid-story)
    "last line of digit-dash pairs": lambda n: STORY + "\n" + "1-" * (n // 2),
    "last line of one Latin token": lambda n: STORY + "\n" + "a" * n,
    "last line of dotted Latin pairs": lambda n: STORY + "\n" + "a." * (n // 2),
}


def best_time(pipeline: arclean.Pipeline, text: str, repeat: int = 1) -> float:
    """The best of ``repeat`` CPU times of cleaning ``text`` (seconds): CPU time of this
    process, so that other work on a shared machine does not count as the shape's."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        pipeline.clean(text)
        best = min(best, time.process_time() - started)
    return best


def per_mb(pipeline: arclean.Pipeline, text: str, repeat: int = 1) -> float:
    return best_time(pipeline, text, repeat) / (len(text.encode("utf-8")) / (1024 * KB))


Row = tuple[str, str, float]  # (family, shape, ratio to ordinary prose per MB)


def run(size: int, selected: str | None = None) -> tuple[float, list[Row]]:
    """(ordinary prose's seconds per MB, a row per shape), every shape cleaned at ``size`` bytes.

    A shape that raises is reported with an infinite ratio: cleaning must never raise on a str.
    """
    pipeline = arclean.Pipeline.default()
    pipeline.clean(ordinary(4 * KB))  # warm up caches and compiled patterns
    baseline = per_mb(pipeline, ordinary(size), repeat=3)
    rows: list[Row] = []
    for family, name, make in shapes():
        if selected and not re.search(selected, f"{family} {name}"):
            continue
        try:
            rows.append((family, name, per_mb(pipeline, make(size), repeat=2) / baseline))
        except Exception as error:  # reported, not hidden: a crash is the worst result
            rows.append((family, f"{name} -- raises {type(error).__name__}: {error}", float("inf")))
    return baseline, rows


def failures(rows: list[Row]) -> list[Row]:
    return [row for row in rows if row[2] > LIMITS.get(row[0], DEFAULT_LIMIT)]


def table(rows: list[Row], worst: int = 12) -> str:
    """Per family: shapes, worst shape and its ratio; then the worst shapes overall."""
    lines = ["| family | shapes | limit | worst shape | × ordinary (per MB) |", "|---|---:|---:|---|---:|"]
    for family in dict.fromkeys(row[0] for row in rows):
        members = [row for row in rows if row[0] == family]
        top = max(members, key=lambda row: row[2])
        limit = LIMITS.get(family, DEFAULT_LIMIT)
        lines.append(f"| {family} | {len(members)} | {limit:g} | {_cell(top[1])} | {top[2]:.2f} |")
    lines += ["", f"The {worst} slowest shapes:", "", "| family | shape | × ordinary (per MB) |", "|---|---|---:|"]
    for family, name, ratio in sorted(rows, key=lambda row: row[2], reverse=True)[:worst]:
        lines.append(f"| {family} | {_cell(name)} | {ratio:.2f} |")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")


BEGIN, END = "<!-- adversarial table: begin -->", "<!-- adversarial table: end -->"


def write_docs(rows: list[Row], size: int, baseline: float) -> None:
    """Replace the generated table in docs/testing.md (between its two markers)."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = (
        f"{BEGIN}\n"
        f"Generated by `python benchmarks/adversarial.py --write-docs` ({len(rows)} shapes at {size // KB} KB, "
        f"default pipeline, {stamp}; CPU time, best of 2 runs; ordinary prose {baseline:.2f} s per MB):\n\n"
        f"{table(rows)}\n{END}"
    )
    text = DOCS.read_text(encoding="utf-8")
    if BEGIN not in text:
        raise SystemExit(f"{DOCS}: no '{BEGIN}' marker")
    before, rest = text.split(BEGIN, 1)
    DOCS.write_text(before + body + rest.split(END, 1)[1], encoding="utf-8")


def profile(selected: str, size: int) -> str:
    pipeline = arclean.Pipeline.default()
    family, name, make = next(shape for shape in shapes() if re.search(selected, f"{shape[0]} {shape[1]}"))
    pipeline.clean(ordinary(4 * KB))  # warm up, as ``run`` does: compiling the patterns is no shape's cost
    profiler = cProfile.Profile()
    profiler.runcall(pipeline.clean, make(size))
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    return f"{family} {name}\n{out.getvalue()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kb", type=int, default=256, help="size of every shape (KB)")
    parser.add_argument("--only", metavar="REGEX", help="only the shapes whose 'family name' matches")
    parser.add_argument("--profile", metavar="REGEX", help="cProfile the first matching shape instead")
    parser.add_argument("--write-docs", action="store_true", help="rewrite the table in docs/testing.md")
    args = parser.parse_args(argv)
    if args.profile:
        print(profile(args.profile, args.kb * KB))
        return 0
    baseline, rows = run(args.kb * KB, args.only)
    print(table(rows))
    if args.write_docs:
        write_docs(rows, args.kb * KB, baseline)
    over = failures(rows)
    for family, name, ratio in over:
        print(f"over the limit: {family} {name}: {ratio:.2f}x", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
