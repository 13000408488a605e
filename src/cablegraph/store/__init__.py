"""The store: documents, their sources, quarantine and the search-index ledger.

``base.Store`` is the interface; ``sqlite.SQLiteStore`` the default backend,
``memory.MemoryStore`` a real in-memory one for tests.
"""

from cablegraph.store.base import (
    Failure,
    PutResult,
    SourceInfo,
    Store,
    StoredDocument,
    StoreStats,
)
from cablegraph.store.memory import MemoryStore
from cablegraph.store.sqlite import SQLiteStore

__all__ = [
    "Failure",
    "MemoryStore",
    "PutResult",
    "SQLiteStore",
    "SourceInfo",
    "Store",
    "StoreStats",
    "StoredDocument",
]
