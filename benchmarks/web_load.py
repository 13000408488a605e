"""Load on the workbench over loopback: concurrent clients, search and document pages.

    python benchmarks/web_load.py [--docs 100000] [--clients 20] [--requests 2000]

Builds (or reuses) a synthetic corpus of N documents (benchmarks/synthetic.py, stored
through the real corpus API without the parser), starts `cablegraph serve` in a second
process on 127.0.0.1, and sends a bounded number of requests from C client threads:
every kind of page, mixed: search pages, API searches, document pages, person pages,
timelines and the network's data. Prints p50/p95/p99 per kind and the error count. Only
loopback is ever contacted. The server runs with ``serve``'s default workers (one per
core) unless ``--workers`` says otherwise.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import PEOPLE, Generator

import cablegraph.corpus
from cablegraph.model import Document, SourcePage
from cablegraph.resolve import Authority

QUERIES = [
    "Stalin",
    "перемирие",
    "Kaesong",
    "Kim Il Sung",
    "armistice",
    "Filippov",
    "Mao Zedong",
    '"military advisers"',
    "negotiat*",
    "Риджуэй",
    "Пхеньян",
    "Molotov",
    "prisoners of war",
    "No. 26044",
    "Vyshinsky",
    "Peng Dehuai",
    "телеграмма",
    "Zhou Enlai",
    "Beijing",
    "ceasefire",
]
KINDS = ["search_page", "api_search", "document_page", "person_page", "timeline_page", "network_api"]


def build(db: Path, n: int) -> None:
    if db.exists():
        return
    current: dict[str, Document] = {}

    def parser(page: SourcePage) -> Document:
        return current.pop(page.sha256)

    def pages() -> object:
        for page, doc in Generator(1951).corpus(n):
            current[page.sha256] = doc
            yield page

    with cablegraph.corpus.open(db, parser=parser, authority=None) as corpus:
        corpus.ingest_pages(pages())  # type: ignore[arg-type]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def plan_of(ids: list[str], people: list[str], n: int, *, vary: bool = False) -> list[tuple[str, str]]:
    """The requests, (page kind, path), drawn from a fixed seed (``web_profile.py`` sends the
    same ones); ``vary``: a random date window on every search, timeline and network request."""
    rng = random.Random(7)

    def window() -> str:
        if not vary:
            return ""  # draws nothing: the plain plan is the same with or without this option
        year, month = rng.randint(1945, 1960), rng.randint(1, 12)
        end = year * 12 + month - 1 + rng.randint(1, 36)
        return f"&from={year}-{month:02d}&to={end // 12}-{end % 12 + 1:02d}"

    plan = []
    for _ in range(n):
        kind = rng.choice(KINDS)
        if kind == "document_page":
            plan.append((kind, f"/documents/{rng.choice(ids)}"))
        elif kind == "person_page":
            plan.append((kind, f"/entities/{rng.choice(people)}"))
        elif kind == "timeline_page":
            plan.append((kind, f"/timeline?person={rng.choice(people)}{window()}"))
        elif kind == "network_api":
            plan.append((kind, f"/api/network?person={rng.choice(people)}{window()}"))
        else:
            query = rng.choice(QUERIES)
            path = "/search" if kind == "search_page" else "/api/search"
            plan.append((kind, f"{path}?q={httpx.QueryParams({'q': query})['q']}{window()}"))
    return plan


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--workers", type=int, default=None, help="default: serve's (one per core)")
    parser.add_argument(
        "--vary", action="store_true",
        help="give every search, timeline and network request a random date window, so that"
             " almost none is a page the server has kept (20 queries and 12 persons otherwise"
             " repeat after the first wave)",
    )
    args = parser.parse_args()
    db = args.db or Path(f"/tmp/cablegraph-load-{args.docs}.db")
    started = time.perf_counter()
    build(db, args.docs)
    built = time.perf_counter() - started
    with cablegraph.corpus.open(db) as corpus:
        ids = [doc.id for _, doc in zip(range(2000), corpus.documents(), strict=False)]
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cablegraph.cli",
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
            *(["--workers", str(args.workers)] if args.workers else []),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/api/search?q=", timeout=5)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        authority = Authority.builtin()  # the person pages of the synthetic corpus's people
        people = [m.entity.id for m in (authority.lookup(p.name) for p in PEOPLE) if m]
        plan = plan_of(ids, people, args.requests, vary=args.vary)
        timings: dict[str, list[float]] = {}
        errors: list[str] = []
        with httpx.Client(
            base_url=base, timeout=30, limits=httpx.Limits(max_connections=args.clients)
        ) as client:
            for _, path in plan[:40]:  # warm the caches
                client.get(path)

            def fetch(item: tuple[str, str]) -> None:
                kind, path = item
                began = time.perf_counter()
                response = client.get(path)
                timings.setdefault(kind, []).append((time.perf_counter() - began) * 1000)
                if response.status_code >= 400:
                    errors.append(f"{response.status_code} {path}")

            began = time.perf_counter()
            with ThreadPoolExecutor(args.clients) as pool:
                list(pool.map(fetch, plan))
            wall = time.perf_counter() - began
        result = {
            "docs": args.docs,
            "build_s": round(built, 1),
            "clients": args.clients,
            "requests": len(plan),
            "errors": len(errors),
            "first_errors": errors[:5],
            "requests_per_s": round(len(plan) / wall, 1),
        }
        for kind, samples in sorted(timings.items()):
            result[kind] = {
                "p50_ms": round(statistics.median(samples), 1),
                "p95_ms": round(percentile(samples, 0.95), 1),
                "p99_ms": round(percentile(samples, 0.99), 1),
            }
        print(json.dumps(result))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
