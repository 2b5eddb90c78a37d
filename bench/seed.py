"""Large synthetic installations for the benchmarks (deterministic, with a progress bar).

:func:`seed_installation` fills a migrated, empty database with one kommun as the issue sizes it
(50 areas, 200 000 survey responses, 100 000 places, 50 000 EST rows, 200 promises with 2 000
updates), reusing the domain benchmarks' own seeders: surveys, places and EST rows are bulk
inserted by :mod:`bench.lagesbild` (executemany on SQLite, COPY on PostgreSQL) and the promises
go through the portal's services (:mod:`bench.loften`), so they look like staff made them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import click

from portal.areas import services as area_services
from portal.extensions import db


@dataclass(frozen=True)
class Sizes:
    grid: int = 7  # grid × grid områden under the kommun
    responses: int = 200_000
    places: int = 100_000
    est_rows: int = 50_000
    promises: int = 200
    commitments_each: int = 2
    updates_each: int = 5  # per commitment: 200 × 2 × 5 = 2 000 updates
    links_each: int = 5  # places linked to each promise ("you said, we did")

    @property
    def updates(self) -> int:
        return self.promises * self.commitments_each * self.updates_each

    def describe(self) -> str:
        return (
            f"{self.grid**2 + 1} areas, {self.responses:,} survey responses, "
            f"{self.places:,} places, {self.est_rows:,} EST rows, {self.promises} promises "
            f"with {self.updates:,} updates"
        )


FULL = Sizes()
QUICK = Sizes(grid=3, responses=2_000, places=1_000, est_rows=500, promises=6, links_each=2)


@dataclass
class Installation:
    """What the page benchmarks need to know about a seeded installation."""

    kommun_slug: str
    area_slug: str
    promise_id: int
    place_id: int
    seconds: float


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
    with click.progressbar(length=columns * rows, label=_label("Områden")) as bar:
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


def _label(stage: str) -> str:
    return f"{stage:<14}"


class Bars:
    """One click progress bar per stage, opened when the stage first reports."""

    def __init__(self) -> None:
        self.bars: dict[str, object] = {}

    def __call__(self, stage: str, total: int, done: int) -> None:
        bar = self.bars.get(stage)
        if bar is None:
            for other in self.bars.values():
                other.render_finish()
            bar = self.bars[stage] = click.progressbar(length=total, label=_label(stage))
            bar.render_progress()
        bar.update(done)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.render_finish()


def seed_installation(sizes: Sizes = FULL) -> Installation:
    """Seed one large kommun into the (migrated, empty) database of the current app context."""
    from bench import lagesbild, loften
    from portal.auth import services as auth_services
    from portal.map.models import Place

    started = time.perf_counter()
    areas = grid_areas(sizes.grid, sizes.grid)
    kommun, children = areas[0], areas[1:]
    middle = children[len(children) // 2]
    bars = Bars()
    try:
        lagesbild._seed(areas, sizes.responses, sizes.places, sizes.est_rows, bars)
        actor = auth_services.create_user("bench@bench.example", "Bench", "bench-password-123")
        auth_services.grant_role(actor, "samordnare", kommun)
        db.session.commit()
        published: dict[int, list[int]] = {}
        rows = db.session.execute(
            db.select(Place.area_id, Place.id)
            .where(Place.published.is_(True))
            .order_by(Place.id)
            .limit(sizes.links_each * len(children) * 4)
        )
        for area_id, place_id in rows:
            published.setdefault(area_id, []).append(place_id)
        # the middle område's promise comes first, so it is the one the pages show
        ordered = [middle, *(area for area in children if area is not middle)]
        promise_ids = loften.seed_promises(
            actor,
            ordered,
            sizes.promises,
            sizes.commitments_each,
            sizes.updates_each,
            published,
            sizes.links_each,
            bars,
        )
    finally:
        bars.close()
    linked = published.get(middle.id, [])
    place_id = linked[0] if linked and sizes.links_each else min(v[0] for v in published.values())
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")  # the steady state autovacuum reaches
    return Installation(
        kommun.slug, middle.slug, promise_ids[0], place_id, time.perf_counter() - started
    )
