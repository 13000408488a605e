"""What the pages and the API show, computed from the corpus (no HTTP here)."""

from __future__ import annotations

import html
import re
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from cablegraph.corpus import Corpus
from cablegraph.link import Link, Record, find_links, network, threads, timeline
from cablegraph.link.threads import Thread, thread_of
from cablegraph.store.base import StoredDocument

JSON = dict[str, Any]


@dataclass(slots=True)
class Derived:
    """Links, threads and the record list of a corpus, recomputed when it changes."""

    key: tuple[int, int] = (-1, -1)
    records: list[Record] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    threads: list[Thread] = field(default_factory=list)


class CorpusViews:
    """Everything the workbench derives from one corpus, cached per corpus state.

    ``corpus`` returns the calling thread's connection to the corpus (SQLite
    connections belong to the thread that opened them).
    """

    def __init__(self, corpus: Callable[[], Corpus]) -> None:
        self.corpus = corpus
        self._derived = Derived()
        self._lock = threading.Lock()

    def derived(self) -> Derived:
        corpus = self.corpus()
        stats = corpus.store.stats(0)
        key = (stats.documents, stats.sources)
        with self._lock:
            if key != self._derived.key:
                records = [Record.of(d.data, d.texts[0] if d.texts else "") for d in corpus.documents()]
                found = find_links(records)
                self._derived = Derived(key, records, found, threads(records, found))
            return self._derived

    def links_of(self, doc_id: str) -> list[Link]:
        return [lk for lk in self.derived().links if doc_id in (lk.source, lk.target.split("#")[0])]

    def thread(self, doc_id: str) -> Thread | None:
        return thread_of(doc_id, self.derived().threads)

    def home(self) -> JSON:
        derived = self.derived()
        months: Counter[str] = Counter()
        writers: Counter[str] = Counter()
        channels: Counter[str] = Counter()
        for record in derived.records:
            iso = (record.data.get("date") or {}).get("iso")
            if iso and len(iso) >= 7:
                months[iso[:7]] += 1
            for person in record.data.get("senders") or []:
                writers[str(person.get("name"))] += 1
            for person in record.data.get("via") or []:
                channels[str(person.get("name"))] += 1
        histogram = sorted(months.items())
        peak = max((c for _, c in histogram), default=1)
        return {
            "documents": len(derived.records),
            "links": len(derived.links),
            "histogram": [{"month": m, "count": c, "height": round(100 * c / peak)} for m, c in histogram],
            "writers": writers.most_common(10),
            "channels": channels.most_common(10),
        }

    def timeline(self, person: str | None = None) -> list[JSON]:
        return [e.to_json() for e in timeline(self.derived().records, person=person)]

    def network(self, person: str | None = None) -> JSON:
        graph = network(self.derived().records, person=person)
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
        transit = f"{int(delta.total_seconds() // 60)} min"
    return {
        "data": data,
        "doc": doc,
        "text": text,
        "blocks": blocks,
        "pairs": side_by_side(data, text),
        "envelope": envelope,
        "transit": transit,
    }
