"""Helpers for the search tests: a small authority and hand-built telegrams.

The documents are built with the model directly (as a parser and resolver would leave
them), so these tests do not depend on the parser.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cablegraph.corpus import Corpus
from cablegraph.model import DateValue, Document, Mention, PersonRef, SourcePage, Span, TextBlock
from cablegraph.store import MemoryStore


@dataclass(frozen=True)
class Name:
    text: str


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    names: tuple[Name, ...]


@dataclass(frozen=True)
class Match:
    entity: Entity


class TinyAuthority:
    """Three entities and their variants; lookup folds case like the real one."""

    def __init__(self) -> None:
        self.entities = {
            "Q855": Entity("Q855", "Joseph Stalin", tuple(Name(n) for n in (
                "Stalin", "Сталин", "Filippov", "Филиппов", "Feng Xi", "Iosif Stalin"))),
            "Q1": Entity("Q1", "Kaesong", tuple(Name(n) for n in (
                "Kaesong", "Кайдзио", "Gaeseong", "Kaesŏng", "Gaesong"))),
            "Q2": Entity("Q2", "Kim Il Sung", tuple(Name(n) for n in (
                "Kim Il Sung", "Ким Ир Сен", "Kim Il-sung", "Kim II Sung"))),
        }

    def lookup(self, name: str, year: int | None = None) -> Match | None:
        wanted = " ".join(name.casefold().split())
        for entity in self.entities.values():
            if wanted in {n.text.casefold() for n in entity.names} | {entity.name.casefold()}:
                return Match(entity)
        return None

    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)


def page(text: str, path: str) -> SourcePage:
    return SourcePage(path, hashlib.sha256(text.encode()).hexdigest(), "text", "utf-8", text)


def mention(text: str, body: str, kind: str, entity_id: str | None, name: str | None
            ) -> Mention:
    start = body.index(text)
    return Mention(text, kind, start, start + len(text), entity_id, name, "test", 0.9)


FILIPPOV = ("Ваши телеграммы о перемирии получены. Надо немедленно ответить Риджуэю о согласии "
            "встретиться в районе Кайдзио. Связь с Ким Ир Сеном должны держать Вы. Филиппов\n"
            "Your telegrams about an armistice have been received. Answer Ridgway about "
            "negotiations at Gaeseong. FILIPPOV")
MAO = ("Telegram from Comrade Kim II Sung to Mao Zedong relaying a request for negotiations "
       "from Ridgway. Mao Zedong")
GROMYKO = ("MID USSR No. 26044 Tenth Department Received 18:35 21.XI.1951 Sent 20:50 "
           "21.XI.1951 CIPHERED TELEGRAM To NORTH KOREA To RAZUVAEV TOP PRIORITY. Vyshinsky's "
           "demand about the 38th parallel. Gromyko")
RIDGWAY = ("The Commander in Chief, Far East (Ridgway) to the Joint Chiefs of Staff. I am "
           "negotiating with the Communist delegation; they don't accept the agenda.")
HOSTILE = "A <script>alert(1)</script> & \"armistice\" report from <Pyongyang>."


def documents() -> list[tuple[Document, SourcePage]]:
    stalin = PersonRef("Filippov", "Joseph Stalin", "Q855")
    out = []
    d1 = Document("wda:110374", "document", title="Ciphered Telegram No. 3917",
                  date=DateValue("June 30, 1951", "1951-06-30", "day"), doc_type="Telegram",
                  record_id="110374", archive="Wilson Center", original_language="ru",
                  languages_present=["ru", "en"], senders=[stalin],
                  recipients=[PersonRef("Mao Zedong", "Mao Zedong", "Q5")],
                  via=[PersonRef("Krasovsky", "Krasovsky")],
                  texts=[TextBlock(Span(0, len(FILIPPOV)), "ru", "original")])
    d1.mentions = [mention("Филиппов", FILIPPOV, "person", "Q855", "Joseph Stalin"),
                   mention("Кайдзио", FILIPPOV, "place", "Q1", "Kaesong"),
                   mention("Ким Ир Сеном", FILIPPOV, "person", "Q2", "Kim Il Sung")]
    out.append((d1, page(FILIPPOV, "seeds/001.txt")))
    d2 = Document("wda:110371", "document", title="Ciphered Telegram No. 21336",
                  date=DateValue("June 30, 1951", "1951-06-30", "day"), doc_type="Telegram",
                  record_id="110371", archive="Wilson Center", languages_present=["en"],
                  senders=[PersonRef("Mao Zedong", "Mao Zedong", "Q5")],
                  recipients=[stalin])
    d2.mentions = [mention("Kim II Sung", MAO, "person", "Q2", "Kim Il Sung")]
    out.append((d2, page(MAO, "seeds/002.txt")))
    d3 = Document("wda:26044", "document", title="Ciphered Telegram No. 26044, Gromyko to "
                  "Razuvaev", date=DateValue("November 21, 1951", "1951-11-21", "day"),
                  doc_type="Telegram", record_id="26044", archive="Wilson Center",
                  languages_present=["en"], senders=[PersonRef("Gromyko", "Andrei Gromyko")])
    out.append((d3, page(GROMYKO, "seeds/000.txt")))
    d4 = Document("frus:d458", "document", title="Ridgway to the Joint Chiefs of Staff",
                  date=DateValue("July 21, 1951", "1951-07-21", "day"), doc_type="Telegram",
                  archive="FRUS", record_id="d458", languages_present=["en"],
                  senders=[PersonRef("Ridgway", "Matthew Ridgway")])
    out.append((d4, page(RIDGWAY, "frus/001.txt")))
    d5 = Document("sha256:hostile", "document", title="Report <b>bold</b>",
                  date=DateValue("1953", "1953", "year"), doc_type="Report",
                  languages_present=["en"])
    out.append((d5, page(HOSTILE, "odd/hostile.txt")))
    return out


def build(authority: TinyAuthority | None = None) -> Corpus:
    corpus = Corpus(MemoryStore(), authority=authority)
    for doc, src in documents():
        corpus.add(doc, src)
    corpus.sync()
    return corpus
