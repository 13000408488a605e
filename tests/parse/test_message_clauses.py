"""The clause that names a quoted message's parties and date: the name stops where its
date ("of 0530 18 October 1951") or a purpose ("for [your] information") begins."""

from __future__ import annotations

import pytest

from cablegraph.parse.messages import read_clause


@pytest.mark.parametrize(
    ("clause", "authors", "recipients", "date"),
    [
        ("to Cde. Li Kenong of 0530 18 October 1951 for [your] information.", None, "Cde. Li Kenong",
         "0530 18 October 1951"),
        ("to Stalin of 5 July for your information", None, "Stalin", "5 July"),
        ("to Filippov of 21.11.1951", None, "Filippov", "21.11.1951"),
        ("to Comrade Zhou Enlai with a request to pass it on", None, "Comrade Zhou Enlai", None),
        ("to the Ministry of Foreign Affairs", None, "the Ministry of Foreign Affairs", None),
        ("from Mao Zedong to Filippov of 21.11.1951 (No. 5)", "Mao Zedong", "Filippov", "21.11.1951"),
        ("from Kim Il Sung of 1950", "Kim Il Sung", None, "1950"),
    ],
)
def test_a_clause_gives_parties_and_date_apart(
    clause: str, authors: str | None, recipients: str | None, date: str | None
) -> None:
    found = read_clause(clause, 0)
    assert (found.authors or (None,))[0] == authors
    assert (found.recipients or (None,))[0] == recipients
    assert (found.date or (None,))[0] == date
