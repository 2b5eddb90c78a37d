"""Walks: create and change them (staff), list them, find them by join code, join them.

Plain arguments in, models out; flushes, never commits. Every staff write is audited.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy.exc import IntegrityError

from portal.areas.models import Area
from portal.auth import audit
from portal.extensions import db
from portal.map import categories as category_services
from portal.map.models import Category
from portal.pagination import Page, paginate
from portal.privacy.masking import mask_personal_data
from portal.timeutil import utcnow
from portal.walks import vocab
from portal.walks.models import Walk, WalkParticipant
from portal.walks.timing import aware

#: Fields :func:`update_walk` may change.
EDITABLE = (
    "area",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "light",
    "meeting_point",
    "meeting_lon",
    "meeting_lat",
    "route",
    "route_text",
    "max_participants",
    "organisers",
    "pin_opens_at",
    "pin_closes_at",
    "previous_walk",
)


class WalkError(ValueError):
    """The walk cannot be stored or joined as asked; ``code`` says why."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


# --- join codes ---------------------------------------------------------------------------


def normalise_join_code(raw: str | None) -> str:
    """``van 479`` / ``van-479`` → ``VAN479`` (letters and digits only, upper case)."""
    return re.sub(r"[^A-Za-z0-9]", "", raw or "").upper()[:24]


def is_valid_join_code(code: str) -> bool:
    return len(code) == vocab.JOIN_CODE_LENGTH and all(c in vocab.JOIN_ALPHABET for c in code)


def new_join_code() -> str:
    """A fresh code of unambiguous characters, not used by any walk."""
    while True:
        code = "".join(secrets.choice(vocab.JOIN_ALPHABET) for _ in range(vocab.JOIN_CODE_LENGTH))
        if not db.session.scalar(db.select(Walk.id).where(Walk.join_code == code)):
            return code


def find_by_code(raw: str | None) -> Walk | None:
    code = normalise_join_code(raw)
    if not is_valid_join_code(code):
        return None
    return db.session.scalar(db.select(Walk).where(Walk.join_code == code))


# --- staff writes -------------------------------------------------------------------------


def _check_times(starts_at: datetime, ends_at: datetime, opens: datetime, closes: datetime) -> None:
    if aware(ends_at) <= aware(starts_at):
        raise WalkError("ends_before_start")
    if aware(closes) <= aware(opens):
        raise WalkError("window_order")
    if aware(opens) > aware(starts_at) or aware(closes) < aware(ends_at):
        raise WalkError("window_outside")


def _masked(text: str | None) -> str | None:
    text = (text or "").strip()
    return mask_personal_data(text).text if text else None


def create_walk(
    actor,
    *,
    area: Area,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    light: str,
    meeting_point: str,
    pin_opens_at: datetime,
    pin_closes_at: datetime,
    max_participants: int = 20,
    categories: Sequence[Category] = (),
    description: str | None = None,
    meeting_lon: float | None = None,
    meeting_lat: float | None = None,
    route: dict | None = None,
    route_text: str | None = None,
    organisers: str | None = None,
    previous_walk: Walk | None = None,
    join_code: str | None = None,
) -> Walk:
    """A new walk with a fresh join code (``join_code`` only for demo data and tests)."""
    if light not in vocab.LIGHTS:
        raise WalkError("bad_light")
    if max_participants < 1:
        raise WalkError("capacity")
    _check_times(starts_at, ends_at, pin_opens_at, pin_closes_at)
    if join_code is not None:
        join_code = normalise_join_code(join_code)
        if not is_valid_join_code(join_code) or find_by_code(join_code) is not None:
            raise WalkError("bad_code")
    walk = Walk(
        area=area,
        title=title.strip(),
        description=_masked(description),
        starts_at=starts_at,
        ends_at=ends_at,
        light=light,
        meeting_point=meeting_point.strip(),
        meeting_lon=meeting_lon,
        meeting_lat=meeting_lat,
        route=route,
        route_text=(route_text or "").strip() or None,
        max_participants=max_participants,
        organisers=(organisers or "").strip() or None,
        join_code=join_code or new_join_code(),
        pin_opens_at=pin_opens_at,
        pin_closes_at=pin_closes_at,
        previous_walk=previous_walk,
        created_by=actor if getattr(actor, "id", None) else None,
    )
    walk.categories = list(categories)
    db.session.add(walk)
    db.session.flush()
    audit.record(
        actor,
        "walk.create",
        walk,
        area=area,
        detail={"title": walk.title, "starts_at": aware(starts_at).isoformat()},
    )
    return walk


def update_walk(
    actor, walk: Walk, *, categories: Sequence[Category] | None = None, **fields: Any
) -> Walk:
    """Change the given fields (see :data:`EDITABLE`) and, if given, the categories."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    if fields.get("light", walk.light) not in vocab.LIGHTS:
        raise WalkError("bad_light")
    if fields.get("max_participants", walk.max_participants) < 1:
        raise WalkError("capacity")
    _check_times(
        fields.get("starts_at", walk.starts_at),
        fields.get("ends_at", walk.ends_at),
        fields.get("pin_opens_at", walk.pin_opens_at),
        fields.get("pin_closes_at", walk.pin_closes_at),
    )
    previous = fields.get("previous_walk")
    if previous is not None and previous.id == walk.id:
        raise WalkError("previous_self")
    if "description" in fields:
        fields["description"] = _masked(fields["description"])
    changed = []
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip() or (None if name not in ("title", "meeting_point") else value)
        current = getattr(walk, name)
        both_times = isinstance(value, datetime) and current is not None
        if not (aware(current) == aware(value) if both_times else current == value):
            setattr(walk, name, value)
            changed.append(name)
    if categories is not None and {c.id for c in categories} != {c.id for c in walk.categories}:
        walk.categories = list(categories)
        changed.append("categories")
    db.session.flush()
    if changed:
        audit.record(actor, "walk.update", walk, area=walk.area, detail={"changed": changed})
    return walk


def new_code(actor, walk: Walk) -> str:
    """Replace the join code (e.g. when it was shared too widely); participants stay joined."""
    old = walk.join_code
    walk.join_code = new_join_code()
    db.session.flush()
    audit.record(actor, "walk.new_code", walk, area=walk.area, detail={"old": old})
    return walk.join_code


def set_cancelled(actor, walk: Walk, cancelled: bool) -> None:
    if walk.cancelled == cancelled:
        return
    walk.cancelled = cancelled
    db.session.flush()
    audit.record(actor, "walk.cancel" if cancelled else "walk.reinstate", walk, area=walk.area)


# --- queries ------------------------------------------------------------------------------


def _in_areas(areas: Sequence[Area]):
    if not areas:
        return Walk.id.is_(None)
    ids = db.select(Area.id).where(or_(*[Area.path.startswith(a.path) for a in areas]))
    return Walk.area_id.in_(ids.scalar_subquery())


def upcoming(
    now: datetime | None = None, *, area: Area | None = None, limit: int = 50
) -> list[Walk]:
    """Walks not yet over and not cancelled, soonest first (in ``area``'s subtree if given)."""
    query = db.select(Walk).where(Walk.cancelled.is_(False), Walk.ends_at > (now or utcnow()))
    if area is not None:
        query = query.where(_in_areas([area]))
    return list(db.session.scalars(query.order_by(Walk.starts_at, Walk.id).limit(limit)))


def with_published_protocol(*, area: Area | None = None, limit: int = 50) -> list[Walk]:
    """Walks whose protocol is public, newest first."""
    query = db.select(Walk).where(Walk.protocol_published.is_(True))
    if area is not None:
        query = query.where(_in_areas([area]))
    return list(db.session.scalars(query.order_by(Walk.starts_at.desc(), Walk.id).limit(limit)))


def staff_walks(areas: Sequence[Area], page: Any, size: int) -> Page:
    """Walks in the staff member's areas, newest first."""
    query = db.select(Walk).where(_in_areas(areas)).order_by(Walk.starts_at.desc(), Walk.id.desc())
    return paginate(query, page, size)


def earlier_walks(area: Area, before: datetime, exclude_id: int | None = None) -> list[Walk]:
    """Walks that started before ``before`` in ``area``, its subtree or its ancestors.

    These are the walks a new walk may follow up (newest first).
    """
    ancestor_ids = [int(part) for part in area.path.strip("/").split("/") if part]
    query = (
        db.select(Walk)
        .join(Area, Walk.area_id == Area.id)
        .where(
            Walk.starts_at < before,
            or_(Area.path.startswith(area.path, autoescape=True), Area.id.in_(ancestor_ids)),
        )
        .order_by(Walk.starts_at.desc())
    )
    if exclude_id is not None:
        query = query.where(Walk.id != exclude_id)
    return list(db.session.scalars(query.limit(50)))


def follow_ups(walk: Walk) -> list[Walk]:
    """Later walks that follow this one up."""
    query = db.select(Walk).where(Walk.previous_walk_id == walk.id).order_by(Walk.starts_at)
    return list(db.session.scalars(query))


def choosable_categories(walk: Walk) -> list[Category]:
    """What participants can pin: the walk's categories (all active ones if none were chosen),
    always with the positive ones ("Tryggt och trivsamt") so good places are recorded too."""
    active = category_services.all_categories(active_only=True)
    if not walk.categories:
        return active
    chosen = {c.id for c in walk.categories}
    return [c for c in active if c.id in chosen or c.positive]


# --- participants -------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def participant_count(walk: Walk) -> int:
    return (
        db.session.scalar(
            db.select(func.count(WalkParticipant.id)).where(WalkParticipant.walk_id == walk.id)
        )
        or 0
    )


def join_problem(walk: Walk, now: datetime) -> str | None:
    """Why nobody can join now (``cancelled``, ``ended``), or None."""
    if walk.cancelled:
        return "cancelled"
    if now > walk.pin_closes:
        return "ended"
    return None


def join(
    walk: Walk, *, display_name: str | None, now: datetime | None = None
) -> tuple[WalkParticipant, str]:
    """Add a participant; returns it and the token for the participant's cookie.

    Raises WalkError ``cancelled``, ``ended`` or ``full``. Numbers are unique per walk, so two
    people joining at once can never both take the last place.
    """
    problem = join_problem(walk, now or utcnow())
    if problem:
        raise WalkError(problem)
    name = (display_name or "").strip()[:40] or None
    if name:
        name = mask_personal_data(name).text[:40]
    for _attempt in range(8):
        highest = db.session.scalar(
            db.select(func.max(WalkParticipant.number)).where(WalkParticipant.walk_id == walk.id)
        )
        number = (highest or 0) + 1
        if number > walk.max_participants:
            raise WalkError("full")
        token = secrets.token_urlsafe(24)
        participant = WalkParticipant(
            walk_id=walk.id, number=number, token_hash=token_hash(token), display_name=name
        )
        try:
            with db.session.begin_nested():
                db.session.add(participant)
                db.session.flush()
        except IntegrityError:
            continue  # someone else took this number: count again
        return participant, token
    raise WalkError("busy")


def participant_for_token(walk: Walk, token: str | None) -> WalkParticipant | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(
        db.select(WalkParticipant).where(
            WalkParticipant.walk_id == walk.id, WalkParticipant.token_hash == token_hash(token)
        )
    )
