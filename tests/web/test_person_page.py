"""The person page (issue 17): correspondents that agree with the ego network, each document
under one role only, Chinese and Korean names marked for their CJK fonts."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from urllib.parse import quote

import httpx
import pytest

PEOPLE = ["person:mao-zedong", "person:stalin", "person:kim-il-sung", "person:zhou-enlai"]


def entity_page(server: str, entity_id: str) -> str:
    response = httpx.get(f"{server}/entities/{quote(entity_id, safe='')}", timeout=30)
    assert response.status_code == 200, response.text[:300]
    return response.text


@pytest.mark.parametrize("entity_id", PEOPLE)
def test_correspondents_are_the_ego_networks_neighbours(server: str, entity_id: str) -> None:
    html = entity_page(server, entity_id)
    rows = re.findall(
        r'<tr data-id="([^"]+)"><td>.*?</td><td>(\w+)</td>' + r"<td>(\d*)</td>" * 4 + "</tr>",
        html,
    )
    graph = httpx.get(f"{server}/api/network", params={"person": entity_id}, timeout=30).json()
    expected: dict[str, Counter[str]] = {}
    for edge in graph["edges"]:
        if entity_id not in (edge["source"], edge["target"]) or edge["source"] == edge["target"]:
            continue
        out = edge["source"] == entity_id
        other = edge["target"] if out else edge["source"]
        kind = {"message": "to" if out else "from", "relay_hop": "via"}.get(edge["kind"], "copy")
        expected.setdefault(other, Counter())[kind] += edge["count"]
    shown = {
        unescape(node): Counter(
            {k: int(v) for k, v in zip(("to", "from", "via", "copy"), counts, strict=True) if v}
        )
        for node, _, *counts in rows
    }
    assert shown == expected, entity_id
    assert len(shown) >= 1
    nodes = {n["id"] for n in graph["nodes"]}
    assert set(shown) <= nodes  # every correspondent is drawn in the network


@pytest.mark.parametrize("entity_id", PEOPLE)
def test_each_document_is_listed_under_one_role(server: str, entity_id: str) -> None:
    html = entity_page(server, entity_id)
    documents = re.search(r"<h2>Documents</h2>(.*?)</section>", html, re.S)
    assert documents
    ids = [unescape(x) for x in re.findall(r'<a href="/documents/([^"]+)"', documents.group(1))]
    assert ids and len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    data = httpx.get(f"{server}/api/entities/{quote(entity_id, safe='')}", timeout=30).json()
    listed = [d["id"] for docs in data["documents"].values() for d in docs]
    assert len(listed) == len(set(listed))


def test_a_recipient_on_the_distribution_list_is_a_recipient(server: str, web_db: str) -> None:
    from cablegraph import corpus as corpus_api

    with corpus_api.open(web_db) as corpus:
        both = [
            ({d.id, *d.near_duplicates}, p["entity_id"])
            for d in corpus.documents()
            for p in d.data.get("recipients") or []
            if p.get("entity_id")
            and p["entity_id"] in {c.get("entity_id") for c in d.data.get("copies_to") or []}
        ]
    assert both, "the examples have recipients on the distribution list (wda:110371: Stalin)"
    for copies, person in both:  # a record's copies are listed once, as one of them
        data = httpx.get(f"{server}/api/entities/{quote(person, safe='')}", timeout=30).json()
        assert copies & {d["id"] for d in data["documents"]["recipient"]}
        assert not copies & {d["id"] for d in data["documents"]["copy"]}


def test_cjk_names_carry_their_language(server: str) -> None:
    mao = entity_page(server, "person:mao-zedong")
    assert '<td lang="zh">毛泽东</td>' in mao
    kim = entity_page(server, "person:kim-il-sung")
    assert '<td lang="ko">김일성</td>' in kim
    css = httpx.get(server + "/static/app.css", timeout=30).text
    assert re.search(r':lang\(zh\) \{ font-family: "Noto Sans CJK SC"', css)
    assert re.search(r':lang\(ko\) \{ font-family: "Noto Sans CJK KR"', css)
