"""Holders of non-US offices (data/office_holders.json): the shipped data, read for real."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from cablegraph.errors import AuthorityError
from cablegraph.resolve.authority import Authority
from cablegraph.resolve.holders import holder_id, merge_holders, parse_holders, read_holders
from cablegraph.resolve.offices import parse_office

DATA = Path(__file__).parents[2] / "src" / "cablegraph" / "resolve" / "data" / "office_holders.json"


@pytest.fixture(scope="module")
def authority() -> Authority:
    return Authority.builtin()


def test_every_office_of_the_file_is_an_office_the_resolver_reads() -> None:
    _sources, holders = read_holders()
    for holder in holders:
        for term in holder.terms:
            assert parse_office(term.office, default_of=None) is not None, (holder.name, term.office)


def test_every_term_has_a_source_with_url_and_licence() -> None:
    sources, holders = read_holders()
    assert len(holders) >= 20
    for holder in holders:
        for term in holder.terms:
            assert term.sources, holder.name
            for key in term.sources:
                assert sources[key]["url"].startswith("http")
                assert sources[key]["licence"]


@pytest.mark.parametrize(
    ("office", "date", "year", "holder", "start"),
    [
        ("Soviet Ambassador in Pyongyang", "1950-06-25", 1950, "person:shtykov", "1948-10-10"),
        ("Soviet Ambassador to the USA", None, 1962, "person:dobrynin", "1962-01-04"),
        ("Soviet Ambassador to the USA", None, 1960, "person:mikhail-a-menshikov", "1958-02-11"),
        ("Ambassador of the USSR to the United States", "1961-12-31", 1961, "person:mikhail-a-menshikov",
         "1958-02-11"),
        ("Polish Foreign Minister", "1980-12-18", 1980, "person:jozef-czyrek", "1980-08-24"),
        ("Polish Foreign Minister", "1980-08-01", 1980, "person:emil-wojtaszek", "1976-12-02"),
        ("Chinese Foreign Minister", None, 1973, "person:ji-pengfei", "1972"),
        ("Soviet Foreign Minister", None, 1935, "person:maxim-litvinov", "1930"),
        ("Soviet Foreign Minister", "1956-09-01", 1956, "person:shepilov", "1956-06"),
        ("Soviet Ambassador in Budapest", "1960-01-10", 1960, "person:shtykov", "1959-05-29"),
        ("Soviet Ambassador in Budapest", "1956-10-30", 1956, "person:andropov", "1954"),
        ("Soviet Ambassador in Peking", None, 1957, "person:yudin", "1953-12-03"),
        ("Soviet Ambassador in Warsaw", "1959-05-01", 1959, "person:pyotr-abrasimov", "1957-10-03"),
        ("Soviet Ambassador in East Berlin", None, 1978, "person:pyotr-abrasimov", "1975-03-07"),
        ("North Korean Foreign Minister", None, 1956, "person:nam-il", "1953-03-03"),
        ("DPRK Foreign Minister", "1962-04-15", 1962, "person:pak-song-chol", "1959-10-23"),
        ("East German Foreign Minister", None, 1968, "person:otto-winzer", "1965"),
        ("Hungarian Foreign Minister", None, 1975, "person:frigyes-puja", "1973-12-14"),
        ("Czechoslovak Foreign Minister", None, 1946, "person:jan-masaryk", "1940-07-21"),
        ("Soviet Ambassador in Prague", None, 1968, "person:chervonenko", "1965"),
        ("Soviet Ambassador in Malta", None, 1970, "person:mikhail-smirnovsky", "1967-10-30"),
    ],
)
def test_offices_by_date(
    authority: Authority, office: str, date: str | None, year: int, holder: str, start: str
) -> None:
    found = authority.office_holder(office, year=year, date=date)
    assert found is not None
    assert found.entity_id == holder, found
    assert found.start == start
    assert found.rule == "office_by_date:office_holders"
    assert found.sources and all(src.startswith("office_holders:") for src in found.sources)


def test_a_day_outside_every_dated_term_is_not_its_holders(authority: Authority) -> None:
    found = authority.office_holder("Soviet Ambassador in Pyongyang", year=1950, date="1950-12-20")
    assert found is not None
    assert found.entity_id != "person:shtykov"  # he left on 13 December 1950
    us_1951 = authority.office_holder("The Secretary of State", year=1951, date="1951-07-20")
    assert us_1951 is not None and us_1951.entity_id == "person:acheson"


def test_names_resolve_as_persons_with_provenance(authority: Authority) -> None:
    czyrek = authority.lookup("Comrade Czyrek", year=1980)
    assert czyrek is not None and czyrek.entity.id == "person:jozef-czyrek"
    assert all(n.sources == ("office_holders:wp-czyrek",) for n in czyrek.entity.names)
    assert czyrek.entity.born == "1928"
    puzanov = authority.lookup("Puzanov", year=1958)
    assert puzanov is not None and puzanov.entity.id == "person:puzanov"
    menshikov = authority.lookup("Ambassador Menshikov", year=1959)
    assert menshikov is not None and menshikov.entity.id == "person:mikhail-a-menshikov"


def test_a_hand_made_person_is_enlarged_not_doubled(authority: Authority) -> None:
    dobrynin = authority.get("person:dobrynin")
    assert dobrynin is not None
    assert any("office_holders:wp-dobrynin" in n.sources for n in dobrynin.names)
    assert authority.get("person:anatoly-dobrynin") is None
    ids = [e.id for e in authority.entities("person") if e.name in ("Anatoly Dobrynin", "Andrei Gromyko")]
    assert sorted(ids) == ["person:dobrynin", "person:gromyko"]


def test_merge_counts_new_and_known_persons() -> None:
    persons: list[dict[str, Any]] = json.loads((DATA.parent / "persons.json").read_text(encoding="utf-8"))
    _sources, holders = read_holders()
    merged = merge_holders(persons, holders)
    new = [p for p in merged.persons if p["id"] not in {q["id"] for q in persons}]
    assert len(merged.persons) == len(persons) + len(new)
    assert {p["name"] for p in new} >= {"Józef Czyrek", "Maxim Litvinov", "Ji Pengfei"}
    assert len(merged.tenures) == sum(len(h.terms) for h in holders)


def _file(**holder: Any) -> dict[str, Any]:
    record = {"name": "A B", "forms": [], "office": "Minister of Foreign Affairs of Poland",
              "start": "1980", "end": None, "source": ["s"]} | holder  # fmt: skip
    sources = {"s": {"url": "https://example.org/a", "licence": "CC0"}}
    return {"format": 1, "sources": sources, "holders": [record]}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"start": "24 August 1980"}, "holders[0]: field 'start': '24 August 1980' is no ISO date"),
        ({"source": ["nowhere"]}, "holders[0] (A B): field 'source'"),
        ({"start": "1982", "end": "1980"}, "end 1980 before start 1982"),
    ],
)
def test_errors_name_the_record_and_the_field(change: dict[str, Any], message: str) -> None:
    with pytest.raises(AuthorityError, match=re.escape(message)):
        parse_holders(_file(**change), "test.json")


def test_a_term_the_source_leaves_open_ends_when_the_next_holder_starts(authority: Authority) -> None:
    """FRUS gives Zarubin's credentials (25 September 1952), not his departure: his term ends
    when Menshikov presents his (11 February 1958); the file keeps the end null."""
    zarubin = authority.office_holder("Soviet Ambassador to the USA", year=1955)
    assert zarubin is not None and zarubin.entity_id == "person:zarubin"
    assert (zarubin.start, zarubin.end) == ("1952-09-25", "1958-02-11")
    _sources, holders = read_holders()
    (term,) = [t for h in holders if h.name == "Georgy Zarubin" for t in h.terms]
    assert term.end is None


def test_hand_made_koreans_are_joined_by_their_spelling_or_hangul(authority: Authority) -> None:
    pairs = (("Pak Hon-yong", "person:pak-heon-yeong"), ("Nam Il", "person:nam-il"),
             ("Pak Song-chol", "person:pak-song-chol"), ("Ho Dam", "person:ho-dam"))  # fmt: skip
    for written, ident in pairs:
        found = authority.lookup(written, year=1960)
        assert found is not None and found.entity.id == ident, written
    assert authority.get("person:pak-hon-yong") is None


def test_head_of_government_by_any_title(authority: Authority) -> None:
    """The dated chairmen of the People's Commissars, and the hand-made chairmen of the Council
    of Ministers, answer "Soviet Premier"; a years-only role that outlasts a dated term stays."""
    cases = (("Soviet Premier", 1935, "person:molotov"), ("Soviet Premier", 1944, "person:stalin"),
             ("Soviet Premier", 1950, "person:stalin"),
             ("Chinese Premier", 1977, "person:hua-guofeng"))  # fmt: skip
    for office, year, holder in cases:
        found = authority.office_holder(office, year=year)
        assert found is not None and found.entity_id == holder, (office, year, found)


def test_a_surname_of_a_holder_without_known_life_is_bounded_by_his_terms(authority: Authority) -> None:
    menshikov = authority.lookup("Menshikov", year=1959)
    assert menshikov is not None and menshikov.entity.id == "person:mikhail-a-menshikov"
    assert authority.lookup("Menshikov", year=1720) is None


def test_no_holder_s_surname_alone_shadows_another_person_of_his_years(authority: Authority) -> None:
    """A surname given alone in the file ("Czyrek") names the holder wherever it stands near his
    terms, before the archive layer is asked: so no other FRUS person of that surname may be
    near those years ("Maurer" is not given alone: the FRUS lists hold another Maurer)."""
    archive = authority.archive
    assert archive is not None
    _sources, holders = read_holders()
    for holder in holders:
        first = min(int(t.start[:4]) for t in holder.terms if t.start)
        last = max(int((t.end or t.start or "0")[:4]) for t in holder.terms)
        mine = {holder_id(holder.name)}
        if holder_id(holder.name) not in authority:
            continue  # a hand-made person's names are the hand-made file's business
        for form in holder.forms:
            if " " in form or not form.isascii():
                continue
            near = {i for y in range(first - 5, last + 6) for i in archive.near_ids(form.casefold(), y)}
            assert near <= mine, (holder.name, form, sorted(near - mine))


def test_a_holding_names_the_source_of_its_term(authority: Authority) -> None:
    czyrek = authority.office_holder("Polish Foreign Minister", year=1980, date="1980-12-18")
    assert czyrek is not None and czyrek.sources == ("office_holders:wp-czyrek",)
    menshikov = authority.office_holder("Soviet Ambassador to the USA", year=1960)
    assert menshikov is not None
    assert menshikov.sources == ("office_holders:frus-menshikov-start", "office_holders:frus-menshikov-end")
    acheson = authority.office_holder("The Secretary of State", year=1951, date="1951-07-20")
    assert acheson is not None and acheson.sources == ("pocom",)
