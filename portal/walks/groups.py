"""Night-walk groups: create and change them, put their scheduled walks in the calendar, find
the walk a group's code opens now, and the short report after each walk.

Plain arguments in, models out; flushes, never commits. Every staff write is audited.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlalchemy import func, or_

from portal.areas.models import Area
from portal.auth import audit
from portal.extensions import db
from portal.privacy.masking import mask_personal_data
from portal.walks import services, vocab
from portal.walks.models import NightWalkReport, Walk, WalkGroup, WalkPin
from portal.walks.timing import aware, local_to_utc, utc_to_local

#: How far ahead :func:`schedule_walks` looks, and how many walks it creates at most.
HORIZON_DAYS = 28
MAX_SCHEDULED = 20
#: Fields :func:`update_group` may change.
EDITABLE = (
    "area",
    "name",
    "kind",
    "description",
    "members",
    "weekdays",
    "start_time",
    "end_time",
    "meeting_point",
    "active",
)


class GroupError(ValueError):
    """The group or report cannot be stored as asked; ``code`` says why."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


# --- codes --------------------------------------------------------------------------------


def is_group_code(code: str) -> bool:
    return len(code) == vocab.GROUP_CODE_LENGTH and all(c in vocab.JOIN_ALPHABET for c in code)


def new_group_code() -> str:
    while True:
        code = "".join(secrets.choice(vocab.JOIN_ALPHABET) for _ in range(vocab.GROUP_CODE_LENGTH))
        if not db.session.scalar(db.select(WalkGroup.id).where(WalkGroup.join_code == code)):
            return code


def find_by_code(raw: str | None) -> WalkGroup | None:
    code = services.normalise_join_code(raw)
    if not is_group_code(code):
        return None
    return db.session.scalar(db.select(WalkGroup).where(WalkGroup.join_code == code))


def open_walk(group: WalkGroup, now: datetime) -> Walk | None:
    """The group's walk whose pinning window is open now (the soonest, if several)."""
    return db.session.scalar(
        db.select(Walk)
        .where(
            Walk.group_id == group.id,
            Walk.cancelled.is_(False),
            Walk.pin_opens_at <= now,
            Walk.pin_closes_at > now,
        )
        .order_by(Walk.starts_at, Walk.id)
        .limit(1)
    )


# --- groups -------------------------------------------------------------------------------


def weekdays_text(days: Sequence[int | str]) -> str:
    found = sorted({int(d) for d in days if str(d).isdigit() and 0 <= int(d) <= 6})
    return ",".join(str(d) for d in found)


def _masked(text: str | None) -> str | None:
    text = (text or "").strip()
    return mask_personal_data(text).text if text else None


def _check(kind: str, members: int, start_time: time, end_time: time) -> None:
    if kind not in vocab.GROUP_KINDS:
        raise GroupError("bad_kind")
    if members < 0:
        raise GroupError("members")
    if start_time == end_time:
        raise GroupError("same_times")


def create_group(
    actor,
    *,
    area: Area,
    name: str,
    start_time: time,
    end_time: time,
    meeting_point: str,
    weekdays: Sequence[int | str] = (),
    kind: str = vocab.NATTVANDRARE,
    description: str | None = None,
    members: int = 0,
    join_code: str | None = None,
) -> WalkGroup:
    """A new group with a fresh group code (``join_code`` only for demo data and tests)."""
    _check(kind, members, start_time, end_time)
    if join_code is not None:
        join_code = services.normalise_join_code(join_code)
        if not is_group_code(join_code) or find_by_code(join_code) is not None:
            raise GroupError("bad_code")
    group = WalkGroup(
        area=area,
        name=name.strip(),
        kind=kind,
        description=_masked(description),
        members=members,
        join_code=join_code or new_group_code(),
        weekdays=weekdays_text(weekdays),
        start_time=start_time,
        end_time=end_time,
        meeting_point=meeting_point.strip(),
    )
    db.session.add(group)
    db.session.flush()
    audit.record(actor, "walk_group.create", group, area=area, detail={"name": group.name})
    return group


def update_group(actor, group: WalkGroup, **fields) -> WalkGroup:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    _check(
        fields.get("kind", group.kind),
        fields.get("members", group.members),
        fields.get("start_time", group.start_time),
        fields.get("end_time", group.end_time),
    )
    if "weekdays" in fields:
        fields["weekdays"] = weekdays_text(fields["weekdays"])
    if "description" in fields:
        fields["description"] = _masked(fields["description"])
    changed = []
    for name, value in fields.items():
        if isinstance(value, str) and name not in ("weekdays", "kind"):
            value = value.strip() or (value if name in ("name", "meeting_point") else None)
        if getattr(group, name) != value:
            setattr(group, name, value)
            changed.append(name)
    db.session.flush()
    if changed:
        audit.record(
            actor, "walk_group.update", group, area=group.area, detail={"changed": changed}
        )
    return group


def new_code(actor, group: WalkGroup) -> str:
    old = group.join_code
    group.join_code = new_group_code()
    db.session.flush()
    audit.record(actor, "walk_group.new_code", group, area=group.area, detail={"old": old})
    return group.join_code


def _in_areas(areas: Sequence[Area]):
    if not areas:
        return WalkGroup.id.is_(None)
    ids = db.select(Area.id).where(or_(*[Area.path.startswith(a.path) for a in areas]))
    return WalkGroup.area_id.in_(ids.scalar_subquery())


def staff_groups(areas: Sequence[Area]) -> list[WalkGroup]:
    query = db.select(WalkGroup).where(_in_areas(areas)).order_by(WalkGroup.name, WalkGroup.id)
    return list(db.session.scalars(query))


def public_groups(limit: int = 100) -> list[WalkGroup]:
    query = db.select(WalkGroup).where(WalkGroup.active.is_(True)).order_by(WalkGroup.name)
    return list(db.session.scalars(query.limit(limit)))


# --- the schedule -------------------------------------------------------------------------


def scheduled_times(
    group: WalkGroup, now: datetime, zone_name: str, days_ahead: int = HORIZON_DAYS
) -> list[tuple[datetime, datetime]]:
    """(start, end) in UTC of every scheduled walk that starts after ``now`` within the horizon."""
    today = utc_to_local(now, zone_name).date()
    found = []
    for offset in range(days_ahead + 1):
        day = today + timedelta(days=offset)
        if day.weekday() not in group.days:
            continue
        starts = local_to_utc(datetime.combine(day, group.start_time), zone_name)
        end_day = day + timedelta(days=1) if group.end_time <= group.start_time else day
        ends = local_to_utc(datetime.combine(end_day, group.end_time), zone_name)
        if starts > aware(now):
            found.append((starts, ends))
    return found


def schedule_walks(
    actor,
    group: WalkGroup,
    *,
    now: datetime,
    zone_name: str,
    count: int = 8,
    opens_before_min: int = 30,
    closes_after_min: int = 120,
    days_ahead: int = HORIZON_DAYS,
) -> list[Walk]:
    """Create the group's next ``count`` scheduled walks that are not in the calendar yet."""
    if not group.active:
        raise GroupError("inactive")
    if not group.days:
        raise GroupError("no_days")
    count = max(0, min(count, MAX_SCHEDULED))
    existing = {
        aware(s)
        for s in db.session.scalars(db.select(Walk.starts_at).where(Walk.group_id == group.id))
    }
    created: list[Walk] = []
    for starts, ends in scheduled_times(group, now, zone_name, days_ahead):
        if len(created) >= count:
            break
        if starts in existing:
            continue
        walk = services.create_walk(
            actor,
            area=group.area,
            title=group.name,
            description=group.description,
            starts_at=starts,
            ends_at=ends,
            light=vocab.MORKER,
            meeting_point=group.meeting_point,
            pin_opens_at=starts - timedelta(minutes=opens_before_min),
            pin_closes_at=ends + timedelta(minutes=closes_after_min),
            max_participants=max(20, group.members + 10),
            organisers=group.name,
        )
        walk.group = group
        created.append(walk)
    db.session.flush()
    if created:
        audit.record(
            actor,
            "walk_group.schedule",
            group,
            area=group.area,
            detail={"walks": [w.id for w in created]},
        )
    return created


def upcoming(group: WalkGroup, now: datetime, limit: int = 10) -> list[Walk]:
    query = db.select(Walk).where(
        Walk.group_id == group.id, Walk.cancelled.is_(False), Walk.ends_at > now
    )
    return list(db.session.scalars(query.order_by(Walk.starts_at, Walk.id).limit(limit)))


def earlier(group: WalkGroup, now: datetime, limit: int = 20) -> list[Walk]:
    query = db.select(Walk).where(
        Walk.group_id == group.id, Walk.cancelled.is_(False), Walk.starts_at <= now
    )
    return list(db.session.scalars(query.order_by(Walk.starts_at.desc(), Walk.id).limit(limit)))


# --- after-walk reports -------------------------------------------------------------------


def report_for(walk: Walk) -> NightWalkReport | None:
    return db.session.scalar(db.select(NightWalkReport).where(NightWalkReport.walk_id == walk.id))


def reports_for(walks: Sequence[Walk]) -> dict[int, NightWalkReport]:
    ids = [w.id for w in walks]
    if not ids:
        return {}
    query = db.select(NightWalkReport).where(NightWalkReport.walk_id.in_(ids))
    return {r.walk_id: r for r in db.session.scalars(query)}


def pin_counts(walks: Sequence[Walk]) -> dict[int, int]:
    """How many places were pinned on each walk (the places worth noting)."""
    ids = [w.id for w in walks]
    if not ids:
        return {}
    rows = db.session.execute(
        db.select(WalkPin.walk_id, func.count())
        .where(WalkPin.walk_id.in_(ids))
        .group_by(WalkPin.walk_id)
    )
    return {int(walk_id): int(count) for walk_id, count in rows.all()}


def save_report(
    actor, walk: Walk, *, people_out: int, mood: str, notes: str | None, now: datetime
) -> NightWalkReport:
    """Write or rewrite the report after a group's walk (only once the walk has started)."""
    if walk.group_id is None:
        raise GroupError("no_group")
    if walk.cancelled:
        raise GroupError("cancelled")
    if walk.starts > aware(now):
        raise GroupError("not_started")
    if mood not in vocab.MOODS:
        raise GroupError("bad_mood")
    if not 0 <= people_out <= 10000:
        raise GroupError("people_out")
    report = report_for(walk)
    created = report is None
    if report is None:
        report = NightWalkReport(walk_id=walk.id)
        db.session.add(report)
    report.people_out = people_out
    report.mood = mood
    report.notes = _masked(notes)
    if getattr(actor, "id", None):
        report.created_by_id = actor.id
    db.session.flush()
    audit.record(
        actor,
        "walk_group.report" if created else "walk_group.report_update",
        walk,
        area=walk.area,
        detail={"people_out": people_out, "mood": mood},
    )
    return report


@dataclass
class Outcome:
    """What came of one earlier walk: its report, its pins and its protocol points."""

    walk: Walk
    report: NightWalkReport | None
    pins: int
    resolved: int = 0
    open: int = 0
    other: int = 0
    points: list = field(default_factory=list)


def outcomes(walks: Sequence[Walk], *, public: bool) -> list[Outcome]:
    from portal.walks import protocol

    reports = reports_for(walks)
    pins = pin_counts(walks)
    found = []
    for walk in walks:
        result = Outcome(walk=walk, report=reports.get(walk.id), pins=pins.get(walk.id, 0))
        if walk.protocol_published or not public:
            for point in protocol.points(walk, public=public):
                state = protocol.outcome(point.place)
                if state == vocab.RESOLVED:
                    result.resolved += 1
                elif state == vocab.OPEN:
                    result.open += 1
                else:
                    result.other += 1
        found.append(result)
    return found
