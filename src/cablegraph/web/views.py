"""What the pages and the API show, computed from the corpus (no HTTP here)."""

from __future__ import annotations

import datetime as dt
import html
import re
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from cablegraph.corpus import Corpus
from cablegraph.link import Link, Record, find_links, network, timeline
from cablegraph.link.table import LinkTable
from cablegraph.link.threads import Thread
from cablegraph.resolve import Authority
from cablegraph.store.base import StoredDocument

JSON = dict[str, Any]


SAMPLE = 500  # documents behind a timeline or network page without a person filter


class CorpusViews:
    """What the workbench derives from a corpus, read so that it scales: facets from the
    search index, links from the links table, timelines and networks from a search.

    ``corpus`` returns the calling thread's connection to the corpus (SQLite
    connections belong to the thread that opened them).
    """

    def __init__(self, corpus: Callable[[], Corpus], db: str) -> None:
        self.corpus = corpus
        self._db = db
        self._lock = threading.Lock()
        self._tables = threading.local()

    def _table(self) -> LinkTable:
        table: LinkTable | None = getattr(self._tables, "table", None)
        if table is None:
            table = self._tables.table = LinkTable(self.corpus().store)
            with self._lock:
                if table.count() == 0 and self.corpus().store.stats(0).documents <= 5_000:
                    records = [
                        Record.of(d.data, d.texts[0] if d.texts else "") for d in self.corpus().documents()
                    ]
                    table.replace_all(find_links(records))
        return table

    def links_of(self, doc_id: str) -> list[Link]:
        return self._table().of(doc_id)

    def all_links(self, kind: str | None, limit: int, offset: int) -> tuple[int, list[Link]]:
        return self._table().all(kind, limit, offset)

    def thread(self, doc_id: str) -> Thread | None:
        members, joined = self._table().thread(doc_id)
        if len(members) < 2:
            return None
        docs = self.corpus().store.get_many(members)
        records = {m: Record.of(docs[m].data, "") for m in members if m in docs}
        ordered = sorted(records, key=lambda m: (records[m].date or dt.date.max, m))
        dates = [d for d in (records[m].date for m in ordered) if d is not None]
        return Thread(ordered, joined, min(dates) if dates else None, max(dates) if dates else None)

    def records(self, person: str | None = None, limit: int = SAMPLE) -> list[Record]:
        """The documents of a person (any role, any name form), or a sample of the corpus."""
        corpus = self.corpus()
        entity = Authority.builtin().get(person) if person else None
        name = entity.name if entity else person
        hits = corpus.search("", person=name, limit=limit, facets=False, sync=False).hits
        docs = corpus.store.get_many([h.id for h in hits])
        return [
            Record.of(docs[h.id].data, docs[h.id].texts[0] if docs[h.id].texts else "")
            for h in hits
            if h.id in docs
        ]

    def one_per_record(self, hits: list[Any], limit: int) -> list[JSON]:
        """The hits with the copies of one record folded into the first (best ranked) of
        them: a hit that is a near-duplicate of an earlier hit is not shown again. Each
        kept hit says on how many other pages its record is (``mirrors``: its merged
        sources beyond the first, plus its near-duplicates anywhere in the corpus)."""
        docs = self.corpus().store.get_many([h.id for h in hits])
        kept: list[JSON] = []
        folded: dict[str, JSON] = {}  # doc id -> the kept entry it is a copy of
        for hit in hits:
            doc = docs.get(hit.id)
            twins = list(doc.near_duplicates) if doc else []
            owner = next((folded[t] for t in [hit.id, *twins] if t in folded), None)
            if owner is not None:
                owner["copies"].append(hit.id)
                folded[hit.id] = owner
                continue
            if len(kept) >= limit:
                continue
            entry: JSON = {
                "hit": hit,
                "copies": [],
                "mirrors": (len(doc.sources) - 1 if doc else 0) + len(twins),
            }
            kept.append(entry)
            for key in [hit.id, *twins]:
                folded[key] = entry
        return kept

    def home(self) -> JSON:
        stats = self.corpus().stats(top=30, sync=False)
        years = sorted((value, count) for value, count in stats.facets.get("year", []))
        peak = max((c for _, c in years), default=1)
        return {
            "documents": stats.documents,
            "links": self._table().count(),
            "histogram": [{"month": y, "count": c, "height": round(100 * c / peak)} for y, c in years],
            "writers": stats.facets.get("sender", [])[:10],
            "channels": stats.facets.get("channel", [])[:10],
        }

    def timeline(self, person: str | None = None) -> list[JSON]:
        return [e.to_json() for e in timeline(self.records(person), person=person)]

    def network(
        self, person: str | None = None, start: dt.date | None = None, stop: dt.date | None = None
    ) -> JSON:
        graph = network(self.records(person), person=person, start=start, stop=stop)
        weights: Counter[str] = Counter()
        edges: Counter[tuple[str, str, str]] = Counter()
        for a, b, data in graph.edges(data=True):
            weights[a] += 1
            weights[b] += 1
            edges[(a, b, str(data.get("kind")))] += 1
        nodes = [{"id": n, "label": graph.nodes[n]["label"], "weight": weights[n]} for n in graph.nodes]
        return {
            "nodes": nodes,
            "edges": [{"source": a, "target": b, "kind": k, "count": c} for (a, b, k), c in edges.items()],
        }


def paragraphs(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"\n[ \t\u00a0]*\n", text) if p.strip()]
    if len(parts) <= 1:
        parts = [p.strip() for p in text.split("\n") if p.strip()]
    return parts


def align(left: list[str], right: list[str]) -> list[tuple[list[str], list[str]]]:
    """Pair paragraphs of an original and its translation by order and length (a small
    Gale–Church-style alignment: 1–1, 1–0, 0–1, 2–1 and 1–2 beads)."""
    if not left or not right:
        return [(left, right)] if left or right else []
    ratio = sum(map(len, right)) / max(1, sum(map(len, left)))
    n, m = len(left), len(right)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    beads = ((1, 1, 0.0), (1, 0, 1.0), (0, 1, 1.0), (2, 1, 0.15), (1, 2, 0.15))
    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == inf:
                continue
            for di, dj, penalty in beads:
                a, b = i + di, j + dj
                if a > n or b > m:
                    continue
                la = sum(len(p) for p in left[i:a]) * ratio
                lb = sum(len(p) for p in right[j:b])
                step = penalty + (abs(la - lb) / (la + lb + 1) if di and dj else 0.0)
                if cost[i][j] + step < cost[a][b]:
                    cost[a][b] = cost[i][j] + step
                    back[a][b] = (i, j)
    pairs: list[tuple[list[str], list[str]]] = []
    i, j = n, m
    while i or j:
        pi, pj = back[i][j]
        pairs.append((left[pi:i], right[pj:j]))
        i, j = pi, pj
    return pairs[::-1]


def side_by_side(data: JSON, text: str) -> list[tuple[str, str]]:
    """(original, translation) paragraph pairs, when the page has both."""
    blocks = data.get("texts") or []
    original = next((b for b in blocks if b.get("role") == "original"), None)
    translation = next((b for b in blocks if b.get("role") == "translation"), None)
    if not original or not translation:
        return []
    left = paragraphs(text[original["start"] : original["stop"]])
    right = paragraphs(text[translation["start"] : translation["stop"]])
    return [("\n\n".join(a), "\n\n".join(b)) for a, b in align(left, right)]


def highlighted(text: str, start: int, stop: int, mentions: list[JSON]) -> str:
    """HTML of ``text[start:stop]``: everything escaped first, then mentions linked."""
    parts: list[str] = []
    position = start
    for mention in sorted(mentions, key=lambda m: m["start"]):
        if mention["start"] < position or mention["stop"] > stop or not mention.get("entity_id"):
            continue
        parts.append(html.escape(text[position : mention["start"]]))
        href = "/entities/" + quote(str(mention["entity_id"]), safe="")
        title = html.escape(f"{mention.get('name')} ({mention.get('rule')})", quote=True)
        parts.append(
            f'<a class="mention {html.escape(str(mention.get("kind")))}" href="{href}" title="{title}">'
            f"{html.escape(text[mention['start'] : mention['stop']])}</a>"
        )
        position = mention["stop"]
    parts.append(html.escape(text[position:stop]))
    return "".join(parts)


def document_view(doc: StoredDocument) -> JSON:
    data = doc.data
    text = doc.texts[0] if doc.texts else ""
    blocks = []
    for block in data.get("texts") or []:
        blocks.append(
            {**block, "html": highlighted(text, block["start"], block["stop"], data.get("mentions") or [])}
        )
    envelope = data.get("envelope") or {}
    transit = None
    sent, received = envelope.get("sent"), envelope.get("received")
    if sent and received and "T" in str(sent.get("at")) and "T" in str(received.get("at")):
        import datetime as dt

        delta = dt.datetime.fromisoformat(received["at"]) - dt.datetime.fromisoformat(sent["at"])
        minutes = int(delta.total_seconds() // 60)
        if envelope.get("direction") == "outgoing" or minutes < 0:
            # outgoing: "Received" is the cipher office taking the telegram in before sending
            transit = f"{-minutes} min in the cipher office (taken in, then sent)"
        else:
            transit = f"{minutes} min from sent to received"
    return {
        "data": data,
        "doc": doc,
        "text": text,
        "blocks": blocks,
        "pairs": side_by_side(data, text),
        "envelope": envelope,
        "transit": transit,
    }
