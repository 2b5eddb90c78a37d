"""Build a lägesbild's numbers for an area and a period, from every source, with provenance.

:func:`build` runs each source for the period and for the previous equal period and returns
one JSON-ready dict (the *raw* lägesbild): what each source counted, per row (the area's direct
sub-areas, and the area itself for records placed on it directly), plus the hot-spot grid and
the area outlines for the static map. :mod:`portal.lagesbild.present` turns it into tables for
staff or, with disclosure control, for the public; a snapshot freezes both.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from portal.areas.models import Area
from portal.extensions import db
from portal.lagesbild import hotspots
from portal.lagesbild.periods import Period
from portal.lagesbild.sources import (
    BEFORE,
    NOW,
    Scope,
    Window,
    area_bbox,
    est,
    nightwalks,
    places,
    subtree_rows,
    surveys,
    walks,
    window_for,
)
from portal.map import vocab as place_vocab
from portal.timeutil import utcnow

SCHEMA = 1


def _rows(area: Area, row_areas: list[Area]) -> list[dict[str, Any]]:
    return [
        {
            "key": str(a.id),
            "id": a.id,
            "slug": a.slug,
            "name": a.name,
            "self": a.id == area.id,
        }
        for a in row_areas
    ]


def _outlines(row_areas: list[Area], tolerance: float) -> list[dict[str, Any]]:
    ids = [a.id for a in row_areas]
    found = db.session.execute(
        db.select(Area.id, Area.name, Area.geometry).where(Area.id.in_(ids))
    ).all()
    return [
        {"id": i, "name": name, "rings": hotspots.project_outline(geometry, tolerance)}
        for i, name, geometry in found
        if geometry
    ]


def _hotspots(area: Area, scope: Scope, row_areas: list[Area]) -> dict[str, Any]:
    bbox = area_bbox(area, scope.area_ids)
    if bbox is None:
        return {"available": False, "cells": [], "outlines": []}
    fitted, size = hotspots.grid_for(bbox, int(current_app.config["LAGESBILD_HOTSPOT_CELL_M"]))
    cells = places.hotspot_cells(scope, fitted, size)
    cells.sort(key=lambda c: (c["x"], c["y"]))
    return {
        "available": True,
        "cell_m": size,
        "projection": {
            "lon0": fitted.lon0,
            "lat0": fitted.lat0,
            "cx": fitted.cx,
            "cy": fitted.cy,
            "degree": fitted.degree,
        },
        "max_error_m": round(fitted.max_error_m, 3),
        "cells": cells,
        "outlines": _outlines(row_areas, tolerance=size / 10),
    }


def _sources(window: Window, row_keys: list[str]) -> dict[str, dict[str, Any]]:
    """Every source for the period and the previous one: ``{"now": {...}, "before": {...}}``."""
    places_by_period = places.collect(window)
    surveys_by_period = surveys.collect(window)
    est_by_period = est.collect(window)
    walks_by_period = walks.collect(window, places_by_period)
    nightwalks_by_period = nightwalks.collect(window)
    return {
        name: {
            "surveys": surveys.indicators(surveys_by_period[name], row_keys),
            "places": places_by_period[name],
            "est": est_by_period[name],
            "walks": walks_by_period[name],
            "nightwalks": nightwalks_by_period[name],
        }
        for name in (NOW, BEFORE)
    }


def build(area: Area, period: Period, *, with_map: bool = True) -> dict[str, Any]:
    """The raw lägesbild for ``area`` (with its sub-areas) and ``period``."""
    area_ids, row_of, row_areas = subtree_rows(area)
    rows = _rows(area, row_areas)
    row_keys = [r["key"] for r in rows]
    previous = period.previous()
    window = window_for(area, period, area_ids, row_of)
    found = _sources(window, row_keys)
    now, before = found[NOW], found[BEFORE]
    scope = window.now
    return {
        "schema": SCHEMA,
        "computed_at": utcnow().isoformat(timespec="seconds"),
        "area": {"id": area.id, "slug": area.slug, "name": area.name},
        "period": period.as_dict(),
        "previous": previous.as_dict(),
        "rows": rows,
        "minimum": int(current_app.config["DISCLOSURE_MINIMUM"]),
        "categories": {"places": places.categories(), "est": est.categories()},
        "times": list(place_vocab.TIMES_OF_DAY),
        "now": now,
        "before": before,
        "hotspots": _hotspots(area, scope, row_areas)
        if with_map
        else {"available": False, "cells": [], "outlines": []},
    }
