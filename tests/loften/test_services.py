"""Promises through the services: from a lägesbild, publishing, updates, reviews, links."""

from datetime import date

import pytest

from portal.auth.models import AuditEntry
from portal.extensions import db
from portal.loften import commitments, services, vocab
from portal.loften.services import LoftenError
from tests.loften import helpers


def test_create_from_snapshot_takes_area_focus_and_places(app, area, coordinator):
    place, _obs = helpers.published_place(coordinator)
    fixed = helpers.snapshot(area, coordinator, place_ids=[place.id], focus="Mörka gångvägar")
    promise = services.create_from_snapshot(coordinator, fixed.id, "Löfte", date(2026, 3, 14))
    assert promise.state == vocab.UTKAST
    assert promise.area_id == area.id and [a.id for a in promise.all_areas] == [area.id]
    assert promise.snapshot_id == fixed.id
    assert [f.title for f in promise.focus_areas] == ["Mörka gångvägar"]
    assert services.source_ids(promise, vocab.SOURCE_PLACE) == [place.id]
    assert promise.period_start == date(2026, 4, 1) and promise.period_end == date(2027, 3, 31)
    actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert "loften.create_from_lagesbild" in actions


def test_create_from_missing_snapshot_is_refused(app, area, coordinator):
    with pytest.raises(LoftenError) as error:
        services.create_from_snapshot(coordinator, 987654, "Löfte", date(2026, 3, 1))
    assert error.value.code == "no_snapshot"


def test_publish_needs_commitments_signatories_and_a_signing_date(app, area, coordinator):
    promise = helpers.draft_promise(area, coordinator)
    with pytest.raises(LoftenError) as error:
        services.transition(coordinator, promise, "publicera", date(2026, 1, 1))
    assert set(error.value.detail["problems"]) == {
        "no_commitments",
        "no_signatories",
        "no_signing_date",
    }
    assert promise.state == vocab.UTKAST


def test_publish_sets_review_date_and_first_version(app, area, coordinator):
    promise = helpers.published_promise(area, coordinator)
    assert promise.state == vocab.PUBLICERAT
    assert promise.next_review_on == date(2026, 7, 1)  # six months
    assert [(v.number, v.kind) for v in promise.versions] == [(1, "publicerat")]


def test_life_cycle_order_and_follow_up_needs_a_result(app, area, coordinator):
    promise = helpers.published_promise(area, coordinator)
    with pytest.raises(LoftenError):
        services.transition(coordinator, promise, "folj-upp", date(2026, 6, 1))
    services.transition(coordinator, promise, "avsluta", date(2026, 12, 31))
    assert promise.state == vocab.AVSLUTAT and promise.next_review_on is None
    with pytest.raises(LoftenError) as error:
        services.transition(coordinator, promise, "folj-upp", date(2027, 1, 5))
    assert error.value.code == "no_followup_result"
    promise.followup_result = "Andelen otrygga minskade."
    services.transition(coordinator, promise, "folj-upp", date(2027, 1, 5))
    assert promise.state == vocab.UPPFOLJT


def test_review_moves_the_next_review_one_cycle(app, area, coordinator):
    promise = helpers.published_promise(area, coordinator)
    services.mark_reviewed(coordinator, promise, date(2026, 8, 31))
    assert promise.last_reviewed_on == date(2026, 8, 31)
    assert promise.next_review_on == date(2027, 2, 28)  # the 31st becomes the month's last day


def test_due_reviews_are_those_within_the_notice(app, area, coordinator):
    promise = helpers.published_promise(area, coordinator)
    assert services.due_reviews([area], date(2026, 6, 1), 14) == []
    assert services.due_reviews([area], date(2026, 6, 20), 14) == [promise]
    assert services.due_reviews([area], date(2026, 9, 1), 14) == [promise]  # overdue too


def test_updates_need_a_published_promise_and_a_reason_when_delayed(app, area, coordinator):
    draft = helpers.draft_promise(area, coordinator, commitments_=(helpers.commitment_input(),))
    with pytest.raises(LoftenError) as error:
        helpers.update(coordinator, draft.commitments[0])
    assert error.value.code == "not_published"
    promise = helpers.published_promise(area, coordinator)
    commitment = promise.commitments[0]
    for status in (vocab.FORSENAD, vocab.INSTALLD):
        with pytest.raises(LoftenError) as error:
            helpers.update(coordinator, commitment, status=status)
        assert error.value.code == "reason_required"
    helpers.update(coordinator, commitment, status=vocab.FORSENAD, reason="Vänta på leverans.")
    assert commitment.status == vocab.FORSENAD and commitment.status_reason == "Vänta på leverans."


def test_commitment_status_follows_the_newest_update_by_date(app, area, coordinator):
    promise = helpers.published_promise(area, coordinator)
    commitment = promise.commitments[0]
    helpers.update(coordinator, commitment, value=120, on=date(2026, 3, 1))
    helpers.update(coordinator, commitment, value=40, on=date(2026, 2, 1))  # a late, older report
    assert commitment.progress_value == 120
    helpers.update(coordinator, commitment, status=vocab.GENOMFORD, value=200, on=date(2026, 4, 1))
    assert commitment.status == vocab.GENOMFORD and commitment.progress_value == 200
    assert [u.happened_on.month for u in commitments.timeline(promise)] == [4, 3, 2]


def test_a_published_commitment_cannot_be_removed(app, area, coordinator):
    promise = helpers.published_promise(area, coordinator)
    with pytest.raises(LoftenError) as error:
        commitments.remove_commitment(coordinator, promise.commitments[0])
    assert error.value.code == "not_draft"


def test_links_are_unique_per_commitment(app, area, coordinator):
    place, _obs = helpers.published_place(coordinator)
    promise = helpers.published_promise(area, coordinator)
    commitments.add_link(coordinator, promise.commitments[0], vocab.PLACE, place.id, "Belysning")
    with pytest.raises(LoftenError):
        commitments.add_link(
            coordinator, promise.commitments[0], vocab.PLACE, place.id, "Belysning"
        )


def test_every_write_is_audited(app, area, coordinator):
    place, _obs = helpers.published_place(coordinator)
    promise = helpers.published_promise(area, coordinator)
    helpers.update(coordinator, promise.commitments[0], value=10)
    commitments.add_link(coordinator, promise.commitments[0], vocab.PLACE, place.id, "Belysning")
    services.mark_reviewed(coordinator, promise, date(2026, 5, 1))
    actions = set(
        db.session.scalars(
            db.select(AuditEntry.action).where(AuditEntry.action.startswith("loften."))
        )
    )
    assert {
        "loften.create",
        "loften.commitment_add",
        "loften.signatory_add",
        "loften.publicera",
        "loften.update_post",
        "loften.link_add",
        "loften.review",
    } <= actions
