"""Open-data downloads under /api/export/, and a catalogue of them with their licence.

Each download carries the licence (setting ``OPEN_DATA_LICENCE_NAME``/``_URL``, CC0 by default)
in a ``Link: <…>; rel="license"`` header; the GeoJSON also has it as a ``license`` member.
``area`` (a slug) limits a download to that area's subtree.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, Response, request, stream_with_context, url_for

from portal.api import exports
from portal.api.filters import area_param
from portal.api.responses import ApiError, conditional, error_response, json_response
from portal.map.views import current_locale

bp = Blueprint("api_export", __name__, url_prefix="/api/export")
bp.after_request(conditional)


@bp.errorhandler(ApiError)
def api_error(error: ApiError):
    return error_response(error)


def _download(lines: Iterator[str], dataset: exports.Dataset) -> Response:
    response = Response(
        stream_with_context(lines), content_type=f"{dataset.media_type}; charset=utf-8"
    )
    licence = exports.licence()
    response.headers["Link"] = f'<{licence["url"]}>; rel="license"; title="{licence["name"]}"'
    response.headers["Content-Disposition"] = f'attachment; filename="{dataset.filename}"'
    response.direct_passthrough = True  # streamed: not kept in the page cache
    return response


def _dataset(name: str) -> exports.Dataset:
    return next(d for d in exports.DATASETS if d.name == name)


@bp.route("/")
def catalogue():
    """Every download, with its address, media type and licence."""
    area = request.args.get("area")
    extra = {"area": area} if area else {}
    area_param()
    endpoints = {
        "places-csv": "api_export.places_csv",
        "places-geojson": "api_export.places_geojson",
        "promises-csv": "api_export.promises_csv",
        "commitments-csv": "api_export.commitments_csv",
        "updates-csv": "api_export.updates_csv",
    }
    return json_response(
        {
            "license": exports.licence(),
            "datasets": [
                {
                    "name": d.name,
                    "title": d.title,
                    "media_type": d.media_type,
                    "url": url_for(endpoints[d.name], _external=True, **extra),
                    "license": exports.licence(),
                }
                for d in exports.DATASETS
            ],
        }
    )


@bp.route("/platser.csv")
def places_csv():
    """Public places: one row each, masked description, coarse coordinates."""
    lines = exports.places_csv(area_param(), current_locale())
    return _download(lines, _dataset("places-csv"))


@bp.route("/platser.geojson")
def places_geojson():
    """Public places as a GeoJSON FeatureCollection ([lon, lat])."""
    lines = exports.places_geojson(area_param(), current_locale())
    return _download(lines, _dataset("places-geojson"))


@bp.route("/medborgarloften.csv")
def promises_csv():
    """Published promises: period, state, progress."""
    return _download(exports.promises_csv(area_param()), _dataset("promises-csv"))


@bp.route("/ataganden.csv")
def commitments_csv():
    """Commitments of published promises: who, target, status, progress."""
    return _download(exports.commitments_csv(area_param()), _dataset("commitments-csv"))


@bp.route("/uppdateringar.csv")
def updates_csv():
    """Progress updates of published promises, oldest first."""
    return _download(exports.updates_csv(area_param()), _dataset("updates-csv"))
