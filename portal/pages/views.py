"""Home, language switch, tillgänglighetsredogörelse, personuppgifter and /healthz."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.areas import services as area_services
from portal.extensions import db
from portal.safe_redirect import safe_local_path

bp = Blueprint("pages", __name__, template_folder="templates")

ONE_YEAR = 365 * 24 * 3600


@bp.route("/")
def home():
    """Start page: what the portal is for and the areas to choose from."""
    return render_template("pages/home.html", areas=area_services.tree())


@bp.route("/sprak/<code>")
def set_language(code: str):
    """Remember the chosen language in a cookie and go back where the visitor was."""
    languages = current_app.config["LANGUAGES"]
    target = safe_local_path(request.args.get("next"), url_for("pages.home"))
    response = make_response(redirect(target))
    if code in languages:
        response.set_cookie(
            current_app.config["LANGUAGE_COOKIE"],
            code,
            max_age=ONE_YEAR,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
        )
    return response


@bp.route("/tillganglighet")
def accessibility():
    """Tillgänglighetsredogörelse, as the DOS-lagen requires, with a way to report problems."""
    return render_template("pages/accessibility.html")


@bp.route("/personuppgifter")
def privacy():
    """What the portal stores about residents and staff, and why."""
    return render_template("pages/privacy.html")


@bp.route("/healthz")
def healthz():
    """200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
