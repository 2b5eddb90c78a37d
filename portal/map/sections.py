"""The places section on an area's public page (registered in :func:`portal.create_app`)."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from portal.areas.models import Area
from portal.map import queries


def place_section(area: Area) -> Markup:
    """How many published places the area has, with links to the map, list and report form."""
    count = queries.public_count_in_area(area)
    return Markup(render_template("map/_area_section.html", area=area, count=count))
