"""Adversarial input: time per MB of crafted pathological documents, relative to ordinary news.

Each case is built at growing sizes (64 KB, 256 KB, 1 MB by default) and cleaned with the
default pipeline; a case stops growing once one run exceeds ``--budget`` seconds. The ratio is
the case's seconds per MB over ordinary text's seconds per MB at the same size; the target is
3x or less. A ratio that grows with size means super-linear time.

    python benchmarks/adversarial.py                 # table on stdout
    python benchmarks/adversarial.py --profile CASE  # cProfile the largest run of one case
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import sys
import time
from collections.abc import Callable

import arclean

KB = 1024
SIZES = (64 * KB, 256 * KB, 1024 * KB)

_WORDS = (
    "أعلن الوزير صباح الثلاثاء خطة لتطوير شبكة الطرق الريفية في المنطقة الشرقية وسط ترحيب واسع من السكان "
    "والتجار بمشاركة عدد كبير من الخبراء والمختصين في إطار خطة شاملة لتحسين الخدمات العامة بعد سنوات من "
    "المطالبات المتكررة مشيرا إلى أن التنفيذ سيبدأ خلال أسابيع قليلة"
).split()


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


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit.encode()))


def _lines(line: str, size: int) -> str:
    return "\n".join([line] * max(1, size // (len(line.encode()) + 1)))


CASES: dict[str, Callable[[int], str]] = {
    "ordinary prose": ordinary,
    "one line of 'المصدر '": lambda size: _repeat("المصدر ", size),
    "bullet lines '• عنوان'": lambda size: _lines("• عنوان", size),
    "colon run": lambda size: _repeat(":", size),
    "dash run": lambda size: _repeat("-", size),
    "space run": lambda size: _repeat(" ", size),
    "one line of '- '": lambda size: _repeat("- ", size),
    "': - | ' mixed run": lambda size: _repeat(": - | ", size),
    "cue at every line start": lambda size: _lines(
        "المصدر: وكالة الأنباء قال المسؤول في المؤتمر الصحفي إن الخطة ستنفذ خلال العام الجاري.", size
    ),
    "'اقرأ أيضا:' headers": lambda size: _lines("اقرأ أيضا:", size),
    "header + title pairs": lambda size: _repeat("إقرأ أيضاً:\nافتتاح مهرجان الشعر الشعبي في العاصمة\n", size),
    "related header + bullets": lambda size: "مقالات مشابهة\n" + _lines("  • تراجع أسعار الخضروات في الجنوب", size),
    "tag label + short lines": lambda size: "الوسوم\n" + _lines("العراق", size),
    "one line, diacritic per letter": lambda size: _repeat("اَلْمَصْدَرُ ", size),
    "one line, bidi mark per char": lambda size: _repeat("ا\u200fل\u200fم\u200f ", size),
    "long line ending in a tail cue": lambda size: _repeat("نص الخبر الطويل ", size) + ". سمات العراق النفط",
    "short date-like lines": lambda size: _lines("٧ يونيو، ٢٠٢٥", size),
    "headline-shaped lines": lambda size: _lines("افتتاح مهرجان الشعر الشعبي في العاصمة", size),
}


def seconds_per_mb(make: Callable[[int], str], size: int, pipeline: arclean.Pipeline) -> tuple[float, float]:
    """(elapsed seconds, seconds per MB) to clean ``make(size)`` once."""
    text = make(size)
    megabytes = len(text.encode("utf-8")) / (1024 * KB)
    started = time.perf_counter()
    pipeline.clean(text)
    elapsed = time.perf_counter() - started
    return elapsed, elapsed / megabytes


def run(sizes: tuple[int, ...] = SIZES, budget: float = 20.0) -> list[tuple[str, int, float, float]]:
    """Rows of (case, largest size run, seconds, ratio to ordinary prose at that size).

    A run that raises is reported with its exception in the name and an infinite ratio:
    cleaning must never raise on a str, however large.
    """
    pipeline = arclean.Pipeline.default()
    pipeline.clean(ordinary(4 * KB))  # warm up caches and compiled patterns
    baseline = {size: seconds_per_mb(ordinary, size, pipeline) for size in sizes}
    rows: list[tuple[str, int, float, float]] = [("ordinary prose", sizes[-1], baseline[sizes[-1]][0], 1.0)]
    for name, make in CASES.items():
        if make is ordinary:
            continue
        for size in sizes:
            try:
                elapsed, per_mb = seconds_per_mb(make, size, pipeline)
            except Exception as error:  # reported, not hidden: a crash is the worst result
                largest = (f"{name} -- raises {type(error).__name__}: {error}", size, float("nan"), float("inf"))
                break
            largest = (name, size, elapsed, per_mb / baseline[size][1])
            if elapsed > budget:
                break
        rows.append(largest)
    return rows


def table(rows: list[tuple[str, int, float, float]]) -> str:
    lines = ["| input | size | seconds | × ordinary (per MB) |", "|---|---:|---:|---:|"]
    for name, size, elapsed, ratio in rows:
        lines.append(f"| {name} | {size // KB} KB | {elapsed:.3f} | {ratio:.2f} |")
    return "\n".join(lines)


def profile(case: str, size: int) -> str:
    pipeline = arclean.Pipeline.default()
    text = CASES[case](size)
    profiler = cProfile.Profile()
    profiler.runcall(pipeline.clean, text)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(15)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--budget", type=float, default=20.0, help="stop growing a case after a run this long (s)")
    parser.add_argument("--max-kb", type=int, default=1024, help="largest size (KB)")
    parser.add_argument("--profile", metavar="CASE", help="cProfile one case at --max-kb instead")
    args = parser.parse_args(argv)
    if args.profile:
        print(profile(args.profile, args.max_kb * KB))
        return 0
    sizes = tuple(size for size in SIZES if size <= args.max_kb * KB) or (args.max_kb * KB,)
    rows = run(sizes, args.budget)
    print(table(rows))
    worst = max(rows, key=lambda row: row[3])
    print(f"\nworst: {worst[0]} at {worst[1] // KB} KB, {worst[3]:.2f}x ordinary prose per MB")
    return 0 if worst[3] <= 3 else 1


if __name__ == "__main__":
    sys.exit(main())
