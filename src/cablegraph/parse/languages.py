"""Text blocks per language: a Russian original and its English translation are two blocks.

Each paragraph votes by script (Cyrillic, Latin, Han, Hangul); Latin-script
paragraphs are told apart by a language identifier (py3langid, model in the wheel).
Short lines (numbers, dates, signatures) join the block around them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cablegraph.model import Span, TextBlock
from cablegraph.parse.lines import paragraphs, split_lines

MIN_LETTERS = 25  # a paragraph needs this many letters to vote on its language
LATIN_LANGUAGES = ["en", "pl", "de", "fr", "cs", "hu", "ro", "it", "es", "sk", "hr", "sr"]


_SCRIPTS = {
    "Cyrl": re.compile(r"[\u0400-\u04FF]"),
    "Latn": re.compile(r"[A-Za-z\u00C0-\u024F]"),
    "Hani": re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF]"),
    "Hang": re.compile(r"[\uAC00-\uD7AF\u1100-\u11FF]"),
    "Kana": re.compile(r"[\u3040-\u30FF]"),
}


def script_of(text: str) -> tuple[str | None, int]:
    """The dominant script of ``text`` and how many letters of it there are."""
    counts = {name: len(pattern.findall(text)) for name, pattern in _SCRIPTS.items()}
    best = max(counts, key=lambda name: counts[name])
    return (best, counts[best]) if counts[best] else (None, 0)


@lru_cache(maxsize=1)
def _identifier() -> object:
    from py3langid.langid import _load_identifier

    return _load_identifier(norm_probs=True, langs=LATIN_LANGUAGES)


_WORD = re.compile(r"[a-z]+")
_ENGLISH_FUNCTION_WORDS = frozenset(
    {
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "with",
        "as",
        "by",
        "was",
        "be",
        "it",
        "this",
        "from",
        "are",
        "have",
        "has",
        "not",
        "which",
        "at",
    }
)


def latin_language(text: str) -> str:
    """Which Latin-script language ``text`` is in (English unless clearly another).

    Prose where English function words are frequent is English without asking the
    identifier (which costs a millisecond a block); anything else goes to py3langid.
    """
    sample = text[:1200]
    words = _WORD.findall(sample.lower())
    if words and sum(word in _ENGLISH_FUNCTION_WORDS for word in words) / len(words) > 0.15:
        return "en"
    identifier = _identifier()
    language, probability = identifier.classify(sample)  # type: ignore[attr-defined]
    return str(language) if probability > 0.9 else "en"


_SCRIPT_LANGUAGE = {"Cyrl": "ru", "Hani": "zh", "Hang": "ko", "Kana": "ja"}


def text_blocks(text: str, body: Span) -> list[TextBlock]:
    """Split the body into blocks of one language each.

    Paragraphs vote by script; a run of paragraphs in one script is one block, and a
    Latin-script block is then identified once (English, Polish, German, ...).
    """
    lines = split_lines(text, body.start, body.stop)
    if any(line.blank for line in lines):
        groups = paragraphs(lines)
    else:
        groups = [[line] for line in lines if line.text]
    runs: list[tuple[str | None, Span]] = []
    for group in groups:
        script, letters = script_of(" ".join(line.text for line in group))
        if letters < MIN_LETTERS:
            script = None  # numbers, dates, signatures: they join the run around them
        span = Span(group[0].start, group[-1].stop)
        if runs and (script is None or runs[-1][0] in (None, script)):
            runs[-1] = (runs[-1][0] or script, Span(runs[-1][1].start, span.stop))
        else:
            runs.append((script, span))
    if runs and all(script is None for script, _ in runs):  # only short paragraphs: vote once
        script, letters = script_of(body.of(text))
        runs = [(script if letters >= MIN_LETTERS // 3 else None, Span(runs[0][1].start, runs[-1][1].stop))]
    blocks = [_block(text, script, span) for script, span in runs]
    return _merge_small_blocks(text, blocks)


def _block(text: str, script: str | None, span: Span) -> TextBlock:
    if script is None:
        return TextBlock(span, None, "body", None, "too_short_to_tell")
    if script == "Latn":
        return TextBlock(span, latin_language(span.of(text)), "body", script, "script_run+langid")
    return TextBlock(span, _SCRIPT_LANGUAGE.get(script), "body", script, "script_run")


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
