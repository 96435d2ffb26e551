"""How well arclean's rules carry over to sites and phrasings they were not written for.

    python benchmarks/generalization.py            # every measure, printed as a report
    python benchmarks/generalization.py --json out.json

The held-out sets are other sites and other phrasings; these measures imitate them on what
we can see:

- **plain**: removal F1, body-line loss, docs losing body and exact per evaluation file.
- **leave-one-site-out (LOSO)** on dev: a rule that fires on the documents of one site only is
  the kind of rule that fits a site rather than a phenomenon. For every site, those rules are
  switched off and the site's documents are cleaned again; the F1 reached says how much the
  site depends on rules nothing else confirms. The one-site rules are listed. A few rules read
  no words at all (a repetition, a position, a shape) and stay on, each with its reason in
  ``benchmarks/one_site_rules.toml``; the F1 with every one-site rule off is given beside. Each
  one-site rule's spans are checked one by one: still removed with the rule off means a second
  mechanism (another cue, a concept, a neighbour rule) backs it.
- **leave-one-cue-out (LOCO)**: each cue entry's examples are planted after a real story (the
  body of a dev document, as ``arclean.testing`` plants boilerplate after generated stories),
  the entry is switched off, and we check whether the rest of the rules still remove the
  line. The share still caught says how much of the cue table is backed by a concept rather
  than by one phrase; the entries nothing else covers are listed.
- **idempotence**: ``clean(clean(x).text).text == clean(x).text`` on every shared document and
  corpus case; the documents where it fails are listed.

"Switched off" rebuilds the pipeline without the cue entries concerned (so every other cue of
the same kind still gets its chance) and refuses the marks of the code rules concerned.
Nothing here is timed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from arclean.evaluate import aggregate, load_jsonl, predict, score_document  # noqa: E402
from arclean.find.cues import cues as cue_table  # noqa: E402
from arclean.find.labels import Labels  # noqa: E402
from arclean.pipeline import Pipeline  # noqa: E402

SHARED = ROOT.parent / "shared"
SETS = {"dev": SHARED / "eval" / "dev.jsonl", "dev-synth": SHARED / "eval" / "dev-synth.jsonl"}
CORPUS = ROOT / "corpus" / "corpus.jsonl"
JUSTIFIED = Path(__file__).resolve().parent / "one_site_rules.toml"
SEED = SHARED / "seed" / "example.txt"
#: How many real stories each cue example is planted after.
STORIES = 3


# -- switching rules off ---------------------------------------------------------------
@contextmanager
def rules_off(rules: Iterable[str]) -> Iterator[None]:
    """Inside the block, pipelines built are missing ``rules``: cue entries by id are left out of
    the cue table, and marks of any other rule id are refused."""
    off = frozenset(rules)
    original = cue_table
    table = original()
    kept = tuple(cue for cue in table if cue.id not in off)
    patched = [
        module
        for name, module in list(sys.modules.items())
        if name.startswith("arclean") and getattr(module, "cues", None) is original
    ]
    methods = {name: getattr(Labels, name) for name in ("mark_line", "remark", "mark_partial")}

    def refusing(name: str) -> Any:
        method = methods[name]
        position = {"mark_line": 2, "remark": 2, "mark_partial": 4}[name]

        def wrapper(self: Labels, *args: Any, **kwargs: Any) -> Any:
            rule = kwargs.get("rule", args[position] if len(args) > position else None)
            if rule in off:
                return False
            return method(self, *args, **kwargs)

        return wrapper

    try:
        for module in patched:
            module.cues = lambda: kept  # type: ignore[attr-defined]
        for name in methods:
            setattr(Labels, name, refusing(name))
        yield
    finally:
        for module in patched:
            module.cues = original  # type: ignore[attr-defined]
        for name, method in methods.items():
            setattr(Labels, name, method)


# -- plain scores ----------------------------------------------------------------------
def score(records: Sequence[Mapping[str, Any]], pipeline: Pipeline) -> tuple[dict[str, Any], list[Any]]:
    rows = []
    for record in records:
        pred, removals = predict(pipeline, record["raw"])
        rows.append(score_document(record, pred, removals))
    return aggregate(rows), rows


def plain(sets: Mapping[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    pipeline = Pipeline.default()
    return {name: score(records, pipeline)[0] for name, records in sets.items()}


# -- leave one site out ----------------------------------------------------------------
def rule_sites(records: Sequence[Mapping[str, Any]], pipeline: Pipeline) -> dict[str, set[str]]:
    """Every rule that removes something on ``records``, with the sites it does so on."""
    sites: defaultdict[str, set[str]] = defaultdict(set)
    for record in records:
        for removal in pipeline.find(record["raw"]):
            sites[removal.rule].add(record.get("site") or "?")
    return dict(sites)


def justified_rules(path: Path = JUSTIFIED) -> dict[str, str]:
    """The one-site rules kept on, with why (``one_site_rules.toml``): rules that read no words."""
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return dict(tomllib.load(handle).get("justified", {}))


def backing(
    records: Sequence[Mapping[str, Any]], pipeline: Pipeline, rules: Sequence[str], off: Sequence[str]
) -> dict[str, list[int]]:
    """For each of ``rules``: how many of the spans it removes on ``records`` are still removed
    (by a second mechanism: another cue, a concept, a neighbour rule) once ``off`` are off."""
    wanted = set(rules)
    spans = [[r for r in pipeline.find(record["raw"]) if r.rule in wanted] for record in records]
    with rules_off(off):
        without = Pipeline.default()
        kept = [without.find(record["raw"]) for record in records]
    counts: dict[str, list[int]] = {rule: [0, 0] for rule in rules}
    for removed, found in zip(spans, kept, strict=True):
        for span in removed:
            covered = sum(max(0, min(r.end, span.end) - max(r.start, span.start)) for r in found)
            counts[span.rule][1] += 1
            counts[span.rule][0] += covered >= len(span.text.strip())
    return counts


def leave_one_site_out(records: Sequence[Mapping[str, Any]], justified: Mapping[str, str] | None = None) -> dict[str, Any]:
    justified = justified_rules() if justified is None else justified
    pipeline = Pipeline.default()
    sites_of = rule_sites(records, pipeline)
    one_site: dict[str, list[str]] = defaultdict(list)
    for rule, sites in sites_of.items():
        if len(sites) == 1:
            one_site[next(iter(sites))].append(rule)
    by_site: defaultdict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for record in records:
        by_site[record.get("site") or "?"].append(record)
    per_site: dict[str, dict[str, Any]] = {}
    all_rows: list[Any] = []
    strict_rows: list[Any] = []
    for site, site_records in sorted(by_site.items()):
        rules = sorted(one_site.get(site, ()))
        with rules_off(rule for rule in rules if rule not in justified):
            summary, rows = score(site_records, Pipeline.default())
        with rules_off(rules):
            strict, rows_strict = score(site_records, Pipeline.default())
        full = score(site_records, pipeline)[0]
        backed = backing(site_records, pipeline, rules, [rule for rule in rules if rule not in justified])
        all_rows.extend(rows)
        strict_rows.extend(rows_strict)
        per_site[site] = {
            "docs": len(site_records),
            "one_site_rules": rules,
            "removal_f1": full["removal_f1"],
            "removal_f1_without": summary["removal_f1"],
            "removal_f1_strict": strict["removal_f1"],
            "body_line_loss_without": summary["body_line_loss"],
            "backed": backed,
        }
    total = aggregate(all_rows)
    one_site_rules = {rule: next(iter(sites)) for rule, sites in sorted(sites_of.items()) if len(sites) == 1}
    return {
        "removal_f1": total["removal_f1"],
        "body_line_loss": total["body_line_loss"],
        "removal_f1_strict": aggregate(strict_rows)["removal_f1"],
        "one_site_rules": one_site_rules,
        "justified": {rule: why for rule, why in justified.items() if rule in one_site_rules},
        "rules_firing": len(sites_of),
        "per_site": per_site,
    }


# -- leave one cue out -----------------------------------------------------------------
def real_stories(records: Sequence[Mapping[str, Any]], count: int = STORIES) -> list[str]:
    """Bodies of ``count`` dev documents from different sites, each of three paragraphs or more
    that arclean keeps whole on its own (so a planted line is the only thing to remove)."""
    pipeline = Pipeline.default()
    stories: list[str] = []
    sites: set[str] = set()
    for record in records:
        body = [line for line in record["main"].split("\n") if line.strip()]
        if record.get("site") in sites or len(body) < 3 or len(body) > 12:
            continue
        story = "\n\n".join(body)
        if pipeline.find(story):
            continue
        stories.append(story)
        sites.add(record.get("site"))
        if len(stories) == count:
            break
    return stories


def plant(example: str, role: str, story: str) -> tuple[str, int, int]:
    """The example placed where its role says (glued heads first, everything else after the
    story), and the span of its line."""
    if role == "head":
        text = example + "\n\n" + story
        return text, 0, len(example)
    text = story + "\n\n" + example
    return text, len(text) - len(example), len(text)


def caught(pipeline: Pipeline, role: str, text: str, start: int, end: int) -> bool:
    """A line cue's line is removed whole; a glued cue's line loses a span."""
    removed = [r for r in pipeline.find(text) if r.start < end and r.end > start]
    if role in ("line", "header"):
        covered = sum(min(r.end, end) - max(r.start, start) for r in removed)
        return covered >= len(text[start:end].strip())
    return bool(removed)


def leave_one_cue_out(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    stories = real_stories(records)
    full = Pipeline.default()
    entries: dict[str, dict[str, Any]] = {}
    planted_total = still_total = 0
    for cue in cue_table():
        if not cue.examples:
            continue
        cases = [plant(example.strip("\u00a0 "), cue.role, story) for example in cue.examples for story in stories]
        baseline = [case for case in cases if caught(full, cue.role, *case)]
        if not baseline:
            entries[cue.id] = {"kind": cue.kind, "planted": 0, "still": 0}
            continue
        with rules_off([cue.id]):
            without = Pipeline.default()
            still = sum(caught(without, cue.role, *case) for case in baseline)
        entries[cue.id] = {"kind": cue.kind, "planted": len(baseline), "still": still}
        planted_total += len(baseline)
        still_total += still
    uncovered = sorted(cue_id for cue_id, entry in entries.items() if entry["planted"] and not entry["still"])
    not_caught = sorted(cue_id for cue_id, entry in entries.items() if not entry["planted"])
    return {
        "stories": len(stories),
        "planted": planted_total,
        "still_caught": still_total,
        "share": still_total / planted_total if planted_total else 0.0,
        "entries": entries,
        "uncovered": uncovered,
        "not_caught_when_planted": not_caught,
    }


# -- idempotence -----------------------------------------------------------------------
def idempotence(documents: Mapping[str, str]) -> dict[str, Any]:
    pipeline = Pipeline.default()
    failing = []
    for doc_id, raw in documents.items():
        once = pipeline.clean(raw).text
        if pipeline.clean(once).text != once:
            failing.append(doc_id)
    return {"documents": len(documents), "failing": failing}


def shared_documents(sets: Mapping[str, list[dict[str, Any]]]) -> dict[str, str]:
    """Every shared document and corpus case, by id."""
    documents = {record["id"]: record["raw"] for records in sets.values() for record in records}
    if CORPUS.is_file():
        documents.update((record["id"], record["raw"]) for record in load_jsonl(CORPUS))
    if SEED.is_file():
        documents["seed/example"] = SEED.read_text(encoding="utf-8")
    return documents


# -- report ----------------------------------------------------------------------------
def run() -> dict[str, Any]:
    sets = {name: load_jsonl(path) for name, path in SETS.items() if path.is_file()}
    if "dev" not in sets:
        raise SystemExit(f"dev set not found at {SETS['dev']}")
    return {
        "plain": plain(sets),
        "loso": leave_one_site_out(sets["dev"]),
        "loco": leave_one_cue_out(sets["dev"]),
        "idempotence": idempotence(shared_documents(sets)),
    }


def format_report(result: Mapping[str, Any]) -> str:
    out: list[str] = ["plain scores:"]
    for name, summary in result["plain"].items():
        out.append(
            f"  {name:10} removal F1 {summary['removal_f1']:.4f}  P {summary['removal_precision']:.4f}  "
            f"R {summary['removal_recall']:.4f}  body-line loss {summary['body_line_loss']:.4f}  "
            f"docs losing body {summary['docs_losing_body']:.3f}  exact {summary['exact']:.3f}"
        )
    loso = result["loso"]
    out.append(
        f"leave-one-site-out on dev: removal F1 {loso['removal_f1']:.4f}  body-line loss {loso['body_line_loss']:.4f}  "
        f"strict (every one-site rule off) {loso['removal_f1_strict']:.4f}  "
        f"({len(loso['one_site_rules'])} of {loso['rules_firing']} rules fire on one site only)"
    )
    justified = loso["justified"]
    for site, row in loso["per_site"].items():
        if row["one_site_rules"]:
            off = [rule + (" (kept: justified)" if rule in justified else "") for rule in row["one_site_rules"]]
            out.append(
                f"  {site[:40]:40} docs {row['docs']:3}  F1 {row['removal_f1']:.4f} -> {row['removal_f1_without']:.4f}"
                f"  strict {row['removal_f1_strict']:.4f}  off: {', '.join(off)}"
            )
    backed = {rule: row["backed"][rule] for row in loso["per_site"].values() for rule in row["one_site_rules"]}
    second = sorted(rule for rule, (still, total) in backed.items() if total and still == total and rule not in justified)
    partly = sorted(f"{rule} {still}/{total}" for rule, (still, total) in backed.items() if 0 < still < total)
    alone = sorted(rule for rule, (still, total) in backed.items() if total and not still and rule not in justified)
    out.append(f"  one-site rules a second mechanism backs ({len(second)}): {', '.join(second)}")
    out.append(f"  backed in part (spans still removed / removed): {', '.join(partly) or '-'}")
    out.append(f"  nothing else backs ({len(alone)}): {', '.join(alone)}")
    for rule, why in justified.items():
        out.append(f"  justified {rule}: {why}")
    loco = result["loco"]
    out.append(
        f"leave-one-cue-out: {loco['still_caught']} of {loco['planted']} planted examples still caught "
        f"({loco['share']:.3f}) after {loco['stories']} real stories"
    )
    out.append(f"  entries nothing else covers ({len(loco['uncovered'])}): {', '.join(loco['uncovered'])}")
    if loco["not_caught_when_planted"]:
        out.append(f"  entries not removed even with every rule on: {', '.join(loco['not_caught_when_planted'])}")
    idem = result["idempotence"]
    out.append(f"idempotence: {idem['documents'] - len(idem['failing'])} of {idem['documents']} documents")
    if idem["failing"]:
        out.append(f"  failing: {', '.join(idem['failing'])}")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", metavar="PATH", help="also write every figure as JSON")
    args = parser.parse_args(argv)
    result = run()
    print(format_report(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
