"""Run every link rule over a set of records, with indexes that keep it near-linear."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator

from cablegraph.link.records import Record
from cablegraph.link.references import find_references
from cablegraph.link.relays import find_relays
from cablegraph.link.replies import WINDOW_DAYS, find_replies
from cablegraph.model.link import Link


class LinkIndex:
    """Records by sender (sorted by date, for window look-ups) and by telegram number."""

    def __init__(self, records: Iterable[Record]) -> None:
        self.records: list[Record] = list(records)
        self._by_sender: dict[str, list[Record]] = defaultdict(list)
        self.by_number: dict[str, list[Record]] = defaultdict(list)
        for record in self.records:
            for sender in record.senders:
                self._by_sender[sender].append(record)
            for number in record.numbers:
                self.by_number[number].append(record)
        self._dates: dict[str, list[int]] = {}
        for sender, found in self._by_sender.items():
            found.sort(key=lambda r: (r.date or dt.date.min).toordinal())
            self._dates[sender] = [(r.date or dt.date.min).toordinal() for r in found]

    def by_sender(self, sender: str) -> list[Record]:
        return self._by_sender.get(sender, [])

    def window(self, sender: str, date: dt.date | None, days: int = WINDOW_DAYS) -> list[Record]:
        """What ``sender`` wrote within ``days`` before ``date`` (everything if undated)."""
        found = self._by_sender.get(sender, [])
        if date is None or not found:
            return found
        dates = self._dates[sender]
        low = bisect.bisect_left(dates, date.toordinal() - days)
        high = bisect.bisect_right(dates, date.toordinal())
        return found[low:high]


def find_links(records: Iterable[Record]) -> list[Link]:
    """Every link among ``records`` (each kind deduplicated, best confidence kept)."""
    index = LinkIndex(records)
    return links_from(index.records, index)


def links_from(sources: Iterable[Record], index: LinkIndex) -> list[Link]:
    """The links whose source is one of ``sources``, other ends looked up in ``index``."""
    return _dedupe(_links_of(sources, index))


def _links_of(sources: Iterable[Record], index: LinkIndex) -> Iterator[Link]:
    for record in sources:
        yield from find_replies(record, index)
        yield from find_references(record, index.by_number)
        yield from find_relays(record, index)
        for other in record.data.get("near_duplicates") or []:
            yield Link(record.id, str(other), "near_duplicate", "minhash_sketch", 0.8)


def _dedupe(links: Iterable[Link]) -> list[Link]:
    best: dict[tuple[str, str, str], Link] = {}
    for link in links:
        key = (link.source, link.target, link.kind)
        if key not in best or link.confidence > best[key].confidence:
            best[key] = link
    return list(best.values())
