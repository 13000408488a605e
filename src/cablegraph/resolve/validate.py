"""Validation of authority files: every problem names the record and the field.

Used by `Authority.check` (all problems, for `cablegraph authority check FILE`) and by
`Authority.load` (the first problem, raised as AuthorityError).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cablegraph.errors import AuthorityError
from cablegraph.resolve.normalize import tokens

__all__ = ["KINDS", "SYSTEMS", "check_records", "file_records"]

KINDS = ("person", "place", "org")
SYSTEMS = frozenset(
    {
        "preferred", "english", "surname", "russian", "pinyin", "wade-giles", "palladius",
        "mccune-reischauer", "revised", "japanese-reading", "pseudonym", "ocr", "variant",
    }
)  # fmt: skip

_ID = re.compile(r"^(person|place|org):[a-z0-9]+(?:-[a-z0-9]+)*$")
_QID = re.compile(r"^Q\d+$")
_YEAR = re.compile(r"^\d{3,4}$")
_SCRIPTS = frozenset({"Latn", "Cyrl", "Hang", "Hani", "Jpan", "Kore"})
_RECORD_KEYS = frozenset(
    {"id", "kind", "name", "wikidata", "viaf", "born", "died", "description", "roles", "coords", "names"}
)
_NAME_KEYS = frozenset(
    {"text", "lang", "script", "system", "from", "to", "needs_title", "note", "context_with", "sources"}
)
_ROLE_KEYS = frozenset({"role", "from", "to"})

# ---------------------------------------------------------------------------- validation


def _year_problem(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2100:
        return f"{value!r} is not a year (an integer such as 1951)"
    return None


def _span_problems(item: dict[str, Any], where: str) -> list[str]:
    out = [f"{where} field '{k}': {p}" for k in ("from", "to") if (p := _year_problem(item.get(k)))]
    start, end = item.get("from"), item.get("to")
    if not out and isinstance(start, int) and isinstance(end, int) and start > end:
        out.append(f"{where} field 'from': {start} is after 'to' {end}")
    return out


def _name_problems(name: object, where: str) -> list[str]:
    if not isinstance(name, dict):
        return [f"{where}: a name must be an object, not {type(name).__name__}"]
    out = [f"{where} field '{k}': unknown field" for k in name if k not in _NAME_KEYS]
    text = name.get("text")
    if not isinstance(text, str) or not text.strip() or not tokens(text):
        out.append(f"{where} field 'text': missing or empty")
    if name.get("system") not in SYSTEMS:
        out.append(f"{where} field 'system': {name.get('system')!r} not in {sorted(SYSTEMS)}")
    if name.get("script") not in _SCRIPTS:
        out.append(f"{where} field 'script': {name.get('script')!r} not in {sorted(_SCRIPTS)}")
    if not isinstance(name.get("lang"), str) or not name.get("lang"):
        out.append(f"{where} field 'lang': missing (an ISO 639-1 code such as 'en')")
    if not isinstance(name.get("needs_title", False), bool):
        out.append(f"{where} field 'needs_title': must be true or false")
    context = name.get("context_with", [])
    if not isinstance(context, list) or not all(isinstance(c, str) and _ID.match(c) for c in context):
        out.append(f"{where} field 'context_with': {context!r} is not a list of entity ids")
    sources = name.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(x, str) and x for x in sources):
        out.append(f"{where} field 'sources': {sources!r} is not a list of strings")
    return out + _span_problems(name, where)


def _coords_problem(coords: object) -> str | None:
    if coords is None:
        return None
    ok = (
        isinstance(coords, list)
        and len(coords) == 2
        and all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords)
    )
    if not ok or not (-90 <= coords[0] <= 90 and -180 <= coords[1] <= 180):  # type: ignore[index]
        return f"{coords!r} is not [lat, lon] with -90<=lat<=90, -180<=lon<=180"
    return None


def _record_problems(record: object, index: int) -> list[str]:
    """Every problem of one record, each naming the record and the field."""
    if not isinstance(record, dict):
        return [f"record {index}: must be an object, not {type(record).__name__}"]
    rid = record.get("id")
    where = f"record {index} ({rid})" if isinstance(rid, str) else f"record {index}"
    out = [f"{where} field '{k}': unknown field" for k in record if k not in _RECORD_KEYS]
    if not isinstance(rid, str) or not _ID.match(rid):
        out.append(f"{where} field 'id': {rid!r} is not like 'person:kim-il-sung'")
    kind = record.get("kind")
    if kind not in KINDS:
        out.append(f"{where} field 'kind': {kind!r} not in {list(KINDS)}")
    elif isinstance(rid, str) and not rid.startswith(f"{kind}:"):
        out.append(f"{where} field 'id': prefix does not match kind {kind!r}")
    name = record.get("name")
    if not isinstance(name, str) or not name.strip() or not tokens(name):
        out.append(f"{where} field 'name': missing or empty")
    wikidata = record.get("wikidata")
    if wikidata is not None and (not isinstance(wikidata, str) or not _QID.match(wikidata)):
        out.append(f"{where} field 'wikidata': {wikidata!r} does not match ^Q\\d+$")
    viaf = record.get("viaf")
    if viaf is not None and (not isinstance(viaf, str) or not viaf.isdigit()):
        out.append(f"{where} field 'viaf': {viaf!r} is not a VIAF number such as '75121530'")
    for field in ("born", "died"):
        value = record.get(field)
        if value is not None and (not isinstance(value, str) or not _YEAR.match(value)):
            out.append(f"{where} field '{field}': {value!r} is not a year string such as '1893'")
    born, died = str(record.get("born")), str(record.get("died"))
    if born.isdigit() and died.isdigit() and int(born) > int(died):
        out.append(f"{where} field 'born': {born} is after 'died' {died}")
    if (problem := _coords_problem(record.get("coords"))) is not None:
        out.append(f"{where} field 'coords': {problem}")
    if not isinstance(record.get("description", ""), str | None):
        out.append(f"{where} field 'description': must be a string")
    out += _list_problems(record, "names", where, _name_problems)
    out += _list_problems(record, "roles", where, _role_problems)
    return out


def _role_problems(role: object, where: str) -> list[str]:
    if not isinstance(role, dict):
        return [f"{where}: a role must be an object"]
    out = [f"{where} field '{k}': unknown field" for k in role if k not in _ROLE_KEYS]
    if not isinstance(role.get("role"), str) or not role.get("role"):
        out.append(f"{where} field 'role': missing")
    return out + _span_problems(role, where)


def _list_problems(record: dict[str, Any], field: str, where: str, check: Any) -> list[str]:
    items = record.get(field, [])
    if not isinstance(items, list):
        return [f"{where} field '{field}': must be a list"]
    out: list[str] = []
    for i, item in enumerate(items):
        out += check(item, f"{where} {field}[{i}]")
    return out


def file_records(path: Path) -> list[Any]:
    """The records of one file; raises AuthorityError when it is not a JSON list."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AuthorityError(f"cannot read authority file: {exc.strerror}", path=str(path)) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise AuthorityError(f"not valid UTF-8 JSON: {exc}", path=str(path)) from exc
    if not isinstance(data, list):
        raise AuthorityError("must hold a JSON list of records", path=str(path))
    return data


def check_records(records: Sequence[Any]) -> list[str]:
    out: list[str] = []
    seen: dict[str, int] = {}
    for i, record in enumerate(records):
        out += _record_problems(record, i)
        rid = record.get("id") if isinstance(record, dict) else None
        if isinstance(rid, str):
            if rid in seen:
                out.append(f"record {i} ({rid}) field 'id': duplicate of record {seen[rid]}")
            seen.setdefault(rid, i)
    return out
