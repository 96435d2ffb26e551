"""Quality and speed of arclean against its peers, on the same documents; writes docs/benchmarks.md.

    python benchmarks/run.py            # the full run (about ten minutes on two cores)
    python benchmarks/run.py --quick    # a smoke run: few documents, small scaling sweep

Each (system, set) pair runs in its own subprocess, so import cost, caches and peak memory of
one system never leak into another's figures. Quality is scored with ``arclean.evaluate`` (the
reference definitions); speed is the best of ``--repeats`` timed passes after a warm-up, timed in
the worker's CPU time (``time.process_time``) so other load on the machine does not skew ratios.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from importlib import metadata as package_metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from systems import SYSTEMS, available  # noqa: E402

from arclean.evaluate import aggregate, load_jsonl, score_document  # noqa: E402
from arclean.find.concepts import clear_key_memos  # noqa: E402
from arclean.models import NormalizeOptions  # noqa: E402

SHARED_EVAL = ROOT.parent / "shared" / "eval"
QUALITY_SYSTEMS = tuple(name for name in SYSTEMS if name != "regex")
#: CPU time of this (single-threaded) worker: other load on a shared machine does not inflate it.
clock = time.process_time
PACKAGES = ("arclean", "regex", "pyarabic", "ftfy", "justext", "trafilatura", "datatrove", "camel-tools", "lxml")


# -- evaluation sets -------------------------------------------------------------------
def find_sets(shared: Path = SHARED_EVAL, corpus: Path = ROOT / "corpus") -> dict[str, list[Path]]:
    """Evaluation sets present here: shared dev, dev-synth, and the repo's corpus (all its JSONL files)."""
    sets: dict[str, list[Path]] = {}
    for name in ("dev", "dev-synth"):
        path = shared / f"{name}.jsonl"
        if path.is_file():
            sets[name] = [path]
    corpus_files = sorted(path for path in corpus.glob("*.jsonl") if path.stat().st_size) if corpus.is_dir() else []
    if corpus_files:
        sets["corpus"] = corpus_files
    return sets


def load_set(paths: Sequence[Path], limit: int | None = None) -> list[dict[str, Any]]:
    records = [record for path in paths for record in load_jsonl(path) if "raw" in record and "labels" in record]
    return records[:limit] if limit else records


def _rss_mb() -> float:
    """Peak resident memory of this process in MB.

    ``VmHWM`` rather than ``ru_maxrss``: Linux carries ``ru_maxrss`` across ``exec``, so a worker
    would report its parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- workers (run in a subprocess) -----------------------------------------------------
def measure_quality(system: str, paths: Sequence[Path], limit: int | None = None, repeats: int = 1) -> dict[str, Any]:
    """Clean one set with one system: scores, docs/s, MB/s and peak memory of this process."""
    records = load_set(paths, limit)
    predict = SYSTEMS[system][0]()
    raws = [record["raw"] for record in records]
    for raw in raws[:5]:  # warm-up: lazy imports, regex caches
        predict(raw)
    rss_ready = _rss_mb()
    best = float("inf")
    predictions: list[dict[str, Any]] = []
    for _ in range(max(1, repeats)):
        if system == "arclean":  # each pass cold: no line key remembered from the last pass
            clear_key_memos()
        started = clock()
        predictions = [predict(raw) for raw in raws]
        best = min(best, clock() - started)
    megabytes = sum(len(raw.encode("utf-8")) for raw in raws) / 1e6
    rows = [score_document(record, pred) for record, pred in zip(records, predictions, strict=True)]
    return {
        "system": system,
        "docs": len(raws),
        "megabytes": megabytes,
        "seconds": best,
        "docs_per_s": len(raws) / best if best else 0.0,
        "mb_per_s": megabytes / best if best else 0.0,
        "peak_rss_mb": _rss_mb(),
        "rss_growth_mb": _rss_mb() - rss_ready,
        "scores": aggregate(rows),
    }


def _best_time(function: Any, text: str, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = clock()
        function(text)
        best = min(best, clock() - started)
    return best


_ONLY_DIACRITICS_TATWEEL = NormalizeOptions.only(diacritics=True, tatweel=True)
_WITH_ALEF = NormalizeOptions.only(diacritics=True, tatweel=True, alef=True)

#: Like-for-like pairs for the normalization target: (arclean variant, peer) doing the same job.
EQUIVALENTS = (
    ("arclean normalize (diacritics + tatweel only)", "pyarabic strip_tashkeel + strip_tatweel"),
    ("arclean normalize (diacritics + tatweel + alef folding)", "pyarabic strip_tashkeel + strip_tatweel + normalize_hamza"),
    ("arclean normalize (diacritics + tatweel only)", "CAMeL Tools dediac_ar"),
    ("arclean normalize (defaults)", "CAMeL Tools CharMapper 'arclean'"),
)


def measure_normalization(text: str, repeats: int = 3) -> dict[str, Any]:
    """MB/s of arclean's normalization and its peers on the same text; notes for peers that are missing."""
    from arclean.models import NormalizeOptions
    from arclean.normalize import normalize

    contenders: dict[str, Any] = {
        "arclean normalize (defaults)": lambda t: normalize(t, NormalizeOptions()),
        "arclean normalize (diacritics + tatweel only)": lambda t: normalize(t, _ONLY_DIACRITICS_TATWEEL),
        "arclean normalize (diacritics + tatweel + alef folding)": lambda t: normalize(t, _WITH_ALEF),
    }
    notes: list[str] = []
    try:
        from pyarabic import araby

        contenders["pyarabic strip_tashkeel + strip_tatweel"] = lambda t: araby.strip_tatweel(araby.strip_tashkeel(t))
        contenders["pyarabic strip_tashkeel + strip_tatweel + normalize_hamza"] = lambda t: araby.normalize_hamza(
            araby.strip_tatweel(araby.strip_tashkeel(t))
        )
    except ImportError as error:
        notes.append(f"pyarabic skipped: {error}")
    try:
        from camel_tools.utils.charmap import CharMapper
        from camel_tools.utils.dediac import dediac_ar

        mapper = CharMapper.builtin_mapper("arclean")
        contenders["CAMeL Tools dediac_ar"] = dediac_ar
        contenders["CAMeL Tools CharMapper 'arclean'"] = mapper.map_string
    except ImportError as error:
        notes.append(f"CAMeL Tools skipped: {error} (pip install --no-deps camel-tools emoji)")
    try:
        import ftfy

        contenders["ftfy fix_text"] = ftfy.fix_text
    except ImportError as error:
        notes.append(f"ftfy skipped: {error}")
    megabytes = len(text.encode("utf-8")) / 1e6
    rows = []
    for name, function in contenders.items():
        function(text[:10_000])
        seconds = _best_time(function, text, repeats)
        rows.append({"name": name, "seconds": seconds, "mb_per_s": megabytes / seconds})
    return {"megabytes": megabytes, "rows": rows, "notes": notes}


def _document_of_size(records: Sequence[dict[str, Any]], size: int) -> str:
    """Whole lines of the set's raw texts, cycled, until ``size`` UTF-8 bytes."""
    lines = [line for record in records for line in record["raw"].split("\n")]
    out: list[str] = []
    total = index = 0
    while total < size:
        line = lines[index % len(lines)]
        out.append(line)
        total += len(line.encode("utf-8")) + 1
        index += 1
    return "\n".join(out)


def _cold_clean(document: str) -> object:
    import arclean

    clear_key_memos()
    return arclean.clean(document)


def measure_scaling(records: Sequence[dict[str, Any]], quick: bool) -> dict[str, Any]:
    """Time per MB of one document from 1 KB up, and docs/s for 1 document up to 100,000."""
    import arclean

    sizes = [1_000, 10_000, 100_000] + ([] if quick else [1_000_000, 10_000_000])
    by_size = []
    for size in sizes:
        document = _document_of_size(records, size)
        arclean.clean(document[:2000])
        # each size cold, as the throughput passes are: no line key remembered from a smaller size
        seconds = _best_time(_cold_clean, document, 2 if size >= 1_000_000 else 3)
        megabytes = len(document.encode("utf-8")) / 1e6
        by_size.append({"bytes": size, "seconds": seconds, "seconds_per_mb": seconds / megabytes})
    # many documents: the set's documents cycled, each cut to its first ~600 characters at a line end
    short = []
    for record in records:
        cut = record["raw"][:600]
        short.append(cut[: cut.rfind("\n")] if "\n" in cut else cut)
    counts = [1, 10, 100, 1_000] + ([] if quick else [10_000, 100_000])
    by_count = []
    for count in counts:
        documents = [short[i % len(short)] for i in range(count)]
        started = clock()
        for document in documents:
            arclean.clean(document)
        seconds = clock() - started
        megabytes = sum(len(d.encode("utf-8")) for d in documents) / 1e6
        by_count.append({"docs": count, "seconds": seconds, "docs_per_s": count / seconds, "mb_per_s": megabytes / seconds})
    return {"by_size": by_size, "by_count": by_count}


def _worker(args: argparse.Namespace) -> int:
    if args.worker == "quality":
        result = measure_quality(args.system, [Path(p) for p in args.paths], args.limit, args.repeats)
    elif args.worker == "normalize":
        text = "\n".join(record["raw"] for record in load_set([Path(p) for p in args.paths], args.limit))
        result = measure_normalization(text, args.repeats)
    else:
        result = measure_scaling(load_set([Path(p) for p in args.paths]), args.quick)
    print(json.dumps(result, ensure_ascii=False))
    return 0


def spawn(worker: str, paths: Sequence[Path], *extra: str) -> dict[str, Any]:
    """Run a worker in a fresh interpreter and return its JSON result (raises on failure)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", worker, *extra, *map(str, paths)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{worker} {' '.join(extra)} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- the whole run ---------------------------------------------------------------------
def run_benchmarks(
    systems: Sequence[str] = (*QUALITY_SYSTEMS, "regex"),
    sets: dict[str, list[Path]] | None = None,
    *,
    quick: bool = False,
    limit: int | None = None,
    repeats: int = 2,
    sections: Sequence[str] = ("quality", "normalize", "scaling"),
    log: Any = print,
) -> dict[str, Any]:
    """Measure everything; returns the results (``write_report`` turns them into docs)."""
    sets = find_sets() if sets is None else sets
    results: dict[str, Any] = {"quick": quick, "sets": {}, "skipped": {}, "machine": machine_info()}
    for name in systems:
        reason = available(name)
        if reason:
            results["skipped"][name] = reason
            log(f"skip {name}: {reason}")
    runnable = [name for name in systems if name not in results["skipped"]]
    extra = ["--repeats", str(repeats)] + (["--limit", str(limit)] if limit else [])
    if "quality" in sections:
        for set_name, paths in sets.items():
            results["sets"][set_name] = {}
            for name in runnable:
                log(f"{set_name}: {name}")
                results["sets"][set_name][name] = spawn("quality", paths, "--system", name, *extra)
    speed_set = "dev" if "dev" in sets else next(iter(sets), None)
    if speed_set and "normalize" in sections:
        log("normalization")
        results["normalize"] = spawn("normalize", sets[speed_set], *extra[:2], *extra[2:])
    if speed_set and "scaling" in sections:
        log("scaling")
        results["scaling"] = spawn("scaling", sets[speed_set], *(["--quick"] if quick else []))
    results["speed_set"] = speed_set
    return results


def machine_info() -> dict[str, Any]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = package_metadata.version(package)
        except package_metadata.PackageNotFoundError:
            versions[package] = "not installed"
    import os

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "versions": versions,
        "date": time.strftime("%Y-%m-%d"),
    }


# -- the report ------------------------------------------------------------------------
def _label(name: str) -> str:
    return SYSTEMS[name][2] if name in SYSTEMS else name


def write_chart(results: dict[str, Any], path: Path) -> bool:
    """Removal F1 against throughput (MB/s, log scale) on the speed set; False if matplotlib is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    rows = results["sets"].get(results.get("speed_set") or "", {})
    figure, axes = plt.subplots(figsize=(8, 5), dpi=110)
    plotted = [(name, row) for name, row in rows.items() if name not in ("regex", "identity")]  # identity: F1 0
    for index, (name, row) in enumerate(sorted(plotted, key=lambda item: item[1]["mb_per_s"])):
        x, y = row["mb_per_s"], row["scores"]["removal_f1"]
        axes.scatter([x], [y], s=60 if name == "arclean" else 30, color="crimson" if name == "arclean" else "steelblue")
        # stagger labels: several peers share a score
        offset = (8, -12) if name == "arclean" else (6, 4 + 10 * (index % 3))
        axes.annotate(name, (x, y), textcoords="offset points", xytext=offset, fontsize=8)
    axes.set_xscale("log")
    axes.set_ylim(-0.05, 1.1)
    axes.set_xlabel("throughput, MB/s (log scale, single core)")
    axes.set_ylabel("removal F1")
    axes.set_title(f"Removal F1 vs throughput on {results.get('speed_set')}")
    axes.grid(True, which="both", alpha=0.3)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return True


def render_markdown(results: dict[str, Any], chart: str | None) -> str:
    """docs/benchmarks.md from the results of ``run_benchmarks``."""
    out = [
        "# Benchmarks",
        "",
        "Generated by `python benchmarks/run.py`"
        + (" --quick (smoke figures)" if results["quick"] else "")
        + " — do not edit by hand. Install the peers with `pip install -e .[bench]` "
        "and `pip install --no-deps camel-tools emoji` (see the end of this page).",
        "",
        "Every system sees the same raw text. jusText and trafilatura get each non-blank line as one `<p>`; "
        "datatrove's `C4QualityFilter` is a line filter with its document drops switched off. "
        "Scores use `arclean.evaluate` (the reference definitions, docs/evaluation.md). "
        "Speed is single-core CPU time of the worker process (`time.process_time`, so other load on the machine "
        "does not skew it), best of the timed passes after a warm-up, each system in its own process.",
        "",
    ]
    if chart:
        out += [f"![removal F1 vs throughput]({chart})", ""]
    for set_name, rows in results["sets"].items():
        if not rows:
            continue
        first = next(iter(rows.values()))
        out += [
            f"## Quality on `{set_name}` ({first['docs']} documents, {first['megabytes']:.2f} MB)",
            "",
            "| system | removal P | removal R | removal F1 | body-line loss | junk-line leak | docs losing body "
            "| token F1 | exact |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for name, row in rows.items():
            if name == "regex":
                continue
            s = row["scores"]
            out.append(
                f"| {_label(name)} | {s['removal_precision']:.4f} | {s['removal_recall']:.4f} | "
                f"**{s['removal_f1']:.4f}** | {s['body_line_loss']:.4f} | {s['junk_line_leak']:.4f} | "
                f"{s['docs_losing_body']:.3f} | {s['f1']:.4f} | {s['exact']:.3f} |"
            )
        out.append("")
    speed_rows = results["sets"].get(results.get("speed_set") or "", {})
    if speed_rows:
        base = speed_rows.get("arclean")
        out += [
            f"## Speed on `{results['speed_set']}`",
            "",
            "Ratio = the system's throughput / arclean's, from the same run (below 1 means slower than arclean). "
            "Peak RSS is the whole process (interpreter and imports included); growth is over the RSS after warm-up.",
            "",
            "| system | docs/s | MB/s | ratio to arclean | peak RSS MB | RSS growth MB |",
            "|---|---|---|---|---|---|",
        ]
        for name, row in sorted(speed_rows.items(), key=lambda item: -item[1]["mb_per_s"]):
            ratio = f"{row['mb_per_s'] / base['mb_per_s']:.2f}×" if base else "–"
            out.append(
                f"| {_label(name)} | {row['docs_per_s']:.0f} | {row['mb_per_s']:.2f} | {ratio} | "
                f"{row['peak_rss_mb']:.0f} | {row['rss_growth_mb']:.0f} |"
            )
        out.append("")
        if base:
            out += ["### Targets", "", *_targets(speed_rows, results.get("normalize"), results.get("scaling")), ""]
    normalization = results.get("normalize")
    if normalization:
        base_rate = normalization["rows"][0]["mb_per_s"]
        out += [
            f"## Normalization alone ({normalization['megabytes']:.2f} MB of raw text)",
            "",
            "| normalizer | MB/s | ratio to arclean (defaults) |",
            "|---|---|---|",
        ]
        out += [f"| {r['name']} | {r['mb_per_s']:.2f} | {r['mb_per_s'] / base_rate:.2f}× |" for r in normalization["rows"]]
        out += [""] + [f"- {note}" for note in normalization["notes"]] + ([""] if normalization["notes"] else [])
    scaling = results.get("scaling")
    if scaling:
        out += [
            "## Scaling",
            "",
            "One document built from whole lines of the set, growing in size (arclean default pipeline; each size timed"
            " cold, with no line key remembered from an earlier call, best of 3 below 1 MB and of 2 above):",
            "",
            "| size | seconds | seconds per MB |",
            "|---|---|---|",
        ]
        out += [f"| {_size(r['bytes'])} | {r['seconds']:.4f} | {r['seconds_per_mb']:.3f} |" for r in scaling["by_size"]]
        out += [
            "",
            "Many short documents (the set's documents cut to their first ~600 characters, cycled):",
            "",
            "| documents | seconds | docs/s | MB/s |",
            "|---|---|---|---|",
        ]
        out += [
            f"| {r['docs']:,} | {r['seconds']:.3f} | {r['docs_per_s']:.0f} | {r['mb_per_s']:.2f} |" for r in scaling["by_count"]
        ]
        out.append("")
    out += [
        "## Notes",
        "",
        "- trafilatura is a DOM extractor: given flat text (one `<p>` per line, no site template) it keeps "
        "every paragraph, so it scores like identity. It is here for speed, and to show that HTML-structure "
        "cues are gone once a page has been scraped to text.",
        "- jusText's stop-word density test needs long paragraphs; short Arabic story lines fall under "
        "`length_low` and are judged boilerplate, hence its body-line loss.",
        "- The C4 line filter drops every line not ending in `. ? ! \" '`: story lines ending in `:` or "
        "without punctuation are lost, which adding `؟` only partly fixes.",
        "- identity's removal recall is not exactly 0 on `dev`: one gold `inline_junk` span "
        "(snn_aljazirah/0009) does not occur verbatim in its raw text.",
        "",
    ]
    if results["skipped"]:
        out += ["## Skipped", ""] + [f"- {name}: {why}" for name, why in results["skipped"].items()] + [""]
    machine = results["machine"]
    out += [
        "## Machine and versions",
        "",
        f"- {machine['cpu']}, {machine['cores']} cores; Python {machine['python']}; {machine['platform']}; run {machine['date']}",
        "- " + ", ".join(f"{name} {version}" for name, version in machine["versions"].items()),
        "",
        "## Reproduce",
        "",
        "```sh",
        "pip install -e '.[bench]'                 # justext, lxml_html_clean, trafilatura, datatrove, matplotlib",
        "pip install --no-deps camel-tools emoji   # CAMeL Tools' char maps without its heavy dependencies",
        "python benchmarks/run.py                  # or --quick for a smoke run",
        "```",
        "",
    ]
    return "\n".join(out)


def _size(size: int) -> str:
    return f"{size // 1_000_000} MB" if size >= 1_000_000 else f"{size // 1000} KB"


def _targets(speed: dict[str, Any], normalization: dict[str, Any] | None, scaling: dict[str, Any] | None) -> list[str]:
    """One line per target: the measured figure and whether it is met."""
    base = speed["arclean"]["mb_per_s"]
    lines = []

    def check(label: str, value: float, goal: float, unit: str = "×") -> None:
        lines.append(f"- {label}: {value:.2f}{unit} (target ≥ {goal}{unit}) — {'met' if value >= goal else 'MISSED'}")

    if "justext" in speed:
        check("arclean / jusText throughput", base / speed["justext"]["mb_per_s"], 25)
    if "c4" in speed:
        check("arclean / datatrove C4 line filter throughput", base / speed["c4"]["mb_per_s"], 1.5)
    if "regex" in speed:
        slowdown = speed["regex"]["mb_per_s"] / base
        lines.append(f"- one regex pass / arclean: {slowdown:.1f}× (target ≤ 10×) — {'met' if slowdown <= 10 else 'MISSED'}")
    if normalization:
        speeds = {row["name"]: row["mb_per_s"] for row in normalization["rows"]}
        for ours, peer in EQUIVALENTS:
            if ours in speeds and peer in speeds:
                check(f"{ours} / {peer} (same job)", speeds[ours] / speeds[peer], 1)
    if scaling and scaling["by_size"]:
        # Flat means no growth with size (nothing super-linear): the worst rise of seconds/MB over
        # any smaller size. Small documents cost more per MB (a fixed cost per document), which
        # falls, not rises, with size; it is reported beside the target.
        per_mb = [row["seconds_per_mb"] for row in scaling["by_size"]]
        rise = max(value / min(per_mb[: i + 1]) for i, value in enumerate(per_mb))
        lines.append(
            f"- time per MB from {_size(scaling['by_size'][0]['bytes'])} to {_size(scaling['by_size'][-1]['bytes'])}: "
            f"worst rise over a smaller size {rise:.2f}× (target: flat, ≤ 1.5×) — {'met' if rise <= 1.5 else 'MISSED'}; "
            f"seconds/MB {per_mb[0]:.3f} at the smallest size, {min(per_mb):.3f}-{max(per_mb[1:] or per_mb):.3f} above it"
        )
    return lines


def write_report(results: dict[str, Any], docs_dir: Path, raw_json: Path | None = None) -> Path:
    """Write benchmarks.md (+ benchmarks.png) into ``docs_dir`` and the raw results to ``raw_json``."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    chart = "benchmarks.png" if write_chart(results, docs_dir / "benchmarks.png") else None
    path = docs_dir / "benchmarks.md"
    path.write_text(render_markdown(results, chart), encoding="utf-8")
    if raw_json is not None:
        raw_json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smoke run: 20 documents per set, small scaling sweep")
    parser.add_argument("--systems", nargs="+", choices=list(SYSTEMS), help="only these systems")
    parser.add_argument("--limit", type=int, help="documents per set")
    parser.add_argument("--repeats", type=int, default=3, help="timed passes per measurement (best is kept)")
    parser.add_argument("--docs-dir", type=Path, help="where benchmarks.md and .png go (docs/; benchmarks/quick/ with --quick)")
    parser.add_argument("--report-only", type=Path, metavar="RESULTS.json", help="rewrite the docs from saved results")
    parser.add_argument("--worker", choices=["quality", "normalize", "scaling"], help=argparse.SUPPRESS)
    parser.add_argument("--system", help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return _worker(args)
    if args.docs_dir is None:  # a smoke run never overwrites the published figures
        args.docs_dir = Path(__file__).resolve().parent / "quick" if args.quick else ROOT / "docs"
    if args.report_only:
        results = json.loads(args.report_only.read_text(encoding="utf-8"))
        print(f"wrote {write_report(results, args.docs_dir)}")
        return 0
    limit = args.limit or (20 if args.quick else None)
    systems = tuple(args.systems or (*QUALITY_SYSTEMS, "regex"))
    results = run_benchmarks(systems, quick=args.quick, limit=limit, repeats=1 if args.quick else args.repeats)
    raw_json = Path(__file__).resolve().parent / ("quick/results.json" if args.quick else "results.json")
    print(f"wrote {write_report(results, args.docs_dir, raw_json)} and {raw_json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
