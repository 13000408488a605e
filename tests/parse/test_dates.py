"""Dates as written on real pages: golden table, negatives, exact spans, never-raise property."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegraph.model.span import Span
from cablegraph.parse.dates import find_dates, parse_date, parse_time

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "examples" / "pages" / "seeds"
B51 = dt.date(1951, 6, 1)
B52 = dt.date(1952, 7, 16)

# (text, base, iso, precision, time, rule); rule None = not checked.
GOLDEN: list[tuple[str, dt.date | None, str | None, str | None, str | None, str | None]] = [
    ("November 21, 1951", None, "1951-11-21", "day", None, "month_name_mdy"),
    ("January 03, 1950", None, "1950-01-03", "day", None, "month_name_mdy"),
    ("January, 1951", None, "1951-01", "month", None, "month_year"),
    ("January 1952", None, "1952-01", "month", None, "month_year"),
    ("1951", None, "1951", "year", None, "year_only"),
    ("21.XI.1951", None, "1951-11-21", "day", None, "roman_month"),
    ("21.XI.51", None, "1951-11-21", "day", None, "roman_month"),
    ("30.6.1951", None, "1951-06-30", "day", None, "numeric_dmy"),
    ("29.6.51", None, "1951-06-29", "day", None, "numeric_dmy_short_year"),
    ("29.6.51 г.", None, "1951-06-29", "day", None, "numeric_dmy_short_year"),
    ("17.7.52", None, "1952-07-17", "day", None, "numeric_dmy_short_year"),
    ("17.7", B52, "1952-07-17", "day", None, "numeric_day_month"),
    ("30.6", B51, "1951-06-30", "day", None, "numeric_day_month"),
    ("0130 31 October", B51, "1951-10-31", "day", "01:30", "hhmm_day_month"),
    ("1730 1 November 1951", None, "1951-11-01", "day", "17:30", "hhmm_day_month"),
    ("at 2035 30 September 1950", None, "1950-09-30", "day", "20:35", "hhmm_day_month"),
    ("18:35 21.XI.1951", None, "1951-11-21", "day", "18:35", "roman_month"),
    ("17.7 20:50", B52, "1952-07-17", "day", "20:50", "numeric_day_month"),
    ("17.7.52 18:45", None, "1952-07-17", "day", "18:45", "numeric_dmy_short_year"),
    ("Sent 22:03 16.2.51", None, "1951-02-16", "day", "22:03", None),
    ("1 November 1951", None, "1951-11-01", "day", None, "month_name_dmy"),
    ("30 June 1951", None, "1951-06-30", "day", None, "month_name_dmy"),
    ("12 October 1950.", None, "1950-10-12", "day", None, "month_name_dmy"),
    ("21 NOVEMBER 1951", None, "1951-11-21", "day", None, "month_name_dmy"),
    ("1 Sept 51", None, "1951-09-01", "day", None, "month_name_dmy"),
    ("28 June", B51, "1951-06-28", "day", None, "day_month_no_year"),
    ("30 июня 1951 г.", None, "1951-06-30", "day", None, "russian_month"),
    ("28 июня", B51, "1951-06-28", "day", None, "russian_month"),
    ("январь 1952", None, "1952-01", "month", None, "russian_month_year"),
    ("в мае 1951 г.", None, "1951-05", "month", None, "russian_month_year"),
    ("23.6.с.г.", B51, "1951-06-23", "day", None, "this_year_sg"),
    ("28.6.с.г.", B51, "1951-06-28", "day", None, "this_year_sg"),
    ("June 23 of this year", B51, "1951-06-23", "day", None, "month_day_no_year"),
    ("July 10-15", B51, "1951-07-10", "day", None, "range_month_days"),
    ("between July 10 and 15, 1951", None, "1951-07-10", "day", None, "range_month_days"),
    ("10–15 июля", B51, "1951-07-10", "day", None, "range_days_month"),
    ("10-15 July 1951", None, "1951-07-10", "day", None, "range_days_month"),
    ("From 18 to 19 December 1953", None, "1953-12-18", "day", None, "range_days_month"),
    ("from 1 December to 31 December 1953", None, "1953-12-01", "day", None, "range_two_dates"),
    ("10/14/50", None, "1950-10-14", "day", None, "us_slash_mdy"),
    ("09/30/50", None, "1950-09-30", "day", None, "us_slash_mdy"),
    ("13/10/50", None, "1950-10-13", "day", None, "us_slash_mdy"),
    ("on 09/30/50 at 20:35 p.m.", None, "1950-09-30", "day", "20:35", "us_slash_mdy"),
    ("10/01/50 at 0:35 a.m.", None, "1950-10-01", "day", "00:35", "us_slash_mdy"),
    ("10.01.50", None, "1950-01-10", "day", None, "numeric_dmy_short_year"),
    ("Sept 26", B51, "1951-09-26", "day", None, "month_day_no_year"),
    ("Sept. 26, 1951", None, "1951-09-26", "day", None, "month_name_mdy"),
    ("Jun 25", B51, "1951-06-25", "day", None, "month_day_no_year"),
    ("Aug. 3, 1953", None, "1953-08-03", "day", None, "month_name_mdy"),
    ("6:00 a.m., 12 February [1950]", None, "1950-02-12", "day", "06:00", "month_name_dmy"),
    ("4 a.m., 3 January 1950", None, "1950-01-03", "day", "04:00", "month_name_dmy"),
    ("August 23 [1950]", None, "1950-08-23", "day", None, "month_name_mdy"),
    ("[August] 22", dt.date(1950, 8, 23), "1950-08-22", "day", None, "editorial_month"),
    ("211000 July", B51, "1951-07-21", "day", "10:00", "ddhhmm_month"),
    ("2011-11-20", None, "2011-11-20", "day", None, "iso_date"),
    ("1950年8月23日", None, "1950-08-23", "day", None, "cjk_ymd"),
    # cannot be parsed
    ("31.II.1951", None, None, None, None, "roman_month"),
    ("30 February 1951", None, None, None, None, "month_name_dmy"),
    ("45.3.51", None, None, None, None, "numeric_dmy_short_year"),
    ("28 June", None, None, None, None, "day_month_no_year"),  # no year, no base
    ("17.7", None, None, None, None, "numeric_day_month"),
    ("1945–50 period", B51, None, None, None, None),
    ("795.00/7–2051", B51, None, None, None, None),
    ("may 5", B51, None, None, None, None),  # the verb, not the month
    ("", B51, None, None, None, None),
]


@pytest.mark.parametrize(("text", "base", "iso", "precision", "time", "rule"), GOLDEN)
def test_parse_date_golden(
    text: str,
    base: dt.date | None,
    iso: str | None,
    precision: str | None,
    time: str | None,
    rule: str | None,
) -> None:
    value = parse_date(text, base=base)
    assert (value.iso, value.precision, value.time) == (iso, precision, time)
    if rule is not None:
        assert value.rule == rule
    if value.span is not None:
        assert text[value.span.start : value.span.stop] == value.text


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("17.7", "year_from_document"),
        ("23.6.с.г.", "this_year"),
        ("10.01.50", "ambiguous_dmy_mdy"),
        ("12 February [1950]", "editorial_year"),
        ("31.II.1951", "impossible"),
        ("45.3.51", "impossible"),
        ("garbage", "unparsed"),
    ],
)
def test_parse_date_flags(text: str, flag: str) -> None:
    assert flag in parse_date(text, base=B51).flags


def test_no_year_without_base() -> None:
    value = parse_date("28 June")
    assert (value.iso, value.precision, value.text) == (None, None, "28 June")
    assert "no_year" in value.flags


def test_range_end() -> None:
    assert parse_date("July 10-15", base=B51).end_iso == "1951-07-15"
    assert parse_date("10–15 июля", base=B51).end_iso == "1951-07-15"
    assert parse_date("1 December to 31 December 1953").end_iso == "1953-12-31"
    assert parse_date("between July 10 and 15, 1951").end_iso == "1951-07-15"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18:35", "18:35"),
        ("1730", "17:30"),
        ("20:35 p.m.", "20:35"),
        ("12:50 p.m.", "12:50"),
        ("1:45 a.m.", "01:45"),
        ("0:35 a.m.", "00:35"),
        ("3:15 pm", "15:15"),
        ("12.00", "12:00"),
        ("25:00", None),
        ("2400", None),
        ("soon", None),
    ],
)
def test_parse_time(text: str, expected: str | None) -> None:
    assert parse_time(text) == expected


def _found(text: str, base: dt.date | None = B51) -> list[tuple[str, str | None, str]]:
    return [(d.text, d.iso, d.rule) for d in find_dates(text, base=base)]


@pytest.mark.parametrize(
    "text",
    [
        "in 1951 the talks began",  # bare year
        "uneasy sitn of 1945–50 period",
        "795.00/7–2051: Telegram",  # FRUS file number
        "Embassy No. 242/2/11/54",
        "JCS 903687.2 This msg",
        "some 3.5 million people",
        "para 3.2 of the agreement",
        "ll. 0044-0045; d. 348, l. 92",
        "we may 10 times",
        "расш.Елезов 12.00",  # a time, not 12th of month 00
    ],
)
def test_find_dates_negatives(text: str) -> None:
    assert _found(text) == []


def test_find_dates_two_dates_and_partial_list() -> None:
    found = _found("(on July 11 and the night of July 12) and from 1 November 1950 to December 1951")
    assert found == [
        ("July 11", "1951-07-11", "month_day_no_year"),
        ("July 12", "1951-07-12", "month_day_no_year"),
        ("1 November 1950", "1950-11-01", "month_name_dmy"),
        ("December 1951", "1951-12", "month_year"),
    ]


def test_find_dates_times_belong_to_the_right_date() -> None:
    text = "From Correspondent 20 Sent 17.7.52\n\n18:45 Received 17.7 20:50\n"
    found = find_dates(text, base=B52)
    assert [(d.text, d.datetime_iso) for d in found] == [
        ("17.7.52\n\n18:45", "1952-07-17T18:45"),
        ("17.7 20:50", "1952-07-17T20:50"),
    ]
    text = "расш.Елезов 12.00 30.6 отп.Корнюшина 12.15 30.6 № 1402"
    assert [d.datetime_iso for d in find_dates(text, base=B51)] == [
        "1951-06-30T12:00",
        "1951-06-30T12:15",
    ]
    # "No. 2250" is a number, not a time
    assert find_dates("No. 2250 17.7.52", base=B52)[0].time is None


def test_find_dates_start_stop() -> None:
    text = "Sent 20:50 21.XI.1951 and 22.XI.1951"
    assert [d.text for d in find_dates(text)] == ["20:50 21.XI.1951", "22.XI.1951"]
    # offsets stay offsets into the whole text; a cut inside a number finds nothing there
    assert [d.text for d in find_dates(text, start=12)] == ["22.XI.1951"]
    assert [d.span for d in find_dates(text, start=11, stop=21)] == [Span(11, 21)]
    assert find_dates(text, start=5, stop=5) == []


def test_seed_page_spans_exact() -> None:
    """Seed 000 (record 113632): every date, its span and its rule."""
    text = (SEEDS / "000_76932a805ef3dd28.txt").read_text(encoding="utf-8")
    found = find_dates(text, base=dt.date(1951, 11, 21))
    for d in found:
        assert d.span is not None
        assert text[d.span.start : d.span.stop] == d.text
    assert [(d.text, d.datetime_iso, d.rule) for d in found] == [
        ("November 21, 1951", "1951-11-21", "month_name_mdy"),
        ("18:35 21.XI.1951", "1951-11-21T18:35", "roman_month"),
        ("20:50 21.XI.1951", "1951-11-21T20:50", "roman_month"),
        ("20 November", "1951-11-20", "day_month_no_year"),
        ("21.XI.51", "1951-11-21", "roman_month"),
        ("21.XI.51", "1951-11-21", "roman_month"),
        ("2011-11-20", "2011-11-20", "iso_date"),
    ]


def test_seed_page_004_envelope_times() -> None:
    text = (SEEDS / "004_9f93c5bc8e2ae310.txt").read_text(encoding="utf-8")
    found = {d.text: d for d in find_dates(text, base=dt.date(1951, 11, 1))}
    assert found["1730 1 November 1951"].datetime_iso == "1951-11-01T17:30"
    assert found["0130 31 October"].datetime_iso == "1951-10-31T01:30"
    assert found["1840 1 November"].rule == "hhmm_day_month"


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_all_seed_spans_inside_and_ordered(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    last = 0
    for d in find_dates(text, base=B51):
        assert d.span is not None and last <= d.span.start < d.span.stop <= len(text)
        assert text[d.span.start : d.span.stop] == d.text
        assert d.rule
        last = d.span.stop


_ALPHABET = "0123456789 .,/-–:[]\nJulyNovemberSeptXIVг.сиюнячьa.m.p.m.ZAug\u00a0年月"
_TOKENS = st.sampled_from(
    ["21", "0130", "211000", "1951", "51", "21.XI.", "30.6", ".", "/", "-", "–", ",", "at",
     "November", "Sept.", "июня", "с.г.", "[1950]", "[August]", "18:35", "p.m.", "to", "and",
     "2011-11-20", "№", "No.", "\n", "\n\n", "between", "of this year", "г."]
)  # fmt: skip
_TEXTS = st.one_of(
    st.text(max_size=80),
    st.text(_ALPHABET, max_size=80),
    st.lists(_TOKENS, max_size=12).map(" ".join),
    st.lists(_TOKENS, max_size=12).map("".join),
)


@settings(max_examples=500, deadline=None)
@given(
    text=_TEXTS,
    base=st.one_of(st.none(), st.dates()),
    start=st.integers(-100, 100),
    stop=st.one_of(st.none(), st.integers(-100, 100)),
)
def test_never_raises_and_spans_inside(text: str, base: dt.date | None, start: int, stop: int | None) -> None:
    last = 0
    for d in find_dates(text, base=base, start=start, stop=stop):
        assert d.span is not None
        assert last <= d.span.start < d.span.stop <= len(text)
        assert text[d.span.start : d.span.stop] == d.text
        last = d.span.stop
    value = parse_date(text, base=base)
    if value.span is not None:
        assert 0 <= value.span.start <= value.span.stop <= len(text)
    assert value.iso is None or value.precision is not None
    parse_time(text)
