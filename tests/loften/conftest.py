"""Fixtures for the promise tests."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.storage import LocalStorage
from tests import factories


@pytest.fixture
def coordinator(area):
    """A samordnare on the test kommun."""
    user = factories.make_user(samordnare=area)
    user.organisation = "Testkommun"
    db.session.commit()
    return user


@pytest.fixture
def storage(app, tmp_path):
    original = app.extensions["storage"]
    app.extensions["storage"] = LocalStorage(tmp_path / "uploads")
    yield app.extensions["storage"]
    app.extensions["storage"] = original


@pytest.fixture
def sign_in(client):
    """Sign an existing user in through the test client."""

    def _sign_in(user):
        with client.session_transaction() as session:
            session["_user_id"] = str(user.id)
            session["_fresh"] = True
        return user

    return _sign_in
