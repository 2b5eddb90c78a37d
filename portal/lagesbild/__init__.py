"""Lägesbild: EST reports, the joint situational picture per area and period, its analysis, and
fastställda (frozen, versioned) snapshots with a public summary.

``create_app`` registers the blueprints (``views``, ``analysis_views``, ``snapshot_views``:
staff under /hantera/lagesbild; ``est_views``: /hantera/est; ``snapshot_views.public``: the
public summaries under /lagesbild), the area-page section, the ``flask est`` commands and
:func:`init_app` (the static map as a template global). Settings are in ``portal/config.py``.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from markupsafe import Markup


def render_svg(view: dict[str, Any], title: str, description: str) -> Markup:
    """The hot-spot grid of a lägesbild view as an inline SVG (static: prints as it shows)."""
    from portal.lagesbild import hotspots

    spots = view.get("hotspots", {})
    if not spots.get("available"):
        return Markup("")
    return hotspots.svg(
        spots["cells"],
        spots["cell_m"],
        spots.get("outlines", []),
        title=title,
        description=description,
        ranked=spots.get("top", []),
    )


def period_label(key: str) -> str:
    """A period key ("2025-k3") in words ("kvartal 3 2025"), or the key if it is not one."""
    from portal.lagesbild.periods import BadPeriod, parse

    try:
        return parse(key).label()
    except BadPeriod:
        return key


def init_app(app: Flask) -> None:
    from portal.lagesbild import vocab
    from portal.map.vocab import STATUS_LABELS

    app.jinja_env.globals["lagesbild_svg"] = render_svg
    app.jinja_env.filters["period_label"] = period_label
    app.jinja_env.globals["assessment_labels"] = vocab.ASSESSMENT_LABELS
    app.jinja_env.globals["evidence_labels"] = vocab.EVIDENCE_LABELS
    app.jinja_env.globals["place_status_labels"] = STATUS_LABELS
