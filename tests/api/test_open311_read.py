"""Open311 GeoReport v2 read methods, in JSON and XML, against the standard's field names and
types; published places only; filters, paging and the standard's errors."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.api import xml_reader

FORMATS = ("json", "xml")

# The standard's fields and their types (None: may be empty).
SERVICE = {
    "service_code": str,
    "service_name": str,
    "description": str,
    "metadata": bool,
    "type": str,
    "keywords": str,
    "group": str,
}
ATTRIBUTE = {
    "variable": bool,
    "code": str,
    "datatype": str,
    "required": bool,
    "datatype_description": (str, type(None)),
    "order": int,
    "description": str,
    "values": list,
}
REQUEST = {
    "service_request_id": str,
    "status": str,
    "status_notes": (str, type(None)),
    "service_name": str,
    "service_code": str,
    "description": (str, type(None)),
    "agency_responsible": (str, type(None)),
    "service_notice": (str, type(None)),
    "requested_datetime": str,
    "updated_datetime": (str, type(None)),
    "expected_datetime": (str, type(None)),
    "address": (str, type(None)),
    "address_id": (str, type(None)),
    "zipcode": (str, type(None)),
    "lat": float,
    "long": float,
    "media_url": (str, type(None)),
}


def get(client, path: str, fmt: str, expect: int = 200, **query):
    response = client.get(f"/open311/v2/{path}.{fmt}", query_string=query)
    assert response.status_code == expect, response.get_data(as_text=True)
    expected = "application/json" if fmt == "json" else "text/xml"
    assert response.mimetype == expected
    assert response.mimetype_params.get("charset") == "utf-8"
    if fmt == "xml":
        assert response.data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
        return xml_reader.read(response.data), response
    return response.json, response


def assert_fields(item: dict, spec: dict) -> None:
    assert list(item) == list(spec)  # the standard's names, in its order
    for name, kind in spec.items():
        assert isinstance(item[name], kind), (name, item[name])


def assert_w3c(value: str) -> None:
    parsed = datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, value


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery(client, area, fmt):
    data, _response = get(client, "discovery", fmt)
    assert set(data) == {"changeset", "contact", "key_service", "endpoints"}
    (endpoint,) = data["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2/")
    assert endpoint["type"] in ("production", "test")
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    assert_w3c(endpoint["changeset"].replace("Z", "+00:00"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_services_are_the_active_categories(client, cats, area, fmt):
    data, _response = get(client, "services", fmt, jurisdiction_id="norr")
    assert [s["service_code"] for s in data] == list(cats)
    for item in data:
        assert_fields(item, SERVICE)
        assert item["type"] in ("realtime", "batch", "blackbox")
        assert item["metadata"] is True


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_definition(client, cats, fmt):
    data, _response = get(client, "services/belysning", fmt)
    assert list(data) == ["service_code", "attributes"]
    assert data["service_code"] == "belysning"
    codes = []
    for attribute in data["attributes"]:
        assert_fields(attribute, ATTRIBUTE)
        assert attribute["datatype"] == "singlevaluelist"
        assert all(set(v) == {"key", "name"} for v in attribute["values"])
        codes.append(attribute["code"])
    assert codes == ["time_of_day", "day_kind"]
    assert [v["key"] for v in data["attributes"][0]["values"]] == ["dag", "kvall", "natt"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_requests_are_the_published_places(client, world, fmt):
    data, response = get(client, "requests", fmt)
    ids = [int(item["service_request_id"]) for item in data]
    public = {world.open_place.id, world.closed_place.id, world.masked_place.id}
    assert set(ids) == public
    assert ids == sorted(ids, reverse=True)  # newest first
    assert response.headers["X-Total-Count"] == "3"
    for item in data:
        assert_fields(item, REQUEST)
        assert item["status"] in ("open", "closed")
        for name in ("requested_datetime", "updated_datetime"):
            assert_w3c(item[name])
        assert item["requested_datetime"].split("T")[1].startswith("00:00:00")  # day only


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_request_carries_status_notes_and_responsibility(client, world, fmt):
    data, _response = get(client, f"requests/{world.closed_place.id}", fmt)
    (item,) = data
    assert_fields(item, REQUEST)
    assert item["status"] == "closed"
    assert item["status_notes"] == "Ingen åtgärd. Inte kommunens mark. Muren ägs av Trafikverket."
    assert item["agency_responsible"] == "Tekniska förvaltningen"
    assert item["expected_datetime"].startswith("2026-06-01T00:00:00")
    assert item["service_code"] == "klotter"
    assert item["description"] == "Klotter på muren."
    assert item["address"] == "Söder"
    assert (item["lat"], item["long"]) == (60.65, 17.15)


def test_json_and_xml_say_the_same(client, world):
    for path in ("requests", f"requests/{world.open_place.id}", "services", "discovery"):
        as_json, _r = get(client, path, "json")
        as_xml, _r = get(client, path, "xml")
        assert as_json == as_xml, path


@pytest.mark.parametrize("fmt", FORMATS)
def test_unpublished_and_rejected_places_are_not_found(client, world, fmt):
    for place in (world.hidden_place, world.rejected_place):
        data, _response = get(client, f"requests/{place.id}", fmt, expect=404)
        assert data == [{"code": 404, "description": "service_request_id was not found"}]
    data, _response = get(client, "requests", fmt, service_request_id=str(world.hidden_place.id))
    assert data == []


def test_filters(client, world):
    def ids(**query) -> set[int]:
        data, _response = get(client, "requests", "json", **query)
        return {int(item["service_request_id"]) for item in data}

    everything = {world.open_place.id, world.closed_place.id, world.masked_place.id}
    assert ids(status="closed") == {world.closed_place.id}
    assert ids(status="open") == everything - {world.closed_place.id}
    assert ids(status="open,closed") == everything
    assert ids(service_code="klotter,belysning") == {world.closed_place.id, world.open_place.id}
    assert ids(service_code="finns-inte") == set()
    assert ids(jurisdiction_id="soder") == {world.closed_place.id}
    assert ids(jurisdiction_id="testkommun") == everything
    assert (
        ids(start_date="2000-01-01T00:00:00Z", end_date="2999-12-31T00:00:00+01:00") == everything
    )
    assert ids(end_date="2000-01-01T00:00:00Z") == set()
    assert ids(start_date="2999-01-01T00:00:00Z") == set()
    both = f"{world.open_place.id},{world.hidden_place.id}"
    assert ids(service_request_id=both, status="closed") == {world.open_place.id}


def test_paging(client, world):
    first, response = get(client, "requests", "json", page_size="2")
    assert len(first) == 2
    assert response.headers["X-Total-Count"] == "3"
    assert 'rel="next"' in response.headers["Link"]
    second, response = get(client, "requests", "json", page_size="2", page="2")
    assert len(second) == 1
    assert 'rel="prev"' in response.headers["Link"]
    assert 'rel="next"' not in response.headers["Link"]
    assert {i["service_request_id"] for i in first}.isdisjoint(
        i["service_request_id"] for i in second
    )


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("path", "query", "status"),
    [
        ("requests", {"status": "pending"}, 400),
        ("requests", {"start_date": "igår"}, 400),
        ("requests", {"start_date": "2026-02-01T00:00:00Z", "end_date": "2026-01-01"}, 400),
        ("requests", {"page_size": "0"}, 400),
        ("requests", {"page_size": "1001"}, 400),
        ("requests", {"page": "-1"}, 400),
        ("requests", {"service_request_id": "1,x"}, 400),
        ("requests", {"jurisdiction_id": "finns-inte"}, 404),
        ("services", {"jurisdiction_id": "finns-inte"}, 404),
        ("services/finns-inte", {}, 404),
        ("requests/abc", {}, 404),
        ("requests/99999999999", {}, 404),
        ("tokens/AAAAAAAAA", {}, 404),
        ("nothing", {}, 404),
    ],
)
def test_errors_use_the_standard_format(client, cats, area, fmt, path, query, status):
    data, _response = get(client, path, fmt, expect=status, **query)
    (error,) = data
    assert set(error) == {"code", "description"}
    assert error["code"] == status
    assert isinstance(error["description"], str) and error["description"]


def test_wrong_method_is_405_in_the_standard_format(client, world):
    response = client.delete("/open311/v2/requests.xml")
    assert response.status_code == 405
    assert xml_reader.read(response.data)[0]["code"] == 405


def test_xml_cannot_be_broken_by_resident_text(client, world, handler):
    from portal.extensions import db
    from portal.map import handling

    handling.edit_place(
        handler,
        world.open_place,
        public_description='Mörkt <b>&amp;\x01 "här"',
        category=world.open_place.category,
    )
    db.session.commit()
    data, _response = get(client, f"requests/{world.open_place.id}", "xml")
    assert data[0]["description"] == 'Mörkt <b>&amp; "här"'


def test_paging_headers_survive_the_page_cache(app, client, world):
    app.config["PAGE_CACHE_ENABLED"] = True
    try:
        first = client.get("/open311/v2/requests.json?page_size=1")
        again = client.get("/open311/v2/requests.json?page_size=1")
    finally:
        app.config["PAGE_CACHE_ENABLED"] = False
    assert again.headers.get("X-Cache") == "hit"
    assert again.data == first.data
    for name in ("X-Total-Count", "Link", "Access-Control-Allow-Origin", "ETag"):
        assert again.headers[name] == first.headers[name], name
