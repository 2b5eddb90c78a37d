"""Large synthetic installations for the benchmarks (deterministic, with a progress bar)."""

from __future__ import annotations

import click

from portal.areas import services as area_services
from portal.extensions import db


def grid_areas(columns: int = 7, rows: int = 7) -> list:
    """One kommun with ``columns × rows`` areas drawn as a grid over a Swedish town."""
    west, south, size_lon, size_lat = 17.0, 60.6, 0.03, 0.015
    kommun = area_services.create_area(
        "Benchkommun",
        "kommun",
        slug="benchkommun",
        geometry=_square(west, south, west + columns * size_lon, south + rows * size_lat),
        population={"total": 100_000},
    )
    areas = []
    with click.progressbar(length=columns * rows, label="Områden       ") as bar:
        for col in range(columns):
            for row in range(rows):
                w, s = west + col * size_lon, south + row * size_lat
                areas.append(
                    area_services.create_area(
                        f"Område {col}-{row}",
                        "omrade",
                        parent=kommun,
                        slug=f"omrade-{col}-{row}",
                        geometry=_square(w, s, w + size_lon, s + size_lat),
                        population={"total": 2000},
                    )
                )
                bar.update(1)
    db.session.commit()
    return [kommun, *areas]


def _square(w: float, s: float, e: float, n: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}
