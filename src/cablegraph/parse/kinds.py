"""The kinds of document a record's title opens with, one table for the parser's title readers.

Each reader takes the kinds it needs, in this order ("cable" before "cablegram": an alternation
tries its words in turn). The title's own word is the kind: "Cable from the Chinese Embassy",
"Telephonogram of ...", "Remarks by the Embassy ...".
"""

from __future__ import annotations

# a record titled by the message it is: "Telegram from X to Y", "Cable, X to Y", "Report from X"
RECORD_KINDS = ("telegram", "cable", "cablegram", "letter", "message", "note", "report", "radiogram")
# ... and the kinds whose title names their author ("Telephonogram of X", "Assessment by X")
AUTHORED_KINDS = (*RECORD_KINDS, "telephonogram", "remarks", "information", "assessment")
# ... and the kinds a title may open with before its parties ("Memorandum from X to Y")
TITLE_KINDS = (*AUTHORED_KINDS, "memorandum", "directive", "instruction", "record", "minutes", "resolution")


def alternation(kinds: tuple[str, ...]) -> str:
    """The kinds as a regular expression's alternation, in their order: "telegram|cable|..."."""
    return "|".join(kinds)
