"""Dates as dates: arclean.dates on every form the vocabulary declares, and date_iso on the dev set."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest

import arclean
from arclean.chars import fold_key
from arclean.dates import find_date, split_updated

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"

# Every dated document of the development set and the ISO value its date line means, read by
# hand from the page (numeric dates are day first; "بتوقيت القدس" is +02:00 in winter, +03:00
# in summer; when a line gives a Hijri and a Gregorian date, the Gregorian one as written).
DEV_DATE_ISO = {
    "anc_bh/0001": "2012-07-25",
    "anc_bh/0003": "2012-07-01",
    "anc_bh/0005": "2012-07-02",
    "anc_bh/0006": "2012-02-24",
    "anc_mr/0003": "2012-04-03T03:01:00",
    "anc_mr/0004": "2012-02-19T13:32:00",
    "anc_ps/0001": "2012-07-09",
    "anc_ps/0002": "2012-07-01T16:53:00+03:00",
    "anc_ps/0005": "2012-03-18T09:24:00+02:00",
    "anc_ps/0006": "2012-03-25",
    "anc_ps/0007": "2012-06-24",
    "anc_sa/0002": "2012-04-07",
    "anc_sa/0003": "2012-07-08T00:06:00",
    "anc_sa/0004": "2012-07-02",
    "anc_sa/0006": "2012-06-23T20:55:00",
    "anc_sd/0002": "2012-07-24T12:09:00",
    "anc_tm/0001": "2012-07-28",
    "anc_tm/0002": "2012-04-03",
    "anc_tm/0004": "2012-07-21",
    "anc_tm/0005": "2012-07-26",
    "anc_tm/0006": "2012-07-28",
}
DEV_UPDATED_ISO = {"anc_tm/0001": "2012-07-28T01:40:21"}


@pytest.mark.skipif(not DEV.exists(), reason="needs ../shared/eval/dev.jsonl")
def test_date_iso_is_right_on_every_dated_dev_document() -> None:
    records = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    dated = {r["id"] for r in records if (r.get("meta") or {}).get("date")}
    assert dated == set(DEV_DATE_ISO), "the list above must name every dated dev document"
    wrong = {}
    for record in records:
        if record["id"] in DEV_DATE_ISO:
            meta = arclean.clean(record["raw"]).metadata
            if meta.date_iso != DEV_DATE_ISO[record["id"]]:
                wrong[record["id"]] = (meta.date, meta.date_iso)
            if record["id"] in DEV_UPDATED_ISO:
                assert meta.updated_iso == DEV_UPDATED_ISO[record["id"]]
    assert not wrong, wrong


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        # Gregorian months: Egyptian/Gulf, Levantine/Iraqi, Maghrebi, English
        ("الأحد 14 أبريل 2024", "2024-04-14"),
        ("14 إبريل 2024", "2024-04-14"),
        ("3 كانون الثاني 2023", "2023-01-03"),
        ("الخميس 5 تشرين الأول 2023", "2023-10-05"),
        ("12 آب 2022", "2022-08-12"),
        ("20 شباط 2021", "2021-02-20"),
        ("الأربعاء 8 جانفي 2020", "2020-01-08"),
        ("15 فيفري 2019", "2019-02-15"),
        ("1 جويلية 2018", "2018-07-01"),
        ("30 غشت 2017", "2017-08-30"),
        ("4 يوليوز 2016", "2016-07-04"),
        ("10 دجنبر 2015", "2015-12-10"),
        ("March 3, 2024", "2024-03-03"),
        ("3 March 2024", "2024-03-03"),
        # Arabic-Indic and Persian digits
        ("٢٥ يوليو ٢٠١٢", "2012-07-25"),
        ("۱۵ مايو ۲۰۲۰", "2020-05-15"),
        # numeric forms: year first, day first, two-digit years, month first only when it must be
        ("2024-03-05", "2024-03-05"),
        ("2024/3/5 14:30", "2024-03-05T14:30:00"),
        ("05/03/2024", "2024-03-05"),
        ("5.3.2024", "2024-03-05"),
        ("21/07/12", "2012-07-21"),
        ("3/25/2024", "2024-03-25"),
        ("٠٥-٠٣-٢٠٢٤", "2024-03-05"),
        # times: 12-hour words, seconds, offsets, named zones with their daylight saving
        ("2012-07-08 12:06 AM", "2012-07-08T00:06:00"),
        ("1 يونيو 2024 الساعة 8:55 مساءً", "2024-06-01T20:55:00"),
        ("1 يونيو 2024 - 09:15 ص", "2024-06-01T09:15:00"),
        ("1 يونيو 2024 12:30 م", "2024-06-01T12:30:00"),
        ("1 يونيو 2024 10:00 GMT+3", "2024-06-01T10:00:00+03:00"),
        ("1 يونيو 2024 10:00 +0200", "2024-06-01T10:00:00+02:00"),
        ("1 يناير 2024، 10:00 بتوقيت مكة المكرمة", "2024-01-01T10:00:00+03:00"),
        ("1 يناير 2024 10:00 بتوقيت القاهرة", "2024-01-01T10:00:00+02:00"),
        ("1 يونيو 2024 10:00 بتوقيت غرينتش", "2024-06-01T10:00:00+00:00"),
        # Hijri alone (Umm al-Qura), and Hijri with its Gregorian equivalent (the Gregorian wins)
        ("الجمعة 1 رمضان 1445 هـ", "2024-03-11"),
        ("١٥ ذو الحجة ١٤٤٤هـ", "2023-07-03"),
        ("12 ربيع الأول 1446", "2024-09-15"),
        ("الاثنين 12 شعبان 1433 هـ. الموافق 02 يوليو 2012", "2012-07-02"),
    ],
)
def test_find_date_reads_each_form(text: str, iso: str) -> None:
    found = find_date(text)
    assert found is not None and found.iso == iso, found


def test_the_date_is_found_as_written_inside_a_line() -> None:
    line = "صحيفة الوئام: تم إضافته يوم السبت 04 شعبان 1433 هـ - الموافق 23 يونيو 2012 م - الساعه 8:55 مساءً العدد 6839"
    found = find_date(line)
    assert found is not None
    assert found.text == "السبت 04 شعبان 1433 هـ - الموافق 23 يونيو 2012 م - الساعه 8:55 مساءً"
    assert line[found.start : found.end] == found.text
    assert found.iso == "2012-06-23T20:55:00"


@pytest.mark.parametrize("text", ["منذ ساعتين", "منذ 3 أيام", "قبل 5 دقائق", "منذ أسبوع", "3 hours ago", "أمس"])
def test_relative_dates_have_no_iso_without_a_reference(text: str) -> None:
    found = find_date(text)
    assert found is not None and found.relative and found.iso is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("منذ ساعتين", "2024-05-01T10:00:00+03:00"),
        ("منذ 3 أيام", "2024-04-28"),
        ("قبل 5 دقائق", "2024-05-01T11:55:00+03:00"),
        ("منذ أسبوعين", "2024-04-17"),
        ("منذ شهر", "2024-04-01"),
        ("أمس", "2024-04-30"),
        ("3 hours ago", "2024-05-01T09:00:00+03:00"),
    ],
)
def test_relative_dates_with_a_reference_time(text: str, iso: str) -> None:
    reference = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    found = find_date(text, reference)
    assert found is not None and found.iso == iso


def test_reference_time_reaches_the_metadata() -> None:
    from arclean.metadata import parse_metadata
    from arclean.models import Removal

    removal = Removal(start=0, end=10, kind="date", rule="date.line", text="منذ ساعتين")
    reference = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
    assert parse_metadata([removal]).date_iso is None
    assert parse_metadata([removal], reference=reference).date_iso == "2024-05-01T10:00:00+00:00"


@pytest.mark.parametrize("text", ["العدد 6839", "الساعة 25:99", "31 فبراير 2024", "32/13/2024", "الأحد", "بتوقيت القدس"])
def test_not_dates(text: str) -> None:
    found = find_date(text)
    assert found is None or found.iso is None


def test_publication_and_update_are_told_apart() -> None:
    meta = arclean.clean(
        "عنوان الخبر عن ارتفاع الأسعار\nنشر في 2 يوليو 2024 - آخر تحديث 3 يوليو 2024 10:15\n"
        "أعلنت الهيئة العامة للإحصاء اليوم ارتفاع معدل النمو الاقتصادي خلال الربع الثالث من العام الجاري."
    ).metadata
    assert (meta.date, meta.date_iso) == ("2 يوليو 2024", "2024-07-02")
    assert (meta.updated, meta.updated_iso) == ("3 يوليو 2024 10:15", "2024-07-03T10:15:00")
    assert split_updated("2 يوليو 2024")[1] is None


def test_the_months_of_the_find_phase_are_the_months_the_reader_knows() -> None:
    from arclean.find.vocab import vocabulary

    data = tomllib.loads((ROOT / "arclean" / "data" / "dates.toml").read_text(encoding="utf-8"))
    known = {fold_key(m).lower() for table in ("gregorian_months", "hijri_months") for m in data[table]}
    assert set(vocabulary()["months"].words) == known
    for table in ("gregorian_months", "hijri_months"):
        assert all(1 <= n <= 12 for n in data[table].values())


def removal(text: str):
    from arclean.models import Removal

    return Removal(start=0, end=len(text), kind="date", rule="date.line", text=text)


def test_update_and_publication_on_separate_lines() -> None:
    from arclean.metadata import parse_metadata

    meta = parse_metadata([removal("تاريخ النشر: 12 أبريل 2024"), removal("آخر تحديث: الأحد 14 أبريل 2024 - 10:30")])
    assert (meta.date_iso, meta.updated_iso) == ("2024-04-12", "2024-04-14T10:30:00")


def test_a_page_with_only_an_update_date_has_it_as_its_date() -> None:
    from arclean.metadata import parse_metadata

    meta = parse_metadata([removal("آخر تحديث: الأحد 14 أبريل 2024 - 10:30")])
    assert meta.date_iso == meta.updated_iso == "2024-04-14T10:30:00"


def test_an_absolute_date_wins_over_a_relative_one() -> None:
    from arclean.metadata import parse_metadata

    meta = parse_metadata([removal("منذ ساعتين"), removal("12 أبريل 2024")])
    assert (meta.date, meta.date_iso) == ("12 أبريل 2024", "2024-04-12")
