"""arclean inside datatrove (local and Ray executors) and Hugging Face datasets; pickling.

Each test skips when its optional package is absent, so the default suite needs none of them.
"""

from __future__ import annotations

import gzip
import json
import pickle
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
    assert stats["documents"] == 2
    assert stats["emptied"] == 1
    assert stats["removed_source"] == 2
    assert stats["removed_tags"] == 1


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
    assert mapped.column_names == ["id", "text", "clean", "arclean_removed_chars", "arclean_metadata", "arclean_removed"]
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
