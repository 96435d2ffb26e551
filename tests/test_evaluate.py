"""arclean.evaluate: the reference figures, the breakdowns, and the ``eval`` command."""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from arclean import evaluate
from arclean.evaluate import Report, aggregate, score_document, score_meta, tokens
from arclean.models import Removal

SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"

# Tiny hand-made gold records (evaluation format): a story, a source line, tags, a read-also promo.
STORY_1 = "أعلنت الوزارة اليوم افتتاح المعرض الدولي للكتاب"
STORY_2 = "وقال المتحدث إن المعرض يستمر عشرة أيام متتالية"
GOLD = {
    "id": "test/1",
    "site": "a.example",
    "raw": f"{STORY_1}\n\n{STORY_2}\nالمصدر: وكالة الأنباء\nكلمات دلالية: كتاب معرض\nاقرأ أيضا",
    "labels": ["body", "blank", "body", "source", "tags", "read_also"],
    "main": f"{STORY_1}\n{STORY_2}",
    "meta": {"sources": ["وكالة الأنباء"], "tags": ["كتاب", "معرض"]},
}
SECOND = {
    "id": "test/2",
    "site": "b.example",
    "raw": "مباراة حاسمة في الدوري الليلة بين الفريقين\nتابعونا على تويتر",
    "labels": ["body", "social"],
    "main": "مباراة حاسمة في الدوري الليلة بين الفريقين",
    "meta": {},
}


def _line_span(record: dict, index: int) -> tuple[int, int]:
    lines = record["raw"].split("\n")
    start = sum(len(line) + 1 for line in lines[:index])
    return start, start + len(lines[index])


def test_tokens_are_canonical() -> None:
    assert tokens("إقرأ أيضاً: ٣ ـ") == tokens("اقرا ايضا 3")
    assert tokens("مدرسة ABC") == ["مدرسه", "abc"]


def test_perfect_prediction_scores_perfectly() -> None:
    row = score_document(GOLD, {"text": GOLD["main"], "meta": GOLD["meta"]})
    # source, tags and the two-token read-also header are junk lines; both story lines count (3+ tokens)
    assert (row.body_lines, row.body_lost, row.junk_lines, row.junk_kept, row.exact) == (2, 0, 3, 0, True)
    agg = aggregate([row])
    assert agg["removal_f1"] == 1.0 and agg["f1"] == 1.0 and agg["exact"] == 1.0
    assert agg["meta_f1"] == {"sources": 1.0, "tags": 1.0}


def test_junk_lines_count_two_tokens_and_skip_those_inside_main() -> None:
    row = score_document(GOLD, {"text": GOLD["raw"]})
    # source, tags, read-also lines all have 2+ tokens
    assert row.junk_lines == 3 and row.junk_kept == 3
    assert row.junk_by_label == {"source": [1, 1], "tags": [1, 1], "read_also": [1, 1]}
    agg = aggregate([row])
    assert agg["removal_recall"] == 0.0 and agg["junk_line_leak"] == 1.0 and agg["removal_precision"] == 1.0
    assert agg["recall"] == 1.0 and agg["precision"] < 1.0


def test_lost_body_line_names_the_removing_rule() -> None:
    start, end = _line_span(GOLD, 2)
    removals = [Removal(start=start, end=end, kind="other", rule="other.test", text=GOLD["raw"][start:end])]
    row = score_document(GOLD, {"text": STORY_1}, removals)
    assert row.body_lost == 1 and row.lost[0].rule == "other.test" and row.lost[0].text == STORY_2
    report = Report([row])
    assert report.by_rule() == {"other.test": 1}
    agg = report.summary
    # 3 junk lines removed, 1 story line lost: precision 3/4, recall 1
    assert agg["removal_precision"] == 0.75 and agg["removal_recall"] == 1.0
    assert agg["body_line_loss"] == 0.5 and agg["docs_losing_body"] == 1.0 and agg["exact"] == 0.0


def test_unattributed_loss_is_counted_under_question_mark() -> None:
    assert Report([score_document(GOLD, {"text": ""})]).by_rule() == {"?": 2}


def test_per_label_breakdown_and_worst_documents() -> None:
    rows = [score_document(GOLD, {"text": f"{GOLD['main']}\nاقرأ أيضا"}), score_document(SECOND, {"text": SECOND["raw"]})]
    report = Report(rows)
    by_label = report.by_label()
    assert by_label["read_also"] == {"junk_lines": 1, "leaked": 1, "leak": 1.0}
    assert by_label["social"]["leaked"] == 1 and by_label["source"]["leaked"] == 0
    worst = report.worst(1)[0]
    assert worst.id == "test/1" and [line.label for line in worst.leaked] == ["read_also"]
    text = report.format(sites=True, worst_count=2)
    assert "leaked [read_also]" in text and "b.example" in text


def test_inline_junk_counts_as_junk() -> None:
    gold = {**SECOND, "raw": SECOND["raw"] + " الوسوم رياضة كرة", "inline_junk": ["الوسوم رياضة كرة"]}
    row = score_document(gold, {"text": SECOND["main"]})
    assert row.junk_by_label[evaluate.INLINE] == [1, 0]


def test_meta_f1_is_token_set_f1() -> None:
    assert score_meta({"tags": ["كتاب", "معرض"]}, {"tags": ["كتاب"]}) == {"tags": pytest.approx(2 / 3)}
    assert score_meta({"title": "عنوان الخبر"}, {}) == {"title": 0.0}
    assert score_meta({"authors": []}, {"authors": ["x"]}) == {}


def _reference_scorer() -> ModuleType:
    path = SHARED_EVAL / "score.py"
    if not path.is_file():
        pytest.skip(f"reference scorer not found at {path} (the shared evaluation material is absent)")
    spec = importlib.util.spec_from_file_location("reference_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("set_name", ["dev", "dev-synth"])
def test_figures_equal_the_reference_scorer(set_name: str) -> None:
    reference = _reference_scorer()
    path = SHARED_EVAL / f"{set_name}.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} absent")
    golds = evaluate.load_jsonl(path)[:60]
    report = evaluate.evaluate(golds)
    predictions = {record["id"]: record for record in report.predictions}
    # also an imperfect system: the raw text with every third line dropped
    crude = {g["id"]: {"text": "\n".join(g["raw"].split("\n")[::3])} for g in golds}
    for preds in (predictions, crude):
        ours = aggregate(evaluate.evaluate(golds, predictions=preds).rows)
        theirs = reference.aggregate([reference.score_doc(g, preds.get(g["id"], {})) for g in golds])
        assert ours.pop("meta_f1") == pytest.approx(theirs.pop("meta_f1"))
        assert ours == pytest.approx(theirs)
        for gold in golds[:20]:
            mine = score_document(gold, preds[gold["id"]]).to_dict()
            ref = reference.score_doc(gold, preds[gold["id"]])
            assert {key: mine[key] for key in ref} == ref


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="arclean")
    evaluate.add_parser(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def test_eval_command_json_and_predictions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (GOLD, SECOND)), encoding="utf-8")
    pred_path = tmp_path / "pred.jsonl"
    config = tmp_path / "pipeline.toml"
    config.write_text('cleaners = ["source", "tags"]\n', encoding="utf-8")
    args = _parse(["eval", str(gold_path), "--json", "--worst", "1", "--by-site", "--write-predictions", str(pred_path)])
    assert args.func(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["docs"] == 2 and {"by_label", "by_rule", "by_site", "worst"} <= set(out)
    assert len(evaluate.load_jsonl(pred_path)) == 2
    args = _parse(["eval", str(gold_path), "--config", str(config)])
    assert evaluate.run(args) == 0
    assert "removal P" in capsys.readouterr().out


def test_eval_command_reports_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert evaluate.main([str(tmp_path / "missing.jsonl")]) == 2
    assert "arclean eval:" in capsys.readouterr().err


def test_eval_reads_gzip_gold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import gzip

    gold_path = tmp_path / "gold.jsonl.gz"
    gold_path.write_bytes(gzip.compress("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (GOLD, SECOND)).encode()))
    args = _parse(["eval", str(gold_path), "--json"])
    assert args.func(args) == 0
    assert json.loads(capsys.readouterr().out)["docs"] == 2


def test_eval_says_clearly_that_a_file_is_not_gold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "crawl.jsonl"
    corpus.write_text(json.dumps({"id": "x", "text": STORY_1}) + "\n", encoding="utf-8")
    args = _parse(["eval", str(corpus)])
    assert args.func(args) == 2
    err = capsys.readouterr().err
    assert f"{corpus}:1: not a gold record: no 'raw', 'labels' (it has: 'id', 'text')" in err
    assert "arclean clean --jsonl" in err and "Traceback" not in err


def test_eval_scores_another_systems_predictions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (GOLD, SECOND)), encoding="utf-8")
    perfect = tmp_path / "perfect.jsonl"
    perfect.write_text(json.dumps({"id": "test/1", "text": GOLD["main"], "meta": GOLD["meta"]}, ensure_ascii=False) + "\n")
    args = _parse(["eval", str(gold_path), "--predictions", str(perfect), "--json"])
    assert args.func(args) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    expected = aggregate([score_document(GOLD, {"text": GOLD["main"], "meta": GOLD["meta"]}), score_document(SECOND, {})])
    assert out["f1"] == expected["f1"] and out["docs"] == 2
    assert "1 of 2 gold documents have no prediction" in captured.err
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "test/1"}\n')
    args = _parse(["eval", str(gold_path), "--predictions", str(bad)])
    assert args.func(args) == 2
    assert f"{bad}:1: a prediction is" in capsys.readouterr().err
