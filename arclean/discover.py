"""Find the boilerplate arclean still keeps, site by site, in an unlabelled crawl.

``arclean discover CRAWL.jsonl[.gz] --site-field site`` cleans every page and looks at the lines
it *kept*. A kept line is suspect when

- it **repeats**: the same line (digits ignored) on many of the site's pages, which story lines
  almost never do; or the same *opening* (first two words) on many short kept lines, which is
  how a template with a changing name looks ("مع تحيات X");
- it sits in the **head or tail zone**: above the story's first prose line or below its last;
- it is **next to a removed block**: the line above or below it was removed;
- it **matches a concept's words** (``concepts.toml``) that its shape or position kept out.

Lines are grouped per site and ranked by how many pages carry them, with the signals, counts
and example document ids, so the next phenomenon can be read off a real crawl in minutes.

>>> from arclean.discover import discover
>>> story = "قصة طويلة جدا عن {} في البلاد والعالم كله اليوم وغدا وبعد غد أيضا."
>>> topics = ["الاقتصاد", "الطقس", "الرياضة", "التعليم"]
>>> pages = [{"site": "x", "id": t, "text": story.format(t) + "\\nصفحتنا الرسمية"} for t in topics]
>>> report = discover(pages, min_pages=3)
>>> [(finding.text, finding.pages) for finding in report["x"].lines]
[('صفحتنا الرسمية', 4)]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from arclean.find.concepts import concepts
from arclean.find.document import Line
from arclean.find.labels import Labels
from arclean.pipeline import Pipeline

_DIGITS = re.compile(r"\d+")
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")
#: Longest line considered: boilerplate lines are short; a paragraph is the story's.
MAX_WORDS = 40
EXAMPLES = 3


@dataclass(slots=True)
class Finding:
    """One kept line (or line opening) that recurs or looks like boilerplate on one site."""

    text: str  #: the line as first seen (or the opening, for templates)
    pages: int = 0  #: pages of the site that carry it
    head: int = 0  #: times it sat above the story
    tail: int = 0  #: times it sat below the story
    beside_removed: int = 0  #: times the line above or below it was removed
    concepts: set[str] = field(default_factory=set)  #: concepts whose words it has
    examples: list[str] = field(default_factory=list)  #: ids of pages that carry it

    @property
    def signals(self) -> list[str]:
        found = []
        if self.head:
            found.append(f"head {self.head}")
        if self.tail:
            found.append(f"tail {self.tail}")
        if self.beside_removed:
            found.append(f"beside removed {self.beside_removed}")
        found.extend(sorted(self.concepts))
        return found

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "pages": self.pages,
            "head": self.head,
            "tail": self.tail,
            "beside_removed": self.beside_removed,
            "concepts": sorted(self.concepts),
            "examples": self.examples,
        }


@dataclass(slots=True)
class SiteReport:
    """What ``discover`` found on one site."""

    site: str
    pages: int = 0
    lines: list[Finding] = field(default_factory=list)  #: recurring kept lines
    openings: list[Finding] = field(default_factory=list)  #: recurring openings of short kept lines
    concept_lines: list[Finding] = field(default_factory=list)  #: one-off lines with concept words at an edge

    def to_dict(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "pages": self.pages,
            "lines": [f.to_dict() for f in self.lines],
            "openings": [f.to_dict() for f in self.openings],
            "concept_lines": [f.to_dict() for f in self.concept_lines],
        }


def _line_key(line: Line) -> str:
    return _EDGE_PUNCTUATION.sub("", _DIGITS.sub("0", line.key.lower()))


def _concept_words(key: str) -> set[str]:
    """Concepts whose words the line carries (opening words first, where the concept has them),
    whatever its shape, length or position: the near misses worth a look."""
    lowered = key.lower()
    found = set()
    for concept in concepts():
        if concept.start is None and not concept.all:
            continue  # made of a word list or a shape alone: nothing to nearly match
        if concept.start is not None and not concept.start.match(lowered):
            continue
        if all(group.search(lowered) for group in concept.all):
            found.add(concept.id)
    return found


def _cut_away(labels: Labels) -> set[int]:
    """Lines that glued cuts remove entirely (an e-mail and an SMS prompt glued into one line):
    nothing of them is kept but spaces, so they are no finding."""
    spans: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
    for mark in labels.partial:
        spans[mark.line].append((mark.start, mark.end))
    text = labels.doc.text
    gone = set()
    for index, cuts in spans.items():
        line = labels.doc.lines[index]
        position, kept = line.start, []
        for start, end in sorted(cuts):
            kept.append(text[position:start])
            position = max(position, end)
        kept.append(text[position : line.end])
        if not "".join(kept).strip():
            gone.add(index)
    return gone


def _kept_lines(labels: Labels) -> Iterator[tuple[Line, str, bool]]:
    """Kept, non-blank, short lines with their zone ("head", "tail", "") and whether a
    neighbouring line was removed."""
    lines = labels.doc.lines
    bounds = labels.story_bounds()
    cut_away = _cut_away(labels)
    for line in lines:
        if line.blank or labels.marks[line.index] is not None or line.words > MAX_WORDS or line.index in cut_away:
            continue
        if bounds is None:
            zone = ""
        elif line.index < bounds[0]:
            zone = "head"
        elif line.index > bounds[1]:
            zone = "tail"
        else:
            zone = ""
        above = labels.previous_nonblank(line.index)
        below = labels.next_nonblank(line.index)
        beside = any(other is not None and labels.marks[other.index] is not None for other in (above, below))
        yield line, zone, beside


def _note(finding: Finding, line: Line, zone: str, beside: bool, page: str, seen: set[int]) -> None:
    if id(finding) not in seen:
        seen.add(id(finding))
        finding.pages += 1
        if len(finding.examples) < EXAMPLES:
            finding.examples.append(page)
    finding.head += zone == "head"
    finding.tail += zone == "tail"
    finding.beside_removed += beside


def discover(
    records: Iterable[Mapping[str, Any]],
    *,
    site_field: str = "site",
    text_field: str = "text",
    id_field: str = "id",
    pipeline: Pipeline | None = None,
    min_pages: int = 3,
    min_share: float = 0.01,
    top: int = 30,
) -> dict[str, SiteReport]:
    """Per site, the kept lines that look like boilerplate (see the module docstring).

    A line or opening is reported when at least ``min_pages`` pages and ``min_share`` of the
    site's pages carry it; ``top`` findings per list are kept, most pages first.
    """
    pipeline = pipeline or Pipeline.default()
    lines: defaultdict[str, dict[str, Finding]] = defaultdict(dict)
    openings: defaultdict[str, dict[str, Finding]] = defaultdict(dict)
    edge_concepts: defaultdict[str, dict[str, Finding]] = defaultdict(dict)
    pages: defaultdict[str, int] = defaultdict(int)
    for number, record in enumerate(records, start=1):
        text = record.get(text_field)
        if not isinstance(text, str):
            raise ValueError(f"record {number}: field {text_field!r} is missing or not a string")
        site = str(record.get(site_field) or "?")
        page = str(record.get(id_field, number))
        pages[site] += 1
        labels = pipeline.label(text)
        seen: set[int] = set()
        for line, zone, beside in _kept_lines(labels):
            key = _line_key(line)
            if not key:
                continue
            finding = lines[site].setdefault(key, Finding(line.text.strip()))
            _note(finding, line, zone, beside, page, seen)
            words = key.split()
            if 2 <= len(words) <= 12 and not line.paragraph_like:
                opening = " ".join(words[:2])
                template = openings[site].setdefault(opening, Finding(opening + " …"))
                _note(template, line, zone, beside, page, seen)
            if zone and line.words <= 20:
                found = _concept_words(line.key)
                if found:
                    finding.concepts |= found
                    edge_concepts[site].setdefault(key, finding)
    reports: dict[str, SiteReport] = {}
    for site in sorted(pages):
        floor = max(min_pages, int(min_share * pages[site]))
        recurring = [f for f in lines[site].values() if f.pages >= floor]
        recurring_keys = {f.text for f in recurring}
        template_rows = [f for f in openings[site].values() if f.pages >= floor]
        single = [f for f in edge_concepts[site].values() if f.text not in recurring_keys]
        reports[site] = SiteReport(
            site=site,
            pages=pages[site],
            lines=sorted(recurring, key=lambda f: -f.pages)[:top],
            openings=sorted(template_rows, key=lambda f: -f.pages)[:top],
            concept_lines=sorted(single, key=lambda f: (-f.pages, f.text))[:top],
        )
    return reports


def format_report(reports: Mapping[str, SiteReport], width: int = 90) -> str:
    """A plain-text report: per site, recurring lines, recurring openings, concept lines."""
    out: list[str] = []
    for report in reports.values():
        out.append(f"== {report.site}: {report.pages} pages")
        for title, findings in (
            ("recurring kept lines", report.lines),
            ("recurring openings of short kept lines", report.openings),
            ("kept lines at an edge with a concept's words", report.concept_lines),
        ):
            if not findings:
                continue
            out.append(f"  {title}:")
            for finding in findings:
                text = finding.text if len(finding.text) <= width else finding.text[: width - 1] + "…"
                signals = ", ".join(finding.signals)
                out.append(f"    {finding.pages:6}  {text}")
                out.append(f"            {signals + '; ' if signals else ''}e.g. {', '.join(finding.examples)}")
    return "\n".join(out)


# -- command line ----------------------------------------------------------------------
EXAMPLES_TEXT = """\
examples:
  arclean discover crawl.jsonl.gz --site-field site
  arclean discover crawl.jsonl --site-field domain --field raw --min-pages 5 --top 10
  arclean discover crawl.jsonl.gz --json > findings.json

For each site: kept lines that recur on many pages (with how often they sat above or below the
story or beside a removed line), recurring openings of short kept lines (templates with a
changing name), and one-off kept lines at an edge that carry a concept's words.
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``arclean discover``."""
    from arclean.cli import _add_config_flag, _formatter

    parser = subparsers.add_parser(
        "discover",
        help="find boilerplate arclean keeps, per site, in an unlabelled crawl",
        description="Clean every page of a JSONL crawl and report, per site, the kept lines that look like boilerplate.",
        epilog=EXAMPLES_TEXT,
        formatter_class=_formatter,
    )
    parser.add_argument("input", metavar="CRAWL", help="JSONL crawl (.gz/.zst by extension; - = stdin)")
    parser.add_argument("--site-field", default="site", help="field naming the site (default: site)")
    parser.add_argument("--field", default="text", help="field holding the page text (default: text)")
    parser.add_argument("--id-field", default="id", help="field naming the page in examples (default: id)")
    parser.add_argument("--min-pages", type=int, default=3, metavar="N", help="report what N pages carry (default 3)")
    parser.add_argument(
        "--min-share", type=float, default=0.01, metavar="F", help="…and this share of the site's pages (default 0.01)"
    )
    parser.add_argument("--top", type=int, default=30, metavar="N", help="findings per list and site (default 30)")
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    _add_config_flag(parser)
    parser.set_defaults(func=run)
    return parser


def _records(path: str) -> Iterator[dict[str, Any]]:
    from arclean.cli import CliError, open_input

    with open_input(path) as reader:
        for number, raw in enumerate(reader, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except ValueError as error:
                raise CliError(f"{path}:{number}: not a JSON object ({error})") from None
            if not isinstance(record, dict):
                raise CliError(f"{path}:{number}: not a JSON object")
            yield record


def run(args: argparse.Namespace) -> int:
    from arclean.cli import CliError, load_pipeline

    try:
        reports = discover(
            _records(args.input),
            site_field=args.site_field,
            text_field=args.field,
            id_field=args.id_field,
            pipeline=load_pipeline(args.config),
            min_pages=args.min_pages,
            min_share=args.min_share,
            top=args.top,
        )
    except ValueError as error:
        raise CliError(f"{args.input}: {error}") from None
    if args.json:
        json.dump({site: report.to_dict() for site, report in reports.items()}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(format_report(reports))
    return 0
