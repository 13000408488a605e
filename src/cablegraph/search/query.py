"""Safe query parsing: any text a person types is a valid query.

Syntax understood (everything else is plain words):

- words, implicitly ANDed: ``armistice Kaesong``
- ``"quoted phrases"`` (straight, curly or guillemet quotes; an unclosed quote runs to
  the end)
- ``AND``, ``OR``, ``NOT`` (upper case only; ``and``/``or`` are words), ``-word`` and
  ``-"a phrase"`` to exclude
- ``( … )`` groups (unbalanced brackets are ignored)
- a trailing ``*`` for a prefix: ``negotiat*`` (at least two letters before it)
- ``field:value`` for the filters ``person place from to type lang archive via``;
  any other ``a:b`` is two words

A word that the analyzer splits into several tokens is a phrase: ``21.XI.1951`` is
the phrase ``21 xi 1951``, ``don't`` is ``don t``, ``No. 26044`` is ``no`` AND ``26044``.
Nothing here raises: operators in odd places are dropped, words beyond ``max_terms``
are ignored, text beyond ``max_chars`` is cut, and each such repair adds a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cablegraph.search import analyze

FILTERS = ("person", "place", "from", "to", "type", "lang", "archive", "via")
MAX_DEPTH = 16


@dataclass(frozen=True, slots=True)
class Term:
    """One folded token; ``prefix`` for a trailing ``*``."""

    token: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    """Folded tokens that must appear in this order. ``text`` is what the user typed."""

    tokens: tuple[str, ...]
    text: str = ""


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


Node = Term | Phrase | Not | And | Or


@dataclass(slots=True)
class ParsedQuery:
    """The query tree (None: match everything), filters given inline, and repairs made."""

    root: Node | None
    filters: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    text: str = ""


_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "″": '"'})
_LEX = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')
_FIELD = re.compile(r"^([A-Za-z]+):(.*)$", re.S)


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # "word", "phrase", "and", "or", "not", "lp", "rp", "field"
    text: str = ""
    name: str = ""


def _lex(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    pieces = _LEX.findall(text.translate(_QUOTES))
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        i += 1
        if piece.startswith('"'):
            out.append(_Tok("phrase", piece.strip('"')))
        elif piece in ("(", ")"):
            out.append(_Tok("lp" if piece == "(" else "rp"))
        elif piece in ("AND", "OR", "NOT", "&&", "||"):
            out.append(_Tok({"&&": "and", "||": "or"}.get(piece, piece.lower())))
        elif piece.startswith("-") and len(piece) > 1:
            out.append(_Tok("not"))
            pieces.insert(i, piece[1:])
        elif (m := _FIELD.match(piece)) and m.group(1).lower() in FILTERS:
            value = m.group(2)
            if not value and i < len(pieces) and pieces[i].startswith('"'):
                value = pieces[i].strip('"')
                i += 1
            if value:
                out.append(_Tok("field", value, m.group(1).lower()))
        else:
            out.append(_Tok("word", piece))
    return out


class _Parser:
    """Recursive descent over the lexed tokens; never raises."""

    def __init__(self, toks: list[_Tok], max_terms: int) -> None:
        self.toks = toks
        self.pos = 0
        self.max_terms = max_terms
        self.terms = 0
        self.filters: dict[str, str] = {}
        self.warnings: list[str] = []

    def peek(self) -> _Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def parse(self) -> Node | None:
        nodes: list[Node] = []
        while self.peek() is not None:
            node = self.or_expr(0)
            if node is not None:
                nodes.append(node)
            if (tok := self.peek()) is not None and tok.kind == "rp":
                self.pos += 1  # an unbalanced ")"
        return _join(And, nodes)

    def or_expr(self, depth: int) -> Node | None:
        parts: list[Node] = []
        node = self.and_expr(depth)
        if node is not None:
            parts.append(node)
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.pos += 1
            node = self.and_expr(depth)
            if node is not None:
                parts.append(node)
        return _join(Or, parts)

    def and_expr(self, depth: int) -> Node | None:
        parts: list[Node] = []
        while (tok := self.peek()) is not None and tok.kind not in ("or", "rp"):
            if tok.kind == "and":
                self.pos += 1
                continue
            node = self.unary(depth)
            if node is not None:
                parts.append(node)
        return _join(And, parts)

    def unary(self, depth: int) -> Node | None:
        negate = False
        while (tok := self.peek()) is not None and tok.kind == "not":
            self.pos += 1
            negate = not negate
        tok = self.peek()
        if tok is None or tok.kind in ("or", "rp", "and"):
            return None
        child = self.primary(depth)
        return _negate(child) if negate and child is not None else child

    def primary(self, depth: int) -> Node | None:
        tok = self.toks[self.pos]
        self.pos += 1
        if tok.kind == "lp":
            if depth >= MAX_DEPTH:
                return None
            inner = self.or_expr(depth + 1)
            if (end := self.peek()) is not None and end.kind == "rp":
                self.pos += 1
            return inner
        if tok.kind == "field":
            self.filters[tok.name] = tok.text
            return None
        if tok.kind == "phrase":
            return self.leaf(tok.text, allow_prefix=False)
        return self.leaf(tok.text, allow_prefix=True)

    def leaf(self, text: str, *, allow_prefix: bool) -> Node | None:
        prefix = allow_prefix and text.endswith("*")
        found = analyze.tokens(text)
        if not found:
            return None
        if self.terms + len(found) > self.max_terms:
            message = f"query has more than {self.max_terms} words; the rest were ignored"
            if message not in self.warnings:
                self.warnings.append(message)
            return None
        self.terms += len(found)
        if len(found) == 1:
            return Term(found[0], prefix=prefix and len(found[0]) >= 2)
        return Phrase(tuple(found), text)


def _negate(node: Node) -> Node:
    return node.child if isinstance(node, Not) else Not(node)


def _join(kind: type[And] | type[Or], parts: list[Node]) -> Node | None:
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return kind(tuple(parts))


def parse(text: str | None, *, max_chars: int = 10_000, max_terms: int = 64) -> ParsedQuery:
    """Parse anything a person may type into a query tree. Never raises."""
    source = text or ""
    warnings: list[str] = []
    if len(source) > max_chars:
        source = source[:max_chars]
        warnings.append(f"query cut to its first {max_chars} characters")
    parser = _Parser(_lex(source), max_terms)
    root = parser.parse()
    return ParsedQuery(root, parser.filters, warnings + parser.warnings, source)


def leaves(node: Node | None) -> list[Term | Phrase]:
    """Every positive term and phrase of a tree (what snippets should mark)."""
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, Term | Phrase):
        return [node]
    return [leaf for child in node.children for leaf in leaves(child)]
