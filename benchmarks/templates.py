"""Corpus mode on the dev sites' crawl: quality with and without templates, memory, speed.

    python benchmarks/templates.py                 # everything (1M pages take ~10 minutes on two cores)
    python benchmarks/templates.py --sizes 10000   # a quick run

Writes benchmarks/templates.json and docs/templates-results.md (every figure there comes from
this script). Needs ../shared (the crawl and the dev set); without it, nothing to measure.

- quality: learn on the crawl (``../shared/crawl/snn-dev-sites.jsonl.gz``), then score the dev
  documents of the crawl's sites with the default pipeline, with and without the templates,
  per site; also at lower ``min_share`` settings, to show how sensitive the result is; the
  lines of those documents that gold keeps and a template removes (must be none);
- leaks: every boilerplate line the default pipeline leaves in those documents, and how many
  crawl pages of its site carry it at each grain the learner can use: the same skeleton, one
  of its masked variants, or inside a longer line (glued). Only counts are written, no text;
- crawl: what the templates remove from the crawl's own pages that the rules leave, per site
  and mechanism (a whole line, an item of a block, template lines glued into one);
- memory: learn on 10k, 100k, 1M pages built from the crawl (its pages in turn, each copy made
  distinct by a number appended to its last line), each size in a
  fresh process; peak RSS and the learner's own estimate of its state;
- speed: pages per CPU second of ``learn`` and of ``Pipeline.clean`` on the same pages, same process.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from arclean import Pipeline  # noqa: E402
from arclean.evaluate import _line_spans, evaluate, load_jsonl, predict, tokens  # noqa: E402
from arclean.templates import LearnOptions, SiteTemplates, TemplateLearner, site_key, skeletons  # noqa: E402
from arclean.templates.apply import glue_pieces, glued_entry  # noqa: E402

SHARED = ROOT.parent / "shared"
CRAWL = SHARED / "crawl" / "snn-dev-sites.jsonl.gz"
DEV = SHARED / "eval" / "dev.jsonl"
RESULTS = ROOT / "benchmarks" / "templates.json"
DOC = ROOT / "docs" / "templates-results.md"
clock = time.process_time


def crawl_pages() -> Iterator[tuple[str, str]]:
    with gzip.open(CRAWL, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            yield record["site"], record["text"]


def grown_pages(count: int) -> Iterator[tuple[str, str]]:
    """``count`` pages: the crawl's pages in turn, copy ``n`` with " n" appended (distinct pages)."""
    made = copy = 0
    while True:
        for site, text in crawl_pages():
            if made == count:
                return
            body = text.rstrip()  # the number joins the last line: no new line, same line count
            yield site, text if copy == 0 else f"{body} {copy}{text[len(body) :]}"
            made += 1
        copy += 1


# -- quality ---------------------------------------------------------------------------------
def quality(share_settings: list[float]) -> dict[str, Any]:
    pages = list(crawl_pages())
    crawl_sites = {site_key(site) for site, _ in pages}
    gold = [record for record in load_jsonl(DEV) if site_key(record.get("site", "")) in crawl_sites]
    base = Pipeline.default()
    without = evaluate(gold, base)
    out: dict[str, Any] = {"docs": len(gold), "crawl_pages": len(pages), "settings": []}
    for share in share_settings:
        options = LearnOptions(min_share=share)
        templates = SiteTemplates.learn(pages, options)
        report = evaluate(gold, base.with_templates(templates))
        entries = {site: len(t.entries) for site, t in templates.data.sites.items()}
        templated = base.with_templates(templates)
        removals_by_site: dict[str, int] = {}
        for record in gold:
            removed = templated.clean(record["raw"], site=record["site"]).removed
            count = sum(removal.rule.startswith("template.") for removal in removed)
            removals_by_site[record["site"]] = removals_by_site.get(record["site"], 0) + count
        template_removals = sum(removals_by_site.values())
        row = {
            "min_share": share,
            "entries": sum(entries.values()),
            "template_removals_on_dev": template_removals,
            "with": _figures(report.summary),
            "without": _figures(without.summary),
        }
        if share == LearnOptions().min_share:
            row["gold_kept_removed"] = gold_kept_removed(gold, base.with_templates(templates))
            out["leaks"] = leaks(gold, base, pages)
            out["crawl"] = crawl_removals(pages, base, templates)
            with_sites, without_sites = report.by_site(), without.by_site()
            row["by_site"] = {
                site: {
                    "docs": without_sites[site]["docs"],
                    "entries": entries.get(site_key(site), 0),
                    "template_removals": removals_by_site.get(site, 0),
                    "without": _figures(without_sites[site]),
                    "with": _figures(with_sites[site]),
                }
                for site in sorted(without_sites)
            }
        out["settings"].append(row)
    # corpus mode on the labelled set itself: templates learned from every dev document's raw
    # text (labels unused), applied to the same documents, all sources
    everything = load_jsonl(DEV)
    own = SiteTemplates.learn((record.get("site", "?"), record["raw"]) for record in everything)
    out["own_text"] = {
        "docs": len(everything),
        "sites": len({site_key(record.get("site", "?")) for record in everything}),
        "entries": sum(len(template.entries) for template in own.data.sites.values()),
        "without": _figures(evaluate(everything, base).summary),
        "with": _figures(evaluate(everything, base.with_templates(own)).summary),
    }
    out["synthetic"] = synthetic()
    return out


def gold_kept_removed(gold: list[dict[str, Any]], pipeline: Pipeline) -> int:
    """Lines gold labels ``body`` that a template removal touches (corpus mode must remove none)."""
    count = 0
    for record in gold:
        removals = [r for r in pipeline.clean(record["raw"], site=record["site"]).removed if r.rule.startswith("template.")]
        for (start, end), label in zip(_line_spans(record["raw"]), record["labels"], strict=False):
            if label == "body" and any(r.start < end and r.end > start for r in removals):
                count += 1
    return count


def leaks(gold: list[dict[str, Any]], pipeline: Pipeline, pages: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """What keeps each of ``gold``'s documents from exact: the boilerplate the pipeline leaves
    (gold's non-story lines, and the pieces of its inline junk, whose tokens survive in order),
    and the story tokens it drops. For each leaked piece, the crawl pages of its site that carry
    it: its skeleton as a line, any of its skeletons (masked variants), inside a longer line."""
    by_site: dict[str, list[list[tuple[str, ...]]]] = {}
    for site, text in pages:
        by_site.setdefault(site_key(site), []).append([skeletons(line) for line in text.split("\n") if line.strip()])
    rows = []
    for record in gold:
        pred, _ = predict(pipeline, record["raw"], record["site"])
        gold_tokens, pred_tokens = tokens(record["main"]), tokens(pred["text"])
        if gold_tokens == pred_tokens:
            continue
        haystack = f" {' '.join(pred_tokens)} "
        pieces = [(line, label) for line, label in zip(record["raw"].split("\n"), record["labels"], strict=False)]
        pieces = [(line, label) for line, label in pieces if label not in ("body", "blank")]
        pieces += [(piece, "inline") for junk in record.get("inline_junk", []) for piece in re.split(r"\s{2,}", junk)]
        missing = sum((Counter(gold_tokens) - Counter(pred_tokens)).values())
        extra = sum((Counter(pred_tokens) - Counter(gold_tokens)).values())
        site_pages = by_site.get(site_key(record["site"]), [])
        found = False
        for text, label in pieces:
            words = tokens(text)
            if not words or f" {' '.join(words)} " not in haystack:
                continue
            found = True
            own = skeletons(text)
            rows.append(
                {
                    "id": record["id"],
                    "what": f"{label} left",
                    "tokens": len(words),
                    "same_skeleton": sum(any(own[0] == keys[0] for keys in page) for page in site_pages),
                    "masked_variant": sum(any(set(own) & set(keys) for keys in page) for page in site_pages),
                    "inside_longer_line": sum(
                        any(own[0] in keys[0] and own[0] != keys[0] for keys in page) for page in site_pages
                    ),
                }
            )
        if missing or not found:
            rows.append({"id": record["id"], "what": f"{missing} story tokens lost, {extra} tokens extra", "tokens": missing})
    return rows


def crawl_removals(pages: list[tuple[str, str]], pipeline: Pipeline, templates: SiteTemplates) -> dict[str, dict[str, int]]:
    """Lines of the crawl's pages that the templates remove and the rules leave (some of their
    text), per site and mechanism: ``line`` (the line is an entry), ``block`` (an item under a
    header), ``glued`` (entries end to end)."""
    templated = pipeline.with_templates(templates)
    out: dict[str, dict[str, int]] = {}
    for site, text in pages:
        row = out.setdefault(site, {"pages": 0, "pages_touched": 0, "line": 0, "block": 0, "glued": 0})
        row["pages"] += 1
        removals = [r for r in templated.clean(text, site=site).removed if r.rule.startswith("template.")]
        if removals:  # only what the rules leave: a removal some of whose text they keep
            ruled = pipeline.clean(text).removed
            removals = [r for r in removals if _uncovered(r.start, r.end, ruled, text)]
        row["pages_touched"] += bool(removals)
        template = templates.get(site)
        pieces = glue_pieces(template) if template is not None else ()
        for removal in removals:
            entry = templates.entry(removal.rule)
            own = skeletons(removal.text)
            if entry is not None and entry.skeleton in own:
                row["line"] += 1
            elif pieces and glued_entry(own[0], pieces) is not None:
                row["glued"] += 1
            else:
                row["block"] += 1
    return dict(sorted(out.items()))


def _uncovered(start: int, end: int, removals: Any, text: str) -> bool:
    """True if some non-space character of ``text[start:end]`` is in none of ``removals``."""
    covered = bytearray(end - start)
    for removal in removals:
        low, high = max(start, removal.start), min(end, removal.end)
        if low < high:
            covered[low - start : high - start] = b"\x01" * (high - low)
    return any(not covered[i] and not text[start + i].isspace() for i in range(end - start))


def synthetic(pages: int = 300, sites: int = 3) -> dict[str, Any]:
    """The same with ``arclean.testing.sites``: a crawl whose templates no cue knows, gold from it."""
    from arclean.testing.sites import gold_records, site_crawl

    crawl = site_crawl(pages=pages, sites=sites, seed=11)
    gold = gold_records(crawl)
    templates = SiteTemplates.learn((page.site, page.text) for page in crawl)
    base = Pipeline.default()
    return {
        "docs": len(gold),
        "sites": sites,
        "repeated_story_pages": sum(page.repeated is not None for page in crawl),
        "entries": sum(len(template.entries) for template in templates.data.sites.values()),
        "without": _figures(evaluate(gold, base).summary),
        "with": _figures(evaluate(gold, base.with_templates(templates)).summary),
    }


def _figures(summary: dict[str, Any]) -> dict[str, float]:
    return {name: round(summary[name], 4) for name in ("removal_f1", "body_line_loss", "junk_line_leak", "exact")}


# -- memory (each size in its own process) ----------------------------------------------------
def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM: unlike ``ru_maxrss``, not inherited across exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def learn_worker(count: int) -> dict[str, Any]:
    start_rss = peak_rss_mb()
    learner = TemplateLearner()
    started = clock()
    for site, text in grown_pages(count):
        learner.add(site, text)
    learn_seconds = clock() - started
    entries = sum(len(site.entries) for site in learner.result().sites.values())
    return {
        "pages": learner.pages,
        "entries": entries,
        "state_bytes": learner.nbytes(),
        "peak_rss_mb": peak_rss_mb(),
        "rss_before_mb": start_rss,
        "cpu_seconds": round(learn_seconds, 2),
    }


def memory(sizes: list[int]) -> list[dict[str, Any]]:
    rows = []
    for size in sizes:
        done = subprocess.run([sys.executable, __file__, "--worker", str(size)], capture_output=True, text=True, check=True)
        rows.append(json.loads(done.stdout))
        print(f"  {size:>9,} pages: {rows[-1]}", file=sys.stderr)
    return rows


# -- speed ------------------------------------------------------------------------------------
def speed(repeats: int = 2) -> dict[str, Any]:
    """Best of ``repeats`` passes each, alternating, so load on the machine skews neither side."""
    pages = list(crawl_pages())
    pipeline = Pipeline.default()
    templates = SiteTemplates.learn(pages)
    with_templates = pipeline.with_templates(templates)
    for site, text in pages[:200]:  # warm-up: compiled patterns, caches
        pipeline.clean(text)
        with_templates.clean(text, site=site)

    def timed(run: Any) -> float:
        started = clock()
        run()
        return clock() - started

    def learn() -> None:
        TemplateLearner().update(pages).result()

    def clean() -> None:
        for _, text in pages:
            pipeline.clean(text)

    def clean_with_templates() -> None:
        for site, text in pages:
            with_templates.clean(text, site=site)

    best: dict[str, float] = {}
    for _ in range(repeats):
        for name, run in (("learn", learn), ("clean", clean), ("templated", clean_with_templates)):
            best[name] = min(best.get(name, float("inf")), timed(run))
    return {
        "pages": len(pages),
        "learn_pages_per_s": round(len(pages) / best["learn"], 1),
        "clean_pages_per_s": round(len(pages) / best["clean"], 1),
        "clean_with_templates_pages_per_s": round(len(pages) / best["templated"], 1),
        "learn_over_clean": round(best["clean"] / best["learn"], 2),
    }


# -- the page in docs ---------------------------------------------------------------------------
def _without_with(without: dict, with_: dict) -> str:
    """A table row's removal F1, body-line loss and exact cells, each "without → with"."""
    return (
        f"{without['removal_f1']:.4f} → {with_['removal_f1']:.4f} | "
        f"{without['body_line_loss']:.4f} → {with_['body_line_loss']:.4f} | "
        f"{without['exact']:.3f} → {with_['exact']:.3f}"
    )


def markdown(results: dict[str, Any]) -> str:
    q = results["quality"]
    default = next(row for row in q["settings"] if "by_site" in row)
    lines = [
        "# Corpus mode: measured",
        "",
        "Generated by `python benchmarks/templates.py` (do not edit by hand); what corpus mode is:",
        "[templates.md](templates.md).",
        "",
        f"## Dev documents of the crawl's sites ({q['docs']} documents; templates learned from {q['crawl_pages']:,} crawl pages)",
        "",
        "Default pipeline without and with the templates learned with the default options.",
        "",
        "| site | docs | entries | template removals | removal F1 without → with | body-line loss without → with "
        "| exact without → with |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for site, row in default["by_site"].items():
        w, t = row["without"], row["with"]
        lines.append(f"| {site} | {row['docs']} | {row['entries']} | {row.get('template_removals', 0)} | {_without_with(w, t)} |")
    w, t = default["without"], default["with"]
    lines.append(
        f"| **all** | {q['docs']} | {default['entries']} | {default['template_removals_on_dev']} | {_without_with(w, t)} |"
    )
    if "gold_kept_removed" in default:
        lines += ["", f"Lines of these documents that gold keeps and a template removes: {default['gold_kept_removed']}."]
    if "leaks" in q:
        leaked = [row for row in q["leaks"] if "same_skeleton" in row]
        documents = len({row["id"] for row in q["leaks"]})
        lines += [
            "",
            "### What keeps the others from exact, and what the crawl holds of it",
            "",
            f"Without templates {documents} of these documents are not exact; what is left in them (gold's",
            f"boilerplate lines and inline pieces whose words survive, {len(leaked)} in all) and, for each, the",
            "pages of its site's crawl that carry it at each grain the learner can use (a template needs",
            "`min_pages` pages and `min_share` of the site; a block, a header on that many):",
            "",
            "| document | what | tokens | crawl pages: same skeleton | any masked variant | inside a longer line |",
            "|---|---|---:|---:|---:|---:|",
        ]
        for row in q["leaks"]:
            if "same_skeleton" in row:
                lines.append(
                    f"| {row['id']} | {row['what']} | {row['tokens']} | {row['same_skeleton']} | "
                    f"{row['masked_variant']} | {row['inside_longer_line']} |"
                )
            else:
                lines.append(f"| {row['id']} | {row['what']} | {row['tokens']} | | | |")
    if "crawl" in q:
        lines += [
            "",
            "### What the templates remove from the crawl's own pages (that the rules leave)",
            "",
            "| site | pages | pages touched | whole lines | block items | glued lines |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        totals = dict.fromkeys(("pages", "pages_touched", "line", "block", "glued"), 0)
        for site, row in q["crawl"].items():
            lines.append(
                f"| {site} | {row['pages']:,} | {row['pages_touched']} | {row['line']} | {row['block']} | {row['glued']} |"
            )
            totals = {name: totals[name] + row[name] for name in totals}
        lines.append(
            f"| **all** | {totals['pages']:,} | {totals['pages_touched']} | {totals['line']} | {totals['block']} | "
            f"{totals['glued']} |"
        )
    lines += [
        "",
        "Sensitivity to `min_share` (all documents above):",
        "",
        "| min_share | entries | template removals on these documents | removal F1 | body-line loss | exact |",
        "|---:|---:|---:|---|---|---|",
    ]
    for row in q["settings"]:
        w, t = row["without"], row["with"]
        lines.append(f"| {row['min_share']} | {row['entries']} | {row['template_removals_on_dev']} | {_without_with(w, t)} |")
    if "own_text" in q:
        o = q["own_text"]
        w, t = o["without"], o["with"]
        lines += [
            "",
            f"Learned from the raw text of all {o['docs']} dev documents themselves ({o['sites']} sources, labels unused;",
            f"{o['entries']} entries) and applied to them: removal F1 {w['removal_f1']:.4f} → {t['removal_f1']:.4f}, "
            f"body-line loss {w['body_line_loss']:.4f} → {t['body_line_loss']:.4f}, exact {w['exact']:.3f} → {t['exact']:.3f}.",
        ]
    if "synthetic" in q:
        y = q["synthetic"]
        w, t = y["without"], y["with"]
        lines += [
            "",
            f"## A synthetic crawl ({y['docs']} pages of {y['sites']} sites, `arclean.testing.sites`)",
            "",
            "Each site's own template in wording no cue knows, varied stories, and a wire story and a house",
            f"story republished on {y['repeated_story_pages']} pages; learned from the pages, scored on the same pages:",
            "",
            "| | removal F1 | body-line loss | junk-line leak | exact |",
            "|---|---:|---:|---:|---:|",
            f"| without templates | {w['removal_f1']:.4f} | {w['body_line_loss']:.4f} | "
            f"{w['junk_line_leak']:.4f} | {w['exact']:.3f} |",
            f"| with templates ({y['entries']} entries) | {t['removal_f1']:.4f} | {t['body_line_loss']:.4f} | "
            f"{t['junk_line_leak']:.4f} | {t['exact']:.3f} |",
        ]
    lines += [
        "",
        "## Memory as the crawl grows",
        "",
        "Each size learned in a fresh process from pages built from the crawl (its pages in turn, copies",
        "made distinct); peak RSS of the whole process, and the learner's estimate of its own state.",
        "",
        "| pages | peak RSS (MB) | RSS after imports (MB) | learner state (MB) | template entries | learn CPU s |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results["memory"]:
        lines.append(
            f"| {row['pages']:,} | {row['peak_rss_mb']} | {row['rss_before_mb']} | "
            f"{row['state_bytes'] / 1e6:.1f} | {row['entries']} | "
            f"{row['cpu_seconds']} |"
        )
    s = results["speed"]
    lines += [
        "",
        f"## Speed (the crawl's {s['pages']:,} pages, CPU time, one process, best of two passes)",
        "",
        "| | pages/s |",
        "|---|---:|",
        f"| `learn` | {s['learn_pages_per_s']:,} |",
        f"| `Pipeline.clean` | {s['clean_pages_per_s']:,} |",
        f"| `Pipeline.clean(site=...)` with templates | {s['clean_with_templates_pages_per_s']:,} |",
        "",
        f"Learning runs at {s['learn_over_clean']}× the speed of cleaning.",
        "",
        f"Machine: {results['machine']}.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--shares", type=float, nargs="+", default=[0.05, 0.02, 0.01, 0.005])
    parser.add_argument(
        "--parts",
        nargs="+",
        choices=("quality", "speed", "memory"),
        default=["quality", "speed", "memory"],
        help="what to measure (the others are kept from the last run's JSON)",
    )
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is not None:
        print(json.dumps(learn_worker(args.worker)))
        return 0
    if not CRAWL.exists() or not DEV.exists():
        print(f"needs {CRAWL} and {DEV}", file=sys.stderr)
        return 1
    import platform

    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    results["machine"] = f"{platform.processor() or platform.machine()}, Python {platform.python_version()}"
    for part, measure in (("quality", lambda: quality(args.shares)), ("speed", speed), ("memory", lambda: memory(args.sizes))):
        if part in args.parts:
            print(f"{part} ...", file=sys.stderr)
            results[part] = measure()
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    DOC.write_text(markdown(results), encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)} and {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
