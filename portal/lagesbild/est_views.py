"""EST pages (under /hantera/est): file a report, my reports, follow-up, checklist, CSV import."""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.areas import services as area_services
from portal.areas.models import Area
from portal.auth.guard import require, staff_blueprint
from portal.auth.permissions import granted_areas, has_role
from portal.extensions import db
from portal.lagesbild import est_csv, est_import, est_services, permissions, vocab
from portal.lagesbild.forms import ChecklistCategoryForm, ImportForm, report_form_class
from portal.lagesbild.models import EstCategory, EstReport, get
from portal.lagesbild.periods import EST_KINDS, EST_VECKA, est_period, today
from portal.pagination import paginate

est = staff_blueprint("est_staff", __name__, "/est", template_folder="templates")

PERIODS_OFFERED = 8
MASK_NOTICE_KINDS = {
    "personnummer": _l("personnummer"),
    "telefon": _l("telefonnummer"),
    "epost": _l("e-postadresser"),
    "regnummer": _l("registreringsnummer"),
    "adress": _l("gatuadresser"),
}


@est.before_request
def _only_est_roles():
    require(permissions.can_use_est(current_user))


@est.context_processor
def _context() -> dict:
    return {
        "locale": str(get_locale() or "sv"),
        "can_follow_up": permissions.can_follow_up_est(current_user),
        "can_configure": permissions.can_configure_checklist(current_user),
    }


def _actor():
    return current_user._get_current_object()


def _areas_below(areas: list[Area]) -> list[Area]:
    """The given areas and everything under them, in tree order, once each."""
    if not areas:
        return []
    prefixes = tuple(a.path for a in areas)
    return [a for a, _depth in area_services.tree() if a.path.startswith(prefixes)]


def reportable_areas() -> list[Area]:
    return _areas_below(granted_areas(current_user, permissions.EST_REPORTERS))


def followed_areas() -> list[Area]:
    return _areas_below(granted_areas(current_user, permissions.LAGESBILD_ROLES))


def _kind() -> str:
    kind = current_app.config["EST_PERIOD_KIND"]
    return kind if kind in EST_KINDS else EST_VECKA


def period_label(start: date, end: date) -> str:
    first, last = start.isocalendar()[1], end.isocalendar()[1]
    dates = f"{format_date(start, 'd MMM')}–{format_date(end, 'd MMM yyyy')}"
    if first == last:
        return _("Vecka %(week)s (%(dates)s)", week=first, dates=dates)
    return _("Vecka %(first)s–%(last)s (%(dates)s)", first=first, last=last, dates=dates)


def period_choices(kind: str, on: date) -> list[SelectChoice]:
    choices = []
    start, end = est_period(kind, on)
    for _i in range(PERIODS_OFFERED):
        choices.append(SelectChoice(start.isoformat(), period_label(start, end)))
        start, end = est_period(kind, start - timedelta(days=1))
    return choices


# --- start page ------------------------------------------------------------------------------------


@est.route("/")
def index():
    """EST: where I report, and whether this period's report is in; links for coordinators."""
    kind = _kind()
    on = today()
    start, end = est_period(kind, on)
    areas = reportable_areas() if permissions.can_report(current_user) else []
    filed = set(
        db.session.scalars(
            db.select(EstReport.area_id).where(
                EstReport.reporter_id == current_user.id, EstReport.period_start == start
            )
        )
    )
    return render_template(
        "lagesbild/est/index.html",
        areas=areas,
        filed=filed,
        period=period_label(start, end),
        followed=followed_areas() if permissions.can_follow_up_est(current_user) else [],
        reporter=has_role(current_user, {"rapportor"}),
    )


# --- filing a report ----------------------------------------------------------------------------------


def _area_for_report(slug: str) -> Area:
    area = area_services.get_by_slug(slug) or abort(404)
    require(permissions.can_report(current_user, area))
    return area


def _prefill(form, report: EstReport | None) -> None:
    if report is None:
        return
    for entry in report.entries:
        name = f"bedomning_{entry.category_id}"
        if name in form:
            form[name].data = entry.assessment or ("" if entry.count is not None else vocab.INGEN)
            form[f"antal_{entry.category_id}"].data = entry.count
            form[f"anteckning_{entry.category_id}"].data = entry.note


@est.route("/rapport/<slug>", methods=["GET", "POST"])
def report_form(slug: str):
    """File (or change) my report for an area and a week or fortnight."""
    area = _area_for_report(slug)
    kind = _kind()
    categories = est_services.all_categories(active_only=True)
    choices = period_choices(kind, today())
    form_class = report_form_class(categories, choices, int(current_app.config["EST_NOTE_MAX"]))
    form = form_class()
    if request.method == "GET":
        wanted = request.args.get("period", "")
        form.period.data = wanted if wanted in {c.value for c in choices} else choices[0].value
        existing = est_services.report_for(area, current_user, date.fromisoformat(form.period.data))
        _prefill(form, existing)
    if form.validate_on_submit():
        entries = [
            est_services.EntryInput(
                category_id=c.id,
                assessment=form[f"bedomning_{c.id}"].data or None,
                count=form[f"antal_{c.id}"].data,
                note=form[f"anteckning_{c.id}"].data,
            )
            for c in categories
        ]
        report = est_services.save_report(
            _actor(), area, kind, date.fromisoformat(form.period.data), entries
        )
        db.session.commit()
        flash(_("Rapporten är sparad. Tack!"), "success")
        masked = est_services.masked_kinds(report)
        if masked:
            flash(
                _(
                    "Vi har dolt %(kinds)s i anteckningarna när de visas utanför personalsidorna. "
                    "Skriv om platser och situationer, aldrig om personer.",
                    kinds=", ".join(str(MASK_NOTICE_KINDS.get(k, k)) for k in masked),
                ),
                "info",
            )
        return redirect(url_for("est_staff.report", report_id=report.id))
    status = 400 if form.errors else 200
    return (
        render_template(
            "lagesbild/est/report_form.html", form=form, area=area, categories=categories
        ),
        status,
    )


@est.route("/rapporter/<int:report_id>")
def report(report_id: int):
    """One report: what was said per category."""
    found = get(EstReport, report_id) or abort(404)
    require(permissions.can_read_report(current_user, found))
    return render_template(
        "lagesbild/est/report.html",
        report=found,
        period=period_label(found.period_start, found.period_end),
        mine=found.reporter_id == current_user.id,
    )


@est.route("/mina")
def mine():
    """The reports I have filed."""
    require(permissions.can_report(current_user))
    page = paginate(
        est_services.my_reports_query(current_user),
        request.args.get("page"),
        current_app.config["PAGE_SIZE"],
    )
    return render_template(
        "lagesbild/est/mine.html",
        page=page,
        signals=est_services.signal_counts([r.id for r in page.items]),
        label=period_label,
    )


# --- follow-up ---------------------------------------------------------------------------------------


@est.route("/omrade/<slug>")
def overview(slug: str):
    """Who has not reported this period, and every report in the area."""
    area = area_services.get_by_slug(slug) or abort(404)
    require(permissions.can_follow_up_est(current_user, area))
    kind = _kind()
    on = today()
    start, end = est_period(kind, on)
    previous = est_period(kind, start - timedelta(days=1))
    page = paginate(
        est_services.reports_query(area), request.args.get("page"), current_app.config["PAGE_SIZE"]
    )
    return render_template(
        "lagesbild/est/overview.html",
        area=area,
        statuses=est_services.reporter_status(area, on, kind),
        this_period=period_label(start, end),
        previous_period=period_label(*previous),
        page=page,
        signals=est_services.signal_counts([r.id for r in page.items]),
        label=period_label,
    )


# --- the checklist ------------------------------------------------------------------------------------


def _require_checklist_admin() -> None:
    require(permissions.can_configure_checklist(current_user))


@est.route("/checklista", methods=["GET", "POST"])
def checklist():
    """The checklist categories; add one."""
    _require_checklist_admin()
    form = ChecklistCategoryForm()
    if form.validate_on_submit():
        est_services.create_category(
            _actor(),
            name_sv=form.name_sv.data,
            name_en=form.name_en.data,
            help_sv=form.help_sv.data,
            sort_order=form.sort_order.data or 0,
        )
        db.session.commit()
        flash(_("Kategorin är tillagd."), "success")
        return redirect(url_for("est_staff.checklist"))
    return (
        render_template(
            "lagesbild/est/checklist.html", form=form, categories=est_services.all_categories()
        ),
        400 if form.errors else 200,
    )


@est.route("/checklista/standard", methods=["POST"])
def checklist_defaults():
    """Add the default categories that are missing."""
    _require_checklist_admin()
    created = est_services.ensure_defaults(_actor())
    db.session.commit()
    flash(_("%(n)s standardkategorier lades till.", n=len(created)), "success")
    return redirect(url_for("est_staff.checklist"))


@est.route("/checklista/<int:category_id>", methods=["GET", "POST"])
def checklist_category(category_id: int):
    """Rename, reorder or retire one category (earlier reports keep it)."""
    _require_checklist_admin()
    category = get(EstCategory, category_id) or abort(404)
    form = ChecklistCategoryForm(obj=category)
    if form.validate_on_submit():
        est_services.update_category(
            _actor(),
            category,
            name_sv=form.name_sv.data,
            name_en=form.name_en.data,
            help_sv=form.help_sv.data,
            sort_order=form.sort_order.data or 0,
            active=form.active.data,
        )
        db.session.commit()
        flash(_("Kategorin är sparad."), "success")
        return redirect(url_for("est_staff.checklist"))
    return (
        render_template("lagesbild/est/category.html", form=form, category=category),
        400 if form.errors else 200,
    )


# --- CSV import -------------------------------------------------------------------------------------


@est.route("/import", methods=["GET", "POST"])
def import_csv():
    """Upload an EST spreadsheet (CSV): every row is checked; nothing is imported on any error."""
    require(permissions.can_follow_up_est(current_user))
    areas = followed_areas()
    form = ImportForm()
    form.area.choices = [SelectChoice(a.id, a.name) for a in areas]
    if request.method == "GET":
        form.period.data = _kind()
    errors: list[est_import.RowError] = []
    if form.validate_on_submit():
        area = next((a for a in areas if a.id == form.area.data), None)
        if area is None:
            abort(403)
        text = est_csv.decode(form.file.data.read())
        try:
            parsed = est_import.parse(
                text, area, form.period.data, int(current_app.config["EST_NOTE_MAX"])
            )
            result = est_import.import_parsed(parsed, _actor(), area)
            db.session.commit()
        except est_import.ImportFailed as failed:
            db.session.rollback()
            errors = failed.errors
        else:
            flash(
                _(
                    "Importerade %(reports)s rapporter med %(entries)s rader för %(area)s.",
                    reports=result.reports,
                    entries=result.entries,
                    area=area.name,
                ),
                "success",
            )
            if parsed.ignored:
                flash(
                    _("Kolumner som inte användes: %(columns)s", columns=", ".join(parsed.ignored)),
                    "info",
                )
            return redirect(url_for("est_staff.overview", slug=area.slug))
    shown = int(current_app.config["EST_IMPORT_ERRORS_SHOWN"])
    return (
        render_template(
            "lagesbild/est/import.html",
            form=form,
            errors=errors[:shown],
            error_count=len(errors),
            has_areas=bool(areas),
        ),
        400 if form.errors or errors else 200,
    )
