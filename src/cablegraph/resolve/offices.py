"""Offices resolved by date: "The Secretary of State" on 20 July 1951 is Dean Acheson.

Two sources of tenures:

- pocom (the archive layer): the principal officers of the Department of State and the US
  chiefs of mission, with the day each started and left ("Embassy in the Soviet Union",
  "the Ambassador in Korea", "the Secretary of State", "the Under Secretary");
- the roles of the hand-made persons, with years ("Soviet Ambassador in Pyongyang" is the
  "Ambassador of the USSR to the DPRK"; "USSR First Deputy Minister of Foreign Affairs").

An office names one holder when exactly one tenure covers the date. With a year only, one
tenure must cover the whole year (pocom) or be the only one in it (years-only roles). Where two
years-only roles meet in the page's year and the day is known, the earlier holder is taken
up to June and the later from July (rule `year_boundary`, lower confidence). "The Acting
Secretary" is the Under Secretary (the Deputy Secretary from 1972) of the date, the usual
stand-in, at lower confidence. Anything else stays an office: `Holding.entity_id` is None.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from cablegraph.resolve.normalize import fold

__all__ = [
    "Holding", "Offices", "Tenure", "institution", "institution_name", "is_place_word", "parse_ministry",
    "parse_office",
]  # fmt: skip

_US = "united-states"
# Names, capitals and adjectives of the places offices are held in, folded, to one key each
# (pocom's territory ids where pocom has the country).
_PLACES: dict[str, tuple[str, ...]] = {
    _US: ("united states", "united states of america", "us", "usa", "u s", "u s a", "america",
          "american", "washington"),
    "russia": ("soviet union", "ussr", "u s s r", "union of soviet socialist republics", "russia",
               "soviet", "moscow", "sov", "soviet russia"),
    "korea": ("korea", "republic of korea", "south korea", "rok", "seoul", "pusan", "taegu",
              "south korean"),
    "dprk": ("dprk", "north korea", "democratic people s republic of korea", "pyongyang",
             "north korean", "korean people s democratic republic"),
    "china": ("china", "prc", "people s republic of china", "communist china", "peking", "beijing",
              "peiping", "republic of china", "nationalist china", "taiwan", "formosa", "taipei",
              "nanking", "chinese", "chungking", "chinese people s republic"),
    "united-kingdom": ("united kingdom", "uk", "u k", "great britain", "britain", "england",
                       "london", "british"),
    "germany": ("germany", "federal republic of germany", "west germany", "bonn", "frg",
                "german", "west german"),
    "german-democratic-republic": ("east germany", "german democratic republic", "gdr",
                                   "east german", "east berlin"),
    "france": ("france", "paris", "french"),
    "poland": ("poland", "warsaw", "polish"),
    "czechoslovakia": ("czechoslovakia", "prague", "czechoslovak", "czech"),
    "hungary": ("hungary", "budapest", "hungarian"),
    "romania": ("romania", "rumania", "bucharest", "romanian", "rumanian"),
    "bulgaria": ("bulgaria", "sofia", "bulgarian"),
    "yugoslavia": ("yugoslavia", "belgrade", "yugoslav"),
    "japan": ("japan", "tokyo", "japanese"),
    "india": ("india", "new delhi", "indian"),
    "mongolia": ("mongolia", "mongolian people s republic", "ulan bator", "mongolian"),
    "vietnam-south": ("vietnam", "viet nam", "south vietnam", "republic of vietnam", "saigon",
                      "south vietnamese"),
    "vietnam": ("north vietnam", "democratic republic of vietnam", "hanoi", "north vietnamese"),
    "italy": ("italy", "rome", "italian"),
    "burma": ("burma", "rangoon", "burmese"),
    "thailand": ("thailand", "bangkok", "thai"),
    "philippines": ("philippines", "manila", "philippine"),
    "indonesia": ("indonesia", "djakarta", "jakarta", "indonesian"),
    "pakistan": ("pakistan", "karachi", "pakistani"),
    "turkey": ("turkey", "ankara", "turkish"),
    "iran": ("iran", "tehran", "teheran", "iranian"),
    "egypt": ("egypt", "cairo", "egyptian", "united arab republic"),
    "israel": ("israel", "tel aviv", "israeli"),
    "canada": ("canada", "ottawa", "canadian"),
    "cuba": ("cuba", "havana", "cuban"),
    "austria": ("austria", "vienna", "austrian"),
    "belgium": ("belgium", "brussels", "belgian"),
    "netherlands": ("netherlands", "the hague", "hague", "dutch"),
    "greece": ("greece", "athens", "greek"),
    "spain": ("spain", "madrid", "spanish"),
    "laos": ("laos", "vientiane", "laotian"),
    "cambodia": ("cambodia", "phnom penh", "cambodian"),
    "afghanistan": ("afghanistan", "kabul", "afghan"),
    "finland": ("finland", "helsinki", "finnish"),
    "sweden": ("sweden", "stockholm", "swedish"),
    "norway": ("norway", "oslo", "norwegian"),
    "denmark": ("denmark", "copenhagen", "danish"),
    "switzerland": ("switzerland", "bern", "berne", "swiss"),
    "representative-to-un": ("united nations", "un", "u n", "the un"),
    "representative-to-nato": ("nato", "north atlantic council", "north atlantic treaty organization",
                               # the post's name 1953-1961 (USRO, Paris): one mission
                               "north atlantic treaty organization and european regional organizations"),
}  # fmt: skip
_PLACE_OF: dict[str, str] = {alias: key for key, aliases in _PLACES.items() for alias in aliases}
_MISSIONS = (
    "embassy", "legation", "mission", "ambassador", "minister", "charge d affaires ad interim",
    "charge d affaires", "charge", "delegation", "representative", "permanent representative",
    "consulate general", "consul general", "embtel", "amembassy",
    "ambassador extraordinary and plenipotentiary", "liaison office", "uslo", "interests section",
    "office",  # "US Office Pristina": a post that is no embassy, named by its place only
)  # fmt: skip
_TITLE_FORMS = {
    "ambassador extraordinary and plenipotentiary": "ambassador",
    "permanent representative": "representative",
    "charge d affaires ad interim": "charge",
    "charge d affaires": "charge",
    "uslo": "liaison office",
    "undersecretary": "under secretary of state",
    "under secretary": "under secretary of state",
    "deputy under secretary": "deputy under secretary of state",
    "deputy secretary": "deputy secretary of state",
    "foreign minister": "minister of foreign affairs",
    "people s commissar for foreign affairs": "minister of foreign affairs",
    "people s commissar of foreign affairs": "minister of foreign affairs",
    # the head of government, by any of his titles: "Soviet Premier", "Chairman of the Council of
    # Ministers of the USSR", "Prime Minister of Poland"
    "prime minister": "premier",
    "chairman of the council of ministers": "premier",
    "chairman of the council of people s commissars": "premier",
    "head of government": "premier",
    "secretary": "secretary of state",
    "acting secretary": "acting secretary of state",
}
_ACTING = "acting secretary of state"
_LEADING = re.compile(r"^(?:(?:the|to|from|for|and|by|of)\s+)+")
_PLACE_PART = r"(?:the\s+)?(?P<place>[a-z][a-z ]*?)"
_MISSION = re.compile(
    rf"^(?P<title>{'|'.join(sorted(_MISSIONS, key=len, reverse=True))})\s+"
    rf"(?:(?:in|to|at|of)\s+)?{_PLACE_PART}$"
)
_TO_SUFFIX = re.compile(rf"^(?P<title>.+?)\s+(?:to|in|at)\s+{_PLACE_PART}$")


@dataclass(frozen=True, slots=True)
class Office:
    """An office as a page names it: title (folded), the state it serves, the place it is in."""

    title: str
    of: str | None
    to: str | None


@dataclass(frozen=True, slots=True)
class Tenure:
    """One holder of an office from `start` to `end` (ISO dates or years; None: open)."""

    office: Office
    entity_id: str
    start: str | None
    end: str | None
    source: str  # "pocom", "office_holders" (dated terms of non-US offices) or "roles"
    sources: tuple[str, ...] = ()  # where the term was read: "pocom", "office_holders:wp-czyrek"


@dataclass(frozen=True, slots=True)
class Holding:
    """What an office named on a page resolves to: the holder (or None), the rule, the dates."""

    office: Office
    entity_id: str | None
    rule: str
    start: str | None = None
    end: str | None = None
    confidence: float = 0.0
    sources: tuple[str, ...] = ()  # the chosen term's sources: "pocom", "office_holders:wp-czyrek"


def _norm(text: str) -> str:
    folded = fold(text).replace("’", " ").replace("'", " ")
    folded = re.sub(r"[^\w\s]", " ", folded)
    return " ".join(folded.split())


def _title(text: str) -> str:
    text = " ".join(text.split())
    return _TITLE_FORMS.get(text, text)


def _place(text: str | None) -> str | None:
    return _PLACE_OF.get(text.strip()) if text else None


def is_place_word(folded: str, *, world: bool = False) -> bool:
    """Whether the folded word names a state of the hand-made table or its people ("polish",
    "japanese", "soviet"): a word no one-word person name is. `world`: also a state, capital or
    large city of the world table ("pyongyang")."""
    return folded in _PLACE_OF or (world and folded in _world()[1])


_WORLD = Path(__file__).with_name("data") / "world.json.gz"


@lru_cache(maxsize=1)
def _world() -> tuple[dict[str, str], dict[str, str]]:
    """The world's states (key -> name) and their places (folded name of a state, capital or
    city of 100,000 -> the state's key): `data/world.json.gz`, from GeoNames (CC BY 4.0; built
    by scripts/build_world_places.py), read on first use."""
    data = json.loads(gzip.decompress(_WORLD.read_bytes()))
    return {key: state["name"] for key, state in data["countries"].items()}, data["places"]


def _mission_place(text: str | None) -> str | None:
    """Where a mission is: a place of the hand-made table (its states, capitals, adjectives
    and the historical states: "Saigon" is South Vietnam), else any state, capital or large
    city of the world ("Freetown": Sierra Leone). Only after a mission's title, where a
    place is expected: "Embassy Freetown", "Liaison Office in Riyadh"."""
    if not text:
        return None
    return _place(text) or _world()[1].get(text.strip())


def _adjective(s: str) -> tuple[str | None, str]:
    """The state a phrase opens with ("Soviet", "North Korean", "U S") and the rest."""
    words = s.split(" ")
    for size in (4, 3, 2, 1):
        if len(words) > size and (found := _place(" ".join(words[:size]))):
            return found, " ".join(words[size:])
    return None, s


def parse_office(text: str, default_of: str | None = _US) -> Office | None:
    """ "The Secretary of State", "Embassy in the Soviet Union", "Soviet Ambassador in Pyongyang".

    `default_of`: the state an office serves when the text does not say (a FRUS page: the US).
    """
    s = _LEADING.sub("", _norm(text))
    if not s:
        return None
    adjective, s = _adjective(s)
    mission = _MISSION.match(s)
    if mission and (to := _mission_place(mission.group("place"))):
        return _office(mission.group("title"), adjective or default_of, to)
    if (suffixed := _of_suffix(s)) is not None:
        return suffixed
    to_suffix = _TO_SUFFIX.match(s)
    if to_suffix and (to := _mission_place(to_suffix.group("place"))):
        return _office(to_suffix.group("title"), adjective or default_of, to)
    if adjective is not None and _OFFICE_WORDS.intersection(s.split()):
        return Office(_title(s), adjective, None)
    if s in _US_TITLES and default_of is not None:
        return Office(_title(s), default_of, None)
    if default_of is not None and (bureau := _us_bureau_title(s)) is not None:
        return Office(bureau, default_of, None)
    return None


# A Department of State officer named by his bureau: "Under Secretary of State for Political
# Affairs", "Assistant Secretary of State for Far Eastern Affairs". POCOM keys the bureaus by
# their present names; a FRUS heading writes the name of its day.
_US_BUREAU = re.compile(
    r"^(?P<rank>(?:(?:deputy|assistant|under)\s+)+secretary)(?:\s+of\s+state)?\s+for\s+(?P<bureau>[a-z ]+)$"
)
_BUREAUS_OF_THE_DAY = {
    "far eastern affairs": "east asian and pacific affairs",
    "european affairs": "european and eurasian affairs",
    "inter american affairs": "western hemisphere affairs",
    "american republic affairs": "western hemisphere affairs",
    "latin american affairs": "western hemisphere affairs",
    "inter american and latin american affairs": "western hemisphere affairs",
    "near eastern south asian and african affairs": "near eastern affairs",
    "near eastern and south asian affairs": "near eastern affairs",
    "economic affairs": "economic energy and business affairs",
    "economic and business affairs": "economic energy and business affairs",
    "congressional relations": "legislative affairs",
    "educational and cultural affairs": "educational and cultural affairs",
}
# The one Under Secretary whose present title drops "of State".
_ECONOMIC_GROWTH = "economic growth energy and the environment"
_UNDER_SECRETARY_ECONOMIC = f"under secretary for {_ECONOMIC_GROWTH}"


def _us_bureau_title(s: str) -> str | None:
    """The POCOM title of a bureau office as a page of its day names it (normalised), or None:
    "under secretary of state for economic affairs" -> the Under Secretary for Economic Growth,
    "assistant secretary for far eastern affairs" -> "... for east asian and pacific affairs"."""
    found = _US_BUREAU.match(s)
    if found is None:
        return None
    rank, bureau = " ".join(found.group("rank").split()), found.group("bureau").strip()
    if rank == "under secretary" and bureau in ("economic affairs", _ECONOMIC_GROWTH):
        return _UNDER_SECRETARY_ECONOMIC
    return f"{rank} of state for {_BUREAUS_OF_THE_DAY.get(bureau, bureau)}"


# ---------------------------------------------------------------------------- institutions
#
# A mission or a foreign ministry is an organisation even when no holder can be named: "Embassy
# of Hungary in North Korea" is `org:embassy-of-hungary-in-dprk`. Such ids are built from the
# place keys above, so any process can read them back (`institution_name`).

_MISSION_KINDS = {"embassy": "Embassy", "legation": "Legation", "mission": "Mission",
                  "delegation": "Delegation", "consulate general": "Consulate General",
                  "liaison office": "Liaison Office", "interests section": "Interests Section",
                  "office": "Office"}  # fmt: skip
_PLACE_NAMES = {
    _US: "the United States", "russia": "the Soviet Union", "dprk": "the DPRK",
    "united-kingdom": "the United Kingdom", "german-democratic-republic": "the German Democratic Republic",
    "vietnam-south": "South Vietnam", "vietnam": "North Vietnam", "netherlands": "the Netherlands",
    "philippines": "the Philippines", "representative-to-un": "the United Nations",
    "representative-to-nato": "NATO",
}  # fmt: skip
# Foreign ministries the hand-made authority already holds.
MINISTRIES = {
    "russia": "org:mid-ussr", "china": "org:prc-mfa", "dprk": "org:dprk-mfa", "poland": "org:polish-mfa",
    "india": "org:indian-mea", "united-kingdom": "org:uk-foreign-office", _US: "org:us-department-of-state",
}  # fmt: skip
_MINISTRY_WORDS = ("foreign ministry", "ministry of foreign affairs", "ministry for foreign affairs",
                   "foreign office", "mfa", "mid", "ministry of external affairs")  # fmt: skip
_INSTITUTION_ID = re.compile(
    r"^org:(?:(?P<kind>embassy|legation|mission|delegation|consulate-general|liaison-office|interests-section"
    r"|office)"
    r"-of-(?P<of>[a-z-]+?)"
    r"-in-(?P<to>[a-z-]+)|mfa-of-(?P<state>[a-z-]+))$"
)


def _place_name(key: str) -> str:
    """The hand-made table's name (of the period: "Korea", not GeoNames' "South Korea"),
    else the world table's."""
    if key in _PLACE_NAMES:
        return _PLACE_NAMES[key]
    if key in _PLACES:
        return key.replace("-", " ").title()
    return _world()[0].get(key) or key.replace("-", " ").title()


def _known_state(key: str) -> bool:
    return key in _PLACES or key in _world()[0]


def parse_ministry(text: str) -> str | None:
    """The state whose foreign ministry `text` names ("the Hungarian Foreign Ministry": hungary)."""
    s = _LEADING.sub("", _norm(text))
    adjective, s = _adjective(s)
    for words in _MINISTRY_WORDS:
        if s == words and adjective is not None:
            return adjective
        if s.startswith(f"{words} of ") and adjective is None:
            return _place(_LEADING.sub("", s[len(words) + 4 :]))
    return None


def institution(text: str) -> str | None:
    """The organisation id of the mission or foreign ministry `text` names or heads, else None.

    "Embassy of Hungary in North Korea" and "Soviet Ambassador in Prague" (the embassy he
    heads), "the Hungarian Foreign Ministry" and "USSR First Deputy Minister of Foreign
    Affairs" (his ministry).
    """
    state = parse_ministry(text)
    if state is not None:
        return MINISTRIES.get(state, f"org:mfa-of-{state}")
    department = _DEPARTMENTS.get(_LEADING.sub("", _norm(text)))
    if department is not None:
        return department
    office = parse_office(text)
    if office is None or office.of is None:
        return None
    if "foreign affairs" in office.title or "foreign minister" in office.title:
        return MINISTRIES.get(office.of, f"org:mfa-of-{office.of}")
    if office.of == _US and office.title in _SECRETARY_DELEGATION:  # "USDEL SECRETARY IN BRUSSELS"
        return "org:us-secretary-delegation"
    kind = _MISSION_HEADS.get(office.title, office.title)
    if (office.of, office.to) == (_US, "representative-to-un") and kind in ("mission", "representative"):
        return "org:usun"
    if kind not in _MISSION_KINDS or office.to is None or office.to.startswith("representative-to-"):
        return None
    return f"org:{kind.replace(' ', '-')}-of-{office.of}-in-{office.to}"


# US cabinet offices whose department the authority holds: "Secretary of Defense" with no
# dated holder is his department, an organisation, as a mission is when its chief is unknown.
_DEPARTMENTS = {
    "secretary of defense": "org:us-department-of-defense", "secdef": "org:us-department-of-defense",
    "director of central intelligence": "org:cia",
}  # fmt: skip
# The Secretary of State's travelling party as cables name it (FM/TO USDEL SECRETARY, SECTO/TOSEC).
_SECRETARY_DELEGATION = frozenset({"delegation secretary", "delegation secretary of state", "del secretary"})
_MISSION_HEADS = {"ambassador": "embassy", "charge": "embassy", "minister": "legation", "envoy": "legation"}


def institution_name(entity_id: str) -> str | None:
    """The name of an institution id made by `institution` ("Embassy of Hungary in the DPRK")."""
    found = _INSTITUTION_ID.match(entity_id)
    if found is None:
        return None
    if found.group("state"):
        state = found.group("state")
        return f"Ministry of Foreign Affairs of {_place_name(state)}" if _known_state(state) else None
    of, to = found.group("of"), found.group("to")
    if not _known_state(of) or not _known_state(to):
        return None
    kind = _MISSION_KINDS[found.group("kind").replace("-", " ")]
    return f"{kind} of {_place_name(of)} in {_place_name(to)}"


def _office(title: str, of: str | None, to: str | None) -> Office | None:
    post = title == "office" and to is not None
    if of is None or not (post or _OFFICE_WORDS.intersection(title.split())):
        return None
    return Office(_title(title), of, to)


def _of_suffix(s: str) -> Office | None:
    """ "minister of foreign affairs of the ussr", "ambassador of the ussr to the dprk"."""
    words = s.split(" ")
    for i in range(len(words) - 2, 0, -1):
        if words[i] != "of":
            continue
        title, rest = " ".join(words[:i]), " ".join(words[i + 1 :])
        state, _, to_text = re.sub(r"^the ", "", rest).partition(" to ")
        if not to_text:
            state, _, to_text = state.partition(" in ")
        of = _place(state)
        to = _mission_place(re.sub(r"^the ", "", to_text)) if to_text else None  # any state: "to Malta"
        if of is not None and (not to_text or to is not None):
            return _office(title, of, to)
    return None


# US titles that name an office without "of the United States"
_US_TITLES = frozenset(
    {"secretary of state", "secretary", "acting secretary", "acting secretary of state",
     "under secretary", "under secretary of state", "undersecretary", "deputy secretary of state",
     "deputy under secretary of state", "counselor", "legal adviser", "executive secretary",
     "director of policy planning", "chief of protocol"}
)  # fmt: skip
_OFFICE_WORDS = frozenset(
    {"ambassador", "minister", "secretary", "chairman", "president", "premier", "commissar",
     "representative", "chief", "commander", "deputy", "director", "embassy", "legation",
     "mission", "charge", "delegation", "consul", "consulate", "envoy", "counselor", "undersecretary",
     "embtel", "amembassy", "adviser", "liaison", "uslo", "interests"}
)  # fmt: skip
_MISSION_TITLES = frozenset(
    {"embassy", "legation", "mission", "ambassador", "minister", "charge", "delegation",
     "representative", "consulate general", "consul general", "embtel", "amembassy"}
)  # fmt: skip


def _is_mission(title: str) -> bool:
    return title in _MISSION_TITLES


def _on(date: str, start: str | None, end: str | None) -> bool:
    """Whether `date` (as precise as known) falls in [start, end], compared at the shared precision."""
    if start is not None and date < start[: len(date)]:
        return False
    return end is None or date[: len(end)] <= end


def _covers_year(year: int, start: str | None, end: str | None) -> bool:
    """Whether a tenure covers the whole of `year`."""
    y = str(year)
    first_ok = start is None or start[:4] < y or (len(start) == 4 and start == y)
    last_ok = end is None or end[:4] > y or (len(end) == 4 and end == y)
    return first_ok and last_ok


def _within(first: int, last: int | None, terms: list[tuple[str, str | None]]) -> bool:
    """Whether a years-only role (first to last) lies inside one of the same person's dated
    terms of the office: then it says nothing more, and steps aside. Stalin's "Chairman of
    the Council of Ministers" 1941-1953 is kept beside his dated term as chairman of the
    People's Commissars (1941-1946), which it outlasts."""
    end = last if last is not None else first
    return any(int(s[:4]) <= first and (e is None or int(e[:4]) >= end) for s, e in terms)


def _touches_only(year: int, tenure: Tenure) -> bool:
    """Whether a term dated to the day lies in `year` for less than a month (it ends in its
    January or starts in its December)."""
    start, end = tenure.start or "", tenure.end or ""
    if tenure.source == "roles" or (len(start) < 10 and len(end) < 10):
        return False
    ends_early = len(end) == 10 and end[:4] == str(year) and end[5:7] == "01"
    starts_late = len(start) == 10 and start[:4] == str(year) and start[5:7] == "12"
    return ends_early or starts_late


def _precise_first(when: str, on: list[Tenure]) -> list[Tenure]:
    """On a date (a month or a day), a term dated more precisely than the year beats terms
    known by years only that begin or end in the date's year: "Soviet Foreign Minister" on 1
    September 1956 is Shepilov (June 1956 to February 1957), not Molotov (1953 to "1956")."""
    year = when[:4]
    precise = [t for t in on if len(t.start or "") > 4 and (t.end is None or len(t.end) > 4)]
    rest = [t for t in on if t not in precise]
    boundary = all((t.start or "") == year or (t.end or "") == year for t in rest)
    return precise if len({t.entity_id for t in precise}) == 1 and rest and boundary else on


_DATED = frozenset({"pocom", "office_holders"})  # sources whose terms are dated, open ends included


def _closed(tenures: list[Tenure]) -> list[Tenure]:
    """pocom (and data/office_holders.json, where a source gives no end) leaves the end of some
    tenures blank (a chargé of 1961, an envoy whose departure was not recorded): such a tenure
    ends, at the latest, when the next holder of the office starts. Left open, "Embassy
    Freetown" in 2001 was its chargé of 1961."""
    starts = sorted(t.start for t in tenures if t.source in _DATED and t.start)
    out = []
    for tenure in tenures:
        if tenure.source in _DATED and tenure.end is None and tenure.start:
            later = next((s for s in starts if s > tenure.start), None)
            if later is not None:
                tenure = replace(tenure, end=later)
        out.append(tenure)
    return out


class Offices:
    """Tenures by office, and the rule that picks the holder of an office on a date."""

    def __init__(self, tenures: Iterable[Tenure]) -> None:
        self._by_office: dict[Office, list[Tenure]] = {}
        for tenure in tenures:
            self._by_office.setdefault(tenure.office, []).append(tenure)
        for office, found in self._by_office.items():
            self._by_office[office] = _closed(found)

    @classmethod
    def from_sources(
        cls,
        pocom: Iterable[tuple[str, str, str | None, str | None, str]],
        roles: Iterable[tuple[str, str, int | None, int | None]],
        dated: Iterable[tuple[str, str, str | None, str | None, tuple[str, ...]]] = (),
    ) -> Offices:
        """pocom: (office key, entity id, start, end, title); roles: (entity id, role, from, to);
        dated: (entity id, office, start, end, sources), the terms of `data/office_holders.json`. A
        person's years-only role steps aside for his dated term of the same office."""
        tenures: list[Tenure] = []
        held: dict[tuple[Office, str], list[tuple[str, str | None]]] = {}
        for entity_id, role, start, end, sources in dated:
            parsed = parse_office(role, default_of=None)
            if parsed is not None and start is not None:
                tenures.append(Tenure(parsed, entity_id, start, end, "office_holders", sources))
                held.setdefault((parsed, entity_id), []).append((start, end))
        for key, entity_id, start, end, title in pocom:
            kind, _, ident = key.partition(":")
            if kind == "principal":
                office = Office(_title(_norm(title)), _US, None)
            else:
                office = Office("embassy", _US, ident)
            tenures.append(Tenure(office, entity_id, start, end, "pocom", ("pocom",)))
        for entity_id, role, first, last in roles:
            parsed = parse_office(role, default_of=None)
            dated_terms = held.get((parsed, entity_id), []) if parsed is not None else []
            if parsed is not None and first is not None and not _within(first, last, dated_terms):
                last_year = str(last) if last else None
                tenures.append(Tenure(parsed, entity_id, str(first), last_year, "roles", ("roles",)))
        return cls(tenures)

    def holding(self, office: Office, *, year: int | None, date: str | None = None,
                surname: Callable[[str], bool] | None = None) -> Holding:
        """Who held `office` on `date` (ISO, any precision) or in `year`; of several holders
        in that time, the one ``surname`` accepts (a test on his entity id), when it accepts
        one alone."""
        lookup = office
        rule = "office_by_date"
        confidence = 0.9
        if office.title == _ACTING and office.of == _US:
            lookup, rule, confidence = Office("under secretary of state", _US, None), "acting_secretary", 0.6
            deputy = Office("deputy secretary of state", _US, None)
            if (date or str(year or ""))[:4] >= "1972" and deputy in self._by_office:
                lookup = deputy
        if _is_mission(office.title) and office.of == _US:
            lookup = Office("embassy", _US, office.to)
        tenures = self._by_office.get(lookup, [])
        if any(t.source == "pocom" for t in tenures):  # dated to the day: the years-only roles step aside
            tenures = [t for t in tenures if t.source == "pocom"]
        if not tenures and _is_mission(office.title):  # "Soviet Embassy in Pyongyang": its ambassador
            tenures = [
                t
                for o, found in self._by_office.items()
                if _is_mission(o.title) and (o.of, o.to) == (office.of, office.to)
                for t in found
            ]
        if not tenures:
            return Holding(office, None, "office_unknown")
        when = date or (str(year) if year is not None else None)
        if when is None:
            return Holding(office, None, "office_undated")
        on = [t for t in tenures if _on(when, t.start, t.end)]
        named = [t for t in on if surname(t.entity_id)] if surname is not None else []
        by_name = len({t.entity_id for t in named}) == 1
        if by_name:
            # "The Ambassador in Great Britain (Page)" in 1918, a year of two ambassadors:
            # the one of that name, though his term does not cover the whole year
            on, rule = named[:1], f"{rule}+surname"
        if len(when) == 4 and len({t.entity_id for t in on}) > 1:
            # a year only: a term dated to the day that touches it by less than a month is
            # not its holder's ("Soviet Ambassador to the USA" in 1962: Dobrynin, not Menshikov,
            # who left on 1 January)
            on = [t for t in on if not _touches_only(int(when), t)] or on
        if len(when) >= 7 and len({t.entity_id for t in on}) > 1:
            on = _precise_first(when, on)
        if len({t.entity_id for t in on}) == 1:
            on = on[:1]
        if len(when) < 10 and len(on) == 1 and on[0].source == "pocom" and not by_name:
            # a year (or month) only: the one pocom tenure must cover all of it
            on = on if _covers_year(int(when[:4]), on[0].start, on[0].end) else [*on, *on]
        if len(on) != 1:
            return Holding(office, None, "office_ambiguous" if on else "office_vacant")
        (tenure,) = on
        if tenure.source == "roles":
            confidence = min(confidence, 0.8)
        elif tenure.source == "office_holders":
            confidence = min(confidence, 0.85)
        rule = f"{rule}:{tenure.source}"
        return Holding(office, tenure.entity_id, rule, tenure.start, tenure.end, confidence, tenure.sources)
