"""GeoJSON API: RFC 7946 output in lon/lat, public fields only, filters, clusters, 400 on bad input."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.map import handling, vocab
from tests.map.conftest import NORR, SODER, published, report

BBOX = "17.0,60.6,17.3,60.75"
PUBLIC_PROPERTIES = {
    "category",
    "category_name",
    "colour",
    "icon",
    "positive",
    "status",
    "status_label",
    "url",
}


def geojson(client, query: str, status: int = 200) -> dict:
    response = client.get(f"/api/places.geojson?{query}")
    assert response.status_code == status, response.get_data(as_text=True)
    if status == 200:
        assert response.mimetype == "application/geo+json"
    return response.get_json()


def test_published_places_as_rfc7946_points_in_lon_lat(client, area, cats, handler):
    place = published(cats["belysning"], handler, SODER, description="Ring 0701234567 här")
    report(cats["klotter"], NORR)  # not published
    data = geojson(client, f"bbox={BBOX}")
    assert data["type"] == "FeatureCollection" and data["clustered"] is False
    assert len(data["features"]) == 1
    feature = data["features"][0]
    assert feature["type"] == "Feature" and feature["id"] == place.id
    assert feature["geometry"] == {"type": "Point", "coordinates": [SODER[0], SODER[1]]}
    assert set(feature["properties"]) == PUBLIC_PROPERTIES
    assert feature["properties"]["url"] == f"/platser/{place.id}"
    assert feature["properties"]["status_label"] == "Ny"
    assert "0701234567" not in str(data)


def test_public_coordinates_are_coarsened_staff_see_them_exact(
    client, area, cats, handler, login_as
):
    exact = (17.1234567, 60.6543219)
    published(cats["belysning"], handler, exact)
    public = geojson(client, f"bbox={BBOX}")["features"][0]["geometry"]["coordinates"]
    assert public == [17.1235, 60.6543]
    login_as("samordnare", area)
    staff = client.get(f"/hantera/platser/platser.geojson?bbox={BBOX}").get_json()
    assert staff["features"][0]["geometry"]["coordinates"] == [17.123457, 60.654322]


def test_bbox_limits_the_answer(client, area, cats, handler):
    published(cats["belysning"], handler, SODER)
    published(cats["belysning"], handler, NORR)
    south_half = "17.0,60.6,17.3,60.675"
    assert len(geojson(client, f"bbox={south_half}")["features"]) == 1
    assert len(geojson(client, "bbox=10,50,11,51")["features"]) == 0
    assert len(geojson(client, "")["features"]) == 2  # no bbox: the whole world


def test_filters_by_category_status_time_and_area(client, area, cats, handler):
    light = published(cats["belysning"], handler, SODER)
    graffiti = published(cats["klotter"], handler, NORR, time_of_day=vocab.NATT)
    handling.change_status(handler, graffiti, vocab.BEDOMD)
    db.session.commit()

    def ids(query):
        return {f["id"] for f in geojson(client, f"bbox={BBOX}&{query}")["features"]}

    assert ids("category=belysning") == {light.id}
    assert ids("category=belysning,klotter") == {light.id, graffiti.id}
    assert ids("category=belysning&category=klotter") == {light.id, graffiti.id}
    assert ids("status=bedomd") == {graffiti.id}
    assert ids("time=natt") == {graffiti.id}
    assert ids("time=dag") == set()
    assert ids("area=norr") == {graffiti.id}
    assert ids(f"area={area.slug}") == {light.id, graffiti.id}
    assert ids("category=") == {light.id, graffiti.id}


def test_many_places_are_answered_as_grid_clusters(app, client, area, cats, handler, monkeypatch):
    for step in range(6):
        published(cats["belysning"], handler, (17.01 + step * 0.04, 60.62))
    monkeypatch.setitem(app.config, "PLACES_API_MAX_FEATURES", 3)
    data = geojson(client, f"bbox={BBOX}")
    assert data["clustered"] is True and len(data["cell"]) == 2
    assert sum(f["properties"]["count"] for f in data["features"]) == 6
    assert all(f["properties"]["cluster"] is True for f in data["features"])
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert 17.0 <= lon <= 17.3 and 60.6 <= lat <= 60.75


BAD_PARAMETERS = [
    ("bbox=", "bbox"),
    ("bbox=a,b,c,d", "bbox"),
    ("bbox=1,2,3", "bbox"),
    ("bbox=1,2,3,4,5", "bbox"),
    ("bbox=nan,60,17,61", "bbox"),
    ("bbox=17,60,inf,61", "bbox"),
    ("bbox=-200,60,17,61", "bbox"),
    ("bbox=17,60,18,91", "bbox"),
    ("bbox=18,60,17,61", "bbox"),
    ("bbox=17,61,18,60", "bbox"),
    ("bbox=17,60,17,61", "bbox"),
    ("bbox=" + "1" * 300, "bbox"),
    ("bbox=1e999,60,17,61", "bbox"),
    ("category=finns-inte", "category"),
    ("category=belysning,%00", "category"),
    ("status=klar", "status"),
    ("status=" + ",".join(["ny"] * 51), "status"),
    ("time=morgon", "time"),
    ("area=finns-inte", "area"),
    ("area=norr&area=soder", "area"),
    ("category=" + "x" * 2001, "category"),
    ("grid=1", "grid"),
    ("grid=65", "grid"),
    ("grid=abc", "grid"),
    ("grid=-5", "grid"),
]


@pytest.mark.parametrize(("query", "parameter"), BAD_PARAMETERS)
def test_bad_parameters_are_a_400_json_error(client, area, cats, query, parameter):
    data = geojson(client, query, status=400)
    assert data["error"]["code"] == 400
    assert data["error"]["parameter"] == parameter
    assert data["error"]["message"]


def test_areas_geojson(client, area):
    response = client.get("/api/areas.geojson")
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    data = response.get_json()
    names = {f["properties"]["name"] for f in data["features"]}
    assert names == {"Testkommun", "Norr", "Söder"}
    ring = data["features"][0]["geometry"]["coordinates"][0]
    assert 17.0 <= ring[0][0] <= 17.3 and 60.6 <= ring[0][1] <= 60.75  # lon first
    only = client.get("/api/areas.geojson?bbox=17.0,60.71,17.3,60.75&kind=omrade").get_json()
    assert {f["properties"]["name"] for f in only["features"]} == {"Norr"}


@pytest.mark.parametrize("query", ["bbox=x", "kind=planet", "bbox=1,2,1,2"])
def test_areas_geojson_bad_parameters(client, area, query):
    response = client.get(f"/api/areas.geojson?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] in ("bbox", "kind")


def test_staff_geojson_adds_unpublished_places_in_their_areas(
    client, area, cats, handler, login_as
):
    published(cats["belysning"], handler, SODER)
    hidden = report(cats["klotter"], NORR).place
    login_as("samordnare", area)
    response = client.get(f"/hantera/platser/platser.geojson?bbox={BBOX}")
    assert response.status_code == 200
    features = {f["id"]: f["properties"] for f in response.get_json()["features"]}
    assert len(features) == 2
    assert features[hidden.id]["published"] is False
    assert features[hidden.id]["url"] == f"/hantera/platser/{hidden.id}"
    bad = client.get("/hantera/platser/platser.geojson?bbox=nope")
    assert bad.status_code == 400 and bad.get_json()["error"]["parameter"] == "bbox"


def test_staff_geojson_from_another_area_sees_nothing(client, area, cats, handler, login_as):
    from tests.factories import make_area

    report(cats["klotter"], NORR)
    login_as("samordnare", make_area("Annan", kind="kommun", bbox=(14.0, 58.0, 14.3, 58.2)))
    data = client.get(f"/hantera/platser/platser.geojson?bbox={BBOX}").get_json()
    assert data["features"] == []


def test_staff_grid_counts_reports_by_category_and_time(client, area, cats, handler, login_as):
    place = published(cats["belysning"], handler, SODER)
    report(cats["belysning"], SODER, attach_to=place, time_of_day=vocab.NATT)
    report(cats["klotter"], NORR, time_of_day=vocab.NATT)
    login_as("polis", area)

    def total(query):
        url = f"/hantera/platser/rutnat.geojson?bbox={BBOX}&{query}"
        data = client.get(url).get_json()
        assert all(f["geometry"]["type"] == "Polygon" for f in data["features"])
        return sum(f["properties"]["count"] for f in data["features"])

    assert total("") == 3
    assert total("time=natt") == 2
    assert total("category=belysning") == 2
    assert total("category=belysning&time=natt") == 1
    assert client.get("/hantera/platser/rutnat.geojson?time=x").status_code == 400
