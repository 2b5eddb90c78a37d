"""EST: the checklist, filing reports, and who has not reported. Services flush; views commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, or_

from portal.areas.models import Area
from portal.areas.services import slugify
from portal.auth import audit
from portal.auth.models import RoleGrant, User
from portal.extensions import db
from portal.lagesbild import vocab
from portal.lagesbild.models import EstCategory, EstEntry, EstReport
from portal.lagesbild.periods import est_period
from portal.privacy.masking import mask_personal_data

# --- the checklist -----------------------------------------------------------------------------


def all_categories(*, active_only: bool = False) -> list[EstCategory]:
    query = db.select(EstCategory).order_by(EstCategory.sort_order, EstCategory.id)
    if active_only:
        query = query.where(EstCategory.active.is_(True))
    return list(db.session.scalars(query))


def ensure_defaults(actor=None) -> list[EstCategory]:
    """Create the DOMAIN.md checklist categories that do not exist yet (by slug)."""
    existing = set(db.session.scalars(db.select(EstCategory.slug)))
    created = []
    for order, (slug, name_sv, name_en) in enumerate(vocab.DEFAULT_CATEGORIES):
        if slug not in existing:
            category = EstCategory(
                slug=slug, name_sv=name_sv, name_en=name_en, sort_order=(order + 1) * 10
            )
            db.session.add(category)
            created.append(category)
    db.session.flush()
    if created and actor is not None:
        audit.record(actor, "est.category.defaults", detail={"created": len(created)})
    return created


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50]
    taken = set(db.session.scalars(db.select(EstCategory.slug)))
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def create_category(
    actor, *, name_sv: str, name_en: str, help_sv: str | None = None, sort_order: int = 0
) -> EstCategory:
    category = EstCategory(
        slug=_unique_slug(name_sv),
        name_sv=name_sv.strip(),
        name_en=name_en.strip(),
        help_sv=(help_sv or "").strip() or None,
        sort_order=sort_order,
    )
    db.session.add(category)
    db.session.flush()
    audit.record(actor, "est.category.create", category, detail={"name": category.name_sv})
    return category


def update_category(actor, category: EstCategory, **changes) -> EstCategory:
    """Change name_sv, name_en, help_sv, active or sort_order. Reports keep their entries."""
    changed = {}
    for name, value in changes.items():
        if isinstance(value, str):
            value = value.strip() or (None if name == "help_sv" else value)
        if getattr(category, name) != value:
            changed[name] = value
            setattr(category, name, value)
    db.session.flush()
    if changed:
        audit.record(actor, "est.category.update", category, detail=changed)
    return category


# --- filing a report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryInput:
    """What a reporter said about one category."""

    category_id: int
    assessment: str | None = None
    count: int | None = None
    note: str | None = None


def count_levels() -> tuple[int, int, int]:
    return tuple(current_app.config["EST_COUNT_LEVELS"])  # type: ignore[return-value]


def fill_entry(entry: EstEntry, given: EntryInput, thresholds: tuple[int, int, int]) -> None:
    """Set assessment, count, level and the note (as written and masked)."""
    entry.assessment = given.assessment or None
    entry.count = given.count
    entry.level = vocab.level_for(entry.assessment, given.count, thresholds)
    note = (given.note or "").strip() or None
    entry.note = note
    if note is None:
        entry.note_masked, entry.masked_kinds = None, []
    else:
        masked = mask_personal_data(note)
        entry.note_masked, entry.masked_kinds = masked.text, list(masked.found)


def report_for(area: Area, reporter: User, period_start: date) -> EstReport | None:
    return db.session.scalar(
        db.select(EstReport).where(
            EstReport.area_id == area.id,
            EstReport.reporter_id == reporter.id,
            EstReport.period_start == period_start,
        )
    )


def save_report(
    actor: User, area: Area, kind: str, day: date, entries: Sequence[EntryInput]
) -> EstReport:
    """File (or change) ``actor``'s report for ``area`` and the period containing ``day``."""
    start, end = est_period(kind, day)
    report = report_for(area, actor, start)
    created = report is None
    if report is None:
        report = EstReport(
            area=area,
            reporter=actor,
            organisation=actor.organisation or actor.name,
            period_kind=kind,
            period_start=start,
            period_end=end,
            source=vocab.SOURCE_FORM,
        )
        db.session.add(report)
    report.period_kind, report.period_end = kind, end
    existing = {e.category_id: e for e in report.entries}
    thresholds = count_levels()
    for given in entries:
        entry = existing.get(given.category_id)
        if entry is None:
            entry = EstEntry(category_id=given.category_id, area_id=area.id, period_start=start)
            report.entries.append(entry)
        fill_entry(entry, given, thresholds)
    db.session.flush()
    audit.record(
        actor,
        "est.report.create" if created else "est.report.update",
        report,
        area=area,
        detail={"period_start": start.isoformat(), "entries": len(entries)},
    )
    return report


def masked_kinds(report: EstReport) -> list[str]:
    """The kinds of personal data masked in the report's notes (for the reporter's notice)."""
    return sorted({kind for entry in report.entries for kind in entry.masked_kinds})


# --- reading reports ---------------------------------------------------------------------------


def in_subtree(area: Area):
    """Reports in ``area`` and the areas below it."""
    return EstReport.area_id.in_(
        db.select(Area.id).where(Area.path.startswith(area.path, autoescape=True))
    )


def in_any(areas: Sequence[Area]):
    if not areas:
        return db.false()
    ids = db.select(Area.id).where(
        or_(*[Area.path.startswith(a.path, autoescape=True) for a in areas])
    )
    return EstReport.area_id.in_(ids)


def reports_query(area: Area, start: date | None = None, end: date | None = None):
    """Reports in the subtree of ``area`` whose period starts within ``start``..``end``."""
    query = db.select(EstReport).where(in_subtree(area))
    if start is not None:
        query = query.where(EstReport.period_start >= start)
    if end is not None:
        query = query.where(EstReport.period_start <= end)
    return query.order_by(EstReport.period_start.desc(), EstReport.id.desc())


def my_reports_query(user: User):
    return (
        db.select(EstReport)
        .where(EstReport.reporter_id == user.id)
        .order_by(EstReport.period_start.desc(), EstReport.id.desc())
    )


def signal_counts(report_ids: Sequence[int]) -> dict[int, int]:
    """Per report: how many categories had something (level ≥ 1)."""
    if not report_ids:
        return {}
    rows = db.session.execute(
        db.select(EstEntry.report_id, func.count())
        .where(EstEntry.report_id.in_(report_ids), EstEntry.level > 0)
        .group_by(EstEntry.report_id)
    )
    return dict(rows.all())


# --- who has not reported ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReporterStatus:
    """One reporter on one area, and their reports for this and the previous period."""

    user: User
    area: Area
    this_period: EstReport | None
    previous_period: EstReport | None

    @property
    def missing(self) -> bool:
        return self.this_period is None


def reporter_status(area: Area, day: date, kind: str) -> list[ReporterStatus]:
    """Every rapportör granted in ``area``'s subtree, and whether they have reported.

    A report counts for the period containing ``day`` (and the one before) when it was filed
    for the reporter's granted area or an area below it. Missing ones come first.
    """
    this_start, _end = est_period(kind, day)
    previous_start, _ = est_period(kind, this_start - timedelta(days=1))
    grants = list(
        db.session.scalars(
            db.select(RoleGrant)
            .join(RoleGrant.area)
            .join(RoleGrant.user)
            .where(
                RoleGrant.role == "rapportor",
                User.active.is_(True),
                Area.path.startswith(area.path, autoescape=True),
            )
        )
    )
    if not grants:
        return []
    rows = db.session.execute(
        db.select(EstReport, Area.path)
        .join(Area, EstReport.area_id == Area.id)
        .where(
            EstReport.reporter_id.in_({g.user_id for g in grants}),
            EstReport.period_start >= previous_start,
            EstReport.period_start <= day,
        )
    ).all()
    statuses = []
    for grant in grants:
        mine = [
            report
            for report, path in rows
            if report.reporter_id == grant.user_id and path.startswith(grant.area.path)
        ]
        this = next((r for r in mine if r.period_start <= day <= r.period_end), None)
        previous = next(
            (r for r in mine if r.period_start <= this_start - timedelta(days=1) <= r.period_end),
            None,
        )
        statuses.append(ReporterStatus(grant.user, grant.area, this, previous))
    return sorted(statuses, key=lambda s: (not s.missing, s.area.name, s.user.name))
