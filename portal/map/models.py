"""Categories, places, observations (reports) and public updates.

Coordinates are WGS84 lon/lat. A place's ``lon``/``lat`` is where it is shown; each observation
keeps the point its reporter gave (or the area's point when it was reported without a map, see
``Observation.positioned``), so staff can split a report off to where it was made.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.areas.models import Area
from portal.auth.models import User
from portal.content_i18n import Translatable
from portal.extensions import db
from portal.map import vocab
from portal.timeutil import utcnow


class Category(Translatable, db.Model):
    """A kind of place ("Belysning saknas/trasig", …), configured per installation.

    ``name_sv`` is the name; ``name_en`` its English translation (on the category form); other
    languages are in ``translations`` (:mod:`portal.content_i18n`).
    """

    __tablename__ = "place_category"
    translatable_fields = {"name": "name_sv"}

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name_sv: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    colour: Mapped[str] = mapped_column(String(7), default="#1f5fa8")
    icon: Mapped[str] = mapped_column(String(20), default="punkt")
    positive: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def name(self, locale: str | None = "sv") -> str:
        """The name in ``locale`` where translated, else Swedish."""
        return self.tr("name", locale or "sv").text

    def stored_translation(self, lang: str, field: str) -> str:
        if lang == "en" and field == "name":
            return self.name_en or ""
        return super().stored_translation(lang, field)

    def translation_is_stale(self, lang: str, field: str) -> bool:
        return False if lang == "en" else super().translation_is_stale(lang, field)

    def set_translation(self, lang: str, field: str, value: str) -> bool:
        if lang == "en" and field == "name":
            changed = (self.name_en or "") != value.strip()
            self.name_en = value.strip()
            return changed
        return super().set_translation(lang, field, value)

    @property
    def glyph(self) -> str:
        return vocab.ICONS.get(self.icon, vocab.ICONS["punkt"])[0]

    def __repr__(self) -> str:
        return f"<Category {self.slug}>"


class Place(db.Model):
    """A lasting record of one place: where, what, its handling status and public text."""

    __tablename__ = "place"
    __table_args__ = (
        # Covers the public bounding-box queries with their filters (no table lookups).
        Index(
            "ix_place_published_lat_lon",
            "published",
            "lat",
            "lon",
            "category_id",
            "time_mask",
            "status",
        ),
        Index("ix_place_lat_lon", "lat", "lon"),  # staff maps (published or not)
        # The lägesbild (portal/lagesbild/sources/places.py): places new and åtgärdade per
        # area, and the places of a period's observations looked up by id, without table reads.
        Index(
            "ix_place_lagesbild",
            "area_id",
            "category_id",
            "published",
            "status",
            "merged_into_id",
            "created_at",
            "status_changed_at",
        ),
        Index(
            "ix_place_lagesbild_lookup",
            "id",
            "category_id",
            "area_id",
            "published",
            "status",
            "merged_into_id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("place_category.id"), index=True)
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20), default=vocab.NY)
    status_reason: Mapped[str | None] = mapped_column(Text)  # public, e.g. why no action
    status_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    public_description: Mapped[str | None] = mapped_column(Text)  # masked, moderated
    responsible: Mapped[str | None] = mapped_column(String(200))
    deadline: Mapped[date | None] = mapped_column(Date)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    needs_positioning: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    time_mask: Mapped[int] = mapped_column(Integer, default=0)  # vocab.TIME_BITS of observations
    observation_count: Mapped[int] = mapped_column(Integer, default=0)
    agree_count: Mapped[int] = mapped_column(Integer, default=0)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    area: Mapped[Area] = relationship()
    category: Mapped[Category] = relationship(lazy="joined")
    merged_into: Mapped[Place | None] = relationship(remote_side=[id])
    observations: Mapped[list[Observation]] = relationship(
        back_populates="place", order_by="Observation.created_at"
    )
    updates: Mapped[list[PlaceUpdate]] = relationship(
        back_populates="place", order_by="PlaceUpdate.created_at", cascade="all, delete-orphan"
    )

    @property
    def is_public(self) -> bool:
        """Shown to everyone: published, not merged away and not rejected."""
        return (
            self.published and self.merged_into_id is None and self.status in vocab.PUBLIC_STATUSES
        )

    @property
    def status_label(self) -> str:
        return str(vocab.STATUS_LABELS.get(self.status, self.status))

    def __repr__(self) -> str:
        return f"<Place {self.id} {self.status}>"


class Observation(db.Model):
    """One report about a place: what, when it feels unsafe, an optional photo, a follow code.

    ``description`` and ``location_text`` are as written and never shown publicly;
    ``public_text`` is the moderated, masked version. ``walk_id`` is the hook for walks
    (trygghetsvandringar): a walk point is an observation with ``source == "walk"``.
    """

    __tablename__ = "place_observation"
    __table_args__ = (
        # The lägesbild counts a period's observations from this index alone.
        Index(
            "ix_place_observation_lagesbild",
            "created_at",
            "place_id",
            "time_of_day",
            "source",
            "lon",
            "lat",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"), index=True)
    follow_code: Mapped[str] = mapped_column(String(16), unique=True)
    client_key: Mapped[str | None] = mapped_column(String(64), unique=True)  # idempotency
    source: Mapped[str] = mapped_column(String(10), default=vocab.RESIDENT)
    walk_id: Mapped[int | None] = mapped_column(Integer, index=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    positioned: Mapped[bool] = mapped_column(Boolean, default=True)  # False: placed at the area
    location_text: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    public_text: Mapped[str | None] = mapped_column(Text)
    time_of_day: Mapped[str] = mapped_column(String(10))
    day_kind: Mapped[str] = mapped_column(String(10))
    flagged_emergency: Mapped[bool] = mapped_column(Boolean, default=False)
    review_state: Mapped[str] = mapped_column(String(10), default=vocab.REVIEW_NEW, index=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    photo_key: Mapped[str | None] = mapped_column(String(200))
    thumb_key: Mapped[str | None] = mapped_column(String(200))
    photo_state: Mapped[str] = mapped_column(String(10), default=vocab.PHOTO_NONE)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )

    place: Mapped[Place] = relationship(back_populates="observations")
    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])

    @property
    def display_code(self) -> str:
        """The follow code in groups of three (``K7M-4QX-9PZ``)."""
        code = self.follow_code
        return "-".join(code[i : i + 3] for i in range(0, len(code), 3))

    @property
    def photo_public(self) -> bool:
        return self.photo_state == vocab.PHOTO_APPROVED and self.photo_key is not None

    def __repr__(self) -> str:
        return f"<Observation {self.id} place={self.place_id}>"


class PlaceUpdate(db.Model):
    """A public update on a place: a status change and/or a note, shown on the follow page."""

    __tablename__ = "place_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    status_from: Mapped[str | None] = mapped_column(String(20))
    status_to: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    place: Mapped[Place] = relationship(back_populates="updates")
    author: Mapped[User | None] = relationship()

    @property
    def status_label(self) -> str | None:
        return str(vocab.STATUS_LABELS[self.status_to]) if self.status_to else None
