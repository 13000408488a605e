"""Parse pages into Documents: one reader per source family, one module per concern."""

from cablegraph.parse.document import parse_documents, parse_page

__all__ = ["parse_documents", "parse_page"]
