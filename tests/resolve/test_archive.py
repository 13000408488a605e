"""The archive layer: Office of the Historian data imported, merged and used for names.

Importer tests read the small copies in tests/fixtures/historyatstate (see its README); the
resolution tests use the derived file the package ships (built from the full datasets).
"""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from cablegraph.cli import main
from cablegraph.errors import AuthorityError
from cablegraph.resolve import Authority
from cablegraph.resolve import hs_import as hs
from cablegraph.resolve.archive import ArchiveLayer

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "fixtures" / "historyatstate"


@pytest.fixture(scope="module")
def builtin() -> Authority:
    return Authority.builtin()


# ---------------------------------------------------------------------------- importers


def test_people_import_keeps_every_form_with_its_volumes() -> None:
    part = hs.import_people(DATA / "people")
    acheson = next(p for p in part["people"] if p[0] == 100070)
    _, preferred, born, died, viaf, pocom_id, names = acheson
    assert (preferred, born, died, viaf, pocom_id) == (
        "Acheson, Dean Gooderham", 1893, 1971, None, "acheson-dean-gooderham"
    )
    forms = {form: {part["volumes"][v] for v in vols} for form, vols in names}
    assert set(forms) == {"Acheson, Dean Gooderham", "Dean G. Acheson", "Acheson, Dean G.", "Acheson, Dean"}
    assert "frus1951v03p1" in forms["Acheson, Dean G."]
    assert "frus1961-63v07" in forms["Acheson, Dean"]


def test_pocom_import_reads_tenures_with_dates_and_titles() -> None:
    part = hs.import_pocom(DATA / "pocom")
    secretaries = [t for t in part["tenures"] if t[0] == "principal:secretary"]
    acheson = ["principal:secretary", "acheson-dean-gooderham", "1949-01-21", "1953-01-20"]
    acheson.append("Secretary of State")
    assert acheson in secretaries
    korea = [t for t in part["tenures"] if t[0] == "chief:korea" and t[1] == "muccio-john-joseph"]
    assert korea and korea[0][2].startswith("1949")
    assert korea[0][4] == "Ambassador Extraordinary and Plenipotentiary"
    assert any(p[0] == "rusk-david-dean" and "Dean Rusk" in p[3] for p in part["pocom_persons"])


def test_a_tar_gz_reads_like_the_folder(tmp_path: Path) -> None:
    packed = tmp_path / "people.tar.gz"
    with tarfile.open(packed, "w:gz") as archive:
        archive.add(DATA / "people", arcname="people")
    assert hs.import_people(packed) == hs.import_people(DATA / "people")


def test_import_errors_name_the_path(tmp_path: Path) -> None:
    with pytest.raises(AuthorityError, match="nowhere"):
        hs.import_people(tmp_path / "nowhere")
    bad = tmp_path / "data" / "100000" / "1" / "0" / "0" / "0"
    bad.mkdir(parents=True)
    (bad / "100001.xml").write_text("<person><id>100001</id>", encoding="utf-8")
    with pytest.raises(AuthorityError, match=r"malformed XML in data/100000/1/0/0/0/100001\.xml"):
        hs.import_people(tmp_path)
    with pytest.raises(AuthorityError, match="no person records"):
        hs.import_people(DATA / "pocom")


def test_cli_imports_both_into_one_file_the_same_in_either_order(tmp_path: Path) -> None:
    runner = CliRunner()
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    for out, order in ((first, ("people", "pocom")), (second, ("pocom", "people"))):
        for dataset in order:
            args = ["authority", "import", dataset, str(DATA / dataset), "--out", str(out)]
            result = runner.invoke(main, args)
            assert result.exit_code == 0, result.output
    assert "9 people" in result.output and "tenures" in result.output
    assert first.read_bytes() == second.read_bytes()
    data = hs.read_derived(first)
    assert set(data["sources"]) == {"people", "pocom"}
    assert data["sources"]["pocom"]["licence"] == "CC0 1.0"


def test_read_derived_refuses_another_format(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "x.json.gz"
    path.write_bytes(gzip.compress(b'{"format": 99}'))
    with pytest.raises(AuthorityError, match="'format': 99, expected 1"):
        hs.read_derived(path)


def test_imported_file_merges_into_the_hand_made_acheson(tmp_path: Path) -> None:
    out = tmp_path / "archive.json.gz"
    hs.write_derived(out, hs.import_people(DATA / "people"), hs.PEOPLE_SOURCE)
    hs.write_derived(out, hs.import_pocom(DATA / "pocom"), hs.POCOM_SOURCE)
    core = Authority.builtin().entities()
    auth = Authority(core, archive=ArchiveLayer(out))
    match = auth.lookup("Acheson, Dean Gooderham")
    assert match is not None and match.entity.id == "person:acheson"
    assert auth.lookup("Kohler, Foy D.", year=1962).entity.id == "person:hs-107327"  # type: ignore[union-attr]
    # a pocom person the people records lack keeps a pocom id
    assert auth.archive is not None and auth.archive.pocom_entity("briggs-ellis-ormsbee") is not None


# ---------------------------------------------------------------------------- the shipped layer


def test_one_acheson_with_every_form_and_its_provenance(builtin: Authority) -> None:
    assert builtin.archive is not None
    for written in ("Acheson", "Dean Acheson", "Acheson, Dean G.", "Dean Gooderham Acheson"):
        match = builtin.lookup(written, year=1951)
        assert match is not None and match.entity.id == "person:acheson", written
    acheson = builtin.get("person:acheson")
    assert acheson is not None
    texts = [n.text for n in acheson.names]
    assert len(texts) == len(set(texts))
    assert {"Acheson", "Ачесон", "Acheson, Dean G.", "Acheson, Dean Gooderham"} <= set(texts)
    sources = {s for n in acheson.names for s in n.sources}
    assert "people:frus1951v03p1" in sources
    assert any(r.role == "Secretary of State" and r.start_year == 1949 for r in acheson.roles)
    merged = [p for p in builtin.archive._loaded.persons if p.id == "person:acheson"]
    assert len(merged) == 1


def test_sources_that_disagree_on_a_birth_but_not_on_the_death_give_one_person(builtin: Authority) -> None:
    """James F. Byrnes: born 1882 in the hand-made record, 1879 in the Office of the
    Historian's; both say he died in 1972. One person, every form under the hand-made id."""
    assert builtin.archive is not None
    for written in ("Byrnes, James Francis", "James F. Byrnes", "Byrnes, James F."):
        match = builtin.lookup(written, year=1946)
        assert match is not None and match.entity.id == "person:byrnes", written
    assert not [p for p in builtin.archive._loaded.persons if p.id == "person:hs-102048"]
    # a namesake of other years stays apart
    paul = builtin.lookup("Byrnes, Paul J.", year=1980)
    assert paul is not None and paul.entity.id != "person:byrnes"


def test_kohler_caccia_lemnitzer_bundy_resolve_on_a_1962_page(builtin: Authority) -> None:
    text = (
        "Secretary Rusk met Ambassador Kohler and Sir Harold Caccia in Washington. General "
        "Lemnitzer briefed them; McGeorge Bundy said the President wanted a reply. Caccia agreed."
    )
    found = {m.as_written: (m.entity.name, m.rule) for m in builtin.find_mentions(text, year=1962)}
    assert found["Kohler"] == ("Foy David Kohler", "archive_surname")
    assert found["Harold Caccia"][0] == "Harold Anthony Caccia"
    assert found["Caccia"][0] == "Harold Anthony Caccia"
    assert found["Lemnitzer"][0] == "Lyman L. Lemnitzer"
    assert found["McGeorge Bundy"] == ("McGeorge Bundy", "archive_name")
    assert found["Rusk"][0] == "Dean Rusk"


def test_surnames_need_a_year_one_active_person_and_a_name_not_a_word(builtin: Authority) -> None:
    def names(text: str, year: int | None) -> dict[str, str]:
        return {m.as_written: m.entity.id for m in builtin.find_mentions(text, year=year)}

    assert "Kohler" not in names("Kohler said the talks would resume.", None)
    assert "Johnson" not in names("Johnson said the talks would resume.", 1962)  # many Johnsons in 1962
    assert "Page" not in names("Page 4 of the memorandum.", 1951)
    # a capitalised word that the page also uses in lower case is a word
    assert names("Ball said so.", 1962)["Ball"] == "person:hs-100810"  # George W. Ball
    assert "Ball" not in names("Ball said the ball is in their court.", 1962)
    assert "Hope" not in names("Hope was expressed. There is little hope of progress.", 1962)
    assert names("McGeorge Bundy said so.", None)["McGeorge Bundy"] == "person:hs-101930"
    # part of another name, a hyphenated word, a cover name in capitals on a page in lower case
    assert not any("Valdes" in w for w in names("a talk with [Raul] Valdes Vivo, the editor", 1962))
    assert not any("Rodriguez" in w for w in names("with [Carlos Rafael] Rodriguez on the 24th", 1962))
    assert names("a FELLOW-COUNTRYMAN serving in the army", 2013) == {}
    found = names("our report to [Deputy Foreign Minister Jozef] Winiewicz on the 15th", 1962)
    assert found == {"Jozef] Winiewicz": "person:hs-114703"}  # first given name + surname


def test_a_surname_alone_is_bounded_by_the_years_and_by_its_neighbours(builtin: Authority) -> None:
    def names(text: str, year: int | None) -> dict[str, str]:
        return {m.as_written: m.entity.id for m in builtin.find_mentions(text, year=year)}

    # the dates the data holds: Forrest Sherman died in 1951, a 1980s diplomat is no 1899 duke
    assert names("Sherman said so.", 1950) == {"Sherman": "person:sherman-forrest"}
    assert "SHERMAN" not in names("GEORGE SHERMAN OF THE EMBASSY AND SHERMAN SAID SO.", 1979)
    assert builtin.lookup("Arcos", year=1990) is not None  # Cresencio S. Arcos, ambassador 1990-93
    assert builtin.lookup("Arcos", year=1899) is None
    # a capitalised word right after it: a given name, or part of a longer name
    assert "Alexander" not in names("the British Ambassador and Sir Alexander Cadogan remained", 1944)
    assert names("Sir Alexander Cadogan remained", 1944)["Alexander Cadogan"] == "person:hs-102072"
    assert "Abdullah" not in names("representatives of Iraqi society: Abdullah Goran, Ismail Rashid", 1958)
    assert "Case" not in names("Case Number: 12\nPublication Date: December 28, 1972", 1972)
    # a telegram in capitals: words like PLACE, OFF, READ are no surnames there
    cable = "THE TALKS WILL TAKE PLACE IN PARIS. WE READ THE NOTE AND SET OFF AT NOON."
    assert names(cable, 1974) == {"PARIS": "place:paris"}
    assert names("FOREIGN MINISTER SAUVAGNARGUES SAID THE VISIT WOULD GO AHEAD.", 1974)
    assert names("THE PRESS ON POMPIDOU SAID LITTLE.", 1974)["POMPIDOU"].startswith("person:")


def test_names_the_hand_made_authority_holds_stay_its_own(builtin: Authority) -> None:
    # "Semenov" is Stalin's pseudonym in some years; out of them the hand-made record decides.
    assert builtin.lookup("Semenov", year=1951) is None
    match = builtin.lookup("Lemnitzer", year=1962)
    assert match is not None and match.rule == "archive_surname" and match.confidence <= 0.8
    assert builtin.lookup("Lemnitzer", year=1962, kind="place") is None


def test_viaf_only_where_the_data_gives_it(builtin: Authority) -> None:
    assert builtin.archive is not None
    with_viaf = [p for p in builtin.archive._loaded.persons if p.viaf]
    assert 100 < len(with_viaf) < len(builtin.archive)
    entity = builtin.get(with_viaf[0].id)
    assert entity is not None and entity.viaf == with_viaf[0].viaf and entity.viaf.isdigit()
    kohler = builtin.get("person:hs-107327")
    assert kohler is not None and kohler.viaf is None and kohler.wikidata is None


def test_user_files_may_carry_viaf_and_name_sources(tmp_path: Path) -> None:
    import json

    good = {
        "id": "person:x-y", "kind": "person", "name": "X Y", "viaf": "123",
        "names": [
            {"text": "Y", "lang": "en", "script": "Latn", "system": "surname", "sources": ["people:v1"]}
        ],
    }  # fmt: skip
    path = tmp_path / "mine.json"
    path.write_text(json.dumps([good]), encoding="utf-8")
    assert Authority.check(path) == []
    entity = Authority.load(path, include_builtin=False).get("person:x-y")
    assert entity is not None and entity.viaf == "123" and entity.names[0].sources == ("people:v1",)
    path.write_text(json.dumps([{**good, "viaf": "Q42"}]), encoding="utf-8")
    (problem,) = Authority.check(path)
    assert problem == "record 0 (person:x-y) field 'viaf': 'Q42' is not a VIAF number such as '75121530'"


def test_cablegraph_archive_points_at_another_derived_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "mine.json.gz"
    monkeypatch.setenv("CABLEGRAPH_ARCHIVE", str(out))
    result = CliRunner().invoke(main, ["authority", "import", "people", str(DATA / "people")])
    assert result.exit_code == 0, result.output
    assert out.exists() and str(out) in result.output  # the default --out follows the setting
    layer = ArchiveLayer.builtin()
    assert layer.builtin_path() == out and len(layer) == 9


def test_explain_names_the_volumes_a_form_was_read_from(builtin: Authority) -> None:
    from cablegraph.resolve import explain

    match = builtin.lookup("Kohler, Foy D.", year=1962)
    assert match is not None
    line = explain(match)
    assert "person:hs-107327" in line and "by rule archive_name" in line
    assert "from people:frus" in line and "more" in line


def test_a_title_chooses_among_the_persons_of_a_surname(builtin: Authority) -> None:
    def names(text: str, year: int) -> dict[str, str]:
        return {m.as_written: m.entity.id for m in builtin.find_mentions(text, year=year)}

    # John F. and Robert F. Kennedy are both active in 1962: "President" names the one
    found = names("Letter From President Kennedy to Chairman Khrushchev", 1962)
    assert found["Kennedy"] == "person:kennedy-john"
    assert "Kennedy" not in names("Kennedy said so.", 1962)


def test_a_surname_with_a_particle_starts_at_the_particle(builtin: Authority) -> None:
    def names(text: str, year: int) -> dict[str, str]:
        return {m.as_written: m.entity.id for m in builtin.find_mentions(text, year=year)}

    assert names("THE BAROQUE MANNERS OF DE GAULLE AND POMPIDOU", 1974)["DE GAULLE"] == "person:hs-103284"
    assert names("as de Gaulle said", 1962) == {"de Gaulle": "person:hs-103284"}
    assert names("la ville de Paris est belle", 1962) == {"Paris": "place:paris"}


def test_an_inverted_name_resolves_in_running_text(builtin: Authority) -> None:
    def names(text: str, year: int) -> dict[str, str]:
        return {m.as_written: m.entity.id for m in builtin.find_mentions(text, year=year)}

    # "Bundy" alone is ambiguous in 1962 (William and McGeorge); "Bundy, McGeorge" is not
    assert "Bundy" not in names("Bundy and Rusk met.", 1962)
    assert names("Participants: Bundy, McGeorge; Rusk, Dean", 1962)["Bundy, McGeorge"] == "person:hs-101930"
    found = names("Rusk, Kohler, Bundy and Ball met.", 1962)  # a list of surnames stays a list
    assert "Bundy" not in " ".join(found) and found["Kohler"] == "person:hs-107327"


def test_initials_before_a_surname_must_fit_the_persons_given_names(builtin: Authority) -> None:
    def names(text: str, year: int) -> dict[str, str]:
        return {m.as_written: m.entity.name for m in builtin.find_mentions(text, year=year)}

    # a surname the data gives to one person of the year, with initials that are not his
    assert builtin.lookup("Hermes", year=1973) is not None and builtin.lookup("Kelly", year=1978) is not None
    assert builtin.lookup("M.D. Hermes", year=1973) is None
    assert names("Then M.D. Hermes spoke.", 1973) == {}
    assert builtin.lookup("E. Kelly", year=1978) is None
    # initials that fit (a middle one, a Russian one, transliterated), "M." for Monsieur
    found = names("D. Roosevelt, I.V. Stalin, Yu. V. Andropov and M. Clemenceau; Henry A. Kissinger", 1960)
    assert found["D. Roosevelt"] == "Franklin D. Roosevelt" and found["I.V. Stalin"] == "Joseph Stalin"
    assert found["Yu. V. Andropov"] == "Yuri Andropov" and "M. Clemenceau" in found
    assert builtin.lookup("И.В. Сталина", year=1950).entity.name == "Joseph Stalin"  # type: ignore[union-attr]
    assert builtin.lookup("F. L. Polk", year=1918).entity.name == "Frank Lyon Polk"  # type: ignore[union-attr]


def test_a_short_surname_on_a_capitals_line_is_a_name_when_it_is_no_english_word(builtin: Authority) -> None:
    def names(text: str, year: int) -> dict[str, str]:
        return {m.as_written: m.entity.name for m in builtin.find_mentions(text, year=year)}

    assert names("HIS CRITICISM OF SADAT WAS MEASURED AND HE", 1979) == {"SADAT": "Anwar Sadat"}
    assert "DEAL" not in names("THE DEAL WAS MADE IN THE END AND HE LEFT", 1979)


def test_president_and_a_surname_is_the_president_of_the_year(builtin: Authority) -> None:
    found = {m.as_written: m for m in builtin.find_mentions("It was President Johnson's answer.", year=1966)}
    johnson = found["Johnson"]
    assert johnson.entity.name == "Lyndon B. Johnson" and johnson.rule == "president_by_date"


def test_a_surname_after_another_name_word_is_part_of_a_longer_name(builtin: Authority) -> None:
    def names(text: str, year: int) -> dict[str, str]:
        return {m.as_written: m.entity.name for m in builtin.find_mentions(text, year=year)}

    assert "Simon" in names("Then Simon arrived.", 1975) or builtin.lookup("Simon", year=1975) is not None
    assert "Simon" not in names("Dr. Luiz Simon and Sec. Eduardo Roxo", 1975)  # not William E. Simon
    assert "Dimitrov" not in names("He met Ivan Dimitrov there.", 1965)  # not Georgi Dimitrov
    assert names("Comrade Dimitrov spoke.", 1948) == {"Dimitrov": "Georgi Dimitrov"}  # a title before
    assert names("to the Ambassador in Pyongyang Shtykov", 1948)["Shtykov"] == "Terenty Shtykov"  # a place


def test_a_given_name_and_patronymic_name_the_one_person_who_bears_both(builtin: Authority) -> None:
    def person(text: str, year: int | None) -> str | None:
        found = builtin.lookup(text, year=year)
        return found.entity.name if found is not None else None

    assert person("Nikita Sergeevich", 1960) == "Nikita Khrushchev"  # written Sergeyevich in the data
    assert person("Leonid Ilich", 1975) == "Leonid Brezhnev"  # "Brezhnev, Leonid Ilyich" of FRUS
    assert person("Nikita Sergeevich", None) is None  # undated: not decided
    assert person("Andrei Andreevich", 1960) is None  # more than one person bears both


def test_russian_names_and_initials_choose_among_the_persons_of_a_surname(builtin: Authority) -> None:
    from cablegraph.resolve.transliterate import russian_to_latin

    assert russian_to_latin("В. Павлову") == "V. Pavlov" and russian_to_latin("Хрущёв") == "Khrushchev"
    assert russian_to_latin("Pavlov") is None
    assert builtin.lookup("Pavlov", year=1942) is None  # several persons of the surname
    for written in ("V. Pavlov", "В. Павлов"):
        found = builtin.lookup(written, year=1942)
        assert found is not None and found.entity.name == "Vladimir Nikolayevich Pavlov", written
        assert found.rule == "archive_surname+initials"


def test_initials_after_a_surname_stay_on_its_line(builtin: Authority) -> None:
    found = builtin.find_mentions("FOR SPRINGSTEEN AND BREMER AND EAGLEBURGER\nE.O. 11652: GDS", year=1975)
    assert [m.as_written for m in found][-1] == "EAGLEBURGER"
    assert [m.as_written for m in builtin.find_mentions("STALIN I.V. said", year=1950)] == ["STALIN I.V."]


def test_cable_titles_stand_before_names(builtin: Authority) -> None:
    found = {m.as_written: m.entity.name for m in builtin.find_mentions(
        "SECY VANCE HAD GIVEN THE TEXT TO DOBRYNIN. THIS ENABLED HIM TO MAKE", year=1977)}
    assert found.get("VANCE") == "Cyrus Vance" and found.get("DOBRYNIN") == "Anatoly Dobrynin"
