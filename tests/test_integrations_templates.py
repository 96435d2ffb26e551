"""Corpus mode in datatrove (two passes, local and Ray executors) and Hugging Face datasets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("hypothesis")

import arclean
from arclean.templates import SiteTemplates
from arclean.testing.sites import site_crawl
from tests.test_integrations import read_output

CRAWL = site_crawl(pages=120, sites=2, seed=9)


def write_shards(folder: Path, shards: int = 2) -> None:
    folder.mkdir()
    for shard in range(shards):
        rows = [{"id": str(n), "text": p.text, "url": p.url} for n, p in enumerate(CRAWL) if n % shards == shard]
        (folder / f"part{shard}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


def pipelines(tmp_path: Path) -> tuple[list, list]:
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from arclean.integrations.datatrove import ArcleanCleaner
    from arclean.integrations.datatrove_templates import ArcleanTemplateLearner

    learn = [JsonlReader(str(tmp_path / "in")), ArcleanTemplateLearner(str(tmp_path / "templates"), url_key="url")]
    clean = [
        JsonlReader(str(tmp_path / "in")),
        ArcleanCleaner(templates=str(tmp_path / "templates"), url_key="url"),
        JsonlWriter(str(tmp_path / "out")),
    ]
    return learn, clean


def check(tmp_path: Path) -> None:
    expected = SiteTemplates.learn((page.url, page.text) for page in CRAWL)
    from arclean.integrations.datatrove_templates import load_templates, write_templates

    assert load_templates(str(tmp_path / "templates")) == expected  # two tasks' states merge exactly
    assert write_templates(str(tmp_path / "templates")) == SiteTemplates.load(tmp_path / "templates" / "sites.json")
    pipeline = arclean.Pipeline.default().with_templates(expected)
    rows = read_output(tmp_path / "out")
    assert len(rows) == len(CRAWL)
    for number, page in enumerate(CRAWL):
        assert rows[str(number)]["text"] == pipeline.clean(page.text, site=page.url).text
    assert any(line not in rows["0"]["text"] for line in CRAWL[0].template)


def test_datatrove_two_passes_local_executor(tmp_path):
    pytest.importorskip("datatrove")
    from datatrove.executor import LocalPipelineExecutor

    write_shards(tmp_path / "in")
    learn, clean = pipelines(tmp_path)
    LocalPipelineExecutor(learn, tasks=2, workers=2, logging_dir=str(tmp_path / "logs-learn")).run()
    LocalPipelineExecutor(clean, tasks=2, workers=2, logging_dir=str(tmp_path / "logs-clean")).run()
    check(tmp_path)


def test_datatrove_one_task_writes_the_template_file(tmp_path):
    pytest.importorskip("datatrove")
    from datatrove.executor import LocalPipelineExecutor

    write_shards(tmp_path / "in", shards=1)
    learn, _ = pipelines(tmp_path)
    LocalPipelineExecutor(learn, tasks=1, logging_dir=str(tmp_path / "logs")).run()
    assert SiteTemplates.load(tmp_path / "templates" / "sites.json") == SiteTemplates.learn(
        (page.url, page.text) for page in CRAWL
    )


def test_datatrove_two_passes_ray_executor(tmp_path):
    pytest.importorskip("datatrove")
    ray = pytest.importorskip("ray")
    from datatrove.executor.ray import RayPipelineExecutor

    write_shards(tmp_path / "in")
    learn, clean = pipelines(tmp_path)
    ray.init(num_cpus=2, include_dashboard=False, ignore_reinit_error=True, log_to_driver=False)
    try:
        for steps, logs in ((learn, "logs-learn"), (clean, "logs-clean")):
            RayPipelineExecutor(steps, tasks=2, workers=2, logging_dir=str(tmp_path / logs), mem_per_cpu_gb=0.5).run()
    finally:
        ray.shutdown()
    check(tmp_path)


def test_hf_map_with_templates_num_proc_2(tmp_path):
    datasets = pytest.importorskip("datasets")
    from arclean.integrations.hf import batch_cleaner, clean_dataset

    templates = SiteTemplates.learn((page.site, page.text) for page in CRAWL)
    templates.save(tmp_path / "sites.json")
    rows = {"text": [p.text for p in CRAWL[:40]], "site": [p.site for p in CRAWL[:40]]}
    dataset = datasets.Dataset.from_dict(rows)
    cleaner = batch_cleaner(templates=str(tmp_path / "sites.json"), site_column="site", spans=True)
    mapped = clean_dataset(dataset, cleaner, num_proc=2)
    pipeline = arclean.Pipeline.default().with_templates(templates)
    assert mapped["text"] == [pipeline.clean(t, site=s).text for t, s in zip(rows["text"], rows["site"], strict=True)]
    assert any(r["rule"].startswith("template.") for r in mapped["arclean_removed"][0])
