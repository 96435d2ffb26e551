"""Dump what the default pipeline predicts for evaluation files, one JSON line per document.

Used to show that a refactoring keeps behaviour: dump before, dump after, diff.

    python scripts/dump_predictions.py OUT_DIR ../shared/eval/dev.jsonl corpus/corpus.jsonl
    diff -r BEFORE_DIR AFTER_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import arclean


def dump(gold: Path, out: Path) -> int:
    """Write the story, metadata and removed spans of every record of ``gold``; return the count."""
    pipeline = arclean.Pipeline.default()
    count = 0
    with gold.open(encoding="utf-8") as source, out.open("w", encoding="utf-8") as sink:
        for line in source:
            if not line.strip():
                continue
            record = json.loads(line)
            result = pipeline.clean(record["raw"])
            row = {
                "id": record.get("id"),
                "text": result.text,
                "meta": result.metadata.model_dump(mode="json"),
                "removed": [[r.start, r.end, r.kind, r.rule] for r in result.removed],
            }
            sink.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    return count


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = Path(argv[0])
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in argv[1:]:
        gold = Path(name)
        count = dump(gold, out_dir / gold.name)
        print(f"{gold}: {count} documents")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
