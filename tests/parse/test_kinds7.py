"""Seventh pass (issue 14): weaker readers for pages that print no heading with the parties."""

from __future__ import annotations

from cablegraph.parse import parse_documents
from cablegraph.resolve import Authority
from tests.parse.pages import text_page

AUTHORITY = Authority.builtin()

_WILSON = (
    "December 22, 1972\n\nNote on a Conversation with the 1st Secretary of the USSR Embassy\n\n"
    "    get citation\n\n"
    "    {summary}\n"
    "    \"Note on a Conversation with the 1st Secretary of the USSR Embassy,\" December 22, "
    "1972, History and Public Policy Program Digital Archive, PolA AA, MfAA, C 1080/78.\n\n"
    "GDR Embassy to DPRK\n\nPolitical Department\n\n"
    "On 18 October 1972 the undersigned met the 1st Secretary of the USSR Embassy.\n"
)


def test_a_summary_that_opens_with_who_tells_names_the_sender() -> None:
    summary = "Merten summarizes a conversation with the first Secretary of the USSR Embassy."
    [doc] = parse_documents(text_page(_WILSON.format(summary=summary)), AUTHORITY)
    assert [p.name for p in doc.senders] == ["Merten"]
    assert doc.senders[0].rule.startswith("summary_opening_author")


def test_a_summary_that_opens_with_a_speaker_names_no_sender() -> None:
    summary = "Ho Chi Minh asks about the situation in the South and the first Secretary answers."
    [doc] = parse_documents(text_page(_WILSON.format(summary=summary)), AUTHORITY)
    assert doc.senders == []
    summary = "The Embassy reports on a conversation with the first Secretary of the USSR Embassy."
    [doc] = parse_documents(text_page(_WILSON.format(summary=summary)), AUTHORITY)
    assert all(p.name != "The Embassy" for p in doc.senders)


_EXHIBIT = (
    "Skip to main content\n\n7 January 1954: Draft Note to State Department\n\n"
    "This message asks that all evidence of this nature be made available to the Canadian Government.\n\n"
    "{line}\n\n7 January 1954: Draft Note to State Department\n"
)


def test_an_exhibits_archive_citation_names_both_parties() -> None:
    line = (
        "Secretary of State for External Affairs to Head of Post, Canadian Embassy, Washington, "
        "7 Jan. 1954, LAC, RG 25, vol. 8561, file no. 50303-40, part 1.1."
    )
    [doc] = parse_documents(text_page(_EXHIBIT.format(line=line)), AUTHORITY)
    assert [p.name for p in doc.senders] == ["Secretary of State for External Affairs"]
    assert [p.name for p in doc.recipients] == ["Head of Post, Canadian Embassy, Washington"]
    assert doc.senders[0].rule.startswith("cited_parties")


def test_a_sentence_with_to_and_a_date_is_no_citation() -> None:
    line = "The Minister went to Washington, 7 Jan. 1954, and met the Secretary of State there."
    [doc] = parse_documents(text_page(_EXHIBIT.format(line=line)), AUTHORITY)
    assert all(not p.rule.startswith("cited_parties") for p in doc.senders + doc.recipients)


def test_an_archive_title_for_a_persons_work_names_its_author() -> None:
    from cablegraph.parse.people import parse_title_parties

    title = (
        "Mao Zedong, 'Speech at a Meeting of the Representatives of "
        "Sixty-four Communist and Workers' Parties'"
    )
    parties = parse_title_parties(title + " (Edited by Mao)", 0, AUTHORITY, year=1957)
    assert [p.name for p in parties.senders] == ["Mao Zedong"]
    assert parties.senders[0].rule.startswith("title_quoted_work")
    # a place, or a name nobody knows, before a quoted title is no author
    assert parse_title_parties("Moscow, 'The Situation in Hungary'", 0, AUTHORITY, year=1956).senders == []
    assert parse_title_parties("Qwertz Yuiop, 'On the Plan'", 0, AUTHORITY, year=1956).senders == []


def test_a_russian_notes_address_line_names_its_addressee() -> None:
    text = (
        "Получено 23.XII.1942 г. Перевод с английского. Москва, 23 декабря 1942 года.\n"
        "Ваше Превосходительство,\n"
        "Я имею честь сообщить Вам, что мне поручено передать следующее послание. Примите уверения.\n"
        "Его Превосходительству В.М. МОЛОТОВУ, Народному Комиссару Иностранных Дел. Москва.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert [p.name for p in doc.recipients] == ["Vyacheslav Molotov"]
    assert doc.recipients[0].rule.startswith("excellency_line")
    unknown = text.replace("В.М. МОЛОТОВУ", "К.Ц. ЙЦУКЕНУ")
    [doc] = parse_documents(text_page(unknown), AUTHORITY)
    assert doc.recipients == []  # a name nobody knows is left unread


def test_a_message_in_a_persons_selected_works_is_his() -> None:
    text = (
        "Selected Works of Mao Tse-tung\n\nTelegram to Stalin\n\nDecember 19, 1949\n\n"
        "Chairman Stalin,\n\nOn this happy occasion I sincerely extend to you my respect "
        "and my best wishes.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert [p.name for p in doc.senders] == ["Mao Zedong"]
    assert doc.senders[0].rule.startswith("works_author")
    # a collection's page that prints a speech or an article is not read as a message of his
    [doc] = parse_documents(text_page(text.replace("Telegram to Stalin", "On Protracted War")), AUTHORITY)
    assert all(not p.rule.startswith("works_author") for p in doc.senders)


def test_an_english_address_line_names_its_addressee() -> None:
    text = (
        "Moscow, December 23, 1942.\n\nExcellency,\n\n"
        "I have the honor to inform you that I have been instructed to transmit the following message "
        "from President Roosevelt.\n\nAccept, Excellency, the assurances of my highest consideration.\n\n"
        "His Excellency Mr. V. M. Molotov,\nPeople's Commissar for Foreign Affairs, Moscow.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert [p.name for p in doc.recipients] == ["Vyacheslav Molotov"]
    assert doc.recipients[0].rule.startswith("excellency_line")


def test_a_speech_by_a_known_person_is_his() -> None:
    from cablegraph.parse.people import parse_title_parties

    title = "Speech by Mao Zedong at the Supreme State Conference"
    parties = parse_title_parties(title, 0, AUTHORITY, year=1958)
    assert [p.name for p in parties.senders] == ["Mao Zedong"]
    assert parties.senders[0].rule.startswith("title_speaker")
    assert parties.recipients == []  # the audience is not an addressee
    government = parse_title_parties("Statement of the Government of the USSR", 0, AUTHORITY, year=1958)
    assert government.senders == []


def test_readers_take_names_with_letters_beyond_ascii_and_any_quotes() -> None:
    from cablegraph.parse.people import parse_title_parties

    parties = parse_title_parties("Władysław Gomułka, “Speech at the Plenum”", 0, AUTHORITY, year=1958)
    [sender] = parties.senders
    assert (sender.entity_id or "").startswith("person:") and sender.rule.startswith("title_quoted_work")
