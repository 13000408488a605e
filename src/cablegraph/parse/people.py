"""Turn names as written into PersonRefs, and read senders and recipients from titles.

"Filippov [Stalin] to Krasovsky, for Cde. Mao Zedong" gives sender Stalin (by the
editor's bracket), intermediary Krasovsky and recipient Mao Zedong. An office with no name
("The Secretary of State", "Embassy in the Soviet Union") becomes its holder on the page's
date (`Authority.office_holder`); the office stays the role, and one that cannot be dated
stays an office.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from cablegraph.model import Document, PersonRef, Span
from cablegraph.model.frus import FRUS_VOLUME_YEARS
from cablegraph.parse.kinds import AUTHORED_KINDS, TITLE_KINDS, alternation
from cablegraph.resolve import Authority, Context, Entity
from cablegraph.resolve.offices import parse_office

_HONORIFIC = re.compile(
    r"^(?:(?:to|for|from|and|the)\s+)*(?:(?:comrades?|cdes?\.?|tov\.|тов\.|товарищ[уи]?|"
    r"general(?:\s+of\s+the\s+army)?|gen\.|mr\.|marshal|premier|president|ambassador|"
    r"admiral|colonel|major\s+general|dear|respected)\s+)+",
    re.IGNORECASE,
)
_EDITORIAL = re.compile(r"^(?P<name>.+?)\s*[\[(](?P<real>[^\])]+)[\])]\s*$")
_LIST_SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+и\s+|\s*&\s*)\s*")


# Where a page names people, not offices (a letterhead read as a signature is no signer).
_NO_OFFICE = ("signature", "verified", "tei_signed", "event_", "salutation", "distribution", "quoted_copies")
_TRAILING = re.compile(r"(?<!\b[A-ZА-Я])[\s.,:;!\"“”«»']+$|(?<=\b[A-ZА-Я]\.)[\s,:;!\"“”«»']+$")


def trim(text: str) -> str:
    """Strip quotes and punctuation around a name, keeping the period of an initial ("I.V.")."""
    text = text.strip(" \t\u00a0\"“”«»'")
    return _TRAILING.sub("", text).lstrip(" ,:;")


def clean_name(text: str) -> str:
    """The name without honorifics, trailing punctuation or quotes."""
    return trim(_HONORIFIC.sub("", trim(text)))


def _span_of(part: str, text: str, base: int, hint: int) -> Span | None:
    pos = text.find(part, hint)
    return None if pos < 0 else Span(base + pos, base + pos + len(part))


def resolve_person(
    as_written: str,
    authority: Authority,
    *,
    year: int | None = None,
    span: Span | None = None,
    rule: str = "name",
    date: str | None = None,
) -> PersonRef:
    """Resolve one name as written; falls back to the cleaned name when unresolved.

    `date` (ISO, any precision) dates an office named without a name better than `year`.
    """
    written = trim(as_written)
    editorial = _EDITORIAL.match(written)
    if editorial:
        real = authority.lookup(clean_name(editorial.group("real")), year=year)
        if real is not None and real.entity.kind == "place":
            # "Maneli (Saigon)", "Spasowski (Warsaw)": the bracket names where he writes from
            # or to, not who he is; the place says which body a bare office is
            outer = trim(editorial.group("name"))
            found = resolve_person(outer, authority, year=year, span=span, rule=rule, date=date)
            if found.entity_id is None:
                match = authority.lookup(
                    clean_name(outer), year=year, context=Context.of(year, [real.entity.id])
                )
                if match is not None:
                    why = f"{rule}+place_bracket+{match.rule}"
                    return PersonRef(written, match.entity.name, match.entity.id, span, why)
            found.as_written = written
            found.rule += "+place_bracket"
            return found
        if real is not None:
            role = trim(editorial.group("name"))  # "the Ambassador in Korea (Muccio)"
            office = role if parse_office(role) is not None else None
            ref = PersonRef(written, real.entity.name, real.entity.id, span, f"{rule}+editorial_bracket")
            ref.role = office
            return ref
        outer, inner = editorial.group("name"), editorial.group("real")
        by_surname = holder_by_surname(outer, inner, authority, year, date)
        if by_surname is not None:
            entity, why, office_held = by_surname
            return PersonRef(written, entity.name, entity.id, span, f"{rule}+{why}", role=office_held)
        holder = _bracketed_holder(editorial.group("name"), editorial.group("real"), written, span, rule)
        if holder is not None:
            return holder
        written_name = editorial.group("name")
    else:
        written_name = written
    cleaned = clean_name(written_name)
    match = authority.lookup(cleaned, year=year) if cleaned else None
    if match is not None:
        ref = PersonRef(written, match.entity.name, match.entity.id, span, f"{rule}+{match.rule}")
        if match.rule == "institution":  # a body found by another of its names keeps that name
            ref.role = _without_article(trim(written_name))
        return ref
    western = _hungarian_order(cleaned)
    if western is not None:
        # "Etre Sándor", "Kádár János": a Hungarian name written family name first
        again = authority.lookup(western, year=year)
        if again is not None and again.entity.kind == "person":
            why = f"{rule}+family_first+{again.rule}"
            return PersonRef(written, again.entity.name, again.entity.id, span, why)
        return PersonRef(written, western, None, span, f"{rule}+family_first+unresolved")
    found = _resolve_with_role(written, cleaned, authority, year, span, rule)
    if found.entity_id is None and not rule.startswith(_NO_OFFICE):
        held = _resolve_office(written, trim(written_name), authority, year, date, span, rule)
        if held is not None and held.entity_id is None and "+titled_name" in found.rule:
            return found  # an office nobody is known to hold, but the page names its holder
        return held or found
    return found


_BRACKET_NAME = re.compile(
    r"^(?:[A-ZÀ-ÞŁŚŻŹĆŃ]\.\s?)*[A-ZÀ-ÞŁŚŻŹĆŃ][\w'’-]+(?:\s+[A-ZÀ-ÞŁŚŻŹĆŃ][\w'’-]+){0,2}$"
)


def holder_by_surname(
    outer: str, inner: str, authority: Authority, year: int | None, date: str | None
) -> tuple[Entity, str, str] | None:
    """ "The Ambassador in the Soviet Union (Smith)" in 1947: a surname too common to resolve
    alone is the office's holder of that year when his surname is the bracket's; the office
    is his role. Nothing without a year, or when the holder's surname differs (a chargé
    d'affaires ad interim is not the post's chargé of record)."""
    if year is None and date is None:
        return None
    office = _without_article(trim(outer))
    if not office or parse_office(office) is None:
        return None
    surname = clean_name(inner).split()
    if len(surname) != 1:
        return None
    holding = authority.office_holder(office, year=year, date=date, surname=surname[0])
    entity = authority.get(holding.entity_id) if holding and holding.entity_id else None
    if holding is None or entity is None or entity.kind != "person":
        return None
    if _fold_name(entity.name.split()[-1]) != _fold_name(surname[0]):
        return None
    return entity, f"office_holder_surname:{holding.rule}", office


# "Mr W.L. Mackenzie King, Canadian Prime Minister": a name, then the office he writes in
_APPOSED = re.compile(
    r"^(?:(?:Mr|Mrs|Sir|Dr)\.?\s+)?(?P<name>[A-Z][^,]{2,60}?),\s+(?P<role>[^,]{0,60}\b(?:Minister|"
    r"Ambassador|Secretary|President|Commissioner|Governor|Consul|Chargé|Charge|Premier|Envoy)\b[^,]{0,40})$"
)


_NOT_A_NAME = re.compile(
    r"^(?:the|The|Ambassador|Minister|Secretary|President|Embassy|Legation|Department|Ministry|Government|"
    r"Consul|Commissioner|Governor|Chargé|Office|Foreign|Prime|Acting|Under)\b"
)


def apposed_name(written: str) -> tuple[str, int, str] | None:
    """A party written as a name and its office in apposition: the name, where it starts in
    ``written``, and the office."""
    found = _APPOSED.match(written.rstrip(" ,"))
    if found is None or _NOT_A_NAME.match(found.group("name")):
        return None
    return found.group("name"), found.start("name"), found.group("role").strip()


def heading_office(outer: str) -> str | None:
    """ "The Ambassador in Yugoslavia " (before a bracketed surname): the office, when it is one."""
    office = _without_article(trim(outer))
    return office if office and parse_office(office) is not None else None


def _holder_again(
    party: PersonRef, authority: Authority, year: int, date: str | None, rule: str
) -> PersonRef | None:
    """A surname read under an office before the date was known ("Allen", the Ambassador in
    Yugoslavia): the office's holder that year when his surname is that one."""
    if not party.role or len(clean_name(party.name).split()) != 1:
        return None
    held = holder_by_surname(party.role, party.name, authority, year, date)
    if held is None:
        return None
    entity, why, office = held
    return PersonRef(party.as_written, entity.name, entity.id, party.span, f"{rule}+{why}", role=office)


def _fold_name(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).casefold()


def _bracketed_holder(
    outer: str, inner: str, written: str, span: Span | None, rule: str
) -> PersonRef | None:
    """ "Polish Embassy in Havana (Jeleń)": the bracket names the head of the post who signed,
    also when the authority does not know him (as a FRUS heading's "the Chargé in Colombia
    (Keith)" does); the post is his role, so a label naming the post still finds it."""
    name = trim(inner)
    office = trim(outer)
    if not _BRACKET_NAME.match(name) or parse_office(office) is None:
        return None
    ref = PersonRef(written, name, None, span, f"{rule}+bracketed_holder+unresolved")
    ref.role = _without_article(office)
    return ref


def _without_article(name: str) -> str:
    return re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)


def _resolve_office(
    written: str,
    office: str,
    authority: Authority,
    year: int | None,
    date: str | None,
    span: Span | None,
    rule: str,
) -> PersonRef | None:
    """ "The Secretary of State" in 1951: Dean Acheson, the office his role, the tenure in the rule.
    A body named for itself keeps its name as written, without the article, as its role ("the
    Hungarian Foreign Ministry" -> "Hungarian Foreign Ministry")."""
    holding = authority.office_holder(office, year=year, date=date)
    entity = authority.get(holding.entity_id) if holding and holding.entity_id else None
    if entity is None:  # no holder: the mission or ministry itself, where the text names one
        body = authority.institution(office)
        why = f"+{holding.rule}" if holding is not None else ""
        if body is not None:
            return PersonRef(written, body.name, body.id, span, f"{rule}{why}+institution",
                             role=_without_article(office))
    if holding is None:
        return None
    if entity is None:
        return PersonRef(written, office, None, span, f"{rule}+{holding.rule}", role=office)
    tenure = f"{holding.rule}@{holding.start or '?'}..{holding.end or ''}"
    return PersonRef(written, entity.name, entity.id, span, f"{rule}+{tenure}", role=office)


def _resolve_with_role(
    written: str,
    cleaned: str,
    authority: Authority,
    year: int | None,
    span: Span | None,
    rule: str,
) -> PersonRef:
    """ "Soviet Ambassador in Pyongyang Shtykov": the name is the tail, the rest a role."""
    tokens = cleaned.split()
    for size in (3, 2, 1):
        if len(tokens) <= size:
            continue
        tail = " ".join(tokens[-size:])
        match = authority.lookup(tail, year=year)
        if match is not None and match.entity.kind == "person":
            role = " ".join(tokens[:-size])
            if _other_given_name(role, match.entity.name):
                continue  # "Ivan Dimitrov" is not Georgi Dimitrov with the role "Ivan"
            return PersonRef(
                written,
                match.entity.name,
                match.entity.id,
                span,
                f"{rule}+role_prefix+{match.rule}",
                role=role,
            )
    titled = _TITLED_NAME.match(cleaned) if cleaned else None
    if titled:  # "Soviet Representative Aleksei Ignatieff in Pyongyang": the name, the rest his role
        role = titled.group("role") + (f" {titled.group('post')}" if titled.group("post") else "")
        why = f"{rule}+titled_name+unresolved"
        return PersonRef(written, titled.group("name"), None, span, why, role=role)
    name = re.sub(r"^the\s+", "", cleaned, flags=re.IGNORECASE) if cleaned else written
    return PersonRef(written, name, None, span, f"{rule}+unresolved")


_NOT_GIVEN_NAME = re.compile(
    r"^(?:[A-Z][a-z]+(?:ian|ean|can|ban|man|ese|ish|ic|ern|ist))$|^(?:Chairman|Marshal|General|Comrade|Cde|Soviet|"
    r"Ambassador|Minister|Premier|President|Secretary|Consul|Envoy|Counsell?or|Adviser|Chief|Head|Deputy|"
    r"Commander|Admiral|Colonel|Captain|Major|Lieutenant|Sergeant|Mister|Professor|Doctor|Dr|Mr|Mrs|Sir|"
    r"Lord|King|Queen|Prince|Emperor|Tsar|Shah|Sultan|Pope|Cardinal|Bishop|Father|Brother|Senator|Governor|"
    r"Mayor|Director|Representative|Delegate|Attach[ée]|Charg[ée]|Vice|Acting|Former|Old|Young)$"
)


def _other_given_name(role: str, name: str) -> bool:
    """Whether the one word before a surname is a given name other than the person's own."""
    word = role.rstrip(".")
    if " " in word or not word[:1].isupper() or not word[1:].islower() or len(word) < 3:
        return False
    return not _NOT_GIVEN_NAME.match(word) and word.lower() not in name.lower()


_TITLED_NAME = re.compile(
    r"^(?P<role>(?:[A-Z][\w-]*\s+){0,3}(?:Representative|Ambassador|Minister|Consul|Envoy|Charg[ée]|"
    r"Counsellor|Counselor|Adviser|Advisor|Attach[ée]|Plenipotentiary))\s+"
    r"(?P<name>(?:[A-Z]\.\s?)*[A-ZÀ-Þ][\w'’-]+(?:\s+[A-ZÀ-Þ][\w'’-]+){1,2})"
    r"(?:\s+(?P<post>(?:in|to|at)\s+[A-Z][\w -]+))?$"
)


def split_names(text: str) -> list[str]:
    """ "Kim Il Sung and Pak Heon-yeong" -> two names; keeps brackets whole."""
    parts: list[str] = []
    depth = 0
    last = 0
    i = 0
    while i < len(text):
        char = text[i]
        if char in "[(":
            depth += 1
        elif char in "])":
            depth = max(0, depth - 1)
        elif depth == 0:
            match = _LIST_SPLIT.match(text, i)
            if match and match.end() > i and (text[i] == "," or text[i].isspace() or text[i] == "&"):
                parts.append(text[last:i])
                last = match.end()
                i = match.end()
                continue
        i += 1
    parts.append(text[last:])
    return [p.strip() for p in parts if p.strip()]


def resolve_list(
    text: str, base: int, authority: Authority, *, year: int | None, rule: str, date: str | None = None
) -> list[PersonRef]:
    """Resolve every name of a list such as "Cdes. Vasilevsky and Vyshinsky"."""
    people: list[PersonRef] = []
    hint = 0
    parts = [part for part in split_names(text) if not _NOT_PARTY.match(part)]
    qualified = _place_qualifier(text, parts, authority)
    if qualified is not None:
        parts = parts[:-1]
    for part in parts:
        span = _span_of(part, text, base, hint)
        if span is not None:
            hint = span.stop - base
        person = resolve_person(part, authority, year=year, span=span, rule=rule, date=date)
        if person.entity_id is None and qualified is not None:
            # "Ministry of Foreign Affairs, Moscow": the place says which ministry
            match = authority.lookup(clean_name(part), year=year, context=Context.of(year, [qualified]))
            if match is not None:
                why = f"{rule}+place_context+{match.rule}"
                person = PersonRef(person.as_written, match.entity.name, match.entity.id, span, why)
        people.append(person)
    return [p for p in people if p.name]


# A title's marks that a comma list puts among the parties: "to Bucharest, SECRET, No. 059.156"
_NOT_PARTY = re.compile(
    r"^(?:(?:top|strictly|most)\s+)?(?:secret|confidential|urgent|immediate|flash)\.?$|^(?:No\.|Nº|№)\s*\S+$",
    re.IGNORECASE,
)


def _place_qualifier(text: str, parts: list[str], authority: Authority) -> str | None:
    """The place id of a last ", Place" that qualifies the party before it ("Ministry of
    Foreign Affairs, Moscow"), not a party of its own (not after "and", not a list of places)."""
    if len(parts) < 2 or not re.search(r",\s*" + re.escape(parts[-1]) + r"\s*$", text):
        return None
    last = authority.lookup(parts[-1])
    if last is None or last.entity.kind != "place":
        return None
    before = authority.lookup(clean_name(parts[-2]))
    if before is not None and before.entity.kind == "place":
        return None
    return last.entity.id


@dataclass(slots=True)
class TitleParties:
    """Who the title says wrote to whom, through whom, and what was relayed."""

    senders: list[PersonRef] = field(default_factory=list)
    recipients: list[PersonRef] = field(default_factory=list)
    via: list[PersonRef] = field(default_factory=list)
    relayed_authors: list[PersonRef] = field(default_factory=list)
    relayed_recipients: list[PersonRef] = field(default_factory=list)
    relayed_kind: str | None = None
    origin: str | None = None


# A classification before the kind: "Secret Telegram from Maneli (Saigon) to ...",
# "Top Secret Ciphered Telegram ...", "Strictly Confidential Letter ...".
_CLASSIFIED = r"(?:(?:(?:top|strictly|most)\s+)?(?:secret|confidential)\s+)?"
_TYPE_PREFIX = re.compile(
    r"^" + _CLASSIFIED + r"(?:(?:ciphered|cipher|coded|hand[- ]delivered|urgent)\s+)?"
    rf"(?:{alternation(TITLE_KINDS)})s?"
    # its number, or the numbers of several ("Ciphered Telegrams No. 50450, 50470, and 50490")
    r"(?:\s+(?:Nos?\.|Nº|№)\s*[\w/.-]+(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)[\w/.-]*\d[\w/.-]*)*)?",
    re.IGNORECASE,
)
# "J. Burgin's Report on a Trip to North Korea": the author owns the record.
_POSSESSIVE = re.compile(
    r"^(?P<author>[A-ZА-Я][\w.' -]{1,60}?)[’']s\s+(?:[\w-]+\s+){0,2}"
    r"(?:Report|Letter|Memorandum|Notes?|Diary|Cable|Telegram|Speech|Remarks|Journal)\b"
)
# "Speech by Mao Zedong at the Supreme State Conference", "Statement of Nikita Khrushchev": the
# speaker, a person the authority knows, is the sender (the audience is no addressee: not read)
_SPOKEN_BY = re.compile(
    r"^(?:Speech|Statement|Address|Appeal|Declaration|Toast|Lecture)\s+(?:by|of)\s+(?:(?:Comrade|Cde\.)\s+)?"
    r"(?P<author>[A-ZÀ-Þ][^,;:'‘“\"()]*?)"
    r"(?=\s*(?:[,;:'‘“\"(]|$|\s+(?:at|on|to|before|in|about|concerning|regarding|during|for|with)\b))"
)
# "Mao Zedong, 'Speech at a Meeting of ...' (Edited by Mao)": an archive's title for a person's
# work, his name before the work's quoted title; read only when the name is a person it knows.
_QUOTED_WORK = re.compile(
    r"^(?P<author>[A-ZÀ-ÞŁŚŻŹČŠŽ][\w.’'-]+(?:\s+[A-ZÀ-ÞŁŚŻŹČŠŽ][\w.’'-]+){0,3}),\s+['‘\"“«].+['’\"”»]"
    r"(?:\s*\([^)]*\))?\s*$"
)
_TRANSMITTING = re.compile(
    r",?\s+(?:transmitting|forwarding|relaying|conveying|enclosing|with)\s+(?:an?\s+|the\s+)?"
    r"(?:(?:\d{1,2}\s+)?(?:[A-Z][a-z]+\s+)?\d{4}\s+)?"  # "transmitting 14 January 1951 Message from ..."
    r"(?P<kind>message|letter|telegram|cable|note|report|draft)\s+(?:from\s+)?(?P<rest>.+)$",
    re.IGNORECASE,
)
_TRAILING_MARK = re.compile(r"\s*\[[^\]]*?(?:No\.|Nº|№|Number)\s*[\w/.-]+\]\s*$", re.IGNORECASE)
_VIA = re.compile(r"\s*[\[(]?\s*\bvia\s+(?P<via>[^)\]]+?)\s*[)\]]?\s*$", re.IGNORECASE)
_FOR = re.compile(r",\s*for\s+(?P<final>.+)$", re.IGNORECASE)
_FROM_PLACE = re.compile(r"^from\s+(?P<place>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?),\s*", re.IGNORECASE)
_TO = re.compile(r"\s+to\s+", re.IGNORECASE)
# "Report from Etre Sándor, 'Information ...'", "Cable from the Chinese Embassy in North
# Korea", "Report of Milovan Djilas about ...": the one party a title names is its author.
_AUTHOR_ONLY = re.compile(
    r"^(?:from|of|by)\s+(?P<author>(?:(?:the|comrade|cde\.)\s+)?[A-ZА-Я][^,;:'‘“\"]*?)"
    r"(?=\s*(?:[,;:'‘“\"]|$|\s+(?:about|on|concerning|regarding|with|in\s+connection)\b))",
    re.IGNORECASE,
)
_AUTHORED = re.compile(
    r"^" + _CLASSIFIED + r"(?:(?:ciphered|cipher|coded|hand[- ]delivered|urgent)\s+)?"
    rf"(?:{alternation(AUTHORED_KINDS)})\b",
    re.IGNORECASE,
)
_AT_PLACE = re.compile(r"^(?P<who>.+?)\s+in\s+[A-Z][\w.-]+(?:\s+[A-Z][\w.-]+)?$")
# a body named for its post: "Embassy in Romania", "Legation in Hungary", "Consulate in Hanoi"
_POSTED_BODY = re.compile(r"\b(?:Embassy|Legation|Consulate(?: General)?|Mission|Delegation|Station|Office)$")
_NOT_AUTHOR = re.compile(r"^(?:the\s+)?(?:conversation|meeting|talks?|discussion|session)\b", re.I)


def parse_title_parties(
    title: str, base: int, authority: Authority, *, year: int | None, date: str | None = None
) -> TitleParties:
    """Read "X to Y[, for Z][ via W][, transmitting letter from A to B]" from a title.

    `date` (ISO) dates offices named without a name ("The Secretary of State").
    """
    parties = TitleParties()
    prefix = _TYPE_PREFIX.match(title)
    if prefix is None:
        owner = _POSSESSIVE.match(title)
        if owner:
            parties.senders = resolve_list(
                owner.group("author"), base, authority, year=year, date=date, rule="title_possessive"
            )
        elif (spoken := _SPOKEN_BY.match(title)) is not None:
            at = base + spoken.start("author")
            speaker = resolve_person(spoken.group("author"), authority, year=year, date=date,
                                     span=Span(at, at + len(spoken.group("author"))), rule="title_speaker")
            if (speaker.entity_id or "").startswith("person:"):
                parties.senders = [speaker]
        elif (work := _QUOTED_WORK.match(title)) is not None:
            writer = resolve_person(work.group("author"), authority, year=year, date=date,
                                    span=Span(base, base + work.end("author")), rule="title_quoted_work")
            if (writer.entity_id or "").startswith("person:"):
                parties.senders = [writer]
        return parties
    pos = prefix.end()
    rest = title[pos:].lstrip(" ,-–—:")
    pos = len(title) - len(rest)
    mark = _TRAILING_MARK.search(rest)
    if mark:  # "... to Spasowski (Warsaw) [Ciphergram No. 7237]": the number, no party
        rest = rest[: mark.start()]
    relay = _TRANSMITTING.search(rest)
    if relay:
        parties.relayed_kind = relay.group("kind").lower()
        _read_relay(title, pos + relay.start("rest"), relay.group("rest"), parties, authority, year, date)
        rest = rest[: relay.start()]
    via = _VIA.search(rest)
    if via:
        parties.via += resolve_list(
            via.group("via"), base + pos + via.start("via"), authority, year=year, date=date, rule="title_via"
        )
        rest = rest[: via.start()]
    final_recipient: str | None = None
    final_at = 0
    for_clause = _FOR.search(rest)
    if for_clause:
        final_recipient = for_clause.group("final")
        final_at = pos + for_clause.start("final")
        rest = rest[: for_clause.start()]
    if re.match(r"(?:on|about|concerning|regarding|re)\s", rest, re.IGNORECASE):
        return parties  # "Report on visit to Angola": the subject follows, not the parties
    if rest.lower().startswith("to "):
        # "Telegram to Stalin": the addressee alone
        parties.recipients = _appositive_list(
            rest[3:], base + pos + 3, authority, year, date, "title_recipient"
        )
        return parties
    if rest.lower().startswith("by "):
        # "Report by the Adviser to the Bulgarian Embassy in Beijing, Ivan Dimitrov, to ..."
        pos += 3
        rest = rest[3:]
    elif rest.lower().startswith("from "):
        place = _FROM_PLACE.match(rest)
        if place and _is_place(place.group("place"), authority):
            parties.origin = place.group("place")
            pos += place.end()
            rest = rest[place.end() :]
        else:
            pos += 5
            rest = rest[5:]
    split = _party_split(rest)
    if split is None:
        author = _AUTHOR_ONLY.match(title[prefix.end() :].lstrip(" ,"))
        if author and not relay and _AUTHORED.match(title) and not _NOT_AUTHOR.match(author.group("author")):
            at = len(title) - len(title[prefix.end() :].lstrip(" ,")) + author.start("author")
            parties.senders = resolve_list(
                author.group("author"), base + at, authority, year=year, date=date, rule="title_author"
            )
            placed = _AT_PLACE.match(author.group("author"))
            if placed and _POSTED_BODY.search(placed.group("who")):
                placed = None  # "the Chinese Embassy in Romania": the place names the body
            if placed and all(p.entity_id is None for p in parties.senders):
                # "from Vyacheslav Molotov in Washington": the author, away from his post
                parties.senders = resolve_list(
                    placed.group("who"), base + at, authority, year=year, date=date, rule="title_author"
                )
        return parties
    parties.senders = _appositive_list(
        rest[: split.start()], base + pos, authority, year, date, "title_sender"
    )
    to_people = _appositive_list(
        rest[split.end() :], base + pos + split.end(), authority, year, date, "title_recipient"
    )
    if final_recipient is not None:
        parties.via = to_people + parties.via
        parties.recipients = resolve_list(
            final_recipient, base + final_at, authority, year=year, date=date, rule="title_for"
        )
    else:
        parties.recipients = to_people
    return parties


# An office whose own "to" is no split between the parties: "Soviet Ambassador to the USA Dobrynin
# to ...", "the Adviser to the Bulgarian Embassy in Beijing, Ivan Dimitrov, to ..."
_OFFICE_TO = re.compile(
    r"\b(?:Ambassador|Adviser|Advisor|Minister|Envoy|Representative|Delegate|Counsel+or|Attach[ée]|"
    r"Consul(?:\s+General)?|Charg[ée] d[’']Affaires|Secretary|Plenipotentiary)$",
    re.IGNORECASE,
)
# "..., Ivan Dimitrov, to the Bulgarian Ambassador, Khr. Stoichev": a comma closes the sender's apposition
_COMMA_TO = re.compile(r",\s+to\s+", re.IGNORECASE)
# a person's name after his role: "Ivan Dimitrov", "Khr. Stoichev", "A.P. Ratanov"
_APPOSED_NAME = re.compile(
    r"^(?:[A-ZÀ-ÞА-Я][a-zà-ÿа-я]{0,3}\.\s?){0,3}[A-ZÀ-ÞŁŚŻА-Я][\w’'-]+(?:\s+[A-ZÀ-ÞŁŚŻА-Я][\w’'-]+){0,2}$"
)
_ROLE_WORD = re.compile(
    r"\b(?:Ambassador|Adviser|Advisor|Minister|Envoy|Representative|Delegate|Counsel+or|Attach[ée]|Consul|"
    r"Secretary|Chairman|President|Premier|Director|Head|Chief|Deputy|First|Charg[ée])\b",
    re.IGNORECASE,
)


def _party_split(rest: str) -> re.Match[str] | None:
    """Where the sender ends and the addressee begins: after an appositive name's comma, else
    at the first "to" that is not an office's own ("Ambassador to the USA")."""
    comma = _COMMA_TO.search(rest)
    if comma is not None and _APPOSED_NAME.match(rest[: comma.start()].rsplit(",", 1)[-1].strip()):
        return comma
    for found in _TO.finditer(rest):
        if not _OFFICE_TO.search(rest[: found.start()]):
            return found
    return None


def _appositive_list(
    text: str, base: int, authority: Authority, year: int | None, date: str | None, rule: str
) -> list[PersonRef]:
    """A role and the name in apposition ("the Bulgarian Ambassador, Khr. Stoichev") is one
    party: the person, with the role; anything else is a list of parties."""
    head, _, last = text.rpartition(",")
    name = last.strip()
    if head and "," not in head and _ROLE_WORD.search(head) and _APPOSED_NAME.match(name):
        at = base + text.rindex(name)
        person = resolve_person(name, authority, year=year, span=Span(at, at + len(name)),
                                rule=f"{rule}+apposition", date=date)
        if not (person.entity_id or "").startswith("place:"):  # "..., Moscow" qualifies, below
            person.role = person.role or _without_article(trim(head))
            return [person]
    return resolve_list(text, base, authority, year=year, date=date, rule=rule)


def _read_relay(
    title: str,
    at: int,
    text: str,
    parties: TitleParties,
    authority: Authority,
    year: int | None,
    date: str | None = None,
) -> None:
    text = text.strip()
    split = _TO.search(text)
    authors = text if split is None else text[: split.start()]
    parties.relayed_authors = resolve_list(authors, at, authority, year=year, date=date, rule="title_relay")
    if split is not None:
        parties.relayed_recipients = resolve_list(
            text[split.end() :], at + split.end(), authority, year=year, date=date, rule="title_relay"
        )


def _is_place(text: str, authority: Authority) -> bool:
    match = authority.lookup(text)
    return match is not None and match.entity.kind == "place"


_PARTY_FIELDS = ("senders", "recipients", "via")


def resolve_dated(docs: list[Document], authority: Authority) -> None:
    """Read once more, with the document's date, the parties no rule could resolve: a name
    read before the date was ("John Hay" in a heading is two Hays without the year, the
    Secretary of State of 1899 with it), an office named before the date was found.
    Resolved parties and undated documents are left as they are."""
    for doc in docs:
        iso = doc.date.iso if doc.date is not None else None
        if not iso:
            _resolve_in_volume_years(doc, authority)
            continue
        for parties, i, party, base in _unresolved_parties(doc):
            held = _holder_again(party, authority, int(iso[:4]), iso, f"{base}+dated")
            if held is not None:
                parties[i] = held
                continue
            again = resolve_person(party.as_written, authority, year=int(iso[:4]), span=party.span,
                                   rule=f"{base}+dated", date=iso)
            if again.entity_id is not None:
                parties[i] = again


def _unresolved_parties(doc: Document) -> Iterator[tuple[list[PersonRef], int, PersonRef, str]]:
    """Each sender, recipient or intermediary no rule resolved: its list, its place in it
    (to put a resolved reading there), itself, and the first rule that read it."""
    for name in _PARTY_FIELDS:
        parties: list[PersonRef] = getattr(doc, name)
        for i, party in enumerate(parties):
            if party.entity_id is None:
                yield parties, i, party, party.rule.split("+", 1)[0]


def _resolve_in_volume_years(doc: Document, authority: Authority) -> None:
    """An undated FRUS document's parties no rule could resolve, read in each year of its volume:
    a name that stands for one person in every year it resolves in ("McCormack" in 1945-50) is
    that person; a name resolving to different persons in different years stays as written."""
    found = FRUS_VOLUME_YEARS.match(doc.record_id or "")  # "frus1945-50Intel" -> 1945..1950
    if found is None:
        return
    first = int(found.group("first"))
    last_text = found.group("last")
    last = first if last_text is None else int(str(first)[: 4 - len(last_text)] + last_text)
    if not first <= last <= first + 8:
        return
    for parties, i, party, base in _unresolved_parties(doc):
        held = [_holder_again(party, authority, year, None, f"{base}+volume_years")
                for year in range(first, last + 1)]
        holders = {h.entity_id for h in held if h is not None}
        if len(holders) == 1:  # the office had one holder of that surname in the volume's years
            parties[i] = next(h for h in held if h is not None)
            continue
        readings = [
            resolve_person(party.as_written, authority, year=year, span=party.span,
                           rule=f"{base}+volume_years")
            for year in range(first, last + 1)
        ]
        ids = {r.entity_id for r in readings if r.entity_id is not None}
        if len(ids) == 1:
            parties[i] = next(r for r in readings if r.entity_id is not None)


# Hungarian given names: a two-word name that ends in one is written family name first
_HUNGARIAN_GIVEN = frozenset(
    {
        "Sándor", "János", "József", "István", "László", "Ferenc", "Imre", "Gyula", "Béla", "Károly",
        "Lajos", "Zoltán", "Jenő", "Géza", "Miklós", "Pál", "Ernő", "Endre", "Tibor", "Mihály", "András",
        "Attila", "Gábor", "Péter", "Tamás", "Antal", "Dezső", "Kálmán", "Árpád", "Ödön", "Rezső",
        "Frigyes", "Vilmos", "György", "Lőrinc", "Aladár", "Zsigmond", "Gusztáv", "Elemér", "Kornél",
        "Dénes", "Csaba", "Szilárd", "Gyöngyi", "Erzsébet", "Katalin", "Ilona", "Mária", "Zsuzsanna",
        "Margit", "Júlia", "Judit", "Ágnes", "Éva",
    }
)
_HUNGARIAN_LETTERS = re.compile(r"[áéíóöőúüű]")


def _hungarian_order(cleaned: str) -> str | None:
    """ "Etre Sándor" -> "Sándor Etre": two words, the last a Hungarian given name, the first
    not one; None for any other name (also "Sándor Etre", already in Western order)."""
    words = cleaned.split()
    if len(words) != 2 or words[1] not in _HUNGARIAN_GIVEN or words[0] in _HUNGARIAN_GIVEN:
        return None
    if not words[0][:1].isupper() or not (words[0].isalpha() and words[0][1:].islower()):
        return None
    if not (_HUNGARIAN_LETTERS.search(cleaned)):
        return None  # "Kim Péter" needs a Hungarian letter somewhere: "Etre Sándor", "Kádár János"
    return f"{words[1]} {words[0]}"
