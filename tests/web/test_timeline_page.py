"""The timeline (issue 17): one item per message (a record's copies merged), titled, its
stamps in time order ("received" before "sent" is the cipher office receiving the text to
send), lanes, and the transit distribution chart."""

from __future__ import annotations

import re
from html import unescape

import httpx

from cablegraph import corpus as corpus_api


def messages(server: str, **params: str) -> dict:  # type: ignore[type-arg]
    response = httpx.get(server + "/api/timeline/messages", params=params, timeout=30)
    assert response.status_code == 200, response.text[:300]
    return response.json()  # type: ignore[no-any-return]


def test_one_item_per_message_copies_merged(server: str, web_db: str) -> None:
    found = messages(server)["messages"]
    ids = [m["id"] for m in found]
    assert len(ids) == len(set(ids))
    with corpus_api.open(web_db) as corpus:
        twins = {d.id: set(d.near_duplicates) for d in corpus.documents() if d.near_duplicates}
    assert twins, "the examples hold a mirror copy (record 113658)"
    documents = {m["document"] for m in found}
    for doc_id, others in twins.items():
        assert not (doc_id in documents and others & documents), (doc_id, others)
    assert all(not m["title"].startswith(("sha256:", "wda:")) for m in found)
    assert [m["start"] for m in found] == sorted(m["start"] for m in found)


def test_stamps_in_time_order_and_received_for_sending(server: str) -> None:
    found = {m["id"]: m for m in messages(server)["messages"]}
    telegram = found["wda:113632#msg/0"]
    assert [e["at"] for e in telegram["events"]] == sorted(e["at"] for e in telegram["events"])
    labels = [e["label"] for e in telegram["events"]]
    assert labels.index("received for sending") < labels.index("sent")
    assert "received" not in labels  # never "received" before it was sent
    assert telegram["sender"] == "Andrei Gromyko" and telegram["title"].startswith(
        "Ciphered Telegram No. 26044"
    )


def test_person_filter_and_lanes(server: str) -> None:
    mao = messages(server, person="person:mao-zedong")["messages"]
    assert mao and len(mao) < len(messages(server)["messages"])
    assert all(m["sender"] and m["channel"] for m in mao)


def test_the_page_lists_titled_messages_and_a_transit_chart(server: str) -> None:
    html = httpx.get(server + "/timeline", timeout=30).text
    data = messages(server)
    items = re.findall(r'<li class="message" data-id="([^"]+)">', html)
    assert [unescape(i) for i in items] == [m["id"] for m in data["messages"]]
    assert '<a href="/documents/wda%3A113632">Ciphered Telegram No. 26044, Gromyko to Razuvaev</a>' in html
    rows = re.findall(r'<g class="transit-row" data-label="([^"]+)">', html)
    assert len(rows) == len(data["transit"]) >= 3
    dots = len(re.findall(r'<circle class="dot"', html))
    assert dots == sum(len(v) for v in data["transit"].values())
    assert '<div id="timeline" class="timeline"' in html and '<script src="/static/timeline.js">' in html
