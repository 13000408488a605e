"""Readers under fuzz: each takes bytes and runs one reader to the end.

Every reader of the pipeline has an entry here (text layouts, HTML, TEI, raw files, zip
archives); the fast tier (``test_fuzz_parsers.py``) and the long tier (``benchmarks/soak.py``)
drive them with inputs mutated from the real pages, and the regression test replays every
kept crash (``tests/fixtures/invalid/fuzz/<reader>-<hash>.case``) through its reader.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import strategies as st

from cablegraph.ingest import read_page, read_text
from cablegraph.ingest.archive import read_zip_pages
from cablegraph.ingest.html import html_metadata, html_to_page_text
from cablegraph.ingest.pages import prepare
from cablegraph.parse import parse_page
from cablegraph.parse.frus_tei import iter_tei_documents
from cablegraph.resolve import Authority
from tests.reliability.kit import HTML, TEI, seed_texts

_SCRATCH = Path(tempfile.mkdtemp(prefix="cablegraph-fuzz-"))


@functools.cache
def authority() -> Authority:
    return Authority.builtin()


def run_text(data: bytes) -> None:
    """A text page: decoded, repaired, parsed by whichever layout reader claims it."""
    text = data.decode("utf-8", errors="replace")
    parse_page(prepare(read_text(text, "fuzz.txt")), authority())


def run_html(data: bytes) -> None:
    """A saved HTML page: to text, its metadata, then the text readers."""
    html = data.decode("utf-8", errors="replace")
    html_to_page_text(html)
    html_metadata(html)
    parse_page(prepare(read_text(html, "fuzz.html")), authority())


def run_tei(data: bytes) -> None:
    """A TEI volume streamed document by document."""
    for _page, _doc in iter_tei_documents(data, path="fuzz.xml", authority=authority()):
        pass


def run_file(data: bytes) -> None:
    """Raw bytes as a file on disk: sniffing, size, binary and encoding checks."""
    target = _SCRATCH / "page.txt"
    target.write_bytes(data)
    page = read_page(target)
    parse_page(prepare(page), authority())


def run_zip(data: bytes) -> None:
    """Raw bytes as a zip archive."""
    target = _SCRATCH / "pages.zip"
    target.write_bytes(data)
    for item in read_zip_pages(target):
        if not isinstance(item, Exception):
            parse_page(prepare(item), authority())


READERS: dict[str, Callable[[bytes], None]] = {
    "text": run_text,
    "html": run_html,
    "tei": run_tei,
    "file": run_file,
    "zip": run_zip,
}

# Fragments that steer mutations towards the parsers' decisions.
TOKENS = [
    "\n",
    "\n\n",
    "\r\n",
    "\f",
    "\t",
    "\x00",
    "\x1b",
    "\u200b",
    "\u00a0",
    "\ufeff",
    "\u202e",
    "\u2066",
    "\ud7ff",
    "Record ID\n\n",
    "Document Information\n\n",
    "Skip to content\n\n",
    "CIPHERED TELEGRAM No. ",
    "Ciphered Telegram No. 26044",
    "TOP SECRET",
    "Copy No. 3",
    "From:",
    "To:",
    "via Krasovsky",
    "Filippov",
    "Филиппов",
    "Ким Ир Сен",
    "Кайдзио",
    "31.XII.1951",
    "0130 31 October",
    "30 February 1951",
    "1951-13-45",
    "с.г.",
    "July 10-15",
    "АПРФ, ф. 45, оп. 1, д. 342, лл. 16-19",
    "Fond 3, Opis 65, Delo 776",
    "No. 8/",
    "[",
    "]",
    "(",
    ")",
    "«",
    "»",
    '"',
    "'",
    "ШИФРОТЕЛЕГРАММА",
    "Translator",
    "Summary",
    "SPECIAL",
    "Extremely Urgent",
    "Received 18:35",
    "Dispatched",
    "Distribution:",
    "1." * 50,
    "—" * 40,
]

HTML_TOKENS = [
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<br>",
    "<script>alert(1)</script>",
    "<style>x{}</style>",
    "<table><tr><td>",
    "</td></tr></table>",
    "<h1>",
    "</h1>",
    "<!--",
    "-->",
    "<![CDATA[",
    "&amp;",
    "&nbsp;",
    "&#0;",
    "&#x110000;",
    "&bogus;",
    "<meta charset='koi8-r'>",
    '<div class="field--name-field-record-id">',
    "<article>",
    "</article>",
    "<main>",
    "<" * 30,
    "<div>" * 200,
]

TEI_TOKENS = [
    '<div type="document" xml:id="d999" n="999">',
    "</div>",
    "<head>",
    "</head>",
    "<p>",
    "</p>",
    '<date when="1951-02-30">',
    '<date when="x">',
    "</date>",
    '<persName corresp="#p_X">',
    "</persName>",
    '<note type="source">',
    "</note>",
    '<hi rend="italic">',
    "</hi>",
    "<dateline><placeName>Moscow</placeName>",
    "<!DOCTYPE TEI>",
    '<!ENTITY a "b">',
    "&a;",
    "&#0;",
    "&#xFFFE;",
    "<![CDATA[<x>]]>",
    "<?pi x?>",
    "<!-- c -->",
    "\x00",
    "\xff",
    '<ref target="#d1">',
    '<ref target="frus1951v07p1/d401">',
    "</ref>",
    '<pb n="1"/>',
    '<div type="chapter">',
    "<body>",
    "</body>",
    "<text>",
    "</text>",
]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes], tokens: list[str], max_ops: int = 8) -> bytes:
    """A seed with a few random edits: cuts, inserted tokens or noise, repeats, flipped bytes."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(0, max_ops))):
        at = draw(st.integers(0, len(data)))
        stop = draw(st.integers(at, min(len(data), at + 512)))
        op = draw(st.sampled_from(["cut", "token", "noise", "repeat", "flip", "truncate"]))
        if op == "cut":
            del data[at:stop]
        elif op == "token":
            data[at:at] = draw(st.sampled_from(tokens)).encode("utf-8", errors="surrogatepass")
        elif op == "noise":
            data[at:at] = draw(st.text(max_size=40)).encode("utf-8", errors="surrogatepass")
        elif op == "repeat":
            data[stop:stop] = bytes(data[at:stop]) * draw(st.integers(1, 20))
        elif op == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif op == "truncate":
            del data[at:]
    return bytes(data)


@functools.cache
def text_seeds() -> list[bytes]:
    return [t.encode("utf-8") for t in seed_texts()]


@functools.cache
def html_seeds() -> list[bytes]:
    pages = [p.read_bytes() for p in sorted(HTML.glob("*.html"))]
    wrapped = [
        b"<html><body><main>" + t.replace(b"\n", b"<br>\n") + b"</main></body></html>"
        for t in text_seeds()[:5]
    ]
    return pages + wrapped


@functools.cache
def tei_seeds() -> list[bytes]:
    volumes = [p.read_bytes() for p in sorted(TEI.glob("*.xml"))]
    smaller = []
    for volume in volumes:  # one document per volume keeps each example fast
        start = volume.find(b'<div type="document"')
        stop = volume.find(b"</div>", start)
        if start > 0 and stop > 0:
            head = volume[: volume.find(b"<body>") + len(b"<body>")] if b"<body>" in volume else b""
            smaller.append(head + volume[start : stop + 6] + b"</body></text></TEI>")
    return volumes + [s for s in smaller if s]


def file_inputs() -> st.SearchStrategy[bytes]:
    """Random bytes, seeds in other encodings, and seeds with random edits."""
    encoded = [
        t.decode("utf-8").encode(enc, errors="replace")
        for t in text_seeds()[:8]
        for enc in ("utf-16", "cp1251", "koi8_r", "cp866")
    ]
    return st.one_of(
        st.binary(max_size=4096),
        mutated(text_seeds() + encoded, TOKENS),
        st.binary(max_size=64).map(lambda b: b"\xff\xfe" + b),
        st.binary(max_size=64).map(lambda b: b"\xef\xbb\xbf" + b),
    )


def zip_inputs() -> st.SearchStrategy[bytes]:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, seed in enumerate(text_seeds()[:3]):
            archive.writestr(f"p{i}.txt", seed)
    return mutated([buffer.getvalue()], ["PK\x03\x04", "PK\x01\x02", "\x00" * 8, "\xff" * 4], 4)


def strategy(reader: str) -> st.SearchStrategy[bytes]:
    if reader == "text":
        return mutated(text_seeds(), TOKENS)
    if reader == "html":
        return mutated(html_seeds(), HTML_TOKENS + TOKENS)
    if reader == "tei":
        return mutated(tei_seeds(), TEI_TOKENS, max_ops=5)
    if reader == "zip":
        return zip_inputs()
    return file_inputs()
