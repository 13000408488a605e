"""The shape of one record of a JSON Lines export, checked before a record is imported.

``problem(record)`` names the first field that does not fit (its dotted path, its value and
what was expected) or returns None. The shape is the ``parse --format json`` contract
(:func:`cablegraph.model.jsonable.document_json`) plus what an export adds around it
(``sources``, ``source_texts``). Keys the contract does not know are allowed (the contract
grows by adding keys), but every known key must have its type: a record that would make a
page or the API fail later is refused at the door.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["MISSING", "problem"]

# A checker returns None when the value fits, else (dotted path, value, expected).
Problem = tuple[str, Any, str]
Check = Callable[[Any, str], Problem | None]

MISSING = "<missing>"  # the value of a required key that is absent
_ISO = re.compile(r"\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?)?)?)?")
_SHA256 = re.compile(r"[0-9a-f]{64}")
MAX_TEXT_CHARS = 64 * 1024 * 1024  # a source text: the same bound as a file


def _optional(check: Check) -> Check:
    return lambda value, where: None if value is None else check(value, where)


def _str(value: Any, where: str) -> Problem | None:
    return None if isinstance(value, str) else (where, value, "a string")


def _int(value: Any, where: str) -> Problem | None:
    fits = isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63
    return None if fits else (where, value, "an integer")


def _number(value: Any, where: str) -> Problem | None:
    fits = isinstance(value, int | float) and not isinstance(value, bool) and value == value
    return None if fits and abs(value) < 1e300 else (where, value, "a number")


def _iso(value: Any, where: str) -> Problem | None:
    fits = isinstance(value, str) and _ISO.fullmatch(value) is not None
    return None if fits else (where, value, "an ISO date or date-time (1951-06-30T14:05)")


def _sha256(value: Any, where: str) -> Problem | None:
    fits = isinstance(value, str) and _SHA256.fullmatch(value) is not None
    return None if fits else (where, value, "a SHA-256 (64 lowercase hex digits)")


def _text(value: Any, where: str) -> Problem | None:
    if not isinstance(value, str):
        return (where, value, "a string")
    return None if len(value) <= MAX_TEXT_CHARS else (where, f"<{len(value)} characters>", "a text")


def _list(item: Check) -> Check:
    def check(value: Any, where: str) -> Problem | None:
        if not isinstance(value, list):
            return (where, value, "a list")
        for number, element in enumerate(value):
            found = item(element, f"{where}[{number}]")
            if found:
                return found
        return None

    return check


def _object(fields: dict[str, Check], required: tuple[str, ...] = ()) -> Check:
    def check(value: Any, where: str) -> Problem | None:
        if not isinstance(value, dict):
            return (where or "record", value, "an object")
        prefix = f"{where}." if where else ""
        for key in required:
            if key not in value:
                return (prefix + key, MISSING, "a value")
        for key, field_check in fields.items():
            if key in value:
                found = field_check(value[key], prefix + key)
                if found:
                    return found
        return None

    return check


def _map(item: Check) -> Check:
    def check(value: Any, where: str) -> Problem | None:
        if not isinstance(value, dict):
            return (where, value, "an object")
        for key, element in value.items():
            found = item(element, f"{where}.{key}")
            if found:
                return found
        return None

    return check


_S = _optional(_str)
_I = _optional(_int)
_SPAN = {"start": _I, "stop": _I, "rule": _S}
_DATE = _optional(
    _object(
        {
            "iso": _optional(_iso),
            "precision": _S,
            "text": _S,
            "end_iso": _optional(_iso),
            "time": _S,
            "flags": _list(_str),
            **_SPAN,
        }
    )
)
_PERSON = _object({"name": _S, "entity_id": _S, "as_written": _S, "role": _S, **_SPAN})
_PEOPLE = _list(_PERSON)
_EVENT = _optional(
    _object({"at": _optional(_iso), "by": _optional(_PERSON), "place": _S, "copies": _I, "text": _S, **_SPAN})
)
_COPY = _object({"name": _S, "copies": _I, "copy_numbers": _list(_str), **_SPAN})
_PROVENANCE = _map(_object(_SPAN))


def _message(value: Any, where: str) -> Problem | None:
    return _object(
        {
            "kind": _S,
            "action": _S,
            "authors": _PEOPLE,
            "recipients": _PEOPLE,
            "via": _PEOPLE,
            "copies_to": _PEOPLE,
            "date": _DATE,
            "place": _S,
            "children": _list(_message),
            **_SPAN,
        }
    )(value, where)


_ENVELOPE = _optional(
    _object(
        {
            "number": _S,
            "number_suffix": _S,
            "series": _S,
            "priority": _list(_str),
            "classification": _S,
            "origin": _S,
            "destination": _S,
            "channel": _PEOPLE,
            **{
                kind: _EVENT
                for kind in (
                    "sent",
                    "received",
                    "transmitted",
                    "dispatched",
                    "arrived",
                    "deciphered",
                    "printed",
                    "typed",
                    "verified",
                )
            },
            "distribution": _list(_COPY),
            "outgoing_numbers": _list(_str),
            "stamps": _list(_str),
            "provenance": _PROVENANCE,
        }
    )
)
_SOURCE = _object(
    {
        "sha256": _sha256,
        "path": _str,
        "format": _S,
        "encoding": _S,
        "added_at": _S,
        "encoding_confidence": _optional(_number),
    },
    required=("sha256", "path"),
)
_RECORD = _object(
    {
        "id": _str,
        "sources": _list(_SOURCE),
        "source_texts": _list(_text),
        **{
            key: _S
            for key in (
                "page_kind",
                "layout",
                "title",
                "doc_type",
                "record_id",
                "archive",
                "url",
                "summary",
                "citation",
                "rights",
                "uploaded",
                "original_language",
                "source_note",
            )
        },
        "date": _DATE,
        "credits": _list(_object({"role": _S, "name": _S, "start": _I, "stop": _I})),
        "languages_present": _list(_str),
        "texts": _list(_object({"language": _S, "role": _S, "script": _S, **_SPAN}, ("start", "stop"))),
        "archive_refs": _list(
            _object(
                {
                    "text": _S,
                    "archive": _S,
                    "fond": _S,
                    "opis": _S,
                    "delo": _S,
                    "papka": _S,
                    "listy": _S,
                    **_SPAN,
                }
            )
        ),
        "envelope": _ENVELOPE,
        "senders": _PEOPLE,
        "recipients": _PEOPLE,
        "via": _PEOPLE,
        "copies_to": _PEOPLE,
        "messages": _list(_message),
        "mentions": _list(
            _object(
                {
                    "text": _S,
                    "kind": _S,
                    "start": _int,
                    "stop": _int,
                    "entity_id": _S,
                    "name": _S,
                    "rule": _S,
                    "confidence": _optional(_number),
                }
            )
        ),
        "items": _list(_object({"date": _DATE, "title": _S, "summary": _S, **_SPAN})),
        "links": _list(_optional(_object({}))),
        "errors": _list(_str),
        "warnings": _list(_str),
        "provenance": _PROVENANCE,
    },
    required=("id", "sources", "source_texts"),
)


def problem(record: Any) -> Problem | None:
    """The first field of ``record`` that does not fit the export's shape, or None."""
    found = _RECORD(record, "")
    if found is None and isinstance(record, dict):
        if not record["id"]:
            return ("id", record["id"], "a non-empty string")
        if not record["sources"]:
            return ("sources", record["sources"], "at least one source")
        if len(record["source_texts"]) != len(record["sources"]):
            return (
                "source_texts",
                f"<{len(record['source_texts'])} texts>",
                f"one text per source ({len(record['sources'])})",
            )
    return found
