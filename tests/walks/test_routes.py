"""Route import: GeoJSON LineString/MultiLineString in WGS84 lon/lat, within the bounds."""

from __future__ import annotations

import json

import pytest

from portal.walks import routes
from portal.walks.routes import RouteError, parse_route

SWEDEN = (10.0, 55.0, 24.5, 69.5)
LINE = [[17.14, 60.67], [17.15, 60.675], [17.16, 60.68]]


def code_of(text: str, **kwargs) -> str:
    with pytest.raises(RouteError) as caught:
        parse_route(text, SWEDEN, **kwargs)
    return caught.value.code


def test_blank_is_no_route():
    assert parse_route("", SWEDEN) is None
    assert parse_route("   \n", SWEDEN) is None


def test_a_linestring_is_normalised_to_six_decimals():
    text = json.dumps(
        {"type": "LineString", "coordinates": [[17.1412345678, 60.67, 12.0], [17.15, 60.68]]}
    )
    assert parse_route(text, SWEDEN) == {
        "type": "LineString",
        "coordinates": [[17.141235, 60.67], [17.15, 60.68]],
    }


def test_a_feature_and_a_feature_collection_are_accepted():
    feature = {
        "type": "Feature",
        "properties": {"name": "Rutt"},
        "geometry": {"type": "LineString", "coordinates": LINE},
    }
    assert parse_route(json.dumps(feature), SWEDEN)["type"] == "LineString"
    collection = {"type": "FeatureCollection", "features": [feature, feature]}
    parsed = parse_route(json.dumps(collection), SWEDEN)
    assert parsed["type"] == "MultiLineString"
    assert len(parsed["coordinates"]) == 2


def test_a_multilinestring_is_kept():
    text = json.dumps({"type": "MultiLineString", "coordinates": [LINE, LINE[:2]]})
    assert parse_route(text, SWEDEN)["coordinates"][1] == LINE[:2]


def test_broken_json_says_where():
    with pytest.raises(RouteError) as caught:
        parse_route('{"type": "LineString",\n "coordinates": [[17.1, 60.6],]}', SWEDEN)
    assert caught.value.code == "json"
    assert caught.value.detail["line"] == 2


@pytest.mark.parametrize(
    "geometry, found",
    [
        ({"type": "Point", "coordinates": [17.1, 60.6]}, "Point"),
        (
            {
                "type": "Polygon",
                "coordinates": [[[17.1, 60.6], [17.2, 60.6], [17.1, 60.7], [17.1, 60.6]]],
            },
            "Polygon",
        ),
        ({"type": "GeometryCollection", "geometries": []}, "GeometryCollection"),
        ({"coordinates": LINE}, "?"),
    ],
)
def test_other_geometry_types_are_refused_and_named(geometry, found):
    with pytest.raises(RouteError) as caught:
        parse_route(json.dumps(geometry), SWEDEN)
    assert caught.value.code == "type"
    assert caught.value.detail["found"] == found


def test_not_an_object_is_refused():
    assert code_of("[1, 2, 3]") == "type"
    assert code_of('"LineString"') == "type"


def test_empty_collections_and_null_geometry():
    assert code_of('{"type": "FeatureCollection", "features": []}') == "empty"
    assert code_of('{"type": "Feature", "geometry": null, "properties": {}}') == "empty"
    assert code_of('{"type": "MultiLineString", "coordinates": []}') == "empty"


def test_a_line_needs_two_points():
    assert code_of(json.dumps({"type": "LineString", "coordinates": [[17.1, 60.6]]})) == "too_short"


@pytest.mark.parametrize(
    "position",
    [["17.1", 60.6], [17.1], [17.1, 60.6, 1, 2], [True, 60.6], None, {"lon": 17.1}],
)
def test_bad_positions_are_numbered(position):
    text = json.dumps({"type": "LineString", "coordinates": [[17.1, 60.6], position]})
    with pytest.raises(RouteError) as caught:
        parse_route(text, SWEDEN)
    assert caught.value.code == "bad_position"
    assert caught.value.detail["number"] == 2


def test_nan_and_infinity_are_refused():
    assert (
        code_of('{"type": "LineString", "coordinates": [[17.1, 60.6], [NaN, 60.6]]}')
        == "bad_position"
    )
    assert (
        code_of('{"type": "LineString", "coordinates": [[17.1, 60.6], [Infinity, 60.6]]}')
        == "bad_position"
    )


def test_too_many_points():
    line = [[17.1 + i * 1e-5, 60.6] for i in range(11)]
    text = json.dumps({"type": "LineString", "coordinates": line})
    assert code_of(text, max_points=10) == "too_many"
    assert parse_route(text, SWEDEN, max_points=11) is not None


def test_a_projected_crs_is_refused():
    text = json.dumps(
        {
            "type": "LineString",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
            "coordinates": LINE,
        }
    )
    assert code_of(text) == "crs"


def test_wgs84_crs_member_is_accepted():
    text = json.dumps(
        {
            "type": "LineString",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
            "coordinates": LINE,
        }
    )
    assert parse_route(text, SWEDEN)["type"] == "LineString"


def test_metre_coordinates_are_recognised():
    text = json.dumps({"type": "LineString", "coordinates": [[616000, 6728000], [617000, 6729000]]})
    assert code_of(text) == "projected"


def test_lat_lon_order_is_recognised():
    swapped = [[lat, lon] for lon, lat in LINE]
    assert code_of(json.dumps({"type": "LineString", "coordinates": swapped})) == "swapped"


def test_outside_the_installation():
    text = json.dumps({"type": "LineString", "coordinates": [[2.35, 48.85], [2.36, 48.86]]})
    assert code_of(text) == "outside"
    # One position outside is enough.
    text = json.dumps({"type": "LineString", "coordinates": [LINE[0], [2.36, 48.86]]})
    assert code_of(text) == "outside"


def test_too_large_and_too_deep():
    assert code_of(" " + "x" * (routes.MAX_CHARS + 1)) == "too_large"
    assert code_of("[" * 100_000 + "]" * 100_000) == "json"


def test_near_the_area():
    route = parse_route(json.dumps({"type": "LineString", "coordinates": LINE}), SWEDEN)
    routes.check_near(route, (17.10, 60.64, 17.20, 60.70))  # inside: fine
    routes.check_near(route, None)  # no area boundary: nothing to check
    with pytest.raises(RouteError) as caught:
        routes.check_near(route, (14.0, 58.0, 14.3, 58.2))
    assert caught.value.code == "far_from_area"


def test_length_and_bbox():
    route = {"type": "LineString", "coordinates": [[17.14, 60.67], [17.14, 60.68]]}
    assert 1100 < routes.length_m(route) < 1125  # 0.01° of latitude ≈ 1.11 km
    assert routes.route_bbox(route) == (17.14, 60.67, 17.14, 60.68)
    assert routes.length_m(None) == 0
    assert routes.route_bbox(None) is None
