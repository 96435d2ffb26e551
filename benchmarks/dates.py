"""arclean.dates against dateparser on the development set's dates: accuracy and speed.

    pip install dateparser && python benchmarks/dates.py      # rewrites the table in docs/metadata.md

The dates are the gold ``date`` strings of ``../shared/eval/dev.jsonl`` (as written on the page);
the expected ISO values are the hand-read list of ``tests/test_metadata_dates.py``. A date counts
as right when the calendar day is right; "full" also wants the time and offset the text writes.
Speed is CPU time per date, the best of five passes after a warm-up, plus the first call (import
and set-up included) in its own process.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
DOC = ROOT / "docs" / "metadata.md"
BEGIN, END = "<!-- dates-benchmark:begin -->", "<!-- dates-benchmark:end -->"


def _tests() -> object:
    spec = importlib.util.spec_from_file_location("dates_test", ROOT / "tests" / "test_metadata_dates.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def forms() -> dict[str, str]:
    """The date forms the unit tests declare (text → ISO), written apart from the dev set."""
    marks = _tests().test_find_date_reads_each_form.pytestmark  # type: ignore[attr-defined]
    return dict(next(m for m in marks if m.name == "parametrize").args[1])


def arclean_iso(text: str) -> str | None:
    from arclean.dates import find_date, split_updated

    found = find_date(split_updated(text)[0])
    return found.iso if found else None


def dateparser_iso(text: str) -> str | None:
    import dateparser

    found = dateparser.parse(text, languages=["ar", "en"], settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"})
    if found is None:
        return None
    if (found.hour, found.minute, found.second) == (0, 0, 0) and not re.search(r"\d:\d", text):
        return found.date().isoformat()
    return found.isoformat()


PARSERS = {"arclean.dates": arclean_iso, "dateparser": dateparser_iso}


def first_call(name: str) -> float:
    """Seconds of the first call in a fresh process (imports and set-up included)."""
    here = str(Path(__file__).parent)
    code = (
        f"import sys, time; sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {here!r}); start = time.perf_counter(); "
        f"import dates as b; b.PARSERS[{name!r}]('الأحد 14 أبريل 2024'); print(time.perf_counter() - start)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> int:
    expected = _tests().DEV_DATE_ISO  # type: ignore[attr-defined]
    records = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [measure("dev dates", {r["id"]: r["meta"]["date"] for r in records if r["id"] in expected}, expected)]
    declared = forms()
    rows.append(measure("declared forms", {text: text for text in declared}, declared))
    lines = [
        BEGIN,
        "| dates | parser | right day | right day, time and offset | µs per date | first call (s) |",
        "|---|---|---|---|---|---|",
    ]
    for group, results in rows:
        for name, day, full, total, micro, first, _ in results:
            lines.append(f"| {group} | {name} | {day}/{total} | {full}/{total} | {micro:.0f} | {first:.2f} |")
    for group, results in rows:
        for name, *_, misses in results:
            if misses:
                lines.append("")
                lines.append(f"{name} misses on the {group}: " + "; ".join(misses))
    lines.append(END)
    table = "\n".join(lines)
    print(table)
    text = DOC.read_text(encoding="utf-8")
    if BEGIN in text:
        text = text[: text.index(BEGIN)] + table + text[text.index(END) + len(END) :]
        DOC.write_text(text, encoding="utf-8")
    return 0


def measure(group: str, dates: dict[str, str], want: dict[str, str]) -> tuple[str, list[tuple]]:
    """Accuracy and speed of each parser on ``dates`` (id → text), against ``want`` (id → ISO)."""
    rows = []
    for name, parse in PARSERS.items():
        try:
            parse(next(iter(dates.values())))
        except ImportError:
            print(f"{name}: not installed, skipped", file=sys.stderr)
            continue
        got = {doc: parse(text) for doc, text in dates.items()}
        day = sum((got[d] or "")[:10] == want[d][:10] for d in dates)
        full = sum(got[d] == want[d] for d in dates)
        best = float("inf")
        for _ in range(5):
            start = time.process_time()
            for text in dates.values():
                parse(text)
            best = min(best, time.process_time() - start)
        misses = [f"`{dates[d]}` → {got[d]}" for d in dates if (got[d] or "")[:10] != want[d][:10]]
        rows.append((name, day, full, len(dates), best / len(dates) * 1e6, first_call(name), misses))
    return group, rows


if __name__ == "__main__":
    sys.exit(main())
