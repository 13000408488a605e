"""The OpenRefine reconciliation service against the reconciliation API 0.2 JSON schemas,
over a real server, as OpenRefine's browser client calls it (CORS, preflight, JSONP)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import jsonschema
from referencing import Registry
from referencing.jsonschema import DRAFT7

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "tests/fixtures/schemas/reconciliation/0.2"
BASE_ID = "https://reconciliation-api.github.io/specs/0.2/schemas/"
ORIGIN = {"Origin": "http://127.0.0.1:3333"}  # OpenRefine's own address


def _validator(name: str) -> jsonschema.Validator:
    resources = [
        # the schemas say "$schema": "http://json-schema.org/schema#": read them as draft 7
        (BASE_ID + path.name, DRAFT7.create_resource(json.loads(path.read_text(encoding="utf-8"))))
        for path in SPECS.glob("*.json")
    ]
    registry: Registry[Any] = Registry().with_resources(resources)
    schema = json.loads((SPECS / name).read_text(encoding="utf-8"))
    validator: jsonschema.Validator = jsonschema.Draft7Validator(schema, registry=registry)
    return validator


def _check(name: str, body: Any) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator(name).iter_errors(body)]
    assert errors == []


def test_manifest_is_valid_with_view_and_types(server: str) -> None:
    response = httpx.get(server + "/api/reconcile", headers=ORIGIN)
    assert response.headers["access-control-allow-origin"] == "*"
    manifest = response.json()
    _check("manifest.json", manifest)
    assert manifest["view"]["url"] == server + "/entities/{{id}}"
    mao = httpx.get(manifest["view"]["url"].replace("{{id}}", "person:mao-zedong"))
    assert mao.status_code == 200 and "Mao Zedong" in mao.text
    assert [t["id"] for t in manifest["defaultTypes"]] == ["person", "place", "org"]
    broken = {**manifest, "view": {"url": server + "/entities/"}, "versions": ["0.1"]}
    assert len(list(_validator("manifest.json").iter_errors(broken))) == 2  # the schema is live


def test_results_are_valid_and_carry_the_manifest_type_ids(server: str) -> None:
    manifest = httpx.get(server + "/api/reconcile").json()
    type_ids = {t["id"]: t["name"] for t in manifest["defaultTypes"]}
    queries = {
        "q0": {"query": "Mao Tse-tung", "type": "person"},
        "q1": {"query": "Кайдзио", "type": "Place"},  # any case OpenRefine sends
        "q2": {"query": "Joint Chiefs of Staff", "type": "org", "limit": 3},
        "q3": {"query": "Nobody at all"},
    }
    _check("reconciliation-query-batch.json", queries)
    response = httpx.post(server + "/api/reconcile", data={"queries": json.dumps(queries)}, headers=ORIGIN)
    assert response.headers["access-control-allow-origin"] == "*"
    result = response.json()
    _check("reconciliation-result-batch.json", result)
    assert result["q0"]["result"][0]["id"] == "person:mao-zedong"
    assert result["q1"]["result"][0]["id"] == "place:kaesong"
    assert result["q2"]["result"][0]["id"] == "org:jcs"
    assert result["q3"]["result"] == []
    for answer in result.values():
        for candidate in answer["result"]:
            for kind in candidate["type"]:
                assert type_ids[kind["id"]] == kind["name"]


def test_cors_preflight_is_answered(server: str) -> None:
    response = httpx.options(
        server + "/api/reconcile",
        headers={
            **ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "content-type" in response.headers["access-control-allow-headers"].lower()


def test_jsonp_callback_is_answered_and_checked(server: str) -> None:
    response = httpx.get(server + "/api/reconcile", params={"callback": "jQuery3600_1700"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/javascript")
    text = response.text
    prefix = "/**/jQuery3600_1700("
    assert text.startswith(prefix) and text.endswith(");")
    _check("manifest.json", json.loads(text[len(prefix) : -2]))
    queries = json.dumps({"q0": {"query": "Zhou Enlai"}})
    answered = httpx.get(server + "/api/reconcile", params={"queries": queries, "callback": "cb"}).text
    body = json.loads(answered[len("/**/cb(") : -2])
    _check("reconciliation-result-batch.json", body)
    assert body["q0"]["result"][0]["id"] == "person:zhou-enlai"
    hostile = httpx.get(server + "/api/reconcile", params={"callback": "alert(1)//"})
    assert hostile.status_code == 400 and hostile.headers["content-type"].startswith("application/json")
    assert hostile.json()["error"]["code"] == "invalid_callback"
    assert hostile.headers["access-control-allow-origin"] == "*"
    bad = httpx.post(server + "/api/reconcile", data={"queries": "[1, 2"}, headers=ORIGIN)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_queries"
    assert bad.headers["access-control-allow-origin"] == "*"
