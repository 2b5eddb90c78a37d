"""The one guard for staff pages: every staff blueprint is made by :func:`staff_blueprint`."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth import twofactor
from portal.auth.permissions import is_staff
from portal.extensions import login_manager

STAFF_URL_PREFIX = "/hantera"


# Reachable by staff who still have to turn on two-factor sign-in.
SETUP_ENDPOINTS = frozenset({"staff.account", "staff.two_factor_setup"})


def require_staff():
    """Anonymous visitors go to the login page; signed-in users without any role get 403;
    staff whose roles require two-factor sign-in must turn it on before anything else."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not is_staff(current_user):
        abort(403)
    if (
        request.endpoint not in SETUP_ENDPOINTS
        and not current_user.has_two_factor
        and twofactor.required_for(current_user)
    ):
        flash(_("Dina roller kräver tvåfaktorsinloggning. Slå på den för att fortsätta."), "info")
        return redirect(url_for("staff.two_factor_setup"))
    return None


def staff_blueprint(name: str, import_name: str, url_prefix: str = "", **options) -> Blueprint:
    """A blueprint under ``/hantera`` whose every view requires a signed-in staff user."""
    bp = Blueprint(name, import_name, url_prefix=STAFF_URL_PREFIX + url_prefix, **options)
    bp.before_request(require_staff)
    bp.staff_guarded = True  # checked by the access-matrix test
    return bp


def require(allowed: bool) -> None:
    """403 unless ``allowed`` (a permissions.* result for the object at hand)."""
    if not allowed:
        abort(403)
