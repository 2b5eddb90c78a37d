"""Test data for promises: a fastställd lägesbild, places, surveys, and promises built through
the services (the same paths staff use)."""

from __future__ import annotations

from datetime import date, timedelta

from portal.extensions import db
from portal.lagesbild import analysis, periods, snapshots
from portal.lagesbild import vocab as lagesbild_vocab
from portal.loften import commitments, services, vocab
from portal.loften.commitments import CommitmentInput, UpdateInput
from portal.map import categories, handling, reports
from portal.map import vocab as place_vocab
from tests import factories

POINT = (17.15, 60.70)  # in the ``area`` fixture's Norr


def published_place(actor, point=POINT, slug: str = "belysning"):
    """A reviewed, published place with one resident report; returns (place, observation)."""
    categories.ensure_defaults()
    observation = reports.create_report(
        category=categories.by_slug(slug),
        description="Trasig lampa vid gångvägen.",
        time_of_day=place_vocab.KVALL,
        day_kind=place_vocab.VARDAG,
        lon=point[0],
        lat=point[1],
    )
    handling.review_observation(actor, observation, observation.description)
    handling.set_published(actor, observation.place, True)
    db.session.flush()
    return observation.place, observation


def snapshot(
    area,
    actor,
    *,
    place_ids=(),
    focus: str = "Mörka gångvägar",
    summary: str = "Invånarna vill ha bättre belysning.",
):
    """A fastställd lägesbild for ``area`` with one prioritised problem resting on ``place_ids``."""
    period = periods.parse("2025-k1")
    draft = analysis.get_or_create(area, period, actor)
    analysis.save_texts(
        draft,
        actor,
        draft.revision,
        analysis.Texts(
            problem_description="Mörkt.", causes="Gamla lampor.", public_summary=summary
        ),
    )
    evidence = [(lagesbild_vocab.EV_PLACE, str(i), f"Plats {i}") for i in place_ids]
    analysis.add_problem(draft, actor, analysis.ProblemInput(focus, "", True, evidence))
    fixed = snapshots.fix(draft, actor)
    db.session.flush()
    return fixed


def commitment_input(**overrides) -> CommitmentInput:
    values = {
        "title": "Patrullera vid minst 200 tillfällen",
        "description": "Kvällar och helger.",
        "party": vocab.POLISEN,
        "organisation": None,
        "target_value": 200.0,
        "target_unit": "patrulleringar",
        "due_on": date(2026, 12, 31),
        "focus_id": None,
    }
    values.update(overrides)
    return CommitmentInput(**values)


def draft_promise(area, actor, *, title: str = "Medborgarlöfte Testkommun", commitments_=()):
    promise = services.create(actor, area, title, date(2026, 1, 1), date(2026, 12, 31))
    for data in commitments_:
        commitments.add_commitment(actor, promise, data)
    db.session.flush()
    return promise


def published_promise(area, actor, *, commitments_=None, signed_on=date(2025, 12, 15)):
    """A published promise with a police and a partner commitment (unless others are given)."""
    given = (
        commitments_
        if commitments_ is not None
        else (
            commitment_input(),
            commitment_input(
                title="Sanera klotter inom 24 timmar",
                party=vocab.PARTNER,
                organisation="Testbostäder AB",
                target_value=None,
                target_unit=None,
            ),
        )
    )
    promise = draft_promise(area, actor, commitments_=given)
    services.add_signatory(
        actor, promise, "Anna Andersson", "Kommunstyrelsens ordförande", "Testkommun"
    )
    promise.signed_on = signed_on
    services.transition(actor, promise, "publicera", date(2026, 1, 1))
    db.session.flush()
    return promise


def update(
    actor,
    commitment,
    *,
    status=vocab.PAGAR,
    value=None,
    text="Det går framåt.",
    reason=None,
    on=None,
):
    return commitments.post_update(
        actor,
        commitment,
        UpdateInput(
            happened_on=on or date(2026, 2, 1),
            text=text,
            status=status,
            reason=reason,
            progress_value=value,
        ),
        getattr(actor, "organisation", None) or "Testkommun",
    )


def partner(area, organisation: str = "Testbostäder AB"):
    user = factories.make_user(partner=area)
    user.organisation = organisation
    db.session.flush()
    return user


def matrix_objects(area, other) -> dict:
    """Objects for tests/test_access_matrix.py: a published promise in ``area`` with a kommun
    commitment, an activity, a focus area, a signatory, a place source and a link. (The
    fastställd lägesbild the matrix needs is the lägesbild helpers' ``snapshot``: fixing one
    costs a second, and the matrix builds its objects for every one of its cases.)"""
    actor = "test"  # no account: hashing a password would cost most of a second per case
    categories.ensure_defaults()
    place = reports.create_report(
        category=categories.by_slug("belysning"),
        description="Matristest",
        time_of_day=place_vocab.KVALL,
        day_kind=place_vocab.VARDAG,
        lon=POINT[0],
        lat=POINT[1],
    ).place
    promise = published_promise(
        area, actor, commitments_=(commitment_input(party=vocab.KOMMUNEN, title="Byta 100 lampor"),)
    )
    commitment = promise.commitments[0]
    activity = commitments.add_activity(actor, commitment, "Inventera", "", None)
    focus = services.add_focus(actor, promise, "Belysning", "")
    source = services.add_source(actor, promise, vocab.SOURCE_PLACE, place.id, "Belysning")
    link = commitments.add_link(actor, commitment, vocab.PLACE, place.id, "Belysning")
    db.session.commit()
    return {
        "loften_promise": promise,
        "loften_commitment": commitment,
        "loften_activity": activity,
        "loften_focus": focus,
        "loften_signatory": promise.signatories[0],
        "loften_source": source,
        "loften_link": link,
    }


def days(n: int) -> timedelta:
    return timedelta(days=n)
