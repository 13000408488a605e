"""How a telegram cites another: the forms of the State Department's reference lines."""

from __future__ import annotations

import datetime as dt

from cablegraph.link import Record
from cablegraph.link.missing import find_missing
from cablegraph.link.references import cited_numbers

DEPARTMENT_TO_EMBASSY = {
    "id": "deptel",
    "senders": [{"name": "Department of State"}],
    "recipients": [{"name": "John Leighton Stuart", "role": "Ambassador in China"}],
    "date": {"iso": "1947-12-05"},
}


def test_a_reference_to_an_embassy_telegram_written_as_one_word() -> None:
    """ "ReEmbtel 2331, December 3": the embassy's telegram No. 2331 of 3 December, which
    the Department answers; it was read as an unnumbered telegram of the Department."""
    citing = Record.of(DEPARTMENT_TO_EMBASSY, "ReEmbtel 2331, December 3, transmitting a press release.")
    assert "2331" in cited_numbers(citing)
    [stub] = find_missing([citing])
    assert stub.number == "2331"
    assert (stub.senders, stub.recipients) == (["John Leighton Stuart"], ["Department of State"])
    assert stub.cited_date == dt.date(1947, 12, 3)


def test_a_reference_to_a_department_telegram_in_one_word() -> None:
    citing = Record.of(
        {**DEPARTMENT_TO_EMBASSY, "senders": DEPARTMENT_TO_EMBASSY["recipients"],
         "recipients": DEPARTMENT_TO_EMBASSY["senders"]},
        "ReDeptel 1180, November 28. The Generalissimo received me today.",
    )
    [stub] = find_missing([citing])
    assert stub.number == "1180"
    assert (stub.senders, stub.recipients) == (["Department of State"], ["John Leighton Stuart"])
