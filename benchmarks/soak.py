"""The long tier of the reliability suite (``make soak``): the fast tier's checks at length,
a headless-Chromium XSS pass and a loopback load test; prints a table of figures.

    python benchmarks/soak.py                       # the full soak (tens of minutes)
    python benchmarks/soak.py --kills 50 --docs 5000 --requests 3000   # a shorter one
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import httpx  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from tests.reliability import faults, fuzzing  # noqa: E402
from tests.reliability.kit import PAGES, TOKEN, percentile, served  # noqa: E402
from tests.reliability.payloads import HOSTILE_QUERIES, XSS_PAGE  # noqa: E402

from cablegraph import corpus as corpus_api  # noqa: E402

ROWS: list[tuple[str, str, str]] = []


def row(area: str, figure: str, value: object) -> None:
    ROWS.append((area, figure, str(value)))
    print(f"  {area:<12} {figure:<40} {value}", flush=True)


def _fuzz_reader(reader: str, examples: int) -> tuple[int, str, float]:
    """Inputs tried, the first crash (or ""), the slowest input in seconds."""
    from tests.reliability.kit import only_our_errors

    run = fuzzing.READERS[reader]
    tried, slowest = 0, 0.0

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(fuzzing.strategy(reader))
    def one(data: bytes) -> None:
        nonlocal tried, slowest
        tried += 1
        started = time.perf_counter()
        only_our_errors(reader, data, lambda: run(data))
        slowest = max(slowest, time.perf_counter() - started)

    try:
        one()
    except Exception as exc:  # kept under tests/fixtures/invalid/fuzz/ by only_our_errors
        return tried, f"{type(exc).__name__}: {str(exc)[:60]}", slowest
    return tried, "", slowest


def soak_fuzz(examples: int) -> None:
    os.environ["CABLEGRAPH_FUZZ_SAVE"] = "1"
    fuzzing.authority()
    for reader in fuzzing.READERS:
        tried, crash, slowest = _fuzz_reader(reader, examples)
        if crash:
            row("fuzz", f"{reader}: first crash", crash)
        row(
            "fuzz",
            f"{reader}: inputs tried / crashes / slowest s",
            f"{tried} / {int(bool(crash))} / {slowest:.2f}",
        )


def soak_faults(work: Path, kills: int, seconds: float) -> None:
    folder = work / "pages"
    faults.write_pages(folder, faults.pages_for_kills(kills))
    result = faults.kill_loop(folder, work / "killed.db", kills)
    ledger: dict[str, int] = result["ledger"]  # type: ignore[assignment]
    row("kill -9", "kills landed mid-ingest / tried", f"{result['kills']} / {kills}")
    row("kill -9", "integrity problems after resume", len(result["problems"]))  # type: ignore[arg-type]
    row(
        "kill -9",
        "pages stored / twice / lost",
        f"{len(ledger)} / {sum(v > 1 for v in ledger.values())}"
        f" / {len(list(folder.iterdir())) - len(ledger)}",
    )
    busy = faults.concurrent(work / "busy.db", writers=3, per_writer=300, readers=3, seconds=seconds)
    row("concurrency", "writes exact (stored / expected)", f"{busy['count']} / 900")
    row("concurrency", "reads served", busy["reads"])
    row("concurrency", "errors ('database is locked')", len(busy["errors"]))  # type: ignore[arg-type]
    backup = faults.backup_under_writes(work / "live.db", work, rounds=10, per_round=40)
    good = sum(c["integrity"] == "ok" and c["matches"] for c in backup["copies"])  # type: ignore[attr-defined,index]
    row("backup", "copies taken under writes / intact", f"{len(backup['copies'])} / {good}")  # type: ignore[arg-type]


def soak_api(url: str, examples: int) -> None:
    import schemathesis
    from hypothesis.errors import Unsatisfiable
    from tests.reliability.test_api_fuzz import fuzz_operation, operations

    sent, failed = 0, []
    for mode in schemathesis.GenerationMode:  # positive (NUL in strings) and negative
        for operation in operations(url):
            try:
                sent += fuzz_operation(operation, examples, mode)
            except Unsatisfiable:
                pass  # negative mode: only free text parameters, nothing the schema forbids
            except Exception as exc:  # a finding: reported in the table
                failed.append(f"{mode.value} {operation.label}: {str(exc)[:80]}")  # type: ignore[attr-defined]
    row("api fuzz", "requests sent / failing operations", f"{sent}+ / {len(failed)}")
    for failure in failed[:5]:
        row("api fuzz", "failure", failure)


def soak_browser(url: str) -> None:
    from tests.reliability.test_web_security import _pages_with_payloads, _store_payloads

    with httpx.Client(base_url=url, timeout=30) as client:
        _store_payloads(client)
    paths = _pages_with_payloads()
    child = subprocess.run(
        ["node", "xss_soak.mjs", url, json.dumps(paths)],
        cwd=ROOT / "tests" / "browser",
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if child.returncode != 0:
        row("xss", "chromium", f"not run: {child.stderr.strip()[-120:]}")
        return
    result = json.loads(child.stdout)
    row("xss", "pages loaded in chromium / dialogs fired", f"{result['loaded']} / {result['dialogs']}")


def build_synthetic(db: Path, docs: int) -> list[str]:
    ids: list[str] = []
    with corpus_api.open(db, authority=None) as corpus:
        for i, (page, doc) in enumerate(faults.synthetic(0, docs)):
            ids.append(corpus.add(doc, page).doc_id)
            if i % 2000 == 1999:
                corpus.sync()
        corpus.sync()
    return ids


def soak_load(work: Path, docs: int, requests: int, seconds: float, threads: int) -> None:
    db = work / "load.db"
    started = time.perf_counter()
    ids = build_synthetic(db, docs)
    row("load", "synthetic corpus (documents, build s)", f"{len(ids)}, {time.perf_counter() - started:.0f}")
    words = [
        "Stalin",
        "Kaesong",
        "перемирие",
        "Filippov",
        '"Kim Il Sung"',
        "negotiat*",
        "Wonsan",
        "Krasovsky",
        "telegram",
        "Mao Zedong",
    ]
    rng = random.Random(7)
    plan = []
    for _ in range(requests):
        roll = rng.random()
        if roll < 0.10:
            q = quote(rng.choice(HOSTILE_QUERIES)[:2000], safe="", errors="surrogatepass")
            plan.append(("hostile", f"/api/search?q={q}"))
        elif roll < 0.45:
            plan.append(("search", f"/api/search?q={quote(rng.choice(words))}&limit=20"))
        elif roll < 0.55:
            plan.append(("web search", f"/search?q={quote(rng.choice(words))}"))
        elif roll < 0.80:
            plan.append(("document", f"/documents/{rng.choice(ids)}"))
        elif roll < 0.90:
            plan.append(("document json", f"/api/documents/{rng.choice(ids)}"))
        else:
            plan.append(
                (
                    "export",
                    rng.choice(
                        ["/api/network", "/api/timeline?person=Stalin", f"/api/threads/{rng.choice(ids)}"]
                    ),
                )
            )
    latencies: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    with served(str(db), token=None) as url:
        cursor = iter(plan)

        def worker() -> None:
            with httpx.Client(base_url=url, timeout=60) as client:
                while time.monotonic() < deadline:
                    with lock:
                        item = next(cursor, None)
                    if item is None:
                        return
                    kind, path = item
                    t0 = time.perf_counter()
                    try:
                        status = client.get(path).status_code
                    except httpx.HTTPError:
                        status = 599
                    took = time.perf_counter() - t0
                    with lock:
                        latencies.setdefault(kind, []).append(took)
                        if status >= 500:
                            errors[kind] = errors.get(kind, 0) + 1

        t0 = time.perf_counter()
        pool = [threading.Thread(target=worker) for _ in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        wall = time.perf_counter() - t0
    every = [x for v in latencies.values() for x in v]
    row("load", "requests served / planned, seconds", f"{len(every)} / {requests}, {wall:.0f}")
    row("load", "throughput (req/s)", f"{len(every) / wall:.1f}")
    row("load", "5xx or failed requests", sum(errors.values()))
    for kind in sorted(latencies):
        v = latencies[kind]
        row(
            "load",
            f"{kind}: n, p50/p95/p99 ms",
            f"{len(v)}, {percentile(v, 0.5) * 1000:.0f}/"
            f"{percentile(v, 0.95) * 1000:.0f}/{percentile(v, 0.99) * 1000:.0f}",
        )
    row(
        "load",
        "all: p50/p95/p99 ms",
        f"{percentile(every, 0.5) * 1000:.0f}/"
        f"{percentile(every, 0.95) * 1000:.0f}/{percentile(every, 0.99) * 1000:.0f}",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fuzz-examples", type=int, default=2000, help="inputs per reader")
    parser.add_argument("--kills", type=int, default=500)
    parser.add_argument("--concurrency-seconds", type=float, default=120)
    parser.add_argument("--api-examples", type=int, default=100, help="per operation")
    parser.add_argument("--docs", type=int, default=100_000, help="documents of the load's corpus")
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=600, help="load test time limit")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--only", default="fuzz,faults,api,xss,load")
    args = parser.parse_args()
    only = set(args.only.split(","))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cablegraph-soak-") as tmp:
        work = Path(tmp)
        if "fuzz" in only:
            soak_fuzz(args.fuzz_examples)
        if "faults" in only:
            soak_faults(work, args.kills, args.concurrency_seconds)
        if only & {"api", "xss"}:
            (work / "xss.txt").write_text(XSS_PAGE, encoding="utf-8")
            with corpus_api.open(work / "web.db") as corpus:
                corpus.ingest([str(PAGES), str(work / "xss.txt")])
            with served(str(work / "web.db"), token=TOKEN) as url:
                if "api" in only:
                    soak_api(url, args.api_examples)
                if "xss" in only:
                    soak_browser(url)
        if "load" in only:
            soak_load(work, args.docs, args.requests, args.seconds, args.threads)
    row("soak", "wall time (s)", f"{time.perf_counter() - started:.0f}")
    width = max(len(a) + len(f) for a, f, _ in ROWS) + 5
    print("\n" + "area / figure".ljust(width) + "value")
    print("-" * (width + 30))
    for area, figure, value in ROWS:
        print(f"{area} / {figure}".ljust(width) + value)


if __name__ == "__main__":
    main()
