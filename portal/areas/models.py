"""Area: one node of the area tree, with its boundary as GeoJSON (WGS84, lon/lat)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.timeutil import utcnow

AREA_KINDS = ("land", "region", "kommun", "stadsdel", "omrade", "delomrade", "regso", "deso")


class Area(db.Model):
    """A kommun, stadsdel, område or delområde.

    ``path`` is the materialised path of ids (``/1/4/9/``): a subtree is a prefix match, so role
    grants on an area cover its descendants without recursive queries.
    """

    __tablename__ = "area"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    path: Mapped[str] = mapped_column(String(500), index=True, default="")
    geometry: Mapped[dict[str, Any] | None] = mapped_column(JSON, deferred=True)
    min_lon: Mapped[float | None] = mapped_column(Float)
    min_lat: Mapped[float | None] = mapped_column(Float)
    max_lon: Mapped[float | None] = mapped_column(Float)
    max_lat: Mapped[float | None] = mapped_column(Float)
    point_lon: Mapped[float | None] = mapped_column(Float)
    point_lat: Mapped[float | None] = mapped_column(Float)
    population: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    population_total: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    parent: Mapped[Area | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Area]] = relationship(
        back_populates="parent", order_by="Area.name", cascade="all"
    )

    @property
    def depth(self) -> int:
        """0 for a root, 1 for its children, and so on."""
        return max(self.path.count("/") - 2, 0)

    @property
    def has_geometry(self) -> bool:
        return self.min_lon is not None

    @property
    def bbox(self) -> tuple[float, float, float, float] | None:
        """(min_lon, min_lat, max_lon, max_lat) or None without geometry."""
        if self.min_lon is None:
            return None
        return (self.min_lon, self.min_lat, self.max_lon, self.max_lat)  # type: ignore[return-value]

    def is_within(self, other: Area) -> bool:
        """True when this area is ``other`` or lies in its subtree."""
        return self.path.startswith(other.path)

    def __repr__(self) -> str:
        return f"<Area {self.slug}>"
