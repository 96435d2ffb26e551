"""arclean inside datatrove (local and Ray executors) and Hugging Face datasets; pickling.

Each test skips when its optional package is absent, so the default suite needs none of them.
"""

from __future__ import annotations

import gzip
import json
import pickle
import re
from pathlib import Path

import pytest

import arclean
from arclean import cli

STORY = "أعلنت البلدية اليوم عن خطة جديدة لتوسيع الحدائق العامة في الأحياء الشمالية من المدينة خلال العامين المقبلين."
RAW = f"{STORY}\nالمصدر: وكالة الأنباء\nكلمات دلالية: الحدائق، البلدية"


def documents(count: int = 12) -> list[dict]:
    sample = cli.sample_text()
    return [{"id": str(i), "text": RAW if i % 2 else sample} for i in range(count)]


def write_shards(folder: Path, records: list[dict], shards: int = 2) -> None:
    """The records split over ``shards`` JSONL files (datatrove gives each task its own files)."""
    folder.mkdir()
    for shard in range(shards):
        rows = records[shard::shards]
        (folder / f"part{shard}.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
        )


def read_output(folder: Path) -> dict[str, dict]:
    rows = {}
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                rows[row["id"]] = row
    return rows


def check_cleaned(rows: dict[str, dict], records: list[dict]) -> None:
    assert sorted(rows) == sorted(r["id"] for r in records)
    for record in records:
        expected = arclean.clean(record["text"])
        row = rows[record["id"]]
        assert row["text"] == expected.text
        assert row["metadata"]["arclean"]["metadata"] == expected.metadata.model_dump(mode="json")
        assert row["metadata"]["arclean"]["removed_by_kind"] == expected.removed_by_kind()


# -- pickling ---------------------------------------------------------------------------------------
def test_pipeline_pickles_to_an_equal_pipeline():
    pipeline = arclean.Pipeline.default().without("social").with_options(digits="keep")
    copy = pickle.loads(pickle.dumps(pipeline))
    assert copy == pipeline
    assert copy.clean(RAW) == pipeline.clean(RAW)


def test_datatrove_step_pickles():
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    from arclean.integrations.datatrove import ArcleanCleaner

    step = ArcleanCleaner(arclean.Pipeline.default().without("social").to_config(), store_spans=True)
    copy = pickle.loads(pickle.dumps(step))
    assert copy.pipeline == step.pipeline and copy.store_spans
    [doc] = copy.run([Document(text=RAW, id="1")])
    assert doc.text == STORY
    assert [span["kind"] for span in doc.metadata["arclean"]["removed"]] == ["source", "tags"]


def test_datatrove_step_counts_and_drops_empty_documents():
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    from arclean.integrations.datatrove import ArcleanCleaner

    step = ArcleanCleaner(drop_empty=True, raw_text_key="raw")
    kept = list(step.run([Document(text=RAW, id="1"), Document(text="المصدر: واس", id="2")]))
    assert [doc.id for doc in kept] == ["1"]
    assert kept[0].metadata["raw"] == RAW
    stats = step.stats.to_dict()["stats"]
    assert stats["removed_source"] == 2
    assert stats["removed_tags"] == 1
    assert "emptied" not in stats  # dropped, so counted under datatrove's names instead


def test_datatrove_step_counts_under_datatroves_stat_names():
    pytest.importorskip("datatrove")
    from datatrove.data import Document
    from datatrove.utils.typeshelper import StatHints

    from arclean.integrations.datatrove import ArcleanCleaner

    docs = [Document(text=RAW, id="1"), Document(text="المصدر: واس", id="2"), Document(text=STORY, id="3")]
    dropping = ArcleanCleaner(drop_empty=True)
    assert [doc.id for doc in dropping.run(docs)] == ["1", "3"]
    stats = {name: value.total for name, value in dropping.stats.stats.items()}
    assert stats[StatHints.total] == 3
    assert stats[StatHints.forwarded] == 2
    assert stats[StatHints.dropped] == 1
    assert stats["dropped_empty"] == 1
    assert stats["doc_len"] == 2 * len(STORY)  # datatrove's per-document length, for forwarded documents

    keeping = ArcleanCleaner()
    docs = [Document(text="المصدر: واس", id="2"), Document(text=STORY, id="3")]
    assert [doc.text for doc in keeping.run(docs)] == ["", STORY]
    stats = {name: value.total for name, value in keeping.stats.stats.items()}
    assert (stats[StatHints.total], stats[StatHints.forwarded], stats["emptied"]) == (2, 2, 1)
    assert StatHints.dropped not in stats


def test_datatrove_exclusion_writer_gets_dropped_documents_with_their_original_text(tmp_path):
    pytest.importorskip("datatrove")
    from datatrove.data import Document
    from datatrove.pipeline.writers import JsonlWriter

    from arclean.integrations.datatrove import ArcleanCleaner

    step = ArcleanCleaner(drop_empty=True, exclusion_writer=JsonlWriter(str(tmp_path / "dropped")))
    kept = list(step.run([Document(text=RAW, id="1"), Document(text="المصدر: واس", id="2")]))
    assert [doc.id for doc in kept] == ["1"]
    [dropped] = read_output(tmp_path / "dropped").values()
    assert dropped["id"] == "2"
    assert dropped["text"] == "المصدر: واس"  # what was dropped, not the empty clean text
    assert dropped["metadata"]["filter_reason"] == "empty"
    assert dropped["metadata"]["arclean"]["removed_by_kind"] == {"source": 1}


class BrokenPipeline:
    """Stands in for a pipeline with a bug: raises on one document."""

    def clean(self, text: str) -> arclean.CleanResult:
        if text.startswith("boom"):
            raise RuntimeError("a cleaner crashed")
        return arclean.clean(text)


def test_datatrove_on_error_fail_names_the_document():
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    from arclean.integrations.datatrove import ArcleanCleaner, DocumentError

    step = ArcleanCleaner()
    step.pipeline = BrokenPipeline()
    with pytest.raises(DocumentError, match=r"document '7' \(shard\.jsonl\): cleaning failed: RuntimeError: a cleaner crashed"):
        list(step.run([Document(text="boom", id="7", metadata={"file_path": "shard.jsonl"})]))
    error = DocumentError("document '7'", "text is number, expected a string")
    assert str(pickle.loads(pickle.dumps(error))) == str(error)  # crosses to the executor's parent intact
    with pytest.raises(ValueError, match="on_error must be one of 'fail', 'skip', 'keep', not 'ignore'"):
        ArcleanCleaner(on_error="ignore")


def test_datatrove_on_error_skip_and_keep_do_not_fail_the_task(tmp_path):
    pytest.importorskip("datatrove")
    from datatrove.data import Document
    from datatrove.pipeline.writers import JsonlWriter

    from arclean.integrations.datatrove import ArcleanCleaner

    def batch() -> list:
        return [Document(text="boom", id="1"), Document(text=["not", "text"], id="2"), Document(text=RAW, id="3")]

    skipping = ArcleanCleaner(on_error="skip", exclusion_writer=JsonlWriter(str(tmp_path / "dropped")))
    skipping.pipeline = BrokenPipeline()
    assert [doc.text for doc in skipping.run(batch())] == [STORY]
    stats = {name: value.total for name, value in skipping.stats.stats.items()}
    assert (stats["total"], stats["forwarded"], stats["dropped"], stats["dropped_error"], stats["errors"]) == (3, 1, 2, 2, 2)
    dropped = read_output(tmp_path / "dropped")
    assert dropped["1"]["text"] == "boom"
    assert dropped["1"]["metadata"]["filter_reason"] == "error"
    assert dropped["1"]["metadata"]["arclean"]["error"] == "document '1': cleaning failed: RuntimeError: a cleaner crashed"
    assert dropped["2"]["metadata"]["arclean"]["error"] == "document '2': text is array, expected a string"

    keeping = ArcleanCleaner(on_error="keep")
    keeping.pipeline = BrokenPipeline()
    docs = list(keeping.run(batch()))
    assert [doc.text for doc in docs] == ["boom", ["not", "text"], STORY]
    assert docs[1].metadata["arclean"] == {"error": "document '2': text is array, expected a string"}
    assert keeping.stats["errors"].total == 2 and keeping.stats["forwarded"].total == 3


def test_datatrove_on_error_skip_inside_an_executor(tmp_path):
    pytest.importorskip("datatrove")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from arclean.integrations.datatrove import ArcleanCleaner

    records = [*documents(4), {"id": "bad", "text": ["a", "list"]}]  # datatrove's reader passes it on
    write_shards(tmp_path / "in", records, shards=1)
    pipeline = [
        JsonlReader(str(tmp_path / "in")),
        ArcleanCleaner(on_error="skip", exclusion_writer=JsonlWriter(str(tmp_path / "dropped"))),
        JsonlWriter(str(tmp_path / "out")),
    ]
    stats = LocalPipelineExecutor(pipeline=pipeline, tasks=1, logging_dir=str(tmp_path / "logs")).run()
    check_cleaned(read_output(tmp_path / "out"), records[:4])
    [dropped] = read_output(tmp_path / "dropped").values()
    assert dropped["text"] == ["a", "list"]
    assert dropped["metadata"]["arclean"]["error"].endswith("in/part0.jsonl): text is array, expected a string")
    assert "dropped_error" in stats.to_json()


# -- datatrove executors ------------------------------------------------------------------------------
def datatrove_pipeline(source: Path, target: Path) -> list:
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from arclean.integrations.datatrove import ArcleanCleaner

    return [JsonlReader(str(source)), ArcleanCleaner(), JsonlWriter(str(target))]


def test_datatrove_local_executor_two_tasks(tmp_path):
    pytest.importorskip("datatrove")
    from datatrove.executor import LocalPipelineExecutor

    records = documents()
    write_shards(tmp_path / "in", records)
    executor = LocalPipelineExecutor(
        pipeline=datatrove_pipeline(tmp_path / "in", tmp_path / "out"),
        tasks=2,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
    )
    stats = executor.run()
    check_cleaned(read_output(tmp_path / "out"), records)
    assert len(list((tmp_path / "out").glob("*.jsonl.gz"))) == 2
    assert "removed_tags" in stats.to_json()


def test_datatrove_ray_executor(tmp_path):
    pytest.importorskip("datatrove")
    ray = pytest.importorskip("ray")
    from datatrove.executor.ray import RayPipelineExecutor

    records = documents()
    write_shards(tmp_path / "in", records)
    ray.init(num_cpus=2, include_dashboard=False, ignore_reinit_error=True, log_to_driver=False)
    try:
        executor = RayPipelineExecutor(
            pipeline=datatrove_pipeline(tmp_path / "in", tmp_path / "out"),
            tasks=2,
            workers=2,
            logging_dir=str(tmp_path / "logs"),
            mem_per_cpu_gb=0.5,
        )
        executor.run()
    finally:
        ray.shutdown()
    check_cleaned(read_output(tmp_path / "out"), records)


# -- Hugging Face datasets -------------------------------------------------------------------------------
def test_hf_batch_cleaner_pickles():
    from arclean.integrations.hf import batch_cleaner

    cleaner = pickle.loads(pickle.dumps(batch_cleaner(text_column="raw", output_column="text")))
    columns = cleaner({"raw": [RAW]})
    assert columns["text"] == [STORY]
    assert columns["arclean_metadata"][0]["tags"] == ["الحدائق", "البلدية"]


def test_hf_datasets_map_num_proc_2():
    datasets = pytest.importorskip("datasets")
    from arclean.integrations.hf import batch_cleaner

    records = [*documents(), {"id": "plain", "text": STORY}]  # no metadata at all: all-empty lists
    dataset = datasets.Dataset.from_list(records)
    cleaner = batch_cleaner(text_column="text", output_column="clean", spans=True)
    mapped = dataset.map(cleaner, batched=True, batch_size=4, num_proc=2, features=cleaner.features(dataset.features))
    assert mapped.column_names == [
        "id",
        "text",
        "clean",
        "arclean_removed_chars",
        "arclean_removed_by_kind",
        "arclean_metadata",
        "arclean_removed",
    ]
    for record, row in zip(records, mapped, strict=True):
        expected = arclean.clean(record["text"])
        assert row["text"] == record["text"]
        assert row["clean"] == expected.text
        assert row["arclean_metadata"] == expected.metadata.model_dump(mode="json")
        assert [span["kind"] for span in row["arclean_removed"]] == [r.kind for r in expected.removed]


def test_hf_map_without_features_replacing_the_text_column():
    datasets = pytest.importorskip("datasets")
    from arclean.integrations.hf import batch_cleaner

    dataset = datasets.Dataset.from_list(documents(6))
    mapped = dataset.map(batch_cleaner(metadata=False), batched=True, num_proc=2)
    assert mapped["text"] == [arclean.clean(r["text"]).text for r in documents(6)]
    assert "arclean_metadata" not in mapped.column_names


def test_hf_clean_dataset_types_columns_even_when_a_batch_has_no_metadata():
    datasets = pytest.importorskip("datasets")
    from arclean.integrations.hf import clean_dataset

    records = [{"text": STORY}] * 4 + [{"text": RAW}] * 4  # first batch: every metadata list empty
    mapped = clean_dataset(datasets.Dataset.from_list(records), batch_size=4, num_proc=2)
    assert mapped["arclean_metadata"][-1]["tags"] == ["الحدائق", "البلدية"]
    assert mapped["arclean_metadata"][0]["tags"] == []


def test_hf_fingerprint_is_stable_and_follows_the_config():
    pytest.importorskip("datasets")
    from datasets.fingerprint import Hasher

    from arclean.integrations.hf import batch_cleaner

    assert Hasher.hash(batch_cleaner()) == Hasher.hash(batch_cleaner())  # datasets' cache is reused
    other = arclean.Pipeline.default().without("social").to_config()
    assert Hasher.hash(batch_cleaner(other)) != Hasher.hash(batch_cleaner())


def test_hf_removed_by_kind_column():
    datasets = pytest.importorskip("datasets")
    from arclean.integrations.hf import clean_dataset

    records = documents(4)
    mapped = clean_dataset(datasets.Dataset.from_list(records), batch_size=2)
    for record, row in zip(records, mapped, strict=True):
        counts = {entry["kind"]: entry["count"] for entry in row["arclean_removed_by_kind"]}
        assert counts == arclean.clean(record["text"]).removed_by_kind()
    assert mapped.features["arclean_removed_by_kind"].feature == {
        "kind": datasets.Value("string"),
        "count": datasets.Value("int64"),
    }


def null_row_dataset():
    datasets = pytest.importorskip("datasets")
    return datasets.Dataset.from_list([{"id": str(i), "text": None if i == 3 else RAW} for i in range(6)])


def test_hf_null_row_fails_naming_its_index():
    pytest.importorskip("datasets")
    from arclean.integrations.hf import RowError, clean_dataset

    with pytest.raises(RowError, match=r"^row 3: column 'text' is null, expected a string$"):
        clean_dataset(null_row_dataset(), batch_size=2, num_proc=2)  # the error crosses from the worker intact


def test_hf_null_row_skipped_and_logged(caplog):
    pytest.importorskip("datasets")
    from arclean.integrations.hf import clean_dataset

    with caplog.at_level("WARNING", logger="arclean"):
        mapped = clean_dataset(null_row_dataset(), on_error="skip", batch_size=4)
    assert mapped["id"] == ["0", "1", "2", "4", "5"]
    assert mapped["text"] == [STORY] * 5
    assert "row 3: column 'text' is null, expected a string; skipped" in caplog.messages


def test_hf_null_row_kept_with_its_error():
    pytest.importorskip("datasets")
    from arclean.integrations.hf import clean_dataset

    mapped = clean_dataset(null_row_dataset(), on_error="keep", batch_size=4, num_proc=2)
    assert mapped["text"] == [STORY, STORY, STORY, None, STORY, STORY]
    assert mapped["arclean_error"] == [None, None, None, "row 3: column 'text' is null, expected a string", None, None]
    assert mapped["arclean_removed_by_kind"][3] == []


def test_hf_batch_cleaner_names_the_batch_row_without_indices():
    from arclean.integrations.hf import RowError, batch_cleaner

    with pytest.raises(RowError, match=r"^row 1 of its batch: column 'text' is number, expected a string$"):
        batch_cleaner()({"text": [RAW, 5]})
    with pytest.raises(RowError, match=r"^batch: no column 'text' \(columns: 'raw'\)$"):
        batch_cleaner()({"raw": [RAW]})
    with pytest.raises(ValueError, match="on_error must be one of"):
        batch_cleaner(on_error="drop")


def test_hf_clean_dataset_text_column_and_dataset_dict():
    datasets = pytest.importorskip("datasets")
    from arclean.integrations.hf import batch_cleaner, clean_dataset

    split = datasets.Dataset.from_list([{"raw": RAW}, {"raw": STORY}])
    mapped = clean_dataset(datasets.DatasetDict(train=split, test=split.select([0])), text_column="raw", output_column="text")
    assert isinstance(mapped, datasets.DatasetDict)
    assert mapped["train"]["text"] == [STORY, STORY] and mapped["test"]["text"] == [STORY]
    assert mapped["train"]["raw"] == [RAW, STORY]

    with pytest.raises(ValueError, match=r"^dataset has no column 'text' \(columns: 'raw'\); pass text_column="):
        clean_dataset(split)
    with pytest.raises(TypeError, match="either a cleaner or batch_cleaner options"):
        clean_dataset(split, batch_cleaner(text_column="raw"), text_column="raw")


def test_hf_fingerprint_covers_arclean_version_and_data_files(tmp_path, monkeypatch):
    pytest.importorskip("datasets")
    from datasets.fingerprint import Hasher

    from arclean import integrations
    from arclean.integrations.hf import batch_cleaner

    before = Hasher.hash(batch_cleaner())
    monkeypatch.setattr(arclean, "__version__", "99.0")
    assert Hasher.hash(batch_cleaner()) != before
    monkeypatch.undo()

    copy = tmp_path / "data"
    copy.mkdir()
    for source in (Path(arclean.__file__).parent / "data").iterdir():
        (copy / source.name).write_bytes(source.read_bytes())
    assert integrations.data_digest(copy) == integrations.data_digest()  # it reads the package's data files
    cues = copy / "cues.toml"
    cues.write_bytes(cues.read_bytes() + b"\n")
    assert integrations.data_digest(copy) != integrations.data_digest()
    monkeypatch.setattr(integrations, "data_digest", lambda: "edited")
    assert Hasher.hash(batch_cleaner()) != before


# -- docs/integrations.md --------------------------------------------------------------------------------
def test_integrations_doc_examples_run(tmp_path, monkeypatch):
    """Every ```python block of docs/integrations.md runs, in order, in an empty folder (```py blocks need a cluster)."""
    pytest.importorskip("datatrove")
    pytest.importorskip("datasets")
    text = (Path(__file__).resolve().parents[1] / "docs" / "integrations.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE)
    assert len(blocks) >= 2
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "docs/integrations.md", "exec"), namespace)


def test_hf_clean_dataset_streams_an_iterable_dataset():
    pytest.importorskip("datasets")
    from arclean.integrations.hf import clean_dataset

    streamed = null_row_dataset().to_iterable_dataset()
    mapped = clean_dataset(streamed, on_error="keep", batch_size=4)
    rows = list(mapped)
    assert [row["text"] for row in rows] == [STORY, STORY, STORY, None, STORY, STORY]
    assert rows[3]["arclean_error"] == "row 3: column 'text' is null, expected a string"
    assert mapped.features["arclean_removed_chars"].dtype == "int64"
