"""Fixtures for the walks tests: categories, a walk in the test kommun, participants, pins."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.areas.models import Area
from portal.extensions import db
from portal.map import categories as category_services
from portal.storage import LocalStorage
from portal.timeutil import utcnow
from portal.walks import services, vocab
from tests import factories

# Points (lon, lat) in the ``area`` fixture: Norr is lat 60.68–60.75, Söder 60.6–60.68.
NORR = (17.15, 60.70)
SODER = (17.15, 60.65)
OUTSIDE = (14.0, 57.0)
ROUTE = {"type": "LineString", "coordinates": [[17.10, 60.66], [17.14, 60.67], [17.18, 60.69]]}


@pytest.fixture
def storage(app, tmp_path):
    """Uploaded photos go to a temporary folder for this test."""
    original = app.extensions["storage"]
    app.extensions["storage"] = LocalStorage(tmp_path / "uploads")
    yield app.extensions["storage"]
    app.extensions["storage"] = original


@pytest.fixture
def cats(app):
    """The default categories, by slug."""
    category_services.ensure_defaults()
    db.session.commit()
    return {c.slug: c for c in category_services.all_categories()}


@pytest.fixture
def leader(area):
    """A vandringsledare on the test kommun."""
    user = factories.make_user(vandringsledare=area)
    db.session.commit()
    return user


@pytest.fixture
def coordinator(area):
    user = factories.make_user(samordnare=area)
    db.session.commit()
    return user


def make_walk(actor, area, *, starts_in=timedelta(minutes=-30), hours=2, **overrides):
    """A walk that started ``starts_in`` from now (default: half an hour ago, so pinning is open)."""
    start = utcnow() + starts_in
    values = {
        "area": area,
        "title": "Kvällsvandring",
        "starts_at": start,
        "ends_at": start + timedelta(hours=hours),
        "light": vocab.MORKER,
        "meeting_point": "Vid biblioteket",
        "pin_opens_at": start - timedelta(minutes=15),
        "pin_closes_at": start + timedelta(hours=hours + 1),
        "max_participants": 20,
        "route": ROUTE,
    }
    values.update(overrides)
    walk = services.create_walk(actor, **values)
    db.session.commit()
    return walk


@pytest.fixture
def walk(leader, area, cats):
    """A walk in progress in the test kommun (pinning is open)."""
    return make_walk(leader, area)


def join(walk, name=None, now=None):
    """A participant (joined at ``now``, default: the walk's start)."""
    participant, token = services.join(walk, display_name=name, now=now or walk.starts)
    db.session.commit()
    return participant, token


def part(area, name: str):
    """The child area called ``name`` ("Norr" or "Söder")."""
    return db.session.scalar(db.select(Area).where(Area.parent_id == area.id, Area.name == name))


def participant_cookie(client, walk, token) -> None:
    """Give the test client the cookie a participant gets when joining."""
    from portal.walks.participate import COOKIE_PREFIX, _serializer

    with client.application.test_request_context():
        value = _serializer().dumps({"w": walk.id, "t": token})
    client.set_cookie(f"{COOKIE_PREFIX}{walk.id}", value, path="/vandring")
