"""Dates as written in Cold War telegrams: find them, parse them, keep where they came from.

Every form below was seen on a real page (Wilson Center, FRUS, listings):

* English month names, full, three-letter or "Sept", any case: "November 21, 1951",
  "Sept. 26, 1951", "21 NOVEMBER 1951", "1 Sept 51", "January, 1951", "28 June";
* Russian month names in any case form: "30 июня 1951 г.", "28 июня", "в мае 1951 г.";
* numeric day-first dates: "30.6.1951", "29.6.51", "17.7", "23.6.с.г." (сего года);
* Roman months: "21.XI.1951", "21.XI.51"; US slashes: "09/30/50"; ISO: "2011-11-20";
* ranges: "July 10-15", "10–15 июля", "from 1 December to 31 December 1953";
* times next to a date: "18:35 21.XI.1951", "0130 31 October", "17.7 20:50",
  "on 09/30/50 at 20:35 p.m.", "6:00 a.m., 12 February [1950]", military "211000 July".

A missing year is taken from ``base`` (the document's own date, flag ``year_from_document``),
never from today. Without a base the value keeps ``iso=None`` and the flag ``no_year``.
Impossible dates ("31.II.1951") keep ``iso=None`` and the flag ``impossible``.
Two-digit years are 19xx. Bare four-digit numbers are never reported by :func:`find_dates`.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from typing import Final

from cablegraph.model.document import DateValue, Precision
from cablegraph.model.span import Span

__all__ = ["find_dates", "parse_date", "parse_time"]

# ---------------------------------------------------------------------------------------------
# Building blocks of the patterns
# ---------------------------------------------------------------------------------------------

_WS = r"[ \t\r\u00a0\u2009\u202f]"  # a space inside a line
_SP = _WS + "+"
_SPN = rf"(?:{_WS}*\n{_WS}*|{_WS}+)"  # spaces, or one line break
_N = "[0-9]"
_D = r"[0-3]?[0-9]"  # the day of a month-name date (validated later)
_ND = r"[0-9]{1,2}"  # a day or month of a numeric date (validated later)
_ORD = r"(?:st|nd|rd|th)?"
_Y4 = r"(?:1[89][0-9]{2}|20[0-9]{2})"
_LB = r"(?<![\w.,/:])(?<![0-9][-–])"  # a number not glued to what precedes it
_NOGLUE = r"(?![0-9/]|[.,][0-9])"  # ... nor to what follows it
_MON = (  # factored by first letter: much faster than a flat list under IGNORECASE
    r"(?:j(?:an(?:uary|\.)?|un(?:e|\.)?|ul(?:y|\.)?)|feb(?:ruary|\.)?|m(?:ar(?:ch|\.)?|ay)"
    r"|a(?:pr(?:il|\.)?|ug(?:ust|\.)?)|sep(?:tember|t\.?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?"
    r"|dec(?:ember|\.)?)(?![a-z])"
)
_MON_RU = (
    r"(?:(?:январ|феврал|апрел|июн|июл|сентябр|октябр|ноябр|декабр)[ьяеюё]"
    r"|март[аеу]?|август[аеу]?|ма[йяею])(?![а-яё])"
)
_ROMAN = r"(?:XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I)(?![a-z])"
_MON_VI = r"(?:1[0-2]|0?[1-9]|Mười\s+Một|Mười\s+Hai|Mười|Một|Giêng|Hai|Ba|Tư|Bốn|Năm|Sáu|Bảy|Tám|Chín|Chạp)"
_VI_MONTHS: Final = {
    "một": 1, "giêng": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
    "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12,
}  # fmt: skip
_RU_G = rf"(?:{_WS}?г(?:ода|\.|(?![а-яё])))?"  # "1951 г.", "1951 года"
_SG = rf"[сc]\.{_WS}?г\.?"  # с.г. = сего года, "this year"
_RANGE_SEP = rf"(?:{_WS}*[-–—]{_WS}*|{_SP}(?:to|till|until|through){_SP})"
_RANGE_SEP_RU = rf"(?:{_WS}*[-–—]{_WS}*|{_SP}по{_SP})"


def _year_tail(p: str, *, short: bool) -> str:
    """An optional year after a day and month: ", 1951", " 51", " [1950]", " of this year"."""
    two = rf"|,?{_SP}(?P<{p}_yy>[0-9]{{2}}){_NOGLUE}" if short else ""
    return (
        rf"(?:,?{_SPN}(?P<{p}_y>{_Y4})(?![0-9]){two}"
        rf"|{_WS}*\[(?P<{p}_e>{_Y4})\]"
        rf"|(?P<{p}_t>,?{_SP}(?:of{_SP})?this{_SP}year\b))?"
    )


def _ru_year_tail(p: str) -> str:
    """An optional year after a Russian day and month: " 1951 г." or " с.г."."""
    return rf"(?:{_SPN}(?P<{p}_y>{_Y4})(?![0-9]){_RU_G}|{_WS}*(?P<{p}_sg>{_SG}))?"


# One alternative per form; the first that matches at a position wins, so longer forms
# come first. Group names are prefixed with the alternative's key.
_FORMS: Final[list[tuple[str, str]]] = [
    # "211000 July", "211000Z JUL 51": DDHHMM military date-time group.
    (
        "dtg",
        rf"(?<![\w.,/])(?P<dtg_d>[0-3][0-9])(?P<dtg_h>[01][0-9]|2[0-3])(?P<dtg_mi>[0-5][0-9])"
        rf"Z?{_WS}*(?P<dtg_m>{_MON})" + _year_tail("dtg", short=True),
    ),
    ("iso", rf"(?<![\w./-])(?P<iso_y>{_Y4})-(?P<iso_m>{_N}{{2}})-(?P<iso_d>{_N}{{2}})(?![\w-])"),
    (
        "cjk",
        rf"(?<![0-9])(?P<cjk_y>{_Y4})年{_WS}?(?P<cjk_m>{_ND}){_WS}?月"
        rf"(?:{_WS}?(?P<cjk_d>{_ND}){_WS}?[日号])?",
    ),
    # "1 December to 31 December 1953"
    (
        "rtd",
        rf"{_LB}(?P<rtd_d1>{_D}){_ORD}{_SP}(?:of{_SP})?(?P<rtd_m1>{_MON}){_RANGE_SEP}"
        rf"(?P<rtd_d2>{_D}){_ORD}{_SP}(?:of{_SP})?(?P<rtd_m2>{_MON})" + _year_tail("rtd", short=False),
    ),
    # "10-15 July 1951", "18 to 19 December 1953"
    (
        "rdm",
        rf"{_LB}(?P<rdm_d1>{_D}){_ORD}{_RANGE_SEP}(?P<rdm_d2>{_D}){_ORD}{_SP}(?:of{_SP})?"
        rf"(?P<rdm_m>{_MON})" + _year_tail("rdm", short=True),
    ),
    # "10–15 июля"
    (
        "rdr",
        rf"{_LB}(?P<rdr_d1>{_D}){_RANGE_SEP_RU}(?P<rdr_d2>{_D}){_SP}(?P<rdr_m>{_MON_RU})"
        + _ru_year_tail("rdr"),
    ),
    # "21 November 1951", "1 Sept 51", "28 June", "12 February [1950]"
    (
        "dmy",
        rf"{_LB}(?P<dmy_d>{_D}){_ORD}{_SP}(?:of{_SP})?(?P<dmy_m>{_MON})" + _year_tail("dmy", short=True),
    ),
    # "30 июня 1951 г.", "28 июня", "28 июня с.г."
    ("dru", rf"{_LB}(?P<dru_d>{_D}){_SP}(?P<dru_m>{_MON_RU})" + _ru_year_tail("dru")),
    # Vietnamese: "17 tháng Bảy 1948", "26 tháng Tư 1948", "24 tháng 1 năm 1966"
    (
        "dvi",
        rf"{_LB}(?P<dvi_d>{_D}){_SP}tháng{_SP}(?P<dvi_m>{_MON_VI})(?![\w])"
        rf"(?:,?{_SP}(?:năm{_SP})?(?P<dvi_y>{_Y4})(?![0-9]))?",
    ),
    # "21.XI.1951", "21.XI.51", "10 XII 1941"
    (
        "rom",
        rf"{_LB}(?P<rom_d>{_ND})(?:{_WS}?\.{_WS}?(?P<rom_m>{_ROMAN}){_WS}?\.{_WS}?"
        rf"(?P<rom_y>{_Y4}|{_N}{{2}})|{_SP}(?P<rom_m2>(?-i:{_ROMAN})){_SP}(?P<rom_y2>{_Y4})(?!\w)){_NOGLUE}{_RU_G}",
    ),
    # "23.6.с.г."
    ("nsg", rf"{_LB}(?P<nsg_d>{_ND})\.(?P<nsg_m>{_ND})\.?{_WS}?{_SG}"),
    # "30.6.1951", "29.6.51 г.", "10.01.50"
    (
        "ny",
        rf"{_LB}(?P<ny_d>{_ND})\.(?P<ny_m>{_ND})\.(?P<ny_y>{_Y4}|{_N}{{2}}){_NOGLUE}{_RU_G}",
    ),
    # "09/30/50"
    ("us", rf"(?<![\w./-])(?P<us_a>{_ND})/(?P<us_b>{_ND})/(?P<us_y>{_Y4}|{_N}{{2}}){_NOGLUE}"),
    # "17.7", "30.6" (not a dotted time "12.00" just before another date)
    (
        "ndm",
        rf"{_LB}(?P<ndm_d>{_ND})\.(?P<ndm_m>{_ND}){_NOGLUE}(?!{_SP}{_ND}\.{_ND}(?![0-9]))",
    ),
    # "November 21, 1951", "Sept 26", "July 10-15", "August 23 [1950]", "June 30 this year"
    (
        "mdy",
        rf"\b(?P<mdy_m>{_MON}){_SP}(?P<mdy_d>{_D}){_ORD}(?![0-9])"
        rf"(?:(?P<mdy_sep>{_RANGE_SEP}|{_SP}and{_SP})(?:(?P<mdy_m2>{_MON}){_SP})?"
        rf"(?P<mdy_d2>{_D}){_ORD}(?![0-9]))?" + _year_tail("mdy", short=False),
    ),
    # "January, 1951", "January 1952"
    ("my", rf"\b(?P<my_m>{_MON}),?{_SP}(?P<my_y>{_Y4})(?![0-9])"),
    # "[August] 22"
    (
        "edm",
        rf"\[(?P<edm_m>{_MON})\]{_WS}*(?P<edm_d>{_D})(?![0-9])" + _year_tail("edm", short=False),
    ),
    # "январь 1952", "в мае 1951 г."
    ("mru", rf"\b(?P<mru_m>{_MON_RU}){_SP}(?P<mru_y>{_Y4})(?![0-9]){_RU_G}"),
]

_MONTH_FIRST_KEYS: Final = frozenset({"mdy", "my", "edm", "mru"})


def _alternation(keys: list[str]) -> re.Pattern[str]:
    forms = dict(_FORMS)
    return re.compile("|".join(f"(?P<{k}>{forms[k]})" for k in keys), re.IGNORECASE)


# Every date starts at a run of digits or at a month name shortly before one. Scanning the
# page for digit runs is fast; each run then tries only the forms that can start there,
# chosen by the character that follows the run.
_DIGIT_FIRST: Final = {
    "dot": _alternation(["rom", "nsg", "ny", "ndm"]),
    "slash": _alternation(["us"]),
    "dash": _alternation(["rdm", "rdr"]),
    "space": _alternation(["rtd", "rdm", "rdr", "dmy", "dru", "dvi", "rom"]),
    "ordinal": _alternation(["rtd", "rdm", "dmy"]),
    "iso": _alternation(["iso"]),
    "cjk": _alternation(["cjk"]),
    "dtg": _alternation(["dtg"]),
}
_AFTER_DAY: Final = {
    **dict.fromkeys(" \t\u00a0\u2009\u202f", "space"),
    **dict.fromkeys("-–—", "dash"),
    **dict.fromkeys("sSnNrRtT", "ordinal"),
    ".": "dot",
    "/": "slash",
}
_AFTER_YEAR: Final = {"-": "iso", "年": "cjk"}
_MONTH_FIRST: Final = _alternation([k for k, _ in _FORMS if k in _MONTH_FIRST_KEYS])
_DIGITS: Final = re.compile("[0-9]+")  # a plain character class: the fastest scan
_RUN_SIZES: Final = frozenset({1, 2, 4, 6})  # day, year, DDHHMM: no other run starts a date
_MONTH_BEFORE: Final = re.compile(rf"(?:\[|\b)(?:{_MON}|{_MON_RU})\]?,?{_WS}*\Z", re.IGNORECASE)
_GAP_CHARS: Final = " \t\u00a0\u2009\u202f,"

# A time just before a date: "18:35 ", "1730 ", "6:00 a.m., ", "4 a.m., ", "12.00 ".
_TIME_BEFORE: Final = re.compile(
    rf"(?<![\w.:/])(?:(?P<hm>[0-9]{{1,2}}:[0-5][0-9])(?:{_WS}*(?P<ap>[ap])\.?{_WS}?m\.?)?"
    rf"|(?P<hhmm>(?:[01][0-9]|2[0-3])[0-5][0-9])(?:{_WS}*(?:hours|hrs\.?))?"
    rf"|(?P<h>[0-9]{{1,2}}){_WS}*(?P<ap2>[ap])\.{_WS}?m\."
    rf"|(?P<dot>(?:[01]?[0-9]|2[0-3])\.[0-5][0-9]))"
    rf",?{_SP}(?:on{_SP})?\Z",
    re.IGNORECASE,
)
# A time just after a date: " 20:50", " at 20:35 p.m.", "—11:20 p.m.", "\n18:45".
_TIME_AFTER: Final = re.compile(
    rf"(?:,?{_SP}(?:at{_SP})?|{_WS}*[—–-]{_WS}*|(?P<nl>{_WS}*\n(?:{_WS}*\n)?{_WS}*))"
    rf"(?:(?P<hm>[0-9]{{1,2}}:[0-5][0-9])(?![0-9])(?:{_WS}*(?P<ap>[ap])\.?{_WS}?m\.?(?![a-z]))?"
    rf"|(?P<h>[0-9]{{1,2}}){_WS}*(?P<ap2>[ap])\.{_WS}?m\.)",
    re.IGNORECASE,
)
# A date starting right after a time, which then belongs to that date, not the one before.
_NEXT_DATE: Final = re.compile(
    rf"{_SP}[0-9]{{1,2}}(?:\.(?:[0-9]|[IVX])|/[0-9]|{_SP}(?:{_MON}|{_MON_RU}))", re.IGNORECASE
)
# "No. 2250 17.7.52": a number, not a time.
_NUMBER_LABEL: Final = re.compile(r"(?:\bNo\.?|№|Nº|N°|#)\s*$", re.IGNORECASE)
# "17.7 отп." is fine after a time; a bare "3.5 million" is a decimal, not a date.
_WORD_AFTER: Final = re.compile(rf"{_WS}*[a-zа-яё%]")
_NOT_DATE_BEFORE: Final = re.compile(
    r"(?:\b(?:p|pp|para|paras|paragraph|section|sec|art|article|item|point|part|table|fig"
    r"|chapter|ch|ст|п|пп|гл|л|лл|No)\.?|[$£€§№#])\s*$",
    re.IGNORECASE,
)
_TIME_TEXT: Final = re.compile(
    rf"^(?:(?P<h>[0-9]{{1,2}})(?::|\.|h)?(?P<m>[0-5][0-9])|(?P<ho>[0-9]{{1,2}}))"
    rf"(?:{_WS}*(?P<ap>[ap])\.?{_WS}?m\.?)?(?:{_WS}*(?:hours|hrs\.?|h))?$",
    re.IGNORECASE,
)
_FILLER_BEFORE: Final = re.compile(r"(?:(?:at|on|from|of|dated|between|в|от|с)\s+)?", re.IGNORECASE)
_YEAR_ONLY: Final = re.compile(rf"^\[?(?P<y>{_Y4})\]?$")

_EN_MONTHS: Final = {
    name: i
    for i, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_RU_MONTHS: Final = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "май": 5, "мая": 5, "мае": 5, "маю": 5,
    "июн": 6, "июл": 7, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}  # fmt: skip
_MONTH_PREFIXES: Final = frozenset([*_EN_MONTHS, *_RU_MONTHS])
_ROMANS: Final = {
    r: i
    for i, r in enumerate(("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"), start=1)
}
_AMBIGUOUS_WORDS: Final = frozenset({"may", "march", "mar"})  # lower case: a verb, not a month
_NUMERIC_KEYS: Final = frozenset({"ny", "ndm", "nsg", "us", "iso", "cjk"})
_DOTTED_TIME_KEYS: Final = frozenset({"ny", "ndm", "nsg", "rom"})
_HHMM_RULES: Final = frozenset({"month_name_dmy", "day_month_no_year", "russian_month"})
_NO_TIME_KEYS: Final = frozenset({"dtg", "iso", "cjk"})

# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------

_YMD = tuple[int | None, int, int | None]  # year (None: not written), month, day (None: month)


def _g(m: re.Match[str], name: str) -> str | None:
    value = m.group(name)
    return value if isinstance(value, str) else None


def _year(text: str) -> int:
    value = int(text)
    return 1900 + value if len(text) == 2 else value


def _en_month(word: str) -> int | None:
    token = word.rstrip(".")
    if token.lower() in _AMBIGUOUS_WORDS and token.islower():
        return None
    return _EN_MONTHS.get(token[:3].lower())


def _ru_month(word: str) -> int | None:
    return _RU_MONTHS.get(word[:3].lower())


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _valid(year: int | None, month: int, day: int | None) -> bool:
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    # An unknown year may be a leap year: 29 February stays possible.
    return 1 <= day <= _days_in_month(2000 if year is None else year, month)


def _iso(year: int, month: int, day: int | None) -> str:
    return f"{year:04d}-{month:02d}" if day is None else f"{year:04d}-{month:02d}-{day:02d}"


def _tail_year(m: re.Match[str], p: str, flags: list[str]) -> int | None:
    """The year written after a day and month (group names from :func:`_year_tail`)."""
    gd = m.groupdict()
    if gd.get(f"{p}_y"):
        return _year(gd[f"{p}_y"])
    if gd.get(f"{p}_yy"):
        return _year(gd[f"{p}_yy"])
    if gd.get(f"{p}_e"):
        flags.append("editorial_year")
        return int(gd[f"{p}_e"])
    if gd.get(f"{p}_t") or gd.get(f"{p}_sg"):
        flags.append("this_year")
    return None


def _value(
    m: re.Match[str],
    rule: str,
    start: _YMD,
    base: _dt.date | None,
    flags: list[str],
    end: _YMD | None = None,
    stop: int | None = None,
) -> DateValue:
    """A DateValue for ``m`` (or ``m.start():stop``), completing the year from ``base``."""
    year, month, day = start
    if year is None:
        if base is not None:
            year = base.year
            flags.append("year_from_document")
        else:
            flags.append("no_year")
    a, b = m.start(), m.end() if stop is None else stop
    value = DateValue(text=m.string[a:b], span=Span(a, b), rule=rule, flags=flags)
    if not _valid(year, month, day):
        flags.append("impossible")
        return value
    if year is None:
        return value
    precision: Precision = "month" if day is None else "day"
    value.iso, value.precision = _iso(year, month, day), precision
    if end is not None:
        _set_end(value, year, end)
    return value


def _set_end(value: DateValue, year: int, end: _YMD) -> None:
    """Fill ``end_iso`` of a range; a start after the end rolls the start back a year."""
    end_year, month, day = end
    end_year = year if end_year is None else end_year
    if not _valid(end_year, month, day) or value.iso is None:
        value.flags.append("impossible_range_end")
        return
    end_iso = _iso(end_year, month, day)
    if end_iso < value.iso:
        start_month = int(value.iso[5:7])
        if start_month > month and end_year > 1:
            value.iso = _iso(end_year - 1, start_month, int(value.iso[8:10]))
        else:
            value.flags.append("reversed_range")
            return
    value.end_iso = end_iso


# ---------------------------------------------------------------------------------------------
# Rules: one small function per form, named after the rule it reports
# ---------------------------------------------------------------------------------------------

_Rule = Callable[[re.Match[str], _dt.date | None], DateValue | None]


def _rule_ddhhmm_month(m: re.Match[str], base: _dt.date | None) -> DateValue | None:
    month = _en_month(m["dtg_m"])
    if month is None:
        return None
    flags: list[str] = []
    year = _tail_year(m, "dtg", flags)
    value = _value(m, "ddhhmm_month", (year, month, int(m["dtg_d"])), base, flags)
    value.time = f"{m['dtg_h']}:{m['dtg_mi']}"
    return value


def _rule_iso_date(m: re.Match[str], base: _dt.date | None) -> DateValue | None:
    ymd = (int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"]))
    return _value(m, "iso_date", ymd, base, [])


def _rule_cjk_ymd(m: re.Match[str], base: _dt.date | None) -> DateValue | None:
    day = _g(m, "cjk_d")
    ymd = (int(m["cjk_y"]), int(m["cjk_m"]), None if day is None else int(day))
    return _value(m, "cjk_ymd", ymd, base, [])


def _rule_range_two_dates(m: re.Match[str], base: _dt.date | None) -> DateValue | None:
    m1, m2 = _en_month(m["rtd_m1"]), _en_month(m["rtd_m2"])
    if m1 is None or m2 is None:
        return None
    flags: list[str] = []
    year = _tail_year(m, "rtd", flags)
    start, end = (year, m1, int(m["rtd_d1"])), (year, m2, int(m["rtd_d2"]))
    return _value(m, "range_two_dates", start, base, flags, end)


def _rule_range_days_month(m: re.Match[str], base: _dt.date | None) -> DateValue | None:
    month = _en_month(m["rdm_m"])
    if month is None:
        return None
    flags: list[str] = []
    year = _tail_year(m, "rdm", flags)
    start, end = (year, month, int(m["rdm_d1"])), (year, month, int(m["rdm_d2"]))
    return _value(m, "range_days_month", start, base, flags, end)


def _rule_range_days_month_ru(m: re.Match[str], base: _dt.date | None) -> DateValue | None:
    month = _ru_month(m["rdr_m"])
    if month is None:
        return None
    flags: list[str] = []
    year = _tail_year(m, "rdr", flags)
    start, end = (year, month, int(m["rdr_d1"])), (year, month, int(m["rdr_d2"]))
    return _value(m, "range_days_month", start, base, flags, end)


def _rule_month_name_dmy(m: re.Match[str], base: _dt.date | None) -> DateValue | None:
    month = _en_month(m["dmy_m"])
    if month is None:
        return None
    flags: list[str] = []
    year = _tail_year(m, "dmy", flags)
    rule = "month_name_dmy" if year is not None else "day_month_no_year"
    return _value(m, rule, (year, month, int(m["dmy_d"])), base, flags)


def _rule_russian_month(m: re.Match[str], base: _dt.date | None) -> DateValue | None:
    month = _ru_month(m["dru_m"])
    if month is None:
        return None
    flags: list[str] = []
    year = _tail_year(m, "dru", flags)
    rule = "this_year_sg" if _g(m, "dru_sg") else "russian_month"
    return _value(m, rule, (year, month, int(m["dru_d"])), base, flags)


def _rule_vietnamese_month(m: re.Match[str], base: _dt.date | None) -> DateValue | None:
    word = re.sub(r"\s+", " ", m["dvi_m"]).lower()
    month = int(word) if word.isdigit() else _VI_MONTHS.get(word)
    if month is None:
        return None
    flags: list[str] = []
    year = int(m["dvi_y"]) if m["dvi_y"] else None
    return _value(m, "vietnamese_month", (year, month, int(m["dvi_d"])), base, flags)


def _rule_roman_month(m: re.Match[str], base: _dt.date | None) -> DateValue | None:
    month, year = (m["rom_m"], m["rom_y"]) if m["rom_m"] else (m["rom_m2"], m["rom_y2"])
    ymd = (_year(year), _ROMANS[month.upper()], int(m["rom_d"]))
    return _value(m, "roman_month", ymd, base, [])


def _rule_this_year_sg(m: re.Match[str], base: _dt.date | None) -> DateValue | None:
    ymd = (None, int(m["nsg_m"]), int(m["nsg_d"]))
    return _value(m, "this_year_sg", ymd, base, ["this_year"])


def _rule_numeric_dmy(m: re.Match[str], base: _dt.date | None) -> DateValue | None:
    d_text, m_text, y_text = m["ny_d"], m["ny_m"], m["ny_y"]
    day, month, year = int(d_text), int(m_text), _year(y_text)
    rule = "numeric_dmy" if len(y_text) == 4 else "numeric_dmy_short_year"
    flags: list[str] = []
    if len(d_text) == 2 and len(m_text) == 2 and day != month and day <= 12 and month <= 12:
        flags.append("ambiguous_dmy_mdy")  # "10.01.50": US or European? prefer day first
    elif not _valid(year, month, day) and _valid(year, day, month):
        flags.append("month_first")
        day, month = month, day
    return _value(m, rule, (year, month, day), base, flags)


def _rule_us_slash_mdy(m: re.Match[str], base: _dt.date | None) -> DateValue | None:
    month, day, year = int(m["us_a"]), int(m["us_b"]), _year(m["us_y"])
    flags: list[str] = []
    if month > 12 and day <= 12:
        flags.append("day_first")
        day, month = month, day
    return _value(m, "us_slash_mdy", (year, month, day), base, flags)


def _rule_numeric_day_month(m: re.Match[str], base: _dt.date | None) -> DateValue | None:
    ymd = (None, int(m["ndm_m"]), int(m["ndm_d"]))
    return _value(m, "numeric_day_month", ymd, base, [])


def _rule_month_name_mdy(m: re.Match[str], base: _dt.date | None) -> DateValue | None:
    month = _en_month(m["mdy_m"])
    if month is None:
        return None
    flags: list[str] = []
    sep, day2 = _g(m, "mdy_sep"), _g(m, "mdy_d2")
    if sep is not None and day2 is not None and sep.strip().lower() == "and":
        before = m.string[max(0, m.start() - 8) : m.start()].lower()
        if not before.rstrip().endswith("between"):
            # "July 11 and 12": two dates; report the first, leave the rest.
            first: _YMD = (None, month, int(m["mdy_d"]))
            return _value(m, "month_day_no_year", first, base, flags, stop=m.end("mdy_d"))
    year = _tail_year(m, "mdy", flags)
    start: _YMD = (year, month, int(m["mdy_d"]))
    if day2 is not None:
        month2 = _en_month(m["mdy_m2"]) if _g(m, "mdy_m2") else month
        if month2 is None:
            return None
        return _value(m, "range_month_days", start, base, flags, (year, month2, int(day2)))
    rule = "month_name_mdy" if year is not None else "month_day_no_year"
    return _value(m, rule, start, base, flags)


def _rule_month_year(m: re.Match[str], base: _dt.date | None) -> DateValue | None:
    month = _en_month(m["my_m"])
    if month is None:
        return None
    return _value(m, "month_year", (int(m["my_y"]), month, None), base, [])


def _rule_editorial_month(m: re.Match[str], base: _dt.date | None) -> DateValue | None:
    month = _en_month(m["edm_m"])
    if month is None:
        return None
    flags = ["editorial_month"]
    year = _tail_year(m, "edm", flags)
    return _value(m, "editorial_month", (year, month, int(m["edm_d"])), base, flags)


def _rule_russian_month_year(m: re.Match[str], base: _dt.date | None) -> DateValue | None:
    month = _ru_month(m["mru_m"])
    if month is None:
        return None
    return _value(m, "russian_month_year", (int(m["mru_y"]), month, None), base, [])


_RULES: Final[dict[str, _Rule]] = {
    "dtg": _rule_ddhhmm_month,
    "iso": _rule_iso_date,
    "cjk": _rule_cjk_ymd,
    "rtd": _rule_range_two_dates,
    "rdm": _rule_range_days_month,
    "rdr": _rule_range_days_month_ru,
    "dmy": _rule_month_name_dmy,
    "dru": _rule_russian_month,
    "dvi": _rule_vietnamese_month,
    "rom": _rule_roman_month,
    "nsg": _rule_this_year_sg,
    "ny": _rule_numeric_dmy,
    "us": _rule_us_slash_mdy,
    "ndm": _rule_numeric_day_month,
    "mdy": _rule_month_name_mdy,
    "my": _rule_month_year,
    "edm": _rule_editorial_month,
    "mru": _rule_russian_month_year,
}
assert set(_RULES) == {key for key, _ in _FORMS}

# ---------------------------------------------------------------------------------------------
# Times
# ---------------------------------------------------------------------------------------------


def _clock(hour: int, minute: int, ampm: str | None) -> str | None:
    """``HH:MM`` from a clock reading; "p.m." after an hour past 12 is ignored ("20:35 p.m.")."""
    if ampm:
        ampm = ampm.lower()
        if not 0 <= hour <= 12 and not (ampm == "p" and hour <= 23):
            return None
        if ampm == "p" and 1 <= hour < 12:
            hour += 12
        elif ampm == "a" and hour == 12:
            hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return f"{hour:02d}:{minute:02d}"


def parse_time(text: str) -> str | None:
    """``HH:MM`` for "18:35", "1730", "20:35 p.m.", "1:45 a.m.", "12.00", "4 a.m."; else None."""
    m = _TIME_TEXT.match(text.strip())
    if m is None:
        return None
    ampm = _g(m, "ap")
    if m["ho"] is not None:
        if ampm is None:
            return None  # a bare number is not a time
        return _clock(int(m["ho"]), 0, ampm)
    return _clock(int(m["h"]), int(m["m"]), ampm)


def _time_of(m: re.Match[str]) -> str | None:
    """The time matched by :data:`_TIME_BEFORE` or :data:`_TIME_AFTER`."""
    gd = m.groupdict()
    if gd.get("hm"):
        hour, minute = gd["hm"].split(":")
        return _clock(int(hour), int(minute), gd.get("ap"))
    if gd.get("hhmm"):
        return _clock(int(gd["hhmm"][:2]), int(gd["hhmm"][2:]), None)
    if gd.get("h"):
        return _clock(int(gd["h"]), 0, gd.get("ap2"))
    if gd.get("dot"):
        hour, minute = gd["dot"].split(".")
        return _clock(int(hour), int(minute), None)
    return None


def _attach_time_before(text: str, value: DateValue, key: str, floor: int) -> bool:
    """Extend ``value`` to a time written just before it ("18:35 21.XI.1951")."""
    assert value.span is not None
    start = value.span.start
    tm = _TIME_BEFORE.search(text, max(floor, start - 24), start)
    if tm is None:
        return False
    if tm["dot"] and key not in _DOTTED_TIME_KEYS:
        return False
    if tm["hhmm"] and _NUMBER_LABEL.search(text, max(0, tm.start() - 5), tm.start()):
        return False
    clock = _time_of(tm)
    if clock is None:
        return False
    value.time = clock
    value.span = Span(tm.start(), value.span.stop)
    value.text = text[tm.start() : value.span.stop]
    if tm["hhmm"] and value.rule in _HHMM_RULES:
        value.rule = "hhmm_day_month"
    return True


def _attach_time_after(text: str, value: DateValue, key: str, stop: int) -> bool:
    """Extend ``value`` to a time written just after it ("17.7 20:50", "at 20:35 p.m.")."""
    assert value.span is not None
    tm = _TIME_AFTER.match(text, value.span.stop, stop)
    if tm is None or (tm["nl"] is not None and key not in _NUMERIC_KEYS):
        return False
    if _NEXT_DATE.match(text, tm.end(), stop):
        return False  # "18:45 17.7.52": the time belongs to the next date
    clock = _time_of(tm)
    if clock is None:
        return False
    value.time = clock
    value.span = Span(value.span.start, tm.end())
    value.text = text[value.span.start : tm.end()]
    return True


def _plausible_day_month(text: str, value: DateValue, timed: bool) -> bool:
    """A bare "17.7" is a date next to a time, or when no word like "million" follows it."""
    if timed:
        return True
    assert value.span is not None
    start, stop = value.span.start, value.span.stop
    if _WORD_AFTER.match(text, stop):
        return False
    return _NOT_DATE_BEFORE.search(text, max(0, start - 12), start) is None


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def _month_may_precede(text: str, pos: int, floor: int) -> bool:
    """Whether the word before ``pos`` may be a month name (a cheap test before the regex)."""
    q = pos - 1
    while q >= floor and text[q] in _GAP_CHARS:
        q -= 1
    if q >= floor and text[q] in ".]":
        q -= 1
    end = q + 1
    while q >= floor and text[q].isalpha():
        if end - q > 10:
            return False
        q -= 1
    return text[q + 1 : q + 4].lower() in _MONTH_PREFIXES


def _digit_forms(text: str, start: int, stop: int) -> re.Pattern[str] | None:
    """The forms that can start at the digit run ``text[start:stop]``, by what follows it."""
    size = stop - start
    after = text[stop : stop + 1]
    if size <= 2:
        group = _AFTER_DAY.get(after)
    elif size == 4:
        group = _AFTER_YEAR.get(after)
    else:
        group = "dtg" if size == 6 else None
    return None if group is None else _DIGIT_FIRST[group]


def _match_at(text: str, run: re.Match[str], floor: int, stop: int) -> re.Match[str] | None:
    """The date form starting at the digit ``run``, or at a month name just before it."""
    pos = run.start()
    size = run.end() - pos
    if (size <= 2 or size == 4) and _month_may_precede(text, pos, floor):
        back = _MONTH_BEFORE.search(text, max(floor, pos - 16), pos)
        if back is not None:
            m = _MONTH_FIRST.match(text, back.start(), stop)
            if m is not None:
                return m
    forms = _digit_forms(text, pos, run.end())
    return None if forms is None else forms.match(text, pos, stop)


def _scan(
    text: str, base: _dt.date | None, start: int, stop: int, *, keep_impossible: bool
) -> list[DateValue]:
    found: list[DateValue] = []
    floor = start
    for run in _DIGITS.finditer(text, start, stop):
        if run.start() < floor or run.end() - run.start() not in _RUN_SIZES:
            continue  # inside the previous date or its time, or not a day or year
        m = _match_at(text, run, floor, stop)
        if m is None or m.lastgroup is None:
            continue
        key = m.lastgroup
        value = _RULES[key](m, base)
        if value is None:
            continue
        impossible = "impossible" in value.flags
        if impossible and not keep_impossible and key in _NUMERIC_KEYS:
            continue
        timed = False
        if key not in _NO_TIME_KEYS and not impossible:
            timed = _attach_time_before(text, value, key, floor) or _attach_time_after(text, value, key, stop)
        if key == "ndm" and not keep_impossible and not _plausible_day_month(text, value, timed):
            continue
        found.append(value)
        assert value.span is not None
        floor = value.span.stop
    return found


def find_dates(
    text: str,
    *,
    base: _dt.date | None = None,
    start: int = 0,
    stop: int | None = None,
) -> list[DateValue]:
    """Every date expression in ``text[start:stop]``, in order, with spans into ``text``."""
    start, stop, _ = slice(start, stop).indices(len(text))
    if stop <= start:
        return []
    return _scan(text, base, start, stop, keep_impossible=False)


def parse_date(text: str, *, base: _dt.date | None = None) -> DateValue:
    """Parse one date expression as written; ``iso`` is None when it cannot be parsed.

    Leading "at", "on", "from", "dated" ... and trailing punctuation are allowed; other text
    around the first date found adds the flag ``partial``.
    """
    stripped = text.strip()
    if not stripped:
        return DateValue(text=text, flags=["unparsed"])
    lead = len(text) - len(text.lstrip())
    stop = lead + len(stripped)
    found = _scan(text, base, lead, stop, keep_impossible=True)
    if found:
        value = found[0]
        assert value.span is not None
        before = text[lead : value.span.start]
        after = text[value.span.stop : stop]
        if len(found) > 1 or not _FILLER_BEFORE.fullmatch(before) or after.strip(".,;: "):
            value.flags.append("partial")
        return value
    core = stripped.rstrip(".,;")
    year = _YEAR_ONLY.match(core)
    if year is not None:
        flags = ["editorial_year"] if core.startswith("[") else []
        span = Span(lead, lead + len(core))
        return DateValue(core, year["y"], "year", span=span, rule="year_only", flags=flags)
    return DateValue(text=stripped, span=Span(lead, stop), flags=["unparsed"])
