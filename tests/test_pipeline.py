"""The pipeline: lossless removals, config round trips, composition, bad input."""

from __future__ import annotations

import json
import pickle

import pytest

import arclean
from arclean import Pipeline, PipelineConfig
from tests.conftest import read_jsonl, shared_file

STORY = "أعلنت الهيئة العامة للإحصاء اليوم ارتفاع معدل النمو الاقتصادي خلال الربع الثالث من العام الجاري."
DOC = "\n".join(
    [
        STORY,
        "وأوضحت الهيئة في بيانها أن القطاعات غير النفطية سجلت أداء قويا مدفوعا بالسياحة والخدمات اللوجستية.",
        "",
        "المصدر: واس",
        "كلمات دلالية: الاقتصاد، الإحصاء، النمو",
        "تابعونا على فيسبوك وتويتر",
        "جميع الحقوق محفوظة © 2025",
    ]
)


def test_clean_returns_story_metadata_and_spans() -> None:
    result = arclean.clean(DOC)
    assert result.text.startswith("أعلنت الهيئة")
    assert "المصدر" not in result.text and "تابعونا" not in result.text
    assert result.metadata.sources == ("واس",)
    assert result.metadata.tags == ("الاقتصاد", "الإحصاء", "النمو")
    assert {r.kind for r in result.removed} == {"source", "tags", "social", "copyright"}
    assert all(DOC[r.start : r.end] == r.text for r in result.removed)
    assert result.restore() == DOC


def test_restore_detects_spans_that_do_not_tile() -> None:
    result = arclean.clean(DOC)
    broken = result.model_copy(update={"kept": result.kept[1:]})
    with pytest.raises(ValueError, match="do not tile"):
        broken.restore()


def test_story_lines_that_only_look_like_boilerplate_stay() -> None:
    text = "\n".join(
        [
            STORY,
            "وقال المصدر إن الأرقام النهائية ستصدر الشهر المقبل بعد مراجعة البيانات من جميع الجهات المعنية.",
            "هل يستمر النمو في العام المقبل؟",
            "وتابع الوزير على هامش المؤتمر أن الحكومة ستواصل دعم القطاع الخاص وتسهيل الإجراءات أمام المستثمرين.",
        ]
    )
    result = arclean.clean(text)
    assert not result.removed
    assert result.text == text


def test_without_removes_a_cleaner_and_with_options_switches_normalizers() -> None:
    text = "\n".join([STORY, "تابعونا على فيسبوك وتويتر", "وبلغ عدد المشاريع الجديدة ٢٠٢٥ مشروعا في مختلف المناطق هذا العام."])
    default = arclean.clean(text)
    custom = Pipeline.default().without("social").with_options(digits="keep").clean(text)
    assert "تابعونا" not in default.text and "تابعونا" in custom.text
    assert "٢٠٢٥" in custom.text and "2025" in default.text


def test_config_round_trips_through_json_to_identical_output() -> None:
    pipeline = Pipeline.default().without("social", "caption").with_options(digits="arabic_indic", alef=True)
    rebuilt = Pipeline.from_config(json.loads(pipeline.to_config().model_dump_json()))
    assert rebuilt == pipeline
    assert rebuilt.clean(DOC) == pipeline.clean(DOC)
    assert Pipeline.from_config(pipeline.to_config().model_dump_json()).to_config() == pipeline.to_config()


def test_pipelines_pickle() -> None:
    pipeline = Pipeline.default().without("nav")
    clone = pickle.loads(pickle.dumps(pipeline))
    assert clone == pipeline and clone.clean(DOC) == pipeline.clean(DOC)


def test_only_keeps_priority_order() -> None:
    assert Pipeline.default().only("title", "source").to_config().cleaners == ("source", "title")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: Pipeline(["source", "nonsense"]), "unknown cleaner id 'nonsense'"),
        (lambda: Pipeline(["source", "source"]), "repeat"),
        (lambda: Pipeline.default().without("nonsense"), "not in this pipeline"),
        (lambda: Pipeline.from_config({"cleaners": ["source"], "normalize": {"digits": "roman"}}), "digits"),
        (lambda: Pipeline.from_config({"cleaners": ["source"], "typo": 1}), "typo"),
    ],
)
def test_bad_configuration_names_what_is_wrong(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("value", [b"bytes", None, 42, ["list"]])
def test_non_str_input_is_a_type_error(value: object) -> None:
    with pytest.raises(TypeError, match="expects the document as str"):
        arclean.clean(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "\n", "\x00", "\r\n\r\n", "   ", "\ud800", "a" * 5000])
def test_edge_inputs_are_lossless(text: str) -> None:
    assert arclean.clean(text).restore() == text


def test_default_config_lists_every_builtin_cleaner() -> None:
    config = Pipeline.default().to_config()
    assert isinstance(config, PipelineConfig)
    assert set(config.cleaners) == set(arclean.CLEANERS)


@pytest.mark.parametrize("name", ["dev.jsonl", "dev-synth.jsonl"])
def test_lossless_on_every_shared_document(name: str) -> None:
    pipeline = Pipeline.default()
    for record in read_jsonl(shared_file("eval", name)):
        result = pipeline.clean(record["raw"])
        assert result.restore() == record["raw"], record["id"]
