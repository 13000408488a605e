"""Fourth pass (issue 14): rules for kinds of page met on new real pages."""

from __future__ import annotations

from cablegraph.parse import parse_documents
from cablegraph.parse.people import parse_title_parties
from cablegraph.resolve import Authority
from tests.parse.pages import text_page

AUTHORITY = Authority.builtin()


def test_a_classified_kind_with_places_in_brackets_names_its_parties() -> None:
    title = "Secret Telegram from Maneli (Saigon) to Spasowski (Warsaw) [Ciphergram No. 7237]"
    parties = parse_title_parties(title, 0, AUTHORITY, year=1963)
    assert [p.name for p in parties.senders] == ["Mieczyslaw Maneli"]
    assert [p.name for p in parties.recipients] == ["Romuald Spasowski"]
    assert "place_bracket" in parties.senders[0].rule
    assert parties.senders[0].span is not None and title[parties.senders[0].span.start :].startswith("Maneli")


def test_an_addressee_line_names_who_at_the_place_a_title_names() -> None:
    text = (
        "Skip to content\n\nNovember 2, 1981\n\nSecret Telegram No. 3638/IV - From Moscow to Warsaw\n\n"
        "This document was made possible with support from Leon Levy Foundation\n\n"
        "To [Foreign Minister] Comrade Czyrek:\n\n"
        "In a conversation today the deputy minister said the following about the situation.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    # the authority holds Poland's foreign ministers (resolve/data/office_holders.json)
    assert [p.name for p in doc.recipients] == ["Józef Czyrek"]
    assert doc.recipients[0].rule.startswith("addressee_line")
    assert doc.recipients[0].entity_id is not None
    assert [p.name for p in doc.senders] == ["Moscow"]  # the title's place, as before


def test_a_telegram_numbered_first_line_is_prose_and_the_name_below_signs_it() -> None:
    text = (
        "File No. 811.142/3200\n\nThe Secretary of State to the Ambassador in Russia ( Francis)\n\n"
        "[Telegram]\n\n"
        "78. Your 101, April 15, 8 p.m. Department understands that Robins is cabling to Colonel Thompson "
        "and also Red Cross direct without Embassy’s knowledge on matters of political policy.\n\nLansing\n"
    )
    [doc] = parse_documents(text_page(text, "frus1918Russiav01-d482.txt"), AUTHORITY)
    assert doc.envelope.number == "78"  # a long line with a date in it is no dateline
    assert [p.name for p in doc.senders] == ["Robert Lansing"]
    assert doc.senders[0].rule.startswith("signature_line")


def test_a_telegram_number_after_its_channel_or_the_word_number() -> None:
    for line, number in (
        ("Topol 2308. Paris for USRO and Embassy. Following is summary of analysis.", "Topol 2308"),
        ("Number 76. Top Secret and Personal from the President to Ambassador Harriman.", "76"),
        ("Part 2. The situation in the north has not changed since our last report.", None),
    ):
        text = (
            "36. Telegram From the Department of State to the Embassy in France\n\n"
            f"Washington, January 9, 1958, 8:14 p.m.\n\n{line}\n\nDulles\n"
        )
        [doc] = parse_documents(text_page(text), AUTHORITY)
        assert doc.envelope.number == number, line


def test_a_collections_excerpt_heading_gives_title_kind_and_parties() -> None:
    text = (
        "Selected Secret Documents from Soviet Foreign Policy Documents Archives\n\n"
        "Marx-Engels |  Lenin  | Stalin |  Home Page\n\nDownload PDF\n\n"
        "From: telegrams of the plenipotentiary representative of the USSR in the kingdom of Bulgaria "
        "Lavrishchev to the people's commissioner for foreign affairs of the USSR V. M. Molotov\n\n"
        "November 30, 1940\n\nTop secret\n\n"
        "Popov conveyed in oral and written form the response of the Bulgarian government as follows.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.title is not None and doc.title.startswith("From: telegrams of")
    assert doc.doc_type == "Telegram"
    assert [p.name for p in doc.recipients] == ["Vyacheslav Molotov"]
    assert doc.recipients[0].role is not None and doc.recipients[0].role.endswith("of the USSR")
    assert doc.senders and doc.senders[0].as_written.endswith("Lavrishchev")
    diary = text.replace("From: telegrams of", "From the diary of").replace(
        " to the people's commissioner for foreign affairs of the USSR V. M. Molotov", ""
    )
    [kept] = parse_documents(text_page(diary), AUTHORITY)
    assert kept.doc_type == "Diary" and kept.senders == [] and kept.recipients == []


def test_vietnamese_kind_heading_and_date() -> None:
    text = (
        "Điện tín từ Terebin, 17 tháng Bảy 1948\n"
        "Kính gửi đồng chí F. Kuznetsov,\n"
        "Tôi xin báo cáo với đồng chí về những ấn tượng và quan sát cá nhân của tôi khi chuyển điện tín.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.doc_type == "Telegram"
    assert doc.date is not None and doc.date.iso == "1948-07-17"
    assert [p.as_written for p in doc.senders] == ["Terebin"]  # Stalin's liaison's pseudonym


def test_a_salutation_below_the_heading_names_the_addressee() -> None:
    text = (
        "Telegram to Stalin\n\nDecember 19, 1949\n\nChairman Stalin,\n\nThe Council of Ministers,\n\n"
        "Your Excellency:\n\nOn this happy occasion of Your Excellency's seventieth birthday, "
        "I extend my respect.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert [p.name for p in doc.recipients] == ["Joseph Stalin"]


def test_a_wilson_record_copied_below_a_sites_own_lines() -> None:
    text = (
        "20240920 CDTL Chuyen Di 24 Jan 1966\nEnglish version Google translated\n"
        "https://digitalarchive.wilsoncenter.org/document/93537/download\nJanuary 24, 1966\n"
        "Reception by Soviet Vice Foreign\n"
        "Minister V. V. Kuznetsov for the General Director of the Polish Foreign\n"
        "Ministry, Cde. Jerzy Michalowski\n"
        "This document was made possible with support from Leon Levy Foundation\n"
        "I received Comrade Michalowski [on 15 January 1966] at his request.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.title == (
        "Reception by Soviet Vice Foreign Minister V. V. Kuznetsov for the General Director of the "
        "Polish Foreign Ministry, Cde. Jerzy Michalowski"
    )
    assert doc.date is not None and doc.date.iso == "1966-01-24"
    assert doc.record_id == "93537"


def test_there_follows_text_of_a_note_is_a_nested_message() -> None:
    text = (
        "874.00/9–647: Telegram\n\nThe Ambassador in the Soviet Union (Smith) to the Secretary of State\n\n"
        "2798. There follows Embassy translation text Soviet note signed Vyshinsky dated September 5 "
        "received today.\n\n“Confirming receipt of your note of August 30 with regard to case of Nikola "
        "Petkov, I have to state that Soviet Government does not see any grounds for reconsidering.”\n"
    )
    [doc] = parse_documents(text_page(text, "frus1947v04-d133.txt"), AUTHORITY)
    [root] = doc.messages
    [child] = root.children
    assert [p.name for p in child.authors] == ["Andrei Vyshinsky"]


def test_title_grammar_by_apposition_and_an_offices_own_to() -> None:
    title = (
        "Report by the Adviser to the Bulgarian Embassy in Beijing, Ivan Dimitrov, "
        "to the Bulgarian Ambassador, Khr. Stoichev"
    )
    parties = parse_title_parties(title, 0, AUTHORITY, year=1965)
    [sender] = parties.senders
    assert sender.name == "Ivan Dimitrov" and sender.entity_id is None  # not Georgi Dimitrov
    assert sender.role == "Adviser to the Bulgarian Embassy in Beijing"
    assert "apposition" in sender.rule
    assert [(p.name, p.role) for p in parties.recipients] == [("Khr. Stoichev", "Bulgarian Ambassador")]
    office_to = parse_title_parties(
        "Telegram from Soviet Ambassador to the USA Dobrynin to the USSR Foreign Ministry", 0, AUTHORITY,
        year=1962,
    )
    assert [p.name for p in office_to.senders] == ["Anatoly Dobrynin"]
    assert office_to.recipients and "Foreign" in office_to.recipients[0].as_written
    to_only = parse_title_parties("Telegram to Stalin", 0, AUTHORITY, year=1949)
    assert [p.name for p in to_only.recipients] == ["Joseph Stalin"] and to_only.senders == []


def test_please_deliver_the_following_message_makes_the_addressee_an_intermediary() -> None:
    text = (
        "Roosevelt Papers: Telegram\n\nThe President to the Ambassador in the Soviet Union (Harriman)\n\n"
        "Number 76. Top Secret and Personal from the President to Ambassador Harriman.\n\n"
        "Will you please deliver the following message to Marshal Stalin at once:\n\n"
        "You will, by this time, have received from General Deane the statement of our position and I "
        "want to reiterate to you how completely I accept the assurances which you have given us.\n\n"
        "Roosevelt\n"
    )
    [doc] = parse_documents(text_page(text, "frus1945Malta-d248.txt"), AUTHORITY)
    assert [p.name for p in doc.recipients] == ["Joseph Stalin"]
    assert [p.name for p in doc.via] == ["W. Averell Harriman"]
    plain = text.replace("Will you please deliver", "I have the honor to deliver")
    [note] = parse_documents(text_page(plain, "frus1945Malta-d248.txt"), AUTHORITY)
    assert [p.name for p in note.recipients] == ["W. Averell Harriman"] and note.via == []


def test_a_mirrors_position_paper_undated_with_agenda_items() -> None:
    text = (
        "Great Seal The State Department web site below is a permanent electronic archive of information "
        "released prior to January 20, 2001.\n\n"
        "NOTE: External links to other Internet sites should not be construed as an endorsement of the views "
        "contained therein.\n\nCommunication Satellites\n\n"
        "63. Position Paper for the United States Delegation/1/\n\nWashington, undated.\n\n"
        "/1/Source: National Archives and Records Administration, RG 59, Central Files, 1964-66, TEL 6.\n\n"
        "MEETING WITH MEMBERS OF THE EUROPEAN CONFERENCE\nRome--February 10, 1964\n\n"
        "1. Functions, structure, and financing of the world organization;\n\n"
        "2. Planning and negotiating machinery required in the preparatory period;\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.title == "Position Paper for the United States Delegation"
    assert doc.doc_type == "Position Paper"
    assert doc.date is None  # "undated": the meeting's date is not the paper's
    assert doc.envelope.number is None  # agenda items are no telegram number


def test_a_fragment_with_digits_above_a_heading_is_no_source_note() -> None:
    text = (
        "121-123; obtained by Carter-Brezhnev\nProject; translation by Mark H. Doctoroff.]\n"
        "Transcript of Telephone Conversation\nKosygin: Ask Comrade Taraki, perhaps he will outline the "
        "situation in Afghanistan.\nTaraki: The situation is bad and getting worse.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.archive_refs == []
    named = (
        "123 Kirk, Alan G.\nThe Ambassador in the Soviet Union (Kirk) to the Secretary of State\nNo. 382\n"
        "Moscow, March 3, 1949.\nSir: I have the honor to report on the conversation with the Minister.\n"
    )
    [kirk] = parse_documents(text_page(named, "frus1949v05-d364.txt"), AUTHORITY)
    assert [r.text for r in kirk.archive_refs] == ["123 Kirk, Alan G."]


def test_a_cia_records_ocr_memorandum_address() -> None:
    text = (
        "STATE DEPARTMENT CABLES\nDocument Type:\nCollection:\nDocument Number (FOIA) /ESDN (CREST):\n"
        "CIA-RDP84-00022R000200100033-6\nRelease Decision:\nRIPPUB\nPublication Date:\nJune 3, 1946\n"
        "Content Type:\nREPORT\nBody:\n1Ap oV*bdM1o?OFte a 320M%7/27 : CIA-RDP84-00022R000200100033-6 COPY "
        "3 June 1946 M40 R'A U14 TO William L. Langer Special Assistant to the Secretary of State FROM "
        "William W. Quinn, 091. Inf. Director SUT3Jt.CTt State Department Cables 1. It is requested that "
        "this agency be authorized to have access to intelligence cables.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.doc_type == "Memorandum"
    assert [p.name for p in doc.recipients] == ["William L. Langer"]
    assert [p.name for p in doc.senders] == ["William W. Quinn"]
    assert doc.senders[0].rule.startswith("cia_from_line")


def test_a_ciphergrams_number_below_the_cipher_offices_transit_lines() -> None:
    text = (
        "October 4, 1963\nSecret Telegram from Maneli (Saigon) to Spasowski (Warsaw)\n"
        "This document was made possible with support from Leon Levy Foundation\nSaigon\n"
        "Dispatched 10.04.63 at 11:10 hours\nReceived [in Warsaw] 10.08.63 at 09:00 hours\n"
        "Came into the Decoding Department on 10.08.63 at 10:10 hours\nNo. 12830\nSpasowski\n"
        "1. I am trying to carry out the instructions within my capabilities.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.envelope.number == "12830"


def test_british_official_letters_and_a_governors_despatch() -> None:
    letter = (
        "War Office,\n\nLondon, S.W.\n\n24th August, 1914.\n\nsir,\n\n"
        "I am commanded by the Army Council to transmit for the information of the Secretary of State "
        "a copy of a paraphrased telegram from the Censor at Hong Kong.\n"
    )
    [doc] = parse_documents(text_page(letter), AUTHORITY)
    assert doc.doc_type == "Letter"
    despatch = (
        "CONFIDENTIAL.\nHongkong.\nMy Lord,\nGovernment House\nHongkong, 16th September, 1910\n"
        "I have the honour to inform Your Lordship that there are certain indications that correspondence "
        "is opened during transit.\n"
    )
    [sent] = parse_documents(text_page(despatch), AUTHORITY)
    assert sent.doc_type == "Despatch"


def test_a_place_after_a_role_is_no_appositive_name() -> None:
    title = "Telegram from Shtykov to the Soviet Foreign Minister, Moscow"
    parties = parse_title_parties(title, 0, AUTHORITY, year=1950)
    assert parties.recipients and not (parties.recipients[0].entity_id or "").startswith("place:")


def test_a_russian_heading_names_author_in_genitive_and_addressee_in_dative() -> None:
    text = (
        "Документ №6. Продолжение предыдущей телеграммы И.В. Сталина Мао Цзэдуну 11 января 1949 г.\n\n"
        "Как видно из сказанного выше, наш проект Вашего ответа рассчитан на срыв мирных переговоров.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert [p.name for p in doc.senders] == ["Joseph Stalin"]
    assert [p.name for p in doc.recipients] == ["Mao Zedong"]
    assert doc.senders[0].rule.startswith("ru_title_author")


def test_an_editorial_note_quoting_what_a_post_transmitted() -> None:
    text = (
        "72. Editorial Note\n\nIn a letter to Diem, May 8, 1961, President Kennedy offered to send "
        "a group of economic experts to Vietnam.\n\n"
        "On June 1, the Embassy in Saigon transmitted the terms of reference for the group:\n\n"
        "\"Purpose of Special Financial Group is to provide expert economic and financial advice "
        "to assist Ambassador in reaching agreement with GVN on a financial plan.\"\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    [root] = doc.messages
    assert len(root.children) == 1


def test_a_title_of_several_numbered_telegrams_keeps_the_numbers_out_of_the_parties() -> None:
    title = ("Ciphered Telegrams No. 50450, 50470, and 50490, Terebin to Kuznetsov, transmitting a Message"
             " from Mao Zedong to Filippov [Stalin]")
    parties = parse_title_parties(title, 0, AUTHORITY, year=1949)
    assert [p.as_written for p in parties.senders] == ["Terebin"]  # Terebin: Orlov's pseudonym
    assert [p.as_written for p in parties.recipients] == ["Kuznetsov"]
