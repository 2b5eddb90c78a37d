"""Pins during a walk: each is a place observation (source "walk") plus who pinned it.

A pin is accepted while the walk's pin window is open, or, for pins queued offline, when it
arrives within the grace period and says it was made inside the window. The client's
idempotency key (the observation's ``client_key``) makes a retried or doubled submission store
exactly one observation. Plain arguments in, models out; flushes, never commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError, InvalidRequestError

from portal.areas.models import Area
from portal.extensions import db
from portal.map import reports
from portal.map import vocab as place_vocab
from portal.map.models import Category, Observation
from portal.walks import vocab
from portal.walks.models import Walk, WalkParticipant, WalkPin
from portal.walks.services import choosable_categories
from portal.walks.timing import aware, zone

#: A client clock may run this much ahead of the server's.
CLOCK_SKEW = timedelta(minutes=10)


class PinError(ValueError):
    """The pin cannot be stored; ``code``: ``cancelled``, ``early``, ``closed``, ``category``,
    ``area``, ``key`` (the idempotency key belongs to something else)."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


def window_problem(
    walk: Walk, now: datetime, *, pinned_at: datetime | None = None, grace: timedelta = timedelta(0)
) -> str | None:
    """Why a pin cannot be stored now (``cancelled``, ``early``, ``closed``), or None.

    ``pinned_at`` is when the participant's phone says the pin was made (offline queue).
    """
    if walk.cancelled:
        return "cancelled"
    if now < walk.pin_opens:
        return "early"
    if now <= walk.pin_closes:
        return None
    pinned_at = aware(pinned_at)
    if (
        pinned_at is not None
        and now <= walk.pin_closes + grace
        and walk.pin_opens <= pinned_at <= walk.pin_closes
        and pinned_at <= now + CLOCK_SKEW
    ):
        return None
    return "closed"


def times_for(walk: Walk, moment: datetime, zone_name: str | None) -> tuple[str, str]:
    """(time of day, kind of day) of a pin, from the walk's light and the local time."""
    local = aware(moment).astimezone(zone(zone_name))  # type: ignore[union-attr]
    if walk.light == vocab.DAGSLJUS:
        time_of_day = place_vocab.DAG
    elif 5 <= local.hour < 22:
        time_of_day = place_vocab.KVALL
    else:
        time_of_day = place_vocab.NATT
    day_kind = place_vocab.HELG if local.weekday() >= 5 else place_vocab.VARDAG
    return time_of_day, day_kind


def in_walk_area(walk: Walk, area: Area) -> bool:
    return area.path.startswith(walk.area.path)


def _ensure_pin(
    walk: Walk, observation: Observation, participant: WalkParticipant | None
) -> tuple[WalkPin, bool]:
    """The observation's WalkPin, made if missing; True when this call made it."""
    found = db.session.scalar(db.select(WalkPin).where(WalkPin.observation_id == observation.id))
    if found is not None:
        return found, False
    pin = WalkPin(
        walk_id=walk.id,
        observation_id=observation.id,
        participant_id=participant.id if participant else None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(pin)
            db.session.flush()
    except IntegrityError:
        found = db.session.scalar(
            db.select(WalkPin).where(WalkPin.observation_id == observation.id)
        )
        if found is None:
            raise
        return found, False
    return pin, True


def add_pin(walk: Walk, participant: WalkParticipant | None, **values) -> Observation:
    """Store a pin and return its observation (see :func:`store_pin`)."""
    return store_pin(walk, participant, **values)[0]


def store_pin(
    walk: Walk,
    participant: WalkParticipant | None,
    *,
    category: Category,
    description: str,
    now: datetime,
    lon: float | None = None,
    lat: float | None = None,
    area: Area | None = None,
    location_text: str | None = None,
    photo: reports.StoredPhoto | None = None,
    client_key: str | None = None,
    pinned_at: datetime | None = None,
    grace: timedelta = timedelta(0),
    zone_name: str | None = None,
) -> tuple[Observation, bool]:
    """Store a pin (a new place with one observation) for ``walk``; True if it is new.

    With ``client_key`` a repeated submission returns the observation stored the first time
    (and False). Raises PinError, or :class:`portal.map.reports.ReportError` (``outside``,
    ``no_location``).
    """
    existing = reports.find_by_client_key(client_key)
    if existing is not None:
        if existing.walk_id != walk.id:
            raise PinError("key")
        _ensure_pin(walk, existing, participant)
        return existing, False
    problem = window_problem(walk, now, pinned_at=pinned_at, grace=grace)
    if problem:
        raise PinError(problem)
    if category.id not in {c.id for c in choosable_categories(walk)}:
        raise PinError("category")
    positioned = lon is not None and lat is not None
    if not positioned and area is not None and not in_walk_area(walk, area):
        raise PinError("area")
    moment = aware(pinned_at) if pinned_at and aware(pinned_at) <= now + CLOCK_SKEW else now
    time_of_day, day_kind = times_for(walk, moment, zone_name)  # type: ignore[arg-type]
    try:
        # Our own savepoint around the report: if a concurrent submission with the same key
        # commits first, the unique key fails inside it and only the savepoint is rolled back.
        with db.session.begin_nested():
            observation = reports.create_report(
                category=category,
                description=description or "",
                time_of_day=time_of_day,
                day_kind=day_kind,
                lon=lon if positioned else None,
                lat=lat if positioned else None,
                area=None if positioned else (area or walk.area),
                location_text=location_text,
                photo=photo,
                source=place_vocab.WALK,
                walk_id=walk.id,
                client_key=client_key or None,
            )
    except (IntegrityError, InvalidRequestError):
        # (InvalidRequestError: the report's own handler ran inside the rolled-back savepoint.)
        observation = reports.find_by_client_key(client_key)
        if observation is None:
            raise
    if observation.walk_id != walk.id:  # a concurrent submission of another walk won the key
        raise PinError("key")
    # False when a concurrent submission with the same key stored it (and its WalkPin) first.
    _pin, created = _ensure_pin(walk, observation, participant)
    return observation, created


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PinRow:
    """A pin as the live view and protocol builder see it."""

    pin: WalkPin
    observation: Observation
    number: int | None  # participant number, None for a pin without a participant
    display_name: str | None


def walk_pins(walk: Walk, participant: WalkParticipant | None = None) -> list[PinRow]:
    """The walk's pins, oldest first (only ``participant``'s if given)."""
    query = (
        db.select(WalkPin)
        .where(WalkPin.walk_id == walk.id)
        .order_by(WalkPin.created_at, WalkPin.id)
    )
    if participant is not None:
        query = query.where(WalkPin.participant_id == participant.id)
    rows = []
    for pin in db.session.scalars(query):
        who = pin.participant
        rows.append(
            PinRow(
                pin=pin,
                observation=pin.observation,
                number=who.number if who else None,
                display_name=who.display_name if who else None,
            )
        )
    return rows


def pin_count(walk: Walk) -> int:
    return (
        db.session.scalar(db.select(func.count(WalkPin.id)).where(WalkPin.walk_id == walk.id)) or 0
    )


def observation_count(walk: Walk) -> int:
    """Observations stored for the walk (the test of "stored once")."""
    return (
        db.session.scalar(
            db.select(func.count(Observation.id)).where(
                Observation.walk_id == walk.id, Observation.source == place_vocab.WALK
            )
        )
        or 0
    )
