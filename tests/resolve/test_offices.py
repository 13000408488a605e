"""Offices resolved by date: pocom tenures (shipped archive layer) and the persons' roles."""

from __future__ import annotations

import pytest

from cablegraph.parse.people import parse_title_parties, resolve_person
from cablegraph.resolve import Authority
from cablegraph.resolve.offices import Office, Offices, parse_office


@pytest.fixture(scope="module")
def auth() -> Authority:
    return Authority.builtin()


@pytest.mark.parametrize(
    ("text", "office"),
    [
        ("The Secretary of State", Office("secretary of state", "united-states", None)),
        ("the Acting Secretary", Office("acting secretary of state", "united-states", None)),
        ("Embassy in the Soviet Union", Office("embassy", "united-states", "russia")),
        ("the Ambassador in Korea", Office("ambassador", "united-states", "korea")),
        ("Soviet Ambassador in Pyongyang", Office("ambassador", "russia", "dprk")),
        ("Ambassador of the USSR to the DPRK", Office("ambassador", "russia", "dprk")),
        ("the USSR First Deputy Minister of Foreign Affairs",
         Office("first deputy minister of foreign affairs", "russia", None)),
        ("Minister of Foreign Affairs of the USSR", Office("minister of foreign affairs", "russia", None)),
        ("Soviet Foreign Minister", Office("minister of foreign affairs", "russia", None)),
        ("Department of State", None),
        ("Kohler", None),
        ("Soviet Union", None),
    ],
)  # fmt: skip
def test_parse_office(text: str, office: Office | None) -> None:
    assert parse_office(text) == office


def test_a_tenure_covers_a_day_or_all_of_a_year() -> None:
    office = Office("secretary of state", "united-states", None)
    offices = Offices.from_sources(
        [("principal:secretary", "person:a", "1949-01-21", "1953-01-20", "Secretary of State"),
         ("principal:secretary", "person:b", "1953-01-21", "1959-04-22", "Secretary of State")],
        [],
    )  # fmt: skip
    assert offices.holding(office, year=1951).entity_id == "person:a"
    assert offices.holding(office, year=1953, date="1953-01-20").entity_id == "person:a"
    assert offices.holding(office, year=1953, date="1953-01-21").entity_id == "person:b"
    assert offices.holding(office, year=1953).rule == "office_ambiguous"  # the year alone cannot tell
    assert offices.holding(office, year=None).rule == "office_undated"
    assert offices.holding(office, year=1930).rule == "office_vacant"


def test_years_only_roles_meeting_in_a_year_stay_an_office() -> None:
    office = Office("ambassador", "russia", "dprk")
    offices = Offices.from_sources(
        [],
        [("person:shtykov", "Ambassador of the USSR to the DPRK", 1948, 1950),
         ("person:razuvaev", "Ambassador of the USSR to the DPRK", 1950, 1953)],
    )  # fmt: skip
    held = offices.holding(office, year=1949)
    assert (held.entity_id, held.rule) == ("person:shtykov", "office_by_date:roles")
    assert (held.start, held.end) == ("1948", "1950")
    assert offices.holding(office, year=1951).entity_id == "person:razuvaev"
    assert offices.holding(office, year=1950, date="1950-07-01").entity_id is None


# person:hs-114354 is James E. Webb (Under Secretary, the Acting Secretary of 1950);
# person:hs-107327 is Foy D. Kohler (in Moscow from September 1962).
@pytest.mark.parametrize(
    ("text", "year", "date", "entity_id", "rule"),
    [
        ("The Secretary of State", 1951, "1951-07-20", "person:acheson", "office_by_date:pocom"),
        ("The Secretary of State", 1962, None, "person:rusk", "office_by_date:pocom"),
        ("The Secretary of State", 1953, "1953-03-01", "person:dulles", "office_by_date:pocom"),
        ("the Acting Secretary of State", 1950, None, "person:hs-114354", "acting_secretary:pocom"),
        ("Embassy in the Soviet Union", 1950, None, "person:kirk", "office_by_date:pocom"),
        ("Embassy in the Soviet Union", 1962, "1962-10-25", "person:hs-107327", "office_by_date:pocom"),
        ("the Ambassador in Korea", 1950, None, "person:muccio", "office_by_date:pocom"),
        ("Soviet Ambassador in Pyongyang", 1949, None, "person:shtykov", "office_by_date:office_holders"),
        ("Soviet Ambassador in Pyongyang", 1954, None, "person:suzdalev", "office_by_date:roles"),
        ("USSR First Deputy Minister of Foreign Affairs", 1950, None, "person:gromyko", "office_by_date:roles"),  # noqa: E501
        ("Embassy in the Soviet Union", 1962, None, None, "office_ambiguous"),  # Thompson, then Kohler
        ("The Secretary of State", None, None, None, "office_undated"),
    ],
)  # fmt: skip
def test_offices_of_the_shipped_authority(
    auth: Authority, text: str, year: int | None, date: str | None, entity_id: str | None, rule: str
) -> None:
    held = auth.office_holder(text, year=year, date=date)
    assert held is not None
    assert (held.entity_id, held.rule) == (entity_id, rule)


def test_secretary_of_state_to_the_embassy_in_korea_1951_and_1962(auth: Authority) -> None:
    title = "Telegram from The Secretary of State to the Embassy in Korea"
    parties = parse_title_parties(title, 0, auth, year=1951, date="1951-07-20")
    (sender,) = parties.senders
    assert (sender.entity_id, sender.name) == ("person:acheson", "Dean Acheson")
    assert sender.role == "The Secretary of State"
    assert sender.rule == "title_sender+office_by_date:pocom@1949-01-21..1953-01-20"
    (recipient,) = parties.recipients
    assert (recipient.entity_id, recipient.role) == ("person:muccio", "the Embassy in Korea")
    later = parse_title_parties(title, 0, auth, year=1962)
    assert later.senders[0].entity_id == "person:rusk"
    assert later.senders[0].role == "The Secretary of State"


def test_named_holders_keep_the_office_as_role_and_undated_offices_stay_offices(auth: Authority) -> None:
    muccio = resolve_person("the Ambassador in Korea (Muccio)", auth, year=1950)
    assert (muccio.entity_id, muccio.role) == ("person:muccio", "the Ambassador in Korea")
    undated = resolve_person("The Secretary of State", auth, year=None)
    assert undated.entity_id is None
    assert undated.name == undated.role == "The Secretary of State"
    assert undated.rule == "name+office_undated"
    # a signature line names a signer, never an office's holder
    letterhead = resolve_person("USSR EMBASSY IN THE DPRK", auth, year=1958, rule="signature_line")
    assert letterhead.entity_id is None


@pytest.mark.parametrize(
    ("text", "entity_id", "name"),
    [
        ("Embassy of Hungary in North Korea", "org:embassy-of-hungary-in-dprk",
         "Embassy of Hungary in the DPRK"),
        ("the Hungarian Foreign Ministry", "org:mfa-of-hungary",
         "Ministry of Foreign Affairs of Hungary"),
        ("Ministry of Foreign Affairs of Hungary", "org:mfa-of-hungary",
         "Ministry of Foreign Affairs of Hungary"),
        ("the Polish Foreign Ministry", "org:polish-mfa", "Ministry of Foreign Affairs of Poland"),
        ("Embassy in India", "org:embassy-of-united-states-in-india",
         "Embassy of the United States in India"),
        ("Soviet Ambassador in Prague", "org:embassy-of-russia-in-czechoslovakia",
         "Embassy of the Soviet Union in Czechoslovakia"),  # the embassy he heads
        ("USSR First Deputy Minister of Foreign Affairs", "org:mid-ussr",
         "Ministry of Foreign Affairs of the USSR"),  # his ministry
        ("The Secretary of State", None, None),  # no mission, no foreign ministry
        ("Foreign Ministry", None, None),  # whose?
    ],
)  # fmt: skip
def test_missions_and_ministries_are_organisations(
    auth: Authority, text: str, entity_id: str | None, name: str | None
) -> None:
    found = auth.institution(text)
    got = (found.id, found.name) if found is not None else (None, None)
    assert got == (entity_id, name)
    if found is not None:
        again = Authority.builtin().get(found.id)  # the id alone gives the entity back
        assert again is not None and again.kind == "org" and again.name == name
    assert auth.get("org:embassy-of-atlantis-in-dprk") is None


def test_an_undatable_mission_is_the_mission(auth: Authority) -> None:
    deputy = resolve_person("the USSR First Deputy Minister of Foreign Affairs", auth, year=1954)
    assert (deputy.entity_id, deputy.rule) == ("org:mid-ussr", "name+office_vacant+institution")
    assert resolve_person("the USSR First Deputy Minister of Foreign Affairs", auth, year=1950).entity_id == (
        "person:gromyko"
    )
    ref = resolve_person("Embassy of Hungary in North Korea", auth, year=1960, rule="title_sender")
    assert ref.entity_id == "org:embassy-of-hungary-in-dprk"
    assert ref.role == "Embassy of Hungary in North Korea"
    assert ref.rule == "title_sender+office_unknown+institution"


def test_a_foreign_ministry_is_one_organisation_by_any_of_its_names() -> None:
    auth = Authority.builtin()
    by_adjective = auth.lookup("the Hungarian Foreign Ministry")
    by_state = auth.lookup("Ministry of Foreign Affairs of Hungary")
    assert by_adjective is not None and by_state is not None
    assert by_adjective.entity.id == by_state.entity.id == "org:mfa-of-hungary"
    assert auth.lookup("Hungarian Foreign Ministry", kind="person") is None
    assert auth.lookup("Foreign Ministry") is None  # whose, the text does not say


def test_missions_anywhere_find_their_chief_by_date_else_are_the_mission(auth: Authority) -> None:
    """A post named by a capital or city the hand-made table lacks (GeoNames' world table):
    its chief on the date (pocom), else the mission as an organisation."""
    buenos_aires = resolve_person("Embassy Buenos Aires", auth, year=1966, date="1966-12-28")
    assert (buenos_aires.entity_id, buenos_aires.role) == ("person:hs-108564", "Embassy Buenos Aires")
    baku = resolve_person("Embassy Baku", auth, year=2010, date="2010-02-25")
    assert baku.rule.endswith("office_by_date:pocom@2009-07..2010-07")
    riyadh = resolve_person("USLO Riyadh", auth, year=1979, date="1979-06-05")
    assert riyadh.entity_id == "org:liaison-office-of-united-states-in-saudi-arabia"
    assert riyadh.name == "Liaison Office of the United States in Saudi Arabia"
    assert parse_office("Special Embassy Program") is None  # not a place: no mission


def test_a_tenure_left_open_by_pocom_ends_when_the_next_chief_starts(auth: Authority) -> None:
    """Freetown's chargé of 1961 has no end date in pocom; in 2001 he is not the chief."""
    freetown = resolve_person("Embassy Freetown", auth, year=2001, date="2001-09-11")
    assert freetown.entity_id != "person:hs-111265"


def test_parties_read_before_the_date_are_read_again_with_it(auth: Authority) -> None:
    from cablegraph.model import DateValue, Document
    from cablegraph.parse.people import resolve_dated

    hay = resolve_person("John Hay", auth)  # two John Hays without a year
    assert hay.entity_id is None
    doc = Document(id="d", senders=[hay])
    doc.date = DateValue(text="June 14, 1899", iso="1899-06-14", precision="day")
    resolve_dated([doc], auth)
    assert doc.senders[0].entity_id == "person:hs-105707"
    assert doc.senders[0].rule.endswith("+dated+archive_name")


def test_a_russian_name_is_found_in_the_spelling_the_frus_lists_use(auth: Authority) -> None:
    """'Maksim Maksimovich Litvinov' is filed in the FRUS persons lists as 'Litvinov, Maxim'.
    The FRUS person (hs-108028) is merged into the office holder of data/office_holders.json
    (Soviet foreign minister 1930-1939): one Litvinov, with the FRUS forms."""
    for written in ("Maksim Maksimovich Litvinov", "Maksim Litvinov", "Maxim Litvinov"):
        found = auth.lookup(written, year=1941)
        assert found is not None and found.entity.id == "person:maxim-litvinov", written
    merged = auth.get("person:maxim-litvinov")
    assert merged is not None
    assert any(s.startswith("people:frus") for n in merged.names for s in n.sources)
    assert auth.lookup("Maksim Petrovich Unknownov", year=1941) is None


def test_a_post_named_office_and_the_secretarys_delegation_are_organisations() -> None:
    from cablegraph.resolve import Authority

    authority = Authority.builtin()
    office = authority.institution("US Office Pristina")
    assert office is not None and office.id == "org:office-of-united-states-in-kosovo"
    assert authority.get(office.id) is not None and "Kosovo" in office.name
    assert authority.institution("Colonial Office") is None and authority.institution("War Office") is None
    delegation = authority.institution("US Delegation Secretary In Brussels")
    assert delegation is not None and delegation.id == "org:us-secretary-delegation"
    named = authority.lookup("USDEL SECRETARY")
    assert named is not None and named.entity.id == "org:us-secretary-delegation"


def test_a_stored_name_finds_its_entity_missions_included() -> None:
    """Facet values and party names are preferred names; a mission made from the world
    table is no name the lookup indexes, so `named` also asks for the institution
    (`cablegraph people` showed "-" for it, and the web's person filters took the name)."""
    from cablegraph.resolve import Authority

    authority = Authority.builtin()
    embassy = authority.named("Embassy of the United States in the Soviet Union")
    assert embassy is not None and embassy.id == "org:embassy-of-united-states-in-russia"
    assert (authority.named("Department of State") or embassy).id == "org:us-department-of-state"
    assert (authority.named("Joseph Stalin") or embassy).id == "person:stalin"
    assert authority.named("Nobody Ofthisname") is None


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Under Secretary of State for Political Affairs", "under secretary of state for political affairs"),
        ("Assistant Secretary of State for Far Eastern Affairs",
         "assistant secretary of state for east asian and pacific affairs"),
        ("Assistant Secretary for Inter-American Affairs",
         "assistant secretary of state for western hemisphere affairs"),
        ("Assistant Secretary of State for European Affairs",
         "assistant secretary of state for european and eurasian affairs"),
        ("Under Secretary of State for Economic Affairs",
         "under secretary for economic growth energy and the environment"),
        ("Deputy Under Secretary of State for Political Affairs",
         "deputy under secretary of state for political affairs"),
    ],
)  # fmt: skip
def test_a_bureau_office_of_its_day_is_the_pocom_title(text: str, title: str) -> None:
    assert parse_office(text) == Office(title, "united-states", None)
    assert parse_office("Secretary for Fisheries") is None  # no rank before "secretary"


def test_a_bureau_office_finds_its_holder_by_date_and_by_bracketed_surname(auth: Authority) -> None:
    far_east = resolve_person("Assistant Secretary of State for Far Eastern Affairs", auth,
                              year=1950, date="1950-07-06")
    assert far_east.name == "Dean Rusk" and far_east.role is not None
    # "Rostow" alone is Walt or Eugene; the office in 1968 says which
    rostow = resolve_person("Under Secretary of State for Political Affairs (Rostow)", auth,
                            year=1968, date="1968-07-20")
    assert rostow.entity_id == "person:hs-111646", rostow
    assert rostow.name.startswith("Eugene")


def test_the_mission_to_nato_and_european_regional_organizations_is_the_nato_mission(auth: Authority) -> None:
    text = "Mission to the North Atlantic Treaty Organization and European Regional Organizations"
    assert parse_office(text) == Office("mission", "united-states", "representative-to-nato")
    chief = resolve_person(text, auth, year=1958, date="1958-01-09")
    assert chief.name == "Warren Randolph Burgess"


def test_the_head_of_a_body_written_title_comma_body_is_the_body_he_heads(auth: Authority) -> None:
    fbis = auth.institution("Chief, FBIS")  # a CIA letter of information's sender
    assert fbis is not None and fbis.id == "org:fbis"
    cia = auth.institution("Deputy Director, CIA")
    assert cia is not None and cia.id == "org:cia"
    assert auth.institution("Chief, Nobody In Particular") is None
    assert auth.institution("Bureau Chiefs") is None
    sender = resolve_person("Chief, FBIS", auth, year=1962)
    assert sender.entity_id == "org:fbis"


def test_of_two_holders_in_a_year_the_bracketed_surname_chooses(auth: Authority) -> None:
    """1918 had two US ambassadors in London (Page to October, Davis from December): the
    year alone names neither, the surname of the heading's bracket names one."""
    from cablegraph.parse.people import holder_by_surname

    office = "Ambassador in Great Britain"
    assert auth.office_holder(office, year=1918).entity_id is None  # type: ignore[union-attr]
    for surname, name in (("Page", "Walter Hines Page"), ("Davis", "John William Davis")):
        held = auth.office_holder(office, year=1918, surname=surname)
        assert held is not None and held.rule.startswith("office_by_date+surname")
        assert auth.get(held.entity_id or "").name == name  # type: ignore[union-attr]
    assert auth.office_holder(office, year=1918, surname="Smith").entity_id is None  # type: ignore[union-attr]
    found = holder_by_surname("The Ambassador in Great Britain", "Page", auth, 1918, None)
    assert found is not None and found[0].name == "Walter Hines Page"
