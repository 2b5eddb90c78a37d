"""Walks, their participants, their pins (place observations) and their protocol points.

A pin is a :class:`portal.map.models.Observation` with ``source == "walk"`` and ``walk_id`` set;
:class:`WalkPin` only adds who pinned it. A protocol point is a :class:`Place` in the walk's
protocol with the walk's own priority; status, responsible party, deadline and public notes are
the place's own, so the follow page, place page and protocol always agree.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.areas.models import Area
from portal.auth.models import User
from portal.extensions import db
from portal.map.models import Category, Observation, Place
from portal.timeutil import utcnow
from portal.walks import vocab
from portal.walks.timing import aware

walk_category = Table(
    "walk_category",
    db.metadata,
    Column("walk_id", ForeignKey("walk.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("place_category.id", ondelete="CASCADE"), primary_key=True),
)


class Walk(db.Model):
    """One trygghetsvandring: when, where, how, who organises it, and its join code."""

    __tablename__ = "walk"

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)  # public introduction
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    light: Mapped[str] = mapped_column(String(10), default=vocab.MORKER)
    meeting_point: Mapped[str] = mapped_column(String(300))
    meeting_lon: Mapped[float | None] = mapped_column(Float)
    meeting_lat: Mapped[float | None] = mapped_column(Float)
    route: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # LineString/MultiLineString
    route_text: Mapped[str | None] = mapped_column(Text)  # the route in words
    max_participants: Mapped[int] = mapped_column(Integer, default=20)
    organisers: Mapped[str | None] = mapped_column(String(300))
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    pin_opens_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    pin_closes_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    previous_walk_id: Mapped[int | None] = mapped_column(
        ForeignKey("walk.id", ondelete="SET NULL"), index=True
    )
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("walk_group.id", ondelete="SET NULL"), index=True
    )
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    protocol_summary: Mapped[str | None] = mapped_column(Text)  # public, masked
    protocol_published: Mapped[bool] = mapped_column(Boolean, default=False)
    protocol_published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    area: Mapped[Area] = relationship()
    categories: Mapped[list[Category]] = relationship(
        secondary=walk_category, order_by="Category.sort_order, Category.id"
    )
    previous_walk: Mapped[Walk | None] = relationship(remote_side=[id])
    group: Mapped[WalkGroup | None] = relationship(back_populates="walks")
    created_by: Mapped[User | None] = relationship()
    points: Mapped[list[WalkPoint]] = relationship(
        back_populates="walk", order_by="WalkPoint.number", cascade="all, delete-orphan"
    )

    @property
    def display_code(self) -> str:
        """The join code in two groups of three (``VAN-479``)."""
        half = len(self.join_code) // 2
        return f"{self.join_code[:half]}-{self.join_code[half:]}"

    @property
    def starts(self) -> datetime:
        return aware(self.starts_at)  # type: ignore[return-value]

    @property
    def ends(self) -> datetime:
        return aware(self.ends_at)  # type: ignore[return-value]

    @property
    def pin_opens(self) -> datetime:
        return aware(self.pin_opens_at)  # type: ignore[return-value]

    @property
    def pin_closes(self) -> datetime:
        return aware(self.pin_closes_at)  # type: ignore[return-value]

    def is_past(self, now: datetime) -> bool:
        return self.ends <= now

    def __repr__(self) -> str:
        return f"<Walk {self.id} {self.join_code}>"


class WalkParticipant(db.Model):
    """Someone who joined with the code: a number, an optional display name, no account.

    The participant's phone holds a random token in a signed cookie; only its SHA-256 is stored.
    No IP address, user agent or other identifier is kept.
    """

    __tablename__ = "walk_participant"
    __table_args__ = (UniqueConstraint("walk_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    walk_id: Mapped[int] = mapped_column(ForeignKey("walk.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 … in joining order
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    walk: Mapped[Walk] = relationship()

    def __repr__(self) -> str:
        return f"<WalkParticipant {self.walk_id}/{self.number}>"


class WalkPin(db.Model):
    """Who pinned an observation during a walk (the observation carries everything else)."""

    __tablename__ = "walk_pin"

    id: Mapped[int] = mapped_column(primary_key=True)
    walk_id: Mapped[int] = mapped_column(ForeignKey("walk.id", ondelete="CASCADE"), index=True)
    observation_id: Mapped[int] = mapped_column(
        ForeignKey("place_observation.id", ondelete="CASCADE"), unique=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("walk_participant.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    walk: Mapped[Walk] = relationship()
    observation: Mapped[Observation] = relationship(lazy="joined")
    participant: Mapped[WalkParticipant | None] = relationship(lazy="joined")


class WalkPoint(db.Model):
    """One point of the walk's protocol (åtgärdslista): a place, its number and priority."""

    __tablename__ = "walk_point"
    __table_args__ = (UniqueConstraint("walk_id", "place_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    walk_id: Mapped[int] = mapped_column(ForeignKey("walk.id", ondelete="CASCADE"), index=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    priority: Mapped[str | None] = mapped_column(String(10))
    included: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    walk: Mapped[Walk] = relationship(back_populates="points")
    place: Mapped[Place] = relationship(lazy="joined")

    @property
    def priority_label(self) -> str | None:
        return str(vocab.PRIORITY_LABELS[self.priority]) if self.priority else None

    @property
    def current_place(self) -> Place:
        """The place that now holds the point's reports (merges are followed)."""
        place = self.place
        for _step in range(10):
            if place.merged_into is None:
                break
            place = place.merged_into
        return place


class WalkGroup(db.Model):
    """A standing night-walk group (nattvandrare, a förening, a school's parents) in an area.

    Its leaders are the staff with a walk-leader role on the area (role grants, nothing new);
    its members are only a number and a description: no resident's personal data is kept.
    Its walks are ordinary walks with ``group_id`` set, created from the schedule (weekdays and
    local start and end times; an end at or before the start is the next morning).
    """

    __tablename__ = "walk_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default=vocab.NATTVANDRARE)
    description: Mapped[str | None] = mapped_column(Text)  # public, masked
    members: Mapped[int] = mapped_column(Integer, default=0)
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    weekdays: Mapped[str] = mapped_column(String(20), default="")  # "4,5": Fri, Sat (Mon = 0)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    meeting_point: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    area: Mapped[Area] = relationship()
    walks: Mapped[list[Walk]] = relationship(back_populates="group", order_by="Walk.starts_at")

    @property
    def days(self) -> list[int]:
        return sorted(
            {int(d) for d in self.weekdays.split(",") if d.strip().isdigit()} & set(range(7))
        )

    @property
    def display_code(self) -> str:
        half = len(self.join_code) // 2
        return f"{self.join_code[:half]}-{self.join_code[half:]}"

    def __repr__(self) -> str:
        return f"<WalkGroup {self.id} {self.name!r}>"


class NightWalkReport(db.Model):
    """The short report after a group's walk: how many were out, the mood, what was noted.

    Written by the group's leader; the notes are masked before they are stored. The places worth
    noting are the walk's own pins.
    """

    __tablename__ = "night_walk_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    walk_id: Mapped[int] = mapped_column(ForeignKey("walk.id", ondelete="CASCADE"), unique=True)
    people_out: Mapped[int] = mapped_column(Integer)
    mood: Mapped[str] = mapped_column(String(10))
    notes: Mapped[str | None] = mapped_column(Text)  # masked
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    walk: Mapped[Walk] = relationship()

    @property
    def mood_label(self) -> str:
        return str(vocab.MOOD_LABELS.get(self.mood, self.mood))
