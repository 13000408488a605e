"""The document page (issue 17): the text once, the whole envelope, no links to itself, the
thread by titles, the archive's canonical URL, previous/next in thread and volume, download
buttons, and the metadata the Zotero Connector reads (read here by Zotero's own rules)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient

from cablegraph import corpus as corpus_api
from cablegraph.web.app import create_app
from tests.web.zotero_rules import translate

ROOT = Path(__file__).resolve().parents[2]
FRUS_VOLUME = ROOT / "examples" / "tei" / "frus1951v07p2-excerpt.xml"


def document(server: str, doc_id: str) -> str:
    response = httpx.get(f"{server}/documents/{quote(doc_id, safe='')}", timeout=30)
    assert response.status_code == 200, response.text[:300]
    return response.text


def section(html: str, css_class: str) -> str:
    found = re.search(rf'<(section|nav) class="[^"]*\b{css_class}\b[^"]*"[^>]*>(.*?)</\1>', html, re.S)
    return found.group(2) if found else ""


def text_of(markup: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def test_the_text_is_shown_once_aligned(server: str) -> None:
    html = document(server, "wda:110374")
    # Russian original and English translation: once each, in the aligned table only.
    assert html.count("Ваши телеграммы о перемирии получены") == 1
    assert html.count("Your telegrams about an armistice") == 1
    assert re.findall(r'data-mode="(\w+)"', html)[0] == "aligned"
    assert 'class="raw"' not in html
    assert "\n\n\n" not in "".join(re.findall(r"<pre>(.*?)</pre>", html, re.S))


def test_a_page_without_translation_is_stacked_once(server: str, web_db: str) -> None:
    with corpus_api.open(web_db) as corpus:
        frus = next(d for d in corpus.documents() if d.data.get("archive") == "FRUS")
    html = document(server, frus.id)
    assert re.findall(r'data-mode="(\w+)"', html) == ["stacked"]
    first_words = " ".join(frus.texts[0].split()[60:68])  # body text, not the title
    assert text_of(html).count(first_words) == 1


def test_the_envelope_shows_every_parsed_field(server: str, web_db: str) -> None:
    with corpus_api.open(web_db) as corpus:
        doc = corpus.get("wda:110374")
        assert doc is not None
    env = doc.data["envelope"]
    shown = text_of(section(document(server, "wda:110374"), "envelope"))
    assert f"Number {env['number']}" in shown
    assert f"Destination {env['destination']}" in shown  # parsed, was not shown before
    assert "Channel " + env["channel"][0]["name"] in shown
    assert "Outgoing numbers " + env["outgoing_numbers"][0] in shown
    received = text_of(section(document(server, "wda:110371"), "envelope"))
    assert "Received 1951-06-30T11:30" in received and "Deciphered 1951-06-30T12:00 by Elezov" in received
    assert "Distribution Joseph Stalin (2 copies)" in received


def test_no_self_links_and_the_thread_by_titles(server: str) -> None:
    html = document(server, "wda:110374")
    links = section(html, "links")
    assert "wda:110374#msg" not in html  # a message inside is not a link to another document
    assert 'href="/documents/wda%3A110374"' not in html  # the page never links to itself
    assert "Replies to" in text_of(links) and "Ciphered Telegram No. 21336" in text_of(links)
    thread = section(html, "thread")
    assert re.findall(r"<li>", thread) and "sha256:" not in thread and ">wda:" not in thread
    assert 'aria-current="page"' in thread
    assert "Ciphered Telegram No. 21336 from Beijing, Mao Zedong" in text_of(thread)


def test_previous_and_next_in_the_thread(server: str) -> None:
    first, second = document(server, "wda:110371"), document(server, "wda:110374")
    assert re.search(r'<a class="next" rel="next" href="/documents/wda%3A110374"', first)
    assert re.search(r'<a class="prev" rel="prev" href="/documents/wda%3A110371"', second)
    assert 'rel="prev"' not in first and 'rel="next"' not in second


def test_canonical_archive_url_on_the_page(server: str) -> None:
    html = document(server, "wda:110374")  # a seed without a stated URL: the archive's pattern
    assert '<a class="canonical" href="https://digitalarchive.wilsoncenter.org/document/110374"' in html
    mirror = document(server, "wda:110371")  # read from a mirror: the archive's own address
    assert 'href="https://digitalarchive.wilsoncenter.org/document/110371"' in mirror


def test_download_buttons_give_each_format(server: str) -> None:
    html = document(server, "wda:110374")
    hrefs = [unescape(h) for h in re.findall(r'<a class="download button" href="([^"]+)"', html)]
    assert [h.split("?")[0] for h in hrefs] == [
        "/export/documents.csl.json",
        "/export/documents.ris",
        "/export/documents.bib",
        "/export/documents.tei.xml",
    ]
    ris = httpx.get(server + hrefs[1], timeout=30)
    assert ris.status_code == 200 and "attachment" in ris.headers["content-disposition"]
    fields = dict(re.findall(r"^([A-Z][A-Z0-9])  - (.*)$", ris.text, re.M))
    assert fields["TY"] == "PCOMM" and fields["AU"].startswith("Stalin")
    assert httpx.get(server + hrefs[0], timeout=30).json()[0]["recipient"]


def test_zotero_reads_a_letter_with_authors_recipient_date_archive_and_url(server: str) -> None:
    url = f"{server}/documents/{quote('wda:110374', safe='')}"
    item = translate(document(server, "wda:110374"), url)
    assert item["itemType"] == "letter"
    assert item["title"] == "Ciphered Telegram No. 3917, Filippov [Stalin] to Krasovsky, for Cde. Mao Zedong"
    people = [(c["creatorType"], c["lastName"], c["firstName"]) for c in item["creators"]]
    assert people == [("author", "Stalin", "Joseph"), ("recipient", "Mao", "Zedong")]
    assert item["date"] == "1951-06-30"
    assert item["archive"] == "APRF"
    assert item["archiveLocation"].startswith("APRF, f. 45, op. 1, d. 339, ll. 95-96")
    assert item["url"] == "https://digitalarchive.wilsoncenter.org/document/110374"
    assert item["letterType"] == "Telegram" and item["language"] == "ru"


def test_zotero_keeps_an_office_as_one_name_and_a_report_is_a_manuscript(server: str, web_db: str) -> None:
    with corpus_api.open(web_db) as corpus:
        docs = list(corpus.documents())
    frus = next(d for d in docs if d.data.get("title", "").endswith("to the Joint Chiefs of Staff"))
    item = translate(document(server, frus.id), server + "/documents/" + quote(frus.id, safe=""))
    assert {"creatorType": "recipient", "lastName": "Joint Chiefs of Staff", "firstName": ""} in item[
        "creators"
    ]
    assert item["url"] == server + "/documents/" + quote(frus.id, safe="")  # no archive page: this page
    report = next(d for d in docs if d.data.get("doc_type") == "Report")
    assert translate(document(server, report.id), server)["itemType"] == "manuscript"


def test_the_rules_are_zoteros_not_ours() -> None:
    """The rule copy behaves as Zotero's does on the cases that decided the tags."""
    head = '<html lang="en"><head><title>T</title>{}</head><body></body></html>'
    both = head.format(
        '<meta name="z.itemType" content="letter"><meta name="citation_title" content="A">'
        '<meta name="citation_author" content="Stalin, Joseph">'
        '<meta name="z.recipients" content="Mao, Zedong">'
    )
    item = translate(both, "http://x/")
    assert item["itemType"] == "letter"
    assert [c["creatorType"] for c in item["creators"]] == ["author"]  # Highwire authors drop the recipient
    journal = head.format(
        '<meta name="citation_title" content="A"><meta name="citation_journal_title" content="J">'
    )
    assert translate(journal, "http://x/")["itemType"] == "journalArticle"
    guessed = head.format('<meta name="citation_title" content="A">')
    assert translate(guessed, "http://x/")["itemType"] == "journalArticle"
    plain = translate(head.format(""), "http://x/p")
    assert plain["title"] == "T" and plain["url"] == "http://x/p"


@pytest.fixture(scope="module")
def volume_client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = str(tmp_path_factory.mktemp("volume") / "volume.db")
    with corpus_api.open(db) as corpus:
        assert corpus.ingest([str(FRUS_VOLUME)]).failed == 0
    return TestClient(create_app(db))


def test_previous_and_next_in_the_volume(volume_client: TestClient) -> None:
    middle = volume_client.get("/documents/" + quote("frus:frus1951v07p2/d120", safe=""))
    assert middle.status_code == 200, middle.text[:300]
    sequence = section(middle.text, "sequence")
    assert 'rel="prev" href="/documents/frus%3Afrus1951v07p2%2Fd119"' in sequence
    assert 'rel="next" href="/documents/frus%3Afrus1951v07p2%2Fd121"' in sequence
    first = volume_client.get("/documents/" + quote("frus:frus1951v07p2/d119", safe="")).text
    assert 'rel="prev"' not in section(first, "sequence")
    last = volume_client.get("/documents/" + quote("frus:frus1951v07p2/d127", safe="")).text
    assert 'rel="next"' not in section(last, "sequence")
