"""References: a telegram number cited in the text that is another document's number.

"In addition to my Nº 2390", "Reur CX 66183", "Re Embtels 813, 819", "ReEmbtel 2331", "your 522".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cablegraph.link.records import Record, normal_number
from cablegraph.link.replies import source_blocks
from cablegraph.model.link import Link

_CITED = re.compile(
    r"\b(?P<lead>my|your|our|his|(?:Re)?Embtels?|(?:Re)?Deptels?|Reurtel|Reur|mytel|telegram|cable)\s+"
    r"(?P<list>(?:(?:No\.|Nº|№)\s*)?(?:[A-Z]{1,4}[ –-]?)?\d{2,7}"
    r"(?:,?\s*(?:and\s+)?(?:[A-Z]{1,4}[ –-]?)?\d{2,7})*)"
    r"|(?P<sign>(?:No\.|Nº|№))\s*(?P<single>\d{3,7})",
)
_ITEM = re.compile(r"(?:[A-Z]{1,4}[ –-]?)?\d{2,7}")
# A State Department cable's REF line: "REF: STATE 262847; WARSAW 0980" (origin, number).
_REF_LINE = re.compile(r"(?<![A-Z])REFS?:[ \t]*(?P<refs>[^\n]+)")
_REF_ITEM = re.compile(r"\b[A-Z]{3,}(?: [A-Z]{3,})?\s+0*(?P<number>\d{1,7})\b")


def _cited(text: str, start: int, stop: int) -> Iterator[tuple[re.Match[str], list[str]]]:
    """Every citation in ``text[start:stop]`` and the numbers it cites."""
    for match in _CITED.finditer(text, start, stop):
        yield match, _ITEM.findall(match.group("list") or match.group("single") or "")
    for match in _REF_LINE.finditer(text, start, stop):
        yield match, [item.group("number") for item in _REF_ITEM.finditer(match.group("refs"))]


def cited_numbers(record: Record) -> frozenset[str]:
    """Every number ``record`` cites (its own excluded): where its references can point."""
    found: set[str] = set()
    for start, stop in source_blocks(record):
        for match in _CITED.finditer(record.text, start, stop):
            cited = match.group("list") or match.group("single") or ""
            found.update(normal_number(item) for item in _ITEM.findall(cited))
    return frozenset(found - record.numbers)


def find_references(record: Record, by_number: dict[str, list[Record]]) -> Iterator[Link]:
    """``references`` links for every cited number that is another document's number."""
    done: set[str] = set()
    for start, stop in source_blocks(record):
        for match, items in _cited(record.text, start, stop):
            for item in items:
                number = normal_number(item)
                if number in record.numbers:
                    continue  # our own number
                for target in by_number.get(number, []):
                    if target.id == record.id or target.id in done:
                        continue
                    if record.date and target.date and target.date > record.date:
                        continue  # a reference points back in time
                    done.add(target.id)
                    confidence = (
                        0.9
                        if (target.senders | target.recipients) & (record.senders | record.recipients)
                        else 0.7
                    )
                    yield Link(
                        record.id,
                        target.id,
                        "references",
                        "cited_number",
                        confidence,
                        match.group(0),
                        match.start(),
                        match.end(),
                    )
