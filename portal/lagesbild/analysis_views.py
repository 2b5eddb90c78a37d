"""The analysis (problem description, orsaksanalys, problems with evidence) and "Fastställ"."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from portal.auth.guard import require, staff_blueprint
from portal.extensions import db
from portal.lagesbild import analysis, permissions, snapshots, vocab
from portal.lagesbild.forms import ProblemForm, TextsForm, parse_ids
from portal.lagesbild.models import Problem, get
from portal.lagesbild.views import computed, load, locale

work = staff_blueprint("lagesbild_analysis", __name__, "/lagesbild", template_folder="templates")


@work.before_request
def _only_coordinators():
    require(permissions.can_view_lagesbild(current_user))


def _actor():
    return current_user._get_current_object()


def _editable(slug: str, period_key: str):
    area, period = load(slug, period_key)
    require(permissions.can_edit_analysis(current_user, area))
    return area, period


def _back(area, period, anchor: str = "analys"):
    return redirect(
        url_for("lagesbild_staff.show", slug=area.slug, period_key=period.key, _anchor=anchor)
    )


@work.route("/<slug>/<period_key>/analys", methods=["GET", "POST"])
def texts(slug: str, period_key: str):
    """Write the problem description, the orsaksanalys and the public summary."""
    area, period = _editable(slug, period_key)
    draft = analysis.find(area, period)
    form = TextsForm(obj=draft)
    if request.method == "GET":
        form.revision.data = str(draft.revision if draft else 1)
    conflict = None
    if form.validate_on_submit():
        draft = draft or analysis.get_or_create(area, period, _actor())
        try:
            analysis.save_texts(
                draft,
                _actor(),
                int(form.revision.data),
                analysis.Texts(
                    form.problem_description.data or "",
                    form.causes.data or "",
                    form.public_summary.data or "",
                ),
            )
        except analysis.StaleRevision as stale:
            db.session.rollback()
            conflict = stale.current
        else:
            db.session.commit()
            flash(_("Analysen är sparad."), "success")
            return _back(area, period)
    return (
        render_template(
            "lagesbild/analysis.html", form=form, area=area, period=period, conflict=conflict
        ),
        409 if conflict else (400 if form.errors else 200),
    )


def _evidence_choices(area, period) -> list[tuple[str, str, str]]:
    raw, _view = computed(area, period)
    return analysis.evidence_choices(raw, locale())


def _problem_form(area, period, problem: Problem | None):
    choices = _evidence_choices(area, period)
    form = ProblemForm(obj=problem)
    if problem is not None:
        known = {f"{k}:{r}" for k, r, _label in choices}
        for evidence in problem.evidence:
            if evidence.kind in (vocab.EV_PLACE, vocab.EV_EST_ENTRY):
                continue
            if f"{evidence.kind}:{evidence.ref}" not in known:
                choices.append((evidence.kind, evidence.ref, evidence.label))
    form.evidence.choices = [
        SelectChoice(f"{k}:{r}", f"{vocab.EVIDENCE_LABELS[k]}: {label}") for k, r, label in choices
    ]
    if request.method == "GET" and problem is not None:
        form.evidence.data = [
            f"{e.kind}:{e.ref}"
            for e in problem.evidence
            if e.kind not in (vocab.EV_PLACE, vocab.EV_EST_ENTRY)
        ]
        form.places.data = ", ".join(e.ref for e in problem.evidence if e.kind == vocab.EV_PLACE)
        form.est_rows.data = ", ".join(
            e.ref for e in problem.evidence if e.kind == vocab.EV_EST_ENTRY
        )
    return form, {f"{k}:{r}": label for k, r, label in choices}


def _problem_input(form, labels: dict[str, str], area) -> analysis.ProblemInput | None:
    evidence = []
    for value in form.evidence.data or []:
        kind, _sep, ref = value.partition(":")
        evidence.append((kind, ref, labels[value]))
    try:
        evidence += analysis.record_evidence(
            area, parse_ids(form.places.data), parse_ids(form.est_rows.data)
        )
    except analysis.EvidenceError as error:
        field = form.places if error.kind == vocab.EV_PLACE else form.est_rows
        field.errors = [*field.errors, _("Finns inte i området: %(ids)s", ids=", ".join(error.ids))]
        return None
    return analysis.ProblemInput(
        title=form.title.data,
        description=form.description.data or "",
        prioritised=form.prioritised.data,
        evidence=evidence,
    )


@work.route("/<slug>/<period_key>/problem/ny", methods=["GET", "POST"])
def new_problem(slug: str, period_key: str):
    """Describe a problem and link it to its evidence."""
    area, period = _editable(slug, period_key)
    form, labels = _problem_form(area, period, None)
    if form.validate_on_submit():
        given = _problem_input(form, labels, area)
        if given is not None:
            draft = analysis.get_or_create(area, period, _actor())
            analysis.add_problem(draft, _actor(), given)
            db.session.commit()
            flash(_("Problemet är sparat."), "success")
            return _back(area, period, "problem")
    return (
        render_template(
            "lagesbild/problem.html", form=form, area=area, period=period, problem=None
        ),
        400 if form.errors else 200,
    )


def _problem_or_404(area, period, problem_id: int) -> Problem:
    problem = get(Problem, problem_id) or abort(404)
    draft = problem.lagesbild
    if draft.area_id != area.id or draft.period_key != period.key:
        abort(404)
    return problem


@work.route("/<slug>/<period_key>/problem/<int:problem_id>", methods=["GET", "POST"])
def edit_problem(slug: str, period_key: str, problem_id: int):
    """Change a problem, whether it is prioritised, and its evidence."""
    area, period = _editable(slug, period_key)
    problem = _problem_or_404(area, period, problem_id)
    form, labels = _problem_form(area, period, problem)
    if form.validate_on_submit():
        given = _problem_input(form, labels, area)
        if given is not None:
            analysis.update_problem(problem, _actor(), given)
            db.session.commit()
            flash(_("Problemet är sparat."), "success")
            return _back(area, period, "problem")
    return (
        render_template(
            "lagesbild/problem.html", form=form, area=area, period=period, problem=problem
        ),
        400 if form.errors else 200,
    )


@work.route("/<slug>/<period_key>/problem/<int:problem_id>/ta-bort", methods=["POST"])
def delete_problem(slug: str, period_key: str, problem_id: int):
    """Remove a problem (fastställda versions keep it)."""
    area, period = _editable(slug, period_key)
    problem = _problem_or_404(area, period, problem_id)
    analysis.delete_problem(problem, _actor())
    db.session.commit()
    flash(_("Problemet är borttaget."), "success")
    return _back(area, period, "problem")


@work.route("/<slug>/<period_key>/faststall", methods=["GET", "POST"])
def fix(slug: str, period_key: str):
    """Fastställ: freeze numbers, map and texts as the next version."""
    area, period = load(slug, period_key)
    require(permissions.can_fix(current_user, area))
    draft = analysis.find(area, period)
    upcoming = snapshots.next_version(draft) if draft else 1
    if request.method == "POST":
        expected = request.form.get("version", "")
        if expected != str(upcoming):
            flash(_("Lägesbilden har redan fastställts som version %(n)s.", n=upcoming - 1), "info")
            return _back(area, period, "versioner")
        draft = draft or analysis.get_or_create(area, period, _actor())
        try:
            snapshot = snapshots.fix(draft, _actor())
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            flash(
                _("Lägesbilden fastställdes samtidigt av någon annan. Se versionerna nedan."),
                "info",
            )
            return _back(area, period, "versioner")
        flash(_("Lägesbilden är fastställd som version %(n)s.", n=snapshot.version), "success")
        return redirect(url_for("lagesbild_versions.show", snapshot_id=snapshot.id))
    return render_template(
        "lagesbild/fix.html",
        area=area,
        period=period,
        draft=draft,
        version=upcoming,
        minimum=current_app.config["DISCLOSURE_MINIMUM"],
    )
