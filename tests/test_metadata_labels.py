"""Tags and titles read by their shape and position, not by one site's wording.

A tags line's label comes off whatever language or wording it has (the find phase's tag labels,
a few words before a colon, or the first word of a line found by its label), and a link-back
line gives the headline it carries whatever its label says. Each case has a hard negative: a
story sentence that mentions a label word, or a source line whose value is a source.
"""

from __future__ import annotations

import pytest

import arclean
from arclean.metadata import parse_metadata
from arclean.models import Removal

TITLE = "الحكومة توقع اتفاقا جديدا للأجور"
STORY = [
    "وقعت الحكومة والنقابات المهنية اليوم اتفاقا جديدا يرفع الحد الأدنى للأجور في القطاع العام بعد مفاوضات طويلة.",
    "وقال وزير العمل إن الاتفاق يدخل حيز التنفيذ مطلع الشهر المقبل ويشمل أكثر من مئتي ألف موظف في المحافظات.",
    "وأضاف أن الحكومة ستراجع الأجور مرة كل عامين بالتشاور مع النقابات وممثلي القطاع الخاص.",
]


def closing(*lines: str) -> arclean.CleanResult:
    """A page of the story (no headline over it), then ``lines`` under it."""
    return arclean.clean("\n".join([*STORY, *lines]))


def removal(kind: str, rule: str, text: str) -> Removal:
    return Removal(start=0, end=len(text), kind=kind, rule=rule, text=text)


# -- tags: the label comes off, in any of the languages pages use ------------------------
@pytest.mark.parametrize(
    "line",
    [
        "كلمات دالة: الأجور، النقابات",
        "مواضيع: الأجور، النقابات",
        "علامات: الأجور، النقابات",
        "وسوم الخبر: الأجور | النقابات",
        "المواضيع الأجور - النقابات",
        "Mots-clés : الأجور، النقابات",
        "Mots clés: الأجور، النقابات",
        "Étiquettes : الأجور، النقابات",
        "Thèmes : الأجور، النقابات",
        "Labels: الأجور، النقابات",
        "هاشتاج #الأجور #النقابات",
    ],
)
def test_a_tags_label_comes_off_whatever_its_wording(line: str) -> None:
    assert closing(line).metadata.tags == ("الأجور", "النقابات")


@pytest.mark.parametrize(
    ("rule", "line", "tags"),
    [
        # any few words before a colon are the label, in a language no vocabulary lists
        ("concept.tag_label", "Etiquetas: النفط، الأسعار", ("النفط", "الأسعار")),
        ("concept.tag_label", "Schlagwörter: النفط، الأسعار", ("النفط", "الأسعار")),
        # a line the find phase found by a label no vocabulary here lists: its first word
        ("tags.keywords", "الهاشتاقات النفط الأسعار", ("النفط الأسعار",)),
        # labels the find phase has: a space, or glued to the first tag
        ("concept.tag_label_bare", "سمات النفط الأسعار", ("النفط الأسعار",)),
        ("tags.wusum", "الوسومغزة الانتخابات", ("غزة الانتخابات",)),
        ("concept.tag_label_glued", "Tagsمصر السياحة", ("مصر السياحة",)),
        # no label: a hashtag line, a line under a tags block's header
        ("tags.hashtags", "#النفط #الأسعار", ("النفط", "الأسعار")),
        ("tags.block", "النفط الخام", ("النفط الخام",)),
        ("tags.block", "كأس العالم: قطر", ("كأس العالم: قطر",)),
        ("tags.block", "مواضيع ساخنة", ("مواضيع ساخنة",)),
        ("user.topics", "النفط، الأسعار", ("النفط", "الأسعار")),  # a user's rule: no label known
        # a label alone (a block's header) is no tag
        ("concept.tag_header", "الكلمات المفتاحية:", ()),
    ],
)
def test_a_tags_line_by_its_shape(rule: str, line: str, tags: tuple[str, ...]) -> None:
    assert parse_metadata([removal("tags", rule, line)]).tags == tags


@pytest.mark.parametrize(
    "sentence",
    [
        "وقال الوزير إن الكلمات لا تكفي لوصف حجم المأساة التي يعيشها السكان منذ أشهر.",
        "مواضيع: كثيرة طرحت في الجلسة التي امتدت ساعات وانتهت بقرارات مهمة للعمال.",
        "وأكد أن الوسوم التجارية المسجلة لدى الوزارة تحمي المنتجين من التقليد.",
    ],
)
def test_a_story_sentence_with_a_label_word_gives_no_tags(sentence: str) -> None:
    result = closing(sentence)
    assert result.metadata.tags == ()
    assert sentence in result.text


# -- titles: the headline a link-back line carries --------------------------------------
@pytest.mark.parametrize(
    "line",
    [
        f"رابط الخبر في جريدة الشرق: {TITLE}",
        f"رابط الموضوع: {TITLE}",
        f"Lien vers l'article sur le site Exemple: {TITLE}",
        f"Link to the article on the Example website: {TITLE}",
    ],
)
def test_a_link_back_line_gives_the_headline_whatever_its_label(line: str) -> None:
    assert closing(line).metadata.title == TITLE


@pytest.mark.parametrize(
    ("rule", "line", "source"),
    [
        ("source.label", f"الخبر الأصلي على موقع المثال: {TITLE}", "موقع المثال"),
        ("source.label", f"نشر أولا في صحيفة الغد: {TITLE}", "صحيفة الغد"),
        ("source.label", f"Originally published on example.com: {TITLE}", "example.com"),
        # the headline may hold a colon of its own
        ("concept.link_to_outlet", f"رابط الخبر بجريدة الغد: الوزير: {TITLE}", "جريدة الغد"),
    ],
)
def test_a_source_line_naming_its_outlet_then_a_headline(rule: str, line: str, source: str) -> None:
    meta = parse_metadata([removal("source", rule, line)])
    assert meta.title == line.partition(": ")[2]
    assert meta.sources == (source,)


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("المصدر: وكالة الأنباء الأردنية", "وكالة الأنباء الأردنية"),
        ("المصدر الأصلي: موقع هيئة الإذاعة البريطانية", "موقع هيئة الإذاعة البريطانية"),
        ("المصدر: مواقع التواصل الاجتماعي", "مواقع التواصل الاجتماعي"),
    ],
)
def test_a_source_line_whose_value_is_a_source_gives_no_title(line: str, source: str) -> None:
    meta = parse_metadata([removal("source", "source.label", line)])
    assert (meta.title, meta.sources) == (None, (source,))


@pytest.mark.parametrize(
    "line",
    [
        "رابط الخبر في جريدة الشرق: example.com/news/123",  # an address, no headline
        "رابط الخبر في جريدة الشرق: الحكومة",  # one word
        "رابط الموضوع: وقعت الحكومة اتفاقا جديدا للأجور.",  # a sentence closed by a full stop
    ],
)
def test_a_link_line_without_a_headline_gives_no_title(line: str) -> None:
    assert parse_metadata([removal("source", "concept.link_to_outlet", line)]).title is None


def test_a_first_story_line_with_a_colon_is_no_title() -> None:
    first = "وقال وزير العمل في جريدة الشرق: إن الاتفاق يدخل حيز التنفيذ مطلع الشهر المقبل"
    result = arclean.clean("\n".join([first, *STORY]))
    assert result.metadata.title is None
    assert first in result.text


def test_the_head_block_headline_comes_before_a_link_back_headline() -> None:
    result = arclean.clean("\n".join([TITLE, *STORY, "رابط الموضوع: افتتاح الطريق الدائري الجنوبي"]))
    assert result.metadata.title == TITLE
