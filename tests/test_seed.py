"""The document this project grew from comes out exact (skips without ../shared)."""

from __future__ import annotations

import arclean
from arclean.evaluate import score_document
from tests.conftest import read_jsonl, shared_file


def test_seed_document_is_exact() -> None:
    gold = read_jsonl(shared_file("seed", "example.gold.jsonl"))[0]
    raw = shared_file("seed", "example.txt").read_text(encoding="utf-8")
    assert raw == gold["raw"]
    result = arclean.clean(raw)
    row = score_document(gold, {"text": result.text, "meta": result.metadata.model_dump()}).to_dict()
    assert row["exact"] and row["body_lost"] == 0 and row["junk_kept"] == 0
    assert result.restore() == raw
    assert result.metadata.sources == ("وكالات", "كويت نيوز")
    assert result.metadata.authors == ("Admin",)
    assert result.metadata.read_also == ("العراق بين واشنطن وبغداد.. تحالف الضرورة أم احتلال مقنع؟",)
    assert len(result.metadata.related) == 10
    assert all(f1 > 0.99 for field, f1 in row["meta"].items() if field != "tags"), row["meta"]
