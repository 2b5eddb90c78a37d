"""Leaflet maps for survey pages, built with :mod:`portal.geo` (the one place for lat/lon order).

The map is an enhancement: ``dialog-answer.js`` reveals it and turns a tap into the hidden
lon/lat fields. Without JavaScript the resident chooses an area or describes the place instead.
"""

from __future__ import annotations

import json

from flask_babel import gettext as _

from portal.dialog.models import PointAnswer, Question, Survey
from portal.geo.coords import bbox_to_leaflet_bounds
from portal.geo.mapbuilder import GeoLayer, MapParts
from portal.geo.pagemap import page_map


def _boundary(survey: Survey) -> list[GeoLayer]:
    if not survey.area.geometry:
        return []
    feature = {"type": "Feature", "geometry": survey.area.geometry, "properties": {}}
    return [GeoLayer({"type": "FeatureCollection", "features": [feature]}, "area")]


def leaflet_bounds(survey: Survey) -> str:
    """The survey area's bounds for Leaflet (``[[south, west], [north, east]]``) as JSON.

    The answering script re-fits the map to them once it reveals the (at first hidden) map.
    """
    bbox = survey.area.bbox
    return json.dumps(bbox_to_leaflet_bounds(bbox)) if bbox else ""


def point_maps(survey: Survey, questions: list[Question]) -> dict[int, MapParts]:
    """One map per point question, showing the survey's area."""
    maps = {}
    for question in questions:
        maps[question.id] = page_map(
            _("Karta över %(area)s: tryck där du känner dig otrygg", area=survey.area.name),
            cache_key=("dialog-point", survey.area_id, survey.area.updated_at.isoformat()),
            bbox=survey.area.bbox,
            layers=lambda: _boundary(survey),
        )
    return maps


def staff_points_map(survey: Survey, points: list[PointAnswer]) -> MapParts | None:
    """Staff only: the points residents marked (never published; pins could point at a home)."""
    if not points:
        return None
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                "properties": {},
            }
            for p in points
        ],
    }
    return page_map(
        _("Karta över markerade platser i %(area)s", area=survey.area.name),
        bbox=survey.area.bbox,
        layers=[*_boundary(survey), GeoLayer(collection, "points", color="#b3261e")],
    )
