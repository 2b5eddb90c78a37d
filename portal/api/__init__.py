"""Open data and interop: Open311 GeoReport v2, the read-only JSON API, the OpenAPI document,
the API page and the open-data exports. The top layer: it reads every domain, none reads it.

Settings (defaults below; override in instance/portal.cfg or as PORTAL_<NAME>):

* ``OPEN_DATA_LICENCE_NAME`` / ``OPEN_DATA_LICENCE_URL``: the licence of the exports and the
  API (CC0 by default: aggregates and moderated public texts only).
* ``OPEN311_API_KEY_REQUIRED``: whether ``POST requests`` needs an API key (default no).
* ``OPEN311_RATE_LIMIT`` / ``OPEN311_KEY_RATE_LIMIT``: reports per client without / with a key.
* ``OPEN311_CONTACT``: the contact given in the discovery document (default: the organisation).
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

DEFAULTS = {
    "OPEN_DATA_LICENCE_NAME": "CC0 1.0",
    "OPEN_DATA_LICENCE_URL": "https://creativecommons.org/publicdomain/zero/1.0/",
    "OPEN311_API_KEY_REQUIRED": False,
    "OPEN311_RATE_LIMIT": "20 per hour",
    "OPEN311_KEY_RATE_LIMIT": "2000 per hour",
    "OPEN311_CONTACT": None,
}


def init_app(app: Flask) -> None:
    """Settings, blueprints (public, Open311, staff), the Open311 error format, staff link."""
    from portal.api import docs_views, export_views, key_views, models, views  # noqa: F401
    from portal.api.open311 import views as open311_views
    from portal.api.permissions import KEY_ADMIN_ROLES
    from portal.auth.menu import add_staff_link
    from portal.errors import add_error_renderer
    from portal.extensions import csrf

    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    csrf.exempt(open311_views.bp)  # a machine API: no session, no cookie, nothing to forge
    for blueprint in (
        views.bp,
        export_views.bp,
        docs_views.bp,
        open311_views.bp,
        key_views.staff,
    ):
        app.register_blueprint(blueprint)

    add_error_renderer(app, "/open311/", open311_views.app_error)
    add_staff_link(app, "api_keys.index", _l("API-nycklar"), KEY_ADMIN_ROLES)
