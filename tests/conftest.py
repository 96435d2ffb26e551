"""Shared fixtures: the repo's corpus, and the shared evaluation sets where they exist."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "corpus" / "corpus.jsonl"


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def shared_file(*parts: str) -> Path:
    """A file under ../shared, or skip: a user's clone has no ../shared."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared evaluation data is only beside the development checkout)")
    return path


@pytest.fixture(scope="session")
def corpus() -> list[dict]:
    return read_jsonl(CORPUS)
