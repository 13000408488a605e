"""Names no list holds: recognition, filtering against the authority, clusters, the command.

Independent of the NER models: the rule-based recognizer runs everywhere; spaCy and natasha
are tested only where the optional `.[ner]` extra is installed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cablegraph.cli import main
from cablegraph.resolve import Authority
from cablegraph.resolve.enrich import (
    ByLanguage,
    CapitalsRecognizer,
    DocNames,
    Found,
    _cleared_by,
    _in_a_titled_list,
    _lists_of_persons,
    _one_case_of_lines,
    _person_shaped,
    _vietnamese,
    _vietnamese_names,
    cluster,
    names_in,
    page_blocks,
    recase,
    recognizer,
)

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "examples" / "pages" / "seeds"
REAL = ROOT / "tests" / "fixtures" / "quality" / "real"


@pytest.fixture(scope="module")
def auth() -> Authority:
    return Authority.builtin()


def test_recase_keeps_offsets() -> None:
    text = "PENG DEHUAI met Kim Il Sung and the UN."
    assert recase(text) == "Peng Dehuai met Kim Il Sung and the Un."
    assert len(recase(text)) == len(text)
    # plain English words of a telegram in capitals go to lower case: a model reads a sentence
    line = "SUBJ: DISCUSSION WITH PRINCE SAUD ON PEACE NEGOTIATIONS"
    assert recase(line) == "Subj: discussion with Prince Saud on Peace Negotiations"


def test_capitals_finds_persons_after_titles_and_initials_only() -> None:
    text = "Ambassador Chai Junwu met V. M. Razin.\nMinister of Foreign Affairs Staff arrived."
    found = [(f.text, f.kind) for f in CapitalsRecognizer().find(text, "en")]
    assert found == [("Chai Junwu", "person"), ("V. M. Razin", "person")]


def test_names_in_keeps_only_what_the_authority_does_not_know(auth: Authority) -> None:
    text = "Ambassador Chai Junwu met Comrade Kim Il Sung and Comrade Vissarionovich Stalin. Top Secret."
    text = text.replace("Top Secret.", "TOP SECRET.")
    result = names_in("doc:1", [("en", text)], auth, CapitalsRecognizer(), year=1950)
    assert result.unknown == [("Chai Junwu", "person")]
    assert "person:kim-il-sung" in result.entities and "person:stalin" in result.entities
    assert result.chars == len(text)


def test_clusters_join_scripts_case_endings_and_a_lone_surname() -> None:
    results = [
        DocNames("d1", [("Chai Junwu", "person"), ("Chai", "person")], ["person:zhou-enlai"]),
        DocNames("d2", [("CHAI JUNWU", "person")], ["person:zhou-enlai", "person:mao-zedong"]),
        DocNames("d3", [("Чай Цзюньу", "person"), ("Araushkina", "person")], []),
        DocNames("d4", [("Араушкина", "person"), ("ARAUSHKIN", "person")], []),
    ]
    chai, araushkin = cluster(results)
    assert chai.name == "Chai Junwu" and len(chai.documents) == 3
    assert chai.forms == {"Chai Junwu": 1, "CHAI JUNWU": 1, "Чай Цзюньу": 1, "Chai": 1}
    assert chai.to_json()["with"][0] == "person:zhou-enlai"
    assert araushkin.documents == {"d3", "d4"} and sum(araushkin.forms.values()) == 3
    record = chai.record()
    assert (record["id"], record["kind"], record["name"]) == ("person:chai-junwu", "person", "Chai Junwu")
    assert {n["text"] for n in record["names"]} == {"CHAI JUNWU", "Чай Цзюньу", "Chai"}
    from cablegraph.resolve.validate import check_records

    assert check_records([record, araushkin.record()]) == []


def test_enrich_command_is_resumable_and_runs_on_two_cores(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    ingest = runner.invoke(main, ["ingest", str(SEEDS), "--db", db, "--format", "json"])
    assert ingest.exit_code == 0, ingest.output
    state = tmp_path / "state.jsonl"
    args = ["enrich", "--db", db, "--passes", "names", "--ner", "capitals", "--state", str(state),
            "--jobs", "2"]
    drafts = tmp_path / "candidates.json"
    first = runner.invoke(main, [*args, "--records", str(drafts)])
    assert first.exit_code == 0, first.output
    assert Authority.check(drafts) == []  # draft records a curator can edit and load
    done = [json.loads(line) for line in state.read_text(encoding="utf-8").splitlines()]
    assert len(done) == len({d["doc"] for d in done}) == 5
    assert "5 documents (5 read now" in first.output
    again = runner.invoke(main, [*args, "--format", "json"])
    assert again.exit_code == 0, again.output
    assert len(state.read_text(encoding="utf-8").splitlines()) == 5  # nothing read twice
    for line in again.stdout.splitlines():
        if line.startswith("{"):
            candidate = json.loads(line)
            assert candidate["documents"] >= 1 and candidate["forms"]


def test_a_torn_state_line_is_read_again(tmp_path: Path) -> None:
    from cablegraph.cli_enrich import _done

    state = tmp_path / "s.jsonl"
    whole = '{"doc": "a", "unknown": [], "entities": [], "chars": 3}\n'
    state.write_text(whole + '{"doc": "b", "unkn', encoding="utf-8")
    assert [d.doc_id for d in _done(state)] == ["a"]


def test_spacy_and_natasha_where_installed(auth: Authority) -> None:
    pytest.importorskip("spacy")
    pytest.importorskip("natasha")
    from cablegraph.resolve.enrich import recognizer

    found_by = recognizer("auto")
    english = names_in("e", [("en", "PENG DEHUAI met Chai Junwu in Pyongyang.")], auth, found_by, year=1950)
    assert ("Chai Junwu", "person") in english.unknown and "person:peng-dehuai" in english.entities
    text = "Посол Чай Цзюньу встретился с Ким Ир Сеном."
    russian = names_in("r", [("ru", text)], auth, found_by, year=1950)
    assert any(kind == "person" and form.startswith("Чай") for form, kind in russian.unknown)


def test_person_names_lose_office_words_and_words_of_the_page(auth: Authority) -> None:
    text = (
        "Ambassador Lee Dong Spokesman arrived. Ambassador Amembassy Budapest replied. "
        "Ambassador Coded Telegram followed; the coded telegram was read. Ambassador Chai Junwu "
        "came with Mr. Vietnam Situation, a situation we know."
    )
    result = names_in("doc:1", [("en", text)], auth, CapitalsRecognizer(), year=1972)
    assert [form for form, _ in result.unknown] == ["Lee Dong", "Chai Junwu"]
    # a single word in capitals: after a title on a telegram in capitals, a name
    cable = "YUGOSLAV AMBASSADOR SMOLE, WHO CALLED ON THE MINISTER. KCIA STAFF WERE THERE."
    recognized = names_in("doc:2", [("en", cable)], auth, CapitalsRecognizer(), year=1976)
    assert recognized.unknown == [("SMOLE", "person")]
    # a line in capitals: names are made of words some person bears, or follow a title
    from cablegraph.resolve.enrich import _named_in_capitals

    line = "PRINCE SAUD SHOWED FILM CLIPS TO GEORGE SHERMAN."
    assert _named_in_capitals("GEORGE SHERMAN", line, line.index("GEORGE"), auth)
    assert not _named_in_capitals("FILM CLIPS", line, line.index("FILM"), auth)
    assert _named_in_capitals("SAUD", line, line.index("SAUD"), auth)  # after a title
    assert _named_in_capitals("Film Clips", "Film Clips of the war", 0, auth)  # not a line in capitals
    # what a model may take for a person: an acronym in a text in lower case, a verb of the page
    assert not _person_shaped("KCIA", "Lee of the KCIA said so.", 12)
    assert _person_shaped("Darusenkov", "Darusenkov said so.", 0)
    assert not _person_shaped("Saud Said", "Saud Said he said so.", 0)


def test_unknown_names_are_stored_as_mentions_with_their_spans(tmp_path: Path) -> None:
    from cablegraph.store.facets import facet_values
    from cablegraph.store.sqlite import SQLiteStore

    db = str(tmp_path / "c.db")
    runner = CliRunner()
    page = "journal-soviet-ambassador-dprk-am-puzanov-4-june-1960.txt"  # names D. A. Priyemsky
    ingest = runner.invoke(main, ["ingest", str(REAL / "wilson" / page), "--db", db, "--format", "json"])
    assert ingest.exit_code == 0, ingest.output
    with SQLiteStore(db) as store:
        before = {d.id: (d.version, len(d.data.get("mentions") or [])) for d in store.documents()}
    state = str(tmp_path / "s.jsonl")
    args = ["enrich", "--db", db, "--passes", "names", "--ner", "capitals", "--state", state]
    assert runner.invoke(main, args).exit_code == 0
    with SQLiteStore(db) as store:
        docs = list(store.documents())
    added = [(d, m) for d in docs for m in d.data["mentions"] if m["rule"] == "ner:capitals"]
    assert added, "the seeds name people the authority lacks"
    for doc, mention in added:
        page = doc.texts[0]
        assert page[mention["start"] : mention["stop"]] == mention["text"]  # the span is the name's
        assert mention["entity_id"] is None and mention["kind"] in ("person", "place", "organization")
        assert doc.version == before[doc.id][0] + 1
        if mention["kind"] == "person":
            assert ("person", mention["text"]) in facet_values(doc.data)  # it reaches the facets
    # the curators' list of unresolved names holds them
    listed = runner.invoke(main, ["people", "--db", db, "--unresolved", "--format", "json", "--limit", "900"])
    assert listed.exit_code == 0, listed.output
    lines = [json.loads(line) for line in listed.stdout.splitlines() if line.startswith("{")]
    forms = {form for line in lines for form in line["forms"]}
    assert {m["text"] for _, m in added if m["kind"] == "person"} <= forms
    # a rerun (state file gone) adds nothing twice
    (tmp_path / "s.jsonl").unlink()
    assert runner.invoke(main, args).exit_code == 0
    with SQLiteStore(db) as store:
        again = {d.id: len(d.data["mentions"]) for d in store.documents()}
    assert again == {d.id: len(d.data["mentions"]) for d in docs}


def test_the_page_between_blocks_is_read_and_institutions_are_no_persons(auth: Authority) -> None:
    from cablegraph.resolve.enrich import page_blocks

    page = "Telegram text here.\nTranslated by Sergey Radchenko for the Leon Levy Foundation.\n"
    blocks, starts = page_blocks(page, [(0, 19, "en")])
    assert blocks == [("en", "Telegram text here."), (None, page[19:])] and starts == [0, 19]
    result = names_in("d", [(None, "Mr. Leon Levy Foundation and Mr. Sergey Radchenko met.")], auth,
                      CapitalsRecognizer(), year=1998)
    assert result.unknown == [("Sergey Radchenko", "person")]


def test_capitals_reads_family_names_first_digraph_initials_and_speakers() -> None:
    text = ("Cabinet Secretary HAN Wung-shik arrived with G. Ye. Samsonov. Riad tells Brezhnev of the talks."
            "\nThe Embassy said nothing. Si. similar cases.")
    found = [f.text for f in CapitalsRecognizer().find(text, "en")]
    assert found == ["HAN Wung-shik", "G. Ye. Samsonov", "Riad"]


def test_a_lone_unknown_word_needs_a_person_who_bears_it_or_a_title_or_speech(auth: Authority) -> None:
    from cablegraph.resolve.enrich import _lone_name

    text = "Assassins struck. Darusenkov said so. Ambassador Darusenkov left. Sherman came."
    assert not _lone_name("Assassins", text, 0, auth)
    assert _lone_name("Darusenkov", text, text.index("Darusenkov"), auth)  # before a verb of speech
    assert _lone_name("Darusenkov", text, text.rindex("Darusenkov"), auth)  # after a title
    assert _lone_name("Sherman", text, text.index("Sherman"), auth)  # a surname archive persons bear


def test_an_archive_surname_the_model_finds_must_read_so_in_running_text(auth: Authority) -> None:
    from cablegraph.resolve.enrich import _in_running_text

    stamp = "E.O. 12065: RDS-4 6/5/99 (GERLACH, FREDERICK H.) OR-M"
    frederick = auth.lookup("FREDERICK", year=1979)
    assert frederick is not None and frederick.rule.startswith("archive_surname")  # lookup alone says yes
    at = stamp.index("FREDERICK")
    assert _in_running_text(auth, stamp, at, "FREDERICK", frederick.entity.id, 1979) is None
    text = "Ball said so."
    ball = auth.lookup("Ball", year=1962)
    assert ball is not None
    kept = _in_running_text(auth, text, 0, "Ball", ball.entity.id, 1962)
    assert kept is not None and kept.entity.id == "person:hs-100810"


class _Listed:
    """A recognizer that reports the given person names wherever they occur (what a model may
    answer), so that the filters after recognition are tested without a model."""

    name = "listed"

    def __init__(self, *names: str) -> None:
        self.names = names

    def find(self, text: str, lang: str | None) -> list[Found]:
        found = []
        for name in self.names:
            at = text.find(name)
            while at >= 0:
                found.append(Found(at, at + len(name), "person", name))
                at = text.find(name, at + 1)
        return sorted(found, key=lambda f: f.start)


def test_common_english_words_are_no_unknown_names(auth: Authority) -> None:
    cable = ("GISCARD WILL BE FOCUSSING ON THE CURRENT MAJOR WORLD ISSUES.\nTHE SURVEY WAS VERY GOOD.\n"
             "YUGOSLAV AMBASSADOR SMOLE CALLED.")
    found = names_in("c", [("en", cable)], auth, _Listed("WORLD ISSUES", "VERY GOOD", "SMOLE"), year=1978)
    assert found.unknown == [("SMOLE", "person")]
    text = ("Oleg Darusenkov Comments on the talks. X. Implementation of the report. "
            "Counsellors V. I. Pelishenko came. See the Manuscript Division and the Dulles Papers. "
            "Japanese and Section were there.")
    listed = _Listed("Oleg Darusenkov Comments", "X. Implementation", "Counsellors V. I. Pelishenko",
                     "Manuscript Division", "Dulles Papers", "Japanese", "Section")
    found = names_in("d", [("en", text)], auth, listed, year=1964)
    assert [form for form, _ in found.unknown] == ["Oleg Darusenkov", "V. I. Pelishenko"]
    assert found.entities == []  # "Dulles Papers" is a collection, not Dulles


def test_a_name_the_recognizer_cut_short_is_the_person_of_the_whole_name(auth: Authority) -> None:
    text = "Present: Cde. Yu. V. Andropov and others."
    found = names_in("e", [("en", text)], auth, _Listed("V. Andropov"), year=1981)
    assert found.unknown == [] and found.entities == ["person:andropov"]


def test_a_lone_word_in_a_list_of_known_persons_is_a_name(auth: Authority) -> None:
    from cablegraph.resolve.enrich import _lone_name

    text = "To Cdes. Gromyko, Ponomarev, and Popova (orders of Cde N.S. Khrushchev). Assassins, and more."
    assert _lone_name("Popova", text, text.index("Popova"), auth)
    assert not _lone_name("Assassins", text, text.index("Assassins"), auth)


def test_a_given_name_and_the_word_after_it_are_a_name_the_recognizer_missed(auth: Authority) -> None:
    text = ("He looked at Leonid Baranov all along. Then Leonid Brezhnev spoke of Victoria Station "
            "and George Street.")
    found = names_in("f", [("en", text)], auth, _Listed(), year=1948)
    assert found.unknown == [("Leonid Baranov", "person")]  # Station, Street: words; Brezhnev: known
    assert "person:brezhnev" in found.entities


def test_a_spaced_dash_ends_what_comes_before_a_name(auth: Authority) -> None:
    text = "Москва. Перевел – В. Павлов. Разослано."
    found = names_in("g", [("en", text)], auth, _Listed("Перевел – В. Павлов"), year=1942)
    assert found.unknown == [] and found.entities == ["person:hs-110465"]


def test_telegraphese_acronyms_and_a_given_name_with_initials_are_no_names(auth: Authority) -> None:
    text = ("Tags: OVIP (KISSINGER, HENRY A.) Chi Commie forces moved. The KC PZPR met. "
            "Translated by E. G. Duman.")
    listed = _Listed("HENRY A.", "Chi Commie", "KC PZPR", "E. G. Duman")
    found = names_in("h", [("en", text)], auth, listed, year=1973)
    assert [form for form, _ in found.unknown] == ["E. G. Duman"]


def test_a_footnote_mark_glued_to_a_name_is_no_part_of_it(auth: Authority) -> None:
    text = "A government of Hu Shih72 and others."
    found = names_in("i", [("en", text)], auth, _Listed("Hu Shih72"), year=1947)
    assert found.unknown == [("Hu Shih", "person")]


class _AsPlaces(_Listed):
    """A recognizer that takes the given names for places (as a small model may)."""

    def find(self, text: str, lang: str | None) -> list[Found]:
        return [Found(f.start, f.stop, "place", f.text) for f in super().find(text, lang)]


def test_a_place_made_of_persons_name_words_is_a_person(auth: Authority) -> None:
    text = "A government of Hu Shih and others, far from New Delhi and Kuala Lumpur."
    found = names_in("j", [("en", text)], auth, _AsPlaces("Hu Shih", "New Delhi", "Kuala Lumpur"), year=1947)
    assert ("Hu Shih", "person") in found.unknown
    assert all(kind == "place" for form, kind in found.unknown if form != "Hu Shih")


def test_a_place_that_is_no_place_but_a_persons_surname_is_that_person(auth: Authority) -> None:
    # frus1969-76v32-d64 (1970): a model types "Semenov" a place
    text = "Semenov was a Deputy Foreign Minister and it was hard for a mere Ambassador. In Moscow."
    found = names_in("k", [("en", text)], auth, _AsPlaces("Semenov", "Moscow"), year=1970)
    assert ("Semenov", "person") in found.unknown  # a person's name, for the curators
    assert "place:moscow" in found.entities and ("Moscow", "person") not in found.unknown


def test_a_telegrams_signature_before_its_source_note_is_a_person(auth: Authority) -> None:
    # frus1955-57v25-d154 (1956): three Barneses in the record, none chosen; the name is kept
    text = ("At moment, we have no stronger suggestion than immediate protest to Moscow.\nBarnes\n"
            "- Source: Department of State, Central Files, 661.68/11-156. Confidential.\n"
            "Moscow\n- Source: a place is no signer.\nDulles\n- Source: Central Files.")
    found = names_in("t", [("en", text)], auth, _Listed(), year=1956)
    assert ("Barnes", "person") in found.unknown and (text.index("Barnes"), text.index("Barnes") + 6,
                                                      "Barnes", "person") in found.spans
    assert "person:dulles" in found.entities
    assert not any(form == "Moscow" and kind == "person" for form, kind in found.unknown)


def test_a_surname_alone_is_the_person_the_page_names_in_full(auth: Authority) -> None:
    text = "President Hugo Chavez met the Senators. Later Chavez explained his plans to Dodd."
    found = names_in("k", [("en", text)], auth, _Listed("Chavez", "Dodd"), year=None,
                     known=["person:hs-102439"])
    assert [form for form, _ in found.unknown] == ["Dodd"]
    assert all(span[2] != "Chavez" for span in found.spans)


def test_a_family_name_and_hyphenated_syllables_are_a_name(auth: Authority) -> None:
    text = "He met Kim Tae-hui there; the Anglo-American talks and New York-based firms went on."
    found = names_in("l", [("en", text)], auth, _Listed(), year=1972)
    assert found.unknown == [("Kim Tae-hui", "person")]


def test_a_romanised_russian_title_is_no_person() -> None:
    from cablegraph.resolve.enrich import _russian_title

    for title in ("Sovetsko-Kitaiskie Otnosheniia", "Russkoe Slovo", "Istoriia Sovetskogo"):
        assert _russian_title(title), title
    for person in ("Raisa Mirovitskaia", "Andrei Ledovskii", "Vladimir Miasnikov", "Pyotr Abrasimov"):
        assert not _russian_title(person), person


def test_a_footnote_mark_does_not_part_a_name_from_its_verb(auth: Authority) -> None:
    text = "On Tuesday before noon Baranov[2] phoned to say that the others should stay put."
    result = names_in("doc:1", [("en", text)], auth, CapitalsRecognizer(), year=1948)
    assert ("Baranov", "person") in result.unknown
    alone = names_in("doc:2", [("en", "On Tuesday Baranov[2] came.")], auth, CapitalsRecognizer(), year=1948)
    assert ("Baranov", "person") not in alone.unknown  # no title, no verb of speech: not enough


def test_vietnamese_prose_is_read_by_the_shape_of_its_words(auth: Authority) -> None:
    text = ("Thư Grigoryan gửi đồng chí Stalin về việc Hồ Chí Minh chuẩn bị về nước\n"
            "Bản sao gửi cho đồng chí Malenkov. Liên Xô và Đảng Cộng sản Việt Nam.\n"
            "Bùi Xuân Bách sưu tầm, dịch. Từ Bắc Kinh tới chỗ chúng tôi.")
    assert _vietnamese(text) and not _vietnamese("President Nguyễn Văn Thiệu met Ambassador Bunker today.")
    names = [f.text for f in _vietnamese_names(text)]
    assert names == ["Grigoryan", "Stalin", "Hồ Chí Minh", "Malenkov", "Bùi Xuân Bách"]
    # no place, party or common word of the prose: "Liên Xô", "Đảng Cộng", "Từ Bắc Kinh", "Thư"
    found = names_in("d", [("en", text)], auth, recognizer("capitals"), year=1952)
    assert {form for form, _ in found.unknown} <= {"Grigoryan", "Bùi Xuân Bách"}


def test_a_block_of_english_and_vietnamese_lines_reads_each_in_its_language() -> None:
    capitals = CapitalsRecognizer()
    text = ("Comrade Minister Lisowski asked.\nĐồng chí Bộ trưởng hỏi Grigoryan về việc này.\n"
            "Ambassador Berger replied.\n")
    found = ByLanguage(capitals, capitals).find(text, "en")
    assert all(text[f.start:f.stop] == f.text for f in found)
    line = text.index("Đồng")
    assert [f.text for f in found if line <= f.start < text.index("Ambassador")] == ["Grigoryan"]
    assert {"Lisowski", "Berger"} <= {f.text.split()[-1] for f in found}


def test_a_surname_in_brackets_after_an_office_is_a_person() -> None:
    text = ("Memorandum From the Director of Central Intelligence (Souers) to the Secretary of "
            "State’s Special Assistant for Research and Intelligence (McCormack). Forwarded by the "
            "British Minister (Balfour). See the letter (Tab B), the Embassy (Annex) and Moscow (Tass).")
    assert [f.text for f in CapitalsRecognizer().find(text, "en")] == ["Souers", "McCormack", "Balfour"]


def test_a_cables_clearance_lines_name_officers_by_initials_glued_to_surnames(auth: Authority) -> None:
    text = ("5. EMBASSY SHOULD ALSO INFORM SOVIETS. KISSINGER\nUNCLASSIFIED\n"
            "DRAFTED BY CU/EE:JMJOYCE:BJE\nAPPROVED BY CU/EE:YRICHMOND\nEUR/SOV:GWOLFE\n"
            "NTL ARCHIVES:JBYRNES (PHONE)\nDESIRED DISTRIBUTION\nUSIA/IEU:SDEMITZ\nSUBJECT:TRADE\n")
    found = _cleared_by(text, auth, 1976)
    assert [(text[at:at + len(form)], form) for at, form, _ in found] == [
        ("JMJOYCE", "JMJOYCE"), ("YRICHMOND", "YRICHMOND"), ("GWOLFE", "GWOLFE"),
        ("JBYRNES", "JBYRNES"), ("SDEMITZ", "SDEMITZ")]  # not "TRADE": no clearance line
    names = {form: entity for _, form, entity in found}
    for form, entity_id in (("JMJOYCE", names["JMJOYCE"]), ("YRICHMOND", names["YRICHMOND"])):
        entity = auth.get(entity_id) if entity_id else None
        assert entity is not None and entity.name.casefold().endswith(form[-5:].casefold()), form
        assert entity.name[0] == form[0]
    assert names["SDEMITZ"] is None  # no archive person of that name: an unknown name
    assert _cleared_by(text, auth, None)[0][2] is None  # without a year, no surname is chosen
    unknown = names_in("d", [("en", text)], auth, CapitalsRecognizer(), year=1976).unknown
    assert ("SDEMITZ", "person") in unknown


def test_a_clearance_line_may_part_office_and_officer_by_a_dash_or_write_him_apart(auth: Authority) -> None:
    text = ("DRAFTED BY S/S-O: G. TWOHIE\nAPPROVED BY S/S -SRFRY\nP - MR. RAPHEL\nS/S-EX - WLITTREL\n"
            "NEA/IRN - HENRY PRECHT\nPAGE - TWO\n--------------------- 027450\n")
    found = _cleared_by(text, auth, 1974)
    assert [form for _, form, _ in found] == ["G. TWOHIE", "SRFRY", "MR. RAPHEL", "WLITTREL", "HENRY PRECHT"]
    names = {form: entity for _, form, entity in found}
    precht = auth.get(names["HENRY PRECHT"] or "")
    assert precht is not None and precht.name.endswith("Precht")  # apart: looked up as written
    assert names["G. TWOHIE"] is None  # no one of that name: an unknown name
    for at, form, _ in found:
        assert text[at : at + len(form)] == form
    assert _cleared_by("SUBJECT - TRADE MISSION\n", auth, 1974) == []  # a heading is no office


def test_the_state_department_archive_banner_is_no_document_text(auth: Authority) -> None:
    banner = ("Great Seal The State Department web site below is a permanent electronic archive of "
              "information released prior to January 20, 2001.  Please see www.state.gov for material "
              "released since President George W. Bush took office on that date.  This site is not "
              "updated.\n\n")
    page = banner + "Memorandum From Secretary of State Rusk to President Johnson. Rostow said so."
    blocks, starts = page_blocks(page, [(len(banner), len(page), "en")])
    assert starts == [0, len(banner)] and len(blocks[0][1]) == len(banner)  # offsets stay
    assert "Bush" not in blocks[0][1] and "Great Seal" in blocks[0][1]
    found = names_in("d", blocks, auth, CapitalsRecognizer(), year=1968, starts=starts)
    assert not any("Bush" in form for form, _ in found.unknown)


def test_a_surname_after_an_editors_bracket_with_its_given_name_is_a_person(auth: Authority) -> None:
    text = ("To: [Foreign Ministry Director Eugeniusz] MILNIKIEL 1\n"
            "In case [Fidel] Castro continues, the [US] administration and [Page 170] Report wait.")
    names = [f.text for f in CapitalsRecognizer().find(text, "en")]
    assert "MILNIKIEL" in names and "Castro" in names
    assert not {"administration", "Report"} & set(names)  # "[US]", "[Page 170]": no given name
    found = names_in("d", [("en", text)], auth, CapitalsRecognizer(), year=1962)
    assert ("MILNIKIEL", "person") in found.unknown


def test_a_plural_title_titles_every_name_of_its_list() -> None:
    text = "Messrs. Reams and Edgar have been consulted by Messrs. Montague and Ruddock in this regard."
    assert _in_a_titled_list(text, text.index("Ruddock")) and _in_a_titled_list(text, text.index("Edgar"))
    assert not _in_a_titled_list(text, text.index("regard"))
    plain = "The Montague and Ruddock families met."
    assert not _in_a_titled_list(plain, plain.index("Ruddock"))


def test_a_models_organisation_that_lists_known_persons_is_a_list_of_persons(auth: Authority) -> None:
    text = "according to Cline, Wisner and Angleton opposed it; Moscow, Peking and Hanoi agreed."
    org = Found(13, 26, "org", "Cline, Wisner")
    places = Found(text.index("Moscow"), text.index("Hanoi") + 5, "place", "Moscow, Peking and Hanoi")
    out = _lists_of_persons([org, places], auth, 1956)
    assert [(f.text, f.kind) for f in out] == [
        ("Cline", "person"), ("Wisner", "person"), (places.text, "place")]
    assert all(text[f.start:f.stop] == f.text for f in out)


def test_vietnamese_names_in_english_prose_with_or_without_their_marks() -> None:
    text = ("after the visit of the Le Thanh Nghi delegation, Ha Long Bay and Le Monde; "
            "Đảng Cộng sản, Trận dân tộc; Nguyễn Minh Tiến met Cde. Le Duan.")
    names = [f.text for f in CapitalsRecognizer().find(text, "en")]
    assert {"Le Thanh Nghi", "Nguyễn Minh Tiến", "Le Duan"} <= set(names)
    assert not any(n.startswith(("Ha Long", "Le Monde", "Đảng", "Trận")) for n in names)


def test_a_foreign_word_in_vietnamese_prose_is_a_name_alone(auth: Authority) -> None:
    text = ("Thư Grigoryan gửi đồng chí Stalin về việc Hồ Chí Minh chuẩn bị về nước.\n"
            "Bản sao gửi cho đồng chí Malenkov. Liên Xô và Đảng Cộng sản.")
    capitals = CapitalsRecognizer()
    found = names_in("d", [(None, text)], auth, ByLanguage(capitals, capitals), year=1952)
    assert [form for form, _ in found.unknown] == ["Grigoryan"]
    english = "The Grigoryan file was sent to Moscow by the embassy today, the clerk wrote."
    found = names_in("d", [("en", english)], auth, ByLanguage(capitals, capitals), year=1952)
    assert found.unknown == []


def test_institutions_named_in_other_languages_are_no_persons(auth: Authority) -> None:
    text = ("Stiftung Archiv der Parteien und Massenorganisationen der DDR, Berlin. The watch on "
            "Prensa Latina broadcasts was set up. Comrade Prensa Latina said. Mr. Ralph Ostrowski said.")
    found = names_in("d", [("en", text)], auth, CapitalsRecognizer(), year=1962)
    forms = [form for form, _ in found.unknown]
    assert "Ralph Ostrowski" in forms and not any("Prensa" in f or "Stiftung" in f for f in forms)


def test_a_title_glued_to_a_name_by_ocr_still_titles_it() -> None:
    text = "reaction to (1) PresidentKennedy's 22 October speech and AmbassadorThompson, Presidential aides."
    names = [f.text for f in CapitalsRecognizer().find(text, "en")]
    assert "Kennedy" in names and "Thompson" in names and "ial" not in " ".join(names)


def test_a_name_across_lines_of_two_cases_keeps_the_last_lines_case() -> None:
    assert _one_case_of_lines("PROBLEM AREAS\nSheryl") == "Sheryl"
    assert _one_case_of_lines("Sheryl P. Walter\nDESERVE FRANK") == "DESERVE FRANK"
    assert _one_case_of_lines("MIKE VAN\nDUSEN") == "MIKE VAN\nDUSEN"  # one case: one name
    assert _one_case_of_lines("Hugo\nChavez") == "Hugo\nChavez"


def test_a_cable_line_does_not_join_the_stamp_below_it(auth: Authority) -> None:
    text = ("WITH HIM, ARE FUNDAMENTALLY SOUND. THESE PROBLEM AREAS\n"
            "Sheryl P. Walter Declassified/Released US Department of State EO Systematic Review\n")
    unknown = names_in("d", [("en", text)], auth, CapitalsRecognizer(), year=1978).unknown
    assert not any("\n" in form or "AREAS" in form.upper() for form, _ in unknown), unknown


class _Finds:
    """A recognizer that finds the given spans as persons (as a model might)."""

    def __init__(self, *names: str) -> None:
        self.names = names

    def find(self, text: str, lang: str | None) -> list[Found]:
        out = []
        for name in self.names:
            at = text.find(name)
            if at >= 0:
                out.append(Found(at, at + len(name), "person", name))
        return out


def test_the_foreign_offices_archive_cited_as_pola_aa_is_no_person(auth: Authority) -> None:
    text = "Digital Archive, PolA AA, MfAA, C 1080/78. Obtained by Bernd Schaefer."
    found = names_in("d", [("en", text)], auth, _Finds("PolA AA", "Bernd Schaefer"), year=1972)
    assert [form for form, _ in found.unknown] == ["Bernd Schaefer"]


def test_one_word_in_a_capitals_cable_that_speaks_is_a_name(auth: Authority) -> None:
    text = ("3. AS AGREED, I CALLED ON HIM TO GIVE HIM A RUNDOWN ON YOUR BACKGROUND TALKS.\n"
            "AGAH SAID THE MINISTER DEFINITELY PLANS TO ATTEND UNGA BUT DATES ARE NOT SET.\n"
            "DCI SAID THE MEETING WOULD BE HELD AT THE DEPARTMENT NEXT WEEK AS PLANNED.\n")
    unknown = names_in("d", [("en", text)], auth, _Finds("AGAH", "DCI"), year=1979).unknown
    assert unknown == [("AGAH", "person")]  # "DCI": an acronym of three letters speaks for an office


def test_one_word_after_an_office_noun_is_a_name(auth: Authority) -> None:
    text = ("Comrade Moskovsky blamed several employees of the Soviet Embassy (he mentioned former "
            "Counselor Kryukov by name), who were wrong.")
    unknown = names_in("d", [("en", text)], auth, _Finds("Kryukov"), year=1964).unknown
    assert unknown == [("Kryukov", "person")]
    plain = names_in("d", [("en", "He mentioned Kryukov by name.")], auth, _Finds("Kryukov"), year=1964)
    assert plain.unknown == []  # a word no list holds, without a title: not a name on its own


def test_a_foreign_word_a_model_takes_twice_for_a_person_in_a_capitals_cable_is_a_name(
    auth: Authority,
) -> None:
    text = ("WE HAVE ARRANGED A LUNCH WITH AGAH AND FARHANG. FARHANG IS HERE IN A TYPICALLY\n"
            "NEBULOUS CULTURAL AFFAIRS POSITION AND WILL HAVE SOME SPOKESMAN RESPONSIBILITIES.\n"
            "CONSTABLE AND I ARE TO LUNCH WITH THE TWO IRANIANS NEXT WEEK. LUNCH WAS GOOD. LUNCH.\n")
    unknown = names_in("d", [("en", text)], auth, _Twice("FARHANG", "LUNCH"), year=1979).unknown
    assert ("FARHANG", "person") in unknown
    assert not any(form == "LUNCH" for form, _ in unknown)  # an English word, however often
    once = names_in("d", [("en", text)], auth, _Finds("FARHANG"), year=1979).unknown
    assert once == []  # once only: not enough on a line in capitals


class _Twice(_Finds):
    """A recognizer that finds every place the given words stand as persons."""

    def find(self, text: str, lang: str | None) -> list[Found]:
        return [Found(m.start(), m.end(), "person", m.group())
                for name in self.names for m in re.finditer(rf"\b{name}\b", text)]


def test_a_foreign_word_counts_inside_longer_finds_and_a_cables_caption_is_no_name(auth: Authority) -> None:
    text = ("3. AGAH SAID YAZDI DEFINITELY PLANS TO ATTEND UNGA BUT DATES HAVE NOT BEEN SET.\n"
            "I SAID THAT WOULD DEPEND ON YAZDI'S INTERESTS. IF YAZDI WANTED A BRIEFING, FINE.\n"
            "EXDIS HANDLE AS NODIS. EXDIS CAPTION SHOULD BE READ LITERALLY BY ALL ADDRESSEES.\n")
    finds = _Finds("YAZDI DEFINITELY", "YAZDI'S INTERESTS", "YAZDI WANTED", "EXDIS HANDLE", "EXDIS CAPTION")
    unknown = [form for form, _ in names_in("d", [("en", text)], auth, _AndAlone(finds, "YAZDI", "EXDIS"),
                                            year=1979).unknown]
    assert "YAZDI" in unknown and not any("EXDIS" in form for form in unknown), unknown


class _AndAlone:
    """Another recognizer's finds, plus the given words where they first stand alone."""

    def __init__(self, other: _Finds, *words: str) -> None:
        self.other, self.words = other, words

    def find(self, text: str, lang: str | None) -> list[Found]:
        out = self.other.find(text, lang)
        for word in self.words:
            alone = re.search(rf"\b{word}\b(?![' ]?[A-Z])", text)
            if alone is not None:
                out.append(Found(alone.start(), alone.end(), "person", word))
        return out
