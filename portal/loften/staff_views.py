"""Staff pages for a promise (under /hantera/loften): create, edit, underlag, publish, review.

Commitments, activities, updates and links are in :mod:`portal.loften.work_views`.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from portal.areas import services as area_services
from portal.areas.models import Area
from portal.auth.guard import require, staff_blueprint
from portal.auth.permissions import granted_areas
from portal.extensions import db
from portal.loften import permissions, present, services, sources, vocab
from portal.loften.forms import (
    ActionForm,
    ConfirmForm,
    FromSnapshotForm,
    NewPromiseForm,
    PromiseForm,
    ReviewForm,
)
from portal.loften.models import Commitment, Promise
from portal.loften.services import LoftenError
from portal.pagination import paginate

staff = staff_blueprint("loften_staff", __name__, "/loften", template_folder="templates")


@staff.before_request
def _only_loften_roles():
    """Coordinators and partners (per-object checks follow in the views)."""
    require(permissions.can_use_loften(current_user))


def actor():
    return current_user._get_current_object()


def locale() -> str:
    return str(get_locale() or "sv")


def managed_areas() -> list[Area]:
    return granted_areas(current_user, permissions.PROMISE_MANAGERS)


def promise_or_404(promise_id: int) -> Promise:
    promise = db.session.get(Promise, promise_id) or abort(404)
    require(permissions.can_manage(current_user, promise))
    return promise


def error_message(error: LoftenError) -> str:
    messages = {
        "period": _("Perioden kan inte sluta innan den börjar."),
        "areas": _("Välj områden inom löftets eget område."),
        "no_snapshot": _("Den fastställda lägesbilden finns inte."),
        "duplicate": _("Det finns redan i listan."),
        "bad_source": _("Okänt slags underlag."),
        "transition": _("Den ändringen går inte att göra i löftets nuvarande läge."),
        "bad_action": _("Okänd åtgärd."),
        "no_followup_result": _(
            "Skriv uppföljningens resultat innan löftet markeras som uppföljt."
        ),
        "not_draft": _(
            "Bara ett utkast kan tas bort. Ett publicerat åtagande kan ställas in med ett skäl."
        ),
        "bad_party": _("Välj vem som ansvarar."),
        "partner_without_name": _("Skriv samverkanspartnerns namn."),
        "bad_target": _("Målet måste vara större än noll."),
        "not_published": _("Uppdateringar kan bara läggas till när löftet är publicerat."),
        "bad_status": _("Okänd status."),
        "reason_required": _("Skriv varför, det visas offentligt."),
        "bad_progress": _("Skriv ett tal, noll eller större."),
        "no_text": _("Skriv vad som har gjorts."),
        "photo_alt": _("Beskriv vad bilden visar."),
        "bad_target_type": _("Okänd koppling."),
    }
    if error.code == "not_ready":
        reasons = {
            "no_commitments": _("Lägg till minst ett åtagande."),
            "no_signatories": _("Lägg till minst en undertecknare."),
            "no_signing_date": _("Skriv när löftet undertecknades."),
            "partner_without_name": _("Skriv samverkanspartnerns namn på varje partneråtagande."),
        }
        found = [reasons.get(p, p) for p in error.detail.get("problems", [])]
        return _("Löftet kan inte publiceras än:") + " " + " ".join(found)
    return messages.get(error.code, _("Ändringen kunde inte göras."))


def area_choices(areas: list[Area]) -> list[tuple[str, str]]:
    """Each managed area and every area below it, indented by depth."""
    seen: dict[int, tuple[str, str]] = {}
    for top in areas:
        for area in db.session.scalars(area_services.subtree_query(top).order_by(Area.path)):
            seen.setdefault(area.id, (str(area.id), "\u2003" * min(area.depth, 4) + area.name))
    return list(seen.values())


# --- lists -------------------------------------------------------------------------------------


def partner_commitments() -> list[Commitment]:
    """Commitments the signed-in partner may report on, in published promises."""
    organisation = (current_user.organisation or "").strip()
    if not organisation:
        return []
    query = (
        db.select(Commitment)
        .join(Promise, Commitment.promise_id == Promise.id)
        .where(Commitment.party == vocab.PARTNER, Promise.state != vocab.UTKAST)
        .order_by(Promise.period_start.desc(), Commitment.position)
    )
    user = actor()
    return [c for c in db.session.scalars(query) if permissions.is_own_commitment(user, c)]


@staff.route("/")
def index():
    """My promises (coordinators), due reviews, and commitments I report on (partners)."""
    state = request.args.get("status", "")
    areas = managed_areas()
    page = None
    if areas:
        page = paginate(
            services.staff_query(areas, state or None),
            request.args.get("page"),
            current_app.config["PAGE_SIZE"],
        )
    due = services.due_reviews(
        areas, services.today(), current_app.config["LOFTEN_REVIEW_NOTICE_DAYS"]
    )
    mine = partner_commitments()
    return render_template(
        "loften/staff/index.html",
        page=page,
        state=state,
        due=due,
        mine=mine,
        progress_of={c.id: present.commitment_progress(c) for c in mine},
        can_create=bool(areas),
        today=services.today(),
        state_labels=vocab.STATE_LABELS,
    )


# --- creating ----------------------------------------------------------------------------------


def snapshot_forms() -> list[tuple[sources.PublicSnapshot, FromSnapshotForm]]:
    found = []
    for snapshot in sources.snapshot_choices(managed_areas()):
        form = FromSnapshotForm(prefix=f"s{snapshot.id}")
        if not form.title.data:
            form.title.data = _(
                "Medborgarlöfte för %(area)s %(year)s",
                area=snapshot.area_name,
                year=services.add_months(services.today(), 1).year,
            )
        found.append((snapshot, form))
    return found


@staff.route("/nytt", methods=["GET", "POST"])
def new():
    """Start a promise: from a fastställd lägesbild (one step) or blank."""
    areas = managed_areas()
    require(bool(areas))
    form = NewPromiseForm()
    form.area.choices = area_choices(areas)
    if form.validate_on_submit():
        area = db.session.get(Area, int(form.area.data)) if form.area.data.isdigit() else None
        require(area is not None and permissions.can_manage_promises(current_user, area))
        promise = services.create(
            actor(),
            area,
            form.title.data,
            form.period_start.data,
            form.period_end.data,
            current_app.config["LOFTEN_REVIEW_MONTHS"],
        )
        db.session.commit()
        flash(_("Utkastet är skapat."), "success")
        return redirect(url_for("loften_staff.promise", promise_id=promise.id))
    status = 400 if request.method == "POST" else 200
    return render_template("loften/staff/new.html", form=form, snapshots=snapshot_forms()), status


@staff.route("/fran-lagesbild/<int:snapshot_id>", methods=["POST"])
def from_snapshot(snapshot_id: int):
    """Create a draft from a fastställd lägesbild in one step."""
    snapshot = sources.public_snapshot(snapshot_id) or abort(404)
    area = sources.snapshot_area(snapshot) or abort(404)
    require(permissions.can_manage_promises(current_user, area))
    form = FromSnapshotForm(prefix=f"s{snapshot_id}")
    if not form.validate_on_submit():
        blank = NewPromiseForm(formdata=None)
        blank.area.choices = area_choices(managed_areas())
        forms = [(s, form if s.id == snapshot_id else f) for s, f in snapshot_forms()]
        return render_template("loften/staff/new.html", form=blank, snapshots=forms), 400
    promise = services.create_from_snapshot(
        actor(),
        snapshot_id,
        form.title.data,
        services.today(),
        current_app.config["LOFTEN_REVIEW_MONTHS"],
    )
    db.session.commit()
    flash(
        _("Utkastet är skapat från lägesbilden. Lägg till åtaganden och undertecknare."), "success"
    )
    return redirect(url_for("loften_staff.promise", promise_id=promise.id))


# --- one promise --------------------------------------------------------------------------------


@staff.route("/<int:promise_id>")
def promise(promise_id: int):
    """The promise as staff work on it: every part, with links to change it and its life cycle."""
    found = promise_or_404(promise_id)
    return render_template(
        "loften/staff/promise.html",
        promise=found,
        overall=present.overall_progress(list(found.commitments)),
        progress_of={c.id: present.commitment_progress(c) for c in found.commitments},
        problems=services.publish_problems(found) if found.state == vocab.UTKAST else [],
        action_form=ActionForm(),
        review_form=ReviewForm(),
        confirm=ConfirmForm(),
        snapshot=sources.public_snapshot(found.snapshot_id),
        surveys=sources.surveys([found.baseline_survey_id, found.followup_survey_id], locale()),
        transitions=vocab.TRANSITIONS,
        transition_labels=vocab.TRANSITION_LABELS,
    )


@staff.route("/<int:promise_id>/forhandsvisning")
def preview(promise_id: int):
    """The public page as it will look (drafts included)."""
    found = promise_or_404(promise_id)
    return render_template("loften/show.html", preview=True, **present.page(found, locale()))


def _promise_input(form: PromiseForm, promise: Promise) -> services.PromiseInput:
    chosen = [db.session.get(Area, i) for i in form.areas.data]
    return services.PromiseInput(
        title=form.title.data,
        summary=form.summary.data or "",
        areas=[a for a in chosen if a is not None],
        period_start=form.period_start.data,
        period_end=form.period_end.data,
        dialog_summary=form.dialog_summary.data or "",
        follow_text=form.follow_text.data or "",
        followup_method=form.followup_method.data or "",
        followup_result=form.followup_result.data or "",
        signed_on=form.signed_on.data,
        review_months=form.review_months.data,
    )


@staff.route("/<int:promise_id>/andra", methods=["GET", "POST"])
def edit(promise_id: int):
    """The promise's texts, areas, period, signing date and review cycle."""
    found = promise_or_404(promise_id)
    form = PromiseForm(obj=found) if request.method == "GET" else PromiseForm()
    form.areas.choices = [(int(i), name) for i, name in area_choices([found.area])]
    if request.method == "GET":
        form.areas.data = [a.id for a in found.all_areas]
    if form.validate_on_submit():
        try:
            version = services.update(actor(), found, _promise_input(form, found))
        except LoftenError as error:
            form.areas.errors = [*form.areas.errors, error_message(error)]
        else:
            db.session.commit()
            flash(
                _("Ändringarna är sparade.")
                + (" " + _("De syns i versionshistoriken.") if version else ""),
                "success",
            )
            return redirect(url_for("loften_staff.promise", promise_id=found.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "loften/staff/form.html",
        promise=found,
        form=form,
        heading=_("Ändra löftet"),
        submit=_("Spara"),
        multipart=False,
    ), status


@staff.route("/<int:promise_id>/status", methods=["POST"])
def change_state(promise_id: int):
    """Publish, close or mark as followed up."""
    found = promise_or_404(promise_id)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.transition(actor(), found, form.action.data, services.today())
    except LoftenError as error:
        flash(error_message(error), "error")
    else:
        db.session.commit()
        flash(_("Löftet är nu: %(state)s.", state=found.state_label), "success")
    return redirect(url_for("loften_staff.promise", promise_id=found.id))


@staff.route("/<int:promise_id>/genomgang", methods=["POST"])
def review(promise_id: int):
    """A review (genomgång) of the promise was held: set the next one."""
    found = promise_or_404(promise_id)
    form = ReviewForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.mark_reviewed(actor(), found, services.today(), form.note.data or "")
    except LoftenError as error:
        flash(error_message(error), "error")
    else:
        db.session.commit()
        flash(
            _(
                "Genomgången är noterad. Nästa genomgång: %(date)s.",
                date=found.next_review_on.isoformat(),
            ),
            "success",
        )
    return redirect(url_for("loften_staff.promise", promise_id=found.id))


@staff.route("/<int:promise_id>/ta-bort", methods=["POST"])
def delete(promise_id: int):
    found = promise_or_404(promise_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.delete_draft(actor(), found)
    except LoftenError as error:
        flash(error_message(error), "error")
        return redirect(url_for("loften_staff.promise", promise_id=found.id))
    db.session.commit()
    flash(_("Utkastet är borttaget."), "success")
    return redirect(url_for("loften_staff.index"))
