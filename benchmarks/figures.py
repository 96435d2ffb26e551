"""Regenerate the figures quoted in README.md and docs/*.md from the current code.

    python benchmarks/figures.py            # rewrite every marked block in place
    python benchmarks/figures.py --check    # exit 1 and name each block that differs (what the test runs)

A figure typed by hand goes stale the day a cue changes, so every figure in the prose lives in a
marked block, written here and nowhere else::

    <!-- figures:dev-summary -->
    ...generated text...
    <!-- /figures -->

arclean's own figures come from ``arclean.evaluate`` on ``../shared/eval/dev.jsonl`` (the
annotated development set, beside a development checkout only); the peers' figures come from
``benchmarks/results.json``, the output of ``benchmarks/run.py`` (whose peers are an optional
install), so they agree with docs/benchmarks.md. Keep the blocks small: prose around them is
edited by hand, and only what is inside the markers is rewritten.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from arclean import evaluate  # noqa: E402

DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
RESULTS = ROOT / "benchmarks" / "results.json"
#: the Markdown files whose marked blocks this script owns
DOCUMENTS = (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")))
BLOCK = re.compile(r"(<!-- figures:(?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- /figures -->)", re.DOTALL)
#: peer families quoted in the README summary: (label, prefix of their system names in results.json)
PEERS = (("jusText", "justext"), ("datatrove's C4 line filter", "c4"))


@cache
def dev_report() -> evaluate.Report:
    """The default pipeline scored on the development set."""
    return evaluate.evaluate(DEV)


@cache
def peer_scores() -> dict[str, dict[str, Any]]:
    """Scores on ``dev`` per system, as ``benchmarks/run.py`` last measured them."""
    results = json.loads(RESULTS.read_text(encoding="utf-8"))
    return {name: entry["scores"] for name, entry in results["sets"]["dev"].items()}


def _percent(share: float, digits: int = 0) -> str:
    return f"{share * 100:.{digits}f}%"


def dev_summary() -> str:
    """README: arclean's headline figures beside the best of each peer family."""
    report = dev_report()
    summary = report.summary
    peers = peer_scores()
    quoted, losses = [], []
    for label, prefix in PEERS:
        family = [scores for name, scores in peers.items() if name.split("-")[0] == prefix]
        quoted.append(f"{label} {max(scores['removal_f1'] for scores in family):.2f}")
        losses.extend(scores["body_line_loss"] for scores in family)
    sentence = (
        f"On the annotated development set ({summary['docs']} real articles from {len(report.by_site())} sources), "
        f"arclean's removal F1 is {summary['removal_f1']:.3f} with {_percent(summary['body_line_loss'], 2)} of story "
        f"lines lost; {' and '.join(quoted)} (each at its best setting), losing "
        f"{min(losses) * 100:.0f}-{_percent(max(losses))} of story lines ([docs/benchmarks.md](docs/benchmarks.md))."
    )
    return textwrap.fill(sentence, width=100, break_on_hyphens=False) + "\n"


def dev_by_label() -> str:
    """docs/evaluation.md: the head of the per-label breakdown, and what it says."""
    report = dev_report()
    formatted = report.format().splitlines()
    start = formatted.index("junk lines by gold label (leaked / total):")
    labels = report.by_label()
    most = max(labels, key=lambda label: (labels[label]["leaked"], label))
    rate = max(labels, key=lambda label: (labels[label]["leak"], label))
    return (
        "```\n" + "\n".join(formatted[start : start + 4]) + "\n```\n\n"
        f"reads: most leaked lines are `{most}` lines ({labels[most]['leaked']} of {labels[most]['junk_lines']}); "
        f"`{rate}` lines leak most often ({labels[rate]['leak']:.3f}).\n"
    )


def dev_worst() -> str:
    """docs/evaluation.md: ``--worst`` lines for the worst document and the worst that lost story text.

    The line texts are elided: the development set's text stays out of the repository.
    """
    rows = dev_report().worst(len(dev_report().rows))
    shown = [rows[0], *[row for row in rows[1:] if row.lost and not rows[0].lost][:1]]
    lines = []
    for row in shown:
        lines.append(
            f"  {row.id}: gold {row.gold_n} pred {row.pred_n} overlap {row.overlap} lost {row.body_lost} leaked {row.junk_kept}"
        )
        lines.extend(f"    lost   [{line.rule or '?'}] …" for line in row.lost[:2])
        lines.extend(f"    leaked [{line.label}] …" for line in row.leaked[:2])
    return "```\n" + "\n".join(lines) + "\n```\n"


def cli_summary() -> str:
    """docs/cli.md: the summary line of ``arclean clean --jsonl dev.jsonl --field raw`` (speed elided: it varies)."""
    from arclean.batch import BatchOptions, clean_lines
    from arclean.cli import summary_line
    from arclean.pipeline import Pipeline

    with DEV.open("rb") as lines:
        batch = clean_lines(enumerate(lines, start=1), Pipeline.default(), BatchOptions(field="raw", source=DEV.name))
    return "```\n" + summary_line(batch.stats) + "; …s, … docs/s\n```\n"


@cache
def phrasings() -> str:
    """docs/evaluation.md: recall on footer phrasings nobody listed (benchmarks/phrasings.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("phrasings", ROOT / "benchmarks" / "phrasings.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("phrasings", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.markdown(module.measure(module.load()))


#: block name -> what writes it
RENDERERS: dict[str, Callable[[], str]] = {
    "dev-summary": dev_summary,
    "dev-by-label": dev_by_label,
    "dev-worst": dev_worst,
    "cli-summary": cli_summary,
    "phrasings": phrasings,
}


def render(text: str, where: str = "<text>") -> str:
    """``text`` with every marked block regenerated; an unknown block name is an error."""

    def replace(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in RENDERERS:
            raise KeyError(f"{where}: unknown figures block {name!r} (known: {', '.join(RENDERERS)})")
        return match.group(1) + RENDERERS[name]() + match.group(4)

    return BLOCK.sub(replace, text)


def stale_blocks(paths: Sequence[Path] = DOCUMENTS) -> list[str]:
    """``file: block`` for every marked block whose committed text differs from what the code gives."""
    stale = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        fresh = {match["name"]: match["body"] for match in BLOCK.finditer(render(text, path.name))}
        for match in BLOCK.finditer(text):
            if fresh[match["name"]] != match["body"]:
                stale.append(f"{path.relative_to(ROOT)}: {match['name']}")
    return stale


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 naming each stale block")
    args = parser.parse_args(argv)
    if not DEV.exists():
        print(f"figures: {DEV} is absent (the development set is only beside a development checkout)", file=sys.stderr)
        return 2
    if args.check:
        stale = stale_blocks()
        for block in stale:
            print(f"figures: stale block {block} (run python benchmarks/figures.py)", file=sys.stderr)
        return 1 if stale else 0
    for path in DOCUMENTS:
        text = path.read_text(encoding="utf-8")
        fresh = render(text, path.name)
        if fresh != text:
            path.write_text(fresh, encoding="utf-8")
            print(f"figures: rewrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
