"""Staff pages for a walk's protocol (under /hantera/vandringar/<id>/protokoll): build it from
the pins, edit each point, print it, export it and publish it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.guard import require, staff_blueprint
from portal.extensions import db
from portal.map import categories as category_services
from portal.map import handling
from portal.map import vocab as place_vocab
from portal.map.models import Category
from portal.map.staff_views import ERRORS as HANDLING_ERRORS
from portal.map.views import current_locale
from portal.walks import permissions, protocol
from portal.walks.models import Walk, WalkPoint
from portal.walks.presenting import export_response, overview, walk_context
from portal.walks.staff_forms import ActionForm, PointForm, SummaryForm

staff = staff_blueprint("walks_protocol", __name__, "/vandringar", template_folder="templates")
staff.context_processor(walk_context)


@staff.before_request
def _only_protocol_editors():
    """Every page here is for protocol editors (per-walk checks follow in the views)."""
    require(permissions.can_edit_protocols(current_user))


def _actor():
    return current_user._get_current_object()


def _walk_or_404(walk_id: int) -> Walk:
    walk = db.session.get(Walk, walk_id) or abort(404)
    require(permissions.can_edit_protocol(current_user, walk))
    return walk


def _point_or_404(walk: Walk, point_id: int) -> WalkPoint:
    point = db.session.get(WalkPoint, point_id)
    if point is None or point.walk_id != walk.id:
        abort(404)
    return point


def _status_choices(status: str) -> list[tuple[str, str]]:
    allowed = (status, *place_vocab.TRANSITIONS[status])
    return [(s, str(place_vocab.STATUS_LABELS[s])) for s in place_vocab.STATUSES if s in allowed]


def _point_form(point: WalkPoint, formdata=None) -> PointForm:
    place = point.current_place
    if formdata is None:
        form = PointForm(
            formdata=None,
            prefix=f"p{point.id}",
            category=str(place.category_id),
            public_description=place.public_description,
            priority=point.priority or "",
            responsible=place.responsible,
            deadline=place.deadline,
            status=place.status,
            reason=place.status_reason,
            included=point.included,
        )
    else:
        form = PointForm(prefix=f"p{point.id}")
    locale = current_locale()
    form.category.choices = [
        (str(c.id), c.name(locale)) for c in category_services.all_categories()
    ]
    form.status.choices = _status_choices(place.status)
    return form


def _editor(
    walk: Walk, status: int = 200, forms: dict | None = None, summary: SummaryForm | None = None
):
    forms = forms or {}
    all_points = protocol.points(walk, included_only=False)
    point_forms = {p.id: forms.get(p.id) or _point_form(p) for p in all_points}
    locale = current_locale()
    return (
        render_template(
            "walks/staff/protocol.html",
            walk=walk,
            points=all_points,
            point_forms=point_forms,
            summary_form=summary or SummaryForm(formdata=None, summary=walk.protocol_summary),
            action_form=ActionForm(),
            unbuilt=len(
                {p.id for p in protocol.walk_places(walk)}
                - {p.current_place.id for p in all_points}
            ),
            suggestions=place_vocab.RESPONSIBLE_SUGGESTIONS,
            walk_observations=protocol.walk_observations,
            locale=locale,
        ),
        status,
    )


@staff.route("/<int:walk_id>/protokoll")
def editor(walk_id: int):
    """Turn the walk's pins into the protocol: one block per point, each saved on its own."""
    return _editor(_walk_or_404(walk_id))


@staff.route("/<int:walk_id>/protokoll/skapa", methods=["POST"])
def build(walk_id: int):
    """Add a point for every pinned place not yet in the protocol."""
    walk = _walk_or_404(walk_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    added = protocol.build(_actor(), walk)
    db.session.commit()
    flash(_("%(n)s punkter lades till i protokollet.", n=len(added)), "success")
    return redirect(url_for("walks_protocol.editor", walk_id=walk.id))


@staff.route("/<int:walk_id>/protokoll/punkt/<int:point_id>", methods=["POST"])
def save_point(walk_id: int, point_id: int):
    """Save one point: category, description, priority, responsible, deadline, status."""
    walk = _walk_or_404(walk_id)
    point = _point_or_404(walk, point_id)
    form = _point_form(point, request.form)
    if form.validate_on_submit():
        category = db.session.get(Category, int(form.category.data))
        try:
            masked = protocol.save_point(
                _actor(),
                point,
                category=category,
                public_description=form.public_description.data,
                responsible=form.responsible.data,
                deadline=form.deadline.data,
                status=form.status.data,
                reason=form.reason.data,
                note=form.note.data,
                priority=form.priority.data or None,
                included=form.included.data,
            )
        except handling.HandlingError as error:
            db.session.rollback()
            target = form.reason if error.code == "reason_required" else form.status
            message = HANDLING_ERRORS.get(error.code, lambda: _("Ändringen kunde inte göras."))()
            target.errors = [*target.errors, message]
        else:
            db.session.commit()
            flash(_("Punkt %(n)s är sparad.", n=point.number), "success")
            if masked:
                flash(_("Personuppgifter i texten maskerades."), "info")
            return redirect(
                url_for("walks_protocol.editor", walk_id=walk.id) + f"#punkt-{point.number}"
            )
    return _editor(walk, 400, forms={point.id: form})


@staff.route("/<int:walk_id>/protokoll/sammanfattning", methods=["POST"])
def summary(walk_id: int):
    """The protocol's public introduction."""
    walk = _walk_or_404(walk_id)
    form = SummaryForm()
    if not form.validate_on_submit():
        return _editor(walk, 400, summary=form)
    masked = protocol.set_summary(_actor(), walk, form.summary.data)
    db.session.commit()
    flash(_("Sammanfattningen är sparad."), "success")
    if masked:
        flash(_("Personuppgifter i texten maskerades."), "info")
    return redirect(url_for("walks_protocol.editor", walk_id=walk.id) + "#sammanfattning")


PUBLISH_PROBLEMS = {
    "no_description": lambda: _("skriv en beskrivning"),
    "needs_positioning": lambda: _("placera punkten på kartan"),
    "rejected": lambda: _("platsen är avvisad – ta bort punkten ur protokollet"),
    "merged": lambda: _("platsen är sammanslagen"),
}


@staff.route("/<int:walk_id>/protokoll/publicera", methods=["POST"])
def publish(walk_id: int):
    """Publish the protocol (and every included point's place), or stop showing it."""
    walk = _walk_or_404(walk_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if request.form.get("publicera") != "ja":
        protocol.unpublish(_actor(), walk)
        db.session.commit()
        flash(_("Protokollet visas inte längre offentligt."), "success")
        return redirect(url_for("walks_protocol.editor", walk_id=walk.id))
    try:
        count = protocol.publish(_actor(), walk)
    except protocol.ProtocolError as error:
        db.session.rollback()
        for number, code in error.problems:
            problem = PUBLISH_PROBLEMS.get(code, lambda: _("kan inte publiceras"))()
            flash(_("Punkt %(n)s: %(problem)s.", n=number, problem=problem), "error")
        flash(_("Protokollet publicerades inte."), "error")
        return redirect(url_for("walks_protocol.editor", walk_id=walk.id))
    db.session.commit()
    flash(_("Protokollet är publicerat med %(n)s punkter.", n=count), "success")
    return redirect(url_for("walks_protocol.editor", walk_id=walk.id))


@staff.route("/<int:walk_id>/protokoll/utskrift")
def printable(walk_id: int):
    """The whole protocol as a document to print (published or not)."""
    walk = _walk_or_404(walk_id)
    points = protocol.points(walk)
    locale = current_locale()
    return render_template(
        "walks/staff/print.html",
        walk=walk,
        points=points,
        overview=overview(walk, points, locale),
        comparison=protocol.compare(walk),
        public=False,
        locale=locale,
    )


@staff.route("/<int:walk_id>/protokoll.<any(csv, geojson):kind>")
def export(walk_id: int, kind: str):
    """Every included point (published or not) as CSV or GeoJSON."""
    walk = _walk_or_404(walk_id)
    return export_response(walk, protocol.points(walk), kind, public=False)
