"""The authority: people, places and organisations, every name they go by, and matching.

Data lives in JSON files (a list of records, one per entity; see `resolve/data/`). The
built-in files ship in the package; curators layer their own files on top with
`Authority.load`, where a record with the id of an earlier one replaces it.

Matching goes through an index keyed by tuples of token keys (see `normalize.key`): a name is
found by looking up the n-grams of the text, longest first. Candidates are then checked token
by token (`normalize.same_token`), by period (pseudonyms), by case and by context (names flagged
`needs_title` only count after a title such as "Admiral" or "Gen."). A name that fits more than
one entity resolves to nothing: the authority never guesses.
"""

from __future__ import annotations

import functools
import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, partial
from importlib import resources
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from cablegraph.errors import AuthorityError
from cablegraph.resolve import transliterate
from cablegraph.resolve.archive import MAX_WORDS, PARTICLES, ArchiveLayer, ArchivePerson, Hit, name_key
from cablegraph.resolve.context import Context
from cablegraph.resolve.holders import DatedTerm, merge_holders, read_holders
from cablegraph.resolve.normalize import fold, key, keyed_tokens, same_token, script_of, tokens
from cablegraph.resolve.offices import (
    Holding,
    Offices,
    institution,
    institution_name,
    is_place_word,
    parse_ministry,
    parse_office,
)
from cablegraph.resolve.presidents import us_president
from cablegraph.resolve.validate import KINDS, SYSTEMS, check_records, file_records
from cablegraph.resolve.words import is_english_word

__all__ = ["KINDS", "SYSTEMS", "Authority", "Context", "Entity", "Match", "Name", "Role"]

BUILTIN_FILES = ("persons.json", "places.json", "organizations.json")

# Words that may precede a name: stripped by `lookup`, and the context `needs_title` asks for.
_TITLE_WORDS = """
    comrade comrades cde cdes tov товарищ товарища товарищу товарищем товарищи тов
    general gen generals lieutenant lt major maj colonel col captain capt marshal mar
    admiral adm vice rear commander comdr cinc mr mrs messrs dr sir lord
    ambassador amb minister premier president pres chairman secretary sec
    senator sen governor gov consul charge chargé envoy representative delegate
    prime primin deputy under acting foreign fon
    secy fonmin fonsec dcm syg unsyg polcouns econcouns poloff econoff depsec secdef undersec asst
    генерал генерала генералу генералом маршал маршала маршалу адмирал адмирала адмиралу
    посол посла послу премьер председатель председателя председателю министр министра
    министру господин г мистер мистера мистеру
"""
TITLES = frozenset(_TITLE_WORDS.split())
_TITLE_FILLERS = frozenset({"of", "the", "army", "state", "in", "chief"})
_PRESIDENT = frozenset({"president", "pres"})

_RULE_ORDER = (
    "exact", "alias", "surname", "stem_ru", "ocr_variant", "pseudonym", "context",
    "palladius", "korean_ru", "wade_giles", "fuzzy",
)  # fmt: skip
# Between the words of one name: spaces, hyphens, periods and editorial brackets ("Ni [Zhiliang]").
_GAP = re.compile(r"[\s\-'.?()\[\]\u2010-\u2015\u2019]{0,4}")
_WHITESPACE = re.compile(r"\s{0,3}")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_MAX_KEY = 16
_FUZZY_CUTOFF = 92.0
_FUZZY_MIN = 5
# The feminine and masculine forms of one Slavic surname (Shcherbakov / Shcherbakova, Ivanov /
# Ivanova, Lisowski / Lisowska, Zhukovsky / Zhukovskaya) are two people, not an OCR slip.
_GENDER_PAIRS = (("", "a"), ("", "а"), ("i", "a"), ("y", "aya"), ("ii", "aia"), ("ий", "ая"),
                 ("ій", "а"))


def _gender_pair(one: str, other: str) -> bool:
    """Whether two spellings are one surname's masculine and feminine forms ("shcherbakov",
    "shcherbakova"): the last words differ only by a gendered ending."""
    a, b = one.rsplit(" ", 1)[-1], other.rsplit(" ", 1)[-1]
    if one[: len(one) - len(a)] != other[: len(other) - len(b)]:
        return False
    for masc, fem in _GENDER_PAIRS:
        for x, y in ((a, b), (b, a)):
            stem = x[: len(x) - len(masc)]
            if len(stem) >= 3 and x.endswith(masc) and y.endswith(fem) and stem == y[: len(y) - len(fem)]:
                return True
    return False


@dataclass(frozen=True, slots=True)
class Name:
    """One name of an entity, with its language, script, system and years of use."""

    text: str
    lang: str
    script: str
    system: str
    start_year: int | None = None
    end_year: int | None = None
    needs_title: bool = False
    context_with: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # where the form was read: "people:frus1951v05", "pocom"

    def valid_in(self, year: int | None) -> bool:
        """Whether the name was in use in `year` (always true when either is unknown)."""
        if year is None:
            return True
        if self.start_year is not None and year < self.start_year:
            return False
        return self.end_year is None or year <= self.end_year

    @property
    def limited(self) -> bool:
        """Whether the name has a period of use."""
        return self.start_year is not None or self.end_year is not None


@dataclass(frozen=True, slots=True)
class Role:
    """A position held, with years."""

    role: str
    start_year: int | None = None
    end_year: int | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """An authority record: a person, place or organisation."""

    id: str
    kind: str
    name: str
    names: tuple[Name, ...]
    wikidata: str | None = None
    born: str | None = None
    died: str | None = None
    description: str | None = None
    roles: tuple[Role, ...] = ()
    coords: tuple[float, float] | None = None
    viaf: str | None = None


_PATRONYMIC = re.compile(r"^[A-Z][a-z]+(?:ovich|evich|yevich|ich|ovna|evna|yevna|ichna)$")
def _loose(word: str) -> str:
    """A Russian given name or patronymic in Latin letters, spelled loosely: y as i, no i before
    e, no double i ("Sergeyevich" = "Sergeevich", "Ilyich" = "Ilich" = "Ilych")."""
    folded = word.casefold().replace("y", "i").replace("ie", "e")
    while "ii" in folded:
        folded = folded.replace("ii", "i")
    return folded


def given_key(word: str) -> str:
    """A Russian given name in Latin letters, keyed so that its English spellings meet:
    x as ks, y as i, no i before e, no double i, "-ander" as "-andr" ("Alexander" =
    "Aleksandr", "Alexei" = "Aleksey", "Yevgeny" = "Evgeniy", "Vasily" = "Vasiliy")."""
    folded = _loose(key(word).replace("x", "ks"))
    return folded[:-5] + "andr" if folded.endswith("ander") else folded


_GIVEN_SPELLINGS = ((re.compile(r"^Aleksandr\b"), "Alexander"), (re.compile(r"ks"), "x"),
                    (re.compile(r"(?<=[a-z])iy\b"), "y"), (re.compile(r"^Yur(?:iy|ii)\b"), "Yuri"))


def russian_forms(name: str) -> list[str]:
    """A Russian name as written, then as the FRUS persons lists write it: without the
    patronymic ("Maksim Maksimovich Litvinov" is filed as "Maxim Litvinov"), the given name
    in the older English spelling ("Maksim" -> "Maxim", "Aleksandr" -> "Alexander"). Only
    names of three words with a patronymic in the middle, or of two words, are varied."""
    words = name.split()
    forms = [name]
    if len(words) == 3 and _PATRONYMIC.match(words[1]):
        forms.append(f"{words[0]} {words[2]}")
    for form in list(forms):
        given, _, rest = form.partition(" ")
        if not rest:
            continue
        spelled = given
        for pattern, replacement in _GIVEN_SPELLINGS:
            spelled = pattern.sub(replacement, spelled)
        if spelled != given:
            forms.append(f"{spelled} {rest}")
    return forms


@dataclass(frozen=True, slots=True)
class Match:
    """A name as written in a text, resolved to an entity, with the rule that did it."""

    entity: Entity
    as_written: str
    start: int
    stop: int
    rule: str
    confidence: float


@dataclass(frozen=True, slots=True)
class _Entry:
    """One indexed spelling: the entity, the name it comes from, its folded tokens."""

    entity_id: str
    name: Name
    folded: tuple[str, ...]
    rule: str
    confidence: float
    acronym: bool


_Token = tuple[int, int, str]
_AMBIGUOUS = "ambiguous"


# ---------------------------------------------------------------------------- building


def _entity(record: dict[str, Any]) -> Entity:
    names = tuple(
        Name(
            text=n["text"],
            lang=n["lang"],
            script=n["script"],
            system=n["system"],
            start_year=n.get("from"),
            end_year=n.get("to"),
            needs_title=n.get("needs_title", False),
            context_with=tuple(n.get("context_with", ())),
            sources=tuple(n.get("sources", ())),
        )
        for n in record.get("names", [])
    )
    roles = tuple(Role(r["role"], r.get("from"), r.get("to")) for r in record.get("roles", []))
    coords = record.get("coords")
    return Entity(
        id=record["id"],
        kind=record["kind"],
        name=record["name"],
        names=names,
        wikidata=record.get("wikidata"),
        born=record.get("born"),
        died=record.get("died"),
        description=record.get("description"),
        roles=roles,
        coords=(float(coords[0]), float(coords[1])) if coords else None,
        viaf=record.get("viaf"),
    )


def _is_initial(text: str, tok: _Token) -> bool:
    """A token such as "I" in "I.V." or "Ia" in "A.Ia.": one or two letters, then a period."""
    start, stop, folded = tok
    return (
        len(folded) <= 2
        and folded.isalpha()
        and text[start].isupper()
        and text[stop : stop + 1] == "."
        and folded not in TITLES
    )


def _spellings(text: str) -> set[str]:
    """The name as written, plus its forms without hyphens and without apostrophes."""
    return {text, text.replace("-", ""), text.replace("'", "").replace("’", "")}


def _base_rule(entity: Entity, name: Name, folded: tuple[str, ...]) -> tuple[str, float]:
    if name.system == "pseudonym":
        return "pseudonym", 0.9
    if name.system == "ocr":
        return "ocr_variant", 0.85
    if folded == tuple(t for *_, t in tokens(entity.name)):
        return "exact", 1.0
    if entity.kind == "person" and len(folded) == 1:
        return "surname", 0.85
    return "alias", 0.95


def _entries(entity: Entity) -> Iterator[tuple[tuple[str, ...], _Entry]]:
    """Every index key of an entity with the entry it leads to."""
    preferred = Name(entity.name, "en", script_of(entity.name) or "Latn", "preferred")
    for name in (preferred, *entity.names):
        for spelling in _spellings(name.text):
            toks = tokens(spelling)
            if entity.kind == "person":  # "I.V. Stalin" is keyed as "stalin"; "U.S." stays
                toks = [t for t in toks if not _is_initial(spelling, t)]
            if not toks:
                continue
            folded = tuple(t[2] for t in toks)
            rule, confidence = _base_rule(entity, name, folded)
            acronym = len(toks) == 1 and len(folded[0]) > 1 and spelling[toks[0][0] : toks[0][1]].isupper()
            entry = _Entry(entity.id, name, folded, rule, confidence, acronym)
            yield tuple(key(f) for f in folded), entry


# ---------------------------------------------------------------------------- the authority


LOOKUP_MEMO = 100_000  # answers kept by `Authority.lookup` before the memo starts over


class Authority:
    """Entities by id, and an index of all their names for `lookup` and `find_mentions`."""

    def __init__(
        self,
        entities: Iterable[Entity] = (),
        archive: ArchiveLayer | None = None,
        tenures: Iterable[DatedTerm] = (),
    ) -> None:
        self._entities: dict[str, Entity] = {}
        # Dated terms of non-US offices (data/office_holders.json): (entity id, office, start, end,
        # sources).
        self._tenures = list(tenures)
        for entity in entities:
            self._entities[entity.id] = entity
        # The archive layer (FRUS persons, office holders): read on first need, asked only
        # about what the entities above do not know.
        self.archive = archive
        self._archived: dict[str, Entity] = {}
        self._offices: Offices | None = None
        self._office_memo: dict[tuple[str, int | None, str | None, str | None], Holding | None] = {}
        self._institutions: dict[str, str | None] = {}
        if archive is not None:
            archive.attach_core(
                (e.id, [e.name, *(n.text for n in e.names)], _year_of(e.born), _year_of(e.died))
                for e in self._entities.values()
                if e.kind == "person"
            )
        self._index: dict[tuple[str, ...], list[_Entry]] = {}
        self._prefixes: set[tuple[str, ...]] = set()
        self._starts: set[str] = set()
        self._fuzzy: dict[str, dict[str, list[_Entry]]] = {}
        self._gated_starts: set[str] = set()
        # Names repeat across pages (a corpus has a few thousand distinct ones): each answer is
        # kept, so a miss pays for transliteration and fuzzy matching only once.
        self._memo: dict[tuple[str, int | None, str | None, Context | None], Match | None] = {}
        self._build()

    # -- construction

    @classmethod
    def builtin(cls) -> Authority:
        """The authority shipped in the package (loaded once, then shared)."""
        return _builtin()

    @classmethod
    def load(cls, *paths: str | Path, include_builtin: bool = True) -> Authority:
        """Load authority files in order, on top of the built-in data unless told not to.

        A record whose id is already loaded replaces the earlier one. Raises AuthorityError
        naming the file, the record and the field for the first problem found.
        """
        entities: dict[str, Entity] = dict(_builtin()._entities) if include_builtin else {}
        for path in paths:
            for entity in _read_entities(Path(path)):
                entities[entity.id] = entity
        archive = ArchiveLayer.builtin() if include_builtin and ArchiveLayer.shipped() else None
        tenures = [t for t in _builtin()._tenures if t[0] in entities] if include_builtin else []
        return cls(entities.values(), archive=archive, tenures=tenures)

    @staticmethod
    def check(path: str | Path) -> list[str]:
        """Every problem in one authority file (empty when it is fine)."""
        try:
            records = file_records(Path(path))
        except AuthorityError as exc:
            return [exc.reason]
        return check_records(records)

    def _build(self) -> None:
        for entity in self._entities.values():
            for k, entry in _entries(entity):
                bucket = self._index.setdefault(k, [])
                if entry not in bucket:
                    bucket.append(entry)
                self._prefixes.update(k[:n] for n in range(1, len(k) + 1))
                self._starts.add(k[0])
                if entry.name.context_with:
                    self._gated_starts.add(k[0])
                spelled = " ".join(entry.folded)
                script = script_of(spelled)
                if script and len(spelled) >= _FUZZY_MIN:
                    self._fuzzy.setdefault(script, {}).setdefault(spelled, []).append(entry)

    # -- access

    def get(self, entity_id: str) -> Entity | None:
        """The entity with this id, or None; with the archive layer's forms once it is read."""
        if entity_id in self._archived:
            return self._archived[entity_id]
        entity = self._entities.get(entity_id)
        if entity is None and entity_id.startswith("org:") and (name := institution_name(entity_id)):
            entity = self._archived[entity_id] = Entity(entity_id, "org", name, ())
            return entity
        if self.archive is None or (entity is None and not entity_id.startswith(_ARCHIVE_IDS)):
            return entity
        person = self.archive.person(entity_id)
        if person is None:
            return entity
        found = self._archived[entity_id] = _archive_entity(person, entity, self.archive)
        return found

    def __len__(self) -> int:
        return len(self._entities)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._entities

    def __iter__(self) -> Iterator[Entity]:
        return iter(self._entities.values())

    def entities(self, kind: str | None = None) -> list[Entity]:
        """All entities, or those of one kind ("person", "place", "org")."""
        return [e for e in self._entities.values() if kind is None or e.kind == kind]

    # -- offices

    def office_holder(self, text: str, *, year: int | None = None, date: str | None = None,
                      surname: str | None = None) -> Holding | None:
        """Who held the office `text` names ("The Secretary of State") on `date` or in `year`
        (of several holders then, the one of ``surname``, when one alone has it).

        None when `text` names no office; else a Holding whose `entity_id` is the holder, or
        None with the rule saying why not ("office_undated", "office_ambiguous", ...).
        """
        memo_key = (text, year, date, surname)
        if memo_key in self._office_memo:
            return self._office_memo[memo_key]
        office = parse_office(text)
        found: Holding | None = None
        if office is not None:
            if year is None and date and date[:4].isdigit():
                year = int(date[:4])
            named = None if surname is None else partial(self._has_surname, fold(surname))
            found = self.offices.holding(office, year=year, date=date, surname=named)
        if len(self._office_memo) >= LOOKUP_MEMO:
            self._office_memo.clear()
        self._office_memo[memo_key] = found
        return found

    def _has_surname(self, folded: str, entity_id: str) -> bool:
        entity = self.get(entity_id)
        return entity is not None and fold(entity.name.split()[-1]) == folded

    def institution(self, text: str) -> Entity | None:
        """The mission or foreign ministry `text` names, as an organisation ("Embassy of Hungary in
        North Korea", "the Hungarian Foreign Ministry"); None for anything else."""
        if text not in self._institutions:
            if len(self._institutions) >= LOOKUP_MEMO:
                self._institutions.clear()
            self._institutions[text] = institution(text)
        entity_id = self._institutions[text]
        if entity_id is None and (headed := _HEAD_OF_BODY.match(text.strip())) is not None:
            body = self.lookup(headed.group("body"), kind="org")  # "Chief, FBIS": the service he heads
            return body.entity if body is not None else None
        return self.get(entity_id) if entity_id is not None else None

    def named(self, name: str) -> Entity | None:
        """The entity a stored name stands for (a facet value, a party's name): what
        ``lookup`` resolves, else the mission or ministry of that name, which the lookup
        does not index ("Embassy of the United States in the Soviet Union", made from the
        world table when a page named the post)."""
        match = self.lookup(name)
        return match.entity if match is not None else self.institution(name)

    @property
    def offices(self) -> Offices:
        """Tenures of pocom (archive layer) and of the entities' roles, built on first use."""
        if self._offices is None:
            pocom: list[tuple[str, str, str | None, str | None, str]] = []
            if self.archive is not None:
                for office, pocom_id, start, end, title in self.archive.tenures:
                    entity_id = self.archive.pocom_entity(pocom_id)
                    if entity_id is not None:
                        pocom.append((office, entity_id, start, end, title))
            roles = [
                (e.id, r.role, r.start_year, r.end_year)
                for e in self._entities.values()
                if e.kind == "person"
                for r in e.roles
            ]
            dated = [t for t in self._tenures if t[0] in self._entities]
            self._offices = Offices.from_sources(pocom, roles, dated)
        return self._offices

    # -- resolving

    def _resolve(
        self,
        text: str,
        toks: Sequence[_Token],
        entries: Sequence[_Entry],
        *,
        year: int | None,
        kind: str | None,
        titled: bool | None,
        seen: frozenset[str] | None = None,
    ) -> Match | str | None:
        """Pick the entity among `entries` that `toks` (as written in `text`) names.

        `titled` is None for `lookup` (the text is known to be a name), else whether a title
        precedes the tokens in running text. `seen`: the entity ids of the context; a name
        with `context_with` counts only when one of its ids is there, and then it wins over
        the names without a condition ("Kuznetsov" next to Mao and Terebin in 1948 is Stalin).
        Returns a Match, "ambiguous" or None.
        """
        best: dict[str, tuple[str, float]] = {}
        gated: dict[str, tuple[str, float]] = {}
        for entry in entries:
            found = self._judge(text, toks, entry, year=year, kind=kind, titled=titled)
            if found is not None and entry.name.context_with:
                if not seen or not seen.intersection(entry.name.context_with):
                    continue
                found = ("context", min(found[1], 0.85))
            into = gated if entry.name.context_with else best
            if found is not None and found[1] > into.get(entry.entity_id, ("", -1.0))[1]:
                into[entry.entity_id] = found
        best = gated or best
        if not best:
            return None
        if len(best) > 1:
            return _AMBIGUOUS
        ((entity_id, (rule, confidence)),) = best.items()
        start, stop = toks[0][0], toks[-1][1]
        entity = self._entities[entity_id]
        if rule == "surname" and len(toks) == 1 and year is not None:
            other = self._active_namesake(entity, text[start:stop], year)
            if other is not None:
                if isinstance(other, str):
                    return other
                return Match(other, text[start:stop], start, stop, "archive_surname_active", 0.75)
        return Match(entity, text[start:stop], start, stop, rule, round(confidence, 3))

    def _active_namesake(self, entity: Entity, surname: str, year: int) -> Entity | str | None:
        """A hand-made person named by his surname alone in a year his record shows him out of
        office (roles, or the archive's volumes and offices, none near `year`), while the archive
        layer holds persons of that surname active that year: the one of them, or "ambiguous"
        for several ("MacArthur" in 1954 is the Counselor, Douglas MacArthur II, not the
        general; "Davies" in 1974 is one of three active Davieses, not John Paton Davies).
        None where the record shows him active, or cannot tell (no roles, no archive years)."""
        if self.archive is None or entity.kind != "person":
            return None
        if self._in_office(entity, year) is not False:
            return None
        active = [i for i in self.archive.active_ids(name_key(surname), year) if i != entity.id]
        if not active:
            return None
        if len(active) > 1:
            return _AMBIGUOUS
        return self.get(active[0])

    def _in_office(self, entity: Entity, year: int) -> bool | None:
        """Whether a hand-made person's record places him in `year`: a role from a year before
        it to two after (a man just out of office is still named), or a year of the archive's
        volumes and offices as near. False only where the archive documents his years and `year`
        is past the last of them; None where it documents none (hand-made roles alone leave
        offices out: Rusk's of 1945)."""
        roles = [r for r in entity.roles if r.start_year is not None or r.end_year is not None]
        for role in roles:
            first = role.start_year if role.start_year is not None else -9999
            last = role.end_year if role.end_year is not None else 9999
            if first - 1 <= year <= last + _JUST_LEFT:
                return True
        person = self.archive.person(entity.id) if self.archive is not None else None
        final = person.last_year() if person is not None else None
        if final is None:
            return None
        # out of office only after the last year the archive documents him, not before the first
        # (Rusk in 1945 is Dean Rusk though his FRUS years begin in 1948)
        return year <= final + _JUST_LEFT

    def _judge(
        self,
        text: str,
        toks: Sequence[_Token],
        entry: _Entry,
        *,
        year: int | None,
        kind: str | None,
        titled: bool | None,
    ) -> tuple[str, float] | None:
        """The rule and confidence by which `toks` name `entry`, or None if they do not."""
        entity = self._entities[entry.entity_id]
        if (kind is not None and entity.kind != kind) or not entry.name.valid_in(year):
            return None
        rule, confidence = entry.rule, entry.confidence
        for tok, name_token in zip(toks, entry.folded, strict=True):
            how = same_token(tok[2], name_token)
            if how is None:
                return None
            if how == "exact":
                continue
            confidence = min(confidence, 0.9 if how == "stem_ru" else 0.85)
            if _RULE_ORDER.index(how) > _RULE_ORDER.index(rule):
                rule = how
        if len(toks) == 1:
            written = text[toks[0][0] : toks[0][1]]
            if titled is not None and not written[:1].isupper():
                return None  # a one-word name in running text must be capitalised
            undated = titled is not None and year is None
            if undated and entry.name.system == "pseudonym" and entry.name.limited:
                return None  # "Semenov" names Stalin in 1952-1953 only: an undated text cannot tell
            if entry.acronym and (not written.isupper() or (titled is not None and _in_caps(text, toks[0]))):
                return None  # "MID" yes, "mid" no; "US" in "LET US KNOW" no
            if entry.name.needs_title and not titled:
                if titled is not None:
                    return None
                confidence = min(confidence, 0.6)
            surname_alone = titled is not None and rule == "surname" and entity.kind == "person"
            if surname_alone and (not _lived_near(entity, year) or _before_a_name(text, toks[0][1])
                                  or _after_a_given_word(text, toks[0][0])):
                return None  # "SHERMAN" in 1979 is not Forrest Sherman (d. 1951); "Sir Alexander Cadogan"
        if entry.name.limited and year is None:
            confidence = min(confidence, 0.75)
        return rule, confidence

    def lookup(
        self,
        text: str,
        *,
        year: int | None = None,
        kind: str | None = None,
        context: Context | None = None,
    ) -> Match | None:
        """Resolve one name as written ("FILIPPOV", "Cde. LE KENONG", "Ким Ир Сеном").

        Titles and initials are stripped when the full text is not a known name. Then, in
        order: the name's pinyin read from Palladius ("Ли Кэнун"), from a Russian rendering of
        a Korean name, or from Wade-Giles ("Chou En-lai"), and last a strict fuzzy match.
        `context` (year, the document's other entity ids) decides names that only count in
        context. Returns None when nothing matches or when the name fits several entities.
        """
        memo_key = (text, year, kind, context)
        if memo_key in self._memo:
            return self._memo[memo_key]
        found = self._lookup(text, year=year, kind=kind, context=context)
        if len(self._memo) >= LOOKUP_MEMO:
            self._memo.clear()
        self._memo[memo_key] = found
        return found

    def _lookup(
        self, text: str, *, year: int | None, kind: str | None, context: Context | None
    ) -> Match | None:
        if context is not None and year is None:
            year = context.year
        seen = context.entity_ids if context is not None else None
        toks = _join_spelled(tokens(text), text, minimum=3)
        stripped = _strip_titles(text, toks)
        found = self._lookup_tokens(text, toks, stripped, year=year, kind=kind, seen=seen)
        if found is not None:
            return _fitting(found, text, toks) if isinstance(found, Match) else None
        found = self._transliterated(text, stripped, year=year, kind=kind, seen=seen)
        if found is None and kind in (None, "person"):
            found = self._archive_lookup(text, stripped, year=year)
        if found is None and kind in (None, "org"):
            found = self._ministry(text)
        if found is None and kind in (None, "person"):
            found = self._given_and_patronymic(text, stripped, year)
        if found is None and kind in (None, "person"):
            found = self._given_spelled_otherwise(text, stripped, year)
        found = found or self._fuzzy_lookup(text, stripped, year=year, kind=kind)
        return _fitting(found, text, toks) if found is not None else None

    @functools.cached_property
    def _by_patronymic(self) -> dict[tuple[str, str], set[str]]:
        """(given name, patronymic), loosely spelled, -> the persons whose names hold both
        ("Nikita Sergeyevich Khrushchev")."""
        out: dict[tuple[str, str], set[str]] = {}

        def add(entity_id: str, forms: Iterable[str]) -> None:
            for form in forms:
                _, comma, given = form.partition(", ")  # "Brezhnev, Leonid Ilyich"
                words = given.split() if comma else form.split()[:2] if len(form.split()) == 3 else []
                if len(words) == 2 and _PATRONYMIC.match(words[1]):
                    out.setdefault((_loose(words[0]), _loose(words[1])), set()).add(entity_id)

        for entity in self._entities.values():
            if entity.kind == "person":
                merged = self.get(entity.id) or entity
                add(entity.id, (n.text for n in merged.names))
        if self.archive is not None:
            for person in self.archive.persons():
                add(person.id, (form for form, _ in person.forms))
        return out

    def _given_and_patronymic(self, text: str, toks: Sequence[_Token], year: int | None) -> Match | None:
        """A Russian given name and patronymic without the surname, as a person is addressed
        ("Nikita Sergeevich", "Leonid Ilich"): in a dated text, the one person of the entities
        and the archive layer whose name holds both (spelled loosely: Sergeevich = Sergeyevich,
        Ilich = Ilyich), alive then."""
        if len(toks) != 2 or year is None:
            return None
        given, patronymic = (text[t[0] : t[1]] for t in toks)
        if not _PATRONYMIC.match(patronymic):
            return None
        ids = self._by_patronymic.get((_loose(given), _loose(patronymic)), set())
        return self._one_alive(ids, year, text, toks, "given_patronymic")

    @functools.cached_property
    def _by_given_spelling(self) -> dict[tuple[str, str], set[str]]:
        """(given name keyed by `given_key`, surname key) -> the persons of the entities (not the
        archive layer) one of whose names of two or three words holds both."""
        out: dict[tuple[str, str], set[str]] = {}
        for entity in self._entities.values():
            if entity.kind != "person":
                continue
            merged = self.get(entity.id) or entity
            for name in (merged.name, *(n.text for n in merged.names)):
                words = name.split()
                if 2 <= len(words) <= 3 and words[0][:1].isupper() and len(words[0]) > 2:
                    out.setdefault((given_key(words[0]), key(words[-1]).casefold()), set()).add(entity.id)
        return out

    def _given_spelled_otherwise(self, text: str, toks: Sequence[_Token], year: int | None) -> Match | None:
        """A given name and surname whose given name the entities spell otherwise ("Alexander
        Puzanov" is the record "Aleksandr Puzanov", "Sergei Kudryavtsev" "Sergey
        Kudryavtsev"): the one person whose name holds the surname and the given name keyed
        alike (`given_key`), alive then."""
        if len(toks) != 2 or len(toks[0][2]) < 3 or not text[toks[0][0]].isupper():
            return None
        ids = self._by_given_spelling.get((given_key(toks[0][2]), key(toks[1][2]).casefold()), set())
        return self._one_alive(ids, year, text, toks, "given_spelling")

    def _one_alive(self, ids: set[str], year: int | None, text: str, toks: Sequence[_Token],
                   rule: str) -> Match | None:
        """The match of the two words ``toks`` when ``ids`` is one person, alive in ``year``."""
        if len(ids) != 1:
            return None
        entity = self.get(next(iter(ids)))
        if entity is None or not _lived_near(entity, year):
            return None
        return Match(entity, text[toks[0][0] : toks[1][1]], toks[0][0], toks[1][1], rule, 0.8)

    def _ministry(self, text: str) -> Match | None:
        """A foreign ministry by any of its names: "the Hungarian Foreign Ministry" and "Ministry
        of Foreign Affairs of Hungary" are one organisation (no office with a holder: a mission's
        name is left to `office_holder`, which dates its head)."""
        if parse_ministry(text) is None:
            return None
        body = self.institution(text)
        if body is None:
            return None
        return Match(body, text, 0, len(text), "institution", 0.85)

    def _archive_lookup(self, text: str, toks: Sequence[_Token], *, year: int | None) -> Match | None:
        """A name the entities lack, looked up in the archive layer (FRUS persons, pocom)."""
        if self.archive is None or not toks:
            return None
        held = self._index.get(tuple(key(t[2]) for t in toks), ())
        if any(not self._dead_cover(e, year) for e in held):
            return None  # a name the entities hold (out of its period, say) is theirs to decide
        start, stop = toks[0][0], toks[-1][1]
        written = text[start:stop]
        latin = transliterate.russian_to_latin(written)  # "Павлов": the archive's Pavlov
        for form in russian_forms(latin if latin is not None else written):
            hit = self.archive.lookup(name_key(form), year=year, running=False)
            if hit == _AMBIGUOUS and year is not None and len(toks) == 1:
                hit = self._by_initials(text, name_key(form), year)
            if hit is not None:
                return self._hit_match(hit, text, start, stop)
        return None

    def _dead_cover(self, entry: _Entry, year: int | None) -> bool:
        """Whether an indexed name is a cover name of a period in a year after its bearer's
        death: no one's name then ("Semenov" in 1970 is not Stalin, dead in 1953; in 1951, next
        to its period, the hand-made record still decides)."""
        if year is None or entry.name.system != "pseudonym" or not entry.name.limited:
            return False
        died = _year_of(self._entities[entry.entity_id].died)
        return died is not None and year > died and not entry.name.valid_in(year)

    def _by_initials(self, text: str, surname: str, year: int) -> Hit | None:
        """Among the persons of a surname active in `year`, the one whose given names the
        initials written before it fit ("В. Павлов" in 1942: Vladimir Pavlov)."""
        assert self.archive is not None
        initials: list[str] = []
        for tok in tokens(text):
            if not _is_initial(text, tok):
                break
            initials.append(tok[2])
        if not initials or initials in (["m"], ["h", "e"]):
            return None
        fits = [i for i in self.archive.near_ids(surname, year)
                if (entity := self.get(i)) is not None and _initials_fit(initials, entity)]  # fmt: skip
        return Hit(fits[0], "archive_surname+initials", 0.7) if len(fits) == 1 else None

    def _hit_match(self, hit: Hit | str | None, text: str, start: int, stop: int) -> Match | None:
        if not isinstance(hit, Hit):
            return None
        entity = self.get(hit.entity_id)
        if entity is None:
            return None
        return Match(entity, text[start:stop], start, stop, hit.rule, hit.confidence)

    def _lookup_tokens(
        self,
        text: str,
        *candidates: Sequence[_Token],
        year: int | None,
        kind: str | None,
        seen: frozenset[str] | None,
    ) -> Match | str | None:
        for candidate in candidates:
            if not candidate:
                continue
            entries = self._index.get(tuple(key(t[2]) for t in candidate))
            if entries:
                found = self._resolve(text, candidate, entries, year=year, kind=kind, titled=None, seen=seen)
                if found is not None:
                    return found
        return None

    def _transliterated(
        self,
        text: str,
        toks: Sequence[_Token],
        *,
        year: int | None,
        kind: str | None,
        seen: frozenset[str] | None,
    ) -> Match | None:
        """Look the name up again as pinyin or English read by `transliterate`'s rules."""
        if not toks:
            return None
        start, stop = toks[0][0], toks[-1][1]
        for rule, reading in transliterate.readings(text[start:stop]):
            read_toks = tokens(reading)
            found = self._lookup_tokens(reading, read_toks, year=year, kind=kind, seen=seen)
            if isinstance(found, Match):
                confidence = round(min(found.confidence, 0.8), 3)
                return Match(found.entity, text[start:stop], start, stop, rule, confidence)
        return None

    def _fuzzy_lookup(
        self, text: str, toks: Sequence[_Token], *, year: int | None, kind: str | None
    ) -> Match | None:
        """Last resort for OCR damage: one close spelling in the same script, or nothing."""
        query = " ".join(t[2] for t in toks)
        script = script_of(query)
        if not toks or script is None or min(len(t[2]) for t in toks) < _FUZZY_MIN:
            return None
        choices = self._fuzzy.get(script, {})
        found = process.extractOne(query, choices.keys(), scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
        if found is None:
            return None
        spelled, score = found[0], found[1]
        if _gender_pair(query, spelled):
            return None
        if self.archive is not None and all(self.archive.is_name_word(t[2]) for t in toks):
            return None  # "Matthews" is a surname as spelled, not OCR damage of "Mathews"
        ids = {
            e.entity_id
            for e in choices[spelled]
            if e.name.valid_in(year) and (kind is None or self._entities[e.entity_id].kind == kind)
        }
        if len(ids) != 1:
            return None
        start, stop = toks[0][0], toks[-1][1]
        entity = self._entities[ids.pop()]
        return Match(entity, text[start:stop], start, stop, "fuzzy", round(0.8 * score / 100, 3))

    def find_mentions(
        self,
        text: str,
        *,
        year: int | None = None,
        start: int = 0,
        stop: int | None = None,
        context: Context | None = None,
    ) -> list[Match]:
        """Every known name in `text[start:stop]`, longest first, no overlaps, offsets into `text`.

        The text is its own context: when it holds a name that only counts in context
        ("Kuznetsov"), it is read a second time with the entities of the first reading (and
        those of `context`, if given) as the context.
        """
        if context is not None and year is None:
            year = context.year
        toks, keys = keyed_tokens(text, start, stop)
        toks, keys = _outside_urls(text, toks, keys)
        if _has_letter_run(toks, 4):
            toks = _join_spelled(toks, text, minimum=4, known=self._prefixes)
            keys = [key(t[2]) for t in toks]
        end = len(text) if stop is None else stop
        if (joined := _join_expanded(toks, text, start, end)) is not toks:
            toks, keys = joined, [key(t[2]) for t in joined]
        if _CAPITAL_S.search(text, start, end):
            toks, keys = self._telegraph_possessives(text, toks, keys)
        seen = context.entity_ids if context is not None else frozenset()
        out = self._scan(text, toks, keys, year, seen)
        if self._gated_starts and not self._gated_starts.isdisjoint(keys):
            wider = seen | {m.entity.id for m in out}
            if wider != seen:
                out = self._rescan_gated(text, toks, keys, year, wider, out)
        if self.archive is not None:
            out = self._archive_scan(text, toks, keys, year, out)
        if year is not None and (sent := _FROM_EMBASSY.search(text, start, end)) is not None:
            out = self._signed_by_the_chief(text, start, end, sent.group("post"), year, out)
        return out

    def _signed_by_the_chief(
        self, text: str, start: int, end: int, post: str, year: int, out: list[Match]
    ) -> list[Match]:
        """A cable from an embassy is signed by its chief: a line holding only a surname
        ("DAVIES" in a 1974 cable FM AMEMBASSY WARSAW) is the chief of mission of that post that
        year (POCOM) when the surname is his, however many persons bear it."""
        holding = self.office_holder(f"Embassy in {post.title()}", year=year)
        chief = self.get(holding.entity_id) if holding is not None and holding.entity_id else None
        if chief is None or chief.kind != "person":
            return out
        surname = fold(chief.name.replace(",", " ").split()[-1])
        taken = [(m.start, m.stop) for m in out]
        added = list(out)
        for line in _SIGNATURE.finditer(text, start, end):
            at, stop = line.span("name")
            if fold(line.group("name")) != surname or any(a < stop and at < b for a, b in taken):
                continue
            added.append(Match(chief, line.group("name"), at, stop, "signed_by_chief", 0.85))
        return sorted(added, key=lambda m: m.start) if len(added) > len(out) else out

    def _telegraph_possessives(
        self, text: str, toks: list[_Token], keys: list[str]
    ) -> tuple[list[_Token], list[str]]:
        """Telegrams drop the apostrophe: "MR PEARSONS STATEMENT" is Pearson's. On a line in
        capitals, a word in S that no name holds, whose stem is the surname of a person the
        authority knows and after which another word follows, is read as that surname."""
        out, words = keys, toks
        for i, k in enumerate(keys):
            if k[-1:] != "s" or len(k) < 5 or k in self._starts or i + 1 >= len(keys):
                continue
            first, last, _word = toks[i]
            if not text[first:last].isupper() or (i and (keys[i - 1], k) in self._prefixes):
                continue
            stem = k[:-1]
            if not any(e.name.system == "surname" for e in self._index.get((stem,), ())):
                continue
            if not _line_in_capitals(text, first):
                continue
            if out is keys:
                out, words = list(keys), list(toks)
            out[i] = stem
            words[i] = (first, last, stem)
        return words, out

    def _archive_scan(
        self, text: str, toks: Sequence[_Token], keys: Sequence[str], year: int | None, found: list[Match]
    ) -> list[Match]:
        """Names the entities lack, in the stretches no mention covers: the archive layer.

        A full name ("McGeorge Bundy", "Foy D. Kohler") needs one person; a surname alone
        ("Kohler") needs the year, a capital, no lowercase use of the word on the page, and no
        name of the entities starting with it (those the scan above has decided).
        """
        archive = self.archive
        assert archive is not None
        starts = archive.starts
        hits = starts.intersection(keys)
        if not hits:
            return found
        out: list[Match] = []
        covered = [(m.start, m.stop) for m in found]
        free = 0  # tokens before this one are inside a name found here
        for i in [i for i, k in enumerate(keys) if k in hits]:
            tok, k = toks[i], keys[i]
            particle = k in PARTICLES
            if i < free or not (particle or text[tok[0]].isupper()) or _inside(covered, tok[0]):
                continue
            if _after_a_name(text, toks, i, starts):
                continue  # "[Carlos Rafael] Rodriguez": the name began a word earlier
            words = _name_words(text, toks, i, covered)
            if len(words) == 1 and _inverted(text, toks, i):  # "Bundy, McGeorge": surname, given names
                words = [tok, *_name_words(text, toks, i + 1, covered)]
            match: Match | None = None
            for n in range(len(words), 1, -1):
                if tuple(key(w[2]) for w in words[:n]) in self._index:
                    break
                hit = archive.lookup(" ".join(w[2] for w in words[:n]), year=year, running=True)
                if hit is not None:
                    match = self._hit_match(hit, text, words[0][0], words[n - 1][1])
                    break
            alone = year is not None and len(tok[2]) >= 3 and k not in self._starts and not particle
            if match is None and alone and _archive_surname_alone(text, toks, i, archive):
                hit = archive.lookup(tok[2], year=year, running=True)
                if hit == _AMBIGUOUS and year is not None and i > 0 and toks[i - 1][2] in _OFFICE_WORDS:
                    hit = self._by_title(toks[i - 1][2], archive.active_ids(k, year), year)
                if isinstance(hit, Hit) and not _used_in_lower_case(text, tok[2]):
                    match = self._hit_match(hit, text, tok[0], tok[1])
            if match is None:
                continue
            widened = _with_initials(text, toks, i, i, match, out[-1].stop if out else 0)
            if widened is None:
                continue
            out.append(widened)
            free = i + 1
            while free < len(toks) and toks[free][0] < match.stop:
                free += 1
        return sorted([*found, *out], key=lambda m: m.start) if out else found

    def _by_title(self, title: str, ids: Sequence[str], year: int) -> Hit | None:
        """The one person among `ids` whose record holds the office the title names in `year`
        (a role of that year, or the description): "President Kennedy" in 1962 is John F.,
        not Robert F. Kennedy."""
        words = _OFFICE_WORDS[title]
        fits = []
        for entity_id in ids:
            entity = self.get(entity_id)
            if entity is None:
                continue
            held = [r.role for r in entity.roles if _role_in(r, year)] + [entity.description or ""]
            if any(w in " ".join(held).casefold() for w in words):
                fits.append(entity_id)
        return Hit(fits[0], "archive_surname+title", 0.75) if len(fits) == 1 else None

    def _rescan_gated(
        self,
        text: str,
        toks: Sequence[_Token],
        keys: Sequence[str],
        year: int | None,
        seen: frozenset[str],
        found: list[Match],
    ) -> list[Match]:
        """Read again only where a name that needs context starts, now with the context."""
        out = list(found)
        for i, k in enumerate(keys):
            if k not in self._gated_starts:
                continue
            at = toks[i][0]
            if any(m.start < at < m.stop for m in out):
                continue  # inside a longer name already found
            end, match = self._longest(text, toks, keys, i, year, seen)
            if not isinstance(match, Match):
                continue
            rest = [m for m in out if m.stop <= match.start or m.start >= match.stop]
            floor = max((m.stop for m in rest if m.stop <= match.start), default=0)
            widened = _with_initials(text, toks, i, end, match, floor)
            if widened is None:
                continue
            rest.append(widened)
            out = sorted(rest, key=lambda m: m.start)
        return out

    def _scan(
        self,
        text: str,
        toks: Sequence[_Token],
        keys: Sequence[str],
        year: int | None,
        seen: frozenset[str],
    ) -> list[Match]:
        starts = self._starts
        out: list[Match] = []
        i = 0
        while i < len(toks):
            if keys[i] not in starts:
                i += 1
                continue
            end, found = self._longest(text, toks, keys, i, year, seen)
            if isinstance(found, Match):
                floor = out[-1].stop if out else 0
                widened = _with_initials(text, toks, i, end, found, floor)
                if widened is not None:
                    out.append(widened)
            i = end + 1 if found is not None else i + 1
        return out

    def _longest(
        self,
        text: str,
        toks: Sequence[_Token],
        keys: Sequence[str],
        i: int,
        year: int | None,
        seen: frozenset[str],
    ) -> tuple[int, Match | str | None]:
        """The longest name starting at token i: (index of its last token, result)."""
        titled: bool | None = None  # whether a title precedes: asked once a name is in reach
        best: tuple[int, Match | str | None] = (i, None)
        k: tuple[str, ...] = ()
        for j in range(i, min(len(toks), i + _MAX_KEY)):
            if j > i and not _GAP.fullmatch(text, toks[j - 1][1], toks[j][0]):
                break
            k = (*k, keys[j])
            if k not in self._prefixes:
                break
            entries = self._index.get(k)
            if entries:
                if titled is None:
                    titled = _titled(text, toks, i)
                span = toks[i : j + 1]
                found = self._resolve(text, span, entries, year=year, kind=None, titled=titled, seen=seen)
                if titled and j == i and year is not None and i > 0 and toks[i - 1][2] in _PRESIDENT:
                    found = self._president(text, toks[i], year) or found
                if found is not None:
                    best = (j, found)
        return best

    def _president(self, text: str, tok: _Token, year: int) -> Match | None:
        """ "President Johnson" in 1966: the president of the United States of that surname in
        office that year (Lyndon B. Johnson), not another person of the surname."""
        full = us_president(tok[2], year)
        found = self.lookup(full, year=year, kind="person") if full else None
        if found is None:
            return None
        return Match(found.entity, text[tok[0] : tok[1]], tok[0], tok[1], "president_by_date", 0.9)


# ---------------------------------------------------------------------------- helpers


def _read_entities(path: Path) -> list[Entity]:
    records = file_records(path)
    problems = check_records(records)
    if problems:
        raise AuthorityError(problems[0], path=str(path))
    return [_entity(r) for r in records]


_ARCHIVE_IDS = ("person:hs-", "person:pocom-")
_NAME_GAP = re.compile(r"[ \t\u00a0'’\[\]-]{1,3}|\s?")


def _year_of(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _after_a_name(text: str, toks: Sequence[_Token], i: int, names: set[str]) -> bool:
    """Whether token i follows, in the same name, a capitalised word that can start a name
    (`names`): "Rafael" in "[Carlos Rafael] Rodriguez", "Valdes" in "[Raul] Valdes"."""
    if i == 0:
        return False
    before = toks[i - 1]
    named = text[before[0]].isupper() and before[2] in names and before[2] not in TITLES
    return named and _NAME_GAP.fullmatch(text, before[1], toks[i][0]) is not None


# Titles before a surname that name an office, with the words a record states it by.
_OFFICE_WORDS: dict[str, tuple[str, ...]] = {
    "president": ("president",), "pres": ("president",), "ambassador": ("ambassador",),
    "amb": ("ambassador",), "secretary": ("secretary",), "sec": ("secretary",),
    "minister": ("minister",), "premier": ("premier", "prime minister"), "chairman": ("chairman",),
    "senator": ("senator",), "sen": ("senator",), "governor": ("governor",), "general": ("general",),
    "gen": ("general",), "admiral": ("admiral",), "adm": ("admiral",), "prince": ("prince",),
    "king": ("king",),
}  # fmt: skip


def _role_in(role: Role, year: int) -> bool:
    started = role.start_year is None or role.start_year <= year
    return started and (role.end_year is None or year <= role.end_year)


_SURNAME_YEARS = 25  # a surname alone names a person at most this long after his death
_JUST_LEFT = 2  # a man out of office this many years is still the one his surname names


def _lived_near(entity: Entity, year: int | None) -> bool:
    """Whether a surname alone in a text of `year` can name the person: not before the age of
    15, not more than 25 years after death (the dates the record holds; unknown dates pass)."""
    if year is None:
        return True
    born, died = _year_of(entity.born), _year_of(entity.died)
    too_young = born is not None and year < born + 15
    return not (too_young or (died is not None and year > died + _SURNAME_YEARS))


_NEXT_WORD = re.compile(r"[ \u00a0]\[?([^\W\d_][^\W\d_'’]*)")


# Forms of address before a surname that no English word list holds.
_HONORIFICS = frozenset({"herr", "frau", "monsieur", "madame", "mme", "mlle", "senor", "señor",
                         "signor", "signora", "don", "dona", "doña", "sheikh", "emir", "shah", "sultan",
                         "generalissimo", "tovarishch"})  # fmt: skip


def _after_a_given_word(text: str, start: int) -> bool:
    """Whether a capitalised word that is no title, honorific, patronymic or English word stands
    right before: the surname's given name or the rest of a longer name ("Dr. Neiva Simon" is
    not William E. Simon)."""
    end = start
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    if end == start or end == 0 or not text[end - 1].islower():
        return False
    begin = end - 1
    while begin > 0 and text[begin - 1].isalpha():
        begin -= 1
    if not text[begin].isupper():
        return False  # (most surnames follow a word in lower case: decided here, cheaply)
    if begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] in "_.'’-"):
        return False
    word = text[begin:end]
    if len(word) < 2 or not (word.isascii() and word[1:].islower()):
        return False
    folded = word.casefold()
    if folded in TITLES or folded in _HONORIFICS or _PATRONYMIC.match(word):
        return False
    return not is_english_word(folded) and not is_place_word(folded, world=True)  # "Pyongyang Shtykov"


def _before_a_name(text: str, stop: int) -> bool:
    """Whether a capitalised word follows on the same line, as a name's next part does: then
    the word before it is a given name or part of a longer name ("Alexander" in "Sir Alexander
    Cadogan", "Abdullah Goran", "Kim Il Sung", "Case Number"). Initials ("STALIN I.V.") and a
    line in capitals say nothing."""
    found = _NEXT_WORD.match(text, stop)
    if found is None:
        return False
    word = found.group(1)
    if len(word) == 1 or not word[0].isupper() or word.casefold() in TITLES:
        return False
    if word.isupper():  # "Kohler USA", "Rusk UN"; or a line in capitals (only then is it asked)
        return len(word) >= 4 and not _line_in_capitals(text, stop)
    return True


def _line_in_capitals(text: str, at: int) -> bool:
    """Whether the line around offset `at` is written in capitals (a telegram's)."""
    start = max(text.rfind("\n", max(0, at - _LINE_WINDOW), at) + 1, at - _LINE_WINDOW)
    stop = text.find("\n", at, at + _LINE_WINDOW)
    part = text[start : stop if stop >= 0 else at + _LINE_WINDOW]
    letters = sum(map(str.isalpha, part))
    return letters > 8 and sum(map(str.isupper, part)) > 0.8 * letters


_LINE_WINDOW = 160  # characters either side of a word that say whether its line is in capitals


_SPEECH = frozenset(
    {"said", "says", "told", "asked", "added", "noted", "stated", "replied", "stressed", "remarked", "agreed"}
)


def _archive_surname_alone(text: str, toks: Sequence[_Token], i: int, archive: ArchiveLayer) -> bool:
    """Whether token i may be an archive surname by itself: no common word, not followed by a
    name's next part, not inside a hyphenated word; in a line of capitals (where "PLACE", "OFF",
    "READ" cannot be told from names by their case) only after a title or before a verb of
    speech ("AMBASSADOR SMOLE", "POMPIDOU SAID"), or a long word that is no given name
    ("FREDERICK"), or one of four or five letters that is no English word ("SADAT", not "DEAL")."""
    tok = toks[i]
    word = tok[2]
    if archive.is_common(word) or not _stands_alone(text, tok) or _before_a_name(text, tok[1]):
        return False
    if _after_a_given_word(text, tok[0]):
        return False  # "Dr. Neiva Simon"
    if not (text[tok[0] : tok[1]].isupper() and _line_in_capitals(text, tok[0])):
        return True
    titled = i > 0 and toks[i - 1][2] in TITLES
    speaks = i + 1 < len(toks) and toks[i + 1][2] in _SPEECH
    plain = len(word) >= 6 or (len(word) >= 4 and not is_english_word(word))  # "SADAT", not "DEAL"
    return titled or speaks or (plain and not archive.is_given_name(word))


_COMMA = re.compile(r", ?")


def _inverted(text: str, toks: Sequence[_Token], i: int) -> bool:
    """Whether token i is followed by a comma and a capitalised word (a name written "Surname,
    Given", as in participant lists and FRUS persons lists)."""
    if i + 1 >= len(toks):
        return False
    after = toks[i + 1]
    return _COMMA.fullmatch(text, toks[i][1], after[0]) is not None and text[after[0]].isupper()


def _stands_alone(text: str, tok: _Token) -> bool:
    """Whether a word can be a surname by itself: not part of a hyphenated word
    ("FELLOW-COUNTRYMAN"), not a capitals word on a page in lower case (a cover name, "CORA")."""
    start, stop, _ = tok
    if text[start - 1 : start] == "-" or text[stop : stop + 1] == "-":
        return False
    word = text[start:stop]
    return not (word.isupper() and len(word) > 1 and not _mostly_capitals(text))


def _mostly_capitals(text: str) -> bool:
    """Whether the page is written in capitals (a telegram), not just some words."""
    return _head_in_capitals(text[:4000])


@functools.lru_cache(maxsize=16)
def _head_in_capitals(head: str) -> bool:
    # asked once per capitalised word of a page: the page's head is counted once
    letters = list(filter(str.isalpha, head))
    return bool(letters) and sum(map(str.isupper, letters)) > 0.6 * len(letters)



def _used_in_lower_case(text: str, word: str) -> bool:
    """Whether `word` (folded) stands in `text` in lower case: "hope" next to "Hope"."""
    return re.search(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", text) is not None


def _inside(spans: Sequence[tuple[int, int]], at: int) -> bool:
    """Whether offset `at` falls in one of `spans` (sorted, not overlapping)."""
    i = bisect_right(spans, (at, _END)) - 1
    return i >= 0 and spans[i][1] > at


_END = 1 << 62


def _name_words(
    text: str, toks: Sequence[_Token], i: int, covered: Sequence[tuple[int, int]]
) -> list[_Token]:
    """Capitalised words from token i on that may form one name, skipping initials ("Foy D. Kohler")."""
    words = [toks[i]]
    k, end = i + 1, toks[i][1]
    while k < len(toks) and len(words) < MAX_WORDS:
        tok = toks[k]
        if _is_initial(text, tok) and _NAME_GAP.fullmatch(text, end, tok[0]):
            end, k = tok[1] + 1, k + 1
            continue
        if (
            not text[tok[0]].isupper()
            or _inside(covered, tok[0])
            or not _NAME_GAP.fullmatch(text, end, tok[0])
        ):
            break
        words.append(tok)
        end, k = tok[1], k + 1
    return words


def _archive_entity(person: ArchivePerson, core: Entity | None, archive: ArchiveLayer) -> Entity:
    """The entity of an archive person: its own, or the hand-made one with the archive's forms."""
    names = tuple(
        Name(form, "en", script_of(form) or "Latn", "variant", sources=_sources(vols))
        for form, vols in person.forms
    )
    roles = tuple(Role(*r) for r in archive.roles_of(person.pocom_id)) if person.pocom_id else ()
    if core is not None:
        known = {n.text for n in core.names}
        extra = tuple(n for n in names if n.text not in known)
        return replace(
            core,
            names=core.names + extra,
            viaf=core.viaf or person.viaf,
            roles=core.roles + tuple(r for r in roles if r not in core.roles),
        )
    return Entity(
        id=person.id,
        kind="person",
        name=person.name,
        names=names,
        born=str(person.born) if person.born else None,
        died=str(person.died) if person.died else None,
        roles=roles,
        viaf=person.viaf,
    )


def _sources(volumes: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted(v if v == "pocom" else f"people:{v}" for v in volumes)) or ("people",)


@cache
def _builtin() -> Authority:
    data = resources.files("cablegraph.resolve").joinpath("data")
    entities: list[Entity] = []
    tenures: list[DatedTerm] = []
    for filename in BUILTIN_FILES:
        source = data.joinpath(filename)
        try:
            records = json.loads(source.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise AuthorityError(f"built-in authority unreadable: {exc}", path=filename) from exc
        if filename == "persons.json":  # the holders of non-US offices join the persons
            merged = merge_holders(records, read_holders()[1])
            records, tenures = merged.persons, merged.tenures
        problems = check_records(records)
        if problems:
            raise AuthorityError(problems[0], path=filename)
        entities += [_entity(r) for r in records]
    return Authority(
        entities, archive=ArchiveLayer.builtin() if ArchiveLayer.shipped() else None, tenures=tenures
    )


def _strip_titles(text: str, toks: Sequence[_Token]) -> list[_Token]:
    """Drop leading titles ("Cde.", "General of the Army") and initials anywhere."""
    rest = [t for t in toks if not _is_initial(text, t)]
    while len(rest) > 1 and (rest[0][2] in TITLES or rest[0][2] in _TITLE_FILLERS):
        rest = rest[1:]
    return rest


def _titled(text: str, toks: Sequence[_Token], i: int) -> bool:
    """Whether a title (or an initial) stands right before token i."""
    j = i - 1
    while j >= 0 and _is_initial(text, toks[j]):
        j -= 1
    if j < i - 1:
        return True
    if j < 0:
        return False
    return toks[j][2] in TITLES and bool(_GAP.fullmatch(text, toks[j][1], toks[i][0]))


# Latin first letters of the Cyrillic ones, and letters one sound is written with in other
# transliterations (Ye/E/Ie/Je/Yu/Iu, Kh/H/Ch/G, V/W, Ts/C/Z): an initial fits a given name
# that starts with any letter of its class.
_CYRILLIC_FIRST = dict(zip("абвгдеёжзийклмнопрстуфхцчшщыэюя", "abvgdeezziiklmnoprstufhccssyeyy", strict=True))
_LETTER_CLASSES = ("eyij", "hkcgx", "vw", "tcz")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_SAME_LETTER = {c: frozenset(group) for group in _LETTER_CLASSES for c in group}


def _first_letter(word: str) -> str:
    first = word[:1]
    return _CYRILLIC_FIRST.get(first, first)


@functools.lru_cache(maxsize=4096)
def _name_letters(entity: Entity) -> frozenset[str] | None:
    """The first letters (Latin) of every word of the person's names, or None where no name of
    his has more than one word (nothing to check initials against)."""
    letters: set[str] = set()
    several = False
    for written in (entity.name, *(n.text for n in entity.names)):
        words = [t[2] for t in tokens(written) if t[2] not in _SUFFIXES]
        several = several or len(words) > 1
        letters.update(_first_letter(w) for w in words)
    return frozenset(letters) if several else None


def _initials_fit(initials: Sequence[str], entity: Entity) -> bool:
    """Whether initials written with a surname can be this person's: the first initial starts a
    word of one of his names ("L. Harrison" is no William K. Harrison, "M.D. Hermes" no Peter
    Hermes; "D. Roosevelt" is Franklin D., "I.V. Stalin" Joseph/Iosif). "M." alone is also
    "Monsieur" ("M. Clemenceau") and "H. E." "His Excellency": they say nothing."""
    if entity.kind != "person" or not initials or initials in (["m"], ["h", "e"]):
        return True
    letters = _name_letters(entity)
    if letters is None:
        return True
    first = _first_letter(initials[0])
    return bool(_SAME_LETTER.get(first, frozenset(first)) & letters)


def _fitting(found: Match, text: str, toks: Sequence[_Token]) -> Match | None:
    """A name looked up as written, dropped where its leading initials cannot be the person's
    ("E. Kelly" is not William B. Kelly)."""
    initials: list[str] = []
    for tok in toks:
        if not _is_initial(text, tok):
            break
        initials.append(tok[2])
    return found if _initials_fit(initials, found.entity) else None


def _with_initials(
    text: str, toks: Sequence[_Token], i: int, j: int, found: Match, floor: int
) -> Match | None:
    """Widen a person's match over initials before ("I.V. Stalin") or after ("STALIN I.V.");
    None where the initials before cannot be his (`_initials_fit`)."""
    if found.entity.kind != "person":
        return found
    start, stop = found.start, found.stop
    first = i
    while i > 0 and toks[i - 1][0] >= floor and _is_initial(text, toks[i - 1]):
        if not _WHITESPACE.fullmatch(text, toks[i - 1][1] + 1, start):
            break
        i -= 1
        start = toks[i][0]
    if i < first and not _initials_fit([t[2] for t in toks[i:first]], found.entity):
        before = toks[i - 1] if i > 0 else None  # initials after a given name: "Henry A. Kissinger"
        given = before is not None and text[before[0]].isupper() and before[2] not in TITLES and bool(
            _WHITESPACE.fullmatch(text, before[1], start))
        if not given or not _initials_fit([before[2]], found.entity):  # type: ignore[index]
            return None
    after = j + 1
    while after < len(toks) and _is_initial(text, toks[after]):
        after += 1
    gap_ok = (after - j > 2 and _WHITESPACE.fullmatch(text, stop, toks[j + 1][0]) is not None
              and "\n" not in text[stop : toks[j + 1][0]])  # "EAGLEBURGER\nE.O. 11652": no initials of his
    if gap_ok and all(
        _WHITESPACE.fullmatch(text, toks[m][1] + 1, toks[m + 1][0]) for m in range(j + 1, after - 1)
    ):
        stop = toks[after - 1][1] + 1
    if (start, stop) == (found.start, found.stop):
        return found
    return Match(found.entity, text[start:stop], start, stop, found.rule, found.confidence)


def _has_letter_run(toks: Sequence[_Token], minimum: int) -> bool:
    """Whether `minimum` one-letter tokens follow each other (a cheap pre-check)."""
    run = 0
    for tok in toks:
        run = run + 1 if len(tok[2]) == 1 else 0
        if run >= minimum:
            return True
    return False


def _join_spelled(
    toks: list[_Token],
    text: str,
    *,
    minimum: int,
    known: set[tuple[str, ...]] | None = None,
) -> list[_Token]:
    """Join runs of single capital letters ("S H T Y K O V") into one token.

    In running text a run is joined only when the word it spells is a known name key.
    """
    out: list[_Token] = []
    i = 0
    while i < len(toks):
        j = i
        while (
            j < len(toks)
            and len(toks[j][2]) == 1
            and text[toks[j][0]].isupper()
            and (j == i or text[toks[j - 1][1] : toks[j][0]] in (" ", "\u00a0"))
        ):
            j += 1
        if j - i >= minimum:
            word = "".join(t[2] for t in toks[i:j])
            if known is None or (key(word),) in known:
                out.append((toks[i][0], toks[j - 1][1], word))
                i = j
                continue
        out.append(toks[i])
        i += 1
    return out


# A word in capitals ending in S (a telegram's possessive?) and an initial an editor wrote out
# ("C[ordell]"): both open with a literal, so the search skips ahead at C speed.
_CAPITAL_S = re.compile(r"S(?<=[A-Z]{4}S)\b")
# A memorandum's head of a body, the body after a comma: "Chief, FBIS", "Director, CIA".
_HEAD_OF_BODY = re.compile(
    r"^(?:the\s+)?(?:(?:acting|deputy|assistant)\s+)?(?:chief|director|head),\s+"
    r"(?P<body>[A-Z][\w.&' -]{1,60})$",
    re.IGNORECASE,
)
# A cable's sending post ("FM AMEMBASSY WARSAW") and a signature line (a surname alone).
_FROM_EMBASSY = re.compile(r"^FM[ \t]+AMEMBASSY[ \t]+(?P<post>[A-Z][A-Z ]{2,30}?)[ \t]*$", re.MULTILINE)
_SIGNATURE = re.compile(r"^[ \t]*(?P<name>[A-Z][A-Z'-]{2,20})[ \t]*$", re.MULTILINE)
_EXPANDED = re.compile(r"\[[a-z]+\]")


def _join_expanded(toks: list[_Token], text: str, start: int, end: int) -> list[_Token]:
    """Join an initial and the rest of the word an editor wrote out in brackets into one token:
    FRUS prints a signature of initials as "C[ordell] H[ull]", which is Cordell Hull. Returns
    `toks` itself when there is none."""
    initials = set()
    for found in _EXPANDED.finditer(text, start, end):
        at = found.start() - 1  # the initial before the bracket, a word of its own
        if at >= 0 and text[at].isupper() and not text[max(0, at - 1) : at].isalnum():
            initials.add(at)
    if not initials:
        return toks
    out: list[_Token] = []
    i = 0
    while i < len(toks):
        first, last, word = toks[i]
        if (
            first in initials
            and i + 1 < len(toks)
            and len(word) == 1
            and text[first].isupper()
            and text[last : last + 1] == "["
            and toks[i + 1][0] == last + 1
            and text[toks[i + 1][1] : toks[i + 1][1] + 1] == "]"
            and text[toks[i + 1][0]].islower()
        ):
            out.append((first, toks[i + 1][1] + 1, word + toks[i + 1][2]))
            i += 2
            continue
        out.append(toks[i])
        i += 1
    return out if len(out) != len(toks) else toks


def _outside_urls(text: str, toks: list[_Token], keys: list[str]) -> tuple[list[_Token], list[str]]:
    """Drop tokens inside URLs and e-mail addresses ("wilson-center-digital-archive.com")."""
    if "://" not in text and "www." not in text and "@" not in text:
        return toks, keys
    spans = [m.span() for m in _URL.finditer(text)]
    if not spans:
        return toks, keys
    starts = [t[0] for t in toks]
    drop: set[int] = set()
    for a, b in spans:
        drop.update(range(bisect_left(starts, a), bisect_left(starts, b)))
    if not drop:
        return toks, keys
    kept = [i for i in range(len(toks)) if i not in drop]
    return [toks[i] for i in kept], [keys[i] for i in kept]


_CAPS_WORD = re.compile(r"[^\W\d_]{2,}")


def _in_caps(text: str, tok: _Token) -> bool:
    """Whether a short all-caps word stands between two other all-caps words (a line in capitals)."""
    if tok[1] - tok[0] > 3:
        return False
    before = _CAPS_WORD.findall(text, max(0, tok[0] - 24), tok[0])
    after = _CAPS_WORD.search(text, tok[1], tok[1] + 24)
    return bool(before) and before[-1].isupper() and after is not None and after.group().isupper()
