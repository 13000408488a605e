"""Fixtures of the reliability suite: a real corpus (the example pages and one page of XSS
payloads) and a real server over it, with a curator token."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cablegraph import corpus as corpus_api
from tests.reliability.kit import PAGES, served
from tests.reliability.payloads import XSS_PAGE


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("reliability")
    (folder / "xss.txt").write_text(XSS_PAGE, encoding="utf-8")
    path = str(folder / "corpus.db")
    with corpus_api.open(path) as corpus:
        report = corpus.ingest([str(PAGES), str(folder / "xss.txt")])
        assert report.failed == 0, report.summary()
    return path


@pytest.fixture(scope="session")
def server(corpus_db: str) -> Iterator[str]:
    with served(corpus_db) as url:
        yield url


@pytest.fixture(scope="session")
def seed_count() -> int:
    return len(list(Path(PAGES).rglob("*.txt"))) + 1
