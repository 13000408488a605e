"""Curator forms (issue 17): sign-in, CSRF-checked forms on the document and entity pages,
the audit trail shown; a read-only server shows none of it and refuses every form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cablegraph import corpus as corpus_api
from cablegraph.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
SECRET = "forms-curator-token"
DOC = "/documents/wda%3A110374"
ENTITY = "/entities/person%3Amao-zedong"
FORM = {"content-type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("forms") / "forms.db")
    with corpus_api.open(path) as corpus:
        assert corpus.ingest([str(ROOT / "examples" / "pages" / "seeds")]).failed == 0
    return path


# Clients without the lifespan (no ``with``): the app's shutdown closes every thread's
# corpus connection from one thread, which the threads of TestClient do not allow.
@pytest.fixture()
def writable(db: str) -> Iterator[TestClient]:
    yield TestClient(create_app(db, token=SECRET), base_url="http://testserver")


@pytest.fixture()
def read_only(db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.delenv("CABLEGRAPH_CURATOR_TOKEN", raising=False)
    yield TestClient(create_app(db), base_url="http://testserver")


def sign_in(client: TestClient) -> None:
    response = client.post("/curator/login", data={"token": SECRET, "next": DOC}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == DOC
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")


def form_fields(html: str, action: str) -> dict[str, str]:
    form = re.search(rf'<form class="curator-form" [^>]*data-action="{action}">(.*?)</form>', html, re.S)
    assert form, f"no {action} form"
    return {
        n: unescape(v)
        for n, v in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form.group(1))
    }


def test_read_only_server_shows_no_curation_and_refuses_forms(read_only: TestClient) -> None:
    for page in (DOC, ENTITY):
        html = read_only.get(page).text
        assert 'id="curation"' not in html and "/curator" not in html and "Audit trail" not in html
    assert read_only.get("/curator/login").status_code == 403
    refused = read_only.post(
        DOC.replace("/documents/", "/curator/documents/"), data={"action": "annotate", "text": "x"}
    )
    assert refused.status_code == 403


def test_signed_out_curator_sees_sign_in_and_audit_but_no_form(writable: TestClient) -> None:
    html = writable.get(DOC).text
    assert 'class="curator-login" href="/curator/login?next=%2Fdocuments%2Fwda%3A110374"' in html
    assert "Audit trail" in html and '<form class="curator-form" action="/curator/documents/' not in html
    wrong = writable.post("/curator/login", data={"token": "guess", "next": DOC}, follow_redirects=False)
    assert wrong.status_code == 401 and "set-cookie" not in wrong.headers
    blocked = writable.post("/curator/documents/wda%3A110374", data={"action": "annotate", "text": "x"})
    assert blocked.status_code == 401


def test_annotate_and_correct_a_document_then_see_the_audit_trail(writable: TestClient) -> None:
    sign_in(writable)
    fields = form_fields(writable.get(DOC).text, "annotate")
    assert len(fields["csrf"]) == 64
    done = writable.post(
        "/curator/documents/wda%3A110374",
        data={**fields, "text": "Checked against APRF copy"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"].endswith("#curation")
    fields = form_fields(writable.get(DOC).text, "correct_field")
    writable.post(
        "/curator/documents/wda%3A110374", data={**fields, "field": "doc_type", "value": "Ciphered telegram"}
    )
    html = writable.get(DOC).text
    assert "<li>Checked against APRF copy</li>" in html
    assert "<dt>doc_type</dt><dd>Ciphered telegram</dd>" in html
    audit = re.search(r'<table class="names audit">(.*?)</table>', html, re.S)
    assert audit and audit.group(1).count("<td>curator (browser)</td>") >= 2
    assert "<td>annotate</td>" in audit.group(1) and "<td>correct_field</td>" in audit.group(1)
    entries = writable.get("/api/audit", headers={"Authorization": f"Bearer {SECRET}"}).json()["entries"]
    assert {e["action"] for e in entries if e["target"] == "document:wda:110374"} >= {
        "annotate",
        "correct_field",
    }


def test_forged_or_stale_forms_are_refused(writable: TestClient) -> None:
    sign_in(writable)
    fields = form_fields(writable.get(DOC).text, "annotate")
    target = "/curator/documents/wda%3A110374"
    assert writable.post(target, data={**fields, "csrf": "0" * 64, "text": "x"}).status_code == 403
    no_csrf = {k: v for k, v in fields.items() if k != "csrf"}
    assert writable.post(target, data={**no_csrf, "text": "x"}).status_code == 403
    cross = writable.post(target, data={**fields, "text": "x"}, headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403
    stale = {**fields, "version": str(int(fields["version"]) - 1) if int(fields["version"]) else "99"}
    assert writable.post(target, data={**stale, "text": "x"}).status_code == 412
    other = TestClient(writable.app, base_url="http://testserver")  # another session's token
    sign_in(other)
    theirs = form_fields(other.get(DOC).text, "annotate")["csrf"]
    assert theirs != fields["csrf"]
    assert writable.post(target, data={**fields, "csrf": theirs, "text": "x"}).status_code == 403


def test_add_a_name_to_an_entity_then_revert_it(writable: TestClient) -> None:
    sign_in(writable)
    fields = form_fields(writable.get(ENTITY).text, "add_name")
    writable.post(
        "/curator/entities/person%3Amao-zedong",
        data={**fields, "name": "Mao Tsö-tung", "lang": "de", "system": "duden"},
    )
    html = writable.get(ENTITY).text
    assert '<td lang="de">Mao Tsö-tung</td>' in html
    audit_id = re.findall(
        r'<tr data-audit="(\d+)"><td>[^<]*</td><td>curator \(browser\)</td><td>add_name</td>', html
    )
    assert audit_id
    revert = {**form_fields(html, "add_name"), "action": "revert", "audit_id": audit_id[0]}
    assert (
        writable.post(
            "/curator/entities/person%3Amao-zedong", data=revert, follow_redirects=False
        ).status_code
        == 303
    )
    assert '<td lang="de">Mao Tsö-tung</td>' not in writable.get(ENTITY).text
