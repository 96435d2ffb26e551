"""How well arclean catches footer boilerplate phrased in ways nobody listed, and keeps look-alikes.

    python benchmarks/phrasings.py              # recall per kind on the tuned and held-back halves
    python benchmarks/phrasings.py --misses     # also list the tuned half's misses
    python benchmarks/phrasings.py --json       # the figures as JSON

The phrasings (``benchmarks/phrasings.toml``) are written for this benchmark, many per footer
kind. Each list is split in two by a hash of the line, so the split is stable and nobody picks
it: the *tuned* half may guide changes to the rules; the *held* half is never looked at while
tuning (its misses are printed only with ``--show-held``), so its recall estimates how arclean
does on phrasings it has never seen.

Every phrasing is planted after story paragraphs written for the benchmark, in up to five
conditions: ``alone`` (as written, after the story), ``decorated`` (with the noise scrapes show:
a bullet or emoji in front, another separator for the colon, Latin commas or pipes for Arabic
commas, a no-break space, a tatweel, a trailing pipe), ``footer`` (between two other footer
lines), ``glued`` (stuck to the end of the last paragraph, with or without a space; single-line
kinds that real pages glue) and ``mid`` (between two paragraphs; kinds that sit inside stories).
A planted line is caught when all its letters and digits are removed (what the scorer counts);
a glued one when the glued part is removed and the paragraph is kept. Hard negatives (story
sentences and subheadings sharing the footer words) are planted mid-story and as the last
paragraph; each must be kept whole, and so must every story paragraph of every document.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import arclean  # noqa: E402

DATA = Path(__file__).resolve().with_name("phrasings.toml")
#: kinds that real pages glue to the end of the last paragraph
GLUED_KINDS = frozenset({"social", "copyright", "tags", "source", "read_also", "other", "disclaimer", "byline"})
#: kinds that also sit between story paragraphs (a photo's caption, a related block inside the story)
MID_KINDS = frozenset({"read_also", "ad", "social", "caption", "related"})
CONDITIONS = ("alone", "decorated", "footer", "glued", "mid")
#: a known source line above and a known tags line below the planted line in the footer condition
FOOTER_ABOVE = "المصدر: وكالات"
FOOTER_BELOW = "الوسوم: الاقتصاد، الصحة"

_BULLETS = ("• ", "- ", "* ", "▪️ ", "◀ ", "🔴 ", "📌 ", "👈 ", "✅ ", "» ", "| ", "🔹 ", "★ ", "⬅️ ")
_COLONS = (":", " : ", ":-", " :", "：", " - ", " | ", "… ", " >> ", " ")
_COMMAS = ("،", ",", " |", " -", " /")
_SUFFIXES = (" |", " »", " ↓", " ..")


@dataclass(frozen=True)
class Planted:
    """One phrasing planted in one document: where its lines are, and what was expected."""

    kind: str
    phrasing: str
    half: str  #: "tuned" or "held"
    condition: str
    raw: str
    spans: tuple[tuple[int, int], ...]  #: the planted text's offsets (whole lines, or the glued part)
    story: tuple[tuple[int, int], ...]  #: the story paragraphs' offsets: must be kept


def half_of(kind: str, phrasing: str) -> str:
    """The half a phrasing belongs to, by a hash of it: stable, and chosen by nobody."""
    return "held" if hashlib.sha1(f"{kind}\n{phrasing}".encode()).digest()[0] % 2 else "tuned"


def load(path: Path = DATA) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _fill(text: str, rng: random.Random, story: dict) -> str:
    while "{title}" in text:
        text = text.replace("{title}", rng.choice(story["titles"]), 1)
    return text.replace("{site}", rng.choice(story["sites"]))


def decorate(line: str, rng: random.Random) -> str:
    """The noise of real scrapes on one line: two or three of bullet, separator, commas, spacing."""
    moves = rng.sample(("bullet", "colon", "commas", "nbsp", "tatweel", "suffix"), 3)
    if "colon" in moves and ":" in line:
        head, _, tail = line.partition(":")
        line = head.rstrip() + rng.choice(_COLONS) + tail.lstrip()
    if "commas" in moves and "،" in line:
        comma = rng.choice(_COMMAS)
        line = (comma + " ").join(part.strip() for part in line.split("،"))
    if "nbsp" in moves and " " in line.strip():
        spaces = [i for i, ch in enumerate(line) if ch == " "]
        i = rng.choice(spaces)
        line = line[:i] + "\u00a0" + line[i + 1 :]
    if "tatweel" in moves:
        words = [w for w in line.split(" ") if len(w) >= 4 and all("\u0621" <= ch <= "\u064a" for ch in w)]
        if words:
            word = rng.choice(words)
            line = line.replace(word, word[:2] + "ـ" + word[2:], 1)
    if "suffix" in moves and not line.rstrip().endswith((":", ".", "؟", "?")):
        line = line + rng.choice(_SUFFIXES)
    if "bullet" in moves:
        line = rng.choice(_BULLETS) + line
    return line


def _document(parts: list[tuple[str, str]]) -> tuple[str, dict[str, list[tuple[int, int]]]]:
    """Join (role, line) parts with newlines; offsets of each role's lines."""
    offsets: dict[str, list[tuple[int, int]]] = defaultdict(list)
    raw = ""
    for number, (role, line) in enumerate(parts):
        if number:
            raw += "\n"
        offsets[role].append((len(raw), len(raw) + len(line)))
        raw += line
    return raw, offsets


def plantings(data: dict, seed: int = 20261201) -> list[Planted]:
    """Every phrasing of every kind in each condition that applies to it, as documents."""
    story = data["story"]
    paragraphs = story["paragraphs"]
    out: list[Planted] = []
    for kind, phrasings in data["kinds"].items():
        for phrasing in phrasings:
            rng = random.Random(f"{seed}/{kind}/{phrasing}")
            half = half_of(kind, phrasing)
            for condition in CONDITIONS:
                multi = "\n" in phrasing
                if condition == "glued" and (kind not in GLUED_KINDS or multi):
                    continue
                if condition == "mid" and kind not in MID_KINDS:
                    continue
                lines = _fill(phrasing, rng, story).split("\n")
                if condition == "decorated":
                    lines[0] = decorate(lines[0], rng)
                body = rng.sample(paragraphs, 3)
                title = rng.choice(story["titles"])
                parts: list[tuple[str, str]] = [("title", title), ("blank", "")]
                planted = [("planted", line) for line in lines]
                if condition == "mid":
                    parts += [
                        ("story", body[0]),
                        ("blank", ""),
                        *planted,
                        ("blank", ""),
                        ("story", body[1]),
                        ("blank", ""),
                        ("story", body[2]),
                    ]
                elif condition == "glued":
                    parts += [("story", body[0]), ("blank", ""), ("story", body[1]), ("blank", "")]
                    raw, offsets = _document(parts)
                    glue = rng.choice(("", " ", "  "))
                    start = len(raw) + len(body[2]) + len(glue)
                    raw += body[2] + glue + lines[0]
                    story_spans = (*offsets["story"], (start - len(glue) - len(body[2]), start - len(glue)))
                    out.append(Planted(kind, phrasing, half, condition, raw, ((start, len(raw)),), story_spans))
                    continue
                else:
                    parts += [
                        ("story", body[0]),
                        ("blank", ""),
                        ("story", body[1]),
                        ("blank", ""),
                        ("story", body[2]),
                        ("blank", ""),
                    ]
                    if condition == "footer":
                        parts += [("other", FOOTER_ABOVE), *planted, ("other", FOOTER_BELOW)]
                    else:
                        parts += planted
                raw, offsets = _document(parts)
                out.append(Planted(kind, phrasing, half, condition, raw, tuple(offsets["planted"]), tuple(offsets["story"])))
    return out


def negatives(data: dict, seed: int = 20261201) -> list[Planted]:
    """Each hard negative mid-story and as the last paragraph (subheadings: above a paragraph)."""
    paragraphs = data["story"]["paragraphs"]
    out: list[Planted] = []
    for group in ("sentences", "subheads"):
        for line in data["negatives"][group]:
            rng = random.Random(f"{seed}/negative/{line}")
            for condition in ("mid", "last"):
                body = rng.sample(paragraphs, 3)
                parts: list[tuple[str, str]] = [("title", rng.choice(data["story"]["titles"])), ("blank", "")]
                if condition == "mid":
                    parts += [
                        ("story", body[0]),
                        ("blank", ""),
                        ("negative", line),
                        ("blank", ""),
                        ("story", body[1]),
                        ("blank", ""),
                        ("story", body[2]),
                    ]
                elif group == "subheads":
                    parts += [
                        ("story", body[0]),
                        ("blank", ""),
                        ("story", body[1]),
                        ("blank", ""),
                        ("negative", line),
                        ("story", body[2]),
                    ]
                else:
                    parts += [("story", body[0]), ("blank", ""), ("story", body[1]), ("blank", ""), ("negative", line)]
                parts += [("blank", ""), ("other", FOOTER_ABOVE)]
                raw, offsets = _document(parts)
                spans = tuple(offsets["negative"])
                out.append(Planted(group, line, "-", condition, raw, spans, tuple(offsets["story"]) + spans))
    return out


def _removed_mask(raw: str, pipeline: arclean.Pipeline) -> tuple[list[bool], dict[int, str]]:
    result = pipeline.clean(raw)
    mask = [False] * len(raw)
    kinds: dict[int, str] = {}
    for removal in result.removed:
        for i in range(removal.start, removal.end):
            mask[i] = True
            kinds[i] = removal.kind
    return mask, kinds


def _covered(raw: str, mask: list[bool], span: tuple[int, int]) -> bool:
    """Every letter and digit of the span removed (a stray dash or tatweel is no token)."""
    return all(mask[i] for i in range(*span) if raw[i].isalnum())


def _touched(raw: str, mask: list[bool], span: tuple[int, int]) -> bool:
    return any(mask[i] for i in range(*span) if not raw[i].isspace())


def measure(data: dict, pipeline: arclean.Pipeline | None = None) -> dict:
    """Recall per kind, half and condition; hard negatives and story paragraphs kept."""
    pipeline = pipeline or arclean.Pipeline.default()
    tally: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0])  # caught, right kind, planted
    misses: list[dict] = []
    story_lines = story_lost = 0
    for item in plantings(data):
        mask, kinds = _removed_mask(item.raw, pipeline)
        caught = all(_covered(item.raw, mask, span) for span in item.spans)
        first = next((i for i in range(*item.spans[0]) if not item.raw[i].isspace()), item.spans[0][0])
        row = tally[item.kind, item.half, item.condition]
        row[0] += caught
        row[1] += caught and kinds.get(first) == item.kind
        row[2] += 1
        lost = [span for span in item.story if _touched(item.raw, mask, span)]
        story_lines += len(item.story)
        story_lost += len(lost)
        if not caught or lost:
            lines = [item.raw[a:b] for a, b in item.spans]
            rules = sorted({kinds[i] for a, b in lost for i in range(a, b) if i in kinds})
            misses.append(
                {"kind": item.kind, "half": item.half, "condition": item.condition, "lines": lines, "story_lost": rules}
            )
    negative_rows: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    negative_misses: list[dict] = []
    for item in negatives(data):
        mask, kinds = _removed_mask(item.raw, pipeline)
        lost = [span for span in item.story if _touched(item.raw, mask, span)]
        row = negative_rows[item.kind, item.condition]
        row[0] += not lost
        row[1] += 1
        if lost:
            rules = sorted({kinds[i] for a, b in lost for i in range(a, b) if i in kinds})
            negative_misses.append({"group": item.kind, "condition": item.condition, "line": item.phrasing, "kinds": rules})
    by_kind: dict[str, dict] = {}
    for kind in data["kinds"]:
        entry: dict = {}
        for half in ("tuned", "held"):
            rows = [tally[kind, half, c] for c in CONDITIONS if (kind, half, c) in tally]
            caught, right, planted = (sum(r[i] for r in rows) for i in range(3))
            count = len([p for p in data["kinds"][kind] if half_of(kind, p) == half])
            entry[half] = {"recall": caught / planted, "kind_ok": right / planted, "planted": planted, "phrasings": count}
        by_kind[kind] = entry
    by_condition = {}
    for half in ("tuned", "held"):
        for condition in CONDITIONS:
            rows = [tally[k, half, condition] for k in data["kinds"] if (k, half, condition) in tally]
            planted = sum(r[2] for r in rows)
            by_condition[f"{half}/{condition}"] = sum(r[0] for r in rows) / planted if planted else None
    totals = {}
    for half in ("tuned", "held"):
        rows = [r for (_, h, _), r in tally.items() if h == half]
        totals[half] = sum(r[0] for r in rows) / sum(r[2] for r in rows)
    return {
        "recall": totals,
        "by_kind": by_kind,
        "by_condition": by_condition,
        "story_lines": story_lines,
        "story_lost": story_lost,
        "negatives": {f"{g}/{c}": {"kept": r[0], "planted": r[1]} for (g, c), r in sorted(negative_rows.items())},
        "negative_misses": negative_misses,
        "misses": misses,
    }


def markdown(report: dict) -> str:
    """The figures as a Markdown table (docs/evaluation.md quotes it, via benchmarks/figures.py)."""
    rows = ["| kind | phrasings tuned / held | recall tuned | recall held |", "|---|---|---|---|"]
    for kind, entry in report["by_kind"].items():
        t, h = entry["tuned"], entry["held"]
        rows.append(f"| {kind} | {t['phrasings']} / {h['phrasings']} | {t['recall']:.3f} | {h['recall']:.3f} |")
    rows.append(f"| **all** | | **{report['recall']['tuned']:.3f}** | **{report['recall']['held']:.3f}** |")
    conditions = ", ".join(
        f"{condition} {report['by_condition'][f'tuned/{condition}']:.2f} / {report['by_condition'][f'held/{condition}']:.2f}"
        for condition in CONDITIONS
    )
    kept = sum(v["kept"] for v in report["negatives"].values())
    planted = sum(v["planted"] for v in report["negatives"].values())
    return (
        "\n".join(rows)
        + f"\n\nBy condition (tuned / held): {conditions}. Hard negatives kept: {kept} of {planted}; "
        + f"story paragraphs lost: {report['story_lost']} of {report['story_lines']}.\n"
    )


def _print(report: dict, show: set[str]) -> None:
    print(f"recall  tuned {report['recall']['tuned']:.3f}   held {report['recall']['held']:.3f}")
    print(f"{'kind':12} {'tuned':>7} {'held':>7} {'kind ok t/h':>13} {'phrasings t/h':>14}")
    for kind, entry in report["by_kind"].items():
        t, h = entry["tuned"], entry["held"]
        kind_ok = f"{t['kind_ok']:6.2f}/{h['kind_ok']:.2f}"
        print(f"{kind:12} {t['recall']:7.3f} {h['recall']:7.3f} {kind_ok} {t['phrasings']:8}/{h['phrasings']}")
    print("by condition: " + "  ".join(f"{k} {v:.3f}" for k, v in report["by_condition"].items() if v is not None))
    kept = sum(v["kept"] for v in report["negatives"].values())
    planted = sum(v["planted"] for v in report["negatives"].values())
    print(
        f"hard negatives kept {kept}/{planted}: "
        + "  ".join(f"{k} {v['kept']}/{v['planted']}" for k, v in report["negatives"].items())
    )
    print(f"story paragraphs lost {report['story_lost']} of {report['story_lines']}")
    for miss in report["negative_misses"]:
        print(f"  NEGATIVE LOST [{miss['group']}/{miss['condition']}] {miss['line']}  ({', '.join(miss['kinds'])})")
    for miss in report["misses"]:
        if miss["half"] in show or miss["story_lost"]:
            shown = " ⏎ ".join(miss["lines"]) if miss["half"] in show else "(held-back phrasing)"
            lost = f"  STORY LOST to {', '.join(miss['story_lost'])}" if miss["story_lost"] else ""
            print(f"  miss [{miss['kind']}/{miss['condition']}] {shown}{lost}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--misses", action="store_true", help="list the tuned half's misses")
    parser.add_argument("--show-held", action="store_true", help="also list the held-back half's misses (spoils the estimate)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--markdown", action="store_true", help="print the figures as a Markdown table")
    args = parser.parse_args(argv)
    report = measure(load())
    if args.json:
        print(json.dumps({k: v for k, v in report.items() if k != "misses"}, ensure_ascii=False, indent=1))
        return 0
    if args.markdown:
        print(markdown(report), end="")
        return 0
    show = ({"tuned"} if args.misses else set()) | ({"held"} if args.show_held else set())
    _print(report, show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
