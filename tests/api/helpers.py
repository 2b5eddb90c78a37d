"""Test data for the API: places in every state, and the objects the access matrix needs."""

from __future__ import annotations

from datetime import date

from portal.api import keys
from portal.extensions import db
from portal.map import categories, handling, reports, vocab

NORR = (17.15, 60.70)  # in the ``area`` fixture's Norr
SODER = (17.15, 60.65)

#: Personal data a resident might write; none of it may ever leave through the API.
SECRET_PHONE = "070-123 45 67"
SECRET_EMAIL = "kalle.karlsson@example.se"
SECRET_PNR = "850101-1234"
SECRET_PLATE = "ABC 123"
SECRETS = (SECRET_PHONE, SECRET_EMAIL, SECRET_PNR, SECRET_PLATE, "1234567", "kalle.karlsson")


def report(slug: str = "belysning", point=NORR, description: str = "Mörkt vid gångvägen."):
    categories.ensure_defaults()
    return reports.create_report(
        category=categories.by_slug(slug),
        description=description,
        time_of_day=vocab.KVALL,
        day_kind=vocab.VARDAG,
        lon=point[0],
        lat=point[1],
        location_text=f"Ring mig på {SECRET_PHONE}",
    )


def publish(actor, observation, public_text: str | None = None):
    handling.review_observation(actor, observation, public_text or observation.description)
    handling.set_published(actor, observation.place, True)
    db.session.flush()
    return observation.place


def published(actor, slug: str = "belysning", point=NORR, description: str = "Mörkt här."):
    return publish(actor, report(slug, point, description))


def closed(actor, point=SODER):
    """A published place handled to "ingen åtgärd" with a public reason and a note."""
    place = published(actor, "klotter", point, "Klotter på muren.")
    handling.set_handling(
        actor, place, responsible="Tekniska förvaltningen", deadline=date(2026, 6, 1)
    )
    handling.change_status(
        actor,
        place,
        vocab.INGEN_ATGARD,
        note="Muren ägs av Trafikverket.",
        reason="Inte kommunens mark.",
    )
    db.session.flush()
    return place


def matrix_objects(area, other) -> dict:
    """An API key for tests/test_access_matrix.py (keys are installation-wide)."""
    made = keys.create_key("test", "Matrisnyckel")
    db.session.commit()
    return {"api_key": made.key}
