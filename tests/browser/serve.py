"""A live portal for the browser tests: ``python -m tests.browser.serve DATABASE_URL PORT``.

Runs in its own process (as a real deployment would), creates the schema, seeds the demo data
and serves with Werkzeug's threaded server on 127.0.0.1.
"""

from __future__ import annotations

import sys

from werkzeug.serving import run_simple

from portal import create_app
from portal.demo import seed_demo
from portal.extensions import db
from tests.conftest import app_config


def live_config(database_url: str) -> dict:
    """What the live server runs with: real CSRF, real rate limits, test tiles."""
    return app_config(database_url, TESTING=False, WTF_CSRF_ENABLED=True)


def main() -> None:
    database_url, port = sys.argv[1], int(sys.argv[2])
    app = create_app(live_config(database_url))
    with app.app_context():
        db.create_all()
        seed_demo()
    run_simple("127.0.0.1", port, app, threaded=True, use_reloader=False, use_debugger=False)


if __name__ == "__main__":
    main()
