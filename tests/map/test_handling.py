"""Staff handling: review and masking, photos, status workflow, publication, position, merge, split."""

from __future__ import annotations

from datetime import date

import pytest

from portal.auth.models import AuditEntry
from portal.extensions import db
from portal.map import handling, reports, vocab
from portal.map.models import Place
from tests.map.conftest import NORR, OUTSIDE, SODER, published, report


def actions() -> list[str]:
    return list(db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)))


def test_review_masks_the_public_text_and_is_audited(area, cats, handler):
    observation = report(cats["belysning"])
    found = handling.review_observation(handler, observation, "Ring 0701234567 om lampan.")
    assert observation.review_state == vocab.REVIEW_DONE
    assert "0701234567" not in observation.public_text
    assert found == ["telefon"]
    assert observation.reviewed_by_id == handler.id
    assert actions()[-1] == "place.review"


def test_flagged_report_never_gets_public_text(area, cats, handler):
    observation = report(cats["narkotikahandel"], description="Han heter Kalle och säljer knark.")
    handling.review_observation(handler, observation, "Försäljning av narkotika vid tunneln")
    assert observation.public_text is None


def test_status_workflow(area, cats, handler):
    place = report(cats["belysning"]).place
    with pytest.raises(handling.HandlingError) as error:
        handling.change_status(handler, place, "okänd")
    assert error.value.code == "bad_status"
    handling.change_status(handler, place, vocab.BEDOMD, note="Vi tittar på det.")
    handling.change_status(handler, place, vocab.PLANERAD)
    with pytest.raises(handling.HandlingError) as error:
        handling.change_status(handler, place, vocab.AVVISAD)  # not from "planerad"
    assert error.value.code == "transition"
    handling.change_status(handler, place, vocab.ATGARDAD, note="Lampan är bytt.")
    assert place.status == vocab.ATGARDAD
    assert [(u.status_from, u.status_to) for u in place.updates] == [
        ("ny", "bedomd"),
        ("bedomd", "planerad"),
        ("planerad", "atgardad"),
    ]
    assert place.updates[-1].note == "Lampan är bytt."
    assert actions().count("place.status") == 3


def test_no_action_needs_a_public_reason(area, cats, handler):
    place = report(cats["belysning"]).place
    with pytest.raises(handling.HandlingError) as error:
        handling.change_status(handler, place, vocab.INGEN_ATGARD)
    assert error.value.code == "reason_required"
    handling.change_status(handler, place, vocab.INGEN_ATGARD, reason="Trafikverkets mark.")
    assert place.status_reason == "Trafikverkets mark."


def test_a_note_without_status_change_and_nothing_at_all(area, cats, handler):
    place = report(cats["belysning"]).place
    update = handling.change_status(handler, place, vocab.NY, note="Mejla 0701234567")
    assert update.status_to is None and "0701234567" not in update.note
    with pytest.raises(handling.HandlingError):
        handling.change_status(handler, place, vocab.NY)
    assert handling.add_note(handler, place, "Tack!").note == "Tack!"
    with pytest.raises(handling.HandlingError):
        handling.add_note(handler, place, "   ")


def test_publish_needs_description_position_and_not_rejected(area, cats, handler):
    place = report(cats["belysning"], description="x").place
    place.public_description = None
    with pytest.raises(handling.HandlingError) as error:
        handling.set_published(handler, place, True)
    assert error.value.code == "no_description"
    handling.edit_place(handler, place, public_description="Mörk gångväg", category=place.category)
    handling.set_published(handler, place, True)
    assert place.is_public and place.published_at is not None
    handling.change_status(handler, place, vocab.AVVISAD)
    assert not place.published and not place.is_public
    with pytest.raises(handling.HandlingError) as error:
        handling.set_published(handler, place, True)
    assert error.value.code == "rejected"


def test_a_place_reported_without_map_cannot_be_published_before_positioning(area, cats, handler):
    norr = next(a for a in area.children if a.name == "Norr")
    place = report(cats["klotter"], None, area=norr).place
    with pytest.raises(handling.HandlingError) as error:
        handling.set_published(handler, place, True)
    assert error.value.code == "needs_positioning"
    handling.position(handler, place, *SODER)
    assert not place.needs_positioning
    assert place.area.name == "Söder"
    assert (place.observations[0].lon, place.observations[0].lat) == SODER
    assert place.observations[0].positioned
    handling.set_published(handler, place, True)
    assert place.is_public


def test_position_outside_or_in_a_refused_area(area, cats, handler):
    place = report(cats["klotter"]).place
    with pytest.raises(handling.HandlingError) as error:
        handling.position(handler, place, *OUTSIDE)
    assert error.value.code == "outside"
    with pytest.raises(handling.HandlingError) as error:
        handling.position(handler, place, *SODER, may_use_area=lambda a: False)
    assert error.value.code == "area_not_allowed"
    with pytest.raises(handling.HandlingError):
        handling.position(handler, place, float("nan"), 60.0)


def test_edit_masks_and_changes_category(area, cats, handler):
    place = report(cats["klotter"]).place
    found = handling.edit_place(
        handler, place, public_description="Klotter vid Storgatan 12", category=cats["forfall"]
    )
    assert found == ["adress"] and "Storgatan 12" not in place.public_description
    assert place.category.slug == "forfall"


def test_responsible_and_deadline(area, cats, handler):
    place = report(cats["klotter"]).place
    handling.set_handling(handler, place, responsible=" Trafikverket ", deadline=date(2027, 5, 1))
    assert place.responsible == "Trafikverket" and place.deadline == date(2027, 5, 1)
    assert actions()[-1] == "place.handling"


def test_photo_approval_and_refusal(area, cats, handler, storage):
    stored = reports.StoredPhoto("photos/aa/a.webp", "photos/aa/a-thumb.webp")
    storage.save(stored.photo_key, b"x", "image/webp")
    storage.save(stored.thumb_key, b"y", "image/webp")
    observation = report(cats["klotter"], photo=stored)
    assert observation.photo_state == vocab.PHOTO_PENDING and not observation.photo_public
    handling.set_photo_state(handler, observation, False, storage)
    assert observation.photo_state == vocab.PHOTO_REJECTED and observation.photo_key is None
    assert not storage.exists(stored.photo_key) and not storage.exists(stored.thumb_key)
    with pytest.raises(handling.HandlingError):
        handling.set_photo_state(handler, observation, True, storage)


def test_merge_moves_reports_and_updates_and_keeps_a_pointer(area, cats, handler):
    target = published(cats["belysning"], handler, NORR)
    source = report(cats["belysning"], SODER).place
    handling.change_status(handler, source, vocab.BEDOMD, note="Sedd")
    source.agree_count = 3
    handling.merge(handler, source, target)
    db.session.commit()
    assert source.merged_into_id == target.id and not source.published
    assert target.observation_count == 2 and source.observation_count == 0
    assert [u.note for u in target.updates] == ["Sedd"]
    assert target.agree_count == 3
    with pytest.raises(handling.HandlingError):
        handling.merge(handler, target, target)
    with pytest.raises(handling.HandlingError):
        handling.merge(handler, source, target)
    assert {"place.merge", "place.merged_away"} <= set(actions())


def test_split_makes_a_new_unpublished_place_at_the_reports_point(area, cats, handler):
    place = published(cats["belysning"], handler, NORR)
    other = report(cats["belysning"], NORR, attach_to=place)
    other.lon, other.lat = SODER  # as if it had been reported a bit away
    new_place = handling.split(handler, other)
    assert new_place.id != place.id and not new_place.published
    assert (new_place.lon, new_place.lat) == SODER and new_place.area.name == "Söder"
    assert place.observation_count == 1 and new_place.observation_count == 1
    with pytest.raises(handling.HandlingError) as error:
        handling.split(handler, new_place.observations[0])
    assert error.value.code == "last_observation"
    assert db.session.scalar(db.select(db.func.count(Place.id))) == 2
