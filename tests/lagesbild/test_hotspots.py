"""Hot spots: the fitted projection, counting in SQL, public suppression, GeoJSON and the static map."""

import math
import random
from datetime import date

import numpy as np

from portal.geo.coords import from_sweref, to_sweref
from portal.lagesbild import compute, hotspots, periods, present
from portal.lagesbild.sources import places as place_source
from portal.lagesbild.sources import scope_for, subtree_rows
from tests.lagesbild.conftest import add_place

GAVLE = (17.0, 60.6, 17.3, 60.75)


def test_the_fitted_projection_agrees_with_pyproj_to_a_centimetre():
    fitted = hotspots.fit(GAVLE)
    assert fitted.degree == 2  # a quadratic is enough over a kommun
    assert fitted.max_error_m < 0.05
    rnd = random.Random(3)
    for _i in range(200):
        lon, lat = rnd.uniform(17.0, 17.3), rnd.uniform(60.6, 60.75)
        x, y = fitted.apply(lon, lat)
        tx, ty = to_sweref(lon, lat)
        assert math.hypot(x - tx, y - ty) < 0.05


def test_a_whole_country_still_fits_well_enough_for_its_coarse_cells():
    sweden = (10.9, 55.3, 24.2, 69.1)
    fitted = hotspots.fit(sweden)
    assert fitted.degree == 3
    size = hotspots.cell_size(sweden, 250)
    assert size >= 10_000
    assert fitted.max_error_m < size / 10


def test_cell_size_grows_with_the_area():
    assert hotspots.cell_size(GAVLE, 250) == 250
    assert hotspots.cell_size((17.0, 60.0, 19.0, 61.0), 250) == 1000  # 111 km across


def test_sql_cells_match_cells_computed_point_by_point(
    app, area, norr, soder, place_cats, in_request
):
    """Hand-made points: three in one 250 m cell, two in another, one alone; compare with pyproj."""
    when = date(2025, 5, 10)
    base_x, base_y = 617_000.0, 6_728_000.0  # a cell corner in SWEREF 99 TM, inside Norr
    offsets = [(10, 10), (100, 200), (240, 5), (260, 10), (400, 240), (1_100, 700)]
    points = [from_sweref(base_x + dx, base_y + dy) for dx, dy in offsets]
    cat = place_cats["belysning"]
    for index, point in enumerate(points):
        add_place(norr, cat, point, when, published=index != 5)
    period = periods.parse("2025-05")
    ids, rows, _areas = subtree_rows(area)
    scope = scope_for(area, period, ids, rows)
    projection, size = hotspots.grid_for(area.bbox, 250)
    cells = {
        (c["x"], c["y"]): (c["n"], c["public"])
        for c in place_source.hotspot_cells(scope, projection, size)
    }
    expected: dict = {}
    for index, point in enumerate(points):
        x, y = to_sweref(*point)
        key = (math.floor(x / 250), math.floor(y / 250))
        n, public = expected.get(key, (0, 0))
        expected[key] = (n + 1, public + (index != 5))
    assert cells == expected
    assert sorted(n for n, _p in cells.values()) == [1, 2, 3]


def test_public_cells_leave_out_cells_under_the_minimum():
    cells = [
        {"x": 1, "y": 1, "n": 9, "public": 7},
        {"x": 2, "y": 1, "n": 9, "public": 4},
        {"x": 3, "y": 1, "n": 3, "public": 3},
        {"x": 4, "y": 1, "n": 5, "public": 5},
    ]
    assert hotspots.public_cells(cells, 5) == [{"x": 1, "y": 1, "n": 7}, {"x": 4, "y": 1, "n": 5}]
    assert [c["x"] for c in hotspots.top_cells(cells, 2)] == [1, 2]


def test_geojson_cells_are_squares_in_sweref_and_lon_lat_in_order():
    collection = hotspots.geojson([{"x": 2468, "y": 26912, "n": 6}], 250)
    (feature,) = collection["features"]
    ring = feature["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) == 5
    lon, lat = ring[0]
    assert 10 < lon < 25 and 55 < lat < 70  # lon first
    xs, ys = to_sweref(np.array([p[0] for p in ring]), np.array([p[1] for p in ring]))
    assert round(xs[1] - xs[0]) == 250 and round(ys[2] - ys[1]) == 250
    assert feature["properties"]["antal"] == 6


def test_the_static_map_numbers_the_ranked_cells():
    cells = [{"x": 10, "y": 10, "n": 8}, {"x": 11, "y": 10, "n": 2}]
    outline = [
        {"name": "Norr", "rings": [[[2400, 2400], [3000, 2400], [3000, 3000], [2400, 2400]]]}
    ]
    svg = str(
        hotspots.svg(cells, 250, outline, title="Karta <test>", description="d", ranked=cells[:1])
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "Karta &lt;test&gt;" in svg
    assert svg.count("<rect") == 1 + 2 + 1  # background, two cells, the ranked outline
    assert ">1</text>" in svg and "<title>8</title>" in svg


def test_public_view_hides_small_cells_and_staff_view_counts_them(
    app, area, norr, place_cats, in_request
):
    when = date(2025, 5, 10)
    cat = place_cats["klotter"]
    busy = from_sweref(617_100.0, 6_728_100.0)
    quiet = from_sweref(619_100.0, 6_729_100.0)
    add_place(norr, cat, busy, when, observations=6)
    add_place(norr, cat, quiet, when, observations=2)
    add_place(norr, cat, quiet, when, observations=4, published=False)
    raw = compute.build(area, periods.parse("2025-05"))
    staff = present.internal(raw)
    public = present.public(raw, 5)
    assert sorted(c["n"] for c in staff["hotspots"]["cells"]) == [6, 6]
    assert staff["hotspots"]["hidden_publicly"] == 1
    assert [c["n"] for c in public["hotspots"]["cells"]] == [6]
