"""Staff handling of places: moderation, photos, status, responsibility, position, merge, split.

Every function takes the acting staff user first and writes an audit entry. Plain arguments in,
models out; flushes, never commits.
"""

from __future__ import annotations

import math
from datetime import date

from portal.areas.lookup import area_for_point
from portal.auth import audit
from portal.extensions import db
from portal.map import vocab
from portal.map.models import Category, Observation, Place, PlaceUpdate
from portal.map.reports import refresh_stats
from portal.privacy.masking import mask_personal_data
from portal.storage import Storage
from portal.timeutil import utcnow


class HandlingError(ValueError):
    """The change is not allowed; ``code`` says why (the view turns it into a message)."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


def _masked(text: str | None) -> tuple[str | None, list[str]]:
    """Masked text (None for blank) and the kinds of personal data found."""
    text = (text or "").strip()
    if not text:
        return None, []
    result = mask_personal_data(text)
    return result.text, result.found


def _record(actor, action: str, place: Place, **detail) -> None:
    audit.record(actor, action, place, area=place.area, detail=detail or None)


def review_observation(actor, observation: Observation, public_text: str | None) -> list[str]:
    """Mark a report as reviewed with its public (masked) text; returns the masked kinds.

    A report that reads as an emergency or a crime tip never gets public text.
    """
    text, found = _masked(public_text)
    if observation.flagged_emergency:
        text, found = None, []
    observation.public_text = text
    observation.review_state = vocab.REVIEW_DONE
    observation.reviewed_at = utcnow()
    observation.reviewed_by_id = actor.id
    db.session.flush()
    _record(
        actor,
        "place.review",
        observation.place,
        observation=observation.id,
        public_text=bool(text),
        masked=found,
    )
    return found


def set_photo_state(
    actor, observation: Observation, approved: bool, storage: Storage | None = None
) -> None:
    """Approve a photo, or refuse it (the files are then deleted from ``storage``)."""
    if observation.photo_key is None:
        raise HandlingError("no_photo")
    if approved:
        observation.photo_state = vocab.PHOTO_APPROVED
    else:
        if storage is not None:
            storage.delete(observation.photo_key)
            if observation.thumb_key:
                storage.delete(observation.thumb_key)
        observation.photo_key = observation.thumb_key = None
        observation.photo_state = vocab.PHOTO_REJECTED
    db.session.flush()
    _record(
        actor,
        "place.photo_approve" if approved else "place.photo_reject",
        observation.place,
        observation=observation.id,
    )


def edit_place(
    actor, place: Place, *, public_description: str | None, category: Category
) -> list[str]:
    """Set the public description (masked) and the category; returns the masked kinds."""
    text, found = _masked(public_description)
    changes = {}
    if text != place.public_description:
        place.public_description = text
        changes["public_description"] = True
    if category.id != place.category_id:
        changes["category"] = [place.category.slug, category.slug]
        place.category = category
    if not text and place.published:
        place.published = False
        changes["unpublished"] = "no public description"
    db.session.flush()
    if changes:
        _record(actor, "place.edit", place, masked=found, **changes)
    return found


def change_status(
    actor, place: Place, new_status: str, *, note: str | None = None, reason: str | None = None
) -> PlaceUpdate:
    """Move the place along the workflow, with an optional public note.

    "ingen åtgärd" needs a public ``reason``; "avvisad" unpublishes the place.
    """
    if new_status not in vocab.STATUSES:
        raise HandlingError("bad_status")
    if new_status != place.status and new_status not in vocab.TRANSITIONS[place.status]:
        raise HandlingError("transition")
    reason_text, _found = _masked(reason)
    if new_status in vocab.NEEDS_REASON and not reason_text:
        raise HandlingError("reason_required")
    note_text, _found = _masked(note)
    if new_status == place.status and not note_text and reason_text == place.status_reason:
        raise HandlingError("nothing")
    old = place.status
    update = PlaceUpdate(
        place=place,
        author_id=actor.id,
        status_from=old if new_status != old else None,
        status_to=new_status if new_status != old else None,
        note=note_text,
    )
    db.session.add(update)
    if new_status != old:
        place.status = new_status
        place.status_changed_at = utcnow()
    place.status_reason = reason_text if new_status in vocab.NEEDS_REASON else None
    if new_status == vocab.AVVISAD:
        place.published = False
    db.session.flush()
    _record(actor, "place.status", place, status=[old, new_status], note=bool(note_text))
    return update


def add_note(actor, place: Place, note: str) -> PlaceUpdate:
    """A public note without a status change."""
    note_text, _found = _masked(note)
    if not note_text:
        raise HandlingError("empty_note")
    update = PlaceUpdate(place=place, author_id=actor.id, note=note_text)
    db.session.add(update)
    db.session.flush()
    _record(actor, "place.note", place)
    return update


def set_handling(actor, place: Place, *, responsible: str | None, deadline: date | None) -> None:
    """Responsible organisation and deadline (both public on the place page)."""
    responsible = (responsible or "").strip() or None
    changes = {}
    if responsible != place.responsible:
        changes["responsible"] = responsible
        place.responsible = responsible
    if deadline != place.deadline:
        changes["deadline"] = deadline.isoformat() if deadline else None
        place.deadline = deadline
    db.session.flush()
    if changes:
        _record(actor, "place.handling", place, **changes)


def set_published(actor, place: Place, published: bool) -> None:
    """Publish or unpublish. Publishing needs a public description, a position, a status
    other than "avvisad", and the place must not have been merged away."""
    if published:
        if place.merged_into_id is not None:
            raise HandlingError("merged")
        if place.status not in vocab.PUBLIC_STATUSES:
            raise HandlingError("rejected")
        if not place.public_description:
            raise HandlingError("no_description")
        if place.needs_positioning:
            raise HandlingError("needs_positioning")
    if place.published == published:
        return
    place.published = published
    if published and place.published_at is None:
        place.published_at = utcnow()
    db.session.flush()
    _record(actor, "place.publish" if published else "place.unpublish", place)


def position(actor, place: Place, lon: float, lat: float, *, may_use_area=None) -> None:
    """Move the place to (lon, lat); its area follows the point.

    ``may_use_area(area) -> bool`` lets the caller refuse areas the actor does not handle.
    Reports that were placed at the area (not positioned by their reporter) move along.
    """
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise HandlingError("outside")
    area = area_for_point(lon, lat)
    if area is None:
        raise HandlingError("outside")
    if may_use_area is not None and not may_use_area(area):
        raise HandlingError("area_not_allowed")
    old = [place.lon, place.lat]
    place.lon, place.lat, place.area = lon, lat, area
    place.needs_positioning = False
    for observation in place.observations:
        if not observation.positioned:
            observation.lon, observation.lat = lon, lat
            observation.positioned = True
    db.session.flush()
    _record(actor, "place.position", place, old=old, new=[lon, lat], area=area.slug)


def merge(actor, source: Place, target: Place) -> Place:
    """Move every report and update of ``source`` to ``target``; ``source`` points to it.

    The source is unpublished and keeps ``merged_into`` so its old address leads on.
    """
    if source.id == target.id:
        raise HandlingError("same_place")
    if target.merged_into_id is not None or source.merged_into_id is not None:
        raise HandlingError("merged")
    moved = 0
    for observation in list(source.observations):
        observation.place = target
        moved += 1
    for update in list(source.updates):
        update.place = target
    target.agree_count += source.agree_count
    source.agree_count = 0
    source.merged_into = target
    source.published = False
    db.session.flush()
    db.session.expire(source, ["observations", "updates"])
    db.session.expire(target, ["observations", "updates"])
    refresh_stats(source)
    refresh_stats(target)
    db.session.flush()
    _record(actor, "place.merge", target, source=source.id, observations=moved)
    audit.record(actor, "place.merged_away", source, area=source.area, detail={"into": target.id})
    return target


def split(actor, observation: Observation) -> Place:
    """Move one report to a new, unpublished place at the report's own point."""
    old = observation.place
    if old.observation_count <= 1 or len(old.observations) <= 1:
        raise HandlingError("last_observation")
    place = Place(
        area=old.area,
        category=old.category,
        lon=observation.lon,
        lat=observation.lat,
        status=vocab.NY,
        needs_positioning=not observation.positioned,
        public_description=None
        if observation.flagged_emergency
        else mask_personal_data(observation.description).text,
    )
    if observation.positioned:
        found = area_for_point(observation.lon, observation.lat)
        if found is not None:
            place.area = found
    db.session.add(place)
    observation.place = place
    db.session.flush()
    db.session.expire(old, ["observations"])
    refresh_stats(old)
    refresh_stats(place)
    db.session.flush()
    _record(actor, "place.split", old, observation=observation.id, new_place=place.id)
    audit.record(actor, "place.split_new", place, area=place.area, detail={"from": old.id})
    return place


__all__ = [
    "HandlingError",
    "add_note",
    "change_status",
    "edit_place",
    "merge",
    "position",
    "review_observation",
    "set_handling",
    "set_photo_state",
    "set_published",
    "split",
]
