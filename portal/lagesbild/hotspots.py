"""Hot spots: observations counted on a square grid in SWEREF 99 TM (EPSG:3006).

The grid is counted in SQL. Over an area the size of a kommun the projection from lon/lat to
SWEREF 99 TM is, to well under a centimetre, a cubic polynomial (over a region a few metres, over
all of Sweden a few hundred metres, where cells are 10 km or more); :func:`fit` fits one with pyproj
(through :mod:`portal.geo.coords`) and :meth:`Projection.sql` turns it into a column expression, so
the database bins every observation into its cell with one ``GROUP BY``. The fit's largest error
on a check grid is kept (``max_error_m``) and shown with the map.

Cells are aligned to whole multiples of the cell size in SWEREF 99 TM, so the same cell has the
same index in every period and every area. Everything below :func:`fit` is pure.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from markupsafe import Markup, escape
from sqlalchemy import Integer, cast, func

from portal.geo.coords import BBox, from_sweref, to_sweref

NICE_SIZES = (100, 250, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000)
MAX_CELLS_ACROSS = 120


@dataclass(frozen=True)
class Projection:
    """``x = Σ cx·terms``, ``y = Σ cy·terms`` with the terms ``uⁱvʲ`` for ``i + j ≤ degree``
    (u, v: degrees from ``lon0``/``lat0``), in the order of :func:`powers`."""

    lon0: float
    lat0: float
    cx: tuple[float, ...]
    cy: tuple[float, ...]
    max_error_m: float
    degree: int = 3

    def apply(self, lon, lat):
        terms = _terms(lon - self.lon0, lat - self.lat0, self.degree)
        return (
            sum(c * t for c, t in zip(self.cx, terms, strict=True)),
            sum(c * t for c, t in zip(self.cy, terms, strict=True)),
        )

    def sql(self, lon, lat):
        """Column expressions for easting and northing of the columns ``lon``/``lat``."""
        terms = _terms(lon - self.lon0, lat - self.lat0, self.degree)

        def poly(coefficients):
            expression = coefficients[0]
            for coefficient, term in zip(coefficients[1:], terms[1:], strict=True):
                expression = expression + coefficient * term
            return expression

        return poly(self.cx), poly(self.cy)


def powers(degree: int) -> tuple[tuple[int, int], ...]:
    return tuple((i, j) for i in range(degree + 1) for j in range(degree + 1 - i))


#: The fit is good enough when it is this close to pyproj (metres): the lowest degree that
#: reaches it is used, so a kommun's grid costs a quadratic per row, not a cubic.
TOLERANCE_M = 0.5


def _terms(u, v, degree: int) -> list:
    """``uⁱvʲ`` for :func:`powers` (works on numbers, arrays and SQL expressions)."""
    out = []
    for i, j in powers(degree):
        factors = [u] * i + [v] * j
        term = factors[0] if factors else 1
        for factor in factors[1:]:
            term = term * factor
        out.append(term)
    return out


def _design(u: np.ndarray, v: np.ndarray, degree: int) -> np.ndarray:
    return np.column_stack([np.broadcast_to(t, u.shape) for t in _terms(u, v, degree)])


def fit(bbox: BBox, samples: int = 9) -> Projection:
    """The lowest-degree polynomial (2 or 3) within :data:`TOLERANCE_M` of pyproj over
    ``bbox``, else the cubic; its error is measured half-way between the fitting samples."""
    for degree in (2, 3):
        fitted = _fit(bbox, samples, degree)
        if fitted.max_error_m <= TOLERANCE_M:
            break
    return fitted


def _fit(bbox: BBox, samples: int, degree: int) -> Projection:
    west, south, east, north = bbox
    lon0, lat0 = (west + east) / 2, (south + north) / 2
    lons, lats = np.meshgrid(np.linspace(west, east, samples), np.linspace(south, north, samples))
    lons, lats = lons.ravel(), lats.ravel()
    xs, ys = to_sweref(lons, lats)
    design = _design(lons - lon0, lats - lat0, degree)
    cx = np.linalg.lstsq(design, np.asarray(xs), rcond=None)[0]
    cy = np.linalg.lstsq(design, np.asarray(ys), rcond=None)[0]
    # check half-way between the samples
    step_lon = (east - west) / (samples - 1) / 2
    step_lat = (north - south) / (samples - 1) / 2
    check_lon, check_lat = lons + step_lon, lats + step_lat
    true_x, true_y = to_sweref(check_lon, check_lat)
    check = _design(check_lon - lon0, check_lat - lat0, degree)
    error = np.hypot(check @ cx - np.asarray(true_x), check @ cy - np.asarray(true_y))
    return Projection(
        lon0=lon0,
        lat0=lat0,
        cx=tuple(float(c) for c in cx),
        cy=tuple(float(c) for c in cy),
        max_error_m=float(error.max()),
        degree=degree,
    )


def extent_m(bbox: BBox) -> float:
    """The longer side of ``bbox`` in metres (SWEREF 99 TM)."""
    xs, ys = to_sweref(
        np.array([bbox[0], bbox[2], bbox[0], bbox[2]]),
        np.array([bbox[1], bbox[1], bbox[3], bbox[3]]),
    )
    return float(max(np.ptp(xs), np.ptp(ys)))


def cell_size(bbox: BBox, configured: int) -> int:
    """The configured size, or a coarser one so the area is at most ``MAX_CELLS_ACROSS`` wide."""
    needed = extent_m(bbox) / MAX_CELLS_ACROSS
    for size in NICE_SIZES:
        if size >= configured and size >= needed:
            return size
    return NICE_SIZES[-1]


def grid_for(bbox: BBox, configured: int) -> tuple[Projection, int]:
    """The projection fitted over ``bbox`` (with a margin) and the cell size to use there."""
    west, south, east, north = bbox
    margin_lon, margin_lat = (east - west) * 0.1 + 0.001, (north - south) * 0.1 + 0.001
    fitted = fit((west - margin_lon, south - margin_lat, east + margin_lon, north + margin_lat))
    return fitted, cell_size(bbox, configured)


def cell_index(expression, size: int, dialect: str):
    """Cell index along one axis. SWEREF 99 TM coordinates in Sweden are positive, so on SQLite
    truncation (CAST) is floor."""
    scaled = expression / size
    if dialect == "sqlite":
        return cast(scaled, Integer)
    return cast(func.floor(scaled), Integer)


# --- pure: cells, GeoJSON, the static map ---------------------------------------------------------

Cell = dict[str, Any]  # {"x": ix, "y": iy, "n": count, "public": public count}


def top_cells(cells: Iterable[Cell], limit: int, key: str = "n") -> list[Cell]:
    """The ``limit`` cells with most observations (ties: west to east, south to north)."""
    ordered = sorted((c for c in cells if c.get(key)), key=lambda c: (-c[key], c["x"], c["y"]))
    return ordered[:limit]


def public_cells(cells: Iterable[Cell], minimum: int) -> list[Cell]:
    """Cells as published: only observations of public places, and only cells with at least
    ``minimum`` of them (smaller cells are left out entirely, not shown as zero)."""
    return [
        {"x": c["x"], "y": c["y"], "n": c["public"]} for c in cells if c.get("public", 0) >= minimum
    ]


def cell_ring(ix: int, iy: int, size: int) -> list[list[float]]:
    """The cell's outline in lon/lat (GeoJSON order), corners projected back from SWEREF 99 TM."""
    corners = [(ix, iy), (ix + 1, iy), (ix + 1, iy + 1), (ix, iy + 1), (ix, iy)]
    xs = np.array([c[0] * size for c in corners], dtype=float)
    ys = np.array([c[1] * size for c in corners], dtype=float)
    lons, lats = from_sweref(xs, ys)
    return [
        [round(float(lon), 6), round(float(lat), 6)] for lon, lat in zip(lons, lats, strict=True)
    ]


def geojson(cells: Sequence[Cell], size: int, properties: Mapping[str, Any] | None = None) -> dict:
    """A FeatureCollection of cell polygons with their counts."""
    features = [
        {
            "type": "Feature",
            "id": f"{c['x']}_{c['y']}",
            "geometry": {"type": "Polygon", "coordinates": [cell_ring(c["x"], c["y"], size)]},
            "properties": {
                "antal": c["n"],
                "cell_m": size,
                "sweref99tm": [c["x"] * size, c["y"] * size],
            },
        }
        for c in cells
    ]
    return {"type": "FeatureCollection", "features": features, **(properties or {})}


def project_outline(geometry: Mapping[str, Any] | None, tolerance: float) -> list[list[list[int]]]:
    """An area's boundary in SWEREF 99 TM metres, simplified: a list of rings."""
    if not geometry:
        return []
    import shapely
    from shapely.geometry import shape

    projected = shapely.transform(
        shape(geometry), lambda xy: np.column_stack(to_sweref(xy[:, 0], xy[:, 1]))
    )
    simple = projected.simplify(tolerance, preserve_topology=True)
    polygons = list(getattr(simple, "geoms", [simple]))
    rings = []
    for polygon in polygons:
        exterior = getattr(polygon, "exterior", None)
        if exterior is not None:
            rings.append([[round(x), round(y)] for x, y in exterior.coords])
    return rings


def classes(cells: Sequence[Cell], count: int = 4) -> list[int]:
    """Upper bounds of ``count`` classes over the cell counts (for the map's legend)."""
    values = sorted(c["n"] for c in cells if c["n"])
    if not values:
        return []
    bounds = []
    for k in range(1, count + 1):
        bound = values[min(len(values) - 1, math.ceil(k * len(values) / count) - 1)]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    return bounds


PALETTE = ("#fde7c8", "#f6b26b", "#d9622b", "#8f2d0f")  # light to dark; counts are also written


def svg(
    cells: Sequence[Cell],
    size: int,
    outlines: Sequence[Mapping[str, Any]],
    *,
    title: str,
    description: str,
    ranked: Sequence[Cell] = (),
) -> Markup:
    """A static map: area outlines, cells shaded by class, the ranked cells numbered.

    Colour is never the only cue: the ranked cells carry their rank, and the same ranks head
    the table of hot spots beside the map.
    """
    points = [pt for o in outlines for ring in o["rings"] for pt in ring]
    points += [[c["x"] * size, c["y"] * size] for c in cells]
    points += [[(c["x"] + 1) * size, (c["y"] + 1) * size] for c in cells]
    if not points:
        return Markup("")
    min_x = min(p[0] for p in points)
    max_x = max(p[0] for p in points)
    min_y = min(p[1] for p in points)
    max_y = max(p[1] for p in points)
    pad = max(max_x - min_x, max_y - min_y, size) * 0.03
    width, height = max_x - min_x + 2 * pad, max_y - min_y + 2 * pad
    left, top = min_x - pad, max_y + pad

    def sx(x: float) -> str:
        return f"{x - left:.0f}"

    def sy(y: float) -> str:
        return f"{top - y:.0f}"

    bounds = classes(cells)
    stroke = max(width, height) / 600
    font = max(width, height) / 45
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'role="img" aria-labelledby="hs-title hs-desc" class="hotspot-svg">',
        f'<title id="hs-title">{escape(title)}</title>',
        f'<desc id="hs-desc">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
    ]
    for outline in outlines:
        for ring in outline["rings"]:
            path = " ".join(f"{sx(x)},{sy(y)}" for x, y in ring)
            parts.append(
                f'<polygon points="{path}" fill="#f2f5f8" stroke="#4a525c" '
                f'stroke-width="{stroke:.1f}"><title>{escape(outline["name"])}</title></polygon>'
            )
    for cell in cells:
        level = next((i for i, b in enumerate(bounds) if cell["n"] <= b), len(bounds) - 1)
        parts.append(
            f'<rect x="{sx(cell["x"] * size)}" y="{sy((cell["y"] + 1) * size)}" '
            f'width="{size}" height="{size}" fill="{PALETTE[min(level, len(PALETTE) - 1)]}" '
            f'stroke="#1b1f24" stroke-width="{stroke / 2:.1f}"><title>{cell["n"]}</title></rect>'
        )
    for rank, cell in enumerate(ranked, start=1):
        left_x, top_y = sx(cell["x"] * size), sy((cell["y"] + 1) * size)
        parts.append(
            f'<rect x="{left_x}" y="{top_y}" width="{size}" height="{size}" fill="none" '
            f'stroke="#1b1f24" stroke-width="{stroke * 2.5:.1f}"/>'
            f'<text x="{sx((cell["x"] + 1) * size + font * 0.15)}" y="{sy((cell["y"] + 1) * size + font * 0.1)}" '
            f'font-size="{font:.0f}" font-weight="700" font-family="sans-serif" fill="#1b1f24" '
            f'stroke="#ffffff" stroke-width="{font / 5:.0f}" paint-order="stroke" '
            f'dominant-baseline="hanging">{rank}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
