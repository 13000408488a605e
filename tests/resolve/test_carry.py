"""The page-level carry of accepted names to their list neighbours (resolve/carry.py), on the
real authority; the sentences are those of real pages (frus1952-54v07p1-d443) or shaped so."""

from __future__ import annotations

import pytest

from cablegraph.resolve import Authority
from cablegraph.resolve.carry import Carried, list_neighbours, other_occurrences
from cablegraph.resolve.enrich import CapitalsRecognizer, names_in

MEMO = "- Copies of this memorandum were transmitted to Dulles, Conant, Merchant, and Morris."


@pytest.fixture(scope="module")
def authority() -> Authority:
    return Authority.builtin()


def test_the_one_member_left_of_a_list_of_persons_is_a_person(authority: Authority) -> None:
    # Merchant is an English word the running-text rules leave; his neighbours vouch for him
    assert list_neighbours(MEMO, authority, 1954, set()) == [
        Carried(MEMO.index("Merchant"), "Merchant", "person:merchant")]


def test_names_accepted_elsewhere_on_the_page_vouch_in_any_case(authority: Authority) -> None:
    text = "MET WITH MERCHANT, AGAH AND YAZDI."
    assert list_neighbours(text, authority, 1954, set()) == []
    carried = list_neighbours(text, authority, 1954, {"agah", "yazdi"})
    assert [(c.form, c.entity_id) for c in carried] == [("MERCHANT", "person:merchant")]


def test_a_plural_title_makes_every_member_a_person(authority: Authority) -> None:
    carried = list_neighbours("Present were Messrs. Dulles and Merchant.", authority, 1954, set())
    assert [(c.form, c.entity_id) for c in carried] == [("Merchant", "person:merchant")]
    assert list_neighbours("Present were Dulles and Merchant.", authority, 1954, set()) == []


@pytest.mark.parametrize("text", [
    "Present were Henry, Dulles and Conant.",  # a given name alone names nobody
    "Present were Dulles and Merchant.",  # one person does not vouch for another
    "Dulles, Conant, NATO and Morris",  # a body the authority knows
    "Dulles, Conant, Thursday and Morris",  # an English word no person of the record bears
])
def test_no_carry(authority: Authority, text: str) -> None:
    assert list_neighbours(text, authority, 1954, set()) == []


def test_names_in_adds_the_carried_person(authority: Authority) -> None:
    names = names_in("memo", [("en", MEMO)], authority, CapitalsRecognizer(), year=1954)
    assert "person:merchant" in names.entities


def test_an_accepted_surname_carries_to_its_other_occurrences() -> None:
    first, second = "IRANIAN CHARGE AGAH CALLED.", "Later Agah's aide, not agah, met AGAH again."
    found = other_occurrences([first, second], [0, 100], {"AGAH"}, [(15, 19)])
    assert found == [(100 + second.index("Agah"), 100 + second.index("Agah") + 4, "Agah"),
                     (100 + second.index("AGAH"), 100 + second.index("AGAH") + 4, "AGAH")]


def test_short_surnames_and_english_words_do_not_carry() -> None:
    text = "Mr. Ho Brown met Ho and Brown."
    assert other_occurrences([text], [0], {"Ho", "Mike Brown"}, []) == []


def test_names_in_spans_every_occurrence_of_an_accepted_name(authority: Authority) -> None:
    text = "AMBASSADOR SMOLE CALLED ON THE MINISTER.\nSmole's note followed. SMOLE LEFT."
    names = names_in("cable", [(None, text)], authority, CapitalsRecognizer(), year=1979)
    assert ("SMOLE", "person") in names.unknown
    assert sorted(a for a, _, _, _ in names.spans) == [11, text.index("Smole"), text.rindex("SMOLE")]
