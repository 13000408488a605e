"""The search page does what its facets say (issue 17): role-correct, combinable facets,
removable chips, counts that follow the filters, sorting, one result per record, no
listing pages, snippets from the document text only, whole-word highlighting."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import httpx

from cablegraph import corpus as corpus_api


def page(server: str, path: str, **params: object) -> str:
    response = httpx.get(server + path, params=params, timeout=30)  # type: ignore[arg-type]
    assert response.status_code == 200, response.text[:300]
    return response.text


def hit_ids(html: str) -> list[str]:
    return [unescape(x) for x in re.findall(r'<li class="hit" data-id="([^"]+)"', html)]


def facet_links(html: str, facet: str) -> dict[str, tuple[str, int]]:
    """value -> (href, count) of one facet's list."""
    block = re.search(rf'<ul class="facet" data-facet="{facet}">(.*?)</ul>', html, re.S)
    assert block, f"no {facet} facet"
    return {
        unescape(value): (unescape(href), int(count))
        for href, value, count in re.findall(
            r'<a href="([^"]+)" data-value="([^"]+)">[^<]*</a> \(≈?(\d+)\)', block.group(1)
        )
    }


def total(html: str) -> int:
    found = re.search(r'<p class="count">(\d+) documents', html)
    assert found
    return int(found.group(1))


def test_sender_facet_filters_by_sender_and_counts_match(server: str, web_db: str) -> None:
    html = page(server, "/search", q="Stalin")
    senders = facet_links(html, "sender")
    assert senders, "the Stalin search has senders"
    with corpus_api.open(web_db) as corpus:
        for name, (href, count) in list(senders.items())[:4]:
            filtered = httpx.get(server + href, timeout=30).text
            assert total(filtered) == count, (name, href)
            for doc_id in hit_ids(filtered):
                doc = corpus.get(doc_id)
                assert doc is not None
                people = [p.get("name") for p in doc.data.get("senders") or []]
                people += [a.get("name") for m in _messages(doc.data) for a in m.get("authors") or []]
                assert name in people, (name, doc_id, people)


def _messages(data: dict) -> list[dict]:  # type: ignore[type-arg]
    out, stack = [], list(data.get("messages") or [])
    while stack:
        message = stack.pop()
        out.append(message)
        stack.extend(message.get("children") or [])
    return out


def test_two_facets_combine_and_chips_remove_each(server: str) -> None:
    first = facet_links(page(server, "/search", q="Stalin"), "sender")
    name, (href, _) = next(iter(first.items()))
    one = httpx.get(server + href, timeout=30).text
    years = facet_links(one, "year")
    year, (href2, count2) = next(iter(years.items()))
    both = httpx.get(server + href2, timeout=30).text
    params = parse_qsl(urlsplit(href2).query)
    assert ("f", f"sender:{name}") in params and ("f", f"year:{year}") in params
    assert total(both) == count2 <= total(one)
    chips = re.findall(r'<li class="chip">.*?href="([^"]+)"', both)
    assert len(chips) == 2
    removed = [dict(parse_qsl(urlsplit(unescape(c)).query)) for c in chips]
    assert {r.get("f") for r in removed} == {f"year:{year}", f"sender:{name}"}


def test_listings_never_among_documents_and_copies_fold(server: str, web_db: str) -> None:
    with corpus_api.open(web_db) as corpus:
        listings = corpus.search("", facet_filters=[("kind", "listing")], limit=100, facets=False)
        assert listings.total > 0, "the example corpus has listing pages"
        listing_ids = {h.id for h in listings.hits}
    html = page(server, "/search", q="Kim Il Sung")
    shown = hit_ids(html)
    assert shown and not listing_ids & set(shown)
    assert "also on 1 mirror" in html, "record 113658 is on two pages"
    assert not ({"wda:113658", "sha256:8b0c200451278d13"} <= set(shown))
    asked = hit_ids(page(server, "/search", q="Stalin", f="kind:listing"))
    assert asked and set(asked) <= listing_ids


def test_sort_by_date(server: str) -> None:
    html = page(server, "/search", q="Stalin", sort="date")
    dates = re.findall(r'<span class="meta">(\d{4}-\d{2}-\d{2})', html)
    assert len(dates) > 3 and dates == sorted(dates)
    newest = re.findall(
        r'<span class="meta">(\d{4}-\d{2}-\d{2})', page(server, "/search", q="Stalin", sort="-date")
    )
    assert newest == sorted(newest, reverse=True)
    bad = httpx.get(server + "/search", params={"q": "x", "sort": "sideways"}, timeout=30)
    assert bad.status_code == 400 and "sideways" in bad.text


def test_the_search_page_switches_between_words_and_meaning(server: str) -> None:
    html = page(server, "/search", q="Stalin")
    options = re.findall(r'<select name="mode"[^>]*>(.*?)</select>', html, re.S)
    assert options
    assert re.findall(r'<option value="(\w+)"', options[0]) == ["auto", "hybrid", "text", "meaning"]
    assert re.search(r'<option value="auto" selected>', options[0])
    words = page(server, "/search", q="Stalin", mode="text", sort="date")
    assert re.search(r'<option value="text" selected>', words)
    # the chosen mode travels with every link that changes one thing (facets, sort, pages)
    facet_links = re.findall(r'<ul class="facet"[^>]*>.*?href="([^"]+)"', words, re.S)
    assert facet_links and all("mode=text" in link for link in facet_links)
    assert hit_ids(words) == hit_ids(page(server, "/search", q="Stalin", sort="date"))  # not embedded: text
    meaning = page(server, "/search", q="Stalin", mode="meaning")
    assert "no meaning index yet" in meaning  # said, not silently ignored
    bad = httpx.get(server + "/search", params={"q": "x", "mode": "telepathy"}, timeout=30)
    assert bad.status_code == 400 and "telepathy" in bad.text


def test_snippets_are_document_text_and_whole_words(server: str) -> None:
    html = page(server, "/search", q="Stalin")
    snippets = re.findall(r'<p class="snippet">(.*?)</p>', html, re.S)
    assert snippets
    for text in snippets:
        assert "Skip to content" not in text and "CITATION SHARE" not in text
        for marked in re.findall(r"<mark>(.*?)</mark>", text):
            assert len(marked) >= 3, (marked, text)


def test_api_search_facet_filters_and_bad_facet(server: str) -> None:
    body = httpx.get(server + "/api/search", params={"q": "Stalin", "f": "sender:Mao Zedong"}).json()
    assert body["total"] >= 1
    assert {f["value"] for f in body["facets"]["sender"]} >= {"Mao Zedong"}
    wrong = httpx.get(server + "/api/search", params={"q": "Stalin", "f": "colour:red"})
    assert wrong.status_code == 400 and "colour" in wrong.json()["error"]["message"]
