"""Commitments, their activities, progress updates and "you said, we did" links.

Plain arguments in, models out; flushes, never commits; every write is audited. Changing a
commitment or activity of a public promise adds a public version (:mod:`portal.loften.history`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from portal.areas.models import Area
from portal.auth import audit
from portal.extensions import db
from portal.loften import history, vocab
from portal.loften.models import Activity, Commitment, Link, Promise, Update, promise_area
from portal.loften.services import LoftenError, covering_ids
from portal.privacy.photos import process_photo
from portal.storage import Storage, new_key
from portal.timeutil import utcnow

log = logging.getLogger(__name__)

# --- commitments and activities -----------------------------------------------------------------


@dataclass
class CommitmentInput:
    title: str
    description: str
    party: str
    organisation: str | None
    target_value: float | None
    target_unit: str | None
    due_on: date | None
    focus_id: int | None


def _apply(commitment: Commitment, data: CommitmentInput, promise: Promise) -> None:
    if data.party not in vocab.PARTIES:
        raise LoftenError("bad_party")
    organisation = (data.organisation or "").strip() or None
    if data.party == vocab.PARTNER and not organisation:
        raise LoftenError("partner_without_name")
    if data.target_value is not None and data.target_value <= 0:
        raise LoftenError("bad_target")
    focus_ids = {f.id for f in promise.focus_areas}
    commitment.title = data.title.strip()
    commitment.description = data.description.strip()
    commitment.party = data.party
    commitment.organisation = organisation if data.party == vocab.PARTNER else None
    commitment.target_value = data.target_value
    commitment.target_unit = (data.target_unit or "").strip() or None
    commitment.due_on = data.due_on
    commitment.focus_id = data.focus_id if data.focus_id in focus_ids else None


def add_commitment(actor, promise: Promise, data: CommitmentInput) -> Commitment:
    before = history.capture(promise)
    commitment = Commitment(
        position=max((c.position for c in promise.commitments), default=-1) + 1,
        status=vocab.EJ_PABORJAD,
    )
    _apply(commitment, data, promise)
    promise.commitments.append(commitment)
    db.session.flush()
    audit.record(
        actor,
        "loften.commitment_add",
        commitment,
        area=promise.area,
        detail={"title": commitment.title},
    )
    history.record(promise, before, actor)
    return commitment


def update_commitment(actor, commitment: Commitment, data: CommitmentInput):
    promise = commitment.promise
    before = history.capture(promise)
    _apply(commitment, data, promise)
    db.session.flush()
    audit.record(actor, "loften.commitment_update", commitment, area=promise.area)
    return history.record(promise, before, actor)


def remove_commitment(actor, commitment: Commitment) -> None:
    """Only in a draft: a public commitment is set inställd (with a reason) instead."""
    promise = commitment.promise
    if promise.state != vocab.UTKAST:
        raise LoftenError("not_draft")
    audit.record(
        actor,
        "loften.commitment_remove",
        commitment,
        area=promise.area,
        detail={"title": commitment.title},
    )
    promise.commitments.remove(commitment)
    db.session.flush()


def add_activity(
    actor, commitment: Commitment, title: str, description: str, due_on: date | None
) -> Activity:
    promise = commitment.promise
    before = history.capture(promise)
    activity = Activity(
        title=title.strip(),
        description=description.strip(),
        due_on=due_on,
        position=max((a.position for a in commitment.activities), default=-1) + 1,
    )
    commitment.activities.append(activity)
    db.session.flush()
    audit.record(
        actor,
        "loften.activity_add",
        commitment,
        area=promise.area,
        detail={"title": activity.title},
    )
    history.record(promise, before, actor)
    return activity


def update_activity(actor, activity: Activity, title: str, description: str, due_on: date | None):
    promise = activity.commitment.promise
    before = history.capture(promise)
    activity.title, activity.description, activity.due_on = (
        title.strip(),
        description.strip(),
        due_on,
    )
    db.session.flush()
    audit.record(actor, "loften.activity_update", activity, area=promise.area)
    return history.record(promise, before, actor)


def remove_activity(actor, activity: Activity) -> None:
    commitment = activity.commitment
    promise = commitment.promise
    before = history.capture(promise)
    audit.record(
        actor,
        "loften.activity_remove",
        activity,
        area=promise.area,
        detail={"title": activity.title},
    )
    commitment.activities.remove(activity)
    db.session.flush()
    history.record(promise, before, actor)


# --- progress updates ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredPhoto:
    photo_key: str
    thumb_key: str


def store_photo(storage: Storage, data: bytes, *, max_bytes: int, max_pixels: int) -> StoredPhoto:
    """Re-encode (no metadata) and store a photo; raises ``PhotoRejected`` or
    ``StorageUnavailable`` (full disk, read-only folder), storing nothing."""
    processed = process_photo(data, max_bytes=max_bytes, max_pixels=max_pixels)
    photo_key = new_key("loften", processed.extension)
    thumb_key = photo_key.rsplit(".", 1)[0] + "-thumb." + processed.extension
    storage.save(photo_key, processed.image, processed.content_type)
    try:
        storage.save(thumb_key, processed.thumbnail, processed.content_type)
    except BaseException:
        discard_photo(storage, StoredPhoto(photo_key, thumb_key))
        raise
    return StoredPhoto(photo_key, thumb_key)


def discard_photo(storage: Storage, photo: StoredPhoto | None) -> None:
    """Remove stored files nothing refers to (best effort: never hides the error being handled)."""
    if photo is None:
        return
    for key in (photo.photo_key, photo.thumb_key):
        try:
            storage.delete(key)
        except OSError:
            log.exception("could not remove the unused photo file %s", key)


@dataclass
class UpdateInput:
    happened_on: date
    text: str
    status: str
    reason: str | None
    progress_value: float | None
    activity_id: int | None = None
    photo: StoredPhoto | None = None
    photo_alt: str | None = None


def _refresh_current(commitment: Commitment) -> None:
    """The commitment's status and progress are those of its newest update (by date, then id)."""
    db.session.flush()
    newest = db.session.scalar(
        db.select(Update)
        .where(Update.commitment_id == commitment.id)
        .order_by(Update.happened_on.desc(), Update.id.desc())
        .limit(1)
    )
    if newest is None:
        commitment.status, commitment.status_reason, commitment.progress_value = (
            vocab.EJ_PABORJAD,
            None,
            None,
        )
        return
    commitment.status = newest.status
    commitment.status_reason = newest.reason
    if newest.progress_value is not None:
        commitment.progress_value = newest.progress_value


def post_update(actor, commitment: Commitment, data: UpdateInput, organisation: str) -> Update:
    """A progress update; the promise must be published (not a draft, not closed)."""
    promise = commitment.promise
    if promise.state != vocab.PUBLICERAT:
        raise LoftenError("not_published")
    if data.status not in vocab.STATUSES:
        raise LoftenError("bad_status")
    reason = (data.reason or "").strip() or None
    if data.status in vocab.NEEDS_REASON and not reason:
        raise LoftenError("reason_required")
    if data.progress_value is not None and data.progress_value < 0:
        raise LoftenError("bad_progress")
    if not data.text.strip():
        raise LoftenError("no_text")
    if data.photo is not None and not (data.photo_alt or "").strip():
        raise LoftenError("photo_alt")
    activity_ids = {a.id for a in commitment.activities}
    update = Update(
        happened_on=data.happened_on,
        text=data.text.strip(),
        status=data.status,
        reason=reason if data.status in vocab.NEEDS_REASON else None,
        progress_value=data.progress_value,
        activity_id=data.activity_id if data.activity_id in activity_ids else None,
        photo_key=data.photo.photo_key if data.photo else None,
        thumb_key=data.photo.thumb_key if data.photo else None,
        photo_alt=((data.photo_alt or "").strip() or None) if data.photo else None,
        organisation=organisation,
        author_id=getattr(actor, "id", None),
    )
    commitment.updates.append(update)
    _refresh_current(commitment)
    commitment.last_update_at = utcnow()
    db.session.flush()
    audit.record(
        actor,
        "loften.update_post",
        update,
        area=promise.area,
        detail={
            "commitment": commitment.id,
            "status": update.status,
            "progress": update.progress_value,
            "photo": update.photo_key is not None,
        },
    )
    return update


def timeline(promise: Promise) -> list[Update]:
    """Every update of the promise, newest first."""
    return list(
        db.session.scalars(
            db.select(Update)
            .join(Commitment, Update.commitment_id == Commitment.id)
            .where(Commitment.promise_id == promise.id)
            .order_by(Update.happened_on.desc(), Update.id.desc())
        )
    )


def feed_updates(
    *, area: Area | None = None, promise: Promise | None = None, limit: int = 50
) -> list[Update]:
    """Updates of public promises, newest first (for ``area``: promises that concern it)."""
    query = (
        db.select(Update)
        .join(Commitment, Update.commitment_id == Commitment.id)
        .join(Promise, Commitment.promise_id == Promise.id)
        .where(Promise.state.in_(vocab.PUBLIC_STATES))
    )
    if promise is not None:
        query = query.where(Promise.id == promise.id)
    if area is not None:
        applies = db.select(promise_area.c.promise_id).where(
            promise_area.c.area_id.in_(covering_ids(area))
        )
        query = query.where(Promise.id.in_(applies))
    query = query.order_by(Update.created_at.desc(), Update.id.desc()).limit(limit)
    return list(db.session.scalars(query))


# --- "you said, we did" -------------------------------------------------------------------------


def add_link(
    actor,
    commitment: Commitment,
    target_type: str,
    target_id: int,
    label: str,
    activity_id: int | None = None,
) -> Link:
    if target_type not in vocab.LINK_TYPES:
        raise LoftenError("bad_target_type")
    if any(
        link.target_type == target_type and link.target_id == target_id for link in commitment.links
    ):
        raise LoftenError("duplicate")
    activity_ids = {a.id for a in commitment.activities}
    link = Link(
        target_type=target_type,
        target_id=target_id,
        label=label[:300],
        activity_id=activity_id if activity_id in activity_ids else None,
        created_by_id=getattr(actor, "id", None),
    )
    commitment.links.append(link)
    db.session.flush()
    audit.record(
        actor,
        "loften.link_add",
        commitment,
        area=commitment.promise.area,
        detail={"type": target_type, "id": target_id, "activity": link.activity_id},
    )
    return link


def remove_link(actor, link: Link) -> None:
    commitment = link.commitment
    audit.record(
        actor,
        "loften.link_remove",
        commitment,
        area=commitment.promise.area,
        detail={"type": link.target_type, "id": link.target_id},
    )
    commitment.links.remove(link)
    db.session.flush()


def public_links(place_ids: list[int], walk_point_ids: list[int]) -> list[Link]:
    """Links of public promises to any of these places or walk points."""
    conditions = []
    if place_ids:
        conditions.append((Link.target_type == vocab.PLACE) & Link.target_id.in_(place_ids))
    if walk_point_ids:
        conditions.append(
            (Link.target_type == vocab.WALK_POINT) & Link.target_id.in_(walk_point_ids)
        )
    if not conditions:
        return []
    query = (
        db.select(Link)
        .join(Commitment, Link.commitment_id == Commitment.id)
        .join(Promise, Commitment.promise_id == Promise.id)
        .where(Promise.state.in_(vocab.PUBLIC_STATES), db.or_(*conditions))
        .order_by(Promise.id, Commitment.position, Link.id)
    )
    return list(db.session.scalars(query))
