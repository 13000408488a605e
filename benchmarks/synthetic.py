"""Synthetic Cold War telegrams, of any number, for benchmarks and load tests.

Each telegram looks like the Wilson Center pages the project was built on: a heading line
with the number and the correspondents, a Russian original, an envelope (number, series,
priority, received/sent times, distribution list), a nested message (a relayed letter or
a quoted directive), and an English translation; names appear in their variants
(Filippov / Филиппов / Feng Xi for Stalin, Кайдзио / Gaeseong for Kaesong, Kim II Sung
for Kim Il Sung). Alongside the page text it builds the ``Document`` a parser and resolver
would produce, so the store and the index can be measured without the parser.

    python benchmarks/synthetic.py --docs 3 --out /tmp/pages   # write pages as .txt
"""

from __future__ import annotations

import argparse
import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cablegraph.model import (
    DateValue,
    Document,
    Envelope,
    Mention,
    Message,
    PersonRef,
    SourcePage,
    Span,
    TextBlock,
)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    en: tuple[str, ...]   # English spellings (pseudonyms, OCR variants included)
    ru: tuple[str, ...]   # Russian forms (cases)


PEOPLE = (
    Person("Q855", "Joseph Stalin", ("Filippov", "FILIPPOV [Stalin]", "Feng Xi", "Stalin"),
           ("Филиппов", "Филиппову", "Сталин", "Сталину")),
    Person("Q5816", "Mao Zedong", ("Mao Zedong", "MAO ZEDONG", "Mao Tse-tung"),
           ("Мао Цзэдун", "Мао Цзэдуну", "Мао Цзе-дун")),
    Person("Q39031", "Kim Il Sung", ("Kim Il Sung", "KIM IL SUNG", "Kim II Sung"),
           ("Ким Ир Сен", "Ким Ир Сену", "Ким Ир Сеном")),
    Person("Q17417", "Zhou Enlai", ("Zhou Enlai", "Chou En-lai"), ("Чжоу Эньлай",)),
    Person("Q191060", "Peng Dehuai", ("Peng Dehuai", "PENG DEHUAI", "Peng Teh-huai"),
           ("Пэн Дэхуай", "Пэн Дэхуаем")),
    Person("Q154856", "Andrei Gromyko", ("Gromyko", "GROMYKO"), ("Громыко",)),
    Person("Q166075", "Andrei Vyshinsky", ("Vyshinsky",), ("Вышинский", "Вышинского")),
    Person("Q312592", "Matthew Ridgway", ("Ridgway", "RIDGWAY"), ("Риджуэй", "Риджуэю")),
    Person("Q2389541", "Terenty Shtykov", ("Shtykov", "SHTYKOV"), ("Штыков", "Штыкову")),
    Person("Q4387283", "Nikolai Roshchin", ("Roshchin",), ("Рощин", "Рощину")),
    Person("Q4385090", "Vladimir Razuvaev", ("Razuvaev", "RAZUVAEV"), ("Разуваев",)),
    Person("Q4236070", "Stepan Krasovsky", ("Krasovsky", "KRASOVSKY"), ("Красовский",)),
)
PLACES = (
    Person("Q44167", "Kaesong", ("Kaesong", "Gaeseong", "Gaesong"), ("Кайдзио", "Кэсоне")),
    Person("Q18808", "Pyongyang", ("Pyongyang", "PYONGYANG"), ("Пхеньян", "Пхеньяне")),
    Person("Q956", "Beijing", ("Beijing", "BEIJING", "Peking"), ("Пекин", "Пекине")),
    Person("Q649", "Moscow", ("Moscow", "MOSCOW"), ("Москва", "Москве")),
    Person("Q492346", "Panmunjom", ("Panmunjom",), ("Пханмунджом", "Пханмунджоме")),
    Person("Q41382", "Wonsan", ("Wonsan",), ("Гензан", "Гензане")),
)
def _split(text: str) -> list[str]:
    return text.split()


EN = _split("armistice negotiations delegation prisoners war demarcation line parallel troops "
      "command proposal agreement ceasefire radio broadcast answer question position "
      "Americans representatives meeting conference agenda item withdrawal foreign "
      "concessions supply aviation bombing front offensive division army volunteers "
      "government committee directive instruction report opinion communication telegram "
      "letter comrade urgent immediately consider necessary possible inform confirm "
      "receipt discuss decision political military economic situation talks exchange "
      "repatriation inspection commission neutral nations observers airfields ports "
      "reinforcements rotation supervisory sessions recess resume insist reject accept")
RU = _split("перемирие перемирия перемирии переговоры переговоров делегация делегации пленные "
      "военнопленных демаркационная линия параллели войска командование предложение "
      "соглашение прекращение огня радио ответ вопрос позиция американцы представители "
      "встреча конференция повестка пункт отвод иностранных уступки снабжение авиация "
      "бомбардировки фронт наступление дивизия армия добровольцы правительство комитет "
      "директива указание доклад мнение связь телеграмма письмо товарищ срочно немедленно "
      "считаем необходимым возможно сообщите подтвердите получение обсудить решение "
      "политическое военное положение обмен репатриация инспекция комиссия нейтральных")
# Function words: about 40% of the tokens of real prose in either language.
FUNCTION = {
    "en": _split("the of and to in that is was for on by with as at from it this be are "
                 "which not have has will their his they were we you our an or all"),
    "ru": _split("и в не на что с по к о из от для это как мы вы он они его но же бы то "
                 "их до при так все был была было были также уже только"),
}
MONTHS = _split("January February March April May June July August September October "
                "November December")
ROMAN = _split("I II III IV V VI VII VIII IX X XI XII")
SYLLABLES = _split("ka ri to mo su ne la vi de po zu an ek or is um ba go")
SYLLABLES_RU = _split("ка ри то мо су не ла ви де по зу ан ек ор ис ум ба го")


def rare_words(rng: random.Random, n: int, syllables: list[str]) -> list[str]:
    """A long tail of rare words (place names, surnames, technical terms)."""
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(n)]


class Generator:
    """Deterministic: the same seed gives the same corpus."""

    def __init__(self, seed: int = 1951) -> None:
        self.rng = random.Random(seed)
        self.rare = {"en": rare_words(self.rng, 20_000, SYLLABLES),
                     "ru": rare_words(self.rng, 20_000, SYLLABLES_RU)}

    def words(self, pool: list[str], n: int, rare: list[str], function: list[str]) -> str:
        rng = self.rng
        out = []
        for _ in range(n):
            draw = rng.random()
            if draw < 0.08:  # Zipf-like: a few rare words often, most seldom
                out.append(rare[int(len(rare) * rng.random() ** 3)])
            elif draw < 0.48:
                out.append(function[int(len(function) * rng.random() ** 2)])
            else:
                out.append(pool[min(int(rng.expovariate(0.06)), len(pool) - 1)])
        return " ".join(out)

    def paragraph(self, lang: str, names: list[str], sentences: int) -> str:
        pool = RU if lang == "ru" else EN
        parts = []
        for _ in range(sentences):
            text = self.words(pool, self.rng.randint(8, 18), self.rare[lang], FUNCTION[lang])
            if names and self.rng.random() < 0.5:
                text += " " + self.rng.choice(names)
            parts.append(text[0].upper() + text[1:] + ".")
        return " ".join(parts)

    def telegram(self, i: int) -> tuple[SourcePage, Document]:
        rng = self.rng
        sender, recipient, other = rng.sample(PEOPLE, 3)
        via = rng.choice(PEOPLE[8:]) if rng.random() < 0.4 else None
        place = rng.choice(PLACES)
        year, month, day = rng.randint(1950, 1953), rng.randint(1, 12), rng.randint(1, 28)
        number = 10_000 + i
        date_text = f"{MONTHS[month - 1]} {day}, {year}"
        via_text = f" via {via.en[0]}" if via else ""
        title = f"Ciphered Telegram No. {number}, {sender.en[0]} to {recipient.en[0]}{via_text}"
        ru_names = [*sender.ru, *recipient.ru, *other.ru, *place.ru]
        en_names = [*sender.en, *recipient.en, *other.en, *place.en]
        ru_body = "\n\n".join(self.paragraph("ru", ru_names, rng.randint(2, 4))
                              for _ in range(3))
        nested_author = rng.choice(PEOPLE)
        nested = self.paragraph("en", list(nested_author.en), rng.randint(3, 6))
        en_body = "\n\n".join(self.paragraph("en", en_names, rng.randint(2, 4))
                              for _ in range(3))
        head = (f"Skip to content\n\n{date_text}\n\n{title}\n\n")
        envelope = (f"CIPHERED TELEGRAM No. {number}\n\nSERIES \"G\"\n\n"
                    f"From {place.en[1] if len(place.en) > 1 else place.en[0]} Received "
                    f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d} "
                    f"{day}.{ROMAN[month - 1]}.{year}\n\n"
                    f"{rng.choice(['TOP PRIORITY', 'SPECIAL', 'Extremely Urgent'])}\n\n"
                    f"Copies: Stalin (2), Molotov (1), Malenkov (1), {other.en[0]} (1)\n\n"
                    f"To Comrade {recipient.en[0].upper()}\n\n")
        relay = (f"I herewith relay the text of a letter from {nested_author.en[0]}:\n\n"
                 f"* * * * *\n\n\u201c{nested}\u201d\n\n")
        sign = f"{sender.en[1] if len(sender.en) > 1 else sender.en[0]}\n\n"
        tail = (f"Document Information\n\nSource\n\nAPRF, f. 45, op. 1, d. {rng.randint(300, 900)},"
                f" ll. {rng.randint(1, 200)}-{rng.randint(201, 300)}.\n\nType\n\nTelegram\n\n"
                f"Record ID\n\n{200_000 + i}\n")
        ru_start = len(head)
        text = head + ru_body + f"\n\n{sender.ru[0]}\n\n"
        en_start = len(text)
        text += envelope + relay + en_body + "\n\n" + sign
        en_stop = len(text)
        text += tail
        page = SourcePage(f"synthetic/{i:07d}.txt",
                          hashlib.sha256(text.encode()).hexdigest(), "text", "utf-8", text)
        doc = self.document(i, text, title, (year, month, day, date_text), sender, recipient,
                            via, place, nested_author, (ru_start, en_start, en_stop), number)
        return page, doc

    def document(self, i: int, text: str, title: str, date: tuple[int, int, int, str],
                 sender: Person, recipient: Person, via: Person | None, place: Person,
                 nested: Person, bounds: tuple[int, int, int], number: int) -> Document:
        year, month, day, date_text = date
        ru_start, en_start, en_stop = bounds
        ref = (lambda p, w: PersonRef(w, p.name, p.id))  # noqa: E731 - a short local maker
        doc = Document(f"wda:{200_000 + i}", "document", title=title,
                       date=DateValue(date_text, f"{year}-{month:02d}-{day:02d}", "day"),
                       doc_type="Telegram", record_id=str(200_000 + i),
                       archive="Wilson Center Digital Archive", original_language="ru",
                       languages_present=["ru", "en"],
                       texts=[TextBlock(Span(ru_start, en_start), "ru", "original"),
                              TextBlock(Span(en_start, en_stop), "en", "translation")])
        doc.senders = [ref(sender, sender.en[0])]
        doc.recipients = [ref(recipient, recipient.en[0])]
        doc.via = [ref(via, via.en[0])] if via else []
        doc.envelope = Envelope(number=str(number), series="G", origin=place.name,
                                channel=list(doc.via))
        doc.messages = [Message("telegram", doc.senders, doc.recipients, doc.via, children=[
            Message("letter", [ref(nested, nested.en[0])], [])])]
        doc.mentions = list(self.mentions(text, [*PEOPLE, *PLACES]))
        return doc

    @staticmethod
    def mentions(text: str, entities: list[Person]) -> Iterator[Mention]:
        for entity in entities:
            kind = "place" if entity in PLACES else "person"
            for form in (*entity.en, *entity.ru):
                start = text.find(form)
                if start >= 0:
                    yield Mention(form, kind, start, start + len(form), entity.id,
                                  entity.name, "synthetic", 1.0)

    def corpus(self, n: int) -> Iterator[tuple[SourcePage, Document]]:
        for i in range(n):
            yield self.telegram(i)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1951)
    parser.add_argument("--out", type=Path, help="folder to write the pages to")
    args = parser.parse_args()
    for page, _ in Generator(args.seed).corpus(args.docs):
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / Path(page.path).name).write_text(page.text, encoding="utf-8")
        else:
            print(page.text, end="\n\f\n")


if __name__ == "__main__":
    main()
