"""Offset pagination for ``db.select`` queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func

from portal.extensions import db


@dataclass(frozen=True)
class Page:
    items: list[Any]
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def paginate(query, page: Any, size: int) -> Page:
    """One page of ``query``; a missing, malformed or too large page number is clamped."""
    try:
        number = max(1, int(page))
    except (TypeError, ValueError):
        number = 1
    total = db.session.scalar(db.select(func.count()).select_from(query.order_by(None).subquery()))
    pages = max(1, -(-total // size))
    number = min(number, pages)
    items = list(db.session.scalars(query.limit(size).offset((number - 1) * size)))
    return Page(items, number, size, total or 0)
