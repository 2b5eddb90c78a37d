"""``make bench`` keeps working: its ``--quick`` seeding and one in-process page measurement.

The real figures come from ``make bench`` (gunicorn and wrk); this only proves that the harness
still fits the models and services, on SQLite, in a few seconds.
"""

from __future__ import annotations

import pytest

from tests.conftest import app_config
from tests.databases import using_postgres

pytestmark = pytest.mark.skipif(using_postgres(), reason="the harness is checked on SQLite only")


def test_quick_installation_seeds_and_its_pages_answer_from_the_cache(tmp_path):
    from bench.__main__ import pages, time_in_process
    from bench.seed import QUICK, seed_installation
    from portal import create_app
    from portal.dialog.models import Response
    from portal.extensions import db
    from portal.loften.models import Update
    from portal.map.models import Place

    app = create_app(app_config(f"sqlite:///{tmp_path / 'bench.sqlite3'}", PAGE_CACHE_ENABLED=True))
    with app.app_context():
        db.create_all()
        installation = seed_installation(QUICK)
        count = db.session.scalar
        assert count(db.select(db.func.count(Response.id))) == QUICK.responses
        assert count(db.select(db.func.count(Place.id))) == QUICK.places
        assert count(db.select(db.func.count(Update.id))) == QUICK.updates
    try:
        for path in pages(installation).values():
            milliseconds, cache = time_in_process(app, path, requests=3)
            assert milliseconds > 0 and cache == "hit", path
    finally:
        with app.app_context():
            db.engine.dispose()
