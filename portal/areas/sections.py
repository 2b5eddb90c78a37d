"""Sections that higher layers (surveys, places, promises) add to an area's public page.

The area page's slot in :mod:`portal.sections`; kept as its own small API because every domain
adds one.
"""

from __future__ import annotations

from flask import Flask
from markupsafe import Markup

from portal import sections
from portal.areas.models import Area


def add_area_section(app: Flask, section: sections.Section) -> None:
    sections.add_section(app, "area", section)


def area_sections(area: Area) -> list[Markup]:
    return sections.page_sections("area", area)


def init_app(app: Flask) -> None:
    sections.init_app(app)
    app.jinja_env.globals["area_sections"] = area_sections
