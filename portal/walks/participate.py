"""Joining a walk and pinning places during it, for participants (no account needed).

A participant's phone holds a random token in a signed cookie (per walk, SameSite=Lax); only
the token's hash is stored. No IP address or user agent is stored with anything they send.
"""

from __future__ import annotations

import random
import secrets
import time
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.exc import OperationalError

from portal.extensions import db, limiter
from portal.geo.coords import bbox_to_leaflet_bounds
from portal.map import reports
from portal.map.models import Category, Observation
from portal.map.views import current_locale, current_storage, photo_message, storage_message
from portal.privacy.photos import PhotoRejected
from portal.storage import StorageUnavailable
from portal.timeutil import utcnow
from portal.walks import groups, services
from portal.walks import pins as pin_services
from portal.walks.forms import CodeForm, JoinForm, PinForm
from portal.walks.maps import walk_bbox, walk_map
from portal.walks.models import Walk, WalkParticipant
from portal.walks.presenting import (
    area_choices,
    category_choices,
    participant_label,
    walk_context,
)

bp = Blueprint("participate", __name__, template_folder="templates")
bp.context_processor(walk_context)

COOKIE_PREFIX = "vandring-"


def _code_limit():
    return current_app.config["WALK_JOIN_RATE_LIMIT"]


def _is_not_found(response) -> bool:
    return response.status_code == 404


# --- joining ------------------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="walk-participant")


def _participant(walk: Walk) -> WalkParticipant | None:
    raw = request.cookies.get(f"{COOKIE_PREFIX}{walk.id}")
    if not raw:
        return None
    try:
        data = _serializer().loads(raw)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("w") != walk.id:
        return None
    token = data.get("t")
    return services.participant_for_token(walk, token if isinstance(token, str) else None)


def _private(response):
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _unknown(code: str, form: CodeForm | None = None):
    form = form or CodeForm(formdata=None, kod=code[:24])
    if not form.kod.errors:
        form.kod.errors = [
            _(
                "Det finns ingen vandring med koden %(code)s. Kontrollera koden med den som leder vandringen.",
                code=services.normalise_join_code(code)[:12] or "–",
            )
        ]
    return _private(make_response(render_template("walks/join_lookup.html", form=form), 404))


def _problem(walk: Walk, problem: str):
    status = {"full": 409}.get(problem, 410)
    return _private(
        make_response(
            render_template("walks/join_problem.html", walk=walk, problem=problem, now=utcnow()),
            status,
        )
    )


@bp.route("/vandring")
@limiter.limit(_code_limit, scope="walk-code", deduct_when=_is_not_found)
def code_entry():
    """Type the walk's code (what the QR code and the link lead past)."""
    form = CodeForm(request.args)
    if not request.args:
        return render_template("walks/join_lookup.html", form=form)
    if not form.validate():
        return render_template("walks/join_lookup.html", form=form), 400
    walk = services.find_by_code(form.kod.data)
    if walk is None:
        group = groups.find_by_code(form.kod.data)
        if group is not None and group.active:  # a night-walk group's code: its open walk
            return redirect(url_for("walk_groups.join", code=group.join_code))
        return _unknown(form.kod.data, form)
    return redirect(url_for("participate.join", code=walk.join_code))


@bp.route("/vandring/<code>", methods=["GET", "POST"])
@limiter.limit(_code_limit, scope="walk-code", deduct_when=_is_not_found)
@limiter.limit(_code_limit, methods=["POST"], scope="walk-join")
def join(code: str):
    """Join a walk: what is stored, an optional display name, then straight to pinning."""
    walk = services.find_by_code(code)
    if walk is None:
        return _unknown(code)
    if code != walk.join_code:
        return redirect(url_for("participate.join", code=walk.join_code))
    if _participant(walk) is not None:
        return redirect(url_for("participate.pin", code=walk.join_code))
    now = utcnow()
    problem = services.join_problem(walk, now)
    if problem is None and services.participant_count(walk) >= walk.max_participants:
        problem = "full"
    if problem:
        return _problem(walk, problem)
    form = JoinForm()
    if form.is_submitted() and form.website.data:  # honeypot: nothing is stored
        return redirect(url_for("walks.show", walk_id=walk.id))
    if form.validate_on_submit():
        try:
            participant, token = services.join(walk, display_name=form.display_name.data, now=now)
        except services.WalkError as error:
            return _problem(walk, error.code)
        db.session.commit()
        response = redirect(url_for("participate.pin", code=walk.join_code))
        lifetime = walk.pin_closes + timedelta(days=current_app.config["WALK_COOKIE_DAYS"]) - now
        response.set_cookie(
            f"{COOKIE_PREFIX}{walk.id}",
            _serializer().dumps({"w": walk.id, "t": token}),
            max_age=max(int(lifetime.total_seconds()), 3600),
            path="/vandring",
            samesite="Lax",
            httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
        flash(_("Välkommen! Du är deltagare %(n)s.", n=participant.number), "success")
        return response
    status = 400 if form.errors else 200
    return _private(
        make_response(
            render_template(
                "walks/join.html",
                walk=walk,
                form=form,
                joined=services.participant_count(walk),
                locale=current_locale(),
            ),
            status,
        )
    )


# --- pinning ------------------------------------------------------------------------------


def _wants_json() -> bool:
    """The offline queue asks for JSON; browsers navigating ask for HTML."""
    return request.accept_mimetypes.best == "application/json"


def _json(status: int, **body):
    return _private(make_response(jsonify(body), status))


PIN_PROBLEMS = {
    "cancelled": lambda: _("Vandringen är inställd. Inga platser kan markeras."),
    "early": lambda: _(
        "Det går inte att markera platser än. Försök igen när vandringen har börjat."
    ),
    "closed": lambda: _("Tiden för att markera platser under vandringen är slut."),
    "category": lambda: _("Välj en av vandringens kategorier."),
    "area": lambda: _("Välj en del av vandringens område."),
    "key": lambda: _("Punkten kunde inte sparas. Ladda om sidan och försök igen."),
}


@bp.route("/vandring/sw.js")
def service_worker():
    """The walk pages' service worker, served from /vandring/ so that it may control them."""
    response = Response(_service_worker_source(), mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


@lru_cache(maxsize=1)
def _service_worker_source() -> bytes:
    return (Path(__file__).resolve().parent.parent / "static" / "js" / "walks-sw.js").read_bytes()


@bp.route("/vandring/<code>/nyckel")
def token(code: str):
    """A fresh CSRF token for the offline queue (the page may be hours old when it sends)."""
    walk = services.find_by_code(code) or abort(404)
    if _participant(walk) is None:
        return _json(403, ok=False, rejoin=True, retry=False)
    return _json(200, ok=True, csrf_token=generate_csrf())


@bp.route("/vandring/<code>/markera", methods=["GET", "POST"])
@limiter.limit(_code_limit, scope="walk-code", deduct_when=_is_not_found)
@limiter.limit(
    lambda: current_app.config["WALK_PIN_RATE_LIMIT"], methods=["POST"], scope="walk-pin"
)
def pin(code: str):
    """Pin places during the walk: on the map, or by choosing part of the area and describing it.

    With ``Accept: application/json`` (the offline queue) the answer is JSON; otherwise the page
    again, with the pin saved or the errors next to the fields.
    """
    walk = services.find_by_code(code)
    if walk is None:
        return _json(404, ok=False, retry=False) if _wants_json() else _unknown(code)
    participant = _participant(walk)
    if participant is None:
        if _wants_json():
            return _json(
                403, ok=False, rejoin=True, retry=False, message=_("Gå med i vandringen igen.")
            )
        return redirect(url_for("participate.join", code=walk.join_code))
    categories = services.choosable_categories(walk)
    form = PinForm()
    form.category.choices = category_choices(categories, current_locale())
    if request.method == "GET":
        form.client_key.data = secrets.token_hex(16)
    elif form.website.data:  # honeypot: looks like success, stores nothing
        return (
            _json(201, ok=True)
            if _wants_json()
            else redirect(url_for("participate.pin", code=walk.join_code))
        )
    else:
        done = reports.find_by_client_key(form.client_key.data)
        if done is not None and done.walk_id == walk.id:  # a retry or a double tap
            return _stored(walk, done, created=False)
        if form.validate():
            result = _store_pin(walk, participant, form, categories)
            if isinstance(result, tuple):
                return _stored(walk, result[0], created=result[1])
            if result is not None:
                return result
        if _wants_json():
            errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
            first = next((e[0] for e in errors.values() if e), _("Punkten kunde inte sparas."))
            return _json(400, ok=False, retry=False, errors=errors, message=first)
    return _pin_page(walk, participant, form, 400 if form.errors else 200)


def _pin_page(walk: Walk, participant: WalkParticipant, form: PinForm, status: int):
    form.area.choices = area_choices(walk)
    now = utcnow()
    box = walk_bbox(walk)
    return _private(
        make_response(
            render_template(
                "walks/pin.html",
                walk=walk,
                form=form,
                participant=participant,
                me=participant_label(participant.number, participant.display_name),
                mine=pin_services.walk_pins(walk, participant),
                problem=pin_services.window_problem(walk, now),
                pin_map=walk_map(
                    walk, _("Karta för att markera platser"), meeting_label=_("Samlingsplats")
                ),
                bounds=bbox_to_leaflet_bounds(box) if box else None,
                locale=current_locale(),
                now=now,
            ),
            status,
        )
    )


def _stored(walk: Walk, observation: Observation, *, created: bool):
    if _wants_json():
        return _json(201 if created else 200, ok=True, id=observation.id, duplicate=not created)
    flash(_("Platsen är sparad.") if created else _("Den platsen var redan sparad."), "success")
    return redirect(url_for("participate.pin", code=walk.join_code) + "#mina-punkter")


def _read_photo(form: PinForm) -> bytes | None:
    upload = form.photo.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    return upload.stream.read(current_app.config["PHOTO_MAX_BYTES"] + 1)


def _store_pin(walk: Walk, participant: WalkParticipant, form: PinForm, categories: list[Category]):
    """(observation, created), a response (window closed, JSON), or None (errors on the form)."""
    category = next((c for c in categories if str(c.id) == form.category.data), None)
    if category is None:
        form.category.errors = [PIN_PROBLEMS["category"]()]
        return None
    area = None
    point = form.position()
    if point is None:
        area = next((a for a in _walk_areas(walk) if a.slug == form.area.data), None)
        if area is None:
            form.area.errors = [PIN_PROBLEMS["area"]()]
            return None
    now = utcnow()
    grace = timedelta(hours=current_app.config["WALK_OFFLINE_GRACE_HOURS"])
    problem = pin_services.window_problem(walk, now, pinned_at=form.pinned_moment(), grace=grace)
    if problem:
        if _wants_json():
            return _json(409, ok=False, retry=False, message=PIN_PROBLEMS[problem]())
        flash(PIN_PROBLEMS[problem](), "error")
        return redirect(url_for("participate.pin", code=walk.join_code))
    photo = None
    data = _read_photo(form)
    if data is not None:
        try:
            photo = reports.store_photo(
                current_storage(),
                data,
                max_bytes=current_app.config["PHOTO_MAX_BYTES"],
                max_pixels=current_app.config["PHOTO_MAX_PIXELS"],
            )
        except PhotoRejected as error:
            form.photo.errors = [photo_message(error)]
            return None
        except StorageUnavailable:
            return _storage_unavailable(walk, participant, form)

    def store() -> tuple[Observation, bool]:
        return pin_services.store_pin(
            walk,
            participant,
            category=category,
            description=form.description.data or "",
            now=now,
            lon=point[0] if point else None,
            lat=point[1] if point else None,
            area=area,
            location_text=form.location_text.data,
            photo=photo,
            client_key=form.client_key.data or None,
            pinned_at=form.pinned_moment(),
            grace=grace,
            zone_name=current_app.config["BABEL_DEFAULT_TIMEZONE"],
        )

    try:
        observation, created = _committed(store)
    except (pin_services.PinError, reports.ReportError) as error:
        reports.discard_photo(current_storage(), photo)
        if error.code == "outside":
            form.lat.errors = [
                _(
                    "Platsen ligger utanför de områden portalen gäller. Markera en plats i området, eller välj del av området."
                )
            ]
        elif error.code in PIN_PROBLEMS:
            form.category.errors = [PIN_PROBLEMS[error.code]()]
        else:
            form.area.errors = [_("Markera platsen på kartan eller välj del av området.")]
        return None
    except BaseException:
        reports.discard_photo(current_storage(), photo)  # nothing refers to it: no orphan file
        raise
    if observation.photo_key != (photo.photo_key if photo else None):
        reports.discard_photo(current_storage(), photo)  # a concurrent duplicate won
    return observation, created


def _storage_unavailable(walk: Walk, participant: WalkParticipant, form: PinForm):
    """The photo could not be written (full disk, read-only folder): nothing is stored, and the
    offline queue keeps the pin, photo and all, to send again later."""
    current_app.logger.exception("photo storage unavailable on %s", request.path)
    retry_after = str(current_app.config.get("RETRY_AFTER_SECONDS", 30))
    if _wants_json():
        response = _json(503, ok=False, retry=True, message=storage_message())
    else:
        form.photo.errors = [storage_message()]
        response = _pin_page(walk, participant, form, 503)
    response.headers["Retry-After"] = retry_after
    return response


WRITE_ATTEMPTS = 8


def _committed(work):
    """Run ``work`` and commit; start again when the database was busy.

    SQLite lets one writer in at a time, and a transaction that has read before another writer
    committed cannot take its turn: it must start again. A whole group pinning at once (or an
    offline queue emptying) must not lose pins to that, so the write is retried a few times
    before the error page (503, which the queue also retries) is shown.
    """
    for attempt in range(WRITE_ATTEMPTS):
        try:
            result = work()
            db.session.commit()
            return result
        except OperationalError:
            db.session.rollback()
            if attempt == WRITE_ATTEMPTS - 1:
                raise
            time.sleep(0.02 * (2**attempt) * (0.5 + random.random()))
    raise AssertionError("unreachable")


def _walk_areas(walk: Walk):
    from portal.areas.services import subtree_query

    return list(db.session.scalars(subtree_query(walk.area)))
