"""The survey builder for staff (samordnare, kommunpolis, admin on the survey's area).

Create from a template in one step, then edit, reorder, preview, open and close. Once a survey
has responses, changes that would corrupt results are refused with an explanation and the offer
to copy the survey as a new version.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.areas import services as area_services
from portal.areas.models import Area
from portal.auth.guard import require, staff_blueprint
from portal.dialog import answering, permissions, questions, services, vocab
from portal.dialog.display import content_language, lang_attr, staff_context
from portal.dialog.forms import (
    AddQuestionForm,
    AnswerForm,
    ConfirmForm,
    NewSurveyForm,
    question_form_class,
    settings_form_class,
)
from portal.dialog.maps import leaflet_bounds, point_maps
from portal.dialog.models import Question, Survey
from portal.dialog.survey_templates import PRESETS, TEMPLATES
from portal.extensions import db
from portal.pagination import paginate

staff = staff_blueprint("dialog_staff", __name__, "/enkater", template_folder="templates")
staff.context_processor(staff_context)


def _user():
    return current_user._get_current_object()


def _survey(survey_id: int) -> Survey:
    survey = services.get(survey_id) or abort(404)
    require(permissions.can_manage_survey(current_user, survey))
    return survey


def _question(survey: Survey, question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or question.survey_id != survey.id:
        abort(404)
    return question


def _area_choices() -> list[SelectChoice]:
    """Areas where the user may create surveys, in tree order."""
    granted = permissions.can_manage_surveys
    return [
        SelectChoice(str(area.id), "– " * depth + area.name)
        for area, depth in area_services.tree()
        if granted(current_user, area)
    ]


def _language_choices() -> list[SelectChoice]:
    return [SelectChoice(code, name) for code, name in current_app.config["LANGUAGES"].items()]


def _refused(error: services.ChangeRefused, survey: Survey):
    flash(str(error.message), "error")
    return redirect(url_for(".survey", survey_id=survey.id))


@staff.route("/")
def index():
    """Surveys in the areas the user coordinates."""
    require(permissions.can_manage_surveys(current_user))
    areas = permissions.granted_areas_for_surveys(current_user)
    state = request.args.get("status", "")
    query = services.staff_query(areas, state if state in vocab.STATES else None)
    page = paginate(query, request.args.get("page"), current_app.config["PAGE_SIZE"])
    return render_template("dialog/staff/list.html", page=page, state=state)


@staff.route("/ny", methods=["GET", "POST"])
def new():
    """Create a survey from a template in one step."""
    require(permissions.can_manage_surveys(current_user))
    form = NewSurveyForm()
    form.area.choices = _area_choices()
    form.languages.choices = _language_choices()
    if request.method == "GET":
        # The languages every template is written in; others are added under "Översättningar".
        form.languages.data = [
            code
            for code in current_app.config["LANGUAGES"]
            if all(template.title.get(code) for template in TEMPLATES.values())
        ] or ["sv"]
        form.area.data = form.area.choices[0].value if form.area.choices else None
    if form.validate_on_submit():
        area = db.session.get(Area, int(form.area.data))
        require(area is not None and permissions.can_manage_surveys(current_user, area))
        survey = services.create_from_template(
            form.template.data, area, form.languages.data, _user(), title=form.title.data
        )
        db.session.commit()
        flash(
            _("Enkäten är skapad som utkast. Gå igenom frågorna och öppna den när den är klar."),
            "success",
        )
        return redirect(url_for(".survey", survey_id=survey.id))
    status = 400 if request.method == "POST" else 200
    return render_template("dialog/staff/new.html", form=form), status


@staff.route("/<int:survey_id>")
def survey(survey_id: int):
    """The builder: settings, questions by page, state changes."""
    survey = _survey(survey_id)
    count = services.response_count(survey)
    add_form = AddQuestionForm()
    add_form.kind.choices = [SelectChoice(k, str(label)) for k, (label, _d) in PRESETS.items()] + [
        SelectChoice(k, str(label)) for k, label in vocab.KIND_LABELS.items()
    ]
    return render_template(
        "dialog/staff/survey.html",
        survey=survey,
        count=count,
        frozen=count > 0 or survey.state == vocab.ARKIVERAD,
        problems=services.publish_problems(survey) if survey.state == vocab.UTKAST else [],
        steps=answering.steps(list(survey.questions)),
        add_form=add_form,
        confirm=ConfirmForm(),
        status=services.answer_status(survey),
    )


@staff.route("/<int:survey_id>/installningar", methods=["GET", "POST"])
def settings(survey_id: int):
    """Title and introduction per language, area, languages and dates."""
    survey = _survey(survey_id)
    languages = current_app.config["LANGUAGES"]
    form = settings_form_class(languages)()
    form.area.choices = _area_choices()
    form.languages.choices = _language_choices()
    if request.method == "GET":
        form.area.data = str(survey.area_id)
        form.languages.data = list(survey.languages)
        form.opens_on.data, form.closes_on.data = survey.opens_on, survey.closes_on
        for code in languages:
            form[f"title_{code}"].data = survey.title.get(code, "")
            form[f"intro_{code}"].data = survey.intro.get(code, "")
    if form.validate_on_submit():
        area = db.session.get(Area, int(form.area.data))
        require(area is not None and permissions.can_manage_surveys(current_user, area))
        changes = services.SettingsChanges(
            title={code: form[f"title_{code}"].data or "" for code in languages},
            intro={code: form[f"intro_{code}"].data or "" for code in languages},
            languages=[code for code in languages if code in form.languages.data],
            area=area,
            opens_on=form.opens_on.data,
            closes_on=form.closes_on.data,
        )
        try:
            services.update_settings(survey, changes, _user())
        except services.ChangeRefused as error:
            form.area.errors = [*form.area.errors, str(error.message)]
        else:
            db.session.commit()
            flash(_("Inställningarna är sparade."), "success")
            return redirect(url_for(".survey", survey_id=survey.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "dialog/staff/settings.html", survey=survey, form=form, languages=languages
    ), status


@staff.route("/<int:survey_id>/fragor", methods=["POST"])
def add_question(survey_id: int):
    """Add a question of a kind, or a preset (e.g. the trygghet question with its follow-up)."""
    survey = _survey(survey_id)
    form = AddQuestionForm()
    try:
        added = questions.add_questions(survey, form.kind.data or "", _user())
    except services.ChangeRefused as error:
        return _refused(error, survey)
    db.session.commit()
    return redirect(url_for(".edit_question", survey_id=survey.id, question_id=added[0].id))


def _fill_question_form(form, question: Question, languages) -> None:
    form.required.data = question.required
    form.page.data = question.page
    form.max_length.data = question.max_length
    form.max_choices.data = question.max_choices
    form.show_if.data = (
        f"{question.show_if_key}={question.show_if_value}" if question.show_if_key else ""
    )
    for code in languages:
        form[f"text_{code}"].data = question.text.get(code, "")
        form[f"help_{code}"].data = question.help.get(code, "")
        if f"options_{code}" in form:
            scored = [
                o for o in question.options if o.get("scored", True) or question.kind != vocab.SCALE
            ]
            form[f"options_{code}"].data = "\n".join(o["label"].get(code, "") for o in scored)
        if f"extra_{code}" in form:
            extra = [o for o in question.options if not o.get("scored", True)]
            form[f"extra_{code}"].data = "\n".join(o["label"].get(code, "") for o in extra)


@staff.route("/<int:survey_id>/fragor/<int:question_id>", methods=["GET", "POST"])
def edit_question(survey_id: int, question_id: int):
    """Wording, options, page and condition of a question (refused once there are answers)."""
    survey = _survey(survey_id)
    question = _question(survey, question_id)
    languages = {code: current_app.config["LANGUAGES"].get(code, code) for code in survey.languages}
    form = question_form_class(languages, question.kind)()
    form.show_if.choices = [SelectChoice("", _("Visa alltid"))] + [
        SelectChoice(f"{key}={code}", label)
        for key, code, label in questions.condition_choices(question, str(survey.languages[0]))
    ]
    frozen_reason = None
    try:
        services.check_editable(survey)
    except services.ChangeRefused as error:
        frozen_reason = error
    if request.method == "GET":
        _fill_question_form(form, question, languages)
    status = 200
    if request.method == "POST" and frozen_reason is not None:
        flash(str(frozen_reason.message), "error")
        _fill_question_form(form, question, languages)
        status = 409
    elif request.method == "POST":
        valid = form.validate_on_submit()
        first = next(iter(languages))
        if not form[f"text_{first}"].data:
            form[f"text_{first}"].errors = [*form[f"text_{first}"].errors, _("Skriv frågetexten.")]
        options = None
        if question.kind in vocab.CHOICE_KINDS:
            try:
                options = questions.build_options(
                    question,
                    {code: form[f"options_{code}"].data or "" for code in languages},
                    {
                        code: form[f"extra_{code}"].data or ""
                        for code in languages
                        if f"extra_{code}" in form
                    },
                )
            except ValueError as error:
                field = form[f"options_{first}"]
                field.errors = [*field.errors, str(error.args[0])]
        if valid and not any(f.errors for f in form):
            changes = questions.QuestionChanges(
                text={code: form[f"text_{code}"].data or "" for code in languages},
                help={code: form[f"help_{code}"].data or "" for code in languages},
                options=options,
                required=form.required.data,
                page=form.page.data or question.page,
                max_length=form.max_length.data,
                max_choices=form.max_choices.data,
                show_if=form.show_if.data or None,
            )
            questions.update_question(question, changes, _user())
            db.session.commit()
            flash(_("Frågan är sparad."), "success")
            return redirect(url_for(".survey", survey_id=survey.id) + f"#fraga-{question.id}")
        status = 400
    return render_template(
        "dialog/staff/question.html",
        survey=survey,
        question=question,
        form=form,
        languages=languages,
        frozen=frozen_reason,
        confirm=ConfirmForm(),
    ), status


@staff.route("/<int:survey_id>/fragor/<int:question_id>/flytta", methods=["POST"])
def move_question(survey_id: int, question_id: int):
    """Move a question up or down (allowed also when the survey has answers)."""
    survey = _survey(survey_id)
    question = _question(survey, question_id)
    ConfirmForm().validate_on_submit()
    direction = "upp" if request.form.get("riktning") == "upp" else "ned"
    try:
        questions.move_question(question, direction, _user())
    except services.ChangeRefused as error:
        return _refused(error, survey)
    db.session.commit()
    return redirect(url_for(".survey", survey_id=survey.id) + f"#fraga-{question.id}")


@staff.route("/<int:survey_id>/fragor/<int:question_id>/ta-bort", methods=["POST"])
def delete_question(survey_id: int, question_id: int):
    survey = _survey(survey_id)
    question = _question(survey, question_id)
    try:
        questions.delete_question(question, _user())
    except services.ChangeRefused as error:
        return _refused(error, survey)
    db.session.commit()
    flash(_("Frågan är borttagen."), "success")
    return redirect(url_for(".survey", survey_id=survey.id))


@staff.route("/<int:survey_id>/forhandsvisning")
def preview(survey_id: int):
    """The survey as residents see it, all steps on one page; nothing can be sent."""
    survey = _survey(survey_id)
    lang = request.args.get("sprak")
    lang = lang if lang in survey.languages else content_language(survey)
    shown = answering.steps(list(survey.questions))
    all_questions = [q for step in shown for q in step]
    return render_template(
        "dialog/answer.html",
        survey=survey,
        form=AnswerForm(formdata=None, token=""),
        lang=lang,
        lang_attr=lang_attr(lang),
        questions=all_questions,
        numbering={q.id: n for n, q in enumerate(all_questions, start=1)},
        by_key={q.key: q for q in survey.questions},
        values={},
        errors={},
        step=0,
        step_count=len(shown),
        one_page=True,
        preview=True,
        form_action="#",
        choices=answering.area_choices(survey),
        maps=point_maps(survey, [q for q in all_questions if q.kind == vocab.POINT]),
        bounds=leaflet_bounds(survey),
        already=False,
    )


@staff.route("/<int:survey_id>/status", methods=["POST"])
def change_state(survey_id: int):
    """Open, close, reopen or archive."""
    survey = _survey(survey_id)
    action = request.form.get("atgard", "")
    try:
        services.transition(survey, action, _user())
    except services.ChangeRefused as error:
        return _refused(error, survey)
    db.session.commit()
    flash(_("Enkäten är nu: %(state)s.", state=vocab.STATE_LABELS[survey.state]), "success")
    return redirect(url_for(".survey", survey_id=survey.id))


@staff.route("/<int:survey_id>/kopiera", methods=["POST"])
def copy(survey_id: int):
    """Copy as a new version (a draft with the same questions, comparable with this one)."""
    survey = _survey(survey_id)
    new_version = services.copy_as_new_version(survey, _user())
    db.session.commit()
    flash(
        _("En ny version är skapad som utkast. Ändra den och öppna den när den är klar."), "success"
    )
    return redirect(url_for(".survey", survey_id=new_version.id))


@staff.route("/<int:survey_id>/publicering", methods=["POST"])
def publish_results(survey_id: int):
    """Publish or withdraw the public results page."""
    survey = _survey(survey_id)
    publish = request.form.get("publicera") == "1"
    try:
        services.set_results_published(survey, publish, _user())
    except services.ChangeRefused as error:
        return _refused(error, survey)
    db.session.commit()
    flash(
        _("Resultatsidan är publicerad.") if publish else _("Resultatsidan är inte längre publik."),
        "success",
    )
    if request.form.get("tillbaka") == "resultat":
        return redirect(url_for("dialog_results.results", survey_id=survey.id))
    return redirect(url_for(".survey", survey_id=survey.id))
