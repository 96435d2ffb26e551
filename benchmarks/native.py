"""The compiled kernel against the pure-Python backend and pyarabic, ratios from one run.

    python benchmarks/native.py                 # print the table (dev.jsonl beside a development checkout)
    python benchmarks/native.py --write         # also rewrite the table in docs/native.md
    python benchmarks/native.py --set corpus/corpus.jsonl

CPU time, best of several rounds, the contenders interleaved round by round so that a busy
machine slows them alike. Normalization and the parse run in this process (both backends are
callable side by side: ``normalize(..., compiled=False)``, ``Document.parse_python``); the whole
``clean()`` runs in one worker process per backend (``ARCLEAN_BACKEND``), started alternately.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
DOC = ROOT / "docs" / "native.md"
BLOCK = re.compile(r"(<!-- native-benchmark -->\n)(.*?)(<!-- /native-benchmark -->)", re.DOTALL)


def load(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line)["raw"] for line in handle if line.strip()]


def best_times(contenders: dict[str, Callable[[], Any]], rounds: int) -> dict[str, float]:
    """CPU seconds of each contender's best round; rounds interleave the contenders."""
    best = dict.fromkeys(contenders, float("inf"))
    for function in contenders.values():
        function()  # warm up: caches, lazy tables
    for _ in range(rounds):
        for name, function in contenders.items():
            started = time.process_time()
            function()
            best[name] = min(best[name], time.process_time() - started)
    return best


def _clean_worker(path: str, rounds: int) -> None:
    """Best CPU seconds of cleaning every document (the backend is the environment's)."""
    import arclean

    docs = load(Path(path))
    pipeline = arclean.Pipeline.default()

    def run() -> None:
        for doc in docs:
            pipeline.clean(doc)

    print(json.dumps({"backend": arclean.backend, "seconds": best_times({"clean": run}, rounds)["clean"]}))


def measure(path: Path, rounds: int) -> dict[str, Any]:
    from pyarabic import araby

    from arclean.backend import native
    from arclean.find.document import Document
    from arclean.models import NormalizeOptions
    from arclean.normalize import normalize

    if native is None:
        raise SystemExit("the compiled kernel is not active here (arclean --version says the backend)")
    docs = load(path)
    text = "\n\n".join(docs)
    megabytes = len(text.encode("utf-8")) / 1e6
    job = NormalizeOptions.only(diacritics=True, tatweel=True)
    job_alef = NormalizeOptions.only(diacritics=True, tatweel=True, alef=True)
    defaults = NormalizeOptions()
    timed = best_times(
        {
            "native diacritics + tatweel": lambda: normalize(text, job),
            "python diacritics + tatweel": lambda: normalize(text, job, compiled=False),
            "pyarabic strip_tashkeel + strip_tatweel": lambda: araby.strip_tatweel(araby.strip_tashkeel(text)),
            "native diacritics + tatweel + alef": lambda: normalize(text, job_alef),
            "python diacritics + tatweel + alef": lambda: normalize(text, job_alef, compiled=False),
            "pyarabic strip_tashkeel + strip_tatweel + normalize_hamza": lambda: araby.normalize_hamza(
                araby.strip_tatweel(araby.strip_tashkeel(text))
            ),
            "native normalize (defaults), per document": lambda: [normalize(doc, defaults) for doc in docs],
            "python normalize (defaults), per document": lambda: [normalize(doc, defaults, compiled=False) for doc in docs],
            "native parse + key, per document": lambda: [Document.parse(doc) for doc in docs],
            "python parse + key, per document": lambda: [Document.parse_python(doc) for doc in docs],
        },
        rounds,
    )
    clean: dict[str, float] = {"native": float("inf"), "python": float("inf")}
    for _ in range(2):  # two workers per backend, alternating
        for backend in clean:
            command = [sys.executable, __file__, "--clean-worker", str(path), "--rounds", str(max(2, rounds // 2))]
            done = subprocess.run(
                command, capture_output=True, text=True, check=True, env={**os.environ, "ARCLEAN_BACKEND": backend}
            )
            report = json.loads(done.stdout)
            assert report["backend"] == backend
            clean[backend] = min(clean[backend], report["seconds"])
    return {
        "set": path.name,
        "documents": len(docs),
        "megabytes": megabytes,
        "mb_per_s": {name: megabytes / seconds for name, seconds in timed.items()},
        "clean_mb_per_s": {backend: megabytes / seconds for backend, seconds in clean.items()},
    }


def render(results: dict[str, Any]) -> str:
    speed, clean = results["mb_per_s"], results["clean_mb_per_s"]

    def row(what: str, native: str, other: str, goal: str = "") -> str:
        ratio = speed[native] / speed[other] if other in speed else clean["native"] / clean["python"]
        n, o = (speed[native], speed[other]) if other in speed else (clean["native"], clean["python"])
        return f"| {what} | {n:.1f} | {o:.1f} | {ratio:.2f}× | {goal} |"

    lines = [
        f"{results['documents']} documents of {results['set']}, {results['megabytes']:.2f} MB; CPU time, best round, "
        "contenders interleaved (`python benchmarks/native.py --write`).",
        "",
        "| job | native MB/s | baseline MB/s | native / baseline | target |",
        "|---|---|---|---|---|",
        row(
            "diacritics + tatweel, vs pyarabic", "native diacritics + tatweel", "pyarabic strip_tashkeel + strip_tatweel", "≥ 2×"
        ),
        row(
            "diacritics + tatweel + alef, vs pyarabic (+ normalize_hamza)",
            "native diacritics + tatweel + alef",
            "pyarabic strip_tashkeel + strip_tatweel + normalize_hamza",
            "≥ 2×",
        ),
        row("diacritics + tatweel, vs the Python backend", "native diacritics + tatweel", "python diacritics + tatweel"),
        row(
            "normalize (defaults) per document, vs the Python backend",
            "native normalize (defaults), per document",
            "python normalize (defaults), per document",
        ),
        row(
            "parse + key per document, vs the Python backend",
            "native parse + key, per document",
            "python parse + key, per document",
        ),
        row("whole `clean()` per document, vs the Python backend", "clean", "clean-python"),
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--set", type=Path, default=DEV, help="a JSONL file with a 'raw' field (default: ../shared/eval/dev.jsonl)"
    )
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--write", action="store_true", help="rewrite the table in docs/native.md")
    parser.add_argument("--clean-worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.clean_worker:
        _clean_worker(args.clean_worker, args.rounds)
        return 0
    results = measure(args.set, args.rounds)
    table = render(results)
    print(table, end="")
    if args.write:
        page = DOC.read_text(encoding="utf-8")
        DOC.write_text(BLOCK.sub(lambda m: m.group(1) + table + m.group(3), page), encoding="utf-8")
        print(f"rewrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
