"""Hostile inputs shared by the fast and the long tier: XSS payloads and search queries."""

from __future__ import annotations

# Markup that must never reach a page unescaped (each carries its own marker).
XSS = [
    '<script>alert("cg-xss-1")</script>',
    '<img src=x onerror=alert("cg-xss-2")>',
    '"><svg/onload=alert("cg-xss-3")>',
    "</textarea></title><script>alert('cg-xss-5')</script>",
    "<iframe srcdoc='<script>alert(6)</script>'>",
    "<a href=\"javascript:alert('cg-xss-7')\">x</a>",
]
JS_URL = "javascript:alert('cg-xss-4')"

XSS_PAGE = f"""Skip to content

June 1, 1951

Ciphered Telegram No. 777, {XSS[0]} from Gromyko {XSS[1]} to Razuvaev {XSS[2]}

CIPHERED TELEGRAM No. 777

Text of the telegram with {XSS[1]} and {XSS[3]} and {JS_URL} and {XSS[4]} and {XSS[5]},
long enough to be a document about the armistice negotiations at Kaesong.

RAZUVAEV {XSS[2]}

A summary with {XSS[0]} and {XSS[5]}.

Document Information

Record ID

434343
"""
XSS_DOC = "wda:434343"

BIDI = "\u202e\u2066\u2067\u2068\u2069\u200f\u200e\u061c"
CONTROL = "".join(chr(c) for c in range(0, 32)) + "\x7f\x85\u2028\u2029"

# Queries a user (or an attacker) might type: none may raise or give a 5xx.
HOSTILE_QUERIES = [
    '"',
    '""',
    '"""',
    "'",
    "\\",
    '"unclosed phrase',
    'Stalin"',
    "*",
    "**",
    "?",
    "Stal*in*",
    "-",
    "--",
    "+",
    "AND",
    "OR",
    "NOT",
    "AND OR NOT",
    "(",
    ")",
    "((((Stalin",
    "Stalin))))",
    "[",
    "]",
    "{",
    "}",
    "^",
    "~",
    "~2",
    "Stalin~2",
    "Stalin^10",
    ":",
    "title:",
    "title:Stalin",
    "id:*",
    'text:"a b"',
    "date_from:1951",
    "person:",
    "__proto__",
    "*:*",
    "a" * 10_000,
    "Stalin " * 1500,
    "х" * 10_000,
    "\x00",
    CONTROL,
    BIDI,
    "Stal\u202ein",
    "Ѕtalin",  # DZE
    "Ѕtаlіn",
    "Kim\u00a0Il\u00a0Sung",
    "K\u200bim",
    "ＳＴＡＬＩＮ",
    "𝐒𝐭𝐚𝐥𝐢𝐧",
    "🦀" * 100,
    "\ud800",
    "%",
    "%00",
    "%s%s%s",
    "' OR 1=1 --",
    "'; DROP TABLE documents; --",
    '" OR ""="',
    "MATCH",
    "NEAR(a b)",
    "a NEAR/2 b",
    "^Stalin",
    "Stalin$",
    ".*",
    "[a-z]+",
    "<script>alert(1)</script>",
    "{{7*7}}",
    "${7*7}",
    "../../etc/passwd",
    "null",
    "None",
    "1e309",
    "-1",
    "0x41",
    "\r\n\r\nHTTP/1.1 200 OK",
    "Kaesong\tWonsan\nPanmunjom",
]
