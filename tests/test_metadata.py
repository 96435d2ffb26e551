"""Metadata read from removed spans and the story's dateline: each shape of byline, dateline and
credit, the agency vocabulary, and the fields every integration carries."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import regex

import arclean
from arclean.chars import fold_key
from arclean.metadata import agencies, canonical_source, clean_value, parse_metadata
from arclean.models import AuthorRole, Metadata, Removal

ROOT = Path(__file__).resolve().parents[1]
STORY = "أعلنت الهيئة العامة للإحصاء اليوم ارتفاع معدل النمو الاقتصادي خلال الربع الثالث من العام الجاري."
STORY2 = "وأوضحت الهيئة في بيان أن القطاعات غير النفطية قادت النمو بدعم من الاستثمارات والإنفاق الحكومي."


def removal(kind: str, rule: str, text: str) -> Removal:
    return Removal(start=0, end=len(text), kind=kind, rule=rule, text=text)


def meta_of(*lines: str) -> Metadata:
    return arclean.clean("\n".join(lines)).metadata


# ---------------------------------------------------------------------------- agencies ---


def test_every_agency_example_names_its_agency() -> None:
    for agency in agencies():
        assert agency.examples, f"{agency.canonical}: needs examples"
        for example in agency.examples:
            meta = parse_metadata([], f"{example} {STORY}")
            routes = [removal("source", "source.label", example), removal("other", "other.end_marker_glued", example)]
            found = [name for route in routes for name in parse_metadata([route]).sources_canonical]
            assert agency.canonical in (*meta.sources_canonical, *found), (agency.canonical, example)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("أ ف ب", "وكالة الصحافة الفرنسية"),
        ("أ.ف.ب", "وكالة الصحافة الفرنسية"),
        ("ا ف ب", "وكالة الصحافة الفرنسية"),
        ("فرانس برس", "وكالة الصحافة الفرنسية"),
        ("AFP", "وكالة الصحافة الفرنسية"),
        ("د ب أ", "وكالة الأنباء الألمانية"),
        ("د.ب.أ", "وكالة الأنباء الألمانية"),
        ("واس", "وكالة الأنباء السعودية"),
        ("كونا", "وكالة الأنباء الكويتية"),
        ("وام", "وكالة أنباء الإمارات"),
        ("قنا", "وكالة الأنباء القطرية"),
        ("بترا", "وكالة الأنباء الأردنية"),
        ("و م ع", "وكالة المغرب العربي للأنباء"),
        ("رويترز", "رويترز"),
        ("Reuters", "رويترز"),
        ("الأناضول", "الأناضول"),
        ("الوكالات", "وكالات"),
        ("الحياة الجديدة", "الحياة الجديدة"),  # not an agency: as written
    ],
)
def test_canonical_names(written: str, canonical: str) -> None:
    assert canonical_source(written) == canonical


def test_a_spelling_belongs_to_one_agency() -> None:
    data = tomllib.loads((ROOT / "arclean" / "data" / "agencies.toml").read_text(encoding="utf-8"))
    owner: dict[str, str] = {}
    for entry in data["agency"]:
        for spelling in entry["spellings"]:
            key = fold_key(spelling).lower()
            assert owner.setdefault(key, entry["canonical"]) == entry["canonical"], spelling


def test_a_latin_capital_abbreviation_is_not_a_word() -> None:
    meta = parse_metadata([], f"Map - {STORY}")
    assert meta.sources == ()


# --------------------------------------------------------------- datelines of the story ---


@pytest.mark.parametrize(
    ("opening", "sources", "authors"),
    [
        ("القاهرة (رويترز) -", ("رويترز",), ()),
        ("الرياض - واس:", ("واس",), ()),
        ("واس- جدة:", ("واس",), ()),
        ("لشبونة -ا ف ب -", ("ا ف ب",), ()),
        ("برلين -\u00a0، د ب ا -", ("د ب ا",), ()),
        ("القدس المحتلة - الحياة الجديدة - وكالات -", ("الحياة الجديدة", "وكالات"), ()),
        ("تونس-وكالات-الوسط التونسية:", ("وكالات", "الوسط التونسية"), ()),
        ("رويترز:", ("رويترز",), ()),
        ("سامي العلي - صدى - جدة:", (), ("سامي العلي",)),
        ("كتب: خالد منصور", (), ("خالد منصور",)),
    ],
)
def test_the_first_paragraph_dateline_gives_sources_and_authors(opening: str, sources: tuple, authors: tuple) -> None:
    meta = meta_of(f"{opening} {STORY}", STORY2)
    assert meta.sources == sources
    assert meta.authors == authors


def test_the_dateline_stays_in_the_story() -> None:
    result = arclean.clean(f"القاهرة (رويترز) - {STORY}\n{STORY2}")
    assert result.text.startswith("القاهرة (رويترز) -")
    assert result.metadata.sources == ("رويترز",)


@pytest.mark.parametrize(
    "opening",
    [
        "قال الوزير: إن",  # a quote, not a dateline
        "مسؤول كبير - في تصريح خاص - أكد",  # a parenthesis of prose
        "أحمد سالم - رئيس اللجنة - قال",  # a person in the story, no place or agency
        "كتبت يوم السبت الماضي",  # the verb, not a byline label
    ],
)
def test_story_openings_that_are_not_datelines(opening: str) -> None:
    meta = meta_of(f"{opening} {STORY}", STORY2)
    assert meta.sources == () and meta.authors == ()


def test_an_exclusive_dateline_names_no_source() -> None:
    assert meta_of(f"بغداد – خاص: {STORY}", STORY2).sources == ()


# --------------------------------------------------------------------------- bylines ---


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("كتب: خالد منصور", ("خالد منصور",)),
        ("كتبت - سلمى الكعبي", ("سلمى الكعبي",)),
        ("بقلم د. نظمي خليل", ("د. نظمي خليل",)),
        ("محمد السريعي – عين الخبر", ("محمد السريعي",)),  # "Name – outlet": the outlet is not a person
        ("نايف عبدالله – سعد الفراج: عين الخبر", ("نايف عبدالله", "سعد الفراج")),
        ("خالد منصور 2024-03-05", ("خالد منصور",)),  # not the date glued after the name
    ],
)
def test_bylines_give_only_the_names(line: str, authors: tuple) -> None:
    assert parse_metadata([removal("byline", "byline.label", line)]).authors == authors


def test_the_same_name_once() -> None:
    lines = ["كتب: خالد منصور", "About Post Author خالد منصور"]
    assert parse_metadata([removal("byline", "byline.label", line) for line in lines]).authors == ("خالد منصور",)


def test_a_date_line_credit_gives_its_source() -> None:
    meta = parse_metadata([removal("date", "date.line", "العواصم: الوكالات 2012-07-08 12:06 AM")])
    assert (meta.date, meta.date_iso, meta.sources) == ("2012-07-08 12:06 AM", "2012-07-08T00:06:00", ("الوكالات",))


def test_photographers_are_their_own_field() -> None:
    meta = parse_metadata([removal("byline", "byline.label", "تحقيق: القسم الاقتصادي - تصوير: محمد الفاتح")])
    assert meta.authors == ("القسم الاقتصادي",)
    assert meta.photographers == ("محمد الفاتح",)
    assert meta.author_roles == (AuthorRole(name="القسم الاقتصادي", role="تحقيق"),)


def test_roles_of_writers_and_of_staff() -> None:
    meta = parse_metadata(
        [
            removal("byline", "byline.label", "إعداد وترجمة - بندر الحربي"),
            removal("byline", "byline.label", "رئيس التحرير: سامي العلي"),
        ]
    )
    assert meta.authors == ("بندر الحربي",)  # an editor-in-chief did not write the story
    assert meta.author_roles == (
        AuthorRole(name="بندر الحربي", role="إعداد وترجمة"),
        AuthorRole(name="سامي العلي", role="رئيس التحرير"),
    )


def test_a_signature_closing_the_story() -> None:
    assert meta_of(STORY, STORY2, "", "- محمد الحزاب الغفيلي").authors == ("محمد الحزاب الغفيلي",)
    assert meta_of(STORY, STORY2, "توفيق قاسم").authors == ("توفيق قاسم",)


@pytest.mark.parametrize("last", ["وزير الدفاع", "* باحث اجتماعي", "والله من وراء القصد", "ردود فعل دولية", "الأسعار الجديدة"])
def test_story_endings_that_are_not_signatures(last: str) -> None:
    assert meta_of(STORY, STORY2, last).authors == ()


def test_a_credit_line_in_the_head_block_is_not_the_title() -> None:
    meta = parse_metadata(
        [
            removal("title", "title.head", "عنوان الخبر عن ارتفاع أسعار النفط"),
            removal("title", "title.head", "جدة 24-6-2012 وفا- محمد العمري"),
        ]
    )
    assert meta.title == "عنوان الخبر عن ارتفاع أسعار النفط"
    assert (meta.date, meta.date_iso) == ("24-6-2012", "2012-06-24")
    assert meta.sources == ("وفا",) and meta.authors == ("محمد العمري",)


# ---------------------------------------------------------------------------- titles ---


def test_kicker_and_subtitle_are_not_the_title() -> None:
    meta = parse_metadata(
        [
            removal("title", "title.head", "بعد عامين من المفاوضات"),
            removal("title", "title.head", "الحكومة والنقابات توقعان اتفاقا جديدا للأجور في القطاع العام"),
            removal("title", "title.head", "الاتفاق يرفع الحد الأدنى للأجور"),
        ]
    )
    assert meta.title == "الحكومة والنقابات توقعان اتفاقا جديدا للأجور في القطاع العام"
    assert meta.subtitle == "بعد عامين من المفاوضات\nالاتفاق يرفع الحد الأدنى للأجور"


def test_a_wrapped_headline_is_joined() -> None:
    lines = ["الحكومة توقع اتفاقا جديدا مع النقابات في", "القطاع العام"]
    meta = parse_metadata([removal("title", "title.head", line) for line in lines])
    assert meta.title == "الحكومة توقع اتفاقا جديدا مع النقابات في القطاع العام"


def test_the_outlet_line_and_a_glued_date_are_not_the_title() -> None:
    meta = parse_metadata(
        [
            removal("title", "title.head", "جامع المدينة يستأنف التدريس بعد عقود من الإغلاق الوسط التونسيه03 أبريل 2012"),
            removal("title", "title.head", "الوسط"),
        ],
        f"تونس (رويترز) -الوسط التونسية: {STORY}",
    )
    assert meta.title == "جامع المدينة يستأنف التدريس بعد عقود من الإغلاق"
    assert meta.date_iso == "2012-04-03"


def test_a_bare_name_over_the_story_is_its_writer_when_the_page_repeats_it() -> None:
    name = removal("title", "title.head", "أحمد العرفج")
    tags = removal("tags", "concept.tag_label_bare", "سمات أحمد العرفج العيد")
    assert parse_metadata([name, tags]).authors == ("أحمد العرفج",)
    assert parse_metadata([name]).title == "أحمد العرفج"


def test_clean_value_trims_unbalanced_parentheses_only() -> None:
    assert clean_value("جراحة المناظير.. انتهى عهد (إبر الجراحة)") == "جراحة المناظير.. انتهى عهد (إبر الجراحة)"
    assert clean_value("(رويترز)") == "رويترز"
    assert clean_value("رويترز)") == "رويترز"


# ----------------------------------------------------------------- labels as data ---


def test_every_label_example_strips_to_its_value() -> None:
    from arclean.metadata import _strip_label

    data = tomllib.loads((ROOT / "arclean" / "data" / "metadata.toml").read_text(encoding="utf-8"))
    for kind, entry in data["labels"].items():
        regex.compile(entry["pattern"])
        for example in entry["examples"]:
            line, want = example.split(" => ")
            if kind == "photographer":
                got = parse_metadata([removal("byline", "byline.label", line)]).photographers[0]
            else:
                got = _strip_label(kind, line)
            assert got == want, (kind, example, got)


# --------------------------------------------------------------- fields everywhere ---


def test_every_field_reaches_the_jsonl_payload() -> None:
    from arclean.batch import result_payload

    result = arclean.clean(f"القاهرة (رويترز) - {STORY}\nالمصدر: واس")
    payload = result_payload(result)["metadata"]
    assert set(payload) == set(Metadata.model_fields)
    assert set(payload["sources_canonical"]) == {"رويترز", "وكالة الأنباء السعودية"}


def test_every_field_is_a_typed_hf_column() -> None:
    pytest.importorskip("datasets")
    from datasets import Features, Value

    from arclean.integrations.hf import batch_cleaner

    features = batch_cleaner().features(Features({"text": Value("string")}))
    assert set(features["arclean_metadata"]) == set(Metadata.model_fields)


def test_every_field_is_documented() -> None:
    doc = (ROOT / "docs" / "metadata.md").read_text(encoding="utf-8")
    for name in Metadata.model_fields:
        assert f"`{name}`" in doc, name


def test_the_metadata_doc_examples_run() -> None:
    import doctest

    failures, tried = doctest.testfile(str(ROOT / "docs" / "metadata.md"), module_relative=False)
    assert tried > 0 and failures == 0


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("ارتفاع أسعار النفط في الأسواق العالمية | الجزيرة نت", "ارتفاع أسعار النفط في الأسواق العالمية"),
        ("ارتفاع أسعار النفط في الأسواق العالمية - example.com", "ارتفاع أسعار النفط في الأسواق العالمية"),
        ("ارتفاع أسعار النفط في الأسواق العالمية – Example News", "ارتفاع أسعار النفط في الأسواق العالمية"),
        ("خطة إسرائيلية مقابل لقاء نتنياهو – عباس", "خطة إسرائيلية مقابل لقاء نتنياهو – عباس"),  # a dash inside the title
    ],
)
def test_the_site_name_after_a_page_title_is_cut(line: str, title: str) -> None:
    assert parse_metadata([removal("title", "title.head", line)]).title == title


def test_an_interview_credit() -> None:
    meta = parse_metadata([removal("byline", "byline.label", "التقاه : سامي العلي")])
    assert meta.authors == ("سامي العلي",)


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("كتب: محمد علي وأحمد حسن", ("محمد علي", "أحمد حسن")),  # two names joined by و
        ("كتب: سيدي ولد أحمد", ("سيدي ولد أحمد",)),  # ولد is a particle of the name, not "and"
        ("الرياض – عبدالله الحربي", ("عبدالله الحربي",)),  # City – Name
        ("عمر علي عبدالله – جدة", ("عمر علي عبدالله",)),  # علي is a name, not على
    ],
)
def test_more_byline_shapes(line: str, authors: tuple) -> None:
    assert parse_metadata([removal("byline", "byline.label", line)]).authors == authors


@pytest.mark.parametrize(
    ("opening", "source"),
    [("روما (آكي) -", "آكي"), ("واشنطن (CNN) --", "CNN")],
)
def test_whatever_the_parentheses_after_a_place_hold_is_the_source(opening: str, source: str) -> None:
    assert meta_of(f"{opening} {STORY}", STORY2).sources == (source,)


@pytest.mark.parametrize(
    ("line", "sources"),
    [
        ("المصدر: الجزيرة + وكالات", ("الجزيرة", "وكالات")),
        ("المصدر: رويترز، أ ف ب", ("رويترز", "أ ف ب")),
        ("المصدر: موسوعة الأخلاق الكريمة (مرجع سابق ج3 ص901", ("موسوعة الأخلاق الكريمة",)),
    ],
)
def test_source_lines_name_each_source(line: str, sources: tuple) -> None:
    assert parse_metadata([removal("source", "source.label", line)]).sources == sources


@pytest.mark.parametrize(
    ("opening", "sources", "authors"),
    [
        ("عمّان – صدى البلد:", ("صدى البلد",), ()),  # after a place, two words without a given name: the outlet
        ("القاهرة – محمد عبد الله:", (), ("محمد عبد الله",)),  # a given name: the correspondent
        ("الرباط – هسبريس:", ("هسبريس",), ()),  # one word after a place is no person
        ("جنيف ـ أ ف ب:", ("أ ف ب",), ()),  # a tatweel as the dash
        ("خاص - الجزيرة نت:", ("الجزيرة نت",), ()),
        ("رام الله - وفا:", ("وفا",), ()),  # الله in a place is no function word
    ],
)
def test_dateline_outlet_or_correspondent(opening: str, sources: tuple, authors: tuple) -> None:
    meta = meta_of(f"{opening} {STORY}", STORY2)
    assert (meta.sources, meta.authors) == (sources, authors)


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("* عنوان الخبر عن النفط - منذ ساعتين", "عنوان الخبر عن النفط"),
        ("عنوان الخبر عن النفط 12 مايو 2024", "عنوان الخبر عن النفط"),
        ("اليوم.. توقيع عقد شراكة جديدة", "اليوم.. توقيع عقد شراكة جديدة"),  # a word of the title, not its date
        ("قمة عربية في 5 مايو", "قمة عربية في 5 مايو"),
    ],
)
def test_related_titles_lose_the_date_listed_with_them(line: str, title: str) -> None:
    assert parse_metadata([removal("related", "related.list", line)]).related == (title,)


def test_the_page_footer_closing_a_read_also_block_is_the_story_s() -> None:
    lines = [
        ("read_also.header", "اقرأ أيضا:"),
        ("read_also.block", "عنوان الخبر المروج له في الموقع"),
        ("read_also.block", "12 مايو 2024"),
        ("read_also.block", "عمّان – صدى البلد: نص الخبر المضمن كاملا كما نشر على الموقع الأصلي قبل أيام."),
        ("read_also.block", "المسلة – متابعة – وكالات"),  # the embedded story's credit
        ("read_also.block", "About Post Author سارة حسن"),
        ("read_also.block", "See author's posts"),
        ("read_also.block", "نقلاً عن هسبريس"),
    ]
    meta = parse_metadata([removal("read_also", rule, text) for rule, text in lines])
    assert meta.authors == ("سارة حسن",)
    assert meta.sources == ("هسبريس",)
    assert meta.read_also == ("عنوان الخبر المروج له في الموقع",)


def test_a_byline_inside_a_read_also_block_is_the_embedded_story_s() -> None:
    lines = [
        ("read_also.header", "اقرأ أيضا:"),
        ("read_also.block", "عنوان الخبر المروج له في الموقع"),
        ("read_also.block", "بقلم: سارة حسن"),
        ("read_also.block", "نص الخبر المضمن كاملا كما نشر على الموقع الأصلي قبل أيام وبعدها."),
    ]
    assert parse_metadata([removal("read_also", rule, text) for rule, text in lines]).authors == ()


def test_a_date_line_of_a_read_also_block_is_no_title() -> None:
    lines = [
        ("read_also.header", "اقرأ أيضا:"),
        ("read_also.block", "عنوان الخبر المروج له"),
        ("read_also.block", "آخر تحديث: 10:00 12 مايو 2024"),
    ]
    assert parse_metadata([removal("read_also", rule, text) for rule, text in lines]).read_also == ("عنوان الخبر المروج له",)


def test_the_dateline_source_is_as_written_and_canonical() -> None:
    meta = meta_of(f"القاهرة (رويـترز) - {STORY}", STORY2)  # a tatweel the story loses
    assert meta.sources == ("رويـترز",)
    assert meta.sources_canonical == ("رويترز",)


def test_a_signature_before_trailing_control_characters() -> None:
    assert meta_of(STORY, STORY2, "", "توفيق قاسم\r", "\x00").authors == ("توفيق قاسم",)


def test_a_dateline_shaped_credit_is_read_whichever_rule_removed_it() -> None:
    # a concept (not the agency-dateline cue) may find "City date Agency- Name": still read by parts
    meta = parse_metadata([removal("source", "concept.agency_credit", "الرياض 12-3-2024 واس- خالد المطيري")])
    assert meta.sources == ("واس",)
    assert meta.authors == ("خالد المطيري",)
    assert meta.date_iso == "2024-03-12"


#: Lines of 100 KB after a value's opening words: a cue word, then a run of one character.
LONG_CREDIT_LINES = [
    ("source", "source.label", "المصدر: " + "ا" * 100_000),
    ("source", "concept.initials", "و م ع" + "(" * 100_000),
    ("source", "source.agency_dateline", "الرياض - واس - " + "(" * 100_000),
    ("byline", "byline.label", "كتب: " + "ب" * 100_000),
    ("date", "date.line", "الثلاثاء 3 يونيو 2025 " + "(" * 100_000),
    ("title", "title.head", "افتتاح مهرجان الشعر 2025 " + "1" * 100_000),
    ("read_also", "read_also.inline", "اقرأ أيضا: افتتاح مهرجان " + "1" * 100_000),
    ("related", "related.list", "افتتاح مهرجان " + "1" * 100_000),
]


@pytest.mark.parametrize(("kind", "rule", "text"), LONG_CREDIT_LINES, ids=[line[1] for line in LONG_CREDIT_LINES])
def test_a_line_of_100_kb_is_read_as_no_value_and_not_split_per_character(
    monkeypatch: pytest.MonkeyPatch, kind: str, rule: str, text: str
) -> None:
    """A credit is a few short parts and a title one line: a removed line of 100 KB names no
    source, author, date or title, and is not cut into a segment per character (each cleaned
    and tested as a name) or scanned for dates."""
    import arclean.metadata as metadata

    calls = 0
    original = metadata.clean_value

    def counted(value: str) -> str:
        nonlocal calls
        calls += 1
        return original(value)

    monkeypatch.setattr(metadata, "clean_value", counted)
    meta = parse_metadata([Removal(start=0, end=len(text), kind=kind, rule=rule, text=text)])
    assert (meta.sources, meta.authors, meta.date, meta.title, meta.read_also, meta.related) == ((), (), None, None, (), ())
    assert calls < 100


def test_the_stdlib_patterns_of_clean_value_have_the_classes_of_regex() -> None:
    """``clean_value`` runs on stdlib ``re``: its classes must be ``regex``'s, code point by code point."""
    import re
    import sys

    import arclean.metadata as metadata
    from arclean.chars import CONTROLS, INVISIBLE, ODD_SPACES
    from arclean.find.document import BULLET_CLASS

    everything = "".join(map(chr, range(sys.maxunicode + 1))).replace("\n", "")  # one character per line: no \n
    lines = "\n".join(everything)

    def members(pattern: re.Pattern[str] | regex.Pattern[str]) -> set[str]:
        return {found.group() for found in pattern.finditer(lines)} - {"\n"}

    noise = "[" + regex.escape("".join(sorted(INVISIBLE | CONTROLS | ODD_SPACES | {"\r"}))) + "]"
    assert members(metadata._NOISE) == members(regex.compile(noise))
    assert members(re.compile(f"[{BULLET_CLASS}]")) == members(regex.compile(f"[{BULLET_CLASS}]"))
    differ = members(re.compile(r"\s")) ^ members(regex.compile(r"\s"))
    assert differ and differ <= members(metadata._NOISE)  # made spaces before ``_SPACES`` runs


def test_clear_key_memos_forgets_the_folded_texts_metadata_kept() -> None:
    # the benchmarks time cold passes: metadata's folded texts are forgotten with the find phase's keys
    from arclean import metadata as metadata_module
    from arclean.find.concepts import clear_key_memos

    arclean.clean("كتب: أحمد علي\nنص الخبر هنا طويل بما يكفي ليبقى في القصة.")
    assert metadata_module._FOLDED
    clear_key_memos()
    assert not metadata_module._FOLDED
