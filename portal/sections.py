"""Page sections contributed by higher layers, so a lower layer never imports a higher one.

A page of a lower layer names a *slot* and the object it shows, e.g. the area page renders
``page_sections("area", area)``, a place page ``page_sections("place", place)`` and the follow page
``page_sections("follow", observation)``. Each domain registers ``fn(obj) -> Markup | None`` for a
slot in :func:`portal.create_app`; a promise, for instance, adds "this led to a promise" to the
place and follow pages without the places package knowing promises exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app
from markupsafe import Markup

Section = Callable[[Any], Markup | str | None]


def add_section(app: Flask, slot: str, section: Section) -> None:
    app.extensions.setdefault("page_sections", {}).setdefault(slot, []).append(section)


def page_sections(slot: str, obj: Any) -> list[Markup]:
    """Rendered sections for ``obj`` in ``slot``, skipping those with nothing to show."""
    registered = current_app.extensions.get("page_sections", {}).get(slot, [])
    rendered = (section(obj) for section in registered)
    return [Markup(html) for html in rendered if html]


def init_app(app: Flask) -> None:
    app.jinja_env.globals["page_sections"] = page_sections
