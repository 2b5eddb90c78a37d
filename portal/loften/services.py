"""Promises: create (blank or from a fastställd lägesbild), edit, publish, review; and queries.

Plain arguments in, models out; flushes, never commits; every write is audited. An edit of a
public promise becomes a public version (:mod:`portal.loften.history`). Commitments, activities,
updates and links are in :mod:`portal.loften.commitments`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from portal.areas import services as area_services
from portal.areas.models import Area
from portal.auth import audit
from portal.extensions import db
from portal.loften import history, sources, vocab
from portal.loften.models import Focus, Promise, Signatory, Source, promise_area
from portal.timeutil import utcnow


class LoftenError(ValueError):
    """A change that cannot be made; ``code`` says why (views turn it into a message)."""

    def __init__(self, code: str, **detail) -> None:
        self.code = code
        self.detail = detail
        super().__init__(code)


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def today() -> date:
    return utcnow().date()


# --- queries ---------------------------------------------------------------------------------


def get(promise_id: int) -> Promise | None:
    return db.session.get(Promise, promise_id)


def covering_ids(area: Area) -> list[int]:
    """The area, its ancestors and its descendants: a promise for any of them concerns it."""
    return [a.id for a in area_services.ancestors(area)] + area_services.subtree_ids(area)


def public_query(area: Area | None = None, state: str | None = None):
    """Public promises (for ``area``: those that concern it), newest period first."""
    query = db.select(Promise).where(Promise.state.in_(vocab.PUBLIC_STATES))
    if state in vocab.PUBLIC_STATES:
        query = query.where(Promise.state == state)
    if area is not None:
        applies = db.select(promise_area.c.promise_id).where(
            promise_area.c.area_id.in_(covering_ids(area))
        )
        query = query.where(Promise.id.in_(applies))
    return query.order_by(Promise.period_start.desc(), Promise.id.desc())


def staff_query(areas: list[Area], state: str | None = None):
    """Promises owned by ``areas`` or areas below them."""
    if not areas:
        return db.select(Promise).where(db.false())
    owned = db.select(Area.id).where(
        db.or_(*[Area.path.startswith(a.path, autoescape=True) for a in areas])
    )
    query = db.select(Promise).where(Promise.area_id.in_(owned))
    if state in vocab.STATES:
        query = query.where(Promise.state == state)
    return query.order_by(Promise.updated_at.desc(), Promise.id.desc())


def due_reviews(areas: list[Area], on: date, notice_days: int) -> list[Promise]:
    """Published promises in ``areas`` whose next review is within ``notice_days`` (or overdue)."""
    query = (
        staff_query(areas, vocab.PUBLICERAT)
        .where(Promise.next_review_on.is_not(None))
        .where(Promise.next_review_on <= on + timedelta(days=notice_days))
        .order_by(None)
        .order_by(Promise.next_review_on, Promise.id)
    )
    return list(db.session.scalars(query))


# --- creating ----------------------------------------------------------------------------------


def create(
    actor, area: Area, title: str, period_start: date, period_end: date, review_months: int = 6
) -> Promise:
    """A blank draft for ``area``."""
    if period_end < period_start:
        raise LoftenError("period")
    promise = Promise(
        area=area,
        title=title.strip(),
        period_start=period_start,
        period_end=period_end,
        state=vocab.UTKAST,
        review_months=review_months,
        created_by_id=getattr(actor, "id", None),
    )
    promise.areas = [area]
    db.session.add(promise)
    db.session.flush()
    audit.record(actor, "loften.create", promise, area=area, detail={"title": promise.title})
    return promise


def create_from_snapshot(
    actor, snapshot_id: int, title: str, on: date, review_months: int = 6
) -> Promise:
    """A draft from a fastställd lägesbild, in one step.

    The lägesbild's area, its fokusområden and the public places they rest on become the
    draft's; the newest survey with published results becomes the baseline. The period starts
    on the first of next month and runs a year.
    """
    snapshot = sources.public_snapshot(snapshot_id)
    area = sources.snapshot_area(snapshot) if snapshot else None
    if snapshot is None or area is None:
        raise LoftenError("no_snapshot")
    start = add_months(on.replace(day=1), 1)
    promise = create(
        actor, area, title, start, add_months(start, 12) - timedelta(days=1), review_months
    )
    promise.snapshot_id = snapshot.id
    for position, name in enumerate(snapshot.focus_areas):
        promise.focus_areas.append(Focus(title=name[:200], position=position))
    for place in sources.public_places(sources.snapshot_place_ids(snapshot), "sv"):
        promise.sources.append(
            Source(
                kind=vocab.SOURCE_PLACE,
                ref=str(place.id),
                label=f"{place.label}, {place.area_name}",
            )
        )
    promise.baseline_survey_id = sources.newest_published_survey(area)
    db.session.flush()
    audit.record(
        actor,
        "loften.create_from_lagesbild",
        promise,
        area=area,
        detail={"snapshot": snapshot.id, "version": snapshot.version},
    )
    return promise


# --- editing -----------------------------------------------------------------------------------


@dataclass
class PromiseInput:
    title: str
    summary: str
    areas: list[Area]
    period_start: date
    period_end: date
    dialog_summary: str
    follow_text: str
    followup_method: str
    followup_result: str
    signed_on: date | None
    review_months: int


def update(actor, promise: Promise, data: PromiseInput):
    """Change the promise's own fields; a public promise gets a new version."""
    if data.period_end < data.period_start:
        raise LoftenError("period")
    if not data.areas or any(not a.path.startswith(promise.area.path) for a in data.areas):
        raise LoftenError("areas")
    before = history.capture(promise)
    promise.title = data.title.strip()
    promise.summary = data.summary.strip()
    promise.areas = list(data.areas)
    promise.period_start, promise.period_end = data.period_start, data.period_end
    promise.dialog_summary = data.dialog_summary.strip()
    promise.follow_text = data.follow_text.strip()
    promise.followup_method = data.followup_method.strip()
    promise.followup_result = data.followup_result.strip()
    promise.signed_on = data.signed_on
    if data.review_months != promise.review_months:
        promise.review_months = data.review_months
        if promise.state == vocab.PUBLICERAT:
            base = promise.last_reviewed_on or (promise.published_at or utcnow()).date()
            promise.next_review_on = add_months(base, data.review_months)
    audit.record(actor, "loften.update", promise, area=promise.area)
    return history.record(promise, before, actor)


def set_surveys(
    actor, promise: Promise, baseline_id: int | None, followup_id: int | None, key: str
) -> None:
    """Which surveys measure the indicator before and after (not part of the public text)."""
    promise.baseline_survey_id = baseline_id
    promise.followup_survey_id = followup_id
    promise.indicator_key = key or vocab.DEFAULT_INDICATOR
    db.session.flush()
    audit.record(
        actor,
        "loften.surveys",
        promise,
        area=promise.area,
        detail={
            "baseline": baseline_id,
            "followup": followup_id,
            "indicator": promise.indicator_key,
        },
    )


def set_snapshot(actor, promise: Promise, snapshot_id: int | None) -> None:
    if snapshot_id is not None and not sources.snapshot_exists(snapshot_id):
        raise LoftenError("no_snapshot")
    promise.snapshot_id = snapshot_id
    db.session.flush()
    audit.record(
        actor, "loften.snapshot", promise, area=promise.area, detail={"snapshot": snapshot_id}
    )


def add_source(actor, promise: Promise, kind: str, ref: int, label: str) -> Source:
    if kind not in vocab.SOURCE_KINDS:
        raise LoftenError("bad_source")
    if any(s.kind == kind and s.ref == str(ref) for s in promise.sources):
        raise LoftenError("duplicate")
    source = Source(kind=kind, ref=str(ref), label=label[:300])
    promise.sources.append(source)
    db.session.flush()
    audit.record(
        actor, "loften.source_add", promise, area=promise.area, detail={"kind": kind, "ref": ref}
    )
    return source


def remove_source(actor, promise: Promise, source: Source) -> None:
    promise.sources.remove(source)
    db.session.flush()
    audit.record(
        actor,
        "loften.source_remove",
        promise,
        area=promise.area,
        detail={"kind": source.kind, "ref": source.ref},
    )


def source_ids(promise: Promise, kind: str) -> list[int]:
    return [int(s.ref) for s in promise.sources if s.kind == kind and s.ref.isdigit()]


# --- fokusområden and signatories ----------------------------------------------------------------


def add_focus(actor, promise: Promise, title: str, description: str) -> Focus:
    before = history.capture(promise)
    position = max((f.position for f in promise.focus_areas), default=-1) + 1
    focus = Focus(title=title.strip(), description=description.strip(), position=position)
    promise.focus_areas.append(focus)
    audit.record(
        actor, "loften.focus_add", promise, area=promise.area, detail={"title": focus.title}
    )
    history.record(promise, before, actor)
    return focus


def update_focus(actor, focus: Focus, title: str, description: str) -> None:
    promise = focus.promise
    before = history.capture(promise)
    focus.title, focus.description = title.strip(), description.strip()
    audit.record(
        actor, "loften.focus_update", promise, area=promise.area, detail={"focus": focus.id}
    )
    history.record(promise, before, actor)


def remove_focus(actor, focus: Focus) -> None:
    promise = focus.promise
    before = history.capture(promise)
    for commitment in promise.commitments:
        if commitment.focus_id == focus.id:
            commitment.focus = None
    promise.focus_areas.remove(focus)
    audit.record(
        actor, "loften.focus_remove", promise, area=promise.area, detail={"title": focus.title}
    )
    history.record(promise, before, actor)


def add_signatory(actor, promise: Promise, name: str, title: str, organisation: str) -> Signatory:
    before = history.capture(promise)
    position = max((s.position for s in promise.signatories), default=-1) + 1
    person = Signatory(
        name=name.strip(), title=title.strip(), organisation=organisation.strip(), position=position
    )
    promise.signatories.append(person)
    audit.record(
        actor, "loften.signatory_add", promise, area=promise.area, detail={"name": person.name}
    )
    history.record(promise, before, actor)
    return person


def remove_signatory(actor, person: Signatory) -> None:
    promise = person.promise
    before = history.capture(promise)
    promise.signatories.remove(person)
    audit.record(
        actor, "loften.signatory_remove", promise, area=promise.area, detail={"name": person.name}
    )
    history.record(promise, before, actor)


# --- life cycle --------------------------------------------------------------------------------


def publish_problems(promise: Promise) -> list[str]:
    """What stops publishing (codes; empty when it can be published)."""
    problems = []
    if not promise.commitments:
        problems.append("no_commitments")
    if not promise.signatories:
        problems.append("no_signatories")
    if promise.signed_on is None:
        problems.append("no_signing_date")
    if any(c.party == vocab.PARTNER and not c.organisation for c in promise.commitments):
        problems.append("partner_without_name")
    return problems


def transition(actor, promise: Promise, action: str, on: date) -> None:
    """utkast → publicerat → avslutat → uppföljt."""
    if action not in vocab.TRANSITIONS:
        raise LoftenError("bad_action")
    source, target = vocab.TRANSITIONS[action]
    if promise.state != source:
        raise LoftenError("transition")
    now = utcnow()
    if target == vocab.PUBLICERAT:
        problems = publish_problems(promise)
        if problems:
            raise LoftenError("not_ready", problems=problems)
        promise.published_at = now
        promise.next_review_on = add_months(on, promise.review_months)
        promise.state = target
        history.add_version(promise, actor, "publicerat", [])
    elif target == vocab.AVSLUTAT:
        promise.closed_at = now
        promise.next_review_on = None
        promise.state = target
        history.add_version(promise, actor, "avslutat", [])
    else:
        if not promise.followup_result.strip():
            raise LoftenError("no_followup_result")
        promise.followed_up_at = now
        promise.state = target
        history.add_version(promise, actor, "uppfoljt", [])
    db.session.flush()
    audit.record(
        actor, f"loften.{action}", promise, area=promise.area, detail={"state": promise.state}
    )


def mark_reviewed(actor, promise: Promise, on: date, note: str = "") -> None:
    """A review (genomgång) was held: the next is one cycle from today."""
    if promise.state != vocab.PUBLICERAT:
        raise LoftenError("transition")
    promise.last_reviewed_on = on
    promise.next_review_on = add_months(on, promise.review_months)
    db.session.flush()
    audit.record(
        actor,
        "loften.review",
        promise,
        area=promise.area,
        detail={"next": promise.next_review_on.isoformat(), "note": note[:500]},
    )


def delete_draft(actor, promise: Promise) -> None:
    """Only a draft can be deleted; a public promise is avslutat instead."""
    if promise.state != vocab.UTKAST:
        raise LoftenError("not_draft")
    audit.record(
        actor, "loften.delete", promise, area=promise.area, detail={"title": promise.title}
    )
    db.session.delete(promise)
    db.session.flush()
