"""Staff results (full detail, no suppression: staff only), CSV export and moderation."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth import audit
from portal.auth.guard import require, staff_blueprint
from portal.dialog import compare, export, moderation, permissions, results, services, vocab
from portal.dialog.display import content_language, staff_context
from portal.dialog.forms import ConfirmForm, ModerationForm
from portal.dialog.maps import staff_points_map
from portal.dialog.models import PointAnswer, TextAnswer
from portal.extensions import db
from portal.pagination import paginate

staff = staff_blueprint("dialog_results", __name__, "/enkater", template_folder="templates")
staff.context_processor(staff_context)

MAP_POINT_LIMIT = 2000


def _survey(survey_id: int):
    survey = services.get(survey_id) or abort(404)
    require(permissions.can_manage_survey(current_user, survey))
    return survey


@staff.route("/<int:survey_id>/resultat", endpoint="results")
def results_page(survey_id: int):
    """Counts, shares with intervals, indicators, breakdowns, weighting and before/after."""
    survey = _survey(survey_id)
    lang = content_language(survey)
    dimension = request.args.get("per", "omrade")
    dimension = dimension if dimension in results.DIMENSIONS else "omrade"
    t = results.tally(survey)
    comparable = services.comparable_surveys(survey)
    other_id = request.args.get("jamfor", type=int)
    other = next((s for s in comparable if s.id == other_id), None)
    comparison = compare.compare(other, survey, lang) if other else None
    points = list(
        db.session.scalars(
            db.select(PointAnswer)
            .where(PointAnswer.survey_id == survey.id)
            .order_by(PointAnswer.id.desc())
            .limit(MAP_POINT_LIMIT)
        )
    )
    texts = {
        q.id: moderation.approved(survey, q.id)
        for q in survey.questions
        if q.kind in (vocab.TEXT, vocab.POINT)
    }
    return render_template(
        "dialog/staff/results.html",
        survey=survey,
        lang=lang,
        tally=t,
        dimension=dimension,
        dimension_labels={
            "omrade": _("område"),
            "alder": _("åldersgrupp"),
            "kon": _("kön"),
        },
        questions=[
            results.question_result(t, q, lang, dimension)
            for q in survey.questions
            if q.kind in vocab.CODED_KINDS
        ],
        otrygghet=results.otrygghet(t, lang),
        problems=results.problems(t, lang),
        representation=results.representativeness(t, lang),
        comparable=comparable,
        other=other,
        comparison=comparison,
        points_map=staff_points_map(survey, points),
        point_count=len(points),
        texts=texts,
        text_counts=moderation.counts(survey),
        confirm=ConfirmForm(),
    )


@staff.route("/<int:survey_id>/export.csv")
def export_csv(survey_id: int):
    """One row per response, anonymised, streamed (``?format=excel``: ``;`` and a BOM)."""
    survey = _survey(survey_id)
    excel = request.args.get("format") == "excel"
    lang = content_language(survey)
    audit.record(
        current_user._get_current_object(),
        "dialog.export",
        survey,
        area=survey.area,
        detail={"format": "excel" if excel else "csv"},
    )
    db.session.commit()
    filename = f"enkat-{survey.id}-svar{'-excel' if excel else ''}.csv"
    return Response(
        stream_with_context(export.stream(survey, lang, excel)),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@staff.route("/moderering")
def moderation_queue():
    """Free-text answers waiting for moderation (or approved/rejected: ``?status=``)."""
    require(permissions.can_manage_surveys(current_user))
    state = request.args.get("status", moderation.PENDING)
    state = state if state in moderation.STATES else moderation.PENDING
    areas = permissions.granted_areas_for_surveys(current_user)
    page = paginate(
        moderation.queue_query(areas, state),
        request.args.get("page"),
        current_app.config["PAGE_SIZE"],
    )
    return render_template(
        "dialog/staff/moderation.html",
        page=page,
        state=state,
        form=ModerationForm(formdata=None),
    )


@staff.route("/moderering/<int:text_id>", methods=["POST"])
def moderate(text_id: int):
    """Hide more text by hand, then approve or reject (or only hide)."""
    answer = db.session.get(TextAnswer, text_id) or abort(404)
    require(permissions.can_moderate(current_user, answer))
    form = ModerationForm()
    action = request.form.get("atgard", "")
    if not form.validate_on_submit() or action not in moderation.ACTIONS:
        flash(_("Det gick inte att spara. Försök igen."), "error")
        return redirect(url_for(".moderation_queue"))
    moderation.moderate(
        answer, action, (form.hide.data or "").splitlines(), current_user._get_current_object()
    )
    db.session.commit()
    messages = {
        "godkann": _("Svaret är godkänt."),
        "avvisa": _("Svaret är avvisat."),
        "dolj": _("Texten är dold."),
    }
    flash(messages[action], "success")
    state = request.form.get("status", moderation.PENDING)
    return redirect(
        url_for(".moderation_queue", status=state if state in moderation.STATES else None)
        + f"#svar-{answer.id}"
    )
