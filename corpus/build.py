"""Build corpus/corpus.jsonl (evaluation format, see docs/corpus.md) from corpus/cases/*.txt.

A case file is the document line by line, each line written as ``<label>| <text>``:

    # site: corpus.example/iq                  (required)
    # meta.sources: وكالات || كويت نيوز          (list fields split on " || ")
    # meta.title: ...                           (title and date are single strings)
    # known_failure: why arclean gets it wrong  (the test expects failure until fixed)
    body| the story line
    source| المصدر: كويت نيوز

In the text, ``\\r``, ``\\t``, ``\\0`` and ``\\uXXXX`` stand for those characters, and
``{{...}}`` inside a body line marks boilerplate glued to it (it goes to ``inline_junk``).

    python corpus/build.py          # rewrite corpus/corpus.jsonl
    python corpus/build.py --check  # exit 1 if corpus.jsonl is out of date
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = {
    "body", "blank", "title", "date", "byline", "source", "tags", "read_also", "related",
    "disclaimer", "social", "copyright", "caption", "nav", "ad", "comments", "other",
}  # fmt: skip
LIST_FIELDS = {"authors", "sources", "tags", "read_also", "related"}
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|(r)|(t)|(0))")
_JUNK = re.compile(r"\{\{(.*?)\}\}")


def _unescape(text: str) -> str:
    def replace(found: re.Match[str]) -> str:
        if found[1]:
            return chr(int(found[1], 16))
        return "\r" if found[2] else "\t" if found[3] else "\0"

    return _ESCAPE.sub(replace, text)


def parse_case(path: Path) -> dict:
    """One case file to one evaluation record."""
    record: dict = {"id": f"corpus/{path.stem}", "site": None, "meta": {}}
    raw_lines: list[str] = []
    labels: list[str] = []
    main: list[str] = []
    inline_junk: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if not line:
            continue
        if line.startswith("# "):
            key, _, value = line[2:].partition(":")
            value = _unescape(value.strip())
            if key == "site":
                record["site"] = value
            elif key == "known_failure":
                record["known_failure"] = value
            elif key.startswith("meta."):
                field = key[5:]
                record["meta"][field] = [v.strip() for v in value.split(" || ")] if field in LIST_FIELDS else value
            else:
                raise ValueError(f"{path}:{number}: unknown header {key!r}")
            continue
        label, bar, text = line.partition("|")
        if not bar or label not in LABELS:
            raise ValueError(f"{path}:{number}: expected '<label>| <text>' with a FORMAT.md label, got {line[:40]!r}")
        text = _unescape(text[1:] if text.startswith(" ") else text)
        junk = _JUNK.findall(text)
        raw = _JUNK.sub(lambda found: found[1], text)
        if junk and label != "body":
            raise ValueError(f"{path}:{number}: {{{{...}}}} marks glued junk inside a body line only")
        raw_lines.append(raw)
        labels.append(label)
        if label == "body":
            main.append(_JUNK.sub("", text))
            inline_junk.extend(j.strip() for j in junk)
    if not record["site"]:
        raise ValueError(f"{path}: missing '# site:' header")
    record.update(raw="\n".join(raw_lines), labels=labels, main="\n".join(main))
    if inline_junk:
        record["inline_junk"] = inline_junk
    return record


def build(cases: Path = HERE / "cases") -> str:
    """The corpus.jsonl text for every case file, in file-name order."""
    records = [parse_case(path) for path in sorted(cases.glob("*.txt"))]
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def main(argv: list[str]) -> int:
    target = HERE / "corpus.jsonl"
    text = build()
    if "--check" in argv:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print("corpus/corpus.jsonl is out of date: run python corpus/build.py", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target} ({text.count(chr(10))} documents)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
