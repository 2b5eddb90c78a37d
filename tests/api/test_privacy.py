"""No endpoint of the API ever gives an unpublished place, a masked field in clear, personal
data, a draft or staff identities: every GET route under /api/, /open311/ and the API page is
called with every id of the test world (public or not) and with filters that would reach the
hidden things, and every answer is searched."""

from __future__ import annotations

import json
import re

import pytest

from portal.api import keys
from portal.extensions import db
from tests.api import helpers, xml_reader
from tests.api.conftest import HIDDEN_TEXT, REJECTED_TEXT

PREFIXES = ("/api/", "/open311/", "/oppna-data")
QUERIES = [
    {},
    {"status": "open,closed", "per_page": "100", "page_size": "1000"},
    {"area": "testkommun", "jurisdiction_id": "testkommun"},
]


def _place_ids(value, found: set[int]) -> set[int]:
    """Place ids in an answer: Open311 requests, GeoJSON features and place URLs."""
    if isinstance(value, dict):
        if isinstance(value.get("service_request_id"), str):
            found.add(int(value["service_request_id"]))
        if value.get("type") == "Feature" and isinstance(value.get("id"), int):
            found.add(value["id"])
        for inner in value.values():
            _place_ids(inner, found)
    elif isinstance(value, list):
        for inner in value:
            _place_ids(inner, found)
    return found


def _parse(response):
    if response.mimetype == "text/xml":
        return xml_reader.read(response.data)
    if response.mimetype in ("application/json", "application/geo+json") and "openapi" not in (
        response.request.path
    ):
        return json.loads(response.get_data(as_text=True))
    return None


@pytest.fixture
def everything(client, rich, handler):
    """The rich world, a report sent in through Open311 and waiting, and an API key."""
    world = rich.world
    hidden_token = world.hidden_place.observations[0].follow_code
    made = keys.create_key(handler, "Hemlig app")
    db.session.commit()
    values = {
        "service_request_id": [
            str(p.id) for p in (world.open_place, world.hidden_place, world.rejected_place)
        ],
        "service_code": ["belysning", "klotter"],
        "slug": ["testkommun", "norr"],
        "survey_id": [rich.survey.id, rich.hidden_survey.id],
        "snapshot_id": [rich.snapshot.id],
        "promise_id": [rich.promise.id, rich.draft.id],
        "fmt": ["json", "xml"],
    }
    ids = {
        "public": {world.open_place.id, world.closed_place.id, world.masked_place.id},
        "hidden": {world.hidden_place.id, world.rejected_place.id},
    }
    response = client.post(
        "/open311/v2/requests.json",
        data={
            "service_code": "belysning",
            "description": f"VÄNTANDE-RAPPORT {helpers.SECRET_PNR}",
            "lat": "60.7",
            "long": "17.15",
            "attribute[time_of_day]": "dag",
            "attribute[day_kind]": "vardag",
            "email": helpers.SECRET_EMAIL,
            "phone": helpers.SECRET_PHONE,
        },
    )
    tokens = [response.json[0]["token"], hidden_token]
    return {
        "ids": ids,
        "tokens": tokens,
        "secret": made.secret,
        "key_hash": keys.digest(made.secret),
        "values": {**values, "token": tokens},
    }


def _urls(app, values) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(PREFIXES) or "GET" not in rule.methods:
            continue
        combos = [{}]
        for name in rule.arguments:
            combos = [{**c, name: v} for c in combos for v in values[name]]
        urls += [rule.build(combo, append_unknown=False)[1] for combo in combos]
    return urls


def test_nothing_unpublished_masked_or_personal_leaves(app, client, everything):
    public_places = everything["ids"]["public"]
    forbidden = [
        *helpers.SECRETS,
        HIDDEN_TEXT,
        REJECTED_TEXT,
        "VÄNTANDE-RAPPORT",
        "Ring mig på",  # a report's location text is for staff only
        "Hemligt utkast",  # a draft promise
        "Handläggare-Hemlig",
        "samordnare@api.test",
        everything["secret"],
        everything["key_hash"],
    ]
    urls = _urls(app, everything["values"])
    assert len(urls) > 40
    seen_places: set[int] = set()
    for url in urls:
        for query in QUERIES:
            response = client.get(url, query_string=query)
            assert response.status_code < 500, url
            text = response.get_data(as_text=True)
            for secret in forbidden:
                assert secret not in text, f"{secret!r} in {url} {query}"
            for place_id in everything["ids"]["hidden"]:
                assert not re.search(rf"/platser/{place_id}\b", text), (url, query)
            parsed = _parse(response) if response.status_code == 200 else None
            found = _place_ids(parsed, set()) if parsed is not None else set()
            if "/tokens/" in url:
                continue  # ids only of public places, checked below
            assert found <= public_places, (url, query, found - public_places)
            seen_places |= found
    assert seen_places == public_places  # the crawl did reach the public ones


def test_a_token_gives_no_id_before_publication(client, everything):
    for token in everything["tokens"]:
        for fmt in ("json", "xml"):
            (item,) = _parse(client.get(f"/open311/v2/tokens/{token}.{fmt}"))
            assert item == {"token": token}
