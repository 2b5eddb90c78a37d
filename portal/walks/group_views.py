"""Night-walk groups: public group pages, joining with the group's code, and staff pages
(under /hantera/vandringar/grupper) for the group, its schedule and the after-walk reports.

A group's code never has a join flow of its own: it leads to the existing per-walk join and pin
pages of whichever of the group's walks is open now.
"""

from __future__ import annotations

from datetime import time

import segno
from babel.dates import get_day_names
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from portal.areas.models import Area
from portal.areas.services import tree
from portal.auth.guard import require, staff_blueprint
from portal.auth.permissions import granted_areas
from portal.converters import MAX_DB_INTEGER
from portal.extensions import db, limiter
from portal.timeutil import utcnow
from portal.walks import groups, permissions, vocab
from portal.walks.group_forms import GroupForm, ReportForm, ScheduleForm, weekday_choices
from portal.walks.models import Walk, WalkGroup
from portal.walks.presenting import walk_context
from portal.walks.staff_forms import ActionForm

bp = Blueprint("walk_groups", __name__, template_folder="templates")
staff = staff_blueprint(
    "walk_groups_staff", __name__, "/vandringar/grupper", template_folder="templates"
)


def group_context() -> dict:
    return {
        **walk_context(),
        "group_kind_labels": vocab.GROUP_KIND_LABELS,
        "mood_labels": vocab.MOOD_LABELS,
        "schedule_text": schedule_text,
    }


bp.context_processor(group_context)
staff.context_processor(group_context)


def schedule_text(group: WalkGroup) -> str:
    """``fredag och lördag, kl. 21:00–01:00`` in the reader's language."""
    names = get_day_names("wide", locale=get_locale() or "sv")
    days = [str(names[d]) for d in group.days]
    hours = f"{group.start_time:%H:%M}–{group.end_time:%H:%M}"
    if not days:
        return _("inga fasta dagar, kl. %(hours)s", hours=hours)
    return _("%(days)s, kl. %(hours)s", days=", ".join(days), hours=hours)


def _zone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


# --- public -------------------------------------------------------------------------------


@bp.route("/vandringar/grupper")
def index():
    """The night-walk groups, with when they walk."""
    return render_template("walks/groups/index.html", groups=groups.public_groups())


@bp.route("/vandringar/grupper/<int:group_id>")
def show(group_id: int):
    """A group: when it walks, its upcoming walks and what came of its earlier ones."""
    group = db.session.get(WalkGroup, group_id)
    if group is None or not group.active:
        abort(404)
    now = utcnow()
    return render_template(
        "walks/groups/group.html",
        group=group,
        upcoming=groups.upcoming(group, now),
        earlier=groups.outcomes(groups.earlier(group, now), public=True),
        now=now,
    )


def _code_limit():
    return current_app.config["WALK_JOIN_RATE_LIMIT"]


def _is_not_found(response) -> bool:
    return response.status_code == 404


@bp.route("/vandring/grupp/<code>")
@limiter.limit(_code_limit, scope="walk-code", deduct_when=_is_not_found)
def join(code: str):
    """A group's code: on to the join page of the group's walk that is open now."""
    group = groups.find_by_code(code)
    if group is None or not group.active:
        abort(404)
    if code != group.join_code:
        return redirect(url_for("walk_groups.join", code=group.join_code))
    now = utcnow()
    walk = groups.open_walk(group, now)
    if walk is not None:
        return redirect(url_for("participate.join", code=walk.join_code))
    response = make_response(
        render_template(
            "walks/groups/closed.html", group=group, upcoming=groups.upcoming(group, now, 3)
        ),
        409,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- staff --------------------------------------------------------------------------------


@staff.before_request
def _only_walk_leaders():
    """Every page here is for walk leaders and coordinators (per-group checks in the views)."""
    require(permissions.can_manage_walks(current_user))


def _actor():
    return current_user._get_current_object()


def _group_or_404(group_id: int) -> WalkGroup:
    group = db.session.get(WalkGroup, group_id) or abort(404)
    require(permissions.can_manage_walks(current_user, group.area))
    return group


@staff.route("/")
def groups_list():
    """The groups in my areas."""
    found = groups.staff_groups(granted_areas(current_user, permissions.WALK_LEADERS))
    return render_template("walks/groups/staff_list.html", groups=found)


def _prepare(form: GroupForm) -> None:
    mine = [(a, depth) for a, depth in tree() if permissions.can_manage_walks(current_user, a)]
    top = min((depth for _a, depth in mine), default=0)
    form.area.choices = [
        SelectChoice(str(a.id), ("— " * (depth - top)) + a.name) for a, depth in mine
    ]
    form.weekdays.choices = weekday_choices()


GROUP_ERRORS = {
    "same_times": lambda: _("Sluttiden måste skilja sig från starttiden."),
    "bad_kind": lambda: _("Välj vad det är för grupp."),
    "members": lambda: _("Skriv ett tal mellan 0 och 10 000."),
}


def _fields(form: GroupForm) -> dict | None:
    raw = form.area.data or ""
    area = db.session.get(Area, int(raw)) if raw.isdigit() and int(raw) <= MAX_DB_INTEGER else None
    if area is None or not permissions.can_manage_walks(current_user, area):
        form.area.errors = [_("Välj ett område där du leder vandringar.")]
        return None
    if form.kind.data not in vocab.GROUP_KINDS:
        form.kind.errors = [_("Välj vad det är för grupp.")]
        return None
    return {
        "area": area,
        "name": form.name.data,
        "kind": form.kind.data,
        "description": form.description.data,
        "members": form.members.data,
        "weekdays": form.chosen_days(),
        "start_time": form.start_time.data,
        "end_time": form.end_time.data,
        "meeting_point": form.meeting_point.data,
    }


def _save(form: GroupForm, group: WalkGroup | None):
    fields = _fields(form)
    if fields is None:
        return None
    try:
        if group is None:
            group = groups.create_group(_actor(), **fields)
        else:
            groups.update_group(_actor(), group, **fields)
    except groups.GroupError as error:
        form.end_time.errors = [GROUP_ERRORS.get(error.code, lambda: _("Kontrollera tiderna."))()]
        return None
    db.session.commit()
    flash(_("Gruppen är sparad."), "success")
    return redirect(url_for("walk_groups_staff.group", group_id=group.id))


@staff.route("/ny", methods=["GET", "POST"])
def create():
    """Start a new night-walk group."""
    form = GroupForm()
    if request.method == "GET":
        form.weekdays.data = ["4", "5"]
        form.start_time.data = time(21, 0)
        form.end_time.data = time(1, 0)
    _prepare(form)
    if form.validate_on_submit():
        done = _save(form, None)
        if done is not None:
            return done
    status = 400 if form.errors else 200
    return render_template("walks/groups/staff_form.html", form=form, group=None), status


@staff.route("/<int:group_id>/redigera", methods=["GET", "POST"])
def edit(group_id: int):
    """Change the group (its code stays)."""
    group = _group_or_404(group_id)
    form = GroupForm()
    if request.method == "GET":
        form = GroupForm(
            formdata=None,
            name=group.name,
            area=str(group.area_id),
            kind=group.kind,
            description=group.description,
            members=group.members,
            weekdays=[str(d) for d in group.days],
            start_time=group.start_time,
            end_time=group.end_time,
            meeting_point=group.meeting_point,
        )
    _prepare(form)
    if form.validate_on_submit():
        done = _save(form, group)
        if done is not None:
            return done
    status = 400 if form.errors else 200
    return render_template("walks/groups/staff_form.html", form=form, group=group), status


def _group_page(group: WalkGroup, schedule_form: ScheduleForm, status: int = 200):
    now = utcnow()
    join_link = url_for("walk_groups.join", code=group.join_code, _external=True)
    qr = segno.make(join_link, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", svgclass="walk-qr", omitsize=True
    )
    label = Markup.escape(_("QR-kod som leder till %(url)s", url=join_link))
    return (
        render_template(
            "walks/groups/staff_group.html",
            group=group,
            join_link=join_link,
            qr=Markup(qr.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)),
            open_walk=groups.open_walk(group, now),
            upcoming=groups.upcoming(group, now),
            earlier=groups.outcomes(groups.earlier(group, now), public=False),
            schedule_form=schedule_form,
            action_form=ActionForm(),
            now=now,
        ),
        status,
    )


@staff.route("/<int:group_id>")
def group(group_id: int):
    """A group: its code and QR code, its schedule, upcoming walks, earlier walks and reports."""
    return _group_page(_group_or_404(group_id), ScheduleForm())


@staff.route("/<int:group_id>/schemalagg", methods=["POST"])
def schedule(group_id: int):
    """Put the group's next scheduled walks in the calendar (each an ordinary walk)."""
    found = _group_or_404(group_id)
    form = ScheduleForm()
    if not form.validate_on_submit():
        return _group_page(found, form, 400)
    try:
        created = groups.schedule_walks(
            _actor(),
            found,
            now=utcnow(),
            zone_name=_zone(),
            count=form.count.data,
            opens_before_min=current_app.config["WALK_PIN_OPENS_BEFORE_MIN"],
            closes_after_min=current_app.config["WALK_PIN_CLOSES_AFTER_MIN"],
        )
    except groups.GroupError:
        form.count.errors = [_("Gruppen har inga veckodagar att gå. Ändra gruppen först.")]
        return _group_page(found, form, 400)
    db.session.commit()
    if created:
        flash(
            _("%(n)s vandringar har lagts in i kalendern.", n=len(created)),
            "success",
        )
    else:
        flash(_("Alla vandringar de närmaste fyra veckorna finns redan i kalendern."), "info")
    return redirect(url_for("walk_groups_staff.group", group_id=found.id))


@staff.route("/<int:group_id>/ny-kod", methods=["POST"])
def new_code(group_id: int):
    """Give the group a new code (the old one stops working)."""
    found = _group_or_404(group_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    groups.new_code(_actor(), found)
    db.session.commit()
    flash(_("Gruppen har fått en ny kod: %(code)s.", code=found.display_code), "success")
    return redirect(url_for("walk_groups_staff.group", group_id=found.id))


@staff.route("/<int:group_id>/aktiv", methods=["POST"])
def set_active(group_id: int):
    """Pause the group (its page and code stop working) or take it up again."""
    found = _group_or_404(group_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    groups.update_group(_actor(), found, active=request.form.get("aktiv") == "ja")
    db.session.commit()
    flash(_("Gruppen är sparad."), "success")
    return redirect(url_for("walk_groups_staff.group", group_id=found.id))


REPORT_ERRORS = {
    "not_started": lambda: _("Rapporten kan skrivas när vandringen har börjat."),
    "cancelled": lambda: _("Vandringen är inställd."),
    "bad_mood": lambda: _("Välj hur stämningen var."),
}


@staff.route("/<int:group_id>/rapport/<int:walk_id>", methods=["GET", "POST"])
def report(group_id: int, walk_id: int):
    """The short report after one of the group's walks: people out, mood, places to note."""
    found = _group_or_404(group_id)
    walk = db.session.get(Walk, walk_id)
    if walk is None or walk.group_id != found.id:
        abort(404)
    existing = groups.report_for(walk)
    form = ReportForm()
    if request.method == "GET" and existing is not None:
        form = ReportForm(
            formdata=None,
            people_out=existing.people_out,
            mood=existing.mood,
            notes=existing.notes,
        )
    if form.validate_on_submit():
        try:
            groups.save_report(
                _actor(),
                walk,
                people_out=form.people_out.data,
                mood=form.mood.data,
                notes=form.notes.data,
                now=utcnow(),
            )
        except groups.GroupError as error:
            target = form.mood if error.code == "bad_mood" else form.people_out
            target.errors = [REPORT_ERRORS.get(error.code, lambda: _("Kontrollera uppgifterna."))()]
        else:
            db.session.commit()
            flash(_("Rapporten är sparad."), "success")
            return redirect(url_for("walk_groups_staff.group", group_id=found.id))
    status = 400 if form.errors else 200
    return (
        render_template(
            "walks/groups/staff_report.html",
            group=found,
            walk=walk,
            form=form,
            pins=groups.pin_counts([walk]).get(walk.id, 0),
            existing=existing,
        ),
        status,
    )
