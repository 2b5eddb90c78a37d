"""Fixtures for the API tests: a staff handler, categories, and a small public world."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from portal.auth import services as auth_services
from portal.auth.models import User
from portal.extensions import db
from portal.map import categories as category_services
from portal.map.models import Place
from tests.api import helpers


@pytest.fixture
def handler(area):
    """A samordnare on the test kommun (no password: hashing one costs a quarter second)."""
    user = User(email="samordnare@api.test", name="Sara Handläggare-Hemlig", password_hash="!")
    db.session.add(user)
    db.session.flush()
    auth_services.grant_role(user, "samordnare", area)
    db.session.commit()
    return user


@pytest.fixture
def cats(app):
    category_services.ensure_defaults()
    db.session.commit()
    return {c.slug: c for c in category_services.all_categories()}


HIDDEN_TEXT = "OPUBLICERAD-PLATS"
REJECTED_TEXT = "AVVISAD-PLATS"


@dataclass
class World:
    open_place: Place  # published, open
    closed_place: Place  # published, "ingen åtgärd" with a reason and a note
    masked_place: Place  # published; its report had personal data in it
    hidden_place: Place  # reported, never published
    rejected_place: Place  # published once, then rejected


@pytest.fixture
def world(area, handler, cats) -> World:
    open_place = helpers.published(handler)
    closed_place = helpers.closed(handler)
    masked = helpers.report(
        "skadegorelse",
        (17.16, 60.71),
        f"Trasigt. Ring {helpers.SECRET_PHONE} eller {helpers.SECRET_EMAIL}, "
        f"pnr {helpers.SECRET_PNR}, bil {helpers.SECRET_PLATE}.",
    )
    masked_place = helpers.publish(handler, masked, masked.description)
    hidden = helpers.report("belysning", (17.17, 60.72), f"{HIDDEN_TEXT} {helpers.SECRET_EMAIL}")
    rejected = helpers.published(handler, "nedskrapning", (17.18, 60.66), REJECTED_TEXT)
    from portal.map import handling, vocab

    handling.change_status(handler, rejected, vocab.AVVISAD, note="Dubblett.")
    db.session.commit()
    return World(open_place, closed_place, masked_place, hidden.place, rejected)


@dataclass
class Rich:
    world: World
    survey: object  # results published
    hidden_survey: object  # results not published
    snapshot: object  # a fastställd lägesbild
    promise: object  # published, with updates and links
    draft: object  # a draft promise


@pytest.fixture
def rich(area, handler, world) -> Rich:
    """Everything public the API serves, and one unpublished thing of each kind."""
    from portal.loften import commitments as commitment_services
    from portal.loften import vocab as promise_vocab
    from portal.timeutil import utcnow
    from tests.dialog.helpers import make_survey, store
    from tests.loften import helpers as promise_helpers

    survey = make_survey(area)
    for answer in ["mycket_trygg"] * 6 + ["ganska_otrygg"] * 6:
        store(survey, {"trygghet": answer, "mer_att_beratta": helpers.SECRET_EMAIL})
    survey.results_published_at = utcnow()
    hidden_survey = make_survey(area)
    store(hidden_survey, {"trygghet": "ganska_trygg"})
    snapshot = promise_helpers.snapshot(
        area, handler, place_ids=[world.open_place.id, world.hidden_place.id]
    )
    promise = promise_helpers.published_promise(area, handler)
    commitment = promise.commitments[0]
    promise_helpers.update(handler, commitment, value=40, text="Fyrtio **patrulleringar**.")
    for place in (world.open_place, world.hidden_place):
        commitment_services.add_link(handler, commitment, promise_vocab.PLACE, place.id, "Plats")
    draft = promise_helpers.draft_promise(area, handler, title="Hemligt utkast")
    db.session.commit()
    return Rich(world, survey, hidden_survey, snapshot, promise, draft)
