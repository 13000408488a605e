"""The authority: data, lookup of single names and mentions in running text."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from cablegraph.errors import AuthorityError
from cablegraph.resolve import Authority, Context
from cablegraph.resolve.authority import _gender_pair, given_key

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "examples" / "pages" / "seeds"
DATA = resources.files("cablegraph.resolve").joinpath("data")


@pytest.fixture(scope="module")
def auth() -> Authority:
    return Authority.builtin()


def seed(prefix: str) -> str:
    path = next(SEEDS.glob(f"{prefix}_*.txt"), None)
    if path is None:
        pytest.skip("seed pages not present")
    return path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- the data


def test_builtin_is_loaded_once_and_large_enough(auth: Authority) -> None:
    assert Authority.builtin() is auth
    assert len(auth.entities("person")) >= 150
    assert len(auth.entities("place")) >= 80
    assert len(auth.entities("org")) >= 40
    assert len(auth) == sum(len(auth.entities(k)) for k in ("person", "place", "org"))


@pytest.mark.parametrize("filename", ["persons.json", "places.json", "organizations.json"])
def test_builtin_files_pass_check(filename: str) -> None:
    with resources.as_file(DATA.joinpath(filename)) as path:
        assert Authority.check(path) == []


def test_entity_fields(auth: Authority) -> None:
    stalin = auth.get("person:stalin")
    assert stalin is not None
    assert (stalin.name, stalin.wikidata, stalin.born, stalin.died) == (
        "Joseph Stalin",
        "Q855",
        "1878",
        "1953",
    )
    filippov = next(n for n in stalin.names if n.text == "Filippov")
    assert filippov.system == "pseudonym" and filippov.start_year is not None
    kaesong = auth.get("place:kaesong")
    assert kaesong is not None and kaesong.coords is not None
    assert auth.get("person:nobody") is None


# ---------------------------------------------------------------- lookup: the seeds

# Every person, pseudonym, OCR variant and place variant named by seeds/expected/*.json,
# as written on the pages and as the preferred names the expected files use.
SEED_NAMES = {
    # senders, recipients, via, copies_to, embedded messages
    "Andrei Gromyko": "person:gromyko",
    "Gromyko": "person:gromyko",
    "GROMYKO": "person:gromyko",
    "Vladimir Razuvaev": "person:razuvaev",
    "RAZUVAEV": "person:razuvaev",
    "Joseph Stalin": "person:stalin",
    "Stalin": "person:stalin",
    "I.V. Stalin": "person:stalin",
    "STALIN I.V.": "person:stalin",
    "Comrade STALIN I.V.": "person:stalin",
    "Josef Visarrionovich": "person:stalin",
    "Nikolai Roshchin": "person:roshchin",
    "Roshchin": "person:roshchin",
    "Mao Zedong": "person:mao-zedong",
    "Comrade MAO ZEDONG": "person:mao-zedong",
    "Мао Цзэдун": "person:mao-zedong",
    "мао цзе-дун": "person:mao-zedong",
    "Kim Il Sung": "person:kim-il-sung",
    "KIM IL SUNG": "person:kim-il-sung",
    "Ким Ир Сен": "person:kim-il-sung",
    "Ким Ир Сеном": "person:kim-il-sung",
    "Ким Ир Сена": "person:kim-il-sung",
    "Krasovsky": "person:krasovsky",
    "Peng Dehuai": "person:peng-dehuai",
    "PENG DEHUAI": "person:peng-dehuai",
    "Пэн Дэхуай": "person:peng-dehuai",
    "Пэн Дэхуаем": "person:peng-dehuai",
    "Matthew Ridgway": "person:ridgway",
    "General RIDGWAY": "person:ridgway",
    "Риджуэй": "person:ridgway",
    "Риджуэю": "person:ridgway",
    "Aleksandr Vasilevsky": "person:vasilevsky",
    "A. Vasilevsky": "person:vasilevsky",
    "Andrei Vyshinsky": "person:vyshinsky",
    "A.Ia. Vyshinsky": "person:vyshinsky",
    "Vyacheslav Molotov": "person:molotov",
    "Georgy Malenkov": "person:malenkov",
    "Lavrentiy Beria": "person:beria",
    "Anastas Mikoyan": "person:mikoyan",
    "Lazar Kaganovich": "person:kaganovich",
    "Nikolai Bulganin": "person:bulganin",
    "Nikita Khrushchev": "person:khrushchev",
    "Vasily Sokolovsky": "person:sokolovsky",
    "Sokolovsky": "person:sokolovsky",
    "Li Kenong": "person:li-kenong",
    "Cde. LI KENONG": "person:li-kenong",
    "Малика": "person:malik",
    "Araushkin": "person:araushkin",
    "Leshevich": "person:leshevich",
    "Makarov": "person:makarov-colonel",
    "Gary Goldberg": "person:goldberg-gary",
    # pseudonyms
    "Filippov": "person:stalin",
    "FILIPPOV": "person:stalin",
    "Cde. Filippov": "person:stalin",
    "Филиппов": "person:stalin",
    # OCR variants
    "Kim II Sung": "person:kim-il-sung",
    "Мао Изе-дун": "person:mao-zedong",
    "Cde. LE KENONG": "person:li-kenong",
    # place variants
    "Kaesong": "place:kaesong",
    "Кайдзио": "place:kaesong",
    "Gaeseong": "place:kaesong",
    "Gaesong": "place:kaesong",
    "Kaeseong": "place:kaesong",
    "Wonsan": "place:wonsan",
    "Гензан": "place:wonsan",
    "Гензана": "place:wonsan",
    "Pyongyang": "place:pyongyang",
    "BEIJING": "place:beijing",
    "Москвы": "place:moscow",
    # organisations
    "MID USSR": "org:mid-ussr",
    "SECOND MAIN DIRECTORATE OF THE GENERAL STAFF OF THE SOVIET ARMY": "org:gru",
    "ВТОРОЕ ГЛАВНОЕ УПРАВЛЕНИЕ ГЕНШТАБА СОВЕТСКОЙ АРМИИ": "org:gru",
    "8th Administration of the General Staff of the Soviet Army": "org:gs-8th-directorate",
    "KPA": "org:kpa",
    "Корейской народной армией": "org:kpa",
    "CPV": "org:cpv",
    "United Press": "org:united-press",
    "Онайтед пресс": "org:united-press",
}


@pytest.mark.parametrize(("written", "entity_id"), sorted(SEED_NAMES.items()))
def test_lookup_seed_names(auth: Authority, written: str, entity_id: str) -> None:
    match = auth.lookup(written)
    assert match is not None, written
    assert match.entity.id == entity_id
    assert written.endswith(match.as_written) or match.as_written in written
    assert 0 < match.confidence <= 1


@pytest.mark.parametrize(
    ("written", "entity_id"),
    [
        ("Feng Xi", "person:stalin"),
        ("FENG XI", "person:stalin"),
        ("Фын Си", "person:stalin"),
        ("Chou En-lai", "person:zhou-enlai"),
        ("Чжоу Эньлай", "person:zhou-enlai"),
        ("Peng Teh-huai", "person:peng-dehuai"),
        ("Mao Tse-tung", "person:mao-zedong"),
        ("Kim Il-sung", "person:kim-il-sung"),
        ("Kim Ir Sen", "person:kim-il-sung"),
        ("Pak Heon-yeong", "person:pak-heon-yeong"),
        ("Pak Heonyeong", "person:pak-heon-yeong"),
        ("PAK HEON-YEONG", "person:pak-heon-yeong"),
        ("Pak Hon-yong", "person:pak-heon-yeong"),
        ("S H T Y K O V", "person:shtykov"),
        ("Terenty Shtykov", "person:shtykov"),
        ("Gen. Ridgway", "person:ridgway"),
        ("General of the Army ZAKHAROV", "person:zakharov"),
        ("Terebin", "person:orlov-andrei"),
        ("Trygve Lie", "person:trygve-lie"),
        ("Syngman Rhee", "person:syngman-rhee"),
        ("Пекин", "place:beijing"),
        ("Peiping", "place:beijing"),
        ("Пхеньян", "place:pyongyang"),
        ("Chemulpo", "place:incheon"),
        ("Inchon", "place:incheon"),
        ("Panmunjom", "place:panmunjom"),
        ("Joint Chiefs of Staff", "org:jcs"),
        ("Workers' Party of Korea", "org:wpk"),
    ],
)
def test_lookup_variants(auth: Authority, written: str, entity_id: str) -> None:
    match = auth.lookup(written)
    assert match is not None and match.entity.id == entity_id


def test_lookup_rules(auth: Authority) -> None:
    cases = {
        "Mao Zedong": "exact",
        "Mao Tse-tung": "alias",
        "Stalin": "surname",
        "Filippov": "pseudonym",
        "Kim II Sung": "ocr_variant",
        "Ким Ир Сеном": "stem_ru",
    }
    for written, rule in cases.items():
        match = auth.lookup(written)
        assert match is not None and match.rule == rule, written


def test_lookup_span_skips_titles(auth: Authority) -> None:
    match = auth.lookup("Cde. LE KENONG")
    assert match is not None
    assert (match.as_written, match.start, match.stop) == ("LE KENONG", 5, 14)


def test_lookup_fuzzy_is_last_and_strict(auth: Authority) -> None:
    match = auth.lookup("Vasilevskyy")
    assert match is not None and match.entity.id == "person:vasilevsky"
    assert match.rule == "fuzzy" and match.confidence < 0.85
    assert auth.lookup("Vasin") is None
    assert auth.lookup("Xyzzy Plugh") is None


def test_fuzzy_does_not_take_a_surname_for_its_other_gender(auth: Authority) -> None:
    # "Shcherbakova" (a typist, 1950) is no OCR slip for the ambassador "Shcherbakov"
    assert auth.get("person:shcherbakova") is not None
    assert auth.lookup("Shcherbakov", year=1964, kind="person") is None
    assert _gender_pair("shcherbakov", "shcherbakova") and _gender_pair("lisowska", "lisowski")
    assert _gender_pair("zhukovsky", "zhukovskaya") and not _gender_pair("matthews", "mathews")
    assert not _gender_pair("ivanov", "petrova")
    match = auth.lookup("Vasilevskyy")  # the fuzzy match itself stays
    assert match is not None and match.entity.id == "person:vasilevsky"


def test_fuzzy_does_not_respell_a_surname_the_archive_holds(auth: Authority) -> None:
    # "Matthews" (several archive persons) is spelled right: not OCR damage of "Mathews"
    assert auth.archive is not None and auth.archive.is_name_word("matthews")
    match = auth.lookup("Matthews", year=1953, kind="person")
    assert match is None or match.rule != "fuzzy"


def test_lookup_kind_filter(auth: Authority) -> None:
    assert auth.lookup("Kaesong", kind="person") is None
    match = auth.lookup("Kaesong", kind="place")
    assert match is not None and match.entity.kind == "place"


# ---------------------------------------------------------------- ambiguity and periods


@pytest.mark.parametrize("written", ["Kuznetsov", "Кузнецов", "Comrade Kuznetsov", "Johnson", "Wilson"])
def test_ambiguous_names_resolve_to_nothing(auth: Authority, written: str) -> None:
    assert auth.lookup(written) is None
    assert auth.lookup(written, year=1951) is None


def test_kuznetsov_is_stalin_only_in_context(auth: Authority) -> None:
    """Kuznetsov is Stalin in the 1947-48 GRU channel with Mao and Terebin, nowhere else."""
    assert auth.lookup("Kuznetsov", year=1948) is None
    gru = Context.of(1948, ["person:mao-zedong"])
    found = auth.lookup("Kuznetsov", context=gru)
    assert found is not None and (found.entity.id, found.rule) == ("person:stalin", "context")
    assert auth.lookup("Кузнецову", context=gru) is not None
    assert auth.lookup("Kuznetsov", context=Context.of(1951, ["person:mao-zedong"])) is None
    mentions = auth.find_mentions("Terebin to Kuznetsov. Mao Zedong agrees.", year=1948)
    assert [m.entity.id for m in mentions] == ["person:orlov-andrei", "person:stalin", "person:mao-zedong"]
    assert [m.entity.id for m in auth.find_mentions("Terebin to Kuznetsov", year=1949)] == [
        "person:orlov-andrei"
    ]
    assert auth.find_mentions("Kuznetsov met Mao Zedong.", year=1952)[0].entity.id == "person:mao-zedong"


def test_context_picks_the_real_kuznetsov(auth: Authority) -> None:
    text = "Present: Cdes. Khrushchev, Malinovsky, Kuznetsov."
    ids = [m.entity.id for m in auth.find_mentions(text, year=1958)]
    assert ids == ["person:khrushchev", "person:malinovsky", "person:kuznetsov-vasily"]


def test_context_splits_generic_names(auth: Authority) -> None:
    polish = "Embassy of the Polish Republic. Ministry of Foreign Affairs"
    soviet = "MID USSR to Moscow. Ministry of Foreign Affairs"
    both = polish + " in Moscow"
    assert auth.find_mentions(polish, year=1951)[-1].entity.id == "org:polish-mfa"
    assert auth.find_mentions(soviet, year=1951)[-1].entity.id == "org:mid-ussr"
    assert all(m.entity.kind != "org" for m in auth.find_mentions(both, year=1951))
    assert auth.lookup("Ministry of Foreign Affairs") is None


def test_period_limited_pseudonyms(auth: Authority) -> None:
    assert auth.lookup("Semenov", year=1951) is None
    in_period = auth.lookup("Semenov", year=1952)
    undated = auth.lookup("Semenov")
    assert in_period is not None and in_period.entity.id == "person:stalin"
    assert undated is not None and undated.confidence < in_period.confidence
    assert auth.lookup("Filippov", year=1955) is None
    feng = auth.lookup("Feng Xi", year=1950)
    assert feng is not None and feng.rule == "pseudonym"
    assert auth.find_mentions("Mao Zedong to Semenov [Stalin]", year=1951)[-1].as_written == ("Stalin")


def test_needs_title_words(auth: Authority) -> None:
    text = "Admiral Joy had my authority. There was joy in Joy Street. General Clark agreed."
    found = [(m.as_written, m.entity.id) for m in auth.find_mentions(text)]
    assert found == [("Joy", "person:joy"), ("Clark", "person:clark-mark")]
    found = [(m.as_written, m.entity.id) for m in auth.find_mentions("Lie is completely a US spy")]
    assert found == [("US", "place:united-states")]
    in_un = auth.find_mentions("Lie is completely a US spy; talk to him at the UN", year=1950)
    assert in_un[0].entity.id == "person:trygve-lie" and in_un[0].rule == "context"
    assert [m.as_written for m in auth.find_mentions("LET US KNOW WHAT THE US WANTS")] == []
    assert [m.entity.id for m in auth.find_mentions("Secretary-General Trygve Lie")] == ["person:trygve-lie"]


def test_lowercase_words_are_not_names(auth: Authority) -> None:
    assert auth.find_mentions("the mid point of the rusk line") == []
    assert auth.find_mentions("Стали известны детали") == []  # "steel"-stem, not Stalin


# ---------------------------------------------------------------- find_mentions


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_find_mentions_offsets_are_exact(auth: Authority, prefix: str) -> None:
    text = seed(prefix)
    mentions = auth.find_mentions(text, year=1951)
    assert mentions
    last = -1
    for m in mentions:
        assert text[m.start : m.stop] == m.as_written
        assert m.start >= last  # sorted, no overlaps
        last = m.stop


def test_find_mentions_seed_001_russian(auth: Authority) -> None:
    text = seed("001")
    found = {(m.as_written, m.entity.id) for m in auth.find_mentions(text, year=1951)}
    for pair in [
        ("Риджуэю", "person:ridgway"),
        ("Ким Ир Сеном", "person:kim-il-sung"),
        ("Пэн Дэхуаем", "person:peng-dehuai"),
        ("Гензана", "place:wonsan"),
        ("Кайдзио", "place:kaesong"),
        ("Филиппов", "person:stalin"),
        ("Мао Цзэдун", "person:mao-zedong"),
        ("Gaeseong", "place:kaesong"),
        ("Gaesong", "place:kaesong"),
        ("Wonsan", "place:wonsan"),
        ("FILIPPOV", "person:stalin"),
        ("KRASOVSKY", "person:krasovsky"),
        ("Korean People's Army", "org:kpa"),
    ]:
        assert pair in found, pair


def test_find_mentions_seed_003_initials_and_copies(auth: Authority) -> None:
    text = seed("003")
    mentions = auth.find_mentions(text, year=1952)
    written = [m.as_written for m in mentions]
    assert "A.Ia. Vyshinsky" in written
    assert "STALIN I.V." in written
    assert "I.V. Stalin" in written
    copies = text[text.index("Copies:") : text.index("No. 2250")]
    start = text.index(copies)
    ids = [m.entity.id for m in auth.find_mentions(text, start=start, stop=start + len(copies))]
    assert ids == [
        "person:stalin",
        "person:molotov",
        "person:malenkov",
        "person:beria",
        "person:mikoyan",
        "person:kaganovich",
        "person:bulganin",
        "person:khrushchev",
        "person:vyshinsky",
        "person:sokolovsky",
    ]


def test_find_mentions_seed_002_and_004_ocr(auth: Authority) -> None:
    rules = {(m.as_written, m.rule) for m in auth.find_mentions(seed("002"), year=1951)}
    assert ("Kim II Sung", "ocr_variant") in rules
    assert ("Мао Изе-дун", "ocr_variant") in rules
    found = {(m.as_written, m.entity.id) for m in auth.find_mentions(seed("004"), year=1951)}
    assert ("LE KENONG", "person:li-kenong") in found
    assert ("LI KENONG", "person:li-kenong") in found


def test_initials_never_overlap(auth: Authority) -> None:
    text = "Copies: STALIN I.V. Molotov and T. Merchant"
    got = [m.as_written for m in auth.find_mentions(text)]
    assert got == ["STALIN I.V.", "Molotov", "T. Merchant"]


def test_find_mentions_longest_wins(auth: Authority) -> None:
    text = "the Democratic People's Republic of Korea and North Korea and Korea"
    got = [(m.as_written, m.entity.id) for m in auth.find_mentions(text)]
    assert got == [
        ("Democratic People's Republic of Korea", "place:north-korea"),
        ("North Korea", "place:north-korea"),
        ("Korea", "place:korea"),
    ]


def test_find_mentions_spelled_out_and_line_breaks(auth: Authority) -> None:
    text = "This letter was handed over to me.\nS H T Y K O V\nDEEPLY RESPECTED Iosif\nVissarionovich STALIN."
    got = [(m.as_written, m.entity.id) for m in auth.find_mentions(text)]
    assert got == [
        ("S H T Y K O V", "person:shtykov"),
        ("Iosif\nVissarionovich STALIN", "person:stalin"),
    ]


def test_find_mentions_homoglyphs_and_invisibles(auth: Authority) -> None:
    text = "To Cde. Kіm Il Sung and Ста\u200bлин"
    got = [(m.as_written, m.entity.id) for m in auth.find_mentions(text)]
    assert got == [("Kіm Il Sung", "person:kim-il-sung"), ("Ста\u200bлин", "person:stalin")]


def test_find_mentions_ignores_urls(auth: Authority) -> None:
    text = "https://wilson-center-digital-archive.dvincitest.com/document/110371 Mao"
    assert [m.as_written for m in auth.find_mentions(text)] == ["Mao"]


# ---------------------------------------------------------------- check and load


def write(tmp_path: Path, records: object, name: str = "extra.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


GOOD = {
    "id": "person:elezov-test",
    "kind": "person",
    "name": "Test Person",
    "names": [{"text": "Testperson", "lang": "en", "script": "Latn", "system": "surname"}],
}


def test_check_reports_every_problem(tmp_path: Path) -> None:
    bad = [
        GOOD,
        dict(GOOD),  # duplicate id
        {"id": "person:nameless", "kind": "person", "name": ""},
        {"id": "thing:x", "kind": "thing", "name": "X"},
        {"id": "person:y", "kind": "person", "name": "Y", "born": "1950", "died": "1900"},
        {
            "id": "person:z",
            "kind": "person",
            "name": "Z",
            "names": [
                {
                    "text": "Zed",
                    "lang": "en",
                    "script": "Latn",
                    "system": "pseudonym",
                    "from": 1953,
                    "to": 1950,
                }
            ],
        },
        {"id": "place:p", "kind": "place", "name": "P", "coords": [123.0, 10.0]},
        {"id": "org:o", "kind": "org", "name": "O", "wikidata": "12345"},
        {"id": "org:s", "kind": "org", "name": "S", "names": [{"text": "S", "system": "klingon"}]},
    ]
    problems = Authority.check(write(tmp_path, bad))
    joined = "\n".join(problems)
    assert "record 1 (person:elezov-test) field 'id': duplicate of record 0" in joined
    assert "record 2 (person:nameless) field 'name'" in joined
    assert "record 3 (thing:x) field 'kind'" in joined
    assert "record 4 (person:y) field 'born'" in joined
    assert "record 5 (person:z) names[0] field 'from'" in joined
    assert "record 6 (place:p) field 'coords'" in joined
    assert "record 7 (org:o) field 'wikidata'" in joined
    assert "record 8 (org:s) names[0] field 'system'" in joined
    assert not any("record 0 " in p for p in problems)


def test_check_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("[{", encoding="utf-8")
    assert Authority.check(path)[0].startswith("not valid UTF-8 JSON")
    assert Authority.check(write(tmp_path, {"id": 1}))[0] == "must hold a JSON list of records"


def test_load_raises_with_file_record_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, [GOOD, {**GOOD, "id": "person:q", "wikidata": "Q-1"}])
    with pytest.raises(AuthorityError) as info:
        Authority.load(path)
    message = str(info.value)
    assert str(path) in message and "record 1 (person:q)" in message and "'wikidata'" in message


def test_load_layers_user_files(tmp_path: Path, auth: Authority) -> None:
    override = {
        "id": "person:golunov",
        "kind": "person",
        "name": "Ivan Golunov",
        "names": [{"text": "Golunov", "lang": "en", "script": "Latn", "system": "surname"}],
    }
    path = write(tmp_path, [GOOD, override])
    layered = Authority.load(path)
    assert len(layered) == len(auth) + 1
    golunov = layered.get("person:golunov")
    assert golunov is not None and golunov.name == "Ivan Golunov"
    match = layered.lookup("Testperson")
    assert match is not None and match.entity.id == "person:elezov-test"
    alone = Authority.load(path, include_builtin=False)
    assert len(alone) == 2 and alone.lookup("Stalin") is None
    assert auth.lookup("Testperson") is None  # the built-in authority is untouched


def test_an_editor_s_expansion_of_initials_is_the_name(auth: Authority) -> None:
    """FRUS prints signed initials as "C[ordell] H[ull]"; brackets that are no expansion stay."""
    found = auth.find_mentions("C[ordell] H[ull]", year=1944)
    assert [(m.as_written, m.entity.id) for m in found] == [("C[ordell] H[ull]", "person:hs-106268")]
    signed = auth.find_mentions("Signed: D[ean] A[cheson]", year=1950)
    assert [m.entity.id for m in signed] == ["person:acheson"]
    assert auth.find_mentions("the list [see note] A[nnex]", year=1950) == []


def test_gimo_is_chiang_kai_shek(auth: Authority) -> None:
    text = "Wang Shih-chieh will discuss on Gimo's behalf; GIMO TOLD ME"
    ids = [m.entity.id for m in auth.find_mentions(text, year=1947) if m.as_written.lower() == "gimo"]
    assert ids == ["person:chiang-kai-shek", "person:chiang-kai-shek"]
    assert auth.find_mentions("the gimo", year=1947) == []


def test_a_telegram_s_possessive_without_apostrophe_is_the_surname(auth: Authority) -> None:
    """Cables drop the apostrophe: "SECRETARY RUSKS MEETING" is Rusk's; a word in S that a name
    holds ("UNITED STATES") and running text ("Pearsons statement") stay as they are."""
    found = auth.find_mentions("SECRETARY RUSKS MEETING WITH GROMYKO", year=1966)
    expected = [("RUSKS", "person:rusk"), ("GROMYKO", "person:gromyko")]
    assert [(m.as_written, m.entity.id) for m in found] == expected
    states = auth.find_mentions("THE UNITED STATES GOVERNMENT", year=1966)
    assert [m.as_written for m in states] == ["UNITED STATES"]
    assert auth.find_mentions("Pearsons statement", year=1966) == []


@pytest.mark.parametrize(
    ("one", "other"),
    [("Alexander", "Aleksandr"), ("Alexei", "Aleksey"), ("Yevgeny", "Evgeniy"), ("Vasily", "Vasiliy"),
     ("Sergei", "Sergey"), ("Yuri", "Yuriy"), ("Dmitri", "Dmitry")],
)  # fmt: skip
def test_english_spellings_of_a_russian_given_name_meet(one: str, other: str) -> None:
    assert given_key(one) == given_key(other)
    assert given_key("Alexander") != given_key("Alexei")


def test_a_given_name_spelled_otherwise_finds_the_record(auth: Authority) -> None:
    # the record is "Aleksandr Puzanov"; a label or an English page writes "Alexander"
    for text in ("Alexander Puzanov", "ALEXANDER PUZANOV"):
        found = auth.lookup(text, year=1964)
        assert found is not None and found.entity.id == "person:puzanov", text
        assert found.rule == "given_spelling"
    assert auth.lookup("Alexander Puzanov", year=1900) is None  # before he was born
    assert auth.lookup("Boris Puzanov", year=1964) is None  # another given name is not him


def test_a_pseudonym_of_a_period_needs_a_dated_text(auth: Authority) -> None:
    text = "Semenov was a Deputy Foreign Minister and it was hard for a mere Ambassador to interject."
    assert "person:stalin" not in {m.entity.id for m in auth.find_mentions(text)}  # undated
    assert "person:stalin" not in {m.entity.id for m in auth.find_mentions(text, year=1970)}
    assert "person:stalin" in {m.entity.id for m in auth.find_mentions(text, year=1952)}


def test_a_surname_alone_is_the_namesake_in_office_that_year(auth: Authority) -> None:
    # the general's roles end in 1951; in 1954 the archive's one active MacArthur is the Counselor
    later = auth.lookup("MacArthur", year=1954)
    assert later is not None and later.entity.name == "Douglas MacArthur II"
    assert later.rule == "archive_surname_active"
    during = auth.lookup("MacArthur", year=1950)
    assert during is not None and during.entity.id == "person:macarthur"
    # several Davieses active in 1974, John Paton Davies long out of the service: none of them
    assert auth.lookup("Davies", year=1974) is None
    assert auth.lookup("Davies", year=1944) is not None
    # just out of office (ACDA 1961-1969), still the Foster a 1970 page means
    foster = auth.lookup("Foster", year=1970)
    assert foster is not None and foster.entity.id == "person:foster-william"


def test_a_cables_signature_is_the_chief_of_the_sending_post(auth: Authority) -> None:
    cable = ("R 140843Z MAR 74\nFM AMEMBASSY WARSAW\nTO /USIA WASHDC 3674\nSUBJ: MOON ROCK\n"
             "5. PLEASE ADVISE ASAP.\nDAVIES\nUNCLASSIFIED\n")
    signed = [m for m in auth.find_mentions(cable, year=1974) if m.rule == "signed_by_chief"]
    assert [(m.as_written, m.entity.name) for m in signed] == [("DAVIES", "Richard Townsend Davies")]
    assert auth.lookup("Davies", year=1974) is None  # alone, the surname is several persons
    # another post's chief, or another surname, signs nothing
    other = cable.replace("WARSAW", "MOSCOW")
    assert not [m for m in auth.find_mentions(other, year=1974) if m.rule == "signed_by_chief"]
    assert not [m for m in auth.find_mentions(cable, year=None) if m.rule == "signed_by_chief"]


def test_a_cover_name_out_of_its_period_leaves_the_surname_to_the_archive(auth: Authority) -> None:
    later = auth.lookup("Semenov", year=1970)  # Stalin's cover name of 1952-1953, after his death
    assert later is not None and later.entity.id == "person:semyonov-vladimir"
    during = auth.lookup("Semenov", year=1952)
    assert during is not None and during.entity.id == "person:stalin"
    assert auth.lookup("Semenov", year=1951) is None  # next to its period, while he lived: unsure
