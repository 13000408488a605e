"""Pages no archive layout explains: the document is found and read from its own evidence."""

from __future__ import annotations

from cablegraph.parse import parse_documents
from tests.parse.pages import text_page


def test_numbered_heading_with_dateline_and_first_token_number() -> None:
    text = (
        "Site menu\n45. Telegram From the Embassy in the Soviet Union to the Department of State1\n\n"
        "Moscow, October 26, 1962, 7 p.m.\n\n1101. Khrushchev received me today and spoke at length.\n"
        "Source: Department of State, Central Files, 611.3722/10-2662. Secret.\n"
    )
    [doc] = parse_documents(text_page(text, "frus1961-63v06-d45.txt"))
    assert doc.page_kind == "document"
    assert doc.title == "Telegram From the Embassy in the Soviet Union to the Department of State"
    assert doc.doc_type == "Telegram"
    assert doc.date is not None and doc.date.iso == "1962-10-26" and doc.date.rule == "dateline"
    assert doc.envelope.number == "1101"
    assert [p.name for p in doc.recipients] == ["Department of State"]
    assert doc.record_id == "frus1961-63v06/d45"
    assert any("611.3722/10-2662" in ref.text for ref in doc.archive_refs)
    assert doc.provenance["title"].span is not None


def test_old_heading_wrapped_and_widened_to_the_printed_name() -> None:
    text = (
        "Mr. Seward to Mr.\nAdams.\nNo. 1216.]\n\nSir: You know how the government declined to go before "
        "foreign nations as arbitrators in the strife, and it is thought here that you may decline.\n\n"
        "I am, sir, your obedient servant,\nWILLIAM H. SEWARD.\n\nCharles Francis Adams, Esq., &c.\n"
    )
    [doc] = parse_documents(text_page(text))
    assert doc.title == "Mr. Seward to Mr. Adams"
    [seward] = doc.senders  # widened to the printed name, then resolved (the FRUS persons list)
    assert seward.name in ("William H. Seward", "William Henry Seward") and seward.entity_id
    assert [p.name for p in doc.recipients] == ["Charles Francis Adams"]
    assert doc.envelope.number == "1216"
    assert doc.doc_type == "Instruction"


def test_reading_room_record() -> None:
    text = (
        "ACCESS TO CABLES\n\nDocument Type:\nDocument Number (FOIA) /ESDN (CREST):\n"
        "CIA-RDP84-00022R000400120022-4\nPublication Date:\nJune 24, 1946\nBody:\n"
        "It is requested that arrangements be made by the group to secure access to intelligence cables "
        "received from representatives abroad, extracted daily by an officer of this headquarters.\n"
    )
    [doc] = parse_documents(text_page(text))
    assert doc.page_kind == "document"
    assert doc.title == "ACCESS TO CABLES"
    assert doc.record_id == "CIA-RDP84-00022R000400120022-4"
    assert doc.date is not None and doc.date.iso == "1946-06-24"


def test_a_few_words_are_still_unknown() -> None:
    [doc] = parse_documents(text_page("Page not found\n"))
    assert doc.page_kind == "unknown"


def test_xml_record_page_is_read_as_its_text() -> None:
    from cablegraph.ingest.xmltext import xml_text

    markup = '<?xml version="1.0"?><item><name>Title</name><text>TELEGRAM &amp; NOTE &#233;</text></item>'
    assert xml_text(markup) == "Title\nTELEGRAM & NOTE é"
    assert xml_text("<a>&xxe;</a>") == "&xxe;"  # an entity is never expanded


def test_blog_archive_page_is_a_listing() -> None:
    text = "".join(
        f"Post {n}\nA long teaser about the document {n} and what it says.Continue reading “Post {n}”\n"
        for n in range(3)
    )
    [doc] = parse_documents(text_page(text))
    assert doc.page_kind == "listing"
    assert [item.title for item in doc.items] == ["Post 0", "Post 1", "Post 2"]


def test_page_with_several_documents_gives_several() -> None:
    text = (
        "No. 142.\nMr. Bayard to Mr. Denby.\nDEPARTMENT OF STATE,\nWashington, September 5, 1887.\n"
        "SIR: I have received your No. 422 concerning the reduction of the likin tax at Canton.\n"
        "I am, etc., T. F. BAYARD.\n"
        "No. 143.\nMr. Denby to Mr. Bayard.\nLEGATION OF THE UNITED STATES,\nPeking, September 7, 1887.\n"
        "SIR: In further reply to your dispatch No. 207 I have the honor to report my conclusions.\n"
    )
    docs = parse_documents(text_page(text))
    assert [d.title for d in docs] == ["Mr. Bayard to Mr. Denby", "Mr. Denby to Mr. Bayard"]
    assert [d.date.iso if d.date else None for d in docs] == ["1887-09-05", "1887-09-07"]
    assert len({d.id for d in docs}) == 2


def test_quoted_messages_are_children() -> None:
    from cablegraph.model import Span
    from cablegraph.parse.messages import find_children
    from cablegraph.resolve import Authority

    authority = Authority.builtin()
    for text in (
        "Comrade Stalin!\nI send you a translation of a telegram I received from comrade Mao Zedong.\n"
        "“Comrade Filippov, we agree with your proposals and ask for your advice on the next steps.”\n",
        "I visited the minister. I replied to him by the following letter: “Dear Minister, I accept "
        "your invitation and will come on Monday.” He thanked me.\n",
    ):
        children = find_children(text, Span(0, len(text)), [], authority, base=None, sender=[], addressee=[])
        assert len(children) == 1, text


def test_a_web_pages_document_range_and_chapter_period_are_no_source_note() -> None:
    for above in ("Documents 29-38", "A 'Controlled' Freeze January 1966-May 1967"):
        text = (
            "Foreign Relations of the United States 1964-1968, Volume XIV\nReleased by the Office of the "
            f"Historian\n\n{above}\n\n29. Telegram From the Embassy in the Soviet Union to the Department of "
            "State/1/\n\nMoscow, April 21, 1964, 2 p.m.\n\n/1/Source: National Archives and Records "
            "Administration, RG 59, Central Files 1964-66, POL US-USSR. Secret; Exdis.\n\n3221. For S/AL "
            "Thompson and EUR Tyler. This is a plea for timely information necessary to effective "
            "operation here.\n"
        )
        [doc] = parse_documents(text_page(text))
        assert [r.text for r in doc.archive_refs] == [
            "National Archives and Records Administration, RG 59, Central Files 1964-66, POL US-USSR"
        ]


def test_two_references_read_as_text_only_are_two() -> None:
    from cablegraph.model import ArchiveRef
    from cablegraph.parse.archive_refs import dedupe_refs

    refs = [ArchiveRef(text="Lot 58 D 609"), ArchiveRef(text="Central Files, 611.61/1-2450"),
            ArchiveRef(text="Lot  58 D 609")]
    assert [r.text for r in dedupe_refs(refs)] == ["Lot 58 D 609", "Central Files, 611.61/1-2450"]


def test_a_telegrams_own_address_names_its_sender_and_recipients() -> None:
    head = "Telegram From the Mission to the United Nations to the Department of State\n" \
        "New York, October 31, 1962, 10 p.m.\n"
    text = head + "1579. For Secretary from McCloy. Department pass White House. Kuznetsov was informed.\n"
    [doc] = parse_documents(text_page(text))
    [sender] = doc.senders
    assert (sender.name, sender.rule) == ("John J. McCloy", "telegram_from_line+archive_surname")
    assert sender.role == "Mission to United Nations"
    assert [p.name for p in doc.recipients] == ["Department of State"]  # "For Secretary": an office
    text = head.replace("Mission to the United Nations", "Embassy in the Soviet Union").replace(
        "New York, October 31, 1962", "Moscow, April 21, 1964") + (
        "3221. For S/AL Thompson and EUR Tyler. This is a plea for timely information.\n")
    [doc] = parse_documents(text_page(text))
    assert [p.name for p in doc.recipients] == ["Llewellyn Thompson", "William Royall Tyler"]
    text = head + "1579. For Secretary from Secretary. Department pass White House.\n"
    [doc] = parse_documents(text_page(text))
    assert [p.name for p in doc.senders] != ["John J. McCloy"] and doc.senders


def test_a_telegram_for_the_president_is_addressed_to_that_years_president() -> None:
    text = (
        "862.20/749: Telegram\n\nThe Ambassador in Germany (Dodd) to the Secretary of State\n\n"
        "51. For the President. Am sending information in tomorrow's pouch which I promised.\n"
    )
    [doc] = parse_documents(text_page(text, "frus1935v02-d243.txt"))
    [recipient] = doc.recipients
    assert recipient.name == "Franklin D. Roosevelt" and recipient.rule.startswith("telegram_for_line")
    assert recipient.role == "Department of State"
    following = "2060. Following for President Truman from Representatives Cole, Hess and Norblad, Members."
    relayed = text.replace("51. For the President.", following)
    [doc] = parse_documents(text_page(relayed, "frus1947v07-d692.txt"))
    assert [p.name for p in doc.recipients] == ["Harry S. Truman"]
    [doc] = parse_documents(text_page(text, "frus1961v07-d1.txt"))  # two presidents that year: no guess
    assert [p.name for p in doc.recipients] == ["Department of State"]


def test_a_memorandum_for_someone_gives_type_addressee_and_subject() -> None:
    text = (
        "APPENDIX 28\n\nTOP SECRET\nBACON\nJune 11, 1965\n\nMEMORANDUM FOR THE MINISTER '\n"
        "Exchange of Messages with North Vietnam\nThe Prime Minister has commented on the most\n"
        "recent papers on this subject which he saw yesterday.\n"
    )
    [doc] = parse_documents(text_page(text))
    assert (doc.doc_type, doc.title) == ("Memorandum", "Exchange of Messages with North Vietnam")
    assert [p.name for p in doc.recipients] == ["Minister"]
    text = (
        "Document Type: \nDocument Number (FOIA) /ESDN (CREST): \nRelease Decision: \nPublication Date: \n"
        "December 21, 1967\nContent Type: \nPDF icon CIA-RDP83-00586R000300260001-2.pdf458.04 KB\n"
        "Sanitized Copy Approved for Release 2013/08/21 : CIA-RDP83-00586R000300260001-2 S-E-C-R-E-T "
        "21 December 1967 MEMORANDUM FOR: Staff Personnel SUBJECT: Letter of Information GENERAL -1. "
        "Cyprus Emergency: The Mediterranean Bureau's facility was reopened 5 December.\n"
    )
    [doc] = parse_documents(text_page(text))
    assert (doc.doc_type, doc.title) == ("Memorandum", "Letter of Information")
    assert [p.name for p in doc.recipients] == ["Staff Personnel"]
    text = (
        "Washington, May 2, 1962.\n\nMEMORANDUM FOR THE PRESIDENT\nSUBJECT: Berlin\nThe Soviets answered "
        "our note of April 20 on the access routes to Berlin, and their answer shows no change of position.\n"
    )
    [doc] = parse_documents(text_page(text))
    assert [p.name for p in doc.recipients] == ["John F. Kennedy"] and doc.doc_type == "Memorandum"


def test_a_british_letters_address_block_is_its_addressee() -> None:
    text = (
        "CONFIDENTIAL.\nGovernment House\nHongkong, 16th September, 1910\nMy Lord,\n"
        "I have the honour to inform Your Lordship that, according to a report of the Postmaster-General,\n"
        "correspondence in the Siberian Mails is opened and examined during transit.\n"
        "I have the honour to be,\nMy Lord,\nYour Lordship's most obedient,\nhumble servant,\n"
        "Officer Administering the Government.\nTHE RIGHT HONOURABLE\nTHE EARL OF CREWE,\n&C...\n"
    )
    [doc] = parse_documents(text_page(text))
    assert [(p.name, p.rule) for p in doc.recipients] == [("The Earl of Crewe", "address_block+unresolved")]
    text = (
        "War Office,\nLondon, S.W.\n24th August, 1914.\nSir,\nI am commanded by the Army Council to transmit "
        "for the information of the Secretary of State for the Colonies a copy of a paraphrased telegram.\n"
        "The Under-Secretary of State,\nColonial office.\nI am,\nSir,\nYour obedient servant,\nCubitt.\n"
    )
    [doc] = parse_documents(text_page(text))
    assert [p.name for p in doc.recipients] == ["The Under-Secretary of State, Colonial office"]
    # without the closing formula, an office line at the foot is no address
    [doc] = parse_documents(text_page(text.replace("Your obedient servant,", "Yours,")))
    assert doc.recipients == []
