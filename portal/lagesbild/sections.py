"""The area page's section: the area's fastställda lägesbilder (public summaries)."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from portal.areas.models import Area
from portal.lagesbild.snapshots import latest_public_snapshots

SHOWN = 3


def lagesbild_section(area: Area) -> Markup | None:
    """Links to the newest public lägesbild summaries made for this area, if any."""
    items = latest_public_snapshots(area, limit=SHOWN)
    if not items:
        return None
    return Markup(render_template("lagesbild/_area_section.html", items=items, area=area))
