"""Medborgarlöften: promises built on a fastställd lägesbild, their commitments and progress,
and "you said, we did" back to the residents whose reports led to them.

``create_app`` registers the blueprints (``views``: public pages and Atom feeds under /loften;
``embed_views``: the embeddable widget; ``staff_views`` with ``underlag_views`` and
``work_views``: staff pages under /hantera/loften), the page sections (place, follow and area
pages) and :func:`init_app`. Settings (``LOFTEN_*``) are in ``portal/config.py``.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The staff dashboard's notice when a promise's review is due."""
    from portal.loften import sections

    sections.init_dashboard_notice(app)
