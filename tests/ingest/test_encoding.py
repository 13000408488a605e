"""Encoding detection: every supported encoding round-trips to the UTF-8 original.

The fixtures in tests/fixtures/encodings/ hold the Russian paragraph "По нашему мнению, …"
of seed 001 (Filippov [Stalin] to Krasovsky, 30 June 1951) in one encoding each;
``utf8.txt`` is the reference. UTF-16 BE and the BOM-less variants are made here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegraph.errors import EncodingError
from cablegraph.ingest.encoding import ALLOWED_ENCODINGS, LOW_CONFIDENCE, decode, detect

ENCODINGS = Path(__file__).resolve().parent.parent / "fixtures" / "encodings"
ORIGINAL = (ENCODINGS / "utf8.txt").read_text(encoding="utf-8")

# Lines of the Russian original of seed 001, as the telegram has them.
RUSSIAN = [
    "Ваши телеграммы о перемирии получены.",
    "Пошлите Риджуэю сегодня же примерно такой ответ:",
    "Командующий китайскими добровольческими частями",
    "В своей телеграмме Вы предлагаете, чтобы мы из Москвы руководили переговорами "
    "о перемирии. Это, конечно, немыслимо и не нужно. Руководить придётся Вам, "
    "тов. Мао Цзэдун. Самое большее, что мы можем дать, — это советы по отдельным вопросам.",
    "«Главнокомандующему войсками ООН генералу Риджуэю. Ваше заявление от 28 июня "
    "насчёт перемирия получено.»",
]


@pytest.mark.parametrize(
    ("fixture", "encoding", "bom"),
    [
        ("utf8.txt", "utf-8", False),
        ("utf8bom.txt", "utf-8", True),
        ("utf16.txt", "utf-16-le", True),
        ("cp1251.txt", "cp1251", False),
        ("koi8r.txt", "koi8-r", False),
        ("cp866.txt", "cp866", False),
    ],
)
def test_fixture_round_trips_to_the_utf8_original(fixture: str, encoding: str, bom: bool) -> None:
    data = (ENCODINGS / fixture).read_bytes()
    text, detection = decode(data, fixture)
    assert text == ORIGINAL
    assert detection.encoding == encoding
    assert detection.bom is bom
    assert detection.confidence >= LOW_CONFIDENCE
    assert detection.warnings == ()


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (b"\xff\xfe" + ORIGINAL.encode("utf-16-le"), "utf-16-le", True),
        (b"\xfe\xff" + ORIGINAL.encode("utf-16-be"), "utf-16-be", True),
        (ORIGINAL.encode("utf-16-le"), "utf-16-le", False),
        (ORIGINAL.encode("utf-16-be"), "utf-16-be", False),
        ("CIPHERED TELEGRAM No. 3917\n".encode("utf-16-le"), "utf-16-le", False),
        ("CIPHERED TELEGRAM No. 3917\n".encode("utf-16-be"), "utf-16-be", False),
        ("Филиппов".encode("utf-16-le"), "utf-16-le", False),  # no NUL: the 04 pattern
    ],
    ids=["le-bom", "be-bom", "le", "be", "ascii-le", "ascii-be", "cyrillic-no-nul-le"],
)
def test_utf16_with_and_without_bom(data: bytes, encoding: str, bom: bool) -> None:
    text, detection = decode(data, "x.txt")
    assert (detection.encoding, detection.bom) == (encoding, bom)
    expected = data[2:] if bom else data
    assert text == expected.decode(encoding)
    assert detection.confidence >= LOW_CONFIDENCE


@pytest.mark.parametrize("codec", ["cp1251", "koi8-r", "cp866"])
@pytest.mark.parametrize("text", [ORIGINAL, ORIGINAL.upper(), RUSSIAN[0], RUSSIAN[1], RUSSIAN[2]])
def test_single_byte_code_pages(codec: str, text: str) -> None:
    decoded, detection = decode(text.encode(codec), "x.txt")
    assert detection.encoding == codec
    assert decoded == text


def test_cp1251_with_typography() -> None:
    """Guillemets, dashes and ё exist only in cp1251 of the three code pages."""
    for line in RUSSIAN[3:]:
        decoded, detection = decode(line.encode("cp1251"), "x.txt")
        assert (decoded, detection.encoding) == (line, "cp1251")
        assert detection.confidence >= LOW_CONFIDENCE


def test_whole_russian_block_of_seed_in_cp1251() -> None:
    block = "\n\n".join([*RUSSIAN, ORIGINAL])
    decoded, detection = decode(block.encode("cp1251"), "x.txt")
    assert decoded == block
    assert detection.encoding == "cp1251"
    assert detection.confidence > 0.9


def test_pure_ascii_is_ascii_with_full_confidence() -> None:
    detection = detect(b"CIPHERED TELEGRAM No. 26044\nTo NORTH KOREA To RAZUVAEV\n")
    assert (detection.encoding, detection.confidence, detection.bom) == ("ascii", 1.0, False)


def test_utf8_without_bom_is_confident() -> None:
    detection = detect("Ким Ир Сен — Kim Il Sung".encode())
    assert detection.encoding == "utf-8"
    assert detection.confidence > 0.9


def test_short_single_byte_text_is_flagged_as_low_confidence() -> None:
    detection = detect("Ким Ир Сен".encode("cp1251"))
    assert detection.encoding in ALLOWED_ENCODINGS
    assert detection.confidence < LOW_CONFIDENCE
    assert detection.low


def test_utf8_cut_inside_a_character_keeps_the_text_and_warns() -> None:
    data = ORIGINAL.rstrip(".\n").encode("utf-8")[:-1]  # half of the last Cyrillic letter
    text, detection = decode(data, "cut.txt")
    assert detection.encoding == "utf-8"
    assert text == ORIGINAL.rstrip(".\n")[:-1] + "\ufffd"
    assert "truncated" in detection.warnings[0]
    assert f"offset {len(data) - 1}" in detection.warnings[0]


def test_utf8_with_a_stray_byte_is_still_utf8() -> None:
    good = ORIGINAL.encode("utf-8")
    at = good.index(b" ", 100)
    data = good[:at] + b"\x97" + good[at:]  # a cp1251 em dash pasted into UTF-8
    text, detection = decode(data, "mixed.txt")
    assert detection.encoding == "utf-8"
    assert detection.confidence < LOW_CONFIDENCE
    assert "\ufffd" in text
    assert f"offset {at}" in detection.warnings[0]
    assert "0x97" in detection.warnings[0]


def test_noise_raises_encoding_error_naming_file_offset_and_byte() -> None:
    data = b"TELEGRAM " + bytes([0xB0, 0xB1, 0xB2, 0x98, 0xB3, 0xB4, 0xBA, 0xBB]) * 8
    assert detect(data).confidence == 0.0
    with pytest.raises(EncodingError) as info:
        decode(data, "noise.txt")
    assert info.value.path == "noise.txt"
    assert info.value.offset == 9
    message = str(info.value)
    assert message.startswith("noise.txt@9: ")
    assert "0xB0" in message
    assert "cp1251" in message and "koi8-r" in message and "cp866" in message


def test_broken_utf16_after_bom_raises() -> None:
    data = b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xdc" + "x".encode("utf-16-le")
    with pytest.raises(EncodingError) as info:
        decode(data, "bad16.txt")
    assert info.value.offset == 6
    assert "bad16.txt@6" in str(info.value)


def test_bom_is_stripped_and_reported() -> None:
    text, detection = decode(b"\xef\xbb\xbfabc", "x.txt")
    assert (text, detection.encoding, detection.bom) == ("abc", "utf-8", True)


def test_empty_bytes() -> None:
    assert decode(b"", "x.txt") == ("", detect(b""))


# ------------------------------------------------------------------------ properties


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=2048))
def test_detect_never_raises_and_never_picks_another_codec(data: bytes) -> None:
    detection = detect(data)
    assert detection.encoding in ALLOWED_ENCODINGS
    assert 0.0 <= detection.confidence <= 1.0


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=1024))
def test_decode_returns_text_or_raises_encoding_error(data: bytes) -> None:
    try:
        text, detection = decode(data, "fuzz.bin")
    except EncodingError as exc:
        assert str(exc).startswith("fuzz.bin@")
        assert exc.offset is not None and 0 <= exc.offset < len(data)
    else:
        assert isinstance(text, str)
        assert detection.encoding in ALLOWED_ENCODINGS


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.characters(
            max_codepoint=0x4FF,  # Latin, Greek, Cyrillic: rarer scripts may lose to a code page
            blacklist_categories=["Cs"],
            blacklist_characters="\x00\x04",
        ),
        max_size=300,
    ).filter(lambda t: not t.startswith("\ufeff"))
)
def test_valid_utf8_always_round_trips(text: str) -> None:
    decoded, detection = decode(text.encode("utf-8"), "x.txt")
    assert decoded == text
    assert detection.encoding in ("ascii", "utf-8")


_RUSSIAN_WORDS = st.sampled_from(" ".join([*RUSSIAN[:3], ORIGINAL]).split())


@settings(max_examples=100, deadline=None)
@given(
    st.lists(_RUSSIAN_WORDS, min_size=1, max_size=60),
    st.sampled_from(["cp1251", "koi8-r", "cp866"]),
)
def test_russian_in_a_code_page_decodes_to_an_allowed_codec(words: list[str], codec: str) -> None:
    text = " ".join(words)
    decoded, detection = decode(text.encode(codec), "x.txt")
    assert detection.encoding in ALLOWED_ENCODINGS
    if detection.confidence >= LOW_CONFIDENCE:
        assert detection.encoding == codec
        assert decoded == text
