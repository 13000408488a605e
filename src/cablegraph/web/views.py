"""What the pages and the API show, computed from the corpus (no HTTP here)."""

from __future__ import annotations

import datetime as dt
import html
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any
from urllib.parse import quote

from fastapi.responses import JSONResponse

from cablegraph.corpus import Corpus
from cablegraph.link import Link, Record, find_links, network, timeline
from cablegraph.link.network import network_edges
from cablegraph.link.profile import entity_profile
from cablegraph.link.records import message_ref, walk_messages
from cablegraph.link.table import LinkTable
from cablegraph.link.threads import Thread
from cablegraph.link.timeline import _channel as channel_of
from cablegraph.link.timeline import transit_samples
from cablegraph.meaning.passages import page_of
from cablegraph.resolve import Authority
from cablegraph.resolve.authority import Entity
from cablegraph.search.result import Hit
from cablegraph.store.base import Store, StoredDocument
from cablegraph.web.kept import Kept
from cablegraph.web.mapping import place_map

JSON = dict[str, Any]


SAMPLE = 500  # documents behind a timeline or network page without a person filter
PROFILE = 300  # documents behind a person's profile (the first by date)
RECORDS_KEPT = 4_000  # records a process keeps for person, timeline, network and map views


class RecordCache:
    """Records read once per document version, the most recently used kept (thread-safe).

    A person's page, timeline, network and map each read the same hundreds of records;
    decoding them is most of the work. A record is reused while its document's version
    is the same; its near duplicates are read fresh each time (a copy found later does not
    change the version)."""

    def __init__(self, size: int = RECORDS_KEPT) -> None:
        self.size = size
        self._kept: OrderedDict[str, tuple[int, Record]] = OrderedDict()
        self._lock = threading.Lock()

    def read(self, store: Store, ids: Sequence[str]) -> dict[str, tuple[Record, frozenset[str]]]:
        """Each existing document's record and near duplicates."""
        stamps = store.stamps(ids)
        found: dict[str, tuple[Record, frozenset[str]]] = {}
        with self._lock:
            for doc_id, (version, near) in stamps.items():
                kept = self._kept.get(doc_id)
                if kept is not None and kept[0] == version:
                    self._kept.move_to_end(doc_id)
                    found[doc_id] = (kept[1], near)
        missing = [doc_id for doc_id in stamps if doc_id not in found]
        docs = store.get_many(missing) if missing else {}
        with self._lock:
            for doc_id, doc in docs.items():
                record = Record.of(doc.data, doc.texts[0] if doc.texts else "")
                self._kept[doc_id] = (doc.version, record)
                found[doc_id] = (record, frozenset(doc.near_duplicates))
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return found


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
        self._records = RecordCache()
        self.kept = Kept()

    def generation(self) -> int | None:
        """The store's generation (see ``cablegraph.web.kept``); this thread's search index
        is reloaded when it moved, so that what is computed now sees the index its ledger
        names (a read-only server does not sync, and tantivy reloads on its own only after
        a delay)."""
        corpus = self.corpus()
        found = corpus.store.generation()
        if found is not None and getattr(self._tables, "generation", None) != found:
            corpus.index.reload()
            self._tables.generation = found
        return found

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

    def around(self, doc_id: str) -> JSON:
        """What surrounds a document on its page, every other document by its title: the
        links to other documents (never to itself or to a message inside it), its thread
        with previous/next, and previous/next in its volume (FRUS ``frus:<volume>/d<N>``)."""
        links = [lk for lk in self.links_of(doc_id) if lk.source.split("#")[0] != lk.target.split("#")[0]]
        thread = self.thread(doc_id)
        members = thread.documents if thread else []
        volume = volume_neighbours(doc_id)
        others = {lk.target.split("#")[0] for lk in links} | {lk.source for lk in links}
        wanted = sorted((others | set(members) | set(volume.values())) - {doc_id})
        cards = self.corpus().store.get_many(wanted) if wanted else {}

        def card(other: str) -> JSON:
            found = cards.get(other)
            data = found.data if found else {}
            return {
                "id": other,
                "title": data.get("title") or other,
                "date": (data.get("date") or {}).get("iso"),
                "exists": found is not None,
            }

        shown_links = []
        for lk in links:
            outgoing = lk.source == doc_id
            other = lk.target.split("#")[0] if outgoing else lk.source
            phrase = LINK_PHRASES.get(lk.kind, (lk.kind, lk.kind))[0 if outgoing else 1]
            shown_links.append({"phrase": phrase, "other": card(other), "link": lk})
        position = members.index(doc_id) if doc_id in members else -1
        in_thread = [
            {**card(m), "current": m == doc_id} if m != doc_id else {"id": m, "current": True}
            for m in members
        ]
        return {
            "links": shown_links,
            "thread": in_thread,
            "thread_previous": card(members[position - 1]) if position > 0 else None,
            "thread_next": card(members[position + 1]) if 0 <= position < len(members) - 1 else None,
            "volume_previous": card(volume["previous"]) if volume.get("previous") in cards else None,
            "volume_next": card(volume["next"]) if volume.get("next") in cards else None,
        }

    def encoded(self, key: Hashable, compute: Callable[[], Any]) -> bytes:
        """``compute()`` as the body of a JSON answer, kept encoded under ``key`` while the
        store's generation holds (encoding a large network cost more than keeping it)."""
        return self.kept.get(self.generation(), ("json", key), lambda: bytes(JSONResponse(compute()).body))

    def records(self, person: str | None = None, limit: int = SAMPLE) -> list[Record]:
        """The documents of a person (any role, any name form), or a sample of the corpus;
        one per record: a near-duplicate of a document already taken (a mirror's copy) is
        left out, so a message is counted once. Those among the first ``limit`` hits (by
        date) of one search for ``SAMPLE``, kept while the store's generation holds: a
        person's page, timeline, network and map share it."""
        entity = Authority.builtin().get(person) if person else None
        name = entity.name if entity else person
        if limit > SAMPLE:
            return [r for _, r in self._records_of(name, limit)]
        found = self.kept.get(self.generation(), ("records", name), lambda: self._records_of(name, SAMPLE))
        return [r for position, r in found if position < limit]

    def _records_of(self, name: str | None, limit: int) -> list[tuple[int, Record]]:
        """(position among the hits, record) of the first ``limit`` hits of a person's
        name, by date; the copies of a record taken once (its first hit)."""
        corpus = self.corpus()
        hits = corpus.search("", person=name, limit=limit, facets=False, sync=False, snippets=False).hits
        read = self._records.read(corpus.store, [h.id for h in hits])
        taken: set[str] = set()
        found: list[tuple[int, Record]] = []
        for position, hit in enumerate(hits):
            if hit.id not in read or hit.id in taken:
                continue
            record, near = read[hit.id]
            taken |= {hit.id, *near}
            found.append((position, record))
        return found

    def map(
        self, person: str | None = None, start: dt.date | None = None, stop: dt.date | None = None
    ) -> JSON:
        """Places with document counts and the flows of messages between places."""
        return self.kept.get(
            self.generation(),
            ("map", person, start, stop),
            lambda: place_map(self.records(person), Authority.builtin(), start, stop),
        )

    def graph(
        self, person: str | None = None, start: dt.date | None = None, stop: dt.date | None = None
    ) -> Any:
        """The networkx graph behind :meth:`network` (for GEXF, GraphML and CSV downloads)."""
        return network(self.records(person), person=person, start=start, stop=stop)

    def person(self, entity: Entity) -> JSON:
        """An entity's profile (documents by role, name forms) and its correspondents as
        its ego network draws them, kept while the store's generation holds."""

        def compute() -> JSON:
            profile = entity_profile(entity, self.records(entity.name, limit=PROFILE))
            ego = self.network(entity.id)  # what /api/network?person=<id> gives the ego network
            return {**profile, "correspondents": correspondents(ego, entity.id)}

        return self.kept.get(self.generation(), ("person", entity.id), compute)

    def one_per_record(
        self, hits: list[Hit], limit: int, dress: Callable[[list[Hit]], list[Hit]] | None = None
    ) -> list[JSON]:
        """The hits with the copies of one record folded into the first (best ranked) of
        them: a hit that is a near-duplicate of an earlier hit is not shown again. Each
        kept hit says on how many other pages its record is (``mirrors``: its merged
        sources beyond the first, plus its near-duplicates anywhere in the corpus).
        ``dress`` (``SearchResult.dress`` of a search for bare hits) gives the kept hits
        their titles and snippets: only the hits shown are dressed."""
        copies = self.corpus().store.copies([h.id for h in hits])
        kept: list[JSON] = []
        folded: dict[str, JSON] = {}  # doc id -> the kept entry it is a copy of
        for hit in hits:
            if hit.id not in copies:
                continue  # deleted from the store since it was indexed
            sources, near = copies[hit.id]
            twins = sorted(near)
            owner = next((folded[t] for t in [hit.id, *twins] if t in folded), None)
            if owner is not None:
                owner["copies"].append(hit.id)
                folded[hit.id] = owner
                continue
            if len(kept) >= limit:
                continue
            entry: JSON = {"hit": hit, "copies": [], "mirrors": sources - 1 + len(twins)}
            kept.append(entry)
            for key in [hit.id, *twins]:
                folded[key] = entry
        if dress is None:
            return kept
        shown = {h.id: h for h in dress([e["hit"] for e in kept])}
        return [{**e, "hit": shown[e["hit"].id]} for e in kept if e["hit"].id in shown]

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
        return self.kept.get(
            self.generation(),
            ("timeline", person),
            lambda: [e.to_json() for e in timeline(self.records(person), person=person)],
        )

    def timeline_messages(self, person: str | None = None) -> JSON:
        """The timeline by message: one item per message (a record's copies merged), with
        its document's title, its lanes (sender, channel), its dated events in time order,
        and the transit samples per channel for the distribution chart."""
        return self.kept.get(
            self.generation(), ("timeline_messages", person), lambda: self._timeline_messages(person)
        )

    def _timeline_messages(self, person: str | None) -> JSON:
        records = self.records(person)
        by_id = {r.id: r for r in records}
        grouped: dict[str, list[JSON]] = {}
        for event in timeline(records, person=person):
            grouped.setdefault(event.message, []).append(event.to_json())
        messages = [
            message_item(ref, events, by_id[events[0]["document"]]) for ref, events in grouped.items()
        ]
        messages.sort(key=lambda m: (m["start"], m["id"]))
        return {"messages": messages, "transit": transit_samples(records)}

    def network(
        self, person: str | None = None, start: dt.date | None = None, stop: dt.date | None = None
    ) -> JSON:
        """Nodes (with kind and activity) and edges (source → target per kind, with the number
        of messages, their dates and their documents by title) of the correspondence network."""
        return self.kept.get(
            self.generation(), ("network", person, start, stop), lambda: self._network(person, start, stop)
        )

    def _network(self, person: str | None, start: dt.date | None, stop: dt.date | None) -> JSON:
        records = self.records(person)
        found = network_edges(records, person=person, start=start, stop=stop)
        titles = {r.id: r.data.get("title") or r.id for r in records}
        weights: Counter[str] = Counter()
        edges: dict[tuple[str, str, str], JSON] = {}
        for a, b, data in found.edges:
            weights[a] += 1
            weights[b] += 1
            edge = edges.setdefault(
                (a, b, str(data.get("kind"))),
                {
                    "source": a,
                    "target": b,
                    "kind": str(data.get("kind")),
                    "count": 0,
                    "dates": [],
                    "docs": {},
                },
            )
            edge["count"] += 1
            if data.get("start"):
                edge["dates"].append(str(data["start"]))
            document = str(data.get("document"))
            edge["docs"].setdefault(document, str(data.get("start") or ""))
        nodes = [
            {"id": n, "label": label, "weight": weights[n], "kind": node_kind(n, label)}
            for n, (label, _) in found.nodes.items()
        ]
        shown = []
        for edge in edges.values():
            docs = edge.pop("docs")
            edge["dates"].sort()
            edge["documents"] = [
                {"id": d, "title": titles.get(d, d), "date": docs[d] or None}
                for d in sorted(docs, key=lambda d: (docs[d] or "9999", d))
            ]
            shown.append(edge)
        return {"nodes": nodes, "edges": shown}


OFFICE_WORDS = re.compile(
    r"\b(secretary|minister|ambassador|commander|chief|charg[ée]|consul|president|premier|chairman|"
    r"director|head|representative|attach[ée]|envoy|counsell?or|adviser|advisor)s?\b",
    re.I,
)
ORGANISATION_WORDS = re.compile(
    r"\b(department|ministry|committee|embassy|legation|consulate|government|staff|council|party|"
    r"agency|command|headquarters|bureau|office|mission|delegation|politburo|presidium|army|navy|"
    r"center|centre|union|republic|nations|ministries|agencies)(?:s|es)?\b",
    re.I,
)


def node_kind(node: str, label: str) -> str:
    """person, office or organisation: from the authority when the node is resolved
    (``person:``, ``org:``), else from the words of the name as written ("Secretary of
    State" is an office, "Department of State" an organisation); "unknown" otherwise."""
    prefix = node.split(":", 1)[0]
    if prefix == "person":
        return "person"
    if prefix == "org":
        return "organisation"
    if ORGANISATION_WORDS.search(label):
        return "organisation"
    if OFFICE_WORDS.search(label):
        return "office"
    return "unknown"


LINK_PHRASES = {
    # kind -> (this document ... the other, this document ... by the other)
    "reply_to": ("Replies to", "Answered by"),
    "relays": ("Relays", "Relayed by"),
    "references": ("Refers to", "Referred to by"),
    "duplicate_of": ("Copy of", "Copied in"),
    "same_event": ("Same event as", "Same event as"),
}
VOLUME_ID = re.compile(r"^(frus:[^/]+/d)(\d+)$")


def volume_neighbours(doc_id: str) -> dict[str, str]:
    """The ids before and after a document in its printed volume (FRUS documents are
    numbered ``frus:<volume>/d<N>``); none for records without a volume."""
    match = VOLUME_ID.match(doc_id)
    if not match:
        return {}
    stem, number = match.group(1), int(match.group(2))
    found = {"next": f"{stem}{number + 1}"}
    if number > 1:
        found["previous"] = f"{stem}{number - 1}"
    return found


def correspondents(graph: JSON, ego: str) -> list[JSON]:
    """The people and offices next to ``ego`` in its network (the same edges the ego network
    draws): how many messages ego wrote to each, received from each, went through each as
    intermediary, and copies between them; most messages first."""
    labels = {n["id"]: n["label"] for n in graph["nodes"]}
    kinds = {n["id"]: n.get("kind", "person") for n in graph["nodes"]}
    rows: dict[str, JSON] = {}
    for edge in graph["edges"]:
        if ego not in (edge["source"], edge["target"]) or edge["source"] == edge["target"]:
            continue
        outgoing = edge["source"] == ego
        other = edge["target"] if outgoing else edge["source"]
        row = rows.setdefault(
            other,
            {
                "id": other,
                "name": labels.get(other, other),
                "kind": kinds.get(other, "person"),
                "wrote_to": 0,
                "received_from": 0,
                "relayed": 0,
                "copies": 0,
            },
        )
        if edge["kind"] == "message":
            row["wrote_to" if outgoing else "received_from"] += edge["count"]
        elif edge["kind"] == "relay_hop":
            row["relayed"] += edge["count"]
        else:
            row["copies"] += edge["count"]

    def total(row: JSON) -> int:
        return int(row["wrote_to"] + row["received_from"] + row["relayed"] + row["copies"])

    return sorted(rows.values(), key=lambda r: (-total(r), r["name"]))


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


EVENT_LABELS = {"written": "written", "dated": "dated", "relayed": "passed on"}


def message_item(ref: str, events: list[JSON], record: Record) -> JSON:
    """One message on the timeline. Its events are put in time order; a "received" stamp
    earlier than the "sent" one is the cipher office receiving the text to send (Soviet
    outgoing telegrams: "Received 18:35 ... Sent 20:50"), and is labelled so."""
    events = sorted(events, key=lambda e: e["at"])
    at = {e["kind"]: e["at"] for e in events}
    for event in events:
        label = EVENT_LABELS.get(event["kind"], event["kind"])
        if event["kind"] == "received" and "sent" in at and event["at"] < at["sent"]:
            label = "received for sending"
        event["label"] = label
    main = next((e for e in events if e["kind"] in ("written", "dated")), events[0])
    data = record.data
    message = next(
        (m for path, m in walk_messages(data.get("messages") or []) if message_ref(record.id, path) == ref),
        {},
    )
    authors = message.get("authors") or data.get("senders") or []
    return {
        "id": ref,
        "document": record.id,
        "title": data.get("title") or record.id,
        "sender": str(authors[0].get("name")) if authors else "unknown sender",
        "channel": channel_of(data),
        "at": main["at"],
        "start": events[0]["at"],
        "stop": events[-1]["at"],
        "events": events,
        "inner": ref.count("/") > 1,
    }


def tidy_block(markup: str) -> str:
    """A text block's HTML without the page's blank gaps: no leading or trailing blank
    lines, never more than one empty line in a row (whitespace only; the words stay)."""
    markup = re.sub(r"[ \t\u00a0]+\n", "\n", markup)
    return re.sub(r"\n{3,}", "\n\n", markup).strip("\n ")


def aligned_pairs(page: str, rows: list[JSON]) -> list[tuple[str, str]]:
    """(original, translation) pairs from the sentence alignment the enrich pass stored."""
    def joined(spans: list[list[int]]) -> str:
        return " ".join(page[a:b] for a, b in spans)

    return [(joined(row.get("left") or []), joined(row.get("right") or [])) for row in rows]


def document_view(doc: StoredDocument, alignment: list[JSON] | None = None) -> JSON:
    """What the document page shows; ``alignment`` (rows of spans into the page the record's
    text blocks point into) aligns original and translation sentence by sentence, else
    paragraphs are paired by order and length."""
    data = doc.data
    text = doc.texts[0] if doc.texts else ""
    pairs = aligned_pairs(page_of(doc), alignment) if alignment else side_by_side(data, text)
    blocks = []
    for block in data.get("texts") or []:
        if pairs and block.get("role") in ("original", "translation"):
            continue  # shown once, aligned paragraph by paragraph
        markup = tidy_block(highlighted(text, block["start"], block["stop"], data.get("mentions") or []))
        if markup:
            blocks.append({**block, "html": markup})
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
        "pairs": pairs,
        "envelope": envelope,
        "envelope_rows": envelope_rows(envelope),
        "transit": transit,
        "archive_url": archive_url(data),
    }


ENVELOPE_LABELS = {
    "number": "Number",
    "number_suffix": "Number suffix",
    "series": "Series",
    "priority": "Priority",
    "classification": "Classification",
    "origin": "Origin",
    "destination": "Destination",
    "channel": "Channel",
    "sent": "Sent",
    "dispatched": "Dispatched",
    "transmitted": "Transmitted",
    "received": "Received",
    "arrived": "Arrived",
    "deciphered": "Deciphered",
    "typed": "Typed",
    "printed": "Printed",
    "verified": "Verified",
    "distribution": "Distribution",
    "outgoing_numbers": "Outgoing numbers",
    "stamps": "Stamps",
}


def _envelope_value(value: Any) -> str:
    """One parsed envelope field as plain text: a person by name, an event by its time, who
    and the words as written, a list joined."""
    if isinstance(value, list):
        return "; ".join(v for v in (_envelope_value(x) for x in value) if v)
    if isinstance(value, dict):
        if "at" in value or ("text" in value and "name" not in value):
            parts = [str(value.get("at") or "")]
            if value.get("by"):
                parts.append(f"by {_envelope_value(value['by'])}")
            if value.get("copies"):
                parts.append(f"({value['copies']} copies)")
            if value.get("text"):
                parts.append(f"\u201c{value['text']}\u201d")
            return " ".join(p for p in parts if p)
        name = str(value.get("name") or value.get("as_written") or "")
        if value.get("copies"):
            name += f" ({value['copies']} copies)"
        return name
    return "" if value is None else str(value)


def envelope_rows(envelope: JSON) -> list[tuple[str, str]]:
    """Every envelope field the parser filled (label, value), in a telegram's own order:
    number, routing, then the times from sent to verified, then distribution and stamps;
    fields without a label of their own come last under their name."""
    rows: list[tuple[str, str]] = []
    known = [k for k in ENVELOPE_LABELS if k in envelope]
    other = sorted(k for k in envelope if k not in ENVELOPE_LABELS and k != "provenance")
    for key in known + other:
        shown = _envelope_value(envelope[key])
        if shown:
            rows.append((ENVELOPE_LABELS.get(key, key.replace("_", " ").capitalize()), shown))
    return rows


ARCHIVE_PAGES = {
    # archive -> the address of a record's page from its record id
    "Wilson Center Digital Archive": "https://digitalarchive.wilsoncenter.org/document/{record}",
}


def archive_url(data: JSON) -> str | None:
    """The archive's canonical page of the record: the URL the page states, else the one
    its archive gives every record id (Wilson Center: /document/<record id>)."""
    stated = data.get("url")
    if stated:
        record = data.get("record_id")
        if record and "/document/" in str(stated) and "wilson" in str(stated):
            return ARCHIVE_PAGES["Wilson Center Digital Archive"].format(record=record)
        return str(stated)
    pattern = ARCHIVE_PAGES.get(str(data.get("archive")))
    if pattern and data.get("record_id"):
        return pattern.format(record=data["record_id"])
    return None
