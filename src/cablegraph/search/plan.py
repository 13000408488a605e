"""What a search asks, checked once for both backends (tantivy and PostgreSQL).

The typed text becomes a query tree (never failing, repairs noted as warnings), the
explicit filters must make sense (a filter that cannot mean anything raises
``QueryError``), the sort must be one we know, and filters typed inside the query
(``person:Stalin``) join the explicit ones, which win.
"""

from __future__ import annotations

from dataclasses import dataclass

from cablegraph.errors import QueryError
from cablegraph.search.filters import Filters, check_sort, date_number
from cablegraph.search.query import ParsedQuery, parse


@dataclass(frozen=True, slots=True)
class SearchPlan:
    parsed: ParsedQuery
    filters: Filters  # explicit and inline together


def plan_search(
    text: str | None, filters: Filters | None, sort: str, *, max_chars: int, max_terms: int
) -> SearchPlan:
    """Parse ``text``, check ``filters`` and ``sort``, and merge the inline filters."""
    parsed = parse(text, max_chars=max_chars, max_terms=max_terms)
    explicit = filters or Filters()
    check_dates(explicit)
    check_sort(sort)
    return SearchPlan(parsed, explicit.with_inline(parsed.filters, parsed.warnings))


def check_dates(f: Filters) -> None:
    """Explicit date filters (options, API arguments) must be dates, in order."""
    low = date_number(f.date_from, end=False, name="from") if f.date_from else None
    high = date_number(f.date_to, end=True, name="to") if f.date_to else None
    if low is not None and high is not None and low > high:
        raise QueryError(f"--from {f.date_from!r} is after --to {f.date_to!r}")
