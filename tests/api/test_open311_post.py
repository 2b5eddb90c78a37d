"""POST requests: a report from an Open311 client is a resident report in the moderation queue,
invisible everywhere until approved; API keys, rate limits and the standard's errors."""

from __future__ import annotations

import pytest

from portal.api import keys
from portal.auth.models import AuditEntry
from portal.extensions import db
from portal.map import handling, queries, reports, vocab
from portal.map.models import Observation, Place
from tests.api import helpers, xml_reader

REPORT = {
    "service_code": "belysning",
    "description": "Lampan vid busshållplatsen är trasig, ring 070-123 45 67.",
    "lat": "60.7012",
    "long": "17.1534",
    "attribute[time_of_day]": "natt",
    "attribute[day_kind]": "helg",
    # The standard's personal fields: accepted, never stored.
    "email": helpers.SECRET_EMAIL,
    "first_name": "Kalle",
    "last_name": "Karlsson",
    "phone": helpers.SECRET_PHONE,
    "device_id": "device-123",
    "account_id": "account-123",
    "media_url": "https://example.com/bild.jpg",
}


def post(client, fmt: str = "json", expect: int = 200, **changes):
    data = {**REPORT, **changes}
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post(f"/open311/v2/requests.{fmt}", data=data)
    assert response.status_code == expect, response.get_data(as_text=True)
    return xml_reader.read(response.data) if fmt == "xml" else response.json


def stored(token: str) -> Observation:
    observation = reports.find_by_code(token)
    assert observation is not None
    return observation


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_report_waits_in_the_moderation_queue(client, cats, area, fmt):
    (item,) = post(client, fmt)
    assert set(item) == {"token", "service_notice"}  # no id: nothing is public yet
    assert "112" in item["service_notice"]
    observation = stored(item["token"])
    assert observation.review_state == vocab.REVIEW_NEW
    assert observation.source == vocab.RESIDENT
    assert (observation.time_of_day, observation.day_kind) == ("natt", "helg")
    assert observation.place.published is False
    assert observation in queries.queue([area], "alla", 1, 50).items
    # masked like any report; the personal fields went nowhere
    assert observation.place.public_description.count("070") == 0
    for column in (observation.description, observation.location_text or ""):
        assert helpers.SECRET_EMAIL not in column and "Kalle" not in column


def test_it_is_invisible_until_approved(client, cats, area, handler):
    (item,) = post(client)
    observation = stored(item["token"])
    observation_id, place_id = observation.id, observation.place.id

    def visible() -> dict[str, bool]:
        requests = client.get("/open311/v2/requests.json").json
        return {
            "open311 list": any(r["service_request_id"] == str(place_id) for r in requests),
            "open311 one": client.get(f"/open311/v2/requests/{place_id}.json").status_code == 200,
            "token": "service_request_id"
            in client.get(f"/open311/v2/tokens/{item['token']}.json").json[0],
            "geojson": any(
                f.get("id") == place_id for f in client.get("/api/places.geojson").json["features"]
            ),
            "export": f"/platser/{place_id}"
            in client.get("/api/export/platser.csv").get_data(as_text=True),
            "page": client.get(f"/platser/{place_id}").status_code == 200,
        }

    assert not any(visible().values()), visible()
    observation = db.session.get(Observation, observation_id)
    handler = db.session.merge(handler)
    handling.review_observation(handler, observation, "Trasig lampa vid busshållplatsen.")
    handling.set_published(handler, db.session.get(Place, place_id), True)
    db.session.commit()
    assert all(visible().values()), visible()
    token = client.get(f"/open311/v2/tokens/{item['token']}.xml")
    assert xml_reader.read(token.data) == [
        {"service_request_id": str(place_id), "token": item["token"]}
    ]


def test_a_report_without_a_point_goes_to_the_area(client, cats, area):
    (item,) = post(client, lat=None, long=None, jurisdiction_id="norr", address_string="Vid torget")
    observation = stored(item["token"])
    assert observation.positioned is False
    assert observation.place.needs_positioning is True
    assert observation.place.area.slug == "norr"
    assert observation.location_text == "Vid torget"


@pytest.mark.parametrize(
    ("changes", "status", "words"),
    [
        ({"service_code": None}, 400, "service_code"),
        ({"service_code": "finns-inte"}, 400, "service_code"),
        ({"description": "  "}, 400, "description"),
        ({"description": "x" * 2001}, 400, "description"),
        ({"attribute[time_of_day]": "midnatt"}, 400, "time_of_day"),
        ({"attribute[day_kind]": None}, 400, "day_kind"),
        ({"lat": None, "long": None}, 400, "lat and long"),
        ({"long": None}, 400, "lat and long"),
        ({"lat": "norr"}, 400, "lat"),
        ({"lat": "57.0", "long": "14.0"}, 400, "outside"),
        ({"jurisdiction_id": "soder"}, 400, "outside"),
        ({"jurisdiction_id": "finns-inte"}, 404, "jurisdiction_id"),
        ({"description": "Mörkt\x00"}, 400, "NUL"),
    ],
)
def test_bad_reports_are_refused_and_nothing_is_stored(client, cats, area, changes, status, words):
    before = db.session.scalar(db.select(db.func.count(Observation.id)))
    (error,) = post(client, expect=status, **changes)
    assert error["code"] == status and words in error["description"]
    assert db.session.scalar(db.select(db.func.count(Observation.id))) == before


def test_api_keys(app, client, cats, area, handler):
    made = keys.create_key(handler, "Kommunens app")
    old = keys.create_key(handler, "Gammal app")
    keys.revoke_key(handler, old.key)
    db.session.commit()
    assert made.key.key_hash != made.secret and made.secret not in made.key.key_hash
    (error,) = post(client, expect=403, api_key="tp_fel")
    assert error["code"] == 403
    post(client, expect=403, api_key=old.secret)
    post(client, api_key=made.secret)
    used = keys.get(made.key.id)
    assert used.use_count == 1 and used.last_used_on is not None
    app.config["OPEN311_API_KEY_REQUIRED"] = True
    try:
        (error,) = post(client, "xml", expect=403)
        assert error == {"code": 403, "description": "api_key is required"}
        post(client, api_key=made.secret)
    finally:
        app.config["OPEN311_API_KEY_REQUIRED"] = False


def test_reports_are_rate_limited_per_client_or_key(app, client, cats, area, handler):
    app.config.update(OPEN311_RATE_LIMIT="2 per hour", OPEN311_KEY_RATE_LIMIT="3 per hour")
    try:
        post(client)
        post(client)
        (error,) = post(client, "xml", expect=429)
        assert error["code"] == 429
        made = keys.create_key(handler, "App")
        db.session.commit()
        for _ in range(3):
            post(client, api_key=made.secret)
        post(client, expect=429, api_key=made.secret)
    finally:
        app.config.update(OPEN311_RATE_LIMIT="20 per hour", OPEN311_KEY_RATE_LIMIT="2000 per hour")


def test_no_ip_address_or_client_data_is_stored(client, cats, area):
    (item,) = post(client, "json")
    observation = stored(item["token"])
    row = {c.name: getattr(observation, c.name) for c in Observation.__table__.columns}
    text = repr(row)
    for secret in ("127.0.0.1", helpers.SECRET_EMAIL, "Kalle", "device-123", "account-123"):
        assert secret not in text
    assert not db.session.scalars(db.select(AuditEntry)).all()  # nothing logged about it
