"""The OpenAPI document covers every public API route, and the API page is rendered from it."""

from __future__ import annotations

import re

from jsonschema_rs import Draft202012Validator

ROUTE_PREFIXES = ("/api/", "/open311/")


def _template(rule: str) -> list[str]:
    """A Flask rule as OpenAPI path templates (``<any(json, xml):fmt>`` gives one per format)."""
    formats = re.search(r"<any\(([^)]*)\):fmt>", rule)
    rules = (
        [rule.replace(formats.group(0), f) for f in re.findall(r"\w+", formats.group(1))]
        if formats
        else [rule]
    )
    return [re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r) for r in rules]


def test_every_public_api_route_is_documented(app, client, area):
    document = client.get("/api/openapi.json").json
    assert document["openapi"] == "3.1.0"
    documented = {
        (path, method.upper()) for path, item in document["paths"].items() for method in item
    }
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(ROUTE_PREFIXES):
            continue
        for path in _template(rule.rule):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (path, method) in documented, f"{method} {path} is not in the document"
    operations = [op for item in document["paths"].values() for op in item.values()]
    ids = [op["operationId"] for op in operations]
    assert len(ids) == len(set(ids))
    assert all(op.get("summary") and op.get("responses") for op in operations)


def test_every_schema_is_valid_json_schema(client, area):
    document = client.get("/api/openapi.json").json
    schemas = document["components"]["schemas"]
    refs = set(re.findall(r'"#/components/schemas/(\w+)"', client.get("/api/openapi.json").text))
    assert refs <= set(schemas)
    for name in schemas:  # each compiles against the 2020-12 meta-schema, its refs resolved
        Draft202012Validator(
            {"components": {"schemas": schemas}, "$ref": f"#/components/schemas/{name}"}
        )


def test_service_request_schema_lists_the_fields_in_the_standards_order(client, area):
    from portal.api.open311.present import REQUEST_FIELDS

    document = client.get("/api/openapi.json").json
    item = document["components"]["schemas"]["Open311ServiceRequests"]["items"]
    assert tuple(item["properties"]) == REQUEST_FIELDS == tuple(item["required"])


def test_post_lists_the_active_categories(client, cats):
    document = client.get("/api/openapi.json").json
    body = document["paths"]["/open311/v2/requests.json"]["post"]["requestBody"]
    schema = body["content"]["application/x-www-form-urlencoded"]["schema"]
    assert schema["properties"]["service_code"]["enum"] == list(cats)


def test_the_api_page_is_rendered_from_the_document(client, area):
    page = client.get("/oppna-data")
    assert page.status_code == 200
    text = page.text
    document = client.get("/api/openapi.json").json
    for path in document["paths"]:
        assert path in text
    assert "Open311ServiceRequests" in text and "CC0 1.0" in text
    assert 'href="/api/openapi.json"' in text
    assert "cdn" not in text.lower() and "swagger" not in text.lower()
    assert "<script" not in text.split("</footer>")[0].split("<main")[1]


def test_the_footer_links_to_the_api_page(client, area):
    assert 'href="/oppna-data"' in client.get("/").text
