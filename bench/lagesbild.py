"""Lägesbild benchmark: one kommun with 200 000 survey responses, 100 000 places and 50 000 EST rows.

``run(report)`` builds the installation in a temporary SQLite database (and in PostgreSQL
database ``bench_lagesbild`` when a server answers at ``BENCH_POSTGRES_URL``), with bulk inserts
straight into the tables (COPY on PostgreSQL), then times computing a lägesbild: the whole kommun
for a quarter and for a year, and one område for a quarter. Target: ≤ 1 s each. The first
lägesbild after the bulk load also counts the surveys' answers into the survey day tally (see
``portal/lagesbild/sources/survey_tally.py``), once; that is reported on its own line.

The data is deterministic: four surveys of 50 000 responses (the NTU question and Polisen's 12
problem items, so 2.6 million coded answers), places with one or two reports clustered around
hot spots over two years, and weekly EST reports from 37 reporters on 13 categories.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

Report = Callable[[str, float, str, str], None]

SEED = 6
RESPONSES = 200_000
PLACES = 100_000
EST_ROWS = 50_000
PG_BASE = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
TARGET = "≤ 1 s"
QUARTER, YEAR = "2026-k3", "2026"
#: Survey fieldwork (start, days): the last one straddles the measured quarter's end.
SURVEYS = (
    (date(2025, 3, 3), 40),
    (date(2025, 9, 1), 40),
    (date(2026, 3, 2), 40),
    (date(2026, 9, 7), 40),
)
PROBLEMS = (
    "klotter",
    "nedskrapning",
    "skadegorelse",
    "belysning",
    "moped",
    "fortkorning",
    "buskorning",
    "ungdomar",
    "berusade",
    "narkotikamissbruk",
    "narkotikaforsaljning",
    "tiggeri",
)
DATA_START, DATA_DAYS = date(2025, 1, 6), 2 * 364


def run(report: Report) -> None:
    for label, url in _databases():
        print(f"  lägesbild: seeding {label} …", flush=True)
        app = _app(url)
        with app.app_context():
            started = time.perf_counter()
            kommun, area = _seed()
            report(f"lägesbild {label}: seeding (bulk)", time.perf_counter() - started, "s", "")
            first = _first(kommun, YEAR)
            report(
                f"lägesbild {label}: first lägesbild after the seeding (counts 200 000 responses "
                "into the survey day tally once)",
                first,
                "s",
                "once",
            )
            for name, where, period in (
                (f"kommun, kvartal {QUARTER}", kommun, QUARTER),
                (f"kommun, år {YEAR}", kommun, YEAR),
                (f"ett område, kvartal {QUARTER}", area, QUARTER),
            ):
                seconds = _time(where, period)
                report(f"lägesbild {label}: {name}", seconds, "s", TARGET)
            _dispose(app)


# --- databases ------------------------------------------------------------------------------------


def _databases() -> Iterator[tuple[str, str]]:
    from bench.server import wants

    if wants("SQLite"):
        folder = Path(tempfile.mkdtemp(prefix="bench-lagesbild-"))
        yield "SQLite", f"sqlite:///{folder / 'lagesbild.sqlite3'}"
    if not wants("PostgreSQL"):
        return
    url = _fresh_postgres("bench_lagesbild")
    if url:
        yield "PostgreSQL", url
    else:
        print("  lägesbild: PostgreSQL not reachable; measured on SQLite only.")


def _fresh_postgres(name: str) -> str | None:
    from bench.server import fresh_postgres

    return fresh_postgres(name)


def _app(url: str):
    from portal import create_app
    from portal.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "PAGE_CACHE_ENABLED": False})
    with app.app_context():
        import portal.dialog.models
        import portal.lagesbild.models
        import portal.map.models  # noqa: F401

        db.create_all()
    return app


def _dispose(app) -> None:
    from portal.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _first(area, period_key: str) -> float:
    from portal.extensions import db
    from portal.lagesbild import compute
    from portal.lagesbild.periods import parse

    started = time.perf_counter()
    compute.build(area, parse(period_key))
    db.session.commit()
    seconds = time.perf_counter() - started
    # the freshly filled tally tables get planner statistics, as autovacuum would give them
    db.session.execute(db.text("ANALYZE"))
    db.session.commit()
    return seconds


def _time(area, period_key: str, repeat: int = 3) -> float:
    """Median wall time of computing the raw lägesbild and both views (after one warm-up)."""
    from flask import current_app

    from portal.extensions import db
    from portal.lagesbild import compute, present
    from portal.lagesbild.periods import parse

    period = parse(period_key)
    minimum = current_app.config["DISCLOSURE_MINIMUM"]
    times = []
    for _i in range(repeat + 1):
        db.session.expire_all()
        started = time.perf_counter()
        raw = compute.build(area, period)
        present.internal(raw)
        present.public(raw, minimum)
        db.session.commit()
        times.append(time.perf_counter() - started)
    return statistics.median(times[1:])


# --- bulk loading -----------------------------------------------------------------------------------


def _bulk(table: str, columns: tuple[str, ...], rows: Iterable[tuple], chunk: int = 50_000) -> int:
    """Insert ``rows`` with the driver directly: executemany on SQLite, COPY on PostgreSQL."""
    from portal.extensions import db

    connection = db.session.connection()
    raw = connection.connection.driver_connection
    count = 0
    if connection.dialect.name == "postgresql":
        with (
            raw.cursor() as cursor,
            cursor.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy,
        ):
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
    cursor = raw.cursor()
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= chunk:
            cursor.executemany(sql, batch)
            count += len(batch)
            batch = []
    if batch:
        cursor.executemany(sql, batch)
        count += len(batch)
    return count


_SQLITE = {"on": True}


def _value(value):
    """SQLite stores dates and times as ISO text, as SQLAlchemy does."""
    if not _SQLITE["on"]:
        return value
    if isinstance(value, datetime):
        return (
            value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        )
    if isinstance(value, date):
        return value.isoformat()
    return value


def _seed(
    areas: list | None = None,
    responses: int = RESPONSES,
    places: int = PLACES,
    est_rows: int = EST_ROWS,
    progress: Progress | None = None,
):
    """Bulk-load surveys, places and EST rows into ``areas`` (default: a fresh grid kommun).

    Returns (kommun, one område). ``progress(stage, total, done)`` is told of every batch.
    """
    from bench.seed import grid_areas
    from portal.dialog.survey_templates import PROBLEM_OPTIONS, TRYGGHET_OPTIONS
    from portal.extensions import db
    from portal.lagesbild import est_services
    from portal.map import categories

    _SQLITE["on"] = db.session.get_bind().dialect.name == "sqlite"
    progress = progress or _print_progress
    areas = areas or grid_areas()
    kommun, children = areas[0], areas[1:]
    categories.ensure_defaults()
    est_services.ensure_defaults()
    db.session.commit()
    rnd = random.Random(SEED)
    _surveys(kommun, children, rnd, TRYGGHET_OPTIONS, PROBLEM_OPTIONS, responses, progress)
    _places(kommun, children, rnd, places, progress)
    _est(children, rnd, est_rows, progress)
    db.session.commit()
    if db.session.get_bind().dialect.name == "postgresql":
        for table in (
            "dialog_survey",
            "dialog_question",
            "dialog_response",
            "dialog_answer",
            "place",
            "place_observation",
            "est_report",
            "est_entry",
        ):
            db.session.execute(
                db.text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                )
            )
    db.session.execute(db.text("ANALYZE"))
    db.session.commit()
    return kommun, children[len(children) // 2]


#: ``progress(stage, total, done)``: ``done`` more of ``total`` items of ``stage`` were written.
Progress = Callable[[str, int, int], None]


def _print_progress(stage: str, total: int, done: int) -> None:
    _print_progress.seen[stage] = _print_progress.seen.get(stage, 0) + done  # type: ignore[attr-defined]
    if _print_progress.seen[stage] >= total:  # type: ignore[attr-defined]
        print(f"    {stage}: {total:,}", flush=True)


_print_progress.seen = {}  # type: ignore[attr-defined]

BATCH = 5_000


def _surveys(
    kommun, children, rnd, trygghet_options, problem_options, count: int, progress: Progress
) -> None:
    """``count`` responses over the four surveys, written in batches of ``BATCH``."""
    from portal.dialog.models import Question, Survey
    from portal.extensions import db

    weights_t = [30, 40, 15, 7, 6, 2]
    codes_t = [o["code"] for o in trygghet_options]
    codes_p = [o["code"] for o in problem_options]
    response_id = answer_id = 0
    per_survey = [count // len(SURVEYS) + (i < count % len(SURVEYS)) for i in range(len(SURVEYS))]
    for number, ((opens, days), total) in enumerate(zip(SURVEYS, per_survey, strict=True), 1):
        survey = Survey(
            area=kommun,
            title={"sv": f"Trygghetsmätning {number}"},
            languages=["sv"],
            state="stangd",
        )
        keys = [("trygghet", "trygghet"), ("trygghet_orsak", "trygghet_orsak")]
        keys += [(f"problem_{key}", "problem") for key in PROBLEMS]
        survey.questions = [
            Question(key=key, kind="scale", role=role, text={"sv": key}, options=[], position=i)
            for i, (key, role) in enumerate(keys)
        ]
        db.session.add(survey)
        db.session.flush()
        qid = {q.key: q.id for q in survey.questions}
        for first in range(0, total, BATCH):
            responses, answers = [], []
            for _i in range(first, min(first + BATCH, total)):
                response_id += 1
                area = rnd.choice(children)
                # problems grow worse in some areas, so the lägesbild has trends to show
                skew = (area.id % 5) / 10
                responses.append(
                    (
                        response_id,
                        survey.id,
                        area.id,
                        "sv",
                        _value(opens + timedelta(days=rnd.randrange(days))),
                    )
                )
                code = rnd.choices(codes_t, weights_t)[0]
                answer_id += 1
                answers.append((answer_id, response_id, survey.id, qid["trygghet"], code, area.id))
                if code == "gar_aldrig_ut":
                    answer_id += 1
                    reason = "otrygghet" if rnd.random() < 0.6 else "annat"
                    answers.append(
                        (answer_id, response_id, survey.id, qid["trygghet_orsak"], reason, area.id)
                    )
                for key in PROBLEMS:
                    answer_id += 1
                    p = rnd.random() + skew
                    value = codes_p[
                        0 if p > 1.25 else 1 if p > 0.95 else 2 if p > 0.55 else 3 if p > 0.1 else 4
                    ]
                    answers.append(
                        (answer_id, response_id, survey.id, qid[f"problem_{key}"], value, area.id)
                    )
            _bulk(
                "dialog_response",
                ("id", "survey_id", "area_id", "language", "submitted_on"),
                responses,
            )
            _bulk(
                "dialog_answer",
                ("id", "response_id", "survey_id", "question_id", "value", "area_id"),
                answers,
            )
            progress("Enkätsvar", count, len(responses))


PLACE_COLUMNS = (
    "id",
    "area_id",
    "category_id",
    "lon",
    "lat",
    "status",
    "status_changed_at",
    "published",
    "needs_positioning",
    "time_mask",
    "observation_count",
    "agree_count",
    "created_at",
    "updated_at",
)
OBSERVATION_COLUMNS = (
    "id",
    "place_id",
    "follow_code",
    "source",
    "lon",
    "lat",
    "positioned",
    "description",
    "time_of_day",
    "day_kind",
    "flagged_emergency",
    "review_state",
    "photo_state",
    "created_at",
)


def _places(kommun, children, rnd, count: int, progress: Progress) -> None:
    """``count`` places with one or two reviewed reports each, clustered around hot spots."""
    from portal.map.categories import all_categories

    cats = [c.id for c in all_categories()]
    west, south, east, north = kommun.bbox
    centres = [(rnd.uniform(west, east), rnd.uniform(south, north)) for _i in range(40)]
    width, height = (east - west) / len(children) ** 0.5, (north - south) / len(children) ** 0.5
    cols = round(len(children) ** 0.5)

    def area_of(lon: float, lat: float) -> int:
        col = min(cols - 1, max(0, int((lon - west) / width)))
        row = min(cols - 1, max(0, int((lat - south) / height)))
        return children[col * cols + row].id

    observation_id = 0
    for first in range(1, count + 1, BATCH):
        places, observations = [], []
        for place_id in range(first, min(first + BATCH, count + 1)):
            if rnd.random() < 0.6:
                cx, cy = rnd.choice(centres)
                lon, lat = rnd.gauss(cx, 0.004), rnd.gauss(cy, 0.002)
            else:
                lon, lat = rnd.uniform(west, east), rnd.uniform(south, north)
            lon, lat = min(max(lon, west), east), min(max(lat, south), north)
            created = datetime.combine(DATA_START, datetime.min.time(), tzinfo=UTC) + timedelta(
                minutes=rnd.randrange(DATA_DAYS * 24 * 60)
            )
            status = rnd.choices(
                ["ny", "bedomd", "planerad", "atgardad", "ingen_atgard", "avvisad"],
                [40, 15, 10, 25, 5, 5],
            )[0]
            changed = created + timedelta(days=rnd.randrange(60))
            published = status != "avvisad" and rnd.random() < 0.8
            reports = 1 if rnd.random() < 0.7 else 2
            places.append(
                (
                    place_id,
                    area_of(lon, lat),
                    rnd.choice(cats),
                    lon,
                    lat,
                    status,
                    _value(changed),
                    published,
                    False,
                    0,
                    reports,
                    0,
                    _value(created),
                    _value(created),
                )
            )
            for extra in range(reports):
                observation_id += 1
                moment = created + timedelta(days=extra * rnd.randrange(1, 30))
                observations.append(
                    (
                        observation_id,
                        place_id,
                        f"B{observation_id:012d}",
                        "resident",
                        lon,
                        lat,
                        True,
                        "bench",
                        rnd.choice(["dag", "kvall", "natt"]),
                        "vardag",
                        False,
                        "granskad",
                        "none",
                        _value(moment),
                    )
                )
        _bulk("place", PLACE_COLUMNS, places)
        _bulk("place_observation", OBSERVATION_COLUMNS, observations)
        progress("Platser", count, len(places))


def _est(children, rnd, count: int, progress: Progress) -> None:
    """Weekly EST reports from 37 reporters on every category, ``count`` rows in all."""
    from portal.lagesbild.est_services import all_categories

    cats = [c.id for c in all_categories()]
    reporters = [(f"Rapportör {i}", rnd.choice(children).id) for i in range(37)]
    report_id = entry_id = 0
    weeks = DATA_DAYS // 7
    for week in range(weeks * ((count // (weeks * 37 * len(cats))) + 1)):
        if entry_id >= count:
            break
        reports, entries = [], []
        monday = DATA_START + timedelta(weeks=week)
        for organisation, area_id in reporters:
            if entry_id >= count:
                break
            report_id += 1
            now = _value(datetime.combine(monday, datetime.min.time(), tzinfo=UTC))
            reports.append(
                (
                    report_id,
                    area_id,
                    organisation,
                    "vecka",
                    _value(monday),
                    _value(monday + timedelta(days=6)),
                    "import",
                    now,
                    now,
                )
            )
            for category in cats[: count - entry_id]:
                entry_id += 1
                level = rnd.choices([0, 1, 2, 3], [70, 18, 9, 3])[0]
                assessment = ("ingen", "enstaka", "aterkommande", "omfattande")[level]
                entries.append(
                    (
                        entry_id,
                        report_id,
                        category,
                        area_id,
                        _value(monday),
                        assessment,
                        level,
                        "[]",
                    )
                )
        _bulk(
            "est_report",
            (
                "id",
                "area_id",
                "organisation",
                "period_kind",
                "period_start",
                "period_end",
                "source",
                "created_at",
                "updated_at",
            ),
            reports,
        )
        _bulk(
            "est_entry",
            (
                "id",
                "report_id",
                "category_id",
                "area_id",
                "period_start",
                "assessment",
                "level",
                "masked_kinds",
            ),
            entries,
        )
        progress("EST-rader", count, len(entries))


def measure(
    url: str, report: Report, kommun: str = "benchkommun", area: str = "omrade-3-3"
) -> None:
    """Time the lägesbild on an installation seeded before (``make bench`` leaves one in
    ``bench-results/bench.sqlite3`` and the PostgreSQL database ``bench_portal``), in this process
    and without seeding: the same three measurements as :func:`run`. The database must be
    migrated (``flask db upgrade heads``) and analysed as the benchmark leaves it."""
    from portal.areas.models import Area
    from portal.extensions import db

    app = create_app_for(url)
    with app.app_context():
        found = {
            slug: db.session.scalar(db.select(Area).filter_by(slug=slug)) for slug in (kommun, area)
        }
        for name, slug, period in (
            (f"kommun, kvartal {QUARTER}", kommun, QUARTER),
            (f"kommun, år {YEAR}", kommun, YEAR),
            (f"ett område, kvartal {QUARTER}", area, QUARTER),
        ):
            report(f"lägesbild: {name}", _time(found[slug], period), "s", TARGET)
    _dispose(app)


def create_app_for(url: str):
    from portal import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "PAGE_CACHE_ENABLED": False})


if __name__ == "__main__":
    import argparse

    def _print(name: str, value: float, unit: str, target: str = "") -> None:
        print(f"{name}: {value:.3f} {unit} {target}", flush=True)

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--measure",
        metavar="URL",
        action="append",
        help="only time the lägesbild on this already seeded database (repeatable)",
    )
    args = parser.parse_args()
    if args.measure:
        for measured in args.measure:
            print(f"  {measured}", flush=True)
            measure(measured, _print)
    else:
        run(_print)
