"""Precision audit on an unlabelled crawl: removed lines that look like story, per rule.

    python benchmarks/audit.py                                  # the shared crawl, every page
    python benchmarks/audit.py CRAWL.jsonl.gz --limit 3000      # a sample (the first N pages)
    python benchmarks/audit.py --show title.head --top 20       # read one rule's suspects
    python benchmarks/audit.py --json audit.json                # the counts, for tracking

Losing story text is the worst failure, and a labelled set only shows the losses on its own
documents. On a crawl nobody labelled, every page is cleaned and every removed line (whole or
the glued part of a story line) is tested for the signs of story prose; a rule whose removals
often carry them is over-firing somewhere. A removed line is a *suspect* when it is

- ``long``: 15 words or more with the punctuation of prose (a comma, a sentence end) and no
  label opening it ("رابط الخبر: …" is a label and a title): a paragraph, which no boilerplate
  kind but an embedded article is;
- ``sentence``: 8 words or more ending with a full stop, reported speech ("… قال الوزير …") of 6
  words or more, or 8 words or more with a clause joined by a comma ("…، وأضاف …");
- ``lede``: 8 words or more opening with a past-tense verb ("أعلنت الوزارة …"), how a story's
  first sentence starts and a headline does not;
- ``inside``: a whole line of 3 words or more between kept story prose above and below it
  somewhere, with kept lines right above and right below it (removed from inside the story:
  boilerplate there is rare, and a rule that takes it must have a reason);
- ``mid_cut``: a glued cut with kept story words on both sides of it on its line, or that starts
  with a function word after a kept part that does not end like a sentence (the cut took the end
  of a sentence).

Read-also and related blocks take embedded articles and titles on purpose, so their ``long``
lines are expected; the figures are per rule, and reading the suspects is the point. Nothing
here is timed.
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from arclean.find.document import Document, Line  # noqa: E402
from arclean.find.shapes import CONTINUATION, FUNCTION_WORDS, SENTENCE_PERIOD, reads_as_speech  # noqa: E402
from arclean.models import CleanResult  # noqa: E402
from arclean.pipeline import Pipeline  # noqa: E402

CRAWL = ROOT.parent / "shared" / "crawl" / "snn-dev-sites.jsonl.gz"
REASONS = ("long", "sentence", "lede", "inside", "mid_cut")
#: a sentence end (or a clause end that may close a cut) before a glued cut
_CUT_BOUNDARY = re.compile(r"[.!?؟…:؛;»\"”)\]\-–—|]\s*$")
_WORD = re.compile(r"[^\W\d_]{2,}")
#: "label:" in the first words of a line: a label and its value, not prose
_LABEL = re.compile(r"^(?:\S+\s+){0,4}?\S*:")
#: a first word shaped like a feminine past-tense verb ("أعلنت", "وسجلت"); the audit's own test,
#: written apart from the headline rule's so that the figure does not grade the rule by itself
_PAST_VERB = re.compile(r"^[وف]?(?!ال)[^\W\d_]{2,5}(?<![اوي])ت(?!\w)")
_PROSE_PUNCTUATION = re.compile(r"[،,؛;]|[.!?؟…][\"'”»)\]]*$")


@dataclass(slots=True)
class Suspect:
    rule: str
    kind: str
    reasons: tuple[str, ...]
    text: str
    page: str


@dataclass(slots=True)
class RuleCount:
    removed: int = 0  #: removed lines and glued parts
    suspects: int = 0
    reasons: Counter[str] = field(default_factory=Counter)


def read_pages(path: Path, field_name: str, id_field: str, limit: int | None) -> Iterator[tuple[str, str]]:
    """(id, text) of each JSON line of ``path`` (gzip by extension)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, raw in enumerate(handle):
            if limit is not None and number >= limit:
                return
            record = json.loads(raw)
            yield str(record.get(id_field, number)), record[field_name]


def _removed_chars(result: CleanResult, size: int) -> bytearray:
    removed = bytearray(size)
    for span in result.removed:
        removed[span.start : span.end] = b"\x01" * (span.end - span.start)
    return removed


def _kept_neighbour(doc: Document, removed: bytearray, index: int, step: int) -> bool:
    """Whether the nearest non-blank line ``step`` away is kept whole."""
    position = index + step
    while 0 <= position < len(doc.lines) and doc.lines[position].blank:
        position += step
    if not 0 <= position < len(doc.lines):
        return False
    line = doc.lines[position]
    return not any(removed[line.start : line.end])


def _story_span(doc: Document, removed: bytearray) -> tuple[int, int]:
    """Indices of the first and last kept prose lines (-1, -1 when there are none)."""
    story = [line.index for line in doc.lines if line.paragraph_like and not any(removed[line.start : line.end])]
    return (story[0], story[-1]) if story else (-1, -1)


def _line_reasons(line: Line, doc: Document, removed: bytearray, story: tuple[int, int]) -> list[str]:
    reasons = []
    key = line.key
    if line.words >= 15 and _PROSE_PUNCTUATION.search(key) and not _LABEL.match(key):
        reasons.append("long")
    clause = SENTENCE_PERIOD.search(key) or CONTINUATION.search(key)
    if (line.words >= 8 and clause) or (line.words >= 6 and reads_as_speech(key)):
        reasons.append("sentence")
    if line.words >= 8 and _PAST_VERB.match(key):
        reasons.append("lede")
    inside = story[0] < line.index < story[1] and line.words >= 3
    if inside and _kept_neighbour(doc, removed, line.index, -1) and _kept_neighbour(doc, removed, line.index, 1):
        reasons.append("inside")
    return reasons


def audit_page(pipeline: Pipeline, text: str) -> Iterator[tuple[str, str, tuple[str, ...], str]]:
    """(rule, kind, reasons, removed text) for every removed line or glued part of one page."""
    result = pipeline.clean(text)
    if not result.removed:
        return
    doc = Document.parse(text)
    removed = _removed_chars(result, len(text))
    starts = [line.start for line in doc.lines]
    story = _story_span(doc, removed)

    for span in result.removed:
        first = bisect.bisect_right(starts, span.start) - 1
        position = max(first, 0)
        while position < len(doc.lines) and doc.lines[position].start < span.end:
            line = doc.lines[position]
            position += 1
            if line.blank:
                continue
            start, end = max(span.start, line.start), min(span.end, line.end)
            if end <= start or not text[start:end].strip():
                continue
            whole = start <= line.start and end >= line.end
            if whole:
                yield span.rule, span.kind, tuple(_line_reasons(line, doc, removed, story)), line.text
                continue
            part = Document.parse(text[start:end]).lines
            part_line = next((p for p in part if not p.blank), None)
            reasons: list[str] = []
            if part_line is not None:
                reasons = [r for r in _line_reasons(part_line, doc, removed, (-1, -1))]
            before = text[line.start : start]
            kept_after = "".join(ch for ch, gone in zip(text[end : line.end], removed[end : line.end], strict=True) if not gone)
            first_word = part_line.key.split()[0] if part_line is not None and part_line.key else ""
            inside_clause = not _CUT_BOUNDARY.search(before) and len(_WORD.findall(before)) >= 3 and first_word in FUNCTION_WORDS
            between = len(_WORD.findall(before)) >= 3 and len(_WORD.findall(kept_after)) >= 3
            if inside_clause or between:
                reasons.append("mid_cut")
            yield span.rule, span.kind, tuple(reasons), text[start:end]


def run_audit(pages: Iterator[tuple[str, str]], pipeline: Pipeline) -> tuple[int, dict[str, RuleCount], list[Suspect]]:
    counts: dict[str, RuleCount] = defaultdict(RuleCount)
    suspects: list[Suspect] = []
    total = 0
    for page_id, text in pages:
        total += 1
        for rule, kind, reasons, removed_text in audit_page(pipeline, text):
            count = counts[rule]
            count.removed += 1
            if reasons:
                count.suspects += 1
                count.reasons.update(reasons)
                suspects.append(Suspect(rule, kind, reasons, removed_text, page_id))
    return total, counts, suspects


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("crawl", nargs="?", type=Path, default=CRAWL, help="JSON lines with a text field (.gz allowed)")
    parser.add_argument("--field", default="text", help="the text field (default: text)")
    parser.add_argument("--id-field", default="id", help="the page id field (default: id)")
    parser.add_argument("--limit", type=int, default=None, help="audit only the first N pages")
    parser.add_argument(
        "--show", metavar="RULE", action="append", default=[], help="print this rule's suspects (repeatable; 'all': every rule)"
    )
    parser.add_argument("--reason", choices=REASONS, help="with --show: only suspects with this reason")
    parser.add_argument("--top", type=int, default=15, help="suspects printed per shown rule (default: 15)")
    parser.add_argument("--json", type=Path, help="also write the per-rule counts as JSON")
    args = parser.parse_args(argv)
    if not args.crawl.exists():
        parser.error(f"no crawl at {args.crawl}")
    total, counts, suspects = run_audit(read_pages(args.crawl, args.field, args.id_field, args.limit), Pipeline.default())
    removed, suspect = sum(c.removed for c in counts.values()), sum(c.suspects for c in counts.values())
    print(f"{total} pages; removed lines or glued parts {removed}; suspects {suspect}")
    print(f"{'rule':32} {'removed':>8} {'suspect':>8}  " + "  ".join(f"{r:>8}" for r in REASONS))
    for rule, count in sorted(counts.items(), key=lambda item: (-item[1].suspects, item[0])):
        if count.suspects:
            print(f"{rule:32} {count.removed:8} {count.suspects:8}  " + "  ".join(f"{count.reasons[r]:8}" for r in REASONS))
    for shown in args.show:
        chosen = [s for s in suspects if shown in ("all", s.rule) and (args.reason is None or args.reason in s.reasons)]
        print(f"\n== {shown}: {len(chosen)} suspects")
        for suspect in sorted(chosen, key=lambda s: -len(s.text))[: args.top]:
            print(f"  [{suspect.page}] {suspect.rule} {','.join(suspect.reasons)}: {suspect.text.strip()[:220]}")
    if args.json:
        data = {
            "pages": total,
            "rules": {
                rule: {"removed": c.removed, "suspects": c.suspects, "reasons": dict(c.reasons)}
                for rule, c in sorted(counts.items())
            },
        }
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
