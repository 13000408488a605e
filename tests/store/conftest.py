"""Fixtures for the store tests: every backend behind the same interface."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cablegraph.store import MemoryStore, SQLiteStore, Store


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    backend: Store = MemoryStore() if request.param == "memory" else SQLiteStore(
        tmp_path / "corpus.db")
    yield backend
    backend.close()
