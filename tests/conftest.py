"""Fixtures: one app per test session and worker, a transaction rolled back after every test."""

from __future__ import annotations

import os

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import scoped_session, sessionmaker

from portal import create_app
from portal.extensions import db, limiter
from tests import factories
from tests.databases import drop_database, fresh_database_url, using_postgres

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
TEST_TILE_URL = "https://tiles.test.invalid/{z}/{x}/{y}.png"


def app_config(database_url: str, **extra) -> dict:
    """Settings shared by every app the tests build."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "MAP_TILE_URL": TEST_TILE_URL,
        "RATELIMIT_STORAGE_URI": "memory://",
        "PAGE_CACHE_ENABLED": False,  # tests/test_httpcache.py switches it on
        **extra,
    }


def pytest_report_header(config):
    return f"database: {'PostgreSQL' if using_postgres() else 'SQLite'}"


class FreshContextClient(FlaskClient):
    """Each request gets its own app context (and so its own ``g``), as in production.

    Without this, requests would reuse the app context the test holds open, and ``g`` (e.g.
    Flask-Login's cached user) would leak from one request into the next.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    url = fresh_database_url("unit", tmp_path_factory.mktemp("db"))
    application = create_app(app_config(url))
    application.test_client_class = FreshContextClient
    with application.app_context():
        db.create_all()
    yield application
    with application.app_context():
        db.engine.dispose()
    drop_database(url)


@pytest.fixture(autouse=True)
def _rollback(request):
    """Run the test inside a transaction that is rolled back afterwards.

    ``db.session`` is swapped for a session on one connection; commits in code under test become
    SAVEPOINT releases, so every test starts from the same empty database.
    """
    if "app" not in request.fixturenames:
        yield
        return
    application = request.getfixturevalue("app")
    with application.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        db.session = scoped_session(
            sessionmaker(
                bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
            )
        )
        limiter.reset()
        try:
            yield
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def area(app):
    """A kommun with two areas below it; returns the kommun."""
    kommun = factories.make_area("Testkommun", kind="kommun", bbox=(17.0, 60.6, 17.3, 60.75))
    factories.make_area("Norr", parent=kommun, bbox=(17.0, 60.68, 17.3, 60.75))
    factories.make_area("Söder", parent=kommun, bbox=(17.0, 60.6, 17.3, 60.68))
    db.session.commit()
    return kommun


@pytest.fixture
def login_as(client):
    """``login_as(role, area)`` signs a new user with that role in through the test client."""

    def sign_in(role: str | None, area=None):
        user = factories.make_user(**({role: area} if role else {}))
        db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = str(user.id)
            session["_fresh"] = True
        return user

    return sign_in
