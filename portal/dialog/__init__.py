"""Medborgardialog: surveys residents answer on a phone, and results coordinators can trust.

``create_app`` calls :func:`init_app` for the settings below, then registers the blueprints
(``views``: public; ``staff_views`` and ``results_views``: under /hantera), the area-page
section and the gallring rules (:mod:`portal.dialog.retention`).
"""

from __future__ import annotations

from flask import Flask

DEFAULTS = {
    # Anonymous answering, per client: every POST of a step, and completed submissions.
    "DIALOG_ANSWER_LIMIT": "300 per hour",
    "DIALOG_SUBMIT_LIMIT": "30 per hour",
}
#: Gallring (``flask gallra``): days kept, unless ``RETENTION_DAYS`` says otherwise.
RETENTION_DEFAULTS = {"dialog_draft": 7, "dialog_submission_key": 7}


def init_app(app: Flask) -> None:
    """Default settings (each can be overridden with ``PORTAL_<NAME>``)."""
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    app.config["RETENTION_DAYS"] = {**RETENTION_DEFAULTS, **app.config.get("RETENTION_DAYS", {})}
