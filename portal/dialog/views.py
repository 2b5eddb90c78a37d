"""Public survey pages: open surveys, answering step by step (no JavaScript needed), thanks.

No IP address, user agent or cookie value is stored with an answer. The per-client rate limit
counts requests in the limiter's storage only. One response per person is *encouraged* with a
signed cookie listing the surveys this browser has answered.
"""

from __future__ import annotations

import time
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.exc import OperationalError

from portal.areas import services as area_services
from portal.dialog import answering, public_results, services, snapshot, submission, vocab
from portal.dialog.display import content_language, lang_attr, number_context
from portal.dialog.forms import AnswerForm
from portal.dialog.maps import leaflet_bounds, point_maps
from portal.extensions import db, limiter

bp = Blueprint("dialog", __name__, template_folder="templates")
bp.context_processor(number_context)

ANSWERED_COOKIE = "enkater_besvarade"
ONE_YEAR = 365 * 24 * 3600
NOT_OPEN_STATUS = {"utkast": 404, "kommande": 403, "stangd": 410}


# --- helpers ----------------------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="dialog-answered")


def answered_ids() -> set[int]:
    """Surveys this browser has answered (from the signed cookie; forged cookies are ignored)."""
    raw = request.cookies.get(ANSWERED_COOKIE)
    if not raw:
        return set()
    try:
        ids = _serializer().loads(raw)
    except BadSignature:
        return set()
    found = {i for i in ids if isinstance(i, int)} if isinstance(ids, list) else set()
    if found:
        g.dialog_personal = True  # this page now depends on the visitor's own cookie
    return found


@bp.after_request
def _personal_pages_are_not_shared(response):
    """A page that read the "answered" cookie belongs to this visitor: keep it out of caches."""
    if g.get("dialog_personal"):
        response.headers["Cache-Control"] = "private, no-store"
    return response


def _mark_answered(response, survey_id: int) -> None:
    earlier = [i for i in sorted(answered_ids()) if i != survey_id][-49:]
    ids = [*earlier, survey_id]
    response.set_cookie(
        ANSWERED_COOKIE,
        _serializer().dumps(ids),
        max_age=ONE_YEAR,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )


def _session_token(survey_id: int, create: bool = True) -> str:
    """This browser's submission token for the survey (kept in the signed session cookie)."""
    tokens = dict(session.get("dialog_tokens") or {})
    token = tokens.get(str(survey_id))
    if not answering.valid_token(token) and create:
        token = answering.new_token()
        tokens = dict(list(tokens.items())[-9:])
        tokens[str(survey_id)] = token
        session["dialog_tokens"] = tokens
    return token or ""


def _remember_token(survey_id: int, token: str) -> None:
    tokens = dict(session.get("dialog_tokens") or {})
    if tokens.get(str(survey_id)) != token:
        tokens = dict(list(tokens.items())[-9:])
        tokens[str(survey_id)] = token
        session["dialog_tokens"] = tokens


def _forget_token(survey_id: int) -> None:
    tokens = dict(session.get("dialog_tokens") or {})
    if tokens.pop(str(survey_id), None) is not None:
        session["dialog_tokens"] = tokens


def _step_index(value: Any, count: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 1
    return min(max(number, 1), max(count, 1)) - 1


def _retrying(action):
    """Run a write ``action``; on SQLite's "database is locked/busy" roll back and run it again.

    Concurrent answers on SQLite can find their read snapshot outdated when they come to write;
    running the whole request again (it is idempotent up to its commit) is the safe answer.
    """
    for attempt in range(5):
        try:
            return action()
        except OperationalError as error:
            db.session.rollback()
            message = str(getattr(error, "orig", error)).lower()
            if attempt == 4 or ("locked" not in message and "busy" not in message):
                raise
            time.sleep(0.02 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def _not_open(survey, status: str):
    """A clear page for a survey that does not take answers (nothing is stored)."""
    code = NOT_OPEN_STATUS.get(status, 410)
    lang = content_language(survey)
    if status == "utkast":
        survey = None  # a draft is not public: say only that it is not open
    return (
        render_template("dialog/closed.html", survey=survey, status=status, lang=lang),
        code,
    )


def _submitted(response) -> bool:
    """Count only completed submissions against the submission limit."""
    return response.status_code == 302 and "/tack" in response.headers.get("Location", "")


# --- pages ------------------------------------------------------------------------------------


@bp.route("/enkater")
def index():
    """Open surveys, for one area (``?omrade=slug``) or all, and published results."""
    slug = request.args.get("omrade", "").strip()
    area = area_services.get_by_slug(slug) if slug else None
    return render_template(
        "dialog/index.html",
        area=area,
        areas=area_services.tree(),
        surveys=services.open_surveys(area),
        published=services.published_results(area),
        answered=answered_ids(),
    )


@bp.route("/enkater/<int:survey_id>")
def show(survey_id: int):
    """A survey's introduction: what it is for, how long it takes, that it is anonymous."""
    survey = services.get(survey_id) or abort(404)
    status = services.answer_status(survey)
    if status != "oppen":
        return _not_open(survey, status)
    lang = content_language(survey)
    return render_template(
        "dialog/show.html",
        survey=survey,
        lang=lang,
        lang_attr=lang_attr(lang),
        step_count=len(answering.steps(survey.questions)),
        already=survey.id in answered_ids(),
    )


def _render_answer(survey, shown, index, raw, errors, token, one_page, status=200):
    lang = content_language(survey)
    questions = [q for step in shown for q in step] if one_page else shown[index]
    numbering = {q.id: n for n, q in enumerate((q for s in shown for q in s), start=1)}
    form = AnswerForm(formdata=None, token=token)
    has_area_question = any(q.kind in (vocab.AREA, vocab.POINT) for q in questions)
    by_key = {q.key: q for q in survey.questions}
    return (
        render_template(
            "dialog/answer.html",
            survey=survey,
            form=form,
            lang=lang,
            lang_attr=lang_attr(lang),
            questions=questions,
            numbering=numbering,
            by_key=by_key,
            values=raw,
            errors=errors,
            step=index,
            step_count=len(shown),
            one_page=one_page,
            choices=answering.area_choices(survey) if has_area_question else [],
            maps=point_maps(survey, [q for q in questions if q.kind == vocab.POINT]),
            bounds=leaflet_bounds(survey),
            already=survey.id in answered_ids() and not raw,
        ),
        status,
    )


@bp.route("/enkater/<int:survey_id>/svara", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["DIALOG_ANSWER_LIMIT"], methods=["POST"], scope="dialog-answer"
)
@limiter.limit(
    lambda: current_app.config["DIALOG_SUBMIT_LIMIT"],
    methods=["POST"],
    deduct_when=_submitted,
    scope="dialog-submit",
)
def answer(survey_id: int):
    """Answer step by step (``?steg=N``) or on one page (``?steg=alla``)."""
    if request.method == "POST":
        return _retrying(lambda: _post_answer(survey_id))
    survey = services.get(survey_id) or abort(404)
    status = services.answer_status(survey)
    if status != "oppen":
        return _not_open(survey, status)
    token = _session_token(survey.id)
    one_page = request.args.get("steg") == "alla"
    raw = answering.load_draft(survey, token)
    shown = answering.visible_steps(list(survey.questions), raw)
    if not shown:
        return _not_open(survey, "stangd")
    index = _step_index(request.args.get("steg"), len(shown))
    return _render_answer(survey, shown, index, raw, {}, token, one_page)


def _post_answer(survey_id: int):
    """A step or the whole form sent in.

    Works on :mod:`portal.dialog.snapshot` values (the survey row read now, its questions from
    this process's cache); the ORM survey is loaded only to render a page (errors, not open).
    """
    one_page = request.form.get("steg") == "alla"
    if not one_page:
        submission.begin_write()  # a step saves the draft: ask for SQLite's write lock first
    survey = snapshot.for_answering(survey_id) or abort(404)
    status = services.answer_status(survey)
    if status != "oppen":
        return _not_open_now(survey_id, status)
    # The two fixed fields of AnswerForm, read directly (CSRF is checked for every POST already).
    if request.form.get("website"):  # the honeypot: a person never sees it, a robot fills it
        return redirect(url_for(".thanks", survey_id=survey_id))
    token = request.form.get("token", "")
    if answering.valid_token(token):
        _remember_token(survey_id, token)
    else:
        token = _session_token(survey_id)
    form = {name: request.form.getlist(name) for name in request.form}
    questions = list(survey.questions)
    if not questions:
        return _not_open_now(survey_id, "stangd")
    if one_page:
        raw = answering.read_raw(questions, form)
        return _finish(survey, token, raw, one_page=True)
    draft = answering.load_draft(survey, token)
    before = answering.visible_steps(questions, draft)
    index = _step_index(request.form.get("steg"), len(before))
    current = before[index]
    raw = {**draft, **answering.read_raw(current, form)}
    answering.save_draft(survey, token, raw)
    shown = answering.visible_steps(questions, raw)
    index = next((i for i, s in enumerate(shown) if current[0] in s), min(index, len(shown) - 1))
    if request.form.get("riktning") == "tillbaka":
        db.session.commit()
        return redirect(url_for(".answer", survey_id=survey_id, steg=max(index, 1)))
    choices = answering.area_choice_ids(survey, shown[index], raw)
    _clean, errors = answering.validate(shown[index], questions, raw, survey, choices)
    if errors:
        db.session.commit()  # the draft: what was typed is kept even if the page is left
        return _render_errors(survey_id, raw, errors, token, index, False)
    if index < len(shown) - 1:
        db.session.commit()
        return redirect(url_for(".answer", survey_id=survey_id, steg=index + 2))
    return _finish(survey, token, raw, one_page=False)


def _not_open_now(survey_id: int, status: str):
    return _not_open(services.get(survey_id) or abort(404), status)


def _render_errors(survey_id: int, raw: dict, errors: dict, token: str, step: int, one_page: bool):
    """The step (or the whole form) again, with what was typed and the errors next to it."""
    survey = services.get(survey_id) or abort(404)
    shown = answering.visible_steps(list(survey.questions), raw)
    return _render_answer(survey, shown, step, raw, errors, token, one_page, 400)


def _finish(survey, token: str, raw: dict, one_page: bool):
    lang = content_language(survey)
    try:
        response = submission.submit(survey, token, raw, lang, services.today())
    except submission.SurveyNotOpen as closed:
        return _not_open_now(survey.id, closed.status)
    except submission.InvalidAnswers as invalid:
        db.session.commit()  # keeps the draft
        step = 0 if one_page else invalid.step
        return _render_errors(survey.id, raw, invalid.errors, token, step, one_page)
    db.session.commit()
    _forget_token(survey.id)
    reply = make_response(redirect(url_for(".thanks", survey_id=survey.id)))
    if response is not None:
        _mark_answered(reply, survey.id)
    return reply


@bp.route("/enkater/<int:survey_id>/tack")
def thanks(survey_id: int):
    """Thanks, what happens next, and where to follow it."""
    survey = services.get(survey_id)
    if survey is None or survey.state == vocab.UTKAST:
        abort(404)
    promises = current_app.extensions.get("area_promises_url")
    lang = content_language(survey)
    return render_template(
        "dialog/thanks.html",
        survey=survey,
        lang=lang,
        lang_attr=lang_attr(lang),
        promises_url=promises(survey.area) if promises else None,
        others=[s for s in services.open_surveys(survey.area) if s.id != survey.id],
    )


@bp.route("/enkater/<int:survey_id>/resultat")
def results(survey_id: int):
    """Published results: aggregates only, with disclosure control."""
    survey = services.get(survey_id) or abort(404)
    if not survey.results_published:
        abort(404)
    lang = content_language(survey)
    minimum = current_app.config["DISCLOSURE_MINIMUM"]
    return render_template(
        "dialog/results_public.html",
        survey=survey,
        lang=lang,
        lang_attr=lang_attr(lang),
        report=public_results.build(survey, lang, minimum),
        suppressed_note=public_results.suppressed_note(minimum),
        width=public_results.chart_width,
    )
