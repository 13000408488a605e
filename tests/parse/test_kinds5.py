"""Fifth pass (issue 14): rules for kinds of page met on new real pages (dev part only)."""

from __future__ import annotations

from cablegraph.parse import parse_documents
from cablegraph.parse.people import parse_title_parties
from cablegraph.resolve import Authority
from tests.parse.pages import text_page

AUTHORITY = Authority.builtin()


def _cia(
    title: str, body: str, *, number: str = "CIA-RDP80B01676R003000120031-4", published: str = ""
) -> str:
    """A CIA reading-room page as the site prints it: title, catalogue, body."""
    return (
        f"{title}\n\nDocument Type: \nCollection: \nDocument Number (FOIA) /ESDN (CREST): \n{number}\n"
        "Release Decision: \nRIFPUB\nDocument Creation Date: \nNovember 17, 2016\n"
        f"Document Release Date: \nApril 4, 2000\nCase Number: \nPublication Date: \n{published}\n"
        f"Content Type: \nMEMO\nFile: \nAttachmentSize\nPDF icon {number}.pdf383.28 KB\nBody: \n{body}\n"
    )


def test_a_reading_room_number_with_the_jobs_letter_is_the_record_id() -> None:
    text = _cia(
        "OFFICIAL DIARY",
        "Approved For Release 2000/08/29 Official Diary Wednesday, 21 January 1953 1. Notified DCI.",
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.record_id == "CIA-RDP80B01676R003000120031-4"
    assert doc.doc_type == "Diary"


def test_the_catalogues_own_dates_are_never_the_documents() -> None:
    text = _cia(
        "Informal Dinner with Ambassadors",
        "Dcs No. 1 Approved For Release On January 3, 1955, during the visit",
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.date is None or doc.date.iso != "2016-11-17"


def test_memorandum_for_x_from_y_names_both_parties() -> None:
    text = _cia(
        "MEMORANDUM FOR THE SECRETARY OF STATE FROM JOHN A. MCCONE",
        "Approved For Release THE DIRECTOR OF CENTRAL INTELLIGENCE garbled OCR",
        published="September 4, 1963",
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert [p.name for p in doc.senders] == ["John A. McCone"]
    assert [p.name for p in doc.recipients] == ["Dean Rusk"]
    assert doc.recipients[0].role == "The Secretary Of State"


def test_an_ocr_address_run_together_gives_addressee_and_sender() -> None:
    text = _cia(
        "LETTER OF INFORMATION",
        "Declassified in Part S-E-C-R-E-T MEMORANDUM FOR: Bureau Chiefs FROM : Chief, FBIS SUBJECT : "
        "Letter of Information GENERAL 26 November 1962 1. The Cuban crisis overshadowed all other factors.",
        number="CIA-RDP83-00586R000300230002-4",
        published="December 26, 1962",
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert [p.name for p in doc.recipients] == ["Bureau Chiefs"]
    # the head of a body written "Chief, FBIS" is the body he heads (issue 15, sixth pass)
    assert [(p.as_written, p.name) for p in doc.senders] == [
        ("Chief, FBIS", "Foreign Broadcast Information Service")]
    assert doc.senders[0].rule.startswith("memorandum_from")


def test_a_memorandum_without_from_keeps_no_sender() -> None:
    text = _cia(
        "LETTER OF INFORMATION",
        "MEMORANDUM FOR: Staff Personnel SUBJECT: Letter of Information GENERAL -1. Cyprus.",
        published="December 21, 1967",
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert [p.name for p in doc.recipients] == ["Staff Personnel"]
    assert doc.senders == []


def test_a_state_department_memcon_in_the_reading_room_without_catalogue_title() -> None:
    text = (
        "Document Type: \nDocument Number (FOIA) /ESDN (CREST): \nRelease Decision: \n"
        "Publication Date: \nAugust 12, 1971\nContent Type: \n"
        "PDF icon CIA-RDP73B00296R000300260058-8.pdf63.16 KB\n"
        "Approved For Release 2QQdP~ US DEPARTMENT OF STATE J Memorandum Of Conversafio 4 "
        "DATE: August 12, 1971 SUBJECT: Latin American Situations PLACE: Sans Souci Restaurant, "
        "Washington, D.C. DATE: August 10, 1971\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.doc_type == "Memorandum of Conversation"
    assert doc.title == "Latin American Situations"
    assert doc.record_id == "CIA-RDP73B00296R000300260058-8"


def test_a_memorandum_for_the_record_is_its_own_kind() -> None:
    text = _cia(
        "", "Approved 20 March 1969 MEMORANDUM FOR THE RECORD Morning Meeting of 20 March 1969 DD/I called"
    )
    [doc] = parse_documents(text_page(text.lstrip("\n")), AUTHORITY)
    assert doc.doc_type == "Memorandum for the Record"
    assert doc.recipients == []


def test_a_common_surname_in_a_heading_is_the_offices_holder_of_that_year() -> None:
    text = (
        "874.00/9–647: Telegram\n\nThe Ambassador in the Soviet Union (Smith) to the Secretary of State\n\n"
        "Moscow, September 6, 1947—2 p.m.\n\n2798. Soviet press today carries a long article on Greece.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert [p.name for p in doc.senders] == ["Walter Bedell Smith"]
    assert doc.senders[0].role == "Ambassador in the Soviet Union"
    assert "office_holder_surname" in doc.senders[0].rule


def test_a_surname_that_is_not_the_holders_stays_as_written() -> None:
    text = (
        "821.00/1234: Telegram\n\nThe Chargé in Colombia (Keith) to the Secretary of State\n\n"
        "Bogotá, March 3, 1940—6 p.m.\n\n73. The Foreign Minister told me today that the decree is signed.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert [p.name for p in doc.senders] == ["Keith"]
    assert doc.senders[0].entity_id is None


def test_an_editors_bracket_with_office_and_given_name_before_a_caps_surname() -> None:
    text = (
        "Skip to content\n\nNovember 3, 1962\n\nTelegram from Polish Embassy in Washington (Drozniak), "
        "3 November 1962\n\nCiphergram No. 16211\n\n"
        "Dispatched from Washington, D.C., on 11.03.1962 at 11:40 and received on 11.04.1962 at 01:50\n\n"
        "To: [Foreign Ministry Director Eugeniusz] MILNIKIEL 1\n\nFrom: [Ambassador Edward] DROŻNIAK 2\n\n"
        "There is an opinion within the White House that the USSR is acting with honest intentions.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert [p.name for p in doc.recipients] == ["Eugeniusz Milnikiel"]
    assert doc.recipients[0].role == "Foreign Ministry Director"
    assert "bracketed_given_name" in doc.recipients[0].rule


def test_an_editors_bracket_with_an_office_only_keeps_the_name_as_before() -> None:
    text = (
        "Skip to content\n\nNovember 2, 1981\n\nSecret Telegram No. 3638/IV - From Moscow to Warsaw\n\n"
        "To: [Foreign Minister] CZYREK\n\n"
        "In a conversation today the deputy minister said the following about the situation.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert all("bracketed_given_name" not in p.rule for p in doc.recipients)


_VI_BODY = (
    "Hôm nay, ngày 15 tháng 11, đồng chí Hồ Chí Minh đã nhắn miệng lại là đồng chí ấy dự định sẽ về Việt Nam "
    "vào một ngày gần nhất và mong muốn được gặp mặt đồng chí Stalin ít phút trước chuyến khởi hành.\n"
)


def test_a_vietnamese_heading_names_the_letters_writer_and_addressee() -> None:
    for heading, sender in (
        ("Thư Grigoryan gửi đồng chí Stalin về việc Hồ Chí Minh chuẩn bị về nước 15/11/1952", "Grigoryan"),
        ("Thư của ông Hồ Chí Minh gửi Đại Nguyên soái Stalin", "Ho Chi Minh"),
    ):
        text = f"{heading}\nTài liệu số 10\nKính gửi đồng chí Stalin\n{_VI_BODY}"
        [doc] = parse_documents(text_page(text), AUTHORITY)
        assert doc.doc_type == "Letter", heading
        assert [p.name for p in doc.senders] == [sender], heading
        assert [p.name for p in doc.recipients] == ["Joseph Stalin"], heading
        assert doc.recipients[0].rule.startswith("vietnamese_heading_to"), heading


def test_a_vietnamese_telegram_heading_without_its_writer_names_no_writer() -> None:
    text = f"Điện tín gửi Stalin\nĐồng chí Stalin thân mến\n{_VI_BODY}"
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.doc_type == "Telegram"
    assert doc.senders == []
    assert [p.name for p in doc.recipients] == ["Joseph Stalin"]


def test_a_wilson_record_titled_cable_keeps_the_records_own_word() -> None:
    text = (
        "Skip to content\n\nMay 10, 1948\n\nCable, Mao Zedong to Filippov [Stalin]\n\n"
        "This document was made possible with support from Leon Levy Foundation\n\n"
        "Comrade Filippov, I have received your telegram and fully agree with its contents. We are "
        "preparing the plenum and will report on its results as soon as it closes.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.doc_type == "Cable"
    text = text.replace("Cable, Mao", "Ciphered Telegram, Mao")
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.doc_type == "Telegram"


def test_a_third_person_note_and_a_numbered_personal_letter_under_a_frus_heading() -> None:
    note = (
        "860C.48/754\n\nThe Polish Ambassador (Ciechanowski) to the Secretary of State\n\n"
        "The Polish Ambassador presents his compliments to the Secretary of State and, with reference to "
        "his letter of August 3rd, has the honor to communicate the latest information received today.\n"
    )
    [doc] = parse_documents(text_page(note, "frus1942v03-d149.txt"), AUTHORITY)
    assert doc.doc_type == "Note"
    letter = (
        "462.00 R 296/21\n\nThe British Chargé ( Chilton ) to the Secretary of State\n\nNo. 896\n\n"
        "My Dear Mr. Secretary: I did not fail to communicate to His Majesty’s Government the contents of "
        "the aide-mémoire enclosed in the letter which you were so good as to address to me.\n\n"
        "Believe me [etc.]\n\nH. G. Chilton\n"
    )
    [doc] = parse_documents(text_page(letter, "frus1923v02-d50.txt"), AUTHORITY)
    assert doc.doc_type == "Letter"
    despatch = letter.replace("My Dear Mr. Secretary:", "Sir:")
    [doc] = parse_documents(text_page(despatch, "frus1923v02-d50.txt"), AUTHORITY)
    assert doc.doc_type == "Despatch"


def test_remarks_or_information_by_a_mission_name_it_as_author() -> None:
    for kind in ("Remarks", "Information", "Assessment"):
        title = f"{kind} by the East German Embassy in Hanoi on the Article in Hoc Tap No. 11/1964 [Excerpts]"
        parties = parse_title_parties(title, 0, AUTHORITY, year=1964)
        assert [p.role for p in parties.senders] == ["East German Embassy in Hanoi"], kind
        assert parties.recipients == [], kind


def test_a_text_of_heading_under_a_covering_communication_is_its_nested_message() -> None:
    text = (
        "867N.01/10–2745: Telegram\n\nThe British Embassy to the Department of State\n\n"
        "Text of a Telegram From the Foreign Office Dated October 27th, 1945\n\n"
        "I do not want to risk failure to agree with the United States Government on the terms of "
        "reference when we are so close.\n\nYou have authority to revert to the original order.\n"
    )
    [doc] = parse_documents(text_page(text, "frus1945v08-d770.txt"), AUTHORITY)
    [own] = doc.messages
    [child] = own.children
    assert (child.kind, child.rule) == ("telegram", "text_of_heading")
    assert [p.name for p in child.authors] == ["Foreign Office"]
    prose = text.replace("Text of a Telegram From the Foreign Office Dated October 27th, 1945\n\n",
                         "We read the text of a telegram from the Foreign Office with interest today.\n\n")
    [doc] = parse_documents(text_page(prose, "frus1945v08-d770.txt"), AUTHORITY)
    assert all(m.children == [] for m in doc.messages)


def test_an_undated_frus_heading_surname_is_read_in_its_volumes_years() -> None:
    text = (
        "143. Memorandum From the Director of Central Intelligence (Souers) to the Secretary of State’s "
        "Special Assistant for Research and Intelligence (McCormack)0\n\n"
        "In accordance with paragraph 7, N.I.A. Directive No. 1, I request that you make appropriate "
        "arrangements within the Department of State to make the following intelligence available.\n"
    )
    [doc] = parse_documents(text_page(text, "frus1945-50Intel-d143.txt"), AUTHORITY)
    assert [p.name for p in doc.recipients] == ["Alfred McCormack"]
    assert "volume_years" in doc.recipients[0].rule
    [doc] = parse_documents(text_page(text, "page.txt"), AUTHORITY)  # no volume: no years to read in
    assert doc.recipients[0].entity_id is None


def test_a_soviet_diarys_register_number_under_its_copy_line() -> None:
    text = (
        "Skip to content\n\nMarch 4, 1964\n\nFrom the Diary of A. I. Alekseyev, Record of Conversations with "
        "Individual Cuban leaders, 8 February 1964\n\n"
        "This document was made possible with support from Leon Levy Foundation\n\n"
        "[Stamp]: Declassified\n\nfrom the diary of\n\nA. I. Alekseyev\n\n"
        "Secret Copy No 2\n\n4 March 1964\n\n"
        "No 66\n\nRECORD OF CONVERSATIONS\n\nwith individual Cuban leaders\n\n"
        "Fidel Castro’s visit to the Soviet Union has found a warm response among the Cuban people, and "
        "materials have begun to appear in the Cuban press.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.doc_type == "Diary"
    assert doc.envelope.number == "66"
    assert doc.envelope.provenance["number"].rule == "register_number_below_copy"
    unregistered = text.replace("Secret Copy No 2\n\n", "")
    [doc] = parse_documents(text_page(unregistered), AUTHORITY)
    assert doc.envelope.number is None  # a diary's lone number elsewhere stays the stamp's


def test_a_hungarian_name_written_family_name_first() -> None:
    parties = parse_title_parties(
        "Report from Etre Sándor, 'Information from the leader of the Hungarian subdivision'", 0, AUTHORITY,
        year=1972,
    )
    assert [p.name for p in parties.senders] == ["Sándor Etre"]
    assert "family_first" in parties.senders[0].rule
    parties = parse_title_parties("Letter from Sándor Etre to the Foreign Ministry", 0, AUTHORITY, year=1972)
    assert [p.name for p in parties.senders] == ["Sándor Etre"]
    assert "family_first" not in parties.senders[0].rule


def test_a_soviet_reports_header_number_and_a_periodicals_issue_in_a_title() -> None:
    text = (
        "Skip to content\n\nOctober 23, 1962\n\nSoviet Report on American Secrecy Efforts\n\n"
        "This document was made possible with support from Leon Levy Foundation\n\n(when filled)\n\n"
        "REPORT #5424/273 from 24.X.62\n\nfrom incoming (outgoing) ciphered telegram # 30472/775\n\n"
        "KENNEDY's announcement of USA's actions was prepared in an atmosphere of the greatest secrecy, "
        "and all employees were forewarned.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert (doc.envelope.number, doc.envelope.number_suffix) == ("5424", "273")
    issue = text.replace("Soviet Report on American Secrecy Efforts",
                         "Remarks by the East German Embassy in Hanoi on the Article in Hoc Tap No. 11/1964")
    issue = issue.replace("REPORT #5424/273 from 24.X.62\n\n", "")
    [doc] = parse_documents(text_page(issue), AUTHORITY)
    assert doc.envelope.number != "11"


def test_i_send_you_a_copy_of_my_telegram_of_a_date_to_someone_is_nested() -> None:
    text = (
        "Skip to content\n\nJanuary 16, 1951\n\nTelegram from Mao Zedong to I.V. Stalin\n\n"
        "CIPHERED TELEGRAM No. 15603\n\nTo Comrade FILIPPOV [Stalin].\n\n"
        "I send you a copy of my telegram of 14 January 1951 to Comrade Peng Dehuai for transmission "
        "to Comrade Kim Il Sung.\n\nI ask you to familiarize yourself with it: \"To Comrade Peng Dehuai. "
        "The recruits being trained in Northeast China must be incorporated into the People's Army.\"\n\n"
        "MAO ZEDONG\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    [own] = doc.messages
    [child] = own.children
    assert child.rule == "forwarded_own"
    assert [p.name for p in child.authors] == ["Mao Zedong"]
    assert [p.name for p in child.recipients] == ["Peng Dehuai"]


def test_an_introduction_names_the_author_of_the_telegram_it_translates() -> None:
    text = (
        "On 8 December 1941, new Soviet Ambassador to the United States Maksim Maksimovich Litvinov met "
        "with US President Franklin Roosevelt. The following is an English translation of the coded "
        "telegram penned by Litvinov that day (sent to Moscow on 10 December).\n"
        "CODED TELEGRAM – TOP SECRET\nFrom WASHINGTON 13:00 10 XII 1941 Priority\n"
        "MOSCOW – KUYBYSHEV. TO MOLOTOV.\n"
        "The President greeted me without the usual formalities when I presented him with my credentials.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert [p.name for p in doc.senders] == ["Maxim Litvinov"]  # the authority's one Litvinov
    assert doc.senders[0].entity_id == "person:maxim-litvinov"
    assert doc.senders[0].rule.startswith("introduced_author")


def test_a_record_titled_remarks_keeps_its_own_word() -> None:
    text = (
        "Skip to content\n\nNovember 12, 1964\n\nRemarks by the East German Embassy in Hanoi on the Article "
        "in Hoc Tap No. 11/1964 [Excerpts]\n\n"
        "This document was made possible with support from Leon Levy Foundation\n\n"
        "We have already informed you in a telegram about the publication of the article, its withdrawal "
        "and its basic contents. Now we send you a partial translation.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.doc_type == "Remarks"


def test_a_mirrors_source_footnote_that_lost_its_number() -> None:
    text = (
        "36. Telegram From the Department of State to the Mission to the North Atlantic Treaty "
        "Organization/1/\n\nWashington, January 9, 1958, 8:14 p.m.\n\n"
        "//Source: Department of State, Central Files, 761.00/1 - 758. Secret; Priority.\n\n"
        "Topol 2308. Paris for USRO and Embassy. Following is summary of analysis of the Soviet note.\n\n"
        "Dulles\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert any("761.00/1 - 758" in ref.text for ref in doc.archive_refs)


def test_a_record_opening_as_a_memorandum_form_is_titled_by_its_re_line() -> None:
    text = (
        "August 11, 1975\n\nTo: Minister of the Revolutionary Armed Forces\n\n"
        "From: Head of the Tenth Direction\n\n"
        "RE: Report on visit to Angola\n\nReport on the visit to Angola and on conversations sustained with "
        "Agostinho Neto, President of the MPLA:\n\n  1. We arrived in Luanda, Angola on Sunday August 3rd, "
        "and made contact with the MPLA who promptly took us to a hotel.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.title == "Report on visit to Angola"
    assert doc.doc_type == "Report"
    assert [p.name for p in doc.senders] == ["Head of the Tenth Direction"]


def test_a_report_on_a_subject_names_no_parties() -> None:
    parties = parse_title_parties("Report on visit to Angola", 0, AUTHORITY, year=1975)
    assert parties.senders == [] and parties.recipients == []
