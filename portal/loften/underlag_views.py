"""Staff pages for a promise's underlag: the fastställd lägesbild, the surveys before and after
(and the indicator they follow), and the places and surveys behind the promise.

Routes on the :data:`portal.loften.staff_views.staff` blueprint.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.extensions import db
from portal.loften import services, sources, vocab
from portal.loften.forms import ConfirmForm, PlaceSourceForm, SurveysForm, SurveySourceForm
from portal.loften.models import Promise, Source
from portal.loften.services import LoftenError
from portal.loften.staff_views import actor, error_message, locale, promise_or_404, staff


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _survey_choices(promise: Promise) -> list[tuple[str, str]]:
    choices = [("", _("Ingen"))]
    for info in sources.survey_choices(promise.area, locale()):
        note = "" if info.results_published else " " + _("(resultat inte publicerade)")
        choices.append((str(info.id), info.title + note))
    return choices


def _surveys_form(promise: Promise, submitted: bool) -> SurveysForm:
    form = SurveysForm() if submitted else SurveysForm(formdata=None)
    form.snapshot.choices = [("", _("Ingen"))] + [
        (
            str(s.id),
            _(
                "%(area)s, %(start)s – %(end)s (version %(v)s)",
                area=s.area_name,
                start=s.starts_on.isoformat(),
                end=s.ends_on.isoformat(),
                v=s.version,
            ),
        )
        for s in sources.snapshot_choices([promise.area])
    ]
    if promise.snapshot_id and str(promise.snapshot_id) not in dict(form.snapshot.choices):
        form.snapshot.choices.append(
            (str(promise.snapshot_id), _("Lägesbild %(id)s", id=promise.snapshot_id))
        )
    form.baseline.choices = form.followup.choices = _survey_choices(promise)
    baseline = _int_or_none(form.baseline.data) if submitted else None
    form.indicator.choices = sources.indicator_choices(
        baseline or promise.baseline_survey_id, locale()
    )
    if not submitted:
        form.snapshot.data = str(promise.snapshot_id or "")
        form.baseline.data = str(promise.baseline_survey_id or "")
        form.followup.data = str(promise.followup_survey_id or "")
        form.indicator.data = promise.indicator_key
    return form


def _survey_source_form(promise: Promise, submitted: bool) -> SurveySourceForm:
    form = SurveySourceForm() if submitted else SurveySourceForm(formdata=None)
    form.survey.choices = [("", _("Välj enkät")), *_survey_choices(promise)[1:]]
    return form


def _render(promise: Promise, *, form=None, place_form=None, survey_form=None, status: int = 200):
    lang = locale()
    place_sources = [
        (s, sources.place(int(s.ref), lang))
        for s in promise.sources
        if s.kind == vocab.SOURCE_PLACE
    ]
    return render_template(
        "loften/staff/underlag.html",
        promise=promise,
        form=form or _surveys_form(promise, False),
        place_form=place_form or PlaceSourceForm(formdata=None),
        survey_form=survey_form or _survey_source_form(promise, False),
        place_sources=place_sources,
        survey_sources=[s for s in promise.sources if s.kind == vocab.SOURCE_SURVEY],
        confirm=ConfirmForm(),
    ), status


@staff.route("/<int:promise_id>/underlag", methods=["GET", "POST"])
def underlag(promise_id: int):
    """The lägesbild, the surveys before and after, and the places and surveys behind the promise."""
    found = promise_or_404(promise_id)
    form = _surveys_form(found, request.method == "POST")
    if form.validate_on_submit():
        try:
            services.set_snapshot(actor(), found, _int_or_none(form.snapshot.data))
            services.set_surveys(
                actor(),
                found,
                _int_or_none(form.baseline.data),
                _int_or_none(form.followup.data),
                form.indicator.data,
            )
        except LoftenError as error:
            form.snapshot.errors = [*form.snapshot.errors, error_message(error)]
        else:
            db.session.commit()
            flash(_("Underlaget är sparat."), "success")
            return redirect(url_for("loften_staff.underlag", promise_id=found.id))
    return _render(found, form=form, status=400 if request.method == "POST" else 200)


@staff.route("/<int:promise_id>/underlag/plats", methods=["POST"])
def add_place_source(promise_id: int):
    """Add a place (by its number) to the underlag."""
    found = promise_or_404(promise_id)
    place_form = PlaceSourceForm()
    if place_form.validate_on_submit():
        place_id = place_form.place_id.data
        info = (
            sources.place(place_id, "sv") if sources.place_in_areas(place_id, found.area) else None
        )
        if info is None:
            place_form.place_id.errors = [
                _("Det finns ingen plats med det numret i löftets område.")
            ]
        else:
            try:
                services.add_source(
                    actor(), found, vocab.SOURCE_PLACE, info.id, f"{info.label}, {info.area_name}"
                )
            except LoftenError as error:
                place_form.place_id.errors = [error_message(error)]
            else:
                db.session.commit()
                flash(_("Platsen är tillagd i underlaget."), "success")
                return redirect(url_for("loften_staff.underlag", promise_id=found.id))
    return _render(found, place_form=place_form, status=400)


@staff.route("/<int:promise_id>/underlag/enkat", methods=["POST"])
def add_survey_source(promise_id: int):
    """Add a survey (e.g. a medborgardialog) to the underlag."""
    found = promise_or_404(promise_id)
    survey_form = _survey_source_form(found, True)
    if survey_form.validate_on_submit():
        info = sources.survey(_int_or_none(survey_form.survey.data), locale())
        if info is None:
            abort(400)
        try:
            services.add_source(actor(), found, vocab.SOURCE_SURVEY, info.id, info.title)
        except LoftenError as error:
            survey_form.survey.errors = [error_message(error)]
        else:
            db.session.commit()
            flash(_("Enkäten är tillagd i underlaget."), "success")
            return redirect(url_for("loften_staff.underlag", promise_id=found.id))
    return _render(found, survey_form=survey_form, status=400)


@staff.route("/<int:promise_id>/underlag/<int:source_id>/ta-bort", methods=["POST"])
def remove_source(promise_id: int, source_id: int):
    found = promise_or_404(promise_id)
    source = db.session.get(Source, source_id)
    if source is None or source.promise_id != found.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.remove_source(actor(), found, source)
    db.session.commit()
    flash(_("Borttaget ur underlaget."), "success")
    return redirect(url_for("loften_staff.underlag", promise_id=found.id))
