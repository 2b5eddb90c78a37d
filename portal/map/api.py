"""GeoJSON API (RFC 7946, [lon, lat]): published places by bounding box, and area boundaries.

Bad parameters give 400 with a JSON error naming the parameter; never a 500.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, request, url_for

from portal.areas.models import AREA_KINDS, Area
from portal.extensions import db
from portal.map import queries, vocab
from portal.map.geojson import (
    WORLD,
    BadParameter,
    collection,
    feature,
    parse_bbox,
    parse_filters,
    parse_grid,
    place_collection,
)
from portal.map.views import current_locale

api = Blueprint("map_api", __name__, url_prefix="/api")

PUBLIC_MAX_AGE = 60


def geojson_response(data: dict, status: int = 200, max_age: int = PUBLIC_MAX_AGE) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    response = Response(body, status=status, mimetype="application/geo+json")
    response.headers["Cache-Control"] = f"public, max-age={max_age}" if max_age else "no-store"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def bad_parameter(error: BadParameter) -> Response:
    body = {
        "error": {
            "code": 400,
            "title": "Bad Request",
            "parameter": error.name,
            "message": error.message,
        }
    }
    response = Response(json.dumps(body), status=400, mimetype="application/json")
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@api.route("/places.geojson")
def places():
    """Published places in ``bbox`` (minLon,minLat,maxLon,maxLat), filtered by ``category``,
    ``status``, ``time`` (dag, kvall, natt) and ``area`` (slug). Comma-separated or repeated
    values. Above ``PLACES_API_MAX_FEATURES`` places the answer is grid clusters
    (``"clustered": true``; each feature has ``cluster`` and ``count``), ``grid`` (2–64,
    default 24) cells across the box."""
    try:
        bbox = parse_bbox(request.args.get("bbox"))
        filters = parse_filters(
            request.args,
            category_ids_by_slug=queries.category_ids_by_slug(),
            area_ids_for_slug=queries.area_ids_for_slug,
        )
        columns = parse_grid(request.args.get("grid"), queries.GRID_COLUMNS)
    except BadParameter as error:
        return bad_parameter(error)
    result = queries.places_in_bbox(
        bbox, filters, cap=current_app.config["PLACES_API_MAX_FEATURES"], columns=columns
    )
    template = url_for("map.place", place_id=987654321).replace("987654321", "{id}")
    data = place_collection(
        result,
        queries.categories_by_id(),
        locale=current_locale(),
        status_labels={k: str(v) for k, v in vocab.STATUS_LABELS.items()},
        url_template=template,
        decimals=current_app.config["PLACE_PUBLIC_DECIMALS"],
    )
    return geojson_response(data)


@api.route("/areas.geojson")
def areas():
    """Area boundaries, optionally only those overlapping ``bbox`` or of one ``kind``."""
    try:
        bbox = parse_bbox(request.args.get("bbox"))
        kind = request.args.get("kind")
        if kind is not None and kind not in AREA_KINDS:
            raise BadParameter("kind", f"unknown kind; use one of {', '.join(AREA_KINDS)}")
    except BadParameter as error:
        return bad_parameter(error)
    query = db.select(Area).where(Area.geometry.is_not(None))
    if bbox != WORLD:
        west, south, east, north = bbox
        query = query.where(
            Area.min_lon <= east, Area.max_lon >= west, Area.min_lat <= north, Area.max_lat >= south
        )
    if kind:
        query = query.where(Area.kind == kind)
    features = [
        feature(
            area.geometry,
            {
                "name": area.name,
                "slug": area.slug,
                "kind": area.kind,
                "depth": area.depth,
                "url": url_for("areas.show", slug=area.slug),
            },
            area.slug,
        )
        for area in db.session.scalars(query.order_by(Area.path))
    ]
    return geojson_response(collection(features), max_age=300)
