"""Fixtures for the places tests: categories, an isolated photo storage, report helpers."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.map import categories as category_services
from portal.map import reports, vocab
from portal.storage import LocalStorage
from tests import factories

# Points (lon, lat) in the ``area`` fixture: Norr is lat 60.68–60.75, Söder 60.6–60.68.
NORR = (17.15, 60.70)
SODER = (17.15, 60.65)
OUTSIDE = (14.0, 57.0)


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
def handler(area):
    """A samordnare on the test kommun."""
    user = factories.make_user(samordnare=area)
    db.session.commit()
    return user


def report(category, point=NORR, **overrides):
    """Store a resident report at ``point`` (lon, lat) and return the observation."""
    values = {
        "category": category,
        "description": "Mörkt och otäckt vid gångvägen.",
        "time_of_day": vocab.KVALL,
        "day_kind": vocab.VARDAG,
    }
    if point is not None:
        values["lon"], values["lat"] = point
    values.update(overrides)
    observation = reports.create_report(**values)
    db.session.commit()
    return observation


def published(category, handler, point=NORR, **overrides):
    """A reviewed, published place (returns the place)."""
    from portal.map import handling

    observation = report(category, point, **overrides)
    handling.review_observation(handler, observation, observation.description)
    handling.set_published(handler, observation.place, True)
    db.session.commit()
    return observation.place


def form_data(category, point=NORR, **overrides) -> dict:
    """POST data for the report form."""
    data = {
        "category": str(category.id),
        "description": "Trasig lampa vid cykelbanan, mörkt hela kvällen.",
        "time_of_day": "kvall",
        "day_kind": "vardag",
    }
    if point is not None:
        data["lon"], data["lat"] = str(point[0]), str(point[1])
    data.update(overrides)
    return data
