"""A brief run of the JSONL fuzz target (fuzz/fuzz_jsonl.py); the long run is in docs/testing.md."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, given, settings

_PATH = Path(__file__).resolve().parent.parent / "fuzz" / "fuzz_jsonl.py"
_spec = importlib.util.spec_from_file_location("fuzz_jsonl", _PATH)
assert _spec is not None and _spec.loader is not None
fuzz_jsonl = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz_jsonl)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(fuzz_jsonl.jsonl_payloads())
def test_cli_jsonl_never_crashes_and_accounts_for_every_line(data: bytes) -> None:
    fuzz_jsonl.check_jsonl(data)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b'{"text": "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb5\xd8\xaf\xd8\xb1: \xd9\x88\xd8\xa7\xd8\xb3"}\n', id="ok"),
        pytest.param(b'not json\n{"text": 5}\n\n{"id": 1}\n\xff\xfe\n[]\n', id="bad-lines"),
        pytest.param(b"[" * 900 + b"\n", id="nesting-900"),
        # found by this fuzz target: deep nesting raised RecursionError, a lone-surrogate escape
        # (valid JSON, not encodable as UTF-8) crashed the writer; both now count as records
        pytest.param(b"[" * 2000 + b"\n", id="deep-nesting-2000"),
        pytest.param(b'{"text": "\\ud800"}\n', id="lone-surrogate-escape"),
    ],
)
def test_known_payloads(data: bytes) -> None:
    fuzz_jsonl.check_jsonl(data)
