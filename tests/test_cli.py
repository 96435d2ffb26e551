"""The ``arclean`` command: text and JSONL cleaning, bad input, atomic output, explain, demo, config."""

from __future__ import annotations

import gzip
import itertools
import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import arclean
from arclean import cli
from arclean.batch import BatchStats, RecordError

STORY = "أعلنت البلدية اليوم عن خطة جديدة لتوسيع الحدائق العامة في الأحياء الشمالية من المدينة خلال العامين المقبلين."
RAW = f"{STORY}\nالمصدر: وكالة الأنباء\nكلمات دلالية: الحدائق، البلدية"
SUMMARY = re.compile(r"(\d+) records read, (\d+) cleaned, (\d+) failed \((\d+) skipped, (\d+) kept unchanged\)")


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def summary(stderr: str) -> tuple[int, int, int, int, int]:
    """(read, cleaned, failed, skipped, kept) from the summary line."""
    match = SUMMARY.search(stderr)
    assert match, stderr
    return tuple(int(group) for group in match.groups())  # type: ignore[return-value]


@pytest.fixture
def records() -> list[dict]:
    sample = cli.sample_text()
    return [{"id": i, "lang": "ar", "text": RAW if i % 2 else sample} for i in range(40)]


@pytest.fixture
def corpus_file(tmp_path: Path, records: list[dict]) -> Path:
    return write_jsonl(tmp_path / "in.jsonl", records)


# -- JSONL ----------------------------------------------------------------------------------------
def test_jsonl_round_trip_keeps_fields_and_records_spans(tmp_path, corpus_file, records, capsys):
    out = tmp_path / "out.jsonl"
    assert cli.main(["clean", "--jsonl", str(corpus_file), "-o", str(out)]) == 0
    rows = read_jsonl(out)
    assert [row["id"] for row in rows] == [r["id"] for r in records]
    for original, row in zip(records, rows, strict=True):
        expected = arclean.clean(original["text"])
        assert row["lang"] == "ar"
        assert row["text"] == expected.text
        assert row["arclean"]["metadata"] == expected.metadata.model_dump(mode="json")
        assert row["arclean"]["removed_by_kind"] == expected.removed_by_kind()
        for span in row["arclean"]["removed"]:  # offsets point into the original field
            assert original["text"][span["start"] : span["end"]] == span["text"]
    assert summary(capsys.readouterr().err) == (40, 40, 0, 0, 0)


def test_output_field_and_no_metadata_no_spans(tmp_path, corpus_file):
    out = tmp_path / "out.jsonl"
    argv = ["clean", "--jsonl", str(corpus_file), "-o", str(out), "--output-field", "clean", "--no-metadata"]
    assert cli.main([*argv, "--no-spans", "-q"]) == 0
    row = read_jsonl(out)[1]
    assert row["text"] == RAW
    assert row["clean"] == STORY
    assert row["arclean"] == {"removed_by_kind": {"source": 1, "tags": 1}}


def test_field_option_names_the_raw_text(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [{"raw": RAW}])
    out = tmp_path / "out.jsonl"
    assert cli.main(["clean", "--jsonl", str(source), "-o", str(out), "--field", "raw", "-q"]) == 0
    assert read_jsonl(out)[0]["raw"] == STORY


def test_jobs_2_output_is_identical_to_jobs_1(tmp_path, corpus_file):
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        assert cli.main(["clean", "--jsonl", str(corpus_file), "-o", str(out), "--jobs", jobs, "-q"]) == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b"\n") == 40


def test_gzip_in_and_out(tmp_path, records):
    source = tmp_path / "in.jsonl.gz"
    with gzip.open(source, "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    out = tmp_path / "out.jsonl.gz"
    assert cli.main(["clean", "--jsonl", str(source), "-o", str(out), "-q"]) == 0
    assert gzip.decompress(out.read_bytes()).startswith(b'{"id": 0')
    assert [row["text"] for row in read_jsonl(out)] == [arclean.clean(r["text"]).text for r in records]


def test_zst_without_zstandard_is_a_clear_error(tmp_path, corpus_file, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "zstandard", None)  # makes `import zstandard` fail
    assert cli.main(["clean", "--jsonl", str(corpus_file), "-o", str(tmp_path / "out.jsonl.zst")]) == 1
    assert "pip install zstandard" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [corpus_file]


def test_zst_round_trip(tmp_path, corpus_file):
    zstandard = pytest.importorskip("zstandard")
    out = tmp_path / "out.jsonl.zst"
    assert cli.main(["clean", "--jsonl", str(corpus_file), "-o", str(out), "-q"]) == 0
    again = tmp_path / "again.jsonl"
    assert cli.main(["clean", "--jsonl", str(out), "-o", str(again), "-q", "--field", "text"]) == 0
    assert len(zstandard.ZstdDecompressor().decompressobj().decompress(out.read_bytes()).splitlines()) == 40


def test_blank_lines_are_ignored(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": RAW}) + "\n\n  \n" + json.dumps({"text": RAW}) + "\n", encoding="utf-8")
    assert cli.main(["clean", "--jsonl", str(source), "-o", str(tmp_path / "out.jsonl")]) == 0
    assert summary(capsys.readouterr().err) == (2, 2, 0, 0, 0)


# -- bad input ------------------------------------------------------------------------------------
BAD_LINES = {
    "malformed_json": (b'{"text": "unterminated\n', "malformed JSON"),
    "missing_field": (b'{"body": "no text here"}\n', "record has no field 'text'"),
    "null_field": (b'{"text": null}\n', "field 'text' is null, expected a string"),
    "number_field": (b'{"text": 42}\n', "field 'text' is a number, expected a string"),
    "not_an_object": (b'["text"]\n', "expected a JSON object, got an array"),
    "invalid_utf8": (b'{"text": "\xff\xfe broken"}\n', "invalid UTF-8"),
}


@pytest.fixture(params=sorted(BAD_LINES))
def bad_file(request, tmp_path) -> tuple[Path, str]:
    """Five records; the third (line 3) is bad in one way."""
    good = (json.dumps({"id": 1, "text": RAW}, ensure_ascii=False) + "\n").encode()
    line, problem = BAD_LINES[request.param]
    path = tmp_path / "in.jsonl"
    path.write_bytes(good * 2 + line + good * 2)
    return path, problem


def test_bad_input_fails_naming_file_line_and_problem(bad_file, tmp_path, capsys):
    source, problem = bad_file
    out = tmp_path / "out.jsonl"
    assert cli.main(["clean", "--jsonl", str(source), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{source}:3: " in err and problem in err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]  # no temp file left behind


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_input_skip(bad_file, tmp_path, capsys, jobs):
    source, _ = bad_file
    out = tmp_path / "out.jsonl"
    assert cli.main(["clean", "--jsonl", str(source), "-o", str(out), "--on-error", "skip", "--jobs", jobs]) == 0
    read, cleaned, failed, skipped, kept = summary(capsys.readouterr().err)
    rows = read_jsonl(out)
    assert (read, cleaned, failed, skipped, kept) == (5, 4, 1, 1, 0)
    assert len(rows) + skipped == read
    assert all(row["text"] == STORY for row in rows)


def test_bad_input_keep(bad_file, tmp_path, capsys):
    source, problem = bad_file
    out = tmp_path / "out.jsonl"
    assert cli.main(["clean", "--jsonl", str(source), "-o", str(out), "--on-error", "keep"]) == 0
    read, cleaned, failed, skipped, kept = summary(capsys.readouterr().err)
    rows = read_jsonl(out)
    assert (read, cleaned, failed, skipped, kept) == (5, 4, 1, 0, 1)
    assert len(rows) + skipped == read
    error = rows[2]["arclean"]["error"]
    assert error.startswith(f"{source}:3: ") and problem in error
    original = source.read_bytes().splitlines()[2]
    try:
        record = json.loads(original)
    except ValueError:
        record = None
    if isinstance(record, dict):  # a JSON object passes through unchanged, plus the error
        assert {k: v for k, v in rows[2].items() if k != "arclean"} == record
    else:
        assert rows[2]["arclean"]["raw_line"] == original.decode("utf-8", "backslashreplace")


def test_cleaner_crash_is_a_record_error(tmp_path, corpus_file, monkeypatch, capsys):
    def explode(self, text):
        raise RuntimeError("boom")

    monkeypatch.setattr(arclean.Pipeline, "clean", explode)
    out = tmp_path / "out.jsonl"
    assert cli.main(["clean", "--jsonl", str(corpus_file), "-o", str(out), "--on-error", "skip"]) == 1  # none cleaned
    err = capsys.readouterr().err
    assert summary(err) == (40, 0, 40, 40, 0)
    assert "cleaning failed" in err and "RuntimeError" not in err  # no internal names
    assert out.read_bytes() == b""


# -- atomic output --------------------------------------------------------------------------------
def test_failed_run_leaves_previous_output_intact(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_bytes((json.dumps({"text": RAW}) + "\n").encode() * 50 + b"not json\n")
    out = tmp_path / "out.jsonl"
    out.write_text("previous result\n")
    assert cli.main(["clean", "--jsonl", str(source), "-o", str(out)]) == 1
    assert f"{source}:51: malformed JSON" in capsys.readouterr().err
    assert out.read_text() == "previous result\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def test_interrupted_run_writes_nothing(tmp_path, corpus_file, monkeypatch, capsys):
    calls = []

    def interrupt_on_second_chunk(numbered_lines, pipeline, options):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return original(numbered_lines, pipeline, options)

    original = cli.clean_lines
    monkeypatch.setattr(cli, "clean_lines", interrupt_on_second_chunk)
    out = tmp_path / "out.jsonl"
    assert cli.main(["clean", "--jsonl", str(corpus_file), "-o", str(out), "-q"]) == 130
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_output_permissions_follow_umask(tmp_path, corpus_file):
    out = tmp_path / "out.jsonl"
    assert cli.main(["clean", "--jsonl", str(corpus_file), "-o", str(out), "-q"]) == 0
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    assert out.stat().st_mode == plain.stat().st_mode


# -- plain text -----------------------------------------------------------------------------------
def test_plain_text_file_to_file(tmp_path, capsys):
    source = tmp_path / "article.txt"
    source.write_text(RAW, encoding="utf-8")
    out = tmp_path / "article.clean.txt"
    assert cli.main(["clean", str(source), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == STORY + "\n"
    assert summary(capsys.readouterr().err) == (1, 1, 0, 0, 0)


def test_plain_text_stdin_to_stdout_via_console_script():
    done = subprocess.run(
        [sys.executable, "-m", "arclean.cli", "clean", "-q"], input=RAW.encode(), capture_output=True, check=True
    )
    assert done.stdout.decode() == STORY + "\n"
    assert done.stderr == b""


def test_plain_text_invalid_utf8_names_the_line(tmp_path, capsys):
    source = tmp_path / "article.txt"
    source.write_bytes(RAW.encode() + b"\nok\n\xff\n")
    assert cli.main(["clean", str(source)]) == 1
    assert f"{source}:5: invalid UTF-8" in capsys.readouterr().err


def test_jsonl_only_flags_are_rejected_for_plain_text(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["clean", "--no-spans"])
    assert exit_info.value.code == 2
    assert "apply to --jsonl" in capsys.readouterr().err


def test_progress_is_silent_when_stderr_is_not_a_terminal(tmp_path, corpus_file, capsys):
    assert cli.main(["clean", "--jsonl", str(corpus_file), "-o", str(tmp_path / "o.jsonl")]) == 0
    err = capsys.readouterr().err
    assert "\r" not in err and err.count("\n") == 1
    assert cli.main(["clean", "--jsonl", str(corpus_file), "-o", str(tmp_path / "o.jsonl"), "-q"]) == 0
    assert capsys.readouterr().err == ""


def test_progress_draws_docs_and_megabytes_per_second():
    import io

    stream = io.StringIO()
    progress = cli.Progress(enabled=True, stream=stream)
    progress.update(BatchStats(read=10, bytes_in=5_000_000), force=True)
    progress.close(BatchStats(read=10, bytes_in=5_000_000))
    assert "docs/s" in stream.getvalue() and "MB/s" in stream.getvalue()


# -- explain, demo, config, help -------------------------------------------------------------------
def test_explain_plain_output(tmp_path, capsys):
    source = tmp_path / "article.txt"
    source.write_text(RAW, encoding="utf-8")
    assert cli.main(["explain", str(source)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "\033[" not in "".join(lines)
    assert re.match(r"\s+1\s+story\s+-\s+\| ", lines[0])
    assert re.match(r"\s+2\s+source\s+source\.\w+\s+\| المصدر", lines[1])
    assert re.match(r"\s+3\s+tags\s+tags\.\w+\s+\| كلمات", lines[2])


def test_explain_shows_the_parts_of_a_split_line(tmp_path, capsys):
    source = tmp_path / "article.txt"
    source.write_text(f"{STORY}\nالمصدر وكالات الوسوم الحدائق البلدية", encoding="utf-8")
    assert cli.main(["explain", str(source)]) == 0
    lines = capsys.readouterr().out.splitlines()
    # an edge-only cue is decided once the story's bounds are known: first story, then source
    assert re.match(r"\s+2\s+source\s+source\.label_bare\s+was story\s+\| المصدر وكالات الوسوم", lines[1])
    assert re.match(r"\s+source\s+source\.\w+\s+\|\s+part: 'المصدر وكالات '", lines[2])
    assert re.match(r"\s+tags\s+tags\.\w+\s+\|\s+part: 'الوسوم الحدائق البلدية'", lines[3])


def test_explain_shows_the_first_label_and_the_rule_that_changed_it(tmp_path, capsys):
    source = tmp_path / "article.txt"
    source.write_text(f"{STORY}\nكلمات دلالية: الاقتصاد\nاقرأ أيضا:\nالمصدر: واس", encoding="utf-8")
    assert cli.main(["explain", str(source)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert re.match(r"\s+3\s+read_also\s+read_also\.header\s+\| ", lines[2])  # unchanged: no 'was'
    assert re.match(r"\s+4\s+read_also\s+read_also\.block\s+was source\.label\s+\| المصدر", lines[3])


def test_explain_colour_always(tmp_path, capsys):
    source = tmp_path / "article.txt"
    source.write_text(RAW, encoding="utf-8")
    assert cli.main(["explain", str(source), "--color", "always"]) == 0
    out = capsys.readouterr().out
    assert "\033[33m" in out and out.splitlines()[0].startswith("   1")  # story uncoloured


def test_demo_shows_before_after_and_metadata(capsys):
    assert cli.main(["demo"]) == 0
    out = capsys.readouterr().out
    result = arclean.clean(cli.sample_text())
    assert "=== before (raw) ===" in out and "=== after" in out
    assert result.text in out
    assert "كلمات دلالية" in out.split("=== after")[0]
    assert set(result.removed_by_kind()) >= {"source", "tags", "read_also", "related", "social", "copyright"}
    assert "tags: [" in out


def test_config_default_round_trip(tmp_path, capsys, corpus_file):
    assert cli.main(["config", "--default"]) == 0
    printed = capsys.readouterr().out
    assert arclean.Pipeline.from_config(printed) == arclean.Pipeline.default()
    config = tmp_path / "pipeline.json"
    config.write_text(printed)
    assert cli.main(["config", "--check", str(config)]) == 0
    assert capsys.readouterr().out == printed
    outputs = []
    for extra in ([], ["--config", str(config)]):
        out = tmp_path / f"out{len(extra)}.jsonl"
        assert cli.main(["clean", "--jsonl", str(corpus_file), "-o", str(out), "-q", *extra]) == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_toml_config_changes_the_pipeline(tmp_path, capsys):
    cleaners = ", ".join(f'"{c}"' for c in arclean.Pipeline.default().without("tags").to_config().cleaners)
    config = tmp_path / "pipeline.toml"
    config.write_text(f'cleaners = [{cleaners}]\nrevise = false\n[normalize]\ndigits = "keep"\n', encoding="utf-8")
    source = tmp_path / "article.txt"
    source.write_text(RAW, encoding="utf-8")
    assert cli.main(["clean", str(source), "--config", str(config), "-q"]) == 0
    assert "كلمات دلالية" in capsys.readouterr().out


def test_invalid_config_is_a_clear_error(tmp_path, capsys):
    config = tmp_path / "pipeline.json"
    config.write_text('{"cleaners": ["no_such_cleaner"]}')
    assert cli.main(["config", "--check", str(config)]) == 1
    err = capsys.readouterr().err
    assert "invalid config" in err and "no_such_cleaner" in err


@pytest.mark.parametrize("command", ["clean", "explain", "demo", "config", "eval"])
def test_every_subcommand_has_help_with_examples(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main([command, "--help"])
    assert exit_info.value.code == 0
    assert "examples:" in capsys.readouterr().out


def test_eval_command_is_optional(monkeypatch, capsys):
    monkeypatch.delattr(arclean, "evaluate", raising=False)
    monkeypatch.setitem(sys.modules, "arclean.evaluate", None)  # as if arclean/evaluate.py were absent
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert "clean" in out and "eval" not in out.split("options:")[0]


# -- output to FIFOs and through symlinks -----------------------------------------------------------
def test_output_to_a_fifo_writes_into_it(tmp_path, corpus_file):
    import threading

    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    status = cli.main(["clean", "--jsonl", str(corpus_file), "-o", str(fifo), "-q"])
    reader.join(timeout=30)
    if reader.is_alive():  # nothing was written into the FIFO: release the reader
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert status == 0
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still a FIFO, not replaced by a regular file
    assert received[0].count(b"\n") == 40
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.fifo"]


def test_output_through_a_symlink_replaces_its_target_and_keeps_permissions(tmp_path, corpus_file):
    target = tmp_path / "real.jsonl"
    target.write_text("old\n")
    target.chmod(0o640)
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    assert cli.main(["clean", "--jsonl", str(corpus_file), "-o", str(link), "-q"]) == 0
    assert link.is_symlink() and link.resolve() == target
    assert target.read_bytes().count(b"\n") == 40
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_output_to_dev_fd_writes_to_the_descriptor(tmp_path, corpus_file):
    read_end, write_end = os.pipe()
    process = subprocess.Popen(
        [sys.executable, "-m", "arclean.cli", "clean", "--jsonl", str(corpus_file), "-o", f"/dev/fd/{write_end}", "-q"],
        pass_fds=(write_end,),
        stderr=subprocess.PIPE,
    )
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()  # read while it writes: the output is larger than a pipe's buffer
    assert process.wait(timeout=60) == 0, process.stderr.read()
    assert data.count(b"\n") == 40


# -- workers: errors and signals ----------------------------------------------------------------------
def test_jobs_2_fails_with_the_same_line_and_status_as_jobs_1(bad_file, tmp_path, capsys):
    source, _problem = bad_file
    seen = []
    for jobs in ("1", "2"):
        status = cli.main(["clean", "--jsonl", str(source), "-o", str(tmp_path / "out.jsonl"), "--jobs", jobs])
        seen.append((status, capsys.readouterr().err))
    assert seen[0] == seen[1]
    assert seen[0][0] == 1 and seen[0][1].count("\n") == 1 and f"{source}:3: " in seen[0][1]


def test_record_error_survives_pickling():
    import pickle

    error = pickle.loads(pickle.dumps(RecordError("in.jsonl", 3, "malformed JSON: x", "malformed JSON")))
    assert (str(error), error.line, error.reason) == ("in.jsonl:3: malformed JSON: x", 3, "malformed JSON")


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find worker processes")
def test_sigterm_leaves_no_temp_file_and_no_workers(tmp_path):
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "arclean.cli", "clean", "--jsonl", "-", "-o", str(out), "--jobs", "2", "-q"]
    log = tmp_path.parent / f"{tmp_path.name}.stderr"  # not a pipe: orphaned workers would hold it open
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=log.open("wb"))
    line = (json.dumps({"text": RAW}, ensure_ascii=False) + "\n").encode()
    process.stdin.write(line * 40)  # more than a chunk: workers start; stdin stays open, so the run waits
    process.stdin.flush()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (len(_children(process.pid)) >= 2 and list(tmp_path.iterdir())):
        time.sleep(0.05)
    workers = _children(process.pid)
    assert len(workers) >= 2 and list(tmp_path.iterdir()), "workers and the temp file should exist by now"
    process.send_signal(signal.SIGTERM)
    status = process.wait(timeout=60)
    process.stdin.close()
    time.sleep(0.2)
    orphans = [pid for pid in workers if _alive(pid)]
    for pid in orphans:  # do not leave them behind when the test fails
        os.kill(pid, signal.SIGKILL)
    assert not orphans
    assert list(tmp_path.iterdir()) == []  # no hidden .out.jsonl.*.tmp
    assert status == 128 + signal.SIGTERM
    assert b"terminated" in log.read_bytes()


# -- damaged compressed input ---------------------------------------------------------------------------
def _compressed(tmp_path: Path, suffix: str, data: bytes) -> bytes:
    if suffix == ".gz":
        return gzip.compress(data)
    zstandard = pytest.importorskip("zstandard")
    return zstandard.ZstdCompressor().compress(data)


@pytest.mark.parametrize("suffix", [".gz", ".zst"])
@pytest.mark.parametrize("damage", ["truncated", "corrupt"])
@pytest.mark.parametrize("policy", ["fail", "skip", "keep"])
def test_damaged_compressed_input_fails_in_every_mode(tmp_path, capsys, suffix, damage, policy):
    sample = cli.sample_text()
    data = "".join(json.dumps({"id": i, "text": f"{sample}\n{i}"}, ensure_ascii=False) + "\n" for i in range(300))
    packed = _compressed(tmp_path, suffix, data.encode())
    if damage == "truncated":
        packed = packed[: len(packed) // 2]
    else:
        middle = len(packed) // 2
        packed = packed[:middle] + bytes(b ^ 0x5A for b in packed[middle : middle + 64]) + packed[middle + 64 :]
    source = tmp_path / f"in.jsonl{suffix}"
    source.write_bytes(packed)
    out = tmp_path / "out.jsonl"
    assert cli.main(["clean", "--jsonl", str(source), "-o", str(out), "--on-error", policy, "-q"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    fault = re.search(rf"{re.escape(str(source))}: truncated or corrupt compressed input after [\d,]+ records", err)
    # Corrupt deflate data can decode to garbage before the CRC check fails: under `fail` that
    # garbage may stop the run first, as a bad record on its line.
    assert fault or (damage == "corrupt" and policy == "fail" and f"{source}:" in err)
    assert not out.exists()


def test_multi_frame_zstd_is_read_to_the_end(tmp_path, capsys):
    zstandard = pytest.importorskip("zstandard")
    line = (json.dumps({"text": RAW}, ensure_ascii=False) + "\n").encode()
    compressor = zstandard.ZstdCompressor()
    source = tmp_path / "in.jsonl.zst"
    source.write_bytes(compressor.compress(line * 3) + compressor.compress(line * 4))  # two frames
    assert cli.main(["clean", "--jsonl", str(source), "-o", str(tmp_path / "out.jsonl")]) == 0
    assert summary(capsys.readouterr().err)[:2] == (7, 7)


# -- what --on-error skip|keep reports -----------------------------------------------------------------
def test_skip_names_what_it_skipped_and_counts_reasons(bad_file, tmp_path, capsys):
    source, problem = bad_file
    log = tmp_path / "bad.txt"
    argv = ["clean", "--jsonl", str(source), "-o", str(tmp_path / "out.jsonl"), "--on-error", "skip"]
    assert cli.main([*argv, "--error-log", str(log)]) == 0
    err = capsys.readouterr().err
    assert f"arclean: skipped: {source}:3: " in err and problem in err
    assert "skipped by reason: " in err
    assert log.read_text(encoding="utf-8").startswith(f"{source}:3: ")


def test_max_errors_stops_the_run(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"not json\n" * 3 + (json.dumps({"text": RAW}) + "\n").encode() * 5)
    out = tmp_path / "out.jsonl"
    argv = ["clean", "--jsonl", str(source), "-o", str(out), "--on-error", "keep", "-q"]
    assert cli.main([*argv, "--max-errors", "3"]) == 0
    assert cli.main([*argv, "--max-errors", "2"]) == 1
    assert "more than --max-errors 2 bad records" in capsys.readouterr().err
    assert len(read_jsonl(out)) == 8  # the stopped run left the previous output as it was


def test_a_mistyped_field_is_an_error_not_an_empty_success(tmp_path, corpus_file, capsys):
    out = tmp_path / "out.jsonl"
    assert cli.main(["clean", "--jsonl", str(corpus_file), "-o", str(out), "--field", "txt", "--on-error", "skip"]) == 1
    err = capsys.readouterr().err
    assert "no record was cleaned: all 40 failed" in err and "check --field" in err
    assert "its fields: 'id', 'lang', 'text'" in err


def test_empty_input_is_not_a_failure(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"")
    assert cli.main(["clean", "--jsonl", str(source), "-o", str(tmp_path / "out.jsonl"), "-q"]) == 0


# -- gzip output ---------------------------------------------------------------------------------
def _gzip_members(data: bytes) -> list[bytes]:
    import zlib

    members = []
    while data:
        decompressor = zlib.decompressobj(31)
        members.append(data[: len(data) - len(decompressor.unused_data or b"")])
        decompressor.decompress(data)
        members[-1] = data[: len(data) - len(decompressor.unused_data)]
        data = decompressor.unused_data
    return members


def test_gzip_output_is_level_6_reproducible_and_the_same_for_any_jobs(tmp_path, corpus_file):
    outputs = []
    for jobs in ("1", "2", "1"):
        out = tmp_path / f"out{len(outputs)}.jsonl.gz"
        assert cli.main(["clean", "--jsonl", str(corpus_file), "-o", str(out), "--jobs", jobs, "-q"]) == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    for member in _gzip_members(outputs[0]):
        assert member[4:8] == b"\0\0\0\0"  # mtime 0: the same input gives the same bytes
        assert member[8] == 0  # XFL: 2 would mean level 9, 4 level 1
    plain = tmp_path / "plain.jsonl"
    assert cli.main(["clean", "--jsonl", str(corpus_file), "-o", str(plain), "-q"]) == 0
    assert gzip.decompress(outputs[0]) == plain.read_bytes()


def test_compression_level(tmp_path, corpus_file, capsys):
    sizes = {}
    for level in ("1", "9"):
        out = tmp_path / f"out{level}.jsonl.gz"
        assert cli.main(["clean", "--jsonl", str(corpus_file), "-o", str(out), "--compression-level", level, "-q"]) == 0
        assert _gzip_members(out.read_bytes())[0][8] == (4 if level == "1" else 2)
        sizes[level] = out.stat().st_size
    assert sizes["9"] < sizes["1"]
    with pytest.raises(SystemExit):
        cli.main(["clean", "--jsonl", str(corpus_file), "-o", str(tmp_path / "x.jsonl.gz"), "--compression-level", "12"])
    assert "1 to 9" in capsys.readouterr().err


def test_plain_text_gzip_output_is_reproducible(tmp_path):
    source = tmp_path / "article.txt"
    source.write_text(RAW, encoding="utf-8")
    out = tmp_path / "article.txt.gz"
    assert cli.main(["clean", str(source), "-o", str(out), "-q"]) == 0
    assert out.read_bytes()[4:8] == b"\0\0\0\0" and gzip.decompress(out.read_bytes()) == (STORY + "\n").encode()


# -- strict JSON in, strict JSON out ---------------------------------------------------------------
def _strict(line: bytes) -> dict:
    def reject(name: str) -> None:
        raise ValueError(name)

    return json.loads(line, parse_constant=reject)


def test_a_bom_on_line_1_is_accepted(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\xef\xbb\xbf" + (json.dumps({"text": RAW}) + "\n").encode() * 2)
    out = tmp_path / "out.jsonl"
    assert cli.main(["clean", "--jsonl", str(source), "-o", str(out)]) == 0
    assert summary(capsys.readouterr().err) == (2, 2, 0, 0, 0)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_nan_and_infinity_are_never_written(tmp_path, capsys, value):
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"score": ' + value.encode() + b', "text": "' + RAW.encode() + b'"}\n')
    out = tmp_path / "out.jsonl"
    assert cli.main(["clean", "--jsonl", str(source), "-o", str(out)]) == 1
    assert f"{source}:1: malformed JSON" in capsys.readouterr().err
    assert cli.main(["clean", "--jsonl", str(source), "-o", str(out), "--on-error", "keep", "-q"]) == 1
    row = _strict(out.read_bytes().splitlines()[0])  # raises on NaN/Infinity
    assert "malformed JSON" in row["arclean"]["error"]


def test_replace_surrogates(tmp_path):
    source = tmp_path / "in.jsonl"
    escaped = json.dumps(RAW, ensure_ascii=False)[1:-1].encode()
    source.write_bytes(b'{"text": "' + escaped + b' \\ud800", "note": "\\udfff x"}\n')
    out = tmp_path / "out.jsonl"
    assert cli.main(["clean", "--jsonl", str(source), "-o", str(out), "-q"]) == 0
    assert b"\\udfff" in out.read_bytes()  # by default: kept, as an escape
    assert cli.main(["clean", "--jsonl", str(source), "-o", str(out), "-q", "--replace-surrogates"]) == 0
    row = json.loads(out.read_bytes().decode("utf-8"))
    assert row["note"] == "\ufffd x" and "\\u" not in out.read_text(encoding="utf-8")


def test_error_messages_use_json_names(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    lines = [b'{"text": null}', b'{"text": []}', b'{"text": {}}', b'{"text": true}', b'{"text": 1.5}', b'"text"']
    lines.append(b'{"text": "a\tb"}')  # a raw control character
    source.write_bytes(b"\n".join(lines) + b"\n")
    log = tmp_path / "bad.txt"
    argv = ["clean", "--jsonl", str(source), "-o", str(tmp_path / "o.jsonl"), "--on-error", "skip"]
    assert cli.main([*argv, "--error-log", str(log), "-q"]) == 1
    problems = [line.split(": ", 1)[1] for line in log.read_text().splitlines()]
    assert problems == [
        "field 'text' is null, expected a string",
        "field 'text' is an array, expected a string",
        "field 'text' is an object, expected a string",
        "field 'text' is a boolean, expected a string",
        "field 'text' is a number, expected a string",
        "expected a JSON object, got a string",
        "malformed JSON: Invalid control character at column 12",
    ]
    for problem in problems:
        words = problem.split()
        assert all(a != b for a, b in itertools.pairwise(words)), problem  # no doubled words
        assert not re.search(r"\b(NoneType|list|dict|bool|float|int|str)\b", problem), problem


# -- explain: stdin and one JSONL record ----------------------------------------------------------
def test_explain_reads_stdin():
    done = subprocess.run(
        [sys.executable, "-m", "arclean.cli", "explain", "--color", "never"], input=RAW.encode(), capture_output=True
    )
    assert done.returncode == 0, done.stderr
    assert re.match(r"\s+2\s+source\s", done.stdout.decode().splitlines()[1])


def test_explain_one_jsonl_record_by_line_or_id(tmp_path, capsys):
    source = tmp_path / "in.jsonl.gz"
    rows = [{"id": "a/1", "raw": STORY}, {"id": "a/2", "raw": RAW}, {"id": 3, "raw": STORY}]
    source.write_bytes(gzip.compress("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()))
    for pick in (["--line", "2"], ["--id", "a/2"]):
        assert cli.main(["explain", str(source), "--field", "raw", *pick]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert len(lines) == 3 and "source" in lines[1]
    assert cli.main(["explain", str(source), "--field", "raw", "--id", "3"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert cli.main(["explain", str(source), "--field", "raw", "--id", "a/9"]) == 1
    assert f"{source}: no record with 'id' = 'a/9'" in capsys.readouterr().err
    assert cli.main(["explain", str(source), "--line", "9"]) == 1
    assert f"{source}: no record on line 9" in capsys.readouterr().err
    assert cli.main(["explain", str(source)]) == 1
    assert "--line N or --id ID" in capsys.readouterr().err


# -- many files ---------------------------------------------------------------------------------
def _shards(directory: Path, records: list[dict]) -> list[Path]:
    directory.mkdir()
    paths = []
    for index in range(3):
        path = directory / f"part-{index}.jsonl.gz"
        chunk = records[index::3]
        path.write_bytes(gzip.compress("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chunk).encode()))
        paths.append(path)
    (directory / "README.md").write_text("not a shard")
    return paths


@pytest.mark.parametrize("how", ["glob", "directory", "files"])
def test_many_inputs_one_output_each_with_a_summary_over_all(tmp_path, records, capsys, how):
    shards = _shards(tmp_path / "shards", records)
    inputs = {"glob": [str(tmp_path / "shards" / "*.jsonl.gz")], "directory": [str(tmp_path / "shards")]}
    outdir = tmp_path / "clean"
    argv = ["clean", "--jsonl", *inputs.get(how, [str(p) for p in shards]), "-o", f"{outdir}/", "--jobs", "2"]
    assert cli.main(argv) == 0
    assert sorted(p.name for p in outdir.iterdir()) == ["part-0.jsonl.gz", "part-1.jsonl.gz", "part-2.jsonl.gz"]
    for shard in shards:
        expected = [arclean.clean(json.loads(line)["text"]).text for line in gzip.decompress(shard.read_bytes()).splitlines()]
        assert [row["text"] for row in read_jsonl(outdir / shard.name)] == expected
    err = capsys.readouterr().err
    assert "3 files, 40 records read, 40 cleaned" in err
    assert summary(err) == (40, 40, 0, 0, 0)


def test_many_inputs_keep_subdirectories_and_refuse_clobbering(tmp_path, records, capsys):
    nested = tmp_path / "shards" / "site-a"
    nested.parent.mkdir()
    _shards(nested, records)
    out = tmp_path / "clean"
    assert cli.main(["clean", "--jsonl", str(tmp_path / "shards"), "-o", str(out), "-q"]) == 0
    assert (out / "site-a" / "part-2.jsonl.gz").exists()
    assert cli.main(["clean", "--jsonl", str(tmp_path / "shards"), "-o", str(tmp_path / "shards"), "-q"]) == 1
    assert "overwritten by its own output" in capsys.readouterr().err
    assert cli.main(["clean", "--jsonl", str(tmp_path / "nothing-*.jsonl"), "-o", str(out), "-q"]) == 1
    assert "no file matches" in capsys.readouterr().err


def test_compression_level_is_checked_per_output_of_a_directory_run(tmp_path, records, capsys):
    _shards(tmp_path / "shards", records)
    out = tmp_path / "clean"
    argv = ["clean", "--jsonl", str(tmp_path / "shards"), "-o", str(out), "-q", "--compression-level"]
    assert cli.main([*argv, "9"]) == 0
    assert _gzip_members((out / "part-0.jsonl.gz").read_bytes())[0][8] == 2  # XFL 2: level 9
    with pytest.raises(SystemExit):
        cli.main([*argv, "19"])  # a zstd level, but these outputs are gzip
    assert "for gzip" in capsys.readouterr().err


def test_explain_id_matches_an_escaped_id(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "خبر/1", "text": RAW}, ensure_ascii=True) + "\n", encoding="utf-8")
    assert cli.main(["explain", str(source), "--id", "خبر/1"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
