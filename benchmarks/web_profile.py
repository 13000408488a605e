"""CPU cost per request of each page kind of the web load benchmark, in process.

    python benchmarks/web_profile.py [--docs 100000] [--requests 300] [--profile KIND]

The same request mix as ``web_load.py`` (same paths, same seed), sent one at a time to the
app in this process (Starlette's TestClient, so routing, templates and JSON are counted);
each request's CPU time (``time.process_time``: every thread of the process, not the
wall clock, which a shared machine makes noisy) is summed per page kind. The first pass
over the plan warms the caches as a running server's would be; the second is measured.
``--cold`` keeps nothing between requests (what each request costs right after a write,
when every kept value is computed afresh).
``--profile KIND`` then prints cProfile's top functions for that kind's requests, sent
through httpx's ASGI transport with the app's worker-thread calls run inline in this
thread (cProfile sees one thread only).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import anyio.to_thread
import httpx
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import PEOPLE
from web_load import KINDS, plan_of

import cablegraph.corpus
from cablegraph.resolve import Authority
from cablegraph.web.app import create_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--profile", choices=KINDS, default=None)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--cold", action="store_true", help="keep nothing between requests (the cost after every write)"
    )
    args = parser.parse_args()
    db = args.db or Path(f"/tmp/cablegraph-load-{args.docs}.db")
    if not db.exists():
        raise SystemExit(f"{db}: no such database (build it with benchmarks/web_load.py)")
    with cablegraph.corpus.open(db) as corpus:
        ids = [doc.id for _, doc in zip(range(2000), corpus.documents(), strict=False)]
    authority = Authority.builtin()
    people = [m.entity.id for m in (authority.lookup(p.name) for p in PEOPLE) if m]
    plan = plan_of(ids, people, args.requests)
    app = create_app(str(db))
    kept = getattr(app.state.web.views, "kept", None)  # None: code from before it kept anything
    with TestClient(app) as client:
        for _, path in plan:  # warm: every page once, as a running server would have them
            response = client.get(path)
            if response.status_code >= 400:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
        cpu: dict[str, list[float]] = {}
        for kind, path in plan:
            if args.cold and kept is not None:
                kept.clear()  # every value computed afresh, as after a write
            began = time.process_time()
            client.get(path)
            cpu.setdefault(kind, []).append((time.process_time() - began) * 1000)
        result = {
            kind: {
                "n": len(samples),
                "mean_cpu_ms": round(statistics.fmean(samples), 1),
                "p95_cpu_ms": round(sorted(samples)[int(0.95 * (len(samples) - 1))], 1),
            }
            for kind, samples in sorted(cpu.items())
        }
        every = [s for samples in cpu.values() for s in samples]
        result["all"] = {"n": len(every), "mean_cpu_ms": round(statistics.fmean(every), 1)}
        print(json.dumps(result, indent=1))
        if args.profile:
            profile(app, [path for kind, path in plan if kind == args.profile], args.top)


def profile(app: object, paths: list[str], top: int) -> None:
    """cProfile of these requests, every call of the app in this thread."""

    async def inline(func: Any, *args: Any, **_: Any) -> Any:
        return func(*args)

    async def send_all() -> None:
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            profiler.enable()
            for path in paths:
                await client.get(path)
            profiler.disable()

    profiler = cProfile.Profile()
    original = anyio.to_thread.run_sync
    anyio.to_thread.run_sync = inline  # type: ignore[assignment]
    try:
        asyncio.run(send_all())
    finally:
        anyio.to_thread.run_sync = original
    print(f"{len(paths)} requests")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


if __name__ == "__main__":
    main()
