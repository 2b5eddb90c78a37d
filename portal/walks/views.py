"""Public walk pages: upcoming walks, a walk, its published protocol and the protocol's exports.

Joining and pinning are in :mod:`portal.walks.participate`.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import gettext as _

from portal.extensions import db
from portal.map.views import current_locale
from portal.timeutil import utcnow
from portal.walks import protocol, services
from portal.walks.maps import walk_map
from portal.walks.models import Walk
from portal.walks.presenting import (
    export_response,
    overview,
    walk_context,
)

bp = Blueprint("walks", __name__, template_folder="templates")
bp.context_processor(walk_context)

# --- public pages -------------------------------------------------------------------------


@bp.route("/vandringar")
def index():
    """Upcoming walks anyone can come along to, and published protocols."""
    return render_template(
        "walks/index.html",
        upcoming=services.upcoming(utcnow()),
        protocols=services.with_published_protocol(limit=20),
    )


def _walk_or_404(walk_id: int) -> Walk:
    return db.session.get(Walk, walk_id) or abort(404)


@bp.route("/vandringar/<int:walk_id>")
def show(walk_id: int):
    """A walk: when, where, the route, how to come along, and what came of the earlier walk."""
    walk = _walk_or_404(walk_id)
    return render_template(
        "walks/walk.html",
        walk=walk,
        walk_map=walk_map(
            walk, _("Karta över vandringens område och rutt"), meeting_label=_("Samlingsplats")
        ),
        comparison=protocol.compare(walk, public=True),
        follow_ups=[w for w in services.follow_ups(walk) if not w.cancelled],
        now=utcnow(),
        locale=current_locale(),
    )


def _published_or_404(walk_id: int) -> Walk:
    walk = _walk_or_404(walk_id)
    if not walk.protocol_published:
        abort(404)
    return walk


@bp.route("/vandringar/<int:walk_id>/protokoll")
def protocol_page(walk_id: int):
    """The published protocol; each point shows its place's current status."""
    walk = _published_or_404(walk_id)
    points = protocol.points(walk, public=True)
    locale = current_locale()
    return render_template(
        "walks/protocol.html",
        walk=walk,
        points=points,
        overview=overview(walk, points, locale),
        comparison=protocol.compare(walk, public=True),
        public=True,
        locale=locale,
    )


@bp.route("/vandringar/<int:walk_id>/protokoll.<any(csv, geojson):kind>")
def protocol_export(walk_id: int, kind: str):
    """The published protocol's public points as CSV or GeoJSON."""
    walk = _published_or_404(walk_id)
    return export_response(walk, protocol.points(walk, public=True), kind, public=True)
