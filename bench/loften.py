"""Benchmark for medborgarlöften: ``run(report)`` seeds a large promise into a fresh SQLite
database of its own and times the public promise page, its Atom feed, the widget and the
"you said, we did" section of a follow page, through the Flask test client (no network).

Figures are median milliseconds per request over a few rounds; the lead's harness adds them to
the table (``make bench``). Nothing here runs in the test suite.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

COMMITMENTS = 20
UPDATES_PER_COMMITMENT = 25
LINKED_PLACES = 200
ROUNDS = 15


def seed_promises(
    actor,
    areas: list,
    count: int,
    commitments_each: int,
    updates_each: int,
    place_ids: dict[int, list[int]] | None = None,
    links_each: int = 0,
    progress=None,
) -> list[int]:
    """``count`` published promises spread over ``areas``, through the portal's own services.

    Each gets ``commitments_each`` commitments (Polisen, kommunen, a housing company in turn) with
    ``updates_each`` progress updates each, and links ``links_each`` of the places in its area
    (``place_ids``: area id → place ids) to its commitments. Returns the promises' ids.
    """
    from portal.extensions import db
    from portal.loften import commitments, services, vocab
    from portal.loften.commitments import CommitmentInput, UpdateInput

    organisations = {vocab.POLISEN: "Polisen", vocab.KOMMUNEN: "Benchkommun"}
    parties = [(vocab.POLISEN, None), (vocab.KOMMUNEN, None), (vocab.PARTNER, "Benchbostäder AB")]
    ids = []
    for number in range(count):
        area = areas[number % len(areas)]
        promise = services.create(
            actor, area, f"Benchlöfte {number}", date(2026, 1, 1), date(2026, 12, 31)
        )
        promise.summary = "Tryggare kvällar i området: belysning, närvaro och röjd vegetation."
        for index in range(commitments_each):
            party, organisation = parties[index % len(parties)]
            commitments.add_commitment(
                actor,
                promise,
                CommitmentInput(
                    f"Åtagande {index}",
                    "Beskrivning",
                    party,
                    organisation,
                    200.0,
                    "gånger",
                    date(2026, 12, 31),
                    None,
                ),
            )
        services.add_signatory(actor, promise, "Anna", "KSO", "Benchkommun")
        promise.signed_on = date(2025, 12, 1)
        services.transition(actor, promise, "publicera", date(2026, 1, 1))
        for commitment in promise.commitments:
            for step in range(updates_each):
                commitments.post_update(
                    actor,
                    commitment,
                    UpdateInput(
                        date(2026, 1, 1) + timedelta(days=7 * step),
                        f"Steg **{step}**: fler patrulleringar och ny belysning.",
                        vocab.PAGAR,
                        None,
                        float(10 * (step + 1)),
                    ),
                    commitment.organisation or organisations[commitment.party],
                )
        for index, place_id in enumerate((place_ids or {}).get(area.id, [])[:links_each]):
            commitment = promise.commitments[index % len(promise.commitments)]
            commitments.add_link(actor, commitment, vocab.PLACE, place_id, "Belysning")
        db.session.commit()
        ids.append(promise.id)
        if progress:
            progress("Löften", count, 1)
    return ids


def _seed():
    from portal.areas import services as area_services
    from portal.auth import services as auth_services
    from portal.extensions import db
    from portal.loften import commitments, vocab
    from portal.loften.models import Promise
    from portal.map import categories, handling, reports
    from portal.map import vocab as place_vocab

    kommun = area_services.create_area(
        "Benchkommun",
        "kommun",
        geometry={
            "type": "Polygon",
            "coordinates": [
                [[17.0, 60.6], [17.3, 60.6], [17.3, 60.75], [17.0, 60.75], [17.0, 60.6]]
            ],
        },
    )
    actor = auth_services.create_user("bench@bench.example", "Bench", "bench-password-123")
    auth_services.grant_role(actor, "samordnare", kommun)
    categories.ensure_defaults()
    (promise_id,) = seed_promises(actor, [kommun], 1, COMMITMENTS, UPDATES_PER_COMMITMENT)
    promise = db.session.get(Promise, promise_id)
    code = None
    for number in range(LINKED_PLACES):
        observation = reports.create_report(
            category=categories.by_slug("belysning"),
            description="Trasig lampa.",
            time_of_day=place_vocab.KVALL,
            day_kind=place_vocab.VARDAG,
            lon=17.0 + 0.001 * (number % 250),
            lat=60.61 + 0.0005 * (number // 250),
        )
        handling.review_observation(actor, observation, observation.description)
        handling.set_published(actor, observation.place, True)
        commitment = promise.commitments[number % COMMITMENTS]
        commitments.add_link(actor, commitment, vocab.PLACE, observation.place_id, "Belysning")
        code = observation.follow_code
    db.session.commit()
    return promise.id, code


def _median_ms(client, url: str) -> float:
    timings = []
    for _round in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings)


def run(report) -> None:
    from portal import create_app
    from portal.extensions import db
    from portal.loften import sections

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'loften.sqlite3'}"
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": url, "PAGE_CACHE_ENABLED": False, "SECRET_KEY": "b" * 40}
        )
        with app.app_context():
            db.create_all()
            promise_id, code = _seed()
        client = app.test_client()
        shape = f"{COMMITMENTS} commitments, {COMMITMENTS * UPDATES_PER_COMMITMENT} updates, {LINKED_PLACES} linked places"
        for name, path, target in (
            ("promise page", f"/loften/{promise_id}", "≤ 300 ms"),
            ("promise feed", f"/loften/{promise_id}/feed.atom", "≤ 150 ms"),
            ("all-promises feed", "/loften/feed.atom", "≤ 150 ms"),
            ("widget", f"/loften/widget/{promise_id}", "≤ 50 ms"),
            ("promise list", "/loften/", "≤ 150 ms"),
        ):
            report(f"loften: {name} ({shape})", _median_ms(client, path), "ms (median)", target)
        with app.test_request_context(), app.app_context():
            from portal.map.reports import find_by_code

            observation = find_by_code(code)
            timings = []
            for _round in range(ROUNDS):
                start = time.perf_counter()
                sections.follow_section(observation)
                timings.append((time.perf_counter() - start) * 1000)
            report(
                "loften: follow-page section (you said, we did)",
                statistics.median(timings),
                "ms (median)",
                "≤ 30 ms",
            )
        with app.app_context():
            db.engine.dispose()
