"""Text blocks per language: a Russian original and its English translation are two blocks.

Each paragraph votes by script (Cyrillic, Latin, Han, Hangul); Latin-script
paragraphs are told apart by a language identifier (py3langid, model in the wheel).
Short lines (numbers, dates, signatures) join the block around them.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from cablegraph.model import Span, TextBlock
from cablegraph.parse.lines import Line, paragraphs, split_lines

MIN_LETTERS = 25  # a paragraph needs this many letters to vote on its language
LATIN_LANGUAGES = ["en", "pl", "de", "fr", "cs", "hu", "ro", "it", "es", "sk", "hr", "sr"]


def script_of(text: str) -> tuple[str | None, int]:
    """The dominant script of ``text`` and how many letters it has."""
    counts: Counter[str] = Counter()
    for char in text:
        if not char.isalpha():
            continue
        code = ord(char)
        if 0x0400 <= code <= 0x04FF:
            counts["Cyrl"] += 1
        elif code < 0x0250:
            counts["Latn"] += 1
        elif 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
            counts["Hani"] += 1
        elif 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF:
            counts["Hang"] += 1
        elif 0x3040 <= code <= 0x30FF:
            counts["Kana"] += 1
        else:
            counts["Other"] += 1
    total = sum(counts.values())
    if not total:
        return None, 0
    return counts.most_common(1)[0][0], total


@lru_cache(maxsize=1)
def _identifier() -> object:
    from py3langid.langid import _load_identifier

    return _load_identifier(norm_probs=True, langs=LATIN_LANGUAGES)


def latin_language(text: str) -> str:
    """Which Latin-script language ``text`` is in (English unless clearly another)."""
    identifier = _identifier()
    language, probability = identifier.classify(text[:2000])  # type: ignore[attr-defined]
    return str(language) if probability > 0.9 else "en"


_SCRIPT_LANGUAGE = {"Cyrl": "ru", "Hani": "zh", "Hang": "ko", "Kana": "ja"}


def paragraph_language(text: str) -> tuple[str | None, str | None]:
    """(language, script) of one paragraph, or (None, script) when too short to tell."""
    script, letters = script_of(text)
    if letters < MIN_LETTERS or script is None:
        return None, script
    if script == "Latn":
        return latin_language(text), script
    return _SCRIPT_LANGUAGE.get(script), script


def text_blocks(text: str, body: Span) -> list[TextBlock]:
    """Split the body into blocks of one language each."""
    lines = split_lines(text, body.start, body.stop)
    groups = (
        paragraphs(lines) if any(line.blank for line in lines) else [[line] for line in lines if line.text]
    )
    blocks: list[TextBlock] = []
    pending: list[Line] = []
    for group in groups:
        language, script = paragraph_language(" ".join(line.text for line in group))
        if language is None:
            pending.extend(group)
            continue
        start = (pending[0] if pending else group[0]).start
        pending = []
        last = blocks[-1] if blocks else None
        if last is not None and last.language == language:
            blocks[-1] = TextBlock(
                Span(last.span.start, group[-1].stop), language, last.role, last.script, last.rule
            )
        else:
            if last is not None:
                start = max(start, last.span.stop)
            blocks.append(
                TextBlock(Span(start, group[-1].stop), language, "body", script, "paragraph_script_vote")
            )
    if pending and blocks:
        last = blocks[-1]
        blocks[-1] = TextBlock(
            Span(last.span.start, pending[-1].stop), last.language, last.role, last.script, last.rule
        )
    elif pending:
        blocks.append(
            TextBlock(Span(pending[0].start, pending[-1].stop), None, "body", None, "too_short_to_tell")
        )
    return _merge_small_blocks(text, blocks)


def _merge_small_blocks(text: str, blocks: list[TextBlock]) -> list[TextBlock]:
    """A short island of another language inside a block (a quoted phrase) joins it."""
    if len(blocks) < 3:
        return blocks
    merged: list[TextBlock] = [blocks[0]]
    for block in blocks[1:]:
        previous = merged[-1]
        letters = script_of(block.span.of(text))[1]
        if (
            letters < 120 and previous.language != block.language and block is not blocks[-1]
        ) or previous.language == block.language:
            merged[-1] = TextBlock(
                Span(previous.span.start, block.span.stop),
                previous.language,
                previous.role,
                previous.script,
                previous.rule,
            )
        else:
            merged.append(block)
    return merged


def assign_roles(blocks: list[TextBlock], original_language: str | None) -> str | None:
    """Mark original and translation; returns the original language when the page shows it.

    A page with two languages whose first block is not English shows the original first
    (the Wilson pages print the Russian text, then the English translation).
    """
    languages = [b.language for b in blocks if b.language and b.role != "editorial"]
    if original_language is None and len(set(languages)) > 1 and languages[0] != "en":
        original_language = languages[0]
    for block in blocks:
        if block.language is None or block.role == "editorial":
            continue
        if original_language is None:
            block.role = "body"
        elif block.language == original_language:
            block.role = "original"
        else:
            block.role = "translation"
    return original_language
