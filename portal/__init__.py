"""Trygghetsportalen: the application factory."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import (
    content_i18n,
    converters,
    database,
    errors,
    httpcache,
    i18n,
    security,
    static_assets,
)
from portal.config import load_config
from portal.extensions import babel, csrf, db, limiter, login_manager, migrate


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the portal: config → extensions → blueprints → CLI → error pages."""
    app = Flask(__name__, instance_relative_config=True)
    load_config(app, config)
    converters.init_app(app)
    if app.config["PROXY_COUNT"]:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app,
            x_for=app.config["PROXY_COUNT"],
            x_proto=app.config["PROXY_COUNT"],
            x_host=app.config["PROXY_COUNT"],
        )
    database.configure_sqlite(app)
    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    errors.register(app)
    httpcache.init_app(app)
    security.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    from portal.auth.models import User

    db.init_app(app)
    migrate.init_app(app, db, directory=app.config.get("MIGRATIONS_DIR", _migrations_dir()))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        default_translation_directories=i18n.translations_dir(),
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = i18n.LOGIN_MESSAGE
    login_manager.login_message_category = "info"
    login_manager.session_protection = (
        "basic"  # "strong" would sign out staff whose mobile IP changes
    )

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
        return user if user is not None and user.active else None

    i18n.init_app(app)
    content_i18n.init_app(app)
    static_assets.init_app(app)
    app.jinja_env.add_extension("jinja2.ext.do")

    from portal.auth.permissions import has_role

    app.jinja_env.globals["has_role"] = has_role
    _init_storage(app)


def _init_storage(app: Flask) -> None:
    """Uploaded photos: a local folder (``UPLOAD_FOLDER``, default instance/uploads)."""
    from pathlib import Path

    from portal.storage import LocalStorage

    folder = app.config.get("UPLOAD_FOLDER") or Path(app.instance_path) / "uploads"
    app.extensions["storage"] = LocalStorage(folder)


def _register_blueprints(app: Flask) -> None:
    from portal.areas import sections as area_sections
    from portal.areas.views import bp as areas_bp
    from portal.areas.views import staff as areas_staff
    from portal.auth.menu import add_staff_link
    from portal.auth.permissions import COORDINATORS
    from portal.auth.views import bp as auth_bp
    from portal.auth.views import staff as auth_staff
    from portal.map import (  # noqa: F401 (routes)
        category_views,
        report_views,
        staff_actions,
        translation_views,
    )
    from portal.map import retention as map_retention
    from portal.map.api import api as map_api
    from portal.map.sections import place_section
    from portal.map.staff_views import staff as map_staff
    from portal.map.views import bp as map_bp
    from portal.pages.views import bp as pages_bp

    for blueprint in (pages_bp, auth_bp, auth_staff, areas_bp, areas_staff):
        app.register_blueprint(blueprint)
    for blueprint in (map_bp, map_api, map_staff):
        app.register_blueprint(blueprint)
    map_retention.init_app(app)
    _register_dialog(app)
    _register_walks(app)
    area_sections.init_app(app)
    area_sections.add_area_section(app, place_section)
    add_staff_link(app, "areas_staff.tree", _l("Områden"), COORDINATORS)
    add_staff_link(app, "staff.audit_log", _l("Händelselogg"), {"admin"})
    add_staff_link(app, "map_staff.queue", _l("Platser att granska"), COORDINATORS)
    add_staff_link(app, "map_staff.staff_map", _l("Platser på karta"), COORDINATORS)
    add_staff_link(app, "map.report", _l("Registrera en plats"), COORDINATORS)
    add_staff_link(app, "map_staff.categories", _l("Platskategorier"), {"admin"})
    _register_lagesbild(app)
    _register_loften(app)
    _register_api(app)


def _register_api(app: Flask) -> None:
    """Open data and interop (portal/api): Open311, JSON API, OpenAPI, exports, API keys."""
    import portal.api

    portal.api.init_app(app)


def _register_loften(app: Flask) -> None:
    """Medborgarlöften (portal/loften): public pages, feeds, widget, staff pages, sections."""
    import portal.loften
    import portal.loften.content_views
    import portal.loften.link_views
    import portal.loften.translation_views
    import portal.loften.underlag_views
    import portal.loften.work_views  # these five add routes to the loften_staff blueprint
    from portal.areas.sections import add_area_section
    from portal.auth.menu import add_staff_link
    from portal.loften import sections as loften_sections
    from portal.loften.embed_views import embed as loften_embed
    from portal.loften.permissions import LOFTEN_ROLES
    from portal.loften.staff_views import staff as loften_staff
    from portal.loften.views import bp as loften_bp
    from portal.sections import add_section

    portal.loften.init_app(app)
    for blueprint in (loften_bp, loften_embed, loften_staff):
        app.register_blueprint(blueprint)
    add_area_section(app, loften_sections.area_section)
    add_section(app, "place", loften_sections.place_section)
    add_section(app, "follow", loften_sections.follow_section)
    add_staff_link(app, "loften_staff.index", _l("Medborgarlöften"), LOFTEN_ROLES)


def _register_lagesbild(app: Flask) -> None:
    """Lägesbild and EST (portal/lagesbild)."""
    from portal import lagesbild
    from portal.areas import sections as area_sections
    from portal.auth.menu import add_staff_link
    from portal.lagesbild.analysis_views import work as lagesbild_work
    from portal.lagesbild.est_views import est as est_staff
    from portal.lagesbild.permissions import EST_ROLES, LAGESBILD_ROLES
    from portal.lagesbild.sections import lagesbild_section
    from portal.lagesbild.snapshot_views import public as lagesbild_public
    from portal.lagesbild.snapshot_views import versions as lagesbild_versions
    from portal.lagesbild.views import staff as lagesbild_staff

    lagesbild.init_app(app)
    for blueprint in (
        lagesbild_staff,
        lagesbild_work,
        lagesbild_versions,
        est_staff,
        lagesbild_public,
    ):
        app.register_blueprint(blueprint)
    area_sections.add_area_section(app, lagesbild_section)
    add_staff_link(app, "lagesbild_staff.index", _l("Lägesbild"), LAGESBILD_ROLES)
    add_staff_link(app, "est_staff.index", _l("EST-rapporter"), EST_ROLES)


def _register_dialog(app: Flask) -> None:
    """Surveys (portal/dialog): public pages, builder, results, area section, gallring."""
    import portal.dialog
    import portal.dialog.translation_views  # adds routes to the dialog_staff blueprint
    from portal.areas.sections import add_area_section
    from portal.auth.menu import add_staff_link
    from portal.dialog.permissions import SURVEY_MANAGERS
    from portal.dialog.results_views import staff as dialog_results
    from portal.dialog.retention import RULES as dialog_retention
    from portal.dialog.sections import area_section as dialog_section
    from portal.dialog.staff_views import staff as dialog_staff
    from portal.dialog.views import bp as dialog_bp
    from portal.retention import add_rule

    portal.dialog.init_app(app)
    for blueprint in (dialog_bp, dialog_staff, dialog_results):
        app.register_blueprint(blueprint)
    add_area_section(app, dialog_section)
    add_staff_link(app, "dialog_staff.index", _l("Enkäter"), SURVEY_MANAGERS)
    add_staff_link(
        app, "dialog_results.moderation_queue", _l("Enkätsvar att granska"), SURVEY_MANAGERS
    )
    for rule in dialog_retention:
        add_rule(app, rule)


def _register_walks(app: Flask) -> None:
    """Trygghetsvandringar (portal/walks): public and participant pages, staff pages, area section."""
    from portal.areas.sections import add_area_section
    from portal.auth.menu import add_staff_link
    from portal.walks import retention as walks_retention
    from portal.walks.cli import walks_cli
    from portal.walks.group_views import bp as walk_groups
    from portal.walks.group_views import staff as walk_groups_staff
    from portal.walks.participate import bp as walks_participate
    from portal.walks.permissions import WALK_LEADERS
    from portal.walks.protocol_views import staff as walks_protocol
    from portal.walks.sections import walk_section
    from portal.walks.staff_views import staff as walks_staff
    from portal.walks.views import bp as walks_bp

    for blueprint in (
        walks_bp,
        walks_participate,
        walks_staff,
        walks_protocol,
        walk_groups,
        walk_groups_staff,
    ):
        app.register_blueprint(blueprint)
    walks_retention.init_app(app)
    app.cli.add_command(walks_cli)
    add_area_section(app, walk_section)
    add_staff_link(app, "walks_staff.walks", _l("Trygghetsvandringar"), WALK_LEADERS)
    add_staff_link(app, "walk_groups_staff.groups_list", _l("Nattvandringsgrupper"), WALK_LEADERS)


def _register_cli(app: Flask) -> None:
    from portal.areas.cli import areas_cli
    from portal.auth.cli import users_cli
    from portal.backup import backup_command, restore_command
    from portal.demo import demo_command
    from portal.retention import AUDIT_RULE, add_rule, retention_command

    app.cli.add_command(areas_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(retention_command)
    from portal.lagesbild.cli import est_cli

    app.cli.add_command(est_cli)
    add_rule(app, AUDIT_RULE)


def _migrations_dir() -> str:
    import os

    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations")
