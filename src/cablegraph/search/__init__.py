"""Search: safe query parsing, a tantivy index derived from the store, facets, snippets.

``index.SearchIndex`` explains the engine choice (measured: tantivy over FTS5).
``query.parse`` turns any text into a query tree without ever raising.
"""

from cablegraph.search.filters import Filters
from cablegraph.search.index import SearchIndex
from cablegraph.search.query import ParsedQuery, parse
from cablegraph.search.result import FacetCount, Hit, SearchResult

__all__ = ["FacetCount", "Filters", "Hit", "ParsedQuery", "SearchIndex", "SearchResult", "parse"]
