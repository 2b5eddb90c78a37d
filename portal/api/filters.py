"""Query parameters the JSON API and the exports share."""

from __future__ import annotations

from flask import request

from portal.api.responses import ApiError
from portal.areas import services as area_services
from portal.areas.models import Area


def area_param(name: str = "area") -> Area | None:
    """The area a slug parameter names (None when not given); 400 for an unknown slug."""
    slug = request.args.get(name)
    if not slug:
        return None
    area = area_services.get_by_slug(slug) if len(slug) <= 120 else None
    if area is None:
        raise ApiError(400, f"unknown area {slug[:120]!r}", name)
    return area
