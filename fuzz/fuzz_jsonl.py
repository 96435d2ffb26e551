"""Fuzz target: arbitrary bytes as a JSONL file through ``arclean clean --jsonl``.

The property: ``arclean.cli.main(["clean", "--jsonl", IN, "-o", OUT, "--field", "text",
"--on-error", "skip"])`` never raises (exit status 0, 1 or 2 only), and when it succeeds every
non-blank input line is accounted for: ``written + skipped == read``, where ``written`` is the
number of output lines. A record that is a strict-JSON object with a string ``text`` (a UTF-8
BOM before line 1 allowed) must be *cleaned*, not skipped: a skip there means a cleaner raised,
which is a bug the CLI merely contained. Every output line is strict JSON (no ``NaN``). Exit
status 1 with nothing written is expected when no record could be cleaned.

Run it long (see docs/testing.md)::

    python fuzz/fuzz_jsonl.py --examples 100000          # Hypothesis, any machine
    python fuzz/fuzz_jsonl.py --atheris -- -max_total_time=3600   # libFuzzer, if atheris is installed
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FIELD = "text"
_SUMMARY = re.compile(r"([\d,]+) records read, ([\d,]+) cleaned, ([\d,]+) failed \(([\d,]+) skipped")


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def expected_counts(data: bytes) -> tuple[int, int]:
    """(records read, records that must be cleaned) for a JSONL payload, by an independent reading."""
    read = must_clean = 0
    for number, raw_line in enumerate(data.split(b"\n"), start=1):
        if not raw_line.strip():
            continue
        read += 1
        if number == 1:
            raw_line = raw_line.removeprefix(b"\xef\xbb\xbf")
        try:
            record = _strict_loads(raw_line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            continue
        if isinstance(record, dict) and isinstance(record.get(FIELD), str):
            must_clean += 1
    return read, must_clean


def _reject(value: str) -> None:
    raise ValueError(f"not strict JSON: {value}")


def _strict_loads(text: str) -> object:
    """``json.loads`` that rejects NaN, Infinity and numbers that overflow a double."""

    def finite(number: str) -> float:
        value = float(number)
        if value in (float("inf"), float("-inf")):
            _reject(number)
        return value

    return json.loads(text, parse_constant=_reject, parse_float=finite)


def check_jsonl(data: bytes, workdir: str | os.PathLike[str] | None = None) -> None:
    """Run the CLI on ``data`` as a JSONL file and assert the fuzz property."""
    from arclean.cli import main

    with tempfile.TemporaryDirectory(dir=workdir) as directory:
        source, target = Path(directory, "in.jsonl"), Path(directory, "out.jsonl")
        source.write_bytes(data)
        errors = io.StringIO()
        with contextlib.redirect_stderr(errors):
            try:
                status = main(["clean", "--jsonl", str(source), "-o", str(target), "--field", FIELD, "--on-error", "skip"])
            except SystemExit as exit_:  # argparse usage errors
                status = exit_.code if isinstance(exit_.code, int) else 2
        assert status in (0, 1, 2), f"exit status {status}; stderr: {errors.getvalue()[-500:]}"
        if status != 0:
            return
        written = len([line for line in target.read_bytes().split(b"\n") if line]) if target.exists() else 0
        read, must_clean = expected_counts(data)
        summary = _SUMMARY.search(errors.getvalue())
        assert summary is not None, f"no summary line on stderr: {errors.getvalue()[-300:]!r}"
        got_read, cleaned, _failed, skipped = (_number(group) for group in summary.groups())
        assert got_read == read, f"CLI read {got_read} records, the input has {read} non-blank lines"
        assert written + skipped == read, f"{written} written + {skipped} skipped != {read} read"
        assert cleaned >= must_clean, (
            f"only {cleaned} records cleaned, {must_clean} are JSON objects with a string {FIELD!r}: "
            f"a cleaner raised; stderr: {errors.getvalue()[-500:]}"
        )
        for line in target.read_bytes().split(b"\n"):
            if line:
                _strict_loads(line.decode("utf-8"))  # every output line is valid UTF-8, strict JSON


# ------------------------------------------------------------------ inputs ---
_ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويىةءأإآ٠١٢٣ \u064b\u0640\u200f\u00a0:.،•-\r"
#: Lines that once crashed the CLI (found by this target, now regression inputs): a lone
#: surrogate in a JSON string escape, and JSON nested deeper than the recursion limit.
REGRESSION_LINES = (b'{"text": "\\ud800"}', b"[" * 2000)


def jsonl_payloads() -> st.SearchStrategy[bytes]:
    """JSONL files: random bytes, and lines mixing valid records, broken JSON and bad UTF-8."""
    texts = st.one_of(
        st.text(st.characters(codec=None), max_size=80),
        st.text(_ARABIC, max_size=200),
        st.sampled_from(["", "المصدر: واس", "اقرأ أيضا:\nعنوان", "\x00", "\ud800"]),
    )
    values = st.one_of(texts, st.integers(), st.none(), st.booleans(), st.lists(st.integers(), max_size=3))

    @st.composite
    def record_line(draw: st.DrawFn) -> bytes:
        record = draw(st.dictionaries(st.sampled_from([FIELD, "id", "site", "arclean"]), values, max_size=4))
        text = json.dumps(record, ensure_ascii=draw(st.booleans()))
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:  # a raw lone surrogate: written as an escape instead
            return json.dumps(record).encode("utf-8")

    odd = [b"", b"   ", b"\r", b"[]", b"null", b'"text"', b"{", b'{"text": "\xff\xfe"}', b"\xef\xbb\xbf{}", b"[" * 900]
    odd += [b'\xef\xbb\xbf{"text": "x"}', b'{"text": "x", "n": NaN}', b'{"text": "x", "n": 1e400}']
    odd.append(b'{"text": "x", "n": -Infinity}')
    lines = st.one_of(
        record_line(),
        record_line(),
        st.binary(max_size=60),
        st.sampled_from([*odd, *REGRESSION_LINES]),
    )
    return st.one_of(
        st.binary(max_size=400),
        st.lists(lines, max_size=12).map(lambda chosen: b"\n".join(chosen)),
        st.lists(lines, max_size=6).map(lambda chosen: b"\r\n".join(chosen) + b"\r\n"),
    )


def run_hypothesis(examples: int) -> None:
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(jsonl_payloads())
    def fuzz(data: bytes) -> None:
        check_jsonl(data)

    fuzz()


def run_atheris(libfuzzer_args: list[str]) -> None:
    import atheris  # type: ignore[import-not-found]

    with atheris.instrument_imports():  # coverage feedback from arclean's own code
        import arclean.batch
        import arclean.cli  # noqa: F401

    def one_input(data: bytes) -> None:
        check_jsonl(data)

    atheris.Setup([sys.argv[0], *libfuzzer_args], one_input)
    atheris.Fuzz()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=10_000, help="Hypothesis examples (default 10000)")
    parser.add_argument("--atheris", action="store_true", help="coverage-guided libFuzzer run (pip install atheris)")
    parser.add_argument("libfuzzer_args", nargs="*", help="after --: arguments for libFuzzer")
    args = parser.parse_args(argv)
    if args.atheris:
        run_atheris(args.libfuzzer_args)
    else:
        run_hypothesis(args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
