"""The area tree: geometry validation, GeoJSON import (all or nothing), point lookup."""

import json

import pytest

from portal.areas import lookup, services
from portal.areas.cli import areas_cli
from portal.areas.geometry import GeometryError, validate_geometry
from portal.areas.models import Area
from portal.extensions import db
from tests.factories import make_area, square


def feature(name, geometry, **props):
    return {"type": "Feature", "properties": {"name": name, **props}, "geometry": geometry}


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


BOWTIE = {
    "type": "Polygon",
    "coordinates": [[[17.0, 60.0], [17.1, 60.1], [17.1, 60.0], [17.0, 60.1], [17.0, 60.0]]],
}


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        (BOWTIE, "korsar sig själv"),
        (square(60.6, 17.1, 60.7, 17.2), "omkastade"),
        (square(615000, 6720000, 616000, 6721000), "SWEREF"),
        ({"type": "Point", "coordinates": [17.1, 60.6]}, "Polygon eller MultiPolygon"),
        ({"type": "Polygon", "coordinates": []}, "saknar koordinater"),
        (square(-3.7, 40.4, -3.6, 40.5), "utanför"),
        ("not a geometry", "inte ett GeoJSON-objekt"),
    ],
)
def test_broken_geometries_are_refused_with_a_reason(geometry, message):
    with pytest.raises(GeometryError, match=message):
        validate_geometry(geometry)


def test_valid_multipolygon_is_accepted():
    geom = validate_geometry(
        {"type": "MultiPolygon", "coordinates": [square(17.0, 60.0, 17.1, 60.1)["coordinates"]]}
    )
    assert geom.geom_type == "MultiPolygon"


def test_created_area_has_path_bbox_and_point(app):
    kommun = make_area("Gävle", kind="kommun")
    child = make_area("Brynäs", parent=kommun, bbox=(17.15, 60.65, 17.2, 60.68))
    assert kommun.path == f"/{kommun.id}/"
    assert child.path == f"/{kommun.id}/{child.id}/"
    assert child.depth == 1 and child.is_within(kommun) and not kommun.is_within(child)
    assert child.bbox == pytest.approx((17.15, 60.65, 17.2, 60.68))
    assert 17.15 < child.point_lon < 17.2 and 60.65 < child.point_lat < 60.68
    assert child.slug == "brynas"
    assert services.subtree_ids(kommun) == sorted(services.subtree_ids(kommun))
    assert set(services.subtree_ids(kommun)) == {kommun.id, child.id}


def test_slugs_are_unique():
    assert services.slugify("Södra Älvstaden – norr") == "sodra-alvstaden-norr"


def test_lookup_returns_deepest_area_and_none_outside(app, area):
    norr = services.get_by_slug("norr")
    assert lookup.area_for_point(17.1, 60.7) == norr
    assert lookup.area_for_point(17.1, 60.62) == services.get_by_slug("soder")
    assert lookup.area_for_point(18.5, 59.3) is None


def test_lookup_sees_new_areas_without_restart(app, area):
    before = lookup.current_index()
    assert lookup.area_for_point(17.05, 60.72) == services.get_by_slug("norr")
    small = make_area(
        "Liten", parent=services.get_by_slug("norr"), bbox=(17.04, 60.71, 17.06, 60.73)
    )
    db.session.commit()
    assert lookup.current_index() is not before
    assert lookup.area_for_point(17.05, 60.72) == small


def run_import(app, tmp_path, document, *args):
    path = tmp_path / "areas.geojson"
    path.write_text(json.dumps(document) if not isinstance(document, str) else document)
    runner = app.test_cli_runner()
    return runner.invoke(areas_cli, ["import", str(path), *args])


def test_import_creates_areas_under_parent(app, tmp_path, area):
    result = run_import(
        app,
        tmp_path,
        collection(
            feature("Villastaden", square(17.0, 60.69, 17.1, 60.75), population={"total": 1200}),
            feature("Hamnen", square(17.1, 60.69, 17.2, 60.75)),
        ),
        "--parent",
        "norr",
        "--kind",
        "delomrade",
    )
    assert result.exit_code == 0, result.output
    assert "Importerade 2 områden under Norr" in result.output
    villastaden = services.get_by_slug("villastaden")
    assert villastaden.parent.slug == "norr" and villastaden.kind == "delomrade"
    assert villastaden.population_total == 1200
    assert lookup.area_for_point(17.05, 60.72) == villastaden


def test_import_with_one_broken_feature_imports_nothing(app, tmp_path, area):
    count = db.session.scalar(db.select(db.func.count(Area.id)))
    result = run_import(
        app,
        tmp_path,
        collection(
            feature("Bra område", square(17.0, 60.69, 17.1, 60.75)),
            feature("Fjärilen", BOWTIE),
            {"type": "Feature", "properties": {}, "geometry": square(17.1, 60.69, 17.2, 60.75)},
        ),
        "--parent",
        "norr",
    )
    assert result.exit_code != 0
    assert "Område 2 (Fjärilen)" in result.output and "korsar sig själv" in result.output
    assert "Område 3: egenskapen 'name' saknas" in result.output
    assert "Inget importerades: 2 fel" in result.output
    assert db.session.scalar(db.select(db.func.count(Area.id))) == count


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{not json", "inte giltig JSON"),
        ({"type": "FeatureCollection", "features": []}, "inga områden"),
        ({"type": "Topology"}, "FeatureCollection"),
        (
            {
                **collection(feature("X", square(17.0, 60.6, 17.1, 60.7))),
                "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
            },
            "EPSG::3006",
        ),
    ],
)
def test_import_refuses_broken_files(app, tmp_path, document, message):
    result = run_import(app, tmp_path, document)
    assert result.exit_code != 0
    assert message in result.output


def test_import_with_unknown_parent(app, tmp_path):
    result = run_import(app, tmp_path, collection(), "--parent", "finns-inte")
    assert result.exit_code != 0 and "finns-inte" in result.output


def test_import_refuses_duplicate_names(app, tmp_path):
    result = run_import(
        app,
        tmp_path,
        collection(
            feature("Ett", square(17.0, 60.6, 17.1, 60.7)),
            feature("ett", square(17.1, 60.6, 17.2, 60.7)),
        ),
    )
    assert result.exit_code != 0 and "namnet finns redan i område 1" in result.output


def test_public_area_pages(client, area):
    page = client.get("/omraden/testkommun")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Testkommun" in html and 'href="/omraden/norr"' in html
    assert "/vendor/leaflet/leaflet.js" in html and "cdn" not in html.lower()
    assert client.get("/omraden/finns-inte").status_code == 404
    child = client.get("/omraden/norr").get_data(as_text=True)
    assert 'aria-current="page">Norr' in child and 'href="/omraden/testkommun"' in child


def test_staff_area_tree(client, area, login_as):
    login_as("samordnare", area)
    html = client.get("/hantera/omraden/").get_data(as_text=True)
    assert "Områdesträdet" in html and "testkommun" in html and "3 områden" in html
