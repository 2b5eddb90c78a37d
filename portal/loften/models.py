"""Medborgarlöften: promises, their commitments, activities, progress updates, versions and links.

Texts shown to residents can carry translations (:class:`portal.content_i18n.Translatable`).

Foreign keys point only at areas, users and this package's own tables. What a promise rests on
in other domains (a fastställd lägesbild, surveys, places, walk points) is referred to by kind
and id and read through :mod:`portal.loften.sources`, so their schemas can change without
touching these tables.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal import content_i18n
from portal.areas.models import Area
from portal.auth.models import User
from portal.content_i18n import Localized, Translatable
from portal.extensions import db
from portal.loften import vocab
from portal.timeutil import utcnow

promise_area = Table(
    "loften_promise_area",
    db.metadata,
    Column("promise_id", ForeignKey("loften_promise.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("area.id", ondelete="CASCADE"), primary_key=True),
)


class Promise(Translatable, db.Model):
    """One medborgarlöfte: what was heard, what is promised, who signed, how it is followed up.

    ``area`` owns the promise (coordinators of it manage it); ``areas`` are where it applies.
    ``snapshot_id`` is a fastställd lägesbild (:class:`portal.lagesbild.models.Snapshot`);
    ``baseline_survey_id``/``followup_survey_id`` are the surveys whose ``indicator_key``
    (``"trygghet"`` or a problem item's key) is compared before and after.
    """

    __tablename__ = "loften_promise"
    translatable_fields = {
        field: field
        for field in (
            "title",
            "summary",
            "dialog_summary",
            "follow_text",
            "followup_method",
            "followup_result",
        )
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(12), default=vocab.UTKAST, index=True)
    snapshot_id: Mapped[int | None] = mapped_column(Integer, index=True)
    dialog_summary: Mapped[str] = mapped_column(Text, default="")
    follow_text: Mapped[str] = mapped_column(Text, default="")
    followup_method: Mapped[str] = mapped_column(Text, default="")
    followup_result: Mapped[str] = mapped_column(Text, default="")
    baseline_survey_id: Mapped[int | None] = mapped_column(Integer)
    followup_survey_id: Mapped[int | None] = mapped_column(Integer)
    indicator_key: Mapped[str] = mapped_column(String(60), default=vocab.DEFAULT_INDICATOR)
    signed_on: Mapped[date | None] = mapped_column(Date)
    review_months: Mapped[int] = mapped_column(Integer, default=6)
    next_review_on: Mapped[date | None] = mapped_column(Date, index=True)
    last_reviewed_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=0)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    followed_up_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    area: Mapped[Area] = relationship(lazy="joined")
    areas: Mapped[list[Area]] = relationship(secondary=promise_area, order_by="Area.path")
    focus_areas: Mapped[list[Focus]] = relationship(
        back_populates="promise", cascade="all, delete-orphan", order_by="Focus.position, Focus.id"
    )
    commitments: Mapped[list[Commitment]] = relationship(
        back_populates="promise",
        cascade="all, delete-orphan",
        order_by="Commitment.position, Commitment.id",
    )
    signatories: Mapped[list[Signatory]] = relationship(
        back_populates="promise",
        cascade="all, delete-orphan",
        order_by="Signatory.position, Signatory.id",
    )
    sources: Mapped[list[Source]] = relationship(
        back_populates="promise", cascade="all, delete-orphan", order_by="Source.id"
    )
    versions: Mapped[list[PromiseVersion]] = relationship(
        back_populates="promise",
        cascade="all, delete-orphan",
        order_by="PromiseVersion.number.desc()",
    )

    @property
    def is_public(self) -> bool:
        return self.state in vocab.PUBLIC_STATES

    @property
    def state_label(self) -> str:
        return str(vocab.STATE_LABELS.get(self.state, self.state))

    @property
    def all_areas(self) -> list[Area]:
        """Where the promise applies (its own area when no other is named)."""
        return list(self.areas) or [self.area]

    def __repr__(self) -> str:
        return f"<Promise {self.id} {self.state}>"


class Focus(Translatable, db.Model):
    """A fokusområde of the promise (often a prioritised problem of the lägesbild)."""

    __tablename__ = "loften_focus"
    translatable_fields = {"title": "title", "description": "description"}

    id: Mapped[int] = mapped_column(primary_key=True)
    promise_id: Mapped[int] = mapped_column(
        ForeignKey("loften_promise.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")

    promise: Mapped[Promise] = relationship(back_populates="focus_areas")


class Signatory(db.Model):
    """Who signed: name, title and organisation (e.g. lokalpolisområdeschef, Polisen)."""

    __tablename__ = "loften_signatory"

    id: Mapped[int] = mapped_column(primary_key=True)
    promise_id: Mapped[int] = mapped_column(
        ForeignKey("loften_promise.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200))

    promise: Mapped[Promise] = relationship(back_populates="signatories")


class Source(db.Model):
    """Underlag in another domain, by kind and id: a survey or a place (no foreign key)."""

    __tablename__ = "loften_source"
    __table_args__ = (UniqueConstraint("promise_id", "kind", "ref", name="uq_loften_source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    promise_id: Mapped[int] = mapped_column(
        ForeignKey("loften_promise.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(12))
    ref: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(300))  # how it read when it was added

    promise: Mapped[Promise] = relationship(back_populates="sources")


class Commitment(Translatable, db.Model):
    """ "Det här lovar vi": one commitment with a responsible party, a target and a due date.

    ``status``, ``status_reason`` and ``progress_value`` are those of the newest update (kept
    here so lists need no second query); the updates themselves are the history.
    """

    __tablename__ = "loften_commitment"
    translatable_fields = {"title": "title", "description": "description"}

    id: Mapped[int] = mapped_column(primary_key=True)
    promise_id: Mapped[int] = mapped_column(
        ForeignKey("loften_promise.id", ondelete="CASCADE"), index=True
    )
    focus_id: Mapped[int | None] = mapped_column(
        ForeignKey("loften_focus.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    party: Mapped[str] = mapped_column(String(12))
    organisation: Mapped[str | None] = mapped_column(String(200), index=True)
    target_value: Mapped[float | None] = mapped_column(Float)
    target_unit: Mapped[str | None] = mapped_column(String(60))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default=vocab.EJ_PABORJAD)
    status_reason: Mapped[str | None] = mapped_column(Text)
    progress_value: Mapped[float | None] = mapped_column(Float)
    last_update_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    promise: Mapped[Promise] = relationship(back_populates="commitments")
    focus: Mapped[Focus | None] = relationship()
    activities: Mapped[list[Activity]] = relationship(
        back_populates="commitment",
        cascade="all, delete-orphan",
        order_by="Activity.position, Activity.id",
    )
    updates: Mapped[list[Update]] = relationship(
        back_populates="commitment",
        cascade="all, delete-orphan",
        order_by="Update.happened_on.desc(), Update.id.desc()",
    )
    links: Mapped[list[Link]] = relationship(
        back_populates="commitment", cascade="all, delete-orphan", order_by="Link.id"
    )

    @property
    def party_name(self) -> str:
        return vocab.party_name(self.party, self.organisation)

    def status_reason_tr(self, lang: str | None = None) -> Localized:
        """``status_reason`` in the visitor's language: it is the newest update's reason."""
        newest = self.updates[0] if self.updates else None
        if newest is not None and newest.reason == self.status_reason:
            return newest.tr("reason", lang)
        wanted = lang or content_i18n.current_language()
        return Localized(self.status_reason or "", content_i18n.SOURCE_LANGUAGE, wanted)

    @property
    def status_label(self) -> str:
        return str(vocab.STATUS_LABELS.get(self.status, self.status))

    def __repr__(self) -> str:
        return f"<Commitment {self.id} {self.status}>"


class Activity(Translatable, db.Model):
    """A concrete activity under a commitment (e.g. "Kvällspatrullering vid centrumhuset")."""

    __tablename__ = "loften_activity"
    translatable_fields = {"title": "title", "description": "description"}

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("loften_commitment.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date | None] = mapped_column(Date)

    commitment: Mapped[Commitment] = relationship(back_populates="activities")


class Update(Translatable, db.Model):
    """A progress update on a commitment: what was done, status, progress toward the target.

    ``text`` is Markdown as written; it is rendered and sanitised when shown. ``reason`` is the
    public reason a commitment is försenad or inställd. ``organisation`` is who reported, as
    shown publicly (never the person's name).
    """

    __tablename__ = "loften_update"
    __table_args__ = (Index("ix_loften_update_created", "created_at"),)
    translatable_fields = {"text": "text", "reason": "reason"}

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("loften_commitment.id", ondelete="CASCADE"), index=True
    )
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("loften_activity.id", ondelete="SET NULL")
    )
    happened_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str | None] = mapped_column(Text)
    progress_value: Mapped[float | None] = mapped_column(Float)
    photo_key: Mapped[str | None] = mapped_column(String(200))
    thumb_key: Mapped[str | None] = mapped_column(String(200))
    photo_alt: Mapped[str | None] = mapped_column(String(300))
    organisation: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    commitment: Mapped[Commitment] = relationship(back_populates="updates")
    activity: Mapped[Activity | None] = relationship()
    author: Mapped[User | None] = relationship()

    @property
    def status_label(self) -> str:
        return str(vocab.STATUS_LABELS.get(self.status, self.status))

    def __repr__(self) -> str:
        return f"<Update {self.id} {self.status}>"


class PromiseVersion(db.Model):
    """One public version of a promise: when it changed and what changed, field by field.

    ``changes`` is a list of ``{"object", "object_id", "label", "field", "change", "before",
    "after"}`` (see :mod:`portal.loften.history`); ``change`` is changed, added or removed.
    """

    __tablename__ = "loften_version"
    __table_args__ = (UniqueConstraint("promise_id", "number", name="uq_loften_version_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    promise_id: Mapped[int] = mapped_column(
        ForeignKey("loften_promise.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12), default="andring")  # or "publicerat"
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    promise: Mapped[Promise] = relationship(back_populates="versions")


class Link(db.Model):
    """ "You said, we did": a commitment (or one of its activities) answers a place or walk point.

    ``target_type`` is :data:`vocab.PLACE` or :data:`vocab.WALK_POINT`, ``target_id`` its id in
    the places or walks package (no foreign key; see :mod:`portal.loften.sources`).
    """

    __tablename__ = "loften_link"
    __table_args__ = (
        UniqueConstraint("commitment_id", "target_type", "target_id", name="uq_loften_link"),
        Index("ix_loften_link_target", "target_type", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("loften_commitment.id", ondelete="CASCADE"), index=True
    )
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("loften_activity.id", ondelete="SET NULL")
    )
    target_type: Mapped[str] = mapped_column(String(12))
    target_id: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(300))  # how the target read when linked
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    commitment: Mapped[Commitment] = relationship(back_populates="links")
    activity: Mapped[Activity | None] = relationship()
