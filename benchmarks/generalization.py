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


# -- metadata: leave one site out ------------------------------------------------------
#: The vocabulary files the metadata parser reads, by the module that loads each (its ``_read``).
METADATA_FILES = {
    "metadata.toml": "arclean.metadata",
    "dates.toml": "arclean.dates",
    "agencies.toml": "arclean.agencies",
    # the find phase's tag labels, as the metadata parser reads a tags line's label off with them
    # (switched off in the parser's reading only: the find phase runs with everything on)
    "concepts.toml": "arclean.metadata",
}
#: The lists and tables of those files whose entries are each a metadata rule: every word,
#: month, zone, label alternative or agency is switched off on its own. (dates.toml's
#: ``keywords`` and ``max_leftover_words`` serve the find phase, which runs with everything on.)
METADATA_TABLES = {
    "metadata.toml": (
        "roles.writing",
        "roles.staff",
        "roles.photographer",
        "credit.desk",
        "credit.outlet_words",
        "credit.not_in_names",
        "credit.honorifics",
        "places.names",
        "names.given",
    ),
    "dates.toml": (
        "weekdays",
        "gregorian_months",
        "hijri_months",
        "clock.am",
        "clock.pm",
        "time_zones",
        "relative_units",
        "relative_words.before",
        "relative_words.after",
        "relative_words.today",
        "relative_words.yesterday",
        "labels.published",
        "labels.updated",
    ),
    "concepts.toml": ("words.tag_label", "words.tag_label_strict", "words.this_piece"),
}
#: The shapes and steps of ``arclean.metadata`` that read a value, each switched off by a
#: stand-in (a pattern that never matches, a step that finds nothing).
METADATA_CODE = {
    "_LABELLED_HEADLINE": "pattern",
    "_read_linked_headline": "false",
    "_outlet_in_label": "none",
    "_TAGS_HEAD": "pattern",
    "_TITLE_AUTHOR": "pattern",
    "_SOURCE_CREDIT": "pattern",
    "_PAREN_SOURCE": "pattern",
    "_SITE_SUFFIX": "pattern",
    "_BLOCK_BYLINE": "pattern",
    "_AUTHOR_BOX_TAIL": "pattern",
    "_PAGER": "pattern",
    "_REFERENCE_NOTE": "pattern",
    "_NOT_AN_AUTHOR": "pattern",
    "_DATE_FILLER": "pattern",
    "_signature": "none",
    "_glued_date": "none",
    "_split_title_author": "title_only",
    "_split_names": "whole",
    "_first_paragraph_credit": "credit",
    "_dateline_prefix": "none",
    "_unknown_place_first": "false",
    "_closing_agency": "none",
    "_qualified_places": "same",
    "_DATE_SHAPES": "off",
}
METADATA_FIELDS = ("title", "date", "authors", "sources", "tags", "read_also", "related")
DOCS = ROOT / "docs" / "metadata.md"
META_BEGIN, META_END = "<!-- metadata-loso:begin -->", "<!-- metadata-loso:end -->"


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression (``|`` outside groups and classes)."""
    parts, depth, start, escaped, in_class = [], 0, 0, False, False
    for number, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:number])
            start = number + 1
    return [*parts, pattern[start:]]


def _table(data: Mapping[str, Any], dotted: str) -> Any:
    for key in dotted.split("."):
        data = data[key]
    return data


def metadata_entries() -> list[dict[str, Any]]:
    """Every metadata vocabulary entry and reading step, as ``{"id", "file", "table", "item",
    "probe"}``: ``probe`` is a folded string or pattern a document's text must hold for the
    entry to matter to it (None: always tried)."""
    import regex

    from arclean.agencies import _spelling_pattern
    from arclean.chars import fold_key
    from arclean.metadata import _read

    entries: list[dict[str, Any]] = []
    metadata = _read("metadata.toml")
    for kind, label in metadata["labels"].items():
        for alternative in _alternatives(label["pattern"]):
            try:
                probe: Any = regex.compile(alternative, regex.IGNORECASE)
            except regex.error:
                probe = None
            entries.append(
                {
                    "id": f"labels.{kind}: {alternative}",
                    "file": "metadata.toml",
                    "table": f"labels.{kind}",
                    "item": alternative,
                    "probe": probe,
                }
            )
    for file, tables in METADATA_TABLES.items():
        data = _read(file)
        for table in tables:
            for item in _table(data, table):
                key = fold_key(item).lower()
                entries.append({"id": f"{table}: {item}", "file": file, "table": table, "item": item, "probe": key})
    for agency in _read("agencies.toml")["agency"]:
        pattern = "|".join(_spelling_pattern(s, capitals=False) for s in agency["spellings"])
        entries.append(
            {
                "id": f"agency: {agency['canonical']}",
                "file": "agencies.toml",
                "table": "agency",
                "item": agency["canonical"],
                "probe": regex.compile(pattern, regex.IGNORECASE),
            }
        )
    for name in METADATA_CODE:
        entries.append({"id": f"metadata.{name}", "file": None, "table": None, "item": name, "probe": None})
    return entries


def _without(data: dict[str, Any], table: str, items: set[str]) -> dict[str, Any]:
    """A deep copy of ``data`` with ``items`` left out of ``table``."""
    import copy

    data = copy.deepcopy(data)
    *parents, last = table.split(".")
    holder = _table(data, ".".join(parents)) if parents else data
    if table == "agency":
        holder[last] = [entry for entry in holder[last] if entry["canonical"] not in items]
    elif isinstance(holder[last], dict) and "pattern" in holder[last]:
        kept = [alt for alt in _alternatives(holder[last]["pattern"]) if alt not in items]
        holder[last] = {**holder[last], "pattern": "|".join(kept) or "(?!)"}
    elif isinstance(holder[last], dict):
        holder[last] = {key: value for key, value in holder[last].items() if key not in items}
    else:
        holder[last] = [item for item in holder[last] if item not in items]
    return data


@contextmanager
def metadata_off(entries: Sequence[Mapping[str, Any]]) -> Iterator[None]:
    """Inside the block, the metadata parser reads its vocabulary without ``entries`` and with
    the code steps among them replaced by stand-ins that find nothing."""
    import importlib

    import regex

    from arclean import agencies as agencies_module
    from arclean import dates as dates_module
    from arclean import metadata as metadata_module

    off: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    code = []
    for entry in entries:
        if entry["file"] is None:
            code.append(entry["item"])
        else:
            off[entry["file"], entry["table"]].add(entry["item"])
    modules = {name: importlib.import_module(module) for name, module in METADATA_FILES.items()}
    readers = {module: module._read for module in {*modules.values()}}

    def reader(original: Any) -> Any:
        def read(name: str) -> dict[str, Any]:
            data = original(name)
            for (file, table), items in off.items():
                if file == name:
                    data = _without(data, table, items)
            return data

        return read

    never = regex.compile(r"(?!)")
    stand_ins = {
        "pattern": never,
        "none": lambda *args, **kwargs: None,
        "false": lambda *args, **kwargs: False,
        "title_only": lambda title: (title, None),
        "whole": lambda part: [part],
        "credit": lambda story: metadata_module._Credit(),
        "off": False,
        "same": lambda text: text,
    }
    saved = {name: getattr(metadata_module, name) for name in code}
    caches = (metadata_module._vocabulary, dates_module._vocabulary, agencies_module.agencies)
    try:
        for module, original in readers.items():
            module._read = reader(original)
        for name in code:
            setattr(metadata_module, name, stand_ins[METADATA_CODE[name]])
        for cache in caches:
            cache.cache_clear()
        yield
    finally:
        for module, original in readers.items():
            module._read = original
        for name, value in saved.items():
            setattr(metadata_module, name, value)
        for cache in caches:
            cache.cache_clear()


def _meta_prediction(metadata: Any) -> dict[str, Any]:
    dumped = metadata.model_dump()
    return {
        name: list(dumped[name]) if isinstance(dumped[name], tuple) else dumped[name]
        for name in METADATA_FIELDS
        if dumped[name] not in (None, (), [])
    }


def _meta_scores(records: Sequence[Mapping[str, Any]], predictions: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Metadata F1 per field over the documents whose gold has it (``score_meta``), and the
    documents scored for each field."""
    from arclean.evaluate import score_meta

    values: defaultdict[str, list[float]] = defaultdict(list)
    for record, prediction in zip(records, predictions, strict=True):
        for name, value in score_meta(record.get("meta") or {}, prediction).items():
            values[name].append(value)
    return {name: (sum(v) / len(v), len(v)) for name, v in sorted(values.items())}


def metadata_leave_one_site_out(
    records: Sequence[Mapping[str, Any]], justified: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Leave-one-site-out for the metadata parser. The find phase runs once with everything on
    (removal's own measure is :func:`leave_one_site_out`); each metadata entry
    (:func:`metadata_entries`) is switched off alone, and it *fires* on a document when that
    changes the document's metadata. An entry that fires on one site only is switched off, with
    the site's other one-site entries, for that site's documents, and the site's metadata F1
    per field is given with and without them."""
    from arclean.chars import fold_key
    from arclean.metadata import parse_metadata

    justified = justified_metadata() if justified is None else justified
    pipeline = Pipeline.default()
    parsed = []
    for record in records:
        result = pipeline.clean(record["raw"])
        story = "".join(segment.text for segment in result.kept)
        parsed.append((result.removed, story))
    haystacks = [
        fold_key("\n".join([*(r.text for r in removed), story[:3000], story[-2000:]])).lower() for removed, story in parsed
    ]
    full = [_meta_prediction(parse_metadata(removed, story)) for removed, story in parsed]
    sites = [record.get("site") or "?" for record in records]
    entries = metadata_entries()
    fires: dict[str, set[str]] = {}
    for entry in entries:
        probe = entry["probe"]
        candidates = [
            number
            for number, haystack in enumerate(haystacks)
            if probe is None or (probe in haystack if isinstance(probe, str) else probe.search(haystack))
        ]
        if not candidates:
            continue
        with metadata_off([entry]):
            changed = {sites[n] for n in candidates if _meta_prediction(parse_metadata(*parsed[n])) != full[n]}
        if changed:
            fires[entry["id"]] = changed
    by_id = {entry["id"]: entry for entry in entries}
    one_site: defaultdict[str, list[str]] = defaultdict(list)
    for entry_id, entry_sites in fires.items():
        if len(entry_sites) == 1:
            one_site[next(iter(entry_sites))].append(entry_id)
    per_site: dict[str, dict[str, Any]] = {}
    all_records: list[Mapping[str, Any]] = []
    all_without: list[Mapping[str, Any]] = []
    all_strict: list[Mapping[str, Any]] = []
    for site in sorted(set(sites)):
        numbers = [n for n, s in enumerate(sites) if s == site]
        off = sorted(one_site.get(site, ()))
        with metadata_off([by_id[e] for e in off if not _justified(e, justified)]):
            without = [_meta_prediction(parse_metadata(*parsed[n])) for n in numbers]
        with metadata_off([by_id[e] for e in off]):
            strict = [_meta_prediction(parse_metadata(*parsed[n])) for n in numbers]
        site_records = [records[n] for n in numbers]
        all_records.extend(site_records)
        all_without.extend(without)
        all_strict.extend(strict)
        per_site[site] = {
            "docs": len(numbers),
            "one_site_entries": off,
            "meta_f1": _meta_scores(site_records, [full[n] for n in numbers]),
            "meta_f1_without": _meta_scores(site_records, without),
            "meta_f1_strict": _meta_scores(site_records, strict),
        }
    return {
        "meta_f1": _meta_scores(records, full),
        "meta_f1_without": _meta_scores(all_records, all_without),
        "meta_f1_strict": _meta_scores(all_records, all_strict),
        "entries": len(entries),
        "firing": {entry_id: sorted(s) for entry_id, s in sorted(fires.items())},
        "one_site_entries": {entry_id: next(iter(s)) for entry_id, s in sorted(fires.items()) if len(s) == 1},
        "justified": {entry_id: why for entry_id, why in justified.items() if any(_justified(e, {entry_id: why}) for e in fires)},
        "per_site": per_site,
    }


def _justified(entry_id: str, justified: Mapping[str, str]) -> bool:
    """An entry kept on: named in ``justified``, or in a table named there ("weekdays")."""
    return entry_id in justified or entry_id.partition(":")[0] in justified


def justified_metadata(path: Path = JUSTIFIED) -> dict[str, str]:
    """The one-site metadata entries kept on, with why (``one_site_rules.toml``, ``[metadata]``)."""
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return dict(tomllib.load(handle).get("metadata", {}))


def metadata_table(loso: Mapping[str, Any]) -> str:
    """The metadata leave-one-site-out figures as docs/metadata.md shows them."""
    fields = [name for name in METADATA_FIELDS if name in loso["meta_f1"]]

    def cell(on: Mapping[str, Any], off: Mapping[str, Any], strict: Mapping[str, Any], name: str) -> str:
        if name not in on:
            return ""
        values = [f"{scores[name][0]:.3f}" for scores in (on, off, strict)]
        shown = values[0] if values[0] == values[1] else f"{values[0]} → {values[1]}"
        shown += "" if values[2] == values[1] else f" [{values[2]}]"
        return f"{shown} ({on[name][1]})"

    def row(name: str, docs: int, data: Mapping[str, Any], entries: str) -> str:
        on, off, strict = data["meta_f1"], data["meta_f1_without"], data["meta_f1_strict"]
        return f"| {name} | {docs} | " + " | ".join(cell(on, off, strict, f) for f in fields) + f" | {entries} |"

    kept = ", ".join(f"`{name}`" for name in loso["justified"]) or "none"
    lines = [
        f"{len(loso['firing'])} of {loso['entries']} metadata entries change some dev document's metadata when "
        f"switched off; {len(loso['one_site_entries'])} of them do so on one site only. Metadata F1 per field: "
        "every entry on → the site's one-site entries off, [strict: the closed classes off too] "
        f"(documents scored). Closed classes kept on: {kept}.",
        "",
        "| site | docs | " + " | ".join(fields) + " | one-site entries |",
        "|---|---|" + "---|" * len(fields) + "---|",
        row("all", sum(r["docs"] for r in loso["per_site"].values()), loso, str(len(loso["one_site_entries"]))),
    ]
    for site, data in loso["per_site"].items():
        if data["meta_f1"]:
            entries = ", ".join(f"`{e}`" for e in data["one_site_entries"]) or "-"
            lines.append(row(site, data["docs"], data, entries))
    unscored = [
        (site, data["one_site_entries"])
        for site, data in loso["per_site"].items()
        if not data["meta_f1"] and data["one_site_entries"]
    ]
    if unscored:
        lines.append("")
        lines.append(
            "One-site entries of sites whose dev documents have no gold metadata: "
            + "; ".join(f"{site}: " + ", ".join(f"`{e}`" for e in entries) for site, entries in unscored)
        )
    return "\n".join(lines)


def write_metadata_table(loso: Mapping[str, Any], path: Path = DOCS) -> bool:
    """Rewrite the table between the markers of ``docs/metadata.md``; False if they are missing."""
    text = path.read_text(encoding="utf-8")
    if META_BEGIN not in text or META_END not in text:
        return False
    table = f"{META_BEGIN}\n{metadata_table(loso)}\n{META_END}"
    path.write_text(text[: text.index(META_BEGIN)] + table + text[text.index(META_END) + len(META_END) :], encoding="utf-8")
    return True


# -- report ----------------------------------------------------------------------------
def run() -> dict[str, Any]:
    sets = {name: load_jsonl(path) for name, path in SETS.items() if path.is_file()}
    if "dev" not in sets:
        raise SystemExit(f"dev set not found at {SETS['dev']}")
    return {
        "plain": plain(sets),
        "loso": leave_one_site_out(sets["dev"]),
        "loco": leave_one_cue_out(sets["dev"]),
        "metadata_loso": metadata_leave_one_site_out(sets["dev"]),
        "idempotence": idempotence(shared_documents(sets)),
    }


def run_metadata() -> dict[str, Any]:
    """The metadata leave-one-site-out alone (the find phase's measures take minutes)."""
    if not SETS["dev"].is_file():
        raise SystemExit(f"dev set not found at {SETS['dev']}")
    return {"plain": {}, "metadata_loso": metadata_leave_one_site_out(load_jsonl(SETS["dev"]))}


def _removal_report(result: Mapping[str, Any]) -> list[str]:
    """The find phase's leave-one-site-out and leave-one-cue-out lines."""
    out: list[str] = []
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
    return out


def format_report(result: Mapping[str, Any]) -> str:
    out: list[str] = ["plain scores:"] if result["plain"] else []
    for name, summary in result["plain"].items():
        out.append(
            f"  {name:10} removal F1 {summary['removal_f1']:.4f}  P {summary['removal_precision']:.4f}  "
            f"R {summary['removal_recall']:.4f}  body-line loss {summary['body_line_loss']:.4f}  "
            f"docs losing body {summary['docs_losing_body']:.3f}  exact {summary['exact']:.3f}"
        )
    if "loso" in result:
        out.extend(_removal_report(result))
    meta = result.get("metadata_loso")
    if meta:
        on, off, strict = meta["meta_f1"], meta["meta_f1_without"], meta["meta_f1_strict"]
        fields = "  ".join(f"{name} {on[name][0]:.3f}->{off[name][0]:.3f} [{strict[name][0]:.3f}]" for name in on)
        out.append(
            f"metadata leave-one-site-out on dev: {len(meta['one_site_entries'])} of {len(meta['firing'])} firing entries "
            f"(of {meta['entries']}) fire on one site only; F1 on -> one-site off [strict]: {fields}"
        )
        for site, row in meta["per_site"].items():
            if row["one_site_entries"]:
                out.append(f"  {site[:40]:40} off: {', '.join(row['one_site_entries'])}")
    if "idempotence" not in result:
        return "\n".join(out)
    idem = result["idempotence"]
    out.append(f"idempotence: {idem['documents'] - len(idem['failing'])} of {idem['documents']} documents")
    if idem["failing"]:
        out.append(f"  failing: {', '.join(idem['failing'])}")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", metavar="PATH", help="also write every figure as JSON")
    parser.add_argument(
        "--metadata-only", action="store_true", help="only the metadata leave-one-site-out (and its table in docs/metadata.md)"
    )
    args = parser.parse_args(argv)
    result = run_metadata() if args.metadata_only else run()
    write_metadata_table(result["metadata_loso"])
    print(format_report(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
