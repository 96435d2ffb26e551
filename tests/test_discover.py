"""arclean discover: per-site kept lines that look like boilerplate, from an unlabelled crawl."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from arclean.cli import main
from arclean.discover import discover

STORY = "أعلنت الهيئة اليوم عن {} جديدة لتطوير الخدمات في المدينة خلال العام المقبل بالتعاون مع القطاع الخاص."
TOPICS = ["خطة", "مبادرة", "حزمة", "استراتيجية", "رؤية"]


def pages(site: str, tail: str) -> list[dict]:
    return [{"id": f"{site}/{n}", "site": site, "text": STORY.format(topic) + "\n" + tail} for n, topic in enumerate(TOPICS)]


def test_a_kept_line_on_many_pages_is_reported_with_its_signals() -> None:
    report = discover(pages("a.example", "نشرة المساء مع فريق التحرير") + pages("b.example", "المصدر: وكالات"), min_pages=3)
    found = report["a.example"].lines
    assert [(f.text, f.pages, f.tail) for f in found] == [("نشرة المساء مع فريق التحرير", 5, 5)]
    assert found[0].examples == ["a.example/0", "a.example/1", "a.example/2"]
    assert report["b.example"].lines == []  # removed lines are not findings


def test_a_template_is_found_by_its_opening() -> None:
    records = [
        {"id": str(n), "site": "s", "text": STORY.format(topic) + f"\nمع تحيات {name}"}
        for n, (topic, name) in enumerate(zip(TOPICS, ["سامي", "هالة", "كريم", "ليلى", "نادر"], strict=True))
    ]
    openings = discover(records, min_pages=3)["s"].openings
    assert [(f.text, f.pages) for f in openings] == [("مع تحيات …", 5)]


def test_a_one_off_edge_line_with_a_concepts_words_is_reported() -> None:
    # the opening words of an author line, but a name that is not name-shaped: kept, and shown
    line = "بقلم الكاتب والباحث في الشؤون السياسية سعيد ناصر"
    found = discover([{"id": "1", "site": "s", "text": STORY.format("خطة") + "\n" + line}])["s"].concept_lines
    assert [(f.text, f.tail) for f in found] == [(line, 1)]
    assert {"concept.author_bare", "concept.author_intro"} <= found[0].concepts


def test_the_command_reads_a_gzipped_crawl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    crawl = tmp_path / "crawl.jsonl.gz"
    with gzip.open(crawl, "wt", encoding="utf-8") as handle:
        for record in pages("a.example", "نشرة المساء مع فريق التحرير"):
            handle.write(
                json.dumps({"domain": record["site"], "id": record["id"], "text": record["text"]}, ensure_ascii=False) + "\n"
            )
    assert main(["discover", str(crawl), "--site-field", "domain", "--min-pages", "2"]) == 0
    out = capsys.readouterr().out
    assert "== a.example: 5 pages" in out and "نشرة المساء مع فريق التحرير" in out
    assert main(["discover", str(crawl), "--site-field", "domain", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["a.example"]["lines"][0]["pages"] == 5


def test_a_record_without_the_text_field_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    crawl = tmp_path / "crawl.jsonl"
    crawl.write_text('{"site": "a", "body": "x"}\n', encoding="utf-8")
    assert main(["discover", str(crawl)]) == 1
    assert "record 1: field 'text' is missing" in capsys.readouterr().err


def test_a_line_that_glued_cuts_remove_entirely_is_no_finding() -> None:
    # an address glued to a contact prompt: two cuts take the whole line, nothing of it is kept
    tail = "writer@example.comللتواصل مع الكاتب ارسل رسالة SMS تبدأ بالرمز (7) ثم مسافة ثم نص الرسالة إلى 88591 - Stc"
    assert discover(pages("a.example", tail), min_pages=3)["a.example"].lines == []
