"""Metadata shapes of Arabic news sites the development set does not have.

Each case is a shape, written for these tests (Levantine, Egyptian, Maghrebi and Gulf pages, wire
datelines, bilingual bylines), with a hard negative beside it: story text that looks like the
shape and must not become metadata.
"""

from __future__ import annotations

import pytest

import arclean
from arclean.dates import find_date
from arclean.metadata import parse_metadata
from arclean.models import Removal

TITLE = "الحكومة والنقابات توقعان اتفاقا جديدا للأجور"
STORY = [
    "وقعت الحكومة والنقابات المهنية اليوم اتفاقا جديدا يرفع الحد الأدنى للأجور في القطاع العام بعد مفاوضات طويلة.",
    "وقال وزير العمل إن الاتفاق يدخل حيز التنفيذ مطلع الشهر المقبل ويشمل أكثر من مئتي ألف موظف في المحافظات.",
    "وأضاف أن الحكومة ستراجع الأجور مرة كل عامين بالتشاور مع النقابات وممثلي القطاع الخاص.",
]


def page(*head: str, opening: str = "", closing: tuple[str, ...] = ()) -> arclean.Metadata:
    """The metadata of a page: the title, ``head`` lines, the story (its first paragraph
    opened by ``opening``), then ``closing`` lines."""
    lines = [TITLE, *head, opening + STORY[0], *STORY[1:], *closing]
    return arclean.clean("\n".join(lines)).metadata


# -- dates -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "iso"),
    [
        # the Levantine month with its Egyptian name beside it, as Levantine pages write it
        ("5 أيار/مايو 2023", "2023-05-05"),
        ("22 آذار (مارس) 2024", "2024-03-22"),
        ("الثلاثاء 14 كانون الثاني - يناير 2025", "2025-01-14"),
        ("أيار/مايو 5, 2023", "2023-05-05"),
        # the time first, then the date: "- 12" is the day, not an offset of -12 hours
        ("10:30 ص - 12 مايو 2024", "2024-05-12T10:30:00"),
        ("04:15 م - 3 يونيو 2024", "2024-06-03T16:15:00"),
        # a time glued to the year, as scraped text runs a date and its time together
        ("12/5/202410:30 ص", "2024-05-12T10:30:00"),
        ("12/5/202404:15 م", "2024-05-12T16:15:00"),
        # offsets still read: glued to their sign, or after GMT/UTC
        ("2024-05-12 10:30 -04:00", "2024-05-12T10:30:00-04:00"),
        ("12 مايو 2024 10:30 GMT+3", "2024-05-12T10:30:00+03:00"),
    ],
)
def test_unseen_date_forms(text: str, iso: str) -> None:
    found = find_date(text)
    assert found is not None and found.iso == iso, found
    assert found.text == text


def test_a_labelled_relative_date_in_the_head_block_is_the_date() -> None:
    meta = page("نُشر منذ ساعتين")
    assert (meta.title, meta.date) == (TITLE, "منذ ساعتين")


def test_hard_negative_a_head_line_opening_with_a_relative_phrase_is_no_date() -> None:
    meta = page("منذ ثلاثة أيام والنقابات تنتظر رد الحكومة على مطالبها")
    assert meta.date is None


# -- bylines ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "authors", "sources"),
    [
        ("حرر بواسطة: سامي العلي", ("سامي العلي",), ()),
        ("تحرير: سامي العلي - مراجعة: منى سعيد", ("سامي العلي",), ()),  # the reviewer is staff
        ("بقلم: سامي العلي / By Sami Al-Ali", ("سامي العلي",), ()),  # one writer, two scripts
        ("By Sami Al-Ali", ("Sami Al-Ali",), ()),
    ],
)
def test_head_block_bylines(line: str, authors: tuple[str, ...], sources: tuple[str, ...]) -> None:
    meta = page(line)
    assert (meta.title, meta.authors, meta.sources) == (TITLE, authors, sources)


def test_several_role_credits_keep_each_role() -> None:
    meta = page("تحرير: سامي العلي - مراجعة: منى سعيد")
    assert [(r.name, r.role) for r in meta.author_roles] == [("سامي العلي", "تحرير"), ("منى سعيد", "مراجعة")]


@pytest.mark.parametrize(
    ("line", "authors", "sources"),
    [
        ("مراسل الجزيرة: سامي العلي", ("سامي العلي",), ("الجزيرة",)),  # the outlet, then the person
        ("هسبريس - سامي العلي", ("سامي العلي",), ("هسبريس",)),
    ],
)
def test_an_outlet_before_the_writers_name(line: str, authors: tuple[str, ...], sources: tuple[str, ...]) -> None:
    meta = page(line)
    assert (meta.authors, meta.sources) == (authors, sources)


def test_hard_negative_a_headline_after_a_role_word_stays_the_title() -> None:
    meta = page("تحقيق: ارتفاع الأسعار يضرب الأسواق الشعبية قبل العيد")
    assert meta.authors == ()


# -- datelines -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("opening", "authors", "sources", "date"),
    [
        # the place closing the dateline is no place the vocabulary lists
        ("واس - الخرج: ", (), ("واس",), None),
        ("خالد خليل - سبق - ظفار: ", ("خالد خليل",), (), None),
        # a date between the place and the agency, and no dash after the parentheses
        ("الرباط في 12 مايو 2024 (ومع) - ", (), ("ومع",), "12 مايو 2024"),
        ("بكين 12 مايو 2024 (شينخوا) ", (), ("شينخوا",), "12 مايو 2024"),
        # the day and the month of a wire dateline are no source
        ("الكويت - 12 - 5 (كونا) -- ", (), ("كونا",), None),
        # the outlet quoted after the place's colon
        ("لندن: «الشرق الأوسط» ", (), ("الشرق الأوسط",), None),
    ],
)
def test_unseen_datelines(opening: str, authors: tuple[str, ...], sources: tuple[str, ...], date: str | None) -> None:
    meta = page(opening=opening)
    assert (meta.authors, meta.sources, meta.date) == (authors, sources, date)


@pytest.mark.parametrize(
    "opening",
    [
        "الهلال - النصر - الاتحاد: ",  # a list of clubs before a colon, no person, no agency
        "قال خبراء اقتصاديون وعقاريون، لـ «الوطن»: ",  # a sentence, the outlet quoted in it
    ],
)
def test_hard_negative_story_openings_shaped_like_datelines(opening: str) -> None:
    meta = page(opening=opening)
    assert (meta.authors, meta.sources) == ((), ())


def test_hard_negative_a_quoted_word_after_a_dateline_is_no_outlet() -> None:
    meta = page(opening='ريم سليمان - سبق - جدة: "عانس" لقب يطلق على ')
    assert (meta.authors, meta.sources) == (("ريم سليمان",), ())


# -- signatures ------------------------------------------------------------------------
VERSES = ("يا دار أهلي والزمان يدور", "والشوق في صدري كما البحر", "ملح القصيد")


def test_hard_negative_a_poems_last_verse_is_no_signature() -> None:
    meta = arclean.clean("\n".join([TITLE, *STORY, *VERSES])).metadata
    assert meta.authors == ()


def test_a_poem_signed_with_a_role_label() -> None:
    meta = arclean.clean("\n".join([TITLE, *STORY, *VERSES[:2], "شعر- سلطان أحمد العضيدان"])).metadata
    assert meta.authors == ("سلطان أحمد العضيدان",)


def test_a_letter_signed_with_the_writers_town() -> None:
    meta = page(closing=("عبدالعزيز العيسى - العيون",))
    assert meta.authors == ("عبدالعزيز العيسى",)


@pytest.mark.parametrize("closing", ["بوزارة الشؤون البلدية والقروية", "أسماء المدعوات للمطابقة", "وادي الفرع"])
def test_hard_negative_an_institution_a_heading_or_a_place_closing_the_story_is_no_signature(closing: str) -> None:
    meta = page(closing=("إدارة العلاقات العامة والإعلام", closing))
    assert meta.authors == ()


# -- sources ---------------------------------------------------------------------------
def removal(kind: str, rule: str, text: str) -> Removal:
    return Removal(start=0, end=len(text), kind=kind, rule=rule, text=text)


@pytest.mark.parametrize(
    ("rule", "text", "authors", "sources"),
    [
        # a byline the find phase took for a source line: read as the byline it is
        ("concept.outlet_desk", "رصد وتصوير: سامي العلي – صدى المدينة", ("سامي العلي",), ()),
        # exclusive to the outlet itself: no source named
        ("concept.outlet_desk", "صنعاء - خاص بـ«الوطن»", (), ()),
        # "عن" names an outlet or an agency; a sentence after it names none
        ("concept.credit", "عن الجزيرة", (), ("الجزيرة",)),
        ("concept.credit", "عن رويترز", (), ("رويترز",)),
        ("concept.credit", "عن أبها الحلقة (12)", (), ()),
        ("concept.credit", "عن وضعنا يامدهل الغانمينا", (), ()),
        # a line taken for an agency's credit that names no agency: a caption, a verse
        ("concept.agency_credit", "غلاف كتاب رحلات في الذاكرة", (), ()),
        ("concept.agency_credit", "المصدر: رويترز", (), ("رويترز",)),
        # the codes closing a wire story: an agency's abbreviation is a source, editors' initials none
        ("concept.initials", "و م ع", (), ("و م ع",)),
        ("concept.initials", "(ي.ع)", (), ()),
        ("concept.initials", "ع.ح - س.م", (), ()),
    ],
)
def test_source_lines_that_are_no_source(rule: str, text: str, authors: tuple[str, ...], sources: tuple[str, ...]) -> None:
    meta = parse_metadata([removal("source", rule, text)])
    assert (meta.authors, meta.sources) == (authors, sources)


def test_a_date_label_is_no_outlet() -> None:
    meta = parse_metadata([removal("date", "date.line", "التاريخ: 9-10-1436هـ")])
    assert (meta.sources, meta.date) == ((), "9-10-1436هـ")


def test_a_correspondent_with_a_family_name_of_the_nisba_shape() -> None:
    # "City ـ X": X is the correspondent when X reads as a person, the outlet otherwise
    assert parse_metadata([removal("title", "title.head", "جدة ـ نجيب الجداوي")]).authors == ("نجيب الجداوي",)
    outlet = parse_metadata([removal("title", "title.head", "عمّان – صدى البلد")])
    assert (outlet.authors, outlet.sources) == ((), ("صدى البلد",))


def test_a_photo_label_cut_at_its_colon_is_no_source() -> None:
    meta = page(opening="عين المدينة – جازان (تصوير: محمد القيسي) ")
    assert "تصوير" not in meta.sources


# -- dates by their shape --------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "iso"),
    [
        # a month in a spelling no list has: the listed name it differs from by its last letter
        ("الخميس 5 يونية 2014", "2014-06-05"),
        ("12 يوليه 2015 - 10:15 ص", "2015-07-12T10:15:00"),
        # a Levantine or Hijri month without the article of its second word
        ("3 كانون ثاني 2023", "2023-01-03"),
        ("14 ربيع آخر 1445 هـ", "2023-10-29"),
        # a month no name is near: the date as written, no ISO value
        ("18 juillet 2012", None),
        ("٧ جمادى الأول ١٤٤٥", None),
        # a zone no list has: the time in no known offset
        ("1 يناير 2024 10:00 بتوقيت نيويورك", "2024-01-01T10:00:00"),
    ],
)
def test_a_date_by_its_shape(text: str, iso: str | None) -> None:
    found = find_date(text, shapes=True)
    assert found is not None and (found.text, found.iso) == (text, iso), found
    plain = find_date(text)
    assert plain is None or plain.text != text  # the lists alone do not read it whole


@pytest.mark.parametrize(
    "text",
    # a count, a noun and a year: the shape of a day, a month and a year, with words no month has
    ["قتل 3 أشخاص في 2014", "فاز 3 مرات 2012", "خلال 5 سنوات 2020", "بلغ 5 آلاف 2014", "45 مشاركا 2014", "3 ساعات 2019"],
)
def test_a_count_and_a_year_are_no_date(text: str) -> None:
    assert find_date(text, shapes=True) is None


def test_a_date_line_by_its_shape_and_the_outlet_before_its_colon() -> None:
    meta = parse_metadata([removal("date", "date.line", "– الأفق: أضيف يوم الأحد 3 كانون ثاني 2021 - الساعة 9:40 مساء")])
    assert (meta.date, meta.date_iso) == ("الأحد 3 كانون ثاني 2021 - الساعة 9:40 مساء", "2021-01-03T21:40:00")
    assert meta.sources == ("الأفق",)
    # hard negative: the words after a date label's colon name no outlet
    labelled = parse_metadata([removal("date", "date.line", "نشر في: الأحد 3 كانون ثاني 2021")])
    assert (labelled.date, labelled.sources) == ("الأحد 3 كانون ثاني 2021", ())


def test_head_lines_and_dates_by_their_shape() -> None:
    headline = "المنتخب يختتم موسمه ويتوج بـ3 ألقاب 2013"
    meta = parse_metadata([removal("title", "title.head", headline), removal("title", "title.head", "الأحد 3 كانون ثاني 2021")])
    assert (meta.title, meta.date, meta.subtitle) == (headline, "الأحد 3 كانون ثاني 2021", None)
    # hard negatives: a count, a noun and a year closing a headline, or alone on a head line,
    # are no date (no month's spelling, not glued to the headline's last word)
    assert (parse_metadata([removal("title", "title.head", headline)]).date) is None
    count = parse_metadata([removal("title", "title.head", headline), removal("title", "title.head", "3 ألقاب 2013")])
    assert count.date is None
    # a date glued to the headline's last word is cut off it, whatever its month's spelling
    glued = parse_metadata([removal("title", "title.head", "الزيتونة يستأنف التدريس بعد عقود الوسط الساحلي03 يونية 2012")])
    assert (glued.title, glued.date) == ("الزيتونة يستأنف التدريس بعد عقود الوسط الساحلي", "03 يونية 2012")


# -- a dateline's place by its position --------------------------------------------------
@pytest.mark.parametrize(
    ("opening", "authors", "sources"),
    [
        # a place no list has, first of three parts before an agency: the place, no source
        ("المنيا الجديدة - الأهرام المسائي - أ ش أ - ", (), ("الأهرام المسائي", "أ ش أ")),
        ("قلقيلية المحتلة - الحياة الجديدة - وكالات - ", (), ("الحياة الجديدة", "وكالات")),
        # hard negatives: a person first is the correspondent; an outlet word names an outlet
        ("محمد العلي - الأهرام المسائي - أ ش أ - ", ("محمد العلي",), ("الأهرام المسائي", "أ ش أ")),
        ("صحيفة الأفق - وكالات - الخرطوم: ", (), ("صحيفة الأفق", "وكالات")),
    ],
)
def test_an_unknown_place_opening_a_dateline(opening: str, authors: tuple[str, ...], sources: tuple[str, ...]) -> None:
    meta = parse_metadata([], opening + STORY[0] + "\n" + STORY[1])
    assert (meta.authors, meta.sources) == (authors, sources)


def test_an_agency_dateline_line_with_an_unknown_place_first() -> None:
    meta = parse_metadata([removal("source", "source.agency_dateline", "المنستير - أ ش أ - الوسط الساحلي:")])
    assert meta.sources == ("أ ش أ", "الوسط الساحلي")


@pytest.mark.parametrize("tail", ["See author's posts", "View all posts"])
def test_an_author_box_tail_is_no_author(tail: str) -> None:
    meta = parse_metadata(
        [removal("byline", "byline.author_box", "About Post Author Admin"), removal("byline", "byline.author_box", tail)]
    )
    assert meta.authors == ("Admin",)


@pytest.mark.parametrize(
    ("closing", "sources"),
    [
        # an agency in parentheses glued to the story's last sentence is its wire credit
        (" (رويترز)", ("رويترز",)),
        (" (أ ف ب).", ("أ ف ب",)),
        # hard negatives: parentheses closing the story that hold no agency
        (" (فيديو)", ()),
        (" (1-2)", ()),
        (" (محمد العلي)", ()),
        (" (رويترز والوكالات المحلية في العاصمة الأردنية)", ()),
    ],
)
def test_an_agency_closing_the_last_sentence(closing: str, sources: tuple[str, ...]) -> None:
    story = "\n".join([STORY[0], STORY[1], STORY[2].rstrip(".") + closing])
    assert parse_metadata([], story).sources == sources


@pytest.mark.parametrize(
    ("opening", "authors", "sources"),
    [
        # a town no list has, qualified by its country in parentheses: one place, no outlet
        ("رويترز- الصخيرات (المغرب): ", (), ("رويترز",)),
        ("الصخيرات (المغرب) - رويترز: ", (), ("رويترز",)),
        # hard negatives: an agency in parentheses after a place; a correspondent before his city
        ("واشنطن (رويترز) - ", (), ("رويترز",)),
        ("سامي العلي (الرياض) - الوطن: ", ("سامي العلي",), ("الوطن",)),
    ],
)
def test_a_place_qualified_by_its_country(opening: str, authors: tuple[str, ...], sources: tuple[str, ...]) -> None:
    meta = parse_metadata([], opening + STORY[0] + "\n" + STORY[1])
    assert (meta.authors, meta.sources) == (authors, sources)


@pytest.mark.parametrize(
    ("line", "title"),
    [
        # after a label naming the outlet, a column's two words or a headline starting with the
        # article are the piece's headline, not an outlet or a name
        ("رابط المقال بصحيفة الأفق: فكر الظلام", "فكر الظلام"),
        ("رابط المقال بصحيفة الأفق: الاتفاق النووي والواقع الجديد", "الاتفاق النووي والواقع الجديد"),
        # "أب" (a father) is no agency's abbreviation ("أ ب" written joined)
        ("رابط الخبر بموقع الأفق: عرض «أب وابنه» يفتتح المهرجان", "عرض «أب وابنه» يفتتح المهرجان"),
        # a word alone is no headline: the outlet the label names is still the source, alone
        ("رابط الخبر بصحيفة الأفق: تقرير", None),
    ],
)
def test_a_link_back_label_naming_the_outlet(line: str, title: str | None) -> None:
    meta = parse_metadata([removal("source", "source.story_link", line)])
    assert (meta.title, meta.sources) == (title, ("صحيفة الأفق",) if "صحيفة" in line else ("موقع الأفق",))


@pytest.mark.parametrize(("text", "agency"), [("أب", None), ("آب", None), ("أ ب", "أ ب"), ("(أ.ب)", "أ.ب"), ("افب", "افب")])
def test_two_letters_joined_are_no_abbreviation(text: str, agency: str | None) -> None:
    from arclean.metadata import _agency_in

    found = _agency_in(text)
    assert (found[1] if found else None) == agency
