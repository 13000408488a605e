"""Parties read from headings and titles: surnames dated by the document, authors of
one-party titles, offices kept as named."""

from __future__ import annotations

from cablegraph.parse import parse_documents
from cablegraph.parse.people import parse_title_parties
from cablegraph.resolve import Authority
from tests.parse.pages import text_page

AUTHORITY = Authority.builtin()


def test_surname_of_an_undated_heading_is_dated_by_the_volume() -> None:
    text = (
        "The Ambassador in Germany (Dodd) to the Secretary of State\n[Received March 29.]\n"
        "Sir: I wish to express my thanks to the Department for its circular telegram of March 18.\n"
        "Respectfully yours,\n"
    )
    [doc] = parse_documents(text_page(text, "frus1935v02-d244.txt"), AUTHORITY)
    [sender] = doc.senders
    assert sender.name == "William Edward Dodd" and sender.entity_id is not None
    assert "in_year_1935" in sender.rule
    assert sender.as_written == "Dodd"


def test_surname_without_a_year_stays_as_read() -> None:
    text = (
        "The Ambassador in Germany (Dodd) to the Secretary of State\n[Received March 29.]\n"
        "Sir: I wish to express my thanks to the Department for its circular telegram of March 18.\n"
    )
    [doc] = parse_documents(text_page(text, "page.txt"), AUTHORITY)
    assert [p.name for p in doc.senders] == ["Dodd"]
    assert doc.senders[0].entity_id is None


def test_old_heading_surnames_are_the_persons_active_in_the_dated_year() -> None:
    text = (
        "Mr. Denby\nto Mr. Bayard.\nLegation of\nthe United States,\nPeking, March 19, 1888.\n"
        "Sir: I have the honor to report that the Yamen has refused to order the removal.\nI have, etc.,\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert [p.name for p in doc.senders] == ["Charles Denby"]
    assert [p.name for p in doc.recipients] == ["Thomas Francis Bayard"]


def test_title_naming_only_its_author() -> None:
    for title, author in (
        ("Report from Milovan Djilas, 'On the meeting'", "Milovan Djilas"),
        ("Report of Milovan Djilas about a Secret Meeting", "Milovan Djilas"),
        ("Cable from the Chinese Embassy in North Korea", "Chinese Embassy in North Korea"),
    ):
        parties = parse_title_parties(title, 0, AUTHORITY, year=1950)
        [sender] = parties.senders
        role = (sender.role or "").removeprefix("the ")
        assert author in (sender.name, role), (title, sender)
        assert parties.recipients == []


def test_records_of_meetings_have_no_author_from_their_title() -> None:
    for title in (
        "Minutes of Conversation of Leonid Brezhnev with Nasser",
        "Record of Conversation of Nikita Khrushchev with a Delegation",
        "Report of the Conversation with Kim Il Sung",
    ):
        assert parse_title_parties(title, 0, AUTHORITY, year=1968).senders == [], title


def test_hand_delivered_note_conveying_a_telegram() -> None:
    parties = parse_title_parties(
        "Hand delivered note, Zhou Enlai to Stalin, conveying telegram From Mao Zedong to Zhou Enlai",
        0,
        AUTHORITY,
        year=1952,
    )
    assert [p.name for p in parties.senders] == ["Zhou Enlai"]
    assert [p.name for p in parties.recipients] == ["Joseph Stalin"]
    assert [p.name for p in parties.relayed_authors] == ["Mao Zedong"]
    assert parties.relayed_kind == "telegram"


def test_an_office_keeps_its_name_without_the_article_as_its_role() -> None:
    parties = parse_title_parties(
        "Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry", 0, AUTHORITY, year=1953
    )
    [recipient] = parties.recipients
    assert recipient.role == "Hungarian Foreign Ministry"


def test_a_place_after_a_party_qualifies_it() -> None:
    parties = parse_title_parties(
        "Ciphered telegram, Shtykov to Ministry of Foreign Affairs, Moscow", 0, AUTHORITY, year=1950
    )
    assert [p.name for p in parties.senders] == ["Terenty Shtykov"]
    [recipient] = parties.recipients
    assert recipient.name == "Ministry of Foreign Affairs of the USSR"
    assert "place_context" in recipient.rule


def test_a_list_of_places_stays_a_list() -> None:
    parties = parse_title_parties("Telegram, Moscow to Beijing, Pyongyang", 0, AUTHORITY, year=1950)
    assert [p.name for p in parties.recipients] == ["Beijing", "Pyongyang"]


def test_summary_names_the_diplomat_who_wrote_for_the_post() -> None:
    text = (
        "December 22, 1953\n\nReport, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry\n\n"
        "    get citation\n\n"
        "    Report from Zsigmond Csuka (Chargé d’Affaires ad interim in Pyongyang) in which he complains "
        "about difficulties caused by the foreign ministry.\n"
        "    \"Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry,\" December 22, "
        "1953, History and Public Policy Program Digital Archive, MOL, XIX-J-1-k Korea, 9. doboz.\n\n"
        "The Foreign Ministry of the DPRK continues to make exchanges between our two countries difficult.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.summary is not None and "Csuka" in doc.summary
    [sender] = doc.senders
    assert sender.name == "Zsigmond Csuka" and sender.rule.startswith("summary_author")
    assert sender.role is not None and "Embassy" in sender.role


def test_one_wilson_record_address_on_the_page_is_its_record_id() -> None:
    text = (
        "English version\nhttps://digitalarchive.wilsoncenter.org/document/102971/download\nJuly 17, 1957\n"
        "Record of a Conversation between N.S. Khrushchev and Ho Chi Minh\n\n"
        "Khrushchev greeted the delegation and asked about the situation in the South.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.record_id == "102971"
    two = text + "See also https://digitalarchive.wilsoncenter.org/document/110000\n"
    [other] = parse_documents(text_page(two), AUTHORITY)
    assert other.record_id is None


def test_a_journal_sent_on_under_its_outgoing_number() -> None:
    from pathlib import Path

    from cablegraph.ingest import read_page

    real = Path(__file__).resolve().parents[1] / "fixtures" / "quality" / "real" / "wilson"
    page = read_page(real / "journal-alekseyev-conversation-fidel-castro-28-february-1963.txt")
    [doc] = parse_documents(page, AUTHORITY)
    assert doc.doc_type == "Journal"
    assert doc.envelope.number == "100"
    assert doc.envelope.provenance["number"].rule == "outgoing_number"


def test_a_heading_in_capitals_is_no_signature() -> None:
    from cablegraph.model import Span
    from cablegraph.parse.document import _signature
    from cablegraph.parse.lines import split_lines

    text = (
        "RECORD OF A CONVERSATION\nOF CDE. N.S. KHRUSHCHEV\n"
        + "The delegation thanked the Soviet government for its help and spoke of the city's needs.\n"
        + "The conversation lasted an hour.\n"
    )
    assert _signature(text, split_lines(text, 0, len(text)), AUTHORITY, 1958) == []
    signed = text + "SHTYKOV\n"
    [person] = _signature(signed, split_lines(signed, 0, len(signed)), AUTHORITY, 1950)
    assert person.name == "Terenty Shtykov" and person.span == Span(len(text), len(text) + 7)


def test_archive_source_line_up_to_its_credits() -> None:
    from cablegraph.model import Span
    from cablegraph.parse.archive_refs import find_archive_refs
    from cablegraph.parse.document import _noted_archive

    [ref] = find_archive_refs("APRF: F. 39, Op. 1, D. 31, L. 25. Reprinted in Ledovskii.")
    assert (ref.archive, ref.fond, ref.opis, ref.delo, ref.listy) == ("APRF", "39", "1", "31", "25")
    text = "Source\n\nArchive of Modern Records, Warsaw (AAN), KC PZPR, XIA/1273. Obtained by X.\n"
    start = text.index("Archive")
    [noted] = _noted_archive(text, Span(start, len(text) - 1))
    assert noted.text == "Archive of Modern Records, Warsaw (AAN), KC PZPR, XIA/1273"
    assert noted.span == Span(start, start + len(noted.text))
    only_credit = "Translated by Jeffrey Wang.\n"
    assert _noted_archive(only_credit, Span(0, len(only_credit) - 1)) == []


def test_the_secretary_of_the_year_sends_instructions_and_receives_despatches() -> None:
    despatch = (
        "Mr. Denby\nto Mr. Bayard.\nPeking, March 19, 1888.\nNo. 594.]Peking, March 19, 1888.\n"
        "Sir: I have the honor to report that the Yamen has refused to order the removal.\n"
        "The foreign ministers do not accept the decision as final and will address the Yamen again.\n"
        "I have, etc.,\n"
    )
    [doc] = parse_documents(text_page(despatch), AUTHORITY)
    assert doc.envelope.number == "594"
    assert doc.doc_type == "Despatch"
    instruction = (  # no number: the page alone would call it a despatch
        "Mr. Bayard\nto Mr. Denby.\nWashington, March 19, 1888.\n"
        "Sir: Your despatch on the obstructions in the Pearl River has been received.\n"
        "The Department approves your course and trusts the foreign ministers will press the Yamen.\n"
        "I am, etc.,\n"
    )
    [doc] = parse_documents(text_page(instruction), AUTHORITY)
    assert doc.doc_type == "Instruction"
    assert doc.provenance["doc_type"].rule == "secretary_sends_instructions"


def test_a_memorandum_numbers_paragraphs_not_telegrams() -> None:
    text = (
        "Memorandum of Conversation, by the Secretary of State\n\nSubject: Meeting of Foreign Secretaries\n\n"
        "2. The British Ambassador remained after the others had left and we talked of small nations.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.envelope.number is None


def test_a_titled_name_unknown_to_the_authority_keeps_the_name() -> None:
    from cablegraph.parse.people import resolve_person

    person = resolve_person("Soviet Representative Aleksei Ignatieff in Pyongyang", AUTHORITY, year=1950)
    assert person.name == "Aleksei Ignatieff"
    assert person.role == "Soviet Representative in Pyongyang"


def test_title_marks_are_not_parties_and_the_form_names_the_addressee() -> None:
    title = "Telegram from Pyongyang to Bucharest, SECRET, No. 059.156"
    parties = parse_title_parties(title, 0, AUTHORITY, year=1975)
    assert [p.name for p in parties.recipients] == ["Bucharest"]
    text = (
        "Skip to content\n\nMay 10, 1975\n\nTelegram from Pyongyang to Bucharest, SECRET, No. 059.156\n\n"
        "This document was made possible with support from Leon Levy Foundation\n\n\nSender: Pyongyang\n\n"
        "Date: 10.05.1975/04:00\n\nNo.: 059.156\n\nTo: Comrade Constantin Oancea\n\n\n"
        "Deputy Foreign Minister Jon Myong Su briefed the Romanian Ambassador and other heads of missions.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.envelope.number == "059.156"
    assert [p.name for p in doc.recipients] == ["Constantin Oancea"]


def test_russian_archive_references() -> None:
    from cablegraph.parse.archive_refs import find_archive_refs

    [ref] = find_archive_refs("Печ. по: АП РФ.Ф. 45. Оп. 1. Д. 330. Л. 95–96, 97–99.")
    assert ref.text.startswith("АП РФ.Ф. 45")
    assert (ref.archive, ref.fond, ref.opis, ref.delo, ref.listy) == ("APRF", "45", "1", "330", "95–96")
    [avp] = find_archive_refs("АВП РФ, ф. 0100, оп. 43, д. 8, п. 302, л. 12-14")
    assert (avp.archive, avp.fond, avp.papka) == ("AVP RF", "0100", "302")
    assert find_archive_refs("Ф. 45 без архива") == []


def _nested(text: str) -> int:
    [doc] = parse_documents(text_page(text), AUTHORITY)
    return sum(len(m.children) for m in doc.messages)


def test_nested_messages_of_frus_kinds() -> None:
    heading = (
        "257. Telegram From the Department of State to the Embassy in Vietnam\n\n"
        "Washington, November 15, 1961.\n\n"
    )
    following = heading + (
        "620. Following is draft letter from President Diem to President Kennedy which should be handled "
        "accordance instructions contained Deptel 619.\n\nDear Mr. President: My Government has studied "
        "your proposals with care and accepts them.\n\nRusk\n"
    )
    assert _nested(following) == 1
    verbatim = heading + (
        "621. Please deliver the note. Begin verbatim text. The Government of the United States has "
        "learned with concern of the events. End verbatim text. Report reaction.\n\nRusk\n"
    )
    assert _nested(verbatim) == 1
    enclosure = (
        "Mr. Adams to Mr. Seward.\nNo. 32.]\nLondon, August 23, 1861.\n"
        "Sir: I have the honor to transmit a copy of a note addressed to me by Lord Russell.\n"
        "I have the honor to be, sir, your obedient servant,\n"
        "[Inclosure.]\nForeign Office, August 19, 1861.\n"
        "Sir: I have the honor to enclose a copy of a declaration which I propose to make upon signing.\n"
    )
    assert _nested(enclosure) == 1
    quoted = heading + (
        "623. Please pass to the Foreign Minister the following. Quote. The Government of the United "
        "States has studied the proposal with care. Unquote. Report his reply.\n\nRusk\n"
    )
    assert _nested(quoted) == 1
    plain = heading + "622. Your 619. We agree with your assessment of the situation in the delta.\n\nRusk\n"
    assert _nested(plain) == 0


def test_a_channel_to_the_ambassador_of_the_post_is_the_intermediary() -> None:
    from cablegraph.parse.envelope import read_channel
    from cablegraph.parse.lines import split_lines

    for head in ("PEKING, TO THE SOVIET AMBASSADOR\nPass the following to MAO ZEDONG:\n",
                 "BEIJING - SOVIET AMBASSADOR\n\nTo transmit to Comrade MAO ZEDONG\n"):
        text = head + "“To Cde. MAO ZEDONG. Your request has been received.”\n"
        place, via, final = read_channel(split_lines(text, 0, len(text)), AUTHORITY, year=1950)
        assert place in ("PEKING", "BEIJING")
        assert [p.name for p in via] == ["Nikolai Roshchin"], head
        assert [p.name for p in final] == ["Mao Zedong"], head


def test_a_cipher_form_below_an_introduction() -> None:
    text = (
        "On 8 December 1941 the new Soviet Ambassador to the United States met the President to present his "
        "credentials. The following is an English translation of the coded telegram he sent that day. "
        "The header notes that copies of it were sent to Stalin, Molotov, Voroshilov, Kaganovich, Mikoyan, "
        "Beria, Vyshinskiy, Dekanozov, Lozovskiy, Sobolev and the 10th Department.\n"
        "CODED TELEGRAM – TOP SECRET\nFrom WASHINGTON 13:00 10 XII 1941 Priority\n"
        "MOSCOW – KUYBYSHEV. TO MOLOTOV.\n"
        "The President greeted me without the usual formalities when I presented him with my credentials.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.doc_type == "Telegram"
    assert doc.date is not None and doc.date.iso == "1941-12-10"
    assert [p.name for p in doc.recipients] == ["Vyacheslav Molotov"]


def test_roman_month_dates_with_spaces_need_capitals_and_a_whole_year() -> None:
    from cablegraph.parse.dates import find_dates

    assert [d.iso for d in find_dates("From WASHINGTON 13:00 10 XII 1941 Priority")] == ["1941-12-10"]
    assert find_dates("Section 5 V 1950s") == []
    assert find_dates("on 3 iv 1950") == []


def test_title_author_away_from_his_post() -> None:
    parties = parse_title_parties(
        "Cipher telegram from Vyacheslav Molotov in Washington on his conversation with Roosevelt",
        0,
        AUTHORITY,
        year=1942,
    )
    assert [p.name for p in parties.senders] == ["Vyacheslav Molotov"]


def test_dates_of_a_source_note_a_memorandum_and_not_of_a_footnote() -> None:
    noted = (
        "Secretary’s Daily Meetings, Lot 58 D 609, June 1951\n\n"
        "Memorandum of Conversation, by the Director of the Executive Secretariat (McWilliams)\n\n"
        "Subject: Summary of Meeting with the Secretary\n\n"
        "There was a general discussion of the amendment, the consensus being that it would get hotter.\n"
    )
    [doc] = parse_documents(text_page(noted), AUTHORITY)
    assert doc.date is not None and doc.date.iso == "1951-06" and doc.date.rule == "source_note_date"
    meeting = (
        "Memorandum of Conversation, by the Ambassador to the Soviet Union (Kirk)\n\nsecret\n\n"
        "Calling at 3:00 p.m., 11 January, 1951, at the White House to say goodbye to the President, the "
        "following topics were touched upon.\n"
    )
    [doc] = parse_documents(text_page(meeting), AUTHORITY)
    assert doc.date is not None and doc.date.iso == "1951-01-11"
    footnoted = (
        "The Ambassador in Germany (Gerard) to the Secretary of State\n\n[Telegram]\n\n"
        "Asked Count Bernstorff to accompany me to the Foreign Office about the peace treaty. No chance.\n\n"
        "Gerard\n  1. The telegraphic despatch referred to follows:\n    Berlin , February 19, 1914.\n"
    )
    [doc] = parse_documents(text_page(footnoted), AUTHORITY)
    assert doc.date is None


def test_viewer_and_collection_lines_are_no_titles() -> None:
    from cablegraph.parse.generic import _FURNITURE

    for line in (
        "Imágenes de páginas",
        "University of Wisconsin Digital Collections",
        "Link to University of Wisconsin Digital Collections",
        "United States Department of State / Foreign relations of the United States diplomatic papers, 1937",
        "Germany,   pp. 319-405 PDF (32.6 MB)",
        "FOREIGN RELATIONS.",
    ):
        assert _FURNITURE.match(line), line
    assert not _FURNITURE.match("Memorandum by the Secretary of State")


def test_a_kind_heading_below_a_site_s_lines() -> None:
    text = (
        "Центр гуманитарных наук 21-ого века\n\nЗеркало Библиотеки,\n\nАрхив И. В. Сталина\n\n"
        "Предыдущая\nпубликация\n\nСталин И.В.\n\nТелеграмма Мао Цзэдуну\n\n29 апреля 1948 года\n\n"
        "Считаем, что ваш приезд в Москву целесообразно отложить до окончания весенних операций армии.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.title == "Телеграмма Мао Цзэдуну"
    assert doc.doc_type == "Telegram"
    assert doc.date is not None and doc.date.iso == "1948-04-29"
    assert [p.name for p in doc.senders] == ["Joseph Stalin"]
    assert [p.name for p in doc.recipients] == ["Mao Zedong"]


def test_a_dated_relayed_message_in_a_title() -> None:
    parties = parse_title_parties(
        "Telegram from Mao Zedong to I.V. Stalin, transmitting 14 January 1951 Message from Mao "
        "to Peng Dehuai",
        0,
        AUTHORITY,
        year=1951,
    )
    assert [p.name for p in parties.recipients] == ["Joseph Stalin"]
    assert [p.name for p in parties.relayed_recipients] == ["Peng Dehuai"]


def test_no_title_from_a_fragment_a_run_together_head_or_a_spaced_mark() -> None:
    from cablegraph.parse.generic import _title_like

    assert not _title_like("with Chairman of PMAC of Ethiopia")
    assert not _title_like("CONFIDENTIA L.")
    assert not _title_like("Получено 23.XII.1942 г. Перевод с английского. Москва, 1942 года. Ваше")
    assert _title_like("Report on visit to Angola")
    run_together = (
        "Получено 23.XII.1942 г. Перевод с английского. ПОСОЛЬСТВО СОЕДИНЕННЫХ ШТАТОВ АМЕРИКИ Москва, "
        "23 декабря 1942 года. Ваше Превосходительство,\n"
        "Имею честь передать Вам послание Президента, полученное мною сегодня из Вашингтона для Вас.\n"
    )
    [doc] = parse_documents(text_page(run_together), AUTHORITY)
    assert doc.title is None
    assert doc.date is not None and doc.date.iso == "1942-12-23" and doc.date.rule == "place_date_in_head"


def test_a_cable_quoting_a_whole_message() -> None:
    from cablegraph.model import Span
    from cablegraph.parse.document import _quoted_in_cable

    repeat = (
        "1. FOLLOWING REPEATED FOR YOUR INFORMATION:\nQUOTE\nSUBJECT: COMMUNICATIONS FOR SECRETARY'S VISIT\n"
        "1. SPECIAL SUMMARIES WILL BE SENT. CAPTION QUOTE EXDIS UNQUOTE.\nUNQUOTE\nKISSINGER\n"
    )
    [child] = _quoted_in_cable(repeat, Span(0, len(repeat)))
    assert child.span is not None
    assert repeat[child.span.start : child.span.stop].strip().startswith("SUBJECT:")
    note = "2. BEGIN TEXT: NO. 568/BNG. THE MINISTRY PRESENTS ITS COMPLIMENTS. END TEXT.\n3. COMMENT: NONE.\n"
    assert len(_quoted_in_cable(note, Span(0, len(note)))) == 1
    inline = "1. CAPTION QUOTE EXDIS (DISTRIBUTE AS NODIS) UNQUOTE. THIS MESSAGE IS FOR THE SECRETARY.\n"
    assert _quoted_in_cable(inline, Span(0, len(inline))) == []


def test_a_telegram_sent_via_another_post() -> None:
    text = (
        "393.115/1230: Telegram\nThe Ambassador in Japan (Grew) to the Secretary of State\n"
        "[Received December 1—4:08 a.m.]\n"
        "1846. On November 22, 1941, I addressed a personal letter to the Minister for Foreign Affairs.\n"
        "Copies to the Department and Peiping by mail.\n"
        "Sent to the Department via Peiping. Repeated to Chungking.\n"
    )
    [doc] = parse_documents(text_page(text, "frus1931-41v01-d676.txt"), AUTHORITY)
    assert [p.name for p in doc.via] == ["Peiping"] or [p.as_written for p in doc.via] == ["Peiping"]
    assert doc.via[0].rule.startswith("sent_via")


def test_the_salutation_under_a_heading_says_what_was_sent() -> None:
    despatch = (
        "The Ambassador in Germany (Dodd) to the Secretary of State\n[Received March 29.]\n"
        "Sir: I wish to express my thanks to the Department for its circular telegram of March 18.\n"
        "This review of the American press is especially helpful to us here.\nRespectfully yours,\n"
    )
    [doc] = parse_documents(text_page(despatch, "frus1935v02-d244.txt"), AUTHORITY)
    assert doc.doc_type == "Despatch" and doc.provenance["doc_type"].rule == "salutation_under_heading"
    letter = (
        "763.72/2355\n\nPresident Wilson to the Secretary of State\n\n"
        "My Dear Mr. Secretary: Do you not think that it would be wise to post Gerard pretty fully in this "
        "matter? I think that House ought to know the full facts.\n"
    )
    [doc] = parse_documents(text_page(letter, "frus1914-20v01-d489.txt"), AUTHORITY)
    assert doc.doc_type == "Letter"


def test_a_mirror_of_a_frus_document_under_its_own_title() -> None:
    text = (
        "Francis to Lansing on Allied military, diplomatic progression, and address to Russian people\n\n\n"
        "File No. 861.00/2577\n[Telegram]\n\nVologda, July 4, 1918\nReceived August 26\n\n\nNo. 1117\n\n"
        "    The feeling in Vologda is very friendly towards the Embassy as it is realized that we "
        "have added much to the reputation of the city.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.doc_type == "Telegram"
    assert [r.text for r in doc.archive_refs] == ["File No. 861.00/2577"]
    assert [p.name for p in doc.senders] == ["David Rowland Francis"]
    assert [p.name for p in doc.recipients] == ["Robert Lansing"]


def test_a_chapter_line_is_no_document_heading() -> None:
    text = (
        "Department Seal FOREIGN RELATIONS OF THE UNITED STATES\n1961-1963, Volume I\n\n"
        "V. Special Financial Group Mission to Vietnam\nJune 17-July 15, 1961\n\n72. Editorial Note\n\n"
        "In a letter to Diem, May 8, 1961 (see Document 48), President Kennedy offered to send a "
        "special group of economic and fiscal experts to Vietnam.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.title == "Editorial Note"
    assert doc.senders == [] and doc.recipients == []
    assert doc.date is None


def test_a_post_with_its_head_in_brackets_is_sent_by_him() -> None:
    # Wilson titles name the signing head of post as FRUS headings do: "(Jeleń)" as "(Keith)"
    for title, name, post in (
        ("Telegram from Polish Embassy in Havana (Jeleń), 12 November 1962", "Jeleń",
         "Polish Embassy in Havana"),
        ("Telegram from Czechoslovak Embassy in Havana (Pavlíček) to Prague", "Pavlíček",
         "Czechoslovak Embassy in Havana"),
    ):
        parties = parse_title_parties(title, 0, AUTHORITY, year=1962)
        [sender] = parties.senders
        assert (sender.name, sender.role, sender.entity_id) == (name, post, None)
        assert "bracketed_holder" in sender.rule
    # a known name in the bracket is resolved as before; a bracket after a person is no post
    [stalin] = parse_title_parties("Ciphered Telegram, Shtykov to Feng Xi (Stalin)", 0, AUTHORITY,
                                   year=1950).recipients
    assert stalin.name == "Joseph Stalin"
    title = "Cable, Mao Zedong (Unknown Person) to Stalin"
    [mao] = parse_title_parties(title, 0, AUTHORITY, year=1950).senders
    assert mao.name != "Unknown Person"


def test_a_forms_from_and_to_lines_name_the_parties_more_closely_than_its_title() -> None:
    text = (
        "Skip to content\nOctober 30, 1962\nTelegram from Polish Embassy in Havana (Jeleń), 30 October 1962\n"
        "This document was made possible with support from Leon Levy Foundation\n"
        "Ciphergram No. 16053\nTo: KRAJEWSKI, EYES ONLY\nFrom: [Ambassador Boleslaw] JELEN1\n"
        "The missiles were installed at the Soviet initiative. They were quickly transported to Cuba and the "
        "installation took place without camouflage.\n"
        "The prolonging of negotiations facilitates increased demands on the part of the US, the leadership "
        "believes.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    [sender] = doc.senders
    assert (sender.name, sender.role, sender.rule) == ("Boleslaw Jelen", "Polish Embassy in Havana",
                                                       "form_from+unresolved")
    assert sender.as_written == "[Ambassador Boleslaw] JELEN"
    assert [p.name for p in doc.recipients] == ["Krajewski"]
    # a footnote mark before a handling mark is no part of the name ("KRAJEWSKI1, Urgent")
    marked = text.replace("KRAJEWSKI, EYES ONLY", "[Aleksander] KRAJEWSKI1, Urgent")
    [doc] = parse_documents(text_page(marked), AUTHORITY)
    assert [p.name for p in doc.recipients] == ["Aleksander Krajewski"]
    # offices on a memorandum's form fill parties no title names; "Minister of ..." keeps its title
    text = (
        "August 11, 1975\n\nTo: Minister of the Revolutionary Armed Forces\n\n"
        "From: Head of the Tenth Direction\n\n"
        "RE: Report on visit to Angola\n\nReport on the visit to Angola and on conversations sustained with "
        "Agostinho Neto, President of the MPLA and the Polit Buro of the MPLA:\n\n  1. We arrived in Luanda, "
        "Angola on Sunday August 3rd, and made contact with the MPLA who promptly took us to a hotel.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert [p.name for p in doc.senders] == ["Head of the Tenth Direction"]
    assert [p.name for p in doc.recipients] == ["Minister of the Revolutionary Armed Forces"]


def test_a_place_on_the_form_leaves_the_titles_parties() -> None:
    text = (
        "Skip to content\nMay 12, 1950\nCiphered Telegram, Shtykov to Feng Xi (Stalin)\n"
        "This document was made possible with support from Leon Levy Foundation\n"
        "FROM: PYONGYANG\nTo Comrade FENG XI.\n"
        "Kim Il Sung informed me that he had returned from Beijing and that Mao Zedong supported his plans "
        "in the conversation they had.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert [p.name for p in doc.senders] == ["Terenty Shtykov"]


def test_president_and_a_surname_is_that_years_president() -> None:
    from cablegraph.resolve.presidents import us_president

    assert us_president("Johnson", 1866) == "Andrew Johnson"
    assert us_president("Johnson", 1964) == "Lyndon B. Johnson"
    assert us_president("Wilson", 1950) is None and us_president("Diem", 1961) is None
    text = (
        "President Wilson to the Secretary of State\nWashington, May 5, 1917.\n"
        "My dear Mr. Secretary: I have read with great interest the memorandum which you sent me "
        "about the Mission to Russia and I agree with its conclusions.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    [sender] = doc.senders
    assert sender.name == "Woodrow Wilson" and sender.entity_id is not None
    assert sender.rule.endswith("president_in_1917")
    # the president of another year does not answer to the surname
    [doc] = parse_documents(text_page(text.replace("1917", "1950")), AUTHORITY)
    assert doc.senders[0].name != "Woodrow Wilson"


def test_a_conversation_between_two_persons_is_typed_by_the_titles_own_word() -> None:
    from cablegraph.model import Document, Provenance
    from cablegraph.parse.document import _type_from_title

    for title, kind in (
        ("Conversation between Lee Hu-rak and Kim Il Sung", "Conversation"),
        ("Second Conversation between Mikhail Gorbachev and FRG Chancellor Helmut Kohl", "Conversation"),
        ("Second Conversation of N.S. Khrushchev with Mao Zedong, 1958", "Memorandum of Conversation"),
        ("Telephone Conversation between Kosygin and Taraki", "Telephone Conversation"),
        ("Record of a Conversation between N.S. Khrushchev and Ho Chi Minh", "Record of Conversation"),
    ):
        doc = Document(id="x", title=title)
        doc.provenance["title"] = Provenance("test")
        _type_from_title(doc)
        assert doc.doc_type == kind, title


def test_a_telegram_opening_with_its_addressee_is_to_that_party() -> None:
    text = (
        "Skip to content\nNovember 23, 1963\nCable from the Chinese Embassy in North Korea\n"
        "This document was made possible with support from MacArthur Foundation\n"
        "[To] the Ministry of Foreign Affairs:\n"
        "On the afternoon of 22 November, the Vice Foreign Minister received the envoys of many countries "
        "and distributed a memorandum on the question of Korean unification.\n"
        "The original copy of the memorandum will be taken back by an envoy.\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    [recipient] = doc.recipients
    assert recipient.rule.startswith("addressee_line")
    assert recipient.as_written == "the Ministry of Foreign Affairs"
    text = text.replace("[To] the Ministry of Foreign Affairs:", "To [Foreign Minister] Comrade Czyrek:")
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert [p.name for p in doc.recipients] == ["Józef Czyrek"]  # the authority knows him now
    text = text.replace("To [Foreign Minister] Comrade Czyrek:", "Reporting:")
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert doc.recipients == []


def test_a_surname_on_a_frus_page_is_the_person_its_volume_lists() -> None:
    text = (
        "Memorandum of Conversation, by the Counselor of the Department of State (MacArthur)\n"
        "Berlin, February 8, 1954.\nSubject: Restricted Session of February 8, 1954.\n"
        "Participants: the Secretary, Mr. Eden, M. Bidault, Mr. Molotov and their advisers.\n"
        "The Secretary opened the session and said that the Ministers should discuss Austria.\n"
    )
    [doc] = parse_documents(text_page(text, "frus1952-54v07p1-d443.txt"), AUTHORITY)
    [sender] = doc.senders
    assert sender.name == "Douglas MacArthur II" and sender.rule.endswith("in_volume_frus1952-54v07p1")
    assert AUTHORITY.archive is not None
    assert len(AUTHORITY.archive.in_volume("barnes", "frus1955-57v25")) == 1
    assert AUTHORITY.archive.in_volume("barnes", "frus1861") == []


def test_a_cipher_telegrams_number_above_its_copies_is_its_number() -> None:
    text = (
        "Skip to content\nSeptember 13, 1950\n"
        "Ciphered telegram, Shtykov to Ministry of Foreign Affairs, Moscow\n"
        "This document was made possible with support from Leon Levy Foundation\n"
        "Extremely urgent.\nMoscow—Ministry of Foreign Affairs of the USSR.\n"
        "In connection with the forthcoming session of the General Assembly, we consider it advisable to "
        "recommend to the government of the Korean People's Democratic Republic a statement.\n"
        "We ask your orders.\nNo. 1154/sh.\n13 September of this year\n"
        "Copies: Stalin (2), Molotov, Malenkov\n"
    )
    [doc] = parse_documents(text_page(text), AUTHORITY)
    assert (doc.envelope.number, doc.envelope.number_suffix) == ("1154", "sh")
    assert doc.envelope.provenance["number"].rule == "number_above_copies"
    # above an enclosure line (seed wilson/008's "No. 1351") it is no number
    enclosed = text.replace("13 September of this year\nCopies:", "Enclosure: 4-page letter.\nTyped by:")
    [doc] = parse_documents(text_page(enclosed), AUTHORITY)
    assert doc.envelope.number is None
