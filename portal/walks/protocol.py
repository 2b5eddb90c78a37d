"""Protokoll med åtgärdslista: the walk's pins become numbered points, each a place.

A point's category, public description, status (with the public reason when nothing will be
done), responsible party, deadline and public notes are the place's own and are changed through
:mod:`portal.map.handling`, so the place page, the follow page and the protocol always agree.
The protocol adds only the point's number, its priority and whether it is included.
Plain arguments in, models out; flushes, never commits; every write is audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func

from portal.auth import audit
from portal.extensions import db
from portal.geo.coords import distance_m
from portal.map import handling
from portal.map import vocab as place_vocab
from portal.map.models import Category, Observation, Place
from portal.privacy.masking import mask_personal_data
from portal.timeutil import utcnow
from portal.walks import vocab
from portal.walks.models import Walk, WalkPoint


class ProtocolError(ValueError):
    """The protocol cannot be published; ``problems`` lists (point number, handling code)."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        super().__init__(problems)


def _current(place: Place) -> Place:
    for _step in range(10):
        if place.merged_into is None:
            break
        place = place.merged_into
    return place


def walk_places(walk: Walk) -> list[Place]:
    """The places the walk's pins ended up in (merges followed), in pinning order."""
    observations = db.session.scalars(
        db.select(Observation)
        .where(Observation.walk_id == walk.id, Observation.source == place_vocab.WALK)
        .order_by(Observation.created_at, Observation.id)
    )
    seen: dict[int, Place] = {}
    for observation in observations:
        place = _current(observation.place)
        seen.setdefault(place.id, place)
    return list(seen.values())


def build(actor, walk: Walk) -> list[WalkPoint]:
    """Add a point for every place of the walk's pins that is not in the protocol yet."""
    existing = {_current(p.place).id for p in walk.points}
    number = max((p.number for p in walk.points), default=0)
    added = []
    for place in walk_places(walk):
        if place.id in existing or place.status == place_vocab.AVVISAD:
            continue
        number += 1
        point = WalkPoint(walk=walk, place=place, number=number, included=True)
        db.session.add(point)
        added.append(point)
    db.session.flush()
    audit.record(actor, "walk.protocol_build", walk, area=walk.area, detail={"added": len(added)})
    return added


def points(walk: Walk, *, public: bool = False, included_only: bool = True) -> list[WalkPoint]:
    """The protocol's points by number; ``public``: only those whose place is published."""
    found = [p for p in walk.points if p.included or not included_only]
    if public:
        found = [p for p in found if _current(p.place).is_public]
    return sorted(found, key=lambda p: p.number)


def walk_observations(walk: Walk, place: Place) -> list[Observation]:
    return [o for o in place.observations if o.walk_id == walk.id]


def approved_photos(place: Place) -> list[Observation]:
    return [o for o in place.observations if o.photo_public]


def save_point(
    actor,
    point: WalkPoint,
    *,
    category: Category,
    public_description: str | None,
    responsible: str | None,
    deadline: date | None,
    status: str,
    reason: str | None,
    note: str | None,
    priority: str | None,
    included: bool,
) -> list[str]:
    """Save one point. Returns the kinds of personal data masked in the description.

    Raises :class:`portal.map.handling.HandlingError` for a status change the workflow refuses
    (e.g. "ingen åtgärd" without a reason); nothing should be committed then.
    """
    if priority is not None and priority not in vocab.PRIORITIES:
        raise handling.HandlingError("bad_priority")
    place = _current(point.place)
    masked = handling.edit_place(
        actor, place, public_description=public_description, category=category
    )
    handling.set_handling(actor, place, responsible=responsible, deadline=deadline)
    wants_change = (
        status != place.status
        or bool((note or "").strip())
        or (
            status in place_vocab.NEEDS_REASON
            and (reason or "").strip() != (place.status_reason or "")
        )
    )
    if wants_change:
        handling.change_status(actor, place, status, note=note, reason=reason)
    for observation in walk_observations(point.walk, place):
        if observation.review_state == place_vocab.REVIEW_NEW:
            handling.review_observation(actor, observation, None)
    changes = {}
    if priority != point.priority:
        changes["priority"] = [point.priority, priority]
        point.priority = priority
    if included != point.included:
        changes["included"] = included
        point.included = included
    if point.place_id != place.id:
        point.place = place
    db.session.flush()
    audit.record(
        actor,
        "walk.point_update",
        point.walk,
        area=point.walk.area,
        detail={"point": point.number, "place": place.id, **changes},
    )
    return masked


def set_summary(actor, walk: Walk, summary: str | None) -> list[str]:
    """The protocol's public introduction (masked); returns the kinds of data masked."""
    text = (summary or "").strip()
    result = mask_personal_data(text) if text else None
    walk.protocol_summary = result.text if result else None
    db.session.flush()
    audit.record(actor, "walk.protocol_summary", walk, area=walk.area)
    return result.found if result else []


def publish(actor, walk: Walk) -> int:
    """Publish the protocol and every included point's place. Returns the number of points.

    Raises ProtocolError listing the points that cannot be published (no public description,
    not positioned, rejected); the caller must then not commit.
    """
    problems: list[tuple[int, str]] = []
    included = points(walk)
    for point in included:
        place = _current(point.place)
        try:
            handling.set_published(actor, place, True)
        except handling.HandlingError as error:
            problems.append((point.number, error.code))
    if problems:
        raise ProtocolError(problems)
    walk.protocol_published = True
    if walk.protocol_published_at is None:
        walk.protocol_published_at = utcnow()
    db.session.flush()
    audit.record(
        actor, "walk.protocol_publish", walk, area=walk.area, detail={"points": len(included)}
    )
    return len(included)


def unpublish(actor, walk: Walk) -> None:
    """Hide the protocol page (its places stay as they are: each is a place of its own)."""
    if not walk.protocol_published:
        return
    walk.protocol_published = False
    db.session.flush()
    audit.record(actor, "walk.protocol_unpublish", walk, area=walk.area)


def point_count(walk: Walk) -> int:
    return (
        db.session.scalar(db.select(func.count(WalkPoint.id)).where(WalkPoint.walk_id == walk.id))
        or 0
    )


# --- repeat walks -------------------------------------------------------------------------


def outcome(place: Place) -> str:
    """How a point has fared: resolved, no action (with a public reason) or still open;
    a positive observation ("Upplyst och bra") needs no action and is counted apart."""
    place = _current(place)
    if place.category.positive:
        return vocab.POSITIVE
    if place.status == place_vocab.ATGARDAD:
        return vocab.RESOLVED
    if place.status == place_vocab.INGEN_ATGARD:
        return vocab.NO_ACTION
    return vocab.OPEN


@dataclass
class Comparison:
    """An earlier walk's points by outcome, and which open ones the new walk pinned again."""

    previous: Walk
    resolved: list[WalkPoint] = field(default_factory=list)
    no_action: list[WalkPoint] = field(default_factory=list)
    open: list[WalkPoint] = field(default_factory=list)
    positive: list[WalkPoint] = field(default_factory=list)
    seen_again: set[int] = field(default_factory=set)  # point ids pinned again nearby
    new_pins: int = 0  # positioned pins of the new walk

    @property
    def total(self) -> int:
        """Points that called for action (positive observations not counted)."""
        return len(self.resolved) + len(self.no_action) + len(self.open)


def compare(walk: Walk, *, public: bool = False, radius_m: float = 25.0) -> Comparison | None:
    """The previous walk's protocol points by outcome (None when there is no previous walk).

    ``public``: only points whose place is published (for the public walk page).
    """
    previous = walk.previous_walk
    if previous is None:
        return None
    new_points = [
        (o.lon, o.lat)
        for o in db.session.scalars(
            db.select(Observation).where(
                Observation.walk_id == walk.id, Observation.positioned.is_(True)
            )
        )
    ]
    result = Comparison(previous=previous, new_pins=len(new_points))
    for point in points(previous, public=public):
        place = _current(point.place)
        bucket = {
            vocab.RESOLVED: result.resolved,
            vocab.NO_ACTION: result.no_action,
            vocab.OPEN: result.open,
            vocab.POSITIVE: result.positive,
        }[outcome(place)]
        bucket.append(point)
        if any(distance_m((place.lon, place.lat), p) <= radius_m for p in new_points):
            result.seen_again.add(point.id)
    return result
