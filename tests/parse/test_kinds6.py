"""Sixth pass (issue 14): rules for kinds of page met on new real pages (dev part only)."""

from __future__ import annotations

from cablegraph.parse import parse_documents
from cablegraph.parse.people import parse_title_parties
from cablegraph.resolve import Authority
from tests.parse.pages import text_page

AUTHORITY = Authority.builtin()


def test_a_memorandum_by_the_secretary_of_state_is_his_not_his_departments() -> None:
    text = (
        "500.CC/8–1444\n\nMemorandum of Conversation, by the Secretary of State\n\n"
        "The British Ambassador called at his request. We discussed the meeting of Foreign Ministers.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.date is not None and doc.date.iso == "1944-08-14"
    assert [p.name for p in doc.senders] == ["Cordell Hull"]
    assert doc.senders[0].role == "Secretary of State"


def test_a_memorandum_of_a_conversation_is_a_memorandum_of_conversation() -> None:
    text = (
        "94. Memorandum of a Conversation, Department of State, Washington, October 20, 1956, 5 p.m.1\n\n"
        "  • Discussion of Situation in Poland\n\n  • Mr. Spasowski, Ambassador of Poland\n"
        "  • Mr. Murphy, G\n\nThe Polish Ambassador came to the Department at 5:00 p.m.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.doc_type == "Memorandum of Conversation"
    assert doc.date is not None and doc.date.iso == "1956-10-20"


def test_a_volume_number_line_between_source_note_and_heading_is_skipped() -> None:
    text = (
        "751.00/12–1953: Telegram\n\nNo. 624\n"
        "The Chargé in France (Achilles)1 to the Department of State2\n\n"
        "secret\n\n2352. Presidential election has captured spotlight.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.title == "The Chargé in France (Achilles) to the Department of State"
    assert doc.envelope.number == "2352"
    assert [p.name for p in doc.recipients] == ["Department of State"]
    assert doc.senders and "Achilles" in doc.senders[0].name


def test_a_letter_reproducing_the_text_of_another_holds_it() -> None:
    text = (
        "187. Letter From the Indian Chargé d’Affaires in the United States (Gokhale) "
        "to President Carter1\n\nDear Mr. President,\n\n"
        "I have the honour to reproduce below the text of a letter, dated June 6, 1980, "
        "addressed to you by Prime Minister Indira Gandhi:—\n\n“Excellency,\n\n“I thank you for your kind "
        "letter.\n\n“Both our countries are democracies and have to work within similar limitations.”\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    [own] = doc.messages
    [child] = own.children
    assert child.kind == "letter"


def test_a_bracketed_surname_read_before_the_date_is_the_offices_holder_of_that_date() -> None:
    text = (
        "768.5 MSP/7–1552: Telegram\nNo. 646\n"
        "The Ambassador in Yugoslavia (Allen) to the Department of State1\n"
        "64. Tito asked me to come to Brdo last night for informal and personal talk.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.date is not None and doc.date.iso == "1952-07-15"
    [sender] = doc.senders
    assert sender.entity_id is not None and sender.name.endswith("Allen")
    assert sender.role == "Ambassador in Yugoslavia"


def test_the_reading_rooms_content_type_names_the_kind_the_ocr_does_not() -> None:
    text = (
        "Informal Dinner with Ambassadors\n\nDocument Type: \nDocument Number (FOIA) /ESDN (CREST): \n"
        "CIA-RDP65-00756R000600040046-2\nContent Type: \nMEMO\nFile: \nBody: \n"
        "Dcs(i. No. l- C0Nr`iD` End. No._2 garbled On January 3, 1955, during the visit\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.doc_type == "Memorandum"
    assert doc.provenance["doc_type"].rule == "cia_content_type"


def test_an_editions_document_line_archive_citation_and_apposed_office() -> None:
    text = (
        "Mr W.L. Mackenzie King, Canadian Prime Minister, to Commonwealth Government\n\n"
        "Cablegram 24 OTTAWA, 6 September 1939, 6 p.m.\n\n\n"
        "I am very glad to hear that the Commonwealth will receive a High Commissioner for Canada.\n\n\n"
        "[AA:A981, AUSTRALIA 151, i]\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.doc_type == "Cablegram"
    assert doc.envelope.number == "24"
    assert doc.date is not None and doc.date.iso == "1939-09-06"
    assert [r.text for r in doc.archive_refs] == ["AA:A981, AUSTRALIA 151, i"]
    [sender] = doc.senders
    assert sender.name == "W.L. Mackenzie King"
    assert sender.role == "Canadian Prime Minister"


def test_a_cable_subject_wrapping_onto_a_line_with_a_colon_is_kept_whole() -> None:
    text = (
        "C O N F I D E N T I A L SECTION 01 OF 03 BEIJING 005387\n\nSIPDIS\n\n"
        "E.O. 12958: DECL: 08/16/2032\nTAGS: PREL, PGOV, CH\n"
        "SUBJECT: EAP A/S HILL'S AUGUST 14 MEETING WITH AFM HE\n"
        "YAFEI: IRAN, DARFUR, TAIWAN, BILATERAL ISSUES\n"
        "REF: BEIJING 5001\n\n1. (C) Summary: A/S Hill met AFM He Yafei on August 14.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    wanted = "EAP A/S HILL'S AUGUST 14 MEETING WITH AFM HE YAFEI: IRAN, DARFUR, TAIWAN, BILATERAL ISSUES"
    assert doc.title == wanted


def test_a_cable_subject_does_not_swallow_the_ref_line() -> None:
    text = (
        "C O N F I D E N T I A L BEIJING 005387\n\nE.O. 12958: DECL: 08/16/2032\nTAGS: PREL, PGOV, CH\n"
        "SUBJECT: ASSISTANT SECRETARY HILL MEETS THE ASSISTANT FOREIGN MINISTER\nREF: BEIJING 5001\n\n"
        "1. (C) Summary: A/S Hill met AFM He Yafei on August 14.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.title == "ASSISTANT SECRETARY HILL MEETS THE ASSISTANT FOREIGN MINISTER"


def test_a_cablegate_mirrors_box_gives_origin_and_a_title_case_date_time_group_the_date() -> None:
    text = (
        "US embassy cable - 05CARACAS151\n\nCODEL DODD MEETS AN EFFUSIVE CHAVEZ\n\n"
        "Identifier: 05CARACAS151\nOrigin: Embassy Caracas\nCreated: 2005-01-18 19:52:00\n"
        "Classification: CONFIDENTIAL\n\n181952Z Jan 05\n"
        "C O N F I D E N T I A L SECTION 01 OF 02 CARACAS 000151\n\nE.O. 12958: DECL: 09/10/2014\n"
        "TAGS: PREL, OVIP, KDEM, VE\nSUBJECT: CODEL DODD MEETS AN EFFUSIVE CHAVEZ\n\n"
        "1. (C) Reversing course, President Hugo Chavez decided to meet with Senators Dodd.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.date is not None and doc.date.iso == "2005-01-18"
    [sender] = doc.senders
    assert "Embassy Caracas" in (sender.name, sender.role)


def test_a_page_saved_with_windows_line_ends_reads_as_with_unix_ones() -> None:
    text = (
        "C O N F I D E N T I A L BEIJING 005387\n\nE.O. 12958: DECL: 08/16/2032\nTAGS: PREL, PGOV, CH\n"
        "SUBJECT: EAP A/S HILL'S AUGUST 14 MEETING WITH AFM HE\nYAFEI: IRAN, DARFUR\n\n"
        "1. (C) Summary: A/S Hill met AFM He Yafei on August 14.\n"
    )
    [unix] = parse_documents(text_page(text), AUTHORITY)
    [windows] = parse_documents(text_page(text.replace("\n", "\r\n")), AUTHORITY)
    assert windows.title == unix.title == "EAP A/S HILL'S AUGUST 14 MEETING WITH AFM HE YAFEI: IRAN, DARFUR"
    assert windows.envelope.number == unix.envelope.number


def test_the_sites_share_and_contact_links_under_the_text_are_never_its_signer() -> None:
    text = (
        "91. Telegram From the Embassy in Yugoslavia to the Department of State0\n\n"
        "1012. Called on Tito this morning to brief him on Vienna meeting. Only other person present at "
        "interview was Tito’s new political secretary, and he made no substantive comment on the talks.\n\n"
        "Kennan\n\nShare this page\nFacebook\nTwitter\nContact us\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert all(p.name not in ("Twitter", "Facebook", "Contact us") for p in doc.senders)
    assert doc.senders and "Kennan" in doc.senders[0].name


def test_a_sites_navigation_lines_above_the_document_are_not_its_title() -> None:
    page = (
        "Cipher telegram from Vyacheslav Molotov in Washington on his conversation with Franklin D. "
        "Roosevelt on opening a second front\n\n30 May 1942\n\nMoscow, to Comrade Stalin. Today at "
        "10:30 a.m. I had a conversation with Roosevelt in the presence of Hopkins and Litvinov. "
        "Roosevelt said that he considered the opening of a second front in Europe this year possible.\n"
    )
    [plain] = parse_documents(text_page(page), AUTHORITY)
    [framed] = parse_documents(text_page("Office of the Historian\nSearch\nHome\n\n" + page), AUTHORITY)
    assert framed.title == plain.title
    assert (framed.title or "").startswith("Cipher telegram from Vyacheslav Molotov")
    assert framed.doc_type == plain.doc_type == "Telegram"
    assert [p.name for p in framed.senders] == [p.name for p in plain.senders] == ["Vyacheslav Molotov"]


def test_a_heading_wrapped_over_two_lines_is_read_whole() -> None:
    numbered = (
        "237. Telegram From the Embassy in the Soviet Union to the Department of\nState0\n\n"
        "979. Policy. Khrushchev said he would talk about the fishing port. He said the Soviet Union "
        "had no intention of building a naval base in Cuba and that the port was for the fishing fleet.\n"
    )
    [doc] = parse_documents(text_page(numbered), AUTHORITY)
    assert doc.title == "Telegram From the Embassy in the Soviet Union to the Department of State"
    assert [p.name for p in doc.recipients] == ["Department of State"]
    noted = (
        "840.50/3713: Telegram\n\n"
        "The Ambassador in the Soviet Union ( Harriman ) to the Secretary of\nState\n\n"
        "1385. The substance of the Department’s 999 was incorporated in two letters to Molotov.\n"
    )
    [doc] = parse_documents(text_page(noted), AUTHORITY)
    assert doc.title == "The Ambassador in the Soviet Union ( Harriman ) to the Secretary of State"
    assert doc.envelope.number == "1385"
    assert [p.name for p in doc.recipients] == ["Department of State"]


def test_a_complete_heading_never_swallows_the_line_under_it() -> None:
    text = (
        "Telegram From the Embassy in the Soviet Union to the Department of State\nMoscow\n\n"
        "979. Policy. Khrushchev said he would talk about the fishing port. He said the Soviet Union "
        "had no intention of building a naval base in Cuba and that the port was for the fishing fleet.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.title == "Telegram From the Embassy in the Soviet Union to the Department of State"


def test_a_body_named_for_its_post_keeps_the_post_in_a_title_author() -> None:
    title = "Cable from the Party Committee of the Chinese Embassy in Romania, 'Summary Bulletin'"
    parties = parse_title_parties(title, 0, AUTHORITY, year=1961)
    [sender] = parties.senders
    assert sender.name.removeprefix("the ") == "Party Committee of the Chinese Embassy in Romania"
    away = parse_title_parties("Cable from Ivan Petrovich Sidorenko in Washington", 0, AUTHORITY, year=1942)
    assert [p.name for p in away.senders] == ["Ivan Petrovich Sidorenko"]


def test_an_indented_reading_room_page_reads_as_a_flush_one() -> None:
    text = (
        "Informal Dinner with Ambassadors\n\nDocument Type: \nDocument Number (FOIA) /ESDN (CREST): \n"
        "CIA-RDP65-00756R000600040046-2\nContent Type: \nMEMO\nFile: \nBody: \n"
        "Dcs(i. No. l- C0Nr`iD` End. No._2 garbled On January 3, 1955, during the visit\n"
    )
    indented = "\n".join("  " + line if line.strip() else line for line in text.split("\n"))
    [flush] = parse_documents(text_page(text), AUTHORITY)
    [moved] = parse_documents(text_page(indented), AUTHORITY)
    assert moved.doc_type == flush.doc_type == "Memorandum"
    assert moved.record_id == flush.record_id == "CIA-RDP65-00756R000600040046-2"


def test_received_at_an_hour_is_a_telegram() -> None:
    text = (
        "740.0011 Pacific War/877\n\n\nThe Ambassador in Japan (Grew) to the Secretary of State\n\n\n\n"
        "TOKYO, undated\n\n[Received December 10, 1941—2:35 a. m.]\n\n"
        "The following note was received yesterday: \"Ministry of Foreign Affairs, Tokyo, December 8, 1941. "
        "Excellency, I have the honor to inform Your Excellency that there has arisen a state of war.\"\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.doc_type == "Telegram"


def test_a_kind_in_brackets_on_the_marks_line() -> None:
    text = (
        "<<\n\nTop Secret Single Copy (Working Notes)\n\nSESSION OF THE CPSU CC POLITBURO 22 January 1981\n\n"
        "Cde. M. A. SUSLOV presiding.\n\nAlso taking part: Cdes. Yu. V. Andropov, V. V. Grishin, "
        "A. A. Gromyko, A. P. Kirilenko, N. A. Tikhonov, D. F. Ustinov, K. U. Chernenko.\n\n"
        "ZAMYATIN. A gradual process is under way now in Poland whereby the party organizations are "
        "increasing their activity.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.doc_type == "Working Notes"


def test_a_date_inside_the_quoted_letter_is_not_the_covering_letters() -> None:
    text = (
        "187. Letter From the Indian Chargé d’Affaires in the United States (Gokhale) "
        "to President Carter1\n\nDear Mr. President,\n\n"
        "I have the honour to reproduce below the text of a letter addressed to you by Prime Minister "
        "Indira Gandhi:—\n\n“Excellency,\n\n“I thank you for your kind letter of May 2, 1980.\n\n"
        "“Both our countries are democracies and have to work within similar limitations.”\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert [len(m.children) for m in doc.messages] == [1]
    assert doc.date is None or doc.date.iso != "1980-05-02"


def test_a_mirrors_box_of_labels_over_values_gives_the_origin() -> None:
    text = (
        "Identifier\nCreated\nClassification\nOrigin\n07BEIJING5387\n2007-08-16 03:03:00\nCONFIDENTIAL\n"
        "Embassy Beijing\nCable title:\nEAP A/S HILL'S AUGUST 14 MEETING WITH AFM HE\n"
        "C O N F I D E N T I A L SECTION 01 OF 04 BEIJING 005387\nSIPDIS\nE.O. 12958: DECL: 08/16/2032\n"
        "TAGS: PREL PGOV CH\nSUBJECT: EAP A/S HILL'S AUGUST 14 MEETING WITH AFM HE\n\n"
        "1. (C) Summary: A/S Hill met AFM He Yafei on August 14.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    [sender] = doc.senders
    assert "Embassy Beijing" in (sender.name, sender.role)


def test_a_cable_without_a_date_time_group_is_dated_by_its_mirrors_box() -> None:
    text = (
        "Identifier\nCreated\nClassification\nOrigin\n07BEIJING5387\n2007-08-16 03:03:00\nCONFIDENTIAL\n"
        "Embassy Beijing\nCable title:\nEAP A/S HILL'S AUGUST 14 MEETING WITH AFM HE\n"
        "C O N F I D E N T I A L SECTION 01 OF 04 BEIJING 005387\nSIPDIS\nE.O. 12958: DECL: 08/16/2032\n"
        "TAGS: PREL PGOV CH\nSUBJECT: EAP A/S HILL'S AUGUST 14 MEETING WITH AFM HE\n\n"
        "1. (C) Summary: A/S Hill met AFM He Yafei on August 14.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.date is not None and doc.date.iso == "2007-08-16"
    assert doc.date.rule == "mirror_box_created"
