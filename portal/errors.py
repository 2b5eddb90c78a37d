"""Friendly error pages (JSON under /api); a 500 rolls the database session back."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.extensions import db, login_manager


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (
            _("Något i förfrågan var fel"),
            _("Sidan kunde inte läsa det som skickades. Gå tillbaka och försök igen."),
        ),
        403: (
            _("Du har inte behörighet"),
            _("Ditt konto har inte behörighet till den här sidan eller det här området."),
        ),
        404: (
            _("Sidan finns inte"),
            _("Adressen kan vara felstavad, eller så har sidan flyttats eller tagits bort."),
        ),
        405: (_("Det går inte att göra så här"), _("Sidan tar inte emot den sortens förfrågan.")),
        413: (
            _("Filen eller texten är för stor"),
            _("Det du skickade är större än vad portalen tar emot. Försök med en mindre fil."),
        ),
        429: (_("För många försök"), _("Vänta en stund och försök sedan igen.")),
        503: (
            _("Tjänsten är tillfälligt otillgänglig"),
            _(
                "Vi kommer inte åt databasen just nu. Försök igen om en liten stund; det du skrev finns kvar om du går tillbaka."
            ),
        ),
        500: (
            _("Något gick fel hos oss"),
            _("Försök igen om en stund. Felet är loggat."),
        ),
    }


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.startswith("/open311/")


def add_error_renderer(app: Flask, prefix: str, renderer: Callable[[int, str], Any]) -> None:
    """Errors under ``prefix`` are rendered by ``renderer(code, message)`` (e.g. Open311's)."""
    app.extensions.setdefault("error_renderers", []).append((prefix, renderer))


def render_error(code: int, detail: str | None = None):
    title, text = _messages().get(code, _messages()[500])
    for prefix, renderer in current_app.extensions.get("error_renderers", ()):
        if request.path.startswith(prefix):
            return renderer(code, detail or text)
    if wants_json():
        return jsonify(error={"code": code, "title": title, "message": detail or text}), code
    return render_template("errors/error.html", code=code, title=title, text=detail or text), code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(
            400,
            _(
                "Formuläret hade gått ut eller skickades från fel ställe. Ladda om sidan och försök igen; "
                "det du skrivit finns kvar om du går tillbaka."
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if error.code >= 500:
            db.session.rollback()
        return render_error(error.code)

    @app.errorhandler(OverflowError)  # SQLite's driver: an integer beyond 64 bits
    @app.errorhandler(DataError)
    def value_out_of_range(error: Exception):
        """A value the database cannot hold (too long, out of range): the request was bad."""
        with contextlib.suppress(DBAPIError):
            db.session.rollback()
        app.logger.warning(
            "bad value on %s %s: %s", request.method, request.path, getattr(error, "orig", error)
        )
        return render_error(
            400, _("Ett värde var för stort eller i fel format. Gå tillbaka och rätta det.")
        )

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def database_unavailable(error: DBAPIError):
        """The database went away or is locked: 503 with Retry-After; the pool reconnects itself."""
        if not isinstance(error, OperationalError) and not error.connection_invalidated:
            return unhandled(error)
        with contextlib.suppress(DBAPIError):
            db.session.rollback()
        g._login_user = login_manager.anonymous_user()  # render without asking the database
        app.logger.warning(
            "database unavailable on %s %s: %s", request.method, request.path, error.orig
        )
        response, code = render_error(503)
        response = app.make_response((response, code))
        response.headers["Retry-After"] = str(app.config.get("RETRY_AFTER_SECONDS", 30))
        return response

    @app.errorhandler(Exception)
    def unhandled(error: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return render_error(InternalServerError.code)
