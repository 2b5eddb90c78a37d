"""The same idempotency key posted at the same moment from several connections is stored once;
different keys posted at once are all stored. Runs on its own database with real commits."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from portal import create_app
from portal.areas import services as area_services
from portal.extensions import db
from portal.map import categories
from portal.timeutil import utcnow
from portal.walks import pins, services, vocab
from portal.walks.models import WalkPin
from tests import factories
from tests.conftest import FreshContextClient, app_config
from tests.databases import drop_database, fresh_database_url

THREADS = 6


@pytest.fixture
def shared(tmp_path):
    """An app on a database of its own (no rolled-back transaction), with a walk and a category."""
    url = fresh_database_url("walks_concurrency", tmp_path)
    app = create_app(app_config(url))
    app.test_client_class = FreshContextClient
    with app.app_context():
        db.create_all()
        area = area_services.create_area(
            "Samtidigt", "kommun", geometry=factories.square(17.0, 60.6, 17.3, 60.75)
        )
        categories.ensure_defaults()
        start = utcnow() - timedelta(minutes=10)
        walk = services.create_walk(
            "test",
            area=area,
            title="Samtidig vandring",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            light=vocab.MORKER,
            meeting_point="Torget",
            pin_opens_at=start,
            pin_closes_at=start + timedelta(hours=3),
            max_participants=THREADS,
        )
        tokens = [services.join(walk, display_name=None)[1] for _ in range(THREADS)]
        db.session.commit()
        info = {
            "walk_id": walk.id,
            "code": walk.join_code,
            "tokens": tokens,
            "category": categories.by_slug("belysning").id,
        }
    try:
        yield app, info
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        drop_database(url)


def _post_all(app, info, keys):
    from tests.walks.conftest import participant_cookie

    barrier = threading.Barrier(len(keys))
    results = [None] * len(keys)

    def worker(index, key):
        client = app.test_client()
        with app.app_context():
            from portal.walks.models import Walk

            walk = db.session.get(Walk, info["walk_id"])
            participant_cookie(client, walk, info["tokens"][index])
            db.session.remove()
        data = {
            "category": str(info["category"]),
            "lon": "17.15",
            "lat": "60.70",
            "description": "Samtidigt",
            "client_key": key,
        }
        barrier.wait()
        response = client.post(
            f"/vandring/{info['code']}/markera", data=data, headers={"Accept": "application/json"}
        )
        results[index] = (response.status_code, response.get_json())

    threads = [threading.Thread(target=worker, args=(i, k)) for i, k in enumerate(keys)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def _counts(app, walk_id):
    with app.app_context():
        from portal.walks.models import Walk

        walk = db.session.get(Walk, walk_id)
        counted = pins.observation_count(walk), pins.pin_count(walk)
        db.session.remove()
        return counted


def test_the_same_key_at_once_is_stored_once(shared):
    app, info = shared
    results = _post_all(app, info, ["f" * 32] * THREADS)
    assert all(status in (200, 201) and body["ok"] for status, body in results), results
    assert len({body["id"] for _status, body in results}) == 1
    assert sum(1 for status, _body in results if status == 201) == 1
    assert _counts(app, info["walk_id"]) == (1, 1)


def test_different_keys_at_once_are_all_stored(shared):
    app, info = shared
    keys = [f"{i:02d}" * 16 for i in range(THREADS)]
    results = _post_all(app, info, keys)
    assert all(status == 201 for status, _body in results), results
    assert _counts(app, info["walk_id"]) == (THREADS, THREADS)
    with app.app_context():
        owners = db.session.scalars(db.select(WalkPin.participant_id)).all()
        assert len(set(owners)) == THREADS
