"""The surveys section of a public area page (registered in :func:`portal.create_app`)."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from portal.areas.models import Area
from portal.dialog import services


def area_section(area: Area) -> Markup | None:
    """Open surveys that concern the area, and published results."""
    surveys = services.open_surveys(area)
    published = services.published_results(area)
    return Markup(
        render_template(
            "dialog/_area_section.html", area=area, surveys=surveys, published=published
        )
    )
