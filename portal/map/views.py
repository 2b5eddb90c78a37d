"""Public places pages (map, list, place page, "Jag håller med", photos) and the request helpers
the other places view modules share (storage, locale, photo messages, filters)."""

from __future__ import annotations

import io
from urllib.parse import urlencode, urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from portal.areas import services as area_services
from portal.dialog.stats import suppress
from portal.extensions import csrf, db, limiter
from portal.geo.coords import to_leaflet, union_bbox
from portal.geo.mapbuilder import point_marker
from portal.geo.pagemap import page_map
from portal.i18n import number
from portal.map import categories as category_services
from portal.map import queries, reports, vocab
from portal.map.forms import AgreeForm
from portal.map.geojson import parse_filters
from portal.map.models import Observation, Place
from portal.privacy.photos import PhotoRejected
from portal.storage import Storage

bp = Blueprint("map", __name__, template_folder="templates")


def vocabulary() -> dict:
    """Labels and helpers the places templates share (public and staff)."""
    return {
        "status_labels": vocab.STATUS_LABELS,
        "time_labels": vocab.TIME_LABELS,
        "day_labels": vocab.DAY_KIND_LABELS,
        "source_labels": vocab.SOURCE_LABELS,
        "photo_labels": vocab.PHOTO_LABELS,
        "public_statuses": vocab.PUBLIC_STATUSES,
        "all_statuses": vocab.STATUSES,
        "times": vocab.TIMES_OF_DAY,
        "suppress": suppress_cells,
    }


def suppress_cells(cells: dict, total: int) -> dict:
    """Disclosure control for a published breakdown (None marks a suppressed cell)."""
    return suppress(cells, total, minimum=max(current_app.config["DISCLOSURE_MINIMUM"], 5))


bp.context_processor(vocabulary)

AGREE_COOKIE = "platser_haller_med"
FILTER_AREA_DEPTH = 2  # the filter lists areas three levels deep, so its size stays bounded
AGREE_COOKIE_MAX_IDS = 500
ONE_YEAR = 365 * 24 * 3600


def current_storage() -> Storage:
    return current_app.extensions["storage"]


def current_locale() -> str:
    return str(get_locale() or "sv")


def photo_message(error: PhotoRejected) -> str:
    """A translated, specific message for a refused photo."""
    limit = current_app.config["PHOTO_MAX_BYTES"] / (1024 * 1024)
    formats = _("Ladda upp en bild i formatet JPEG, PNG, WebP eller HEIC.")
    messages = {
        "too_large": _("Bilden är för stor. Den får vara högst %(mb)s MB.", mb=number(limit, 1)),
        "not_an_image": _("Filen är ingen bild som vi kan läsa.") + " " + formats,
        "unsupported_format": _("Bildformatet stöds inte.") + " " + formats,
        "decompression_bomb": _(
            "Bilden har för många bildpunkter. Förminska bilden, till exempel genom att ta en "
            "skärmbild av den, och försök igen."
        ),
        "corrupt": _(
            "Bilden verkar vara skadad eller ofullständig. Försök att ladda upp den igen."
        ),
    }
    return messages.get(error.code, error.message)


def storage_message() -> str:
    """The photo could not be saved (full disk, read-only folder): the installation's fault."""
    return _(
        "Bilden kunde inte sparas just nu, eftersom lagringen för bilder är full eller inte går "
        "att skriva till. Ingenting har skickats. Försök igen senare, eller skicka utan bild."
    )


def home_bbox():
    """The box around every top-level area with a boundary (lon/lat), or None."""
    return union_bbox([a.bbox for a in area_services.roots() if a.bbox])


def filter_context(strict: bool = False) -> dict:
    """Parsed filters (lenient) and what the filter form needs."""
    slugs = queries.category_ids_by_slug()
    filters = parse_filters(
        request.args,
        category_ids_by_slug=slugs,
        area_ids_for_slug=queries.area_ids_for_slug,
        strict=strict,
    )
    by_id = {v: k for k, v in slugs.items()}
    area_slug = request.args.get("area", "") if filters.area_ids is not None else ""
    pairs = [("category", by_id[i]) for i in filters.category_ids]
    pairs += [("status", s) for s in filters.statuses] + [("time", t) for t in filters.times]
    if area_slug:
        pairs.append(("area", area_slug))
    return {
        "filters": filters,
        "selected_categories": {by_id[i] for i in filters.category_ids},
        "categories": category_services.all_categories(),
        "area_tree": [(a, d) for a, d in area_services.tree() if d <= FILTER_AREA_DEPTH],
        "selected_area": area_slug,
        "query": urlencode(pairs),
        "locale": current_locale(),
    }


def current_place(place: Place) -> Place:
    """Follow merges to the place that now holds the reports."""
    for _step in range(10):
        if place.merged_into is None:
            break
        place = place.merged_into
    return place


# --- map, list and place page -------------------------------------------------------------


@bp.route("/platser")
def index():
    """Published places on a map (loaded by bounding box) with filters."""
    context = filter_context()
    places_map = page_map(_("Karta över rapporterade platser"), cluster=True, bbox=home_bbox())
    return render_template("map/index.html", places_map=places_map, **context)


@bp.route("/platser/lista")
def list_view():
    """The same places as a list: the accessible alternative to the map."""
    context = filter_context()
    page = queries.place_list(
        context["filters"], request.args.get("page"), current_app.config["PAGE_SIZE"]
    )
    return render_template("map/list.html", page=page, **context)


@bp.route("/platser/<int:place_id>")
def place(place_id: int):
    """One published place: what, where, status, updates, reports over time and time of day."""
    found = queries.by_id(Place, place_id) or abort(404)
    if found.merged_into_id is not None:
        target = current_place(found)
        if target.is_public:
            return redirect(url_for("map.place", place_id=target.id), 301)
    if not found.is_public:
        abort(404)
    locale = current_locale()
    decimals = current_app.config["PLACE_PUBLIC_DECIMALS"]
    lon, lat = round(found.lon, decimals), round(found.lat, decimals)
    place_map = page_map(
        _("Karta över platsen"),
        center=tuple(to_leaflet(lon, lat)),
        zoom=16,
        elements=[point_marker(lon, lat, found.category.name(locale))],
    )
    reviewed = [
        o
        for o in found.observations
        if o.review_state == vocab.REVIEW_DONE and (o.public_text or o.photo_public)
    ]
    return render_template(
        "map/place.html",
        place=found,
        place_map=place_map,
        shown_point=(lon, lat),
        breakdown=queries.breakdown(found),
        reviewed=reviewed,
        agreed=found.id in _agreed_ids(),
        agree_form=AgreeForm(),
        locale=locale,
    )


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="place-agree")


def _agreed_ids() -> list[int]:
    raw = request.cookies.get(AGREE_COOKIE)
    if not raw:
        return []
    try:
        ids = _serializer().loads(raw)
    except BadSignature:
        return []
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def _from_this_site() -> bool:
    """CSRF defence for a form without a session token: a browser names the site a POST comes
    from (``Origin``, else ``Referer``); a request naming another site, or ``null``, is refused."""
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if source is None:
        return True  # not sent by a browser, so no visitor's browser was made to send it
    try:
        return urlsplit(source).netloc == request.host
    except ValueError:  # e.g. "http://[": not a URL of this site
        return False


@bp.route("/platser/<int:place_id>/hall-med", methods=["POST"])
@csrf.exempt  # see _from_this_site: the place page holds no token, so it can be cached
@limiter.limit(lambda: current_app.config["AGREE_RATE_LIMIT"], scope="place-agree")
def agree(place_id: int):
    """ "Jag håller med": once per client, remembered in a signed cookie (no IP stored)."""
    found = queries.by_id(Place, place_id) or abort(404)
    if not found.is_public:
        abort(404)
    form = AgreeForm()
    if not _from_this_site() or not form.validate_on_submit():
        abort(400)
    agreed = _agreed_ids()
    target = redirect(url_for("map.place", place_id=found.id) + "#hall-med")
    if found.id in agreed:
        flash(_("Du har redan sagt att du håller med."), "info")
        return target
    reports.agree(found)
    db.session.commit()
    flash(_("Tack! Vi har räknat med att du håller med."), "success")
    response = make_response(target)
    agreed = [*agreed, found.id][-AGREE_COOKIE_MAX_IDS:]
    response.set_cookie(
        AGREE_COOKIE,
        _serializer().dumps(agreed),
        max_age=ONE_YEAR,
        samesite="Lax",
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


@bp.route("/platser/bild/<int:observation_id>/<kind>")
def photo(observation_id: int, kind: str):
    """An approved photo of a published place (``kind`` "bild" or "miniatyr")."""
    observation = queries.by_id(Observation, observation_id) or abort(404)
    if kind not in ("bild", "miniatyr") or not observation.photo_public:
        abort(404)
    if not current_place(observation.place).is_public:
        abort(404)
    return photo_response(observation, kind, public=True)


def photo_response(observation: Observation, kind: str, *, public: bool):
    key = observation.photo_key if kind == "bild" else observation.thumb_key
    if not key:
        abort(404)
    try:
        data = current_storage().open(key)
    except (FileNotFoundError, ValueError):
        abort(404)
    response = send_file(io.BytesIO(data), mimetype="image/webp", max_age=3600 if public else 0)
    response.headers["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
