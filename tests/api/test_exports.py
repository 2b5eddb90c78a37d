"""Open-data downloads: public data only, the licence stated, RFC 4180 CSV and RFC 7946 GeoJSON."""

from __future__ import annotations

import csv
import io
import json

from portal.api import exports


def rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def assert_licensed(response, app) -> None:
    assert response.status_code == 200
    assert f'<{app.config["OPEN_DATA_LICENCE_URL"]}>; rel="license"' in response.headers["Link"]
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")


def test_places_csv_has_public_places_only(app, client, world):
    response = client.get("/api/export/platser.csv")
    assert_licensed(response, app)
    found = rows(response)
    assert list(found[0]) == exports.PLACE_HEADER
    ids = {int(r["id"]) for r in found}
    assert ids == {world.open_place.id, world.closed_place.id, world.masked_place.id}
    closed = next(r for r in found if int(r["id"]) == world.closed_place.id)
    assert closed["status_reason"] == "Inte kommunens mark."
    assert closed["open311_status"] == "closed"
    assert closed["reports"] == ""  # one report: under the disclosure minimum, withheld
    assert closed["lat"] == "60.65"


def test_places_geojson(app, client, world):
    response = client.get("/api/export/platser.geojson?area=soder")
    assert_licensed(response, app)
    data = json.loads(response.get_data(as_text=True))
    assert data["type"] == "FeatureCollection"
    assert data["license"]["url"] == app.config["OPEN_DATA_LICENCE_URL"]
    (feature,) = data["features"]
    assert feature["id"] == world.closed_place.id
    assert feature["geometry"] == {"type": "Point", "coordinates": [17.15, 60.65]}
    assert feature["properties"]["category"] == "klotter"


def test_reports_count_is_given_from_the_minimum(client, world, handler):
    from portal.extensions import db
    from tests.api import helpers

    for _ in range(4):
        observation = helpers.report("belysning", (17.15, 60.70))
        observation.place = world.open_place
    db.session.flush()
    from portal.map.reports import refresh_stats

    refresh_stats(world.open_place)
    db.session.commit()
    found = {int(r["id"]): r for r in rows(client.get("/api/export/platser.csv"))}
    assert found[world.open_place.id]["reports"] == "5"


def test_promise_exports(app, client, rich):
    promises = rows(client.get("/api/export/medborgarloften.csv"))
    assert [int(r["id"]) for r in promises] == [rich.promise.id]  # not the draft
    assert promises[0]["commitments"] == "2"
    commitments = rows(client.get("/api/export/ataganden.csv"))
    assert {r["responsible"] for r in commitments} == {"Polisen", "Testbostäder AB"}
    response = client.get("/api/export/uppdateringar.csv")
    assert_licensed(response, app)
    (update,) = rows(response)
    assert update["text"] == "Fyrtio **patrulleringar**."
    assert update["organisation"] == "Testkommun"
    assert set(update) == set(exports.UPDATE_HEADER)  # no author column


def test_catalogue_lists_every_download_with_its_licence(app, client, area):
    data = client.get("/api/export/").json
    assert data["license"]["name"] == app.config["OPEN_DATA_LICENCE_NAME"]
    names = [d["name"] for d in data["datasets"]]
    assert names == [d.name for d in exports.DATASETS]
    for dataset in data["datasets"]:
        assert client.get(dataset["url"]).status_code == 200


def test_licence_is_configurable(app, client, area):
    app.config["OPEN_DATA_LICENCE_URL"] = "https://creativecommons.org/licenses/by/4.0/"
    try:
        response = client.get("/api/export/medborgarloften.csv")
        assert "licenses/by/4.0" in response.headers["Link"]
    finally:
        app.config["OPEN_DATA_LICENCE_URL"] = "https://creativecommons.org/publicdomain/zero/1.0/"


def test_exports_stream_in_batches(client, world, monkeypatch):
    monkeypatch.setattr(exports, "BATCH", 1)
    assert len(rows(client.get("/api/export/platser.csv"))) == 3
