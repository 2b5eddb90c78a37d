"""The walks section on an area's public page (registered in :func:`portal.create_app`)."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from portal.areas.models import Area
from portal.timeutil import utcnow
from portal.walks import services


def walk_section(area: Area) -> Markup | None:
    """Upcoming walks residents can join, and published protocols, in the area's subtree."""
    upcoming = services.upcoming(utcnow(), area=area, limit=5)
    protocols = services.with_published_protocol(area=area, limit=5)
    if not upcoming and not protocols:
        return None
    return Markup(
        render_template(
            "walks/_area_section.html", area=area, upcoming=upcoming, protocols=protocols
        )
    )
