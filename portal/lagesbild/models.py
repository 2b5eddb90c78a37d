"""EST reports, the working lägesbild (analysis, problems, evidence) and fastställda snapshots.

Foreign keys point only at areas, users and this package's own tables. What a lägesbild draws on
from other domains (surveys, places, walks) is referred to by kind and id in :class:`Evidence` and
copied as numbers into :class:`Snapshot`, so their schemas can change without touching these tables.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.areas.models import Area
from portal.auth.models import User
from portal.extensions import db
from portal.timeutil import utcnow

#: Ids are 32-bit integers in every database the portal runs on; a larger one names no row (and
#: PostgreSQL would refuse to compare it).
MAX_ID = 2**31 - 1


def get(model, ident: int):
    """The row with primary key ``ident``, or None (also for ids no row can have)."""
    return db.session.get(model, ident) if 0 < ident <= MAX_ID else None


# --- EST -------------------------------------------------------------------------------------------


class EstCategory(db.Model):
    """One line of the EST checklist ("Skadegörelse", "Klotter", …), configured by staff."""

    __tablename__ = "est_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name_sv: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    help_sv: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def name(self, locale: str | None = "sv") -> str:
        return self.name_en if (locale or "").startswith("en") and self.name_en else self.name_sv

    def __repr__(self) -> str:
        return f"<EstCategory {self.slug}>"


class EstReport(db.Model):
    """One reporter's report for one area and one week or fortnight.

    ``organisation`` is who reported as shown to staff (the reporter's organisation, or the
    name in an imported spreadsheet). A reporter files one report per area and period; filing
    again changes it.
    """

    __tablename__ = "est_report"
    __table_args__ = (
        UniqueConstraint("area_id", "reporter_id", "period_start", name="uq_est_report_reporter"),
        Index("ix_est_report_area_period", "area_id", "period_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    organisation: Mapped[str] = mapped_column(String(200))
    period_kind: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(10), default="formular")  # or "import"
    import_batch: Mapped[str | None] = mapped_column(String(40), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    area: Mapped[Area] = relationship(lazy="joined")
    reporter: Mapped[User | None] = relationship()
    entries: Mapped[list[EstEntry]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="EstEntry.id"
    )

    def __repr__(self) -> str:
        return f"<EstReport {self.id} area={self.area_id} {self.period_start}>"


class EstEntry(db.Model):
    """One checklist category in a report: an assessment or a count, and a note.

    ``level`` (0 ingen, 1 enstaka, 2 återkommande, 3 omfattande) is derived from the assessment
    or the count, so reports of both kinds add up. ``area_id`` and ``period_start`` copy the
    report's, so the lägesbild counts entries with one scan of ``ix_est_entry_tally``.
    ``note`` is as written (staff only); ``note_masked`` has personal data masked and is what
    leaves the staff pages (printouts, snapshots).
    """

    __tablename__ = "est_entry"
    __table_args__ = (
        UniqueConstraint("report_id", "category_id", name="uq_est_entry_category"),
        Index("ix_est_entry_tally", "period_start", "area_id", "category_id", "level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("est_report.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("est_category.id"))
    area_id: Mapped[int] = mapped_column(Integer)
    period_start: Mapped[date] = mapped_column(Date)
    assessment: Mapped[str | None] = mapped_column(String(15))
    count: Mapped[int | None] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(SmallInteger, default=0)
    note: Mapped[str | None] = mapped_column(Text)
    note_masked: Mapped[str | None] = mapped_column(Text)
    masked_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)

    report: Mapped[EstReport] = relationship(back_populates="entries")
    category: Mapped[EstCategory] = relationship(lazy="joined")


# --- survey answers counted per day (a cache of the surveys' own tables) -----------------------------


class SurveyTally(db.Model):
    """Coded answers of the indicator questions counted per survey, question, area, answer and
    day, so a lägesbild for any period reads a few thousand rows instead of every answer.

    Only ever added to (several rows may share a key; they are summed) and rebuilt for a survey
    when responses disappear (gallring). :class:`SurveyMark` says how far each survey is counted.
    No foreign keys: the rows mirror another domain's tables and follow them.
    """

    __tablename__ = "lagesbild_survey_tally"
    __table_args__ = (
        # covering: a period's rows are summed from the index alone
        Index(
            "ix_lagesbild_survey_tally_day",
            "survey_id",
            "day",
            "question_id",
            "area_id",
            "value",
            "n",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[int] = mapped_column(Integer)
    area_id: Mapped[int | None] = mapped_column(Integer)
    value: Mapped[str] = mapped_column(String(40))
    day: Mapped[date] = mapped_column(Date)
    n: Mapped[int] = mapped_column(Integer)


class SurveyTotal(db.Model):
    """:class:`SurveyTally` summed over the days: read for surveys that lie wholly inside a
    period, so a year's lägesbild does not add up every day of every survey."""

    __tablename__ = "lagesbild_survey_total"
    __table_args__ = (Index("ix_lagesbild_survey_total_survey", "survey_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[int] = mapped_column(Integer)
    area_id: Mapped[int | None] = mapped_column(Integer)
    value: Mapped[str] = mapped_column(String(40))
    n: Mapped[int] = mapped_column(Integer)


class SurveyMark(db.Model):
    """How far a survey's answers are counted into :class:`SurveyTally`: every response with
    ``id <= last_response_id``, ``responses`` of them."""

    __tablename__ = "lagesbild_survey_mark"

    survey_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_response_id: Mapped[int] = mapped_column(Integer, default=0)
    responses: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


# --- the working lägesbild -----------------------------------------------------------------------


class Lagesbild(db.Model):
    """The coordinators' working copy for one area and period: texts and problems.

    The numbers are not stored here; they are computed from the sources whenever the page is
    shown, and frozen only in a :class:`Snapshot`. ``revision`` counts saves of the texts, so a
    save based on an older revision is refused instead of overwriting a colleague's words.
    """

    __tablename__ = "lagesbild"
    __table_args__ = (UniqueConstraint("area_id", "period_key", name="uq_lagesbild_area_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    period_kind: Mapped[str] = mapped_column(String(10))
    period_key: Mapped[str] = mapped_column(String(30))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    problem_description: Mapped[str] = mapped_column(Text, default="")
    causes: Mapped[str] = mapped_column(Text, default="")
    public_summary: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    area: Mapped[Area] = relationship(lazy="joined")
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    problems: Mapped[list[Problem]] = relationship(
        back_populates="lagesbild",
        cascade="all, delete-orphan",
        order_by=lambda: [Problem.prioritised.desc(), Problem.position, Problem.id],
    )

    def __repr__(self) -> str:
        return f"<Lagesbild {self.id} {self.period_key}>"


class Problem(db.Model):
    """A problem the coordinators describe; ``prioritised`` ones are the fokusområden."""

    __tablename__ = "lagesbild_problem"

    id: Mapped[int] = mapped_column(primary_key=True)
    lagesbild_id: Mapped[int] = mapped_column(
        ForeignKey("lagesbild.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    prioritised: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    lagesbild: Mapped[Lagesbild] = relationship(back_populates="problems")
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="problem", cascade="all, delete-orphan", order_by="Evidence.id"
    )


class Evidence(db.Model):
    """What a problem rests on, by kind and id (no foreign key into other domains).

    Kinds: ``est_category``, ``place_category``, ``survey_item`` (a question key), ``place``,
    ``est_entry``. ``label`` is how it read when it was linked.
    """

    __tablename__ = "lagesbild_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(
        ForeignKey("lagesbild_problem.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    ref: Mapped[str] = mapped_column(String(80))
    label: Mapped[str] = mapped_column(String(300))

    problem: Mapped[Problem] = relationship(back_populates="evidence")


# --- fastställd lägesbild ------------------------------------------------------------------------


class Snapshot(db.Model):
    """A fastställd lägesbild: every number, the map and the texts, frozen. Never changed.

    ``data`` is the internal version, ``public_data`` the public summary (aggregates with
    disclosure control, no EST notes, no unpublished places). ``digest`` is the SHA-256 of both,
    so anyone can check that nothing changed. A later fastställ makes version ``n + 1``.
    """

    __tablename__ = "lagesbild_snapshot"
    __table_args__ = (
        UniqueConstraint("lagesbild_id", "version", name="uq_lagesbild_snapshot_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lagesbild_id: Mapped[int] = mapped_column(ForeignKey("lagesbild.id"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    period_kind: Mapped[str] = mapped_column(String(10))
    period_key: Mapped[str] = mapped_column(String(30))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    fixed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    fixed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    fixed_by_name: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    public_data: Mapped[dict[str, Any]] = mapped_column(JSON)
    digest: Mapped[str] = mapped_column(String(64))

    area: Mapped[Area] = relationship(lazy="joined")
    lagesbild: Mapped[Lagesbild] = relationship()

    def __repr__(self) -> str:
        return f"<Snapshot {self.id} v{self.version}>"


class SnapshotImmutable(RuntimeError):
    """A fastställd lägesbild cannot be changed or deleted; fastställ a new version instead."""


@event.listens_for(Snapshot, "before_update")
def _refuse_update(_mapper, _connection, target: Snapshot) -> None:
    raise SnapshotImmutable(f"snapshot {target.id} is fastställd and cannot change")


@event.listens_for(Snapshot, "before_delete")
def _refuse_delete(_mapper, _connection, target: Snapshot) -> None:
    raise SnapshotImmutable(f"snapshot {target.id} is fastställd and cannot be deleted")
