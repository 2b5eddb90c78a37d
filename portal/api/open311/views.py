"""Open311 GeoReport v2 under /open311/v2/, in JSON and XML (``.json`` / ``.xml``).

Read methods show published places only. ``POST requests`` stores a resident report that waits
for moderation and answers with a ``token`` (the anonymous follow code); ``GET tokens/{token}``
gives the ``service_request_id`` once the place is public. Errors use the standard's format.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request, url_for
from flask_babel import gettext as _

from portal.api.keys import note_use
from portal.api.open311 import access, formats, present, queries, submit
from portal.api.open311.params import Open311Error, parse_request_query
from portal.api.paging import this_url_with
from portal.extensions import db, limiter
from portal.map import categories as category_services
from portal.map import reports
from portal.map.views import current_locale, current_place

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")

FMT = "<any(json, xml):fmt>"


def reply(fmt: str, root: str, value: Any, item: str | None = None) -> Response:
    body, content_type = formats.render(fmt, root, value, item)
    return Response(body, content_type=content_type)


def error_reply(fmt: str, status: int, description: str) -> Response:
    body, content_type = formats.errors(fmt, [(status, description)])
    response = Response(body, status=status, content_type=content_type)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.after_request
def _headers(response: Response) -> Response:
    """CORS for reads; paging headers also on a list the page cache served (it keeps the body
    only, so the count is asked for again)."""
    if request.method not in ("GET", "HEAD"):
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    cached_list = request.endpoint == "open311.requests" and response.status_code == 200
    if cached_list and "X-Total-Count" not in response.headers:
        _paging_headers(response, queries.count_public(parse_request_query(request.args)))
    return response


def _paging_headers(response: Response, found: queries.Counted) -> None:
    response.headers["X-Total-Count"] = str(found.total)
    links = []
    if found.has_next:
        links.append(f'<{this_url_with(page=found.page + 1)}>; rel="next"')
    if found.page > 1:
        links.append(f'<{this_url_with(page=found.page - 1)}>; rel="prev"')
    if links:
        response.headers["Link"] = ", ".join(links)


@bp.errorhandler(Open311Error)
def open311_error(error: Open311Error):
    return error_reply(formats.format_of_path(request.path), error.status, error.description)


def app_error(code: int, message: str) -> tuple[Response, int]:
    """Any error under /open311/ (unknown path, wrong method, rate limit, …) in the standard's
    format (registered with :func:`portal.errors.add_error_renderer`)."""
    return error_reply(formats.format_of_path(request.path), code, message), code


@bp.route(f"/discovery.{FMT}")
def discovery(fmt: str):
    """Where the endpoint is, which version of the standard and which formats it speaks."""
    base = url_for("open311.services", fmt="json", _external=True).rsplit("/", 1)[0] + "/"
    return reply(fmt, "discovery", present.discovery(base))


@bp.route(f"/services.{FMT}")
def services(fmt: str):
    """The categories residents can report (``jurisdiction_id``: an area's slug)."""
    queries.jurisdiction(request.args.get("jurisdiction_id") or None)
    locale = current_locale()
    items = [present.service(c, locale) for c in category_services.all_categories(active_only=True)]
    return reply(fmt, "services", items, "service")


@bp.route(f"/services/<service_code>.{FMT}")
def service_definition(service_code: str, fmt: str):
    """The attributes a report in this category needs: time of day and kind of day."""
    queries.jurisdiction(request.args.get("jurisdiction_id") or None)
    category = category_services.by_slug(service_code)
    if category is None or not category.active:
        raise Open311Error(404, "service_code was not found")
    return reply(fmt, "service_definition", present.service_definition(category))


@bp.route(f"/requests.{FMT}")
def requests(fmt: str):
    """Published places as service requests, newest first, ``page_size`` per page (``page``).

    ``X-Total-Count`` and a ``Link`` header (``rel="next"``/``"prev"``) tell the paging."""
    query = parse_request_query(request.args)
    found = queries.public_places(query)
    extras = present.load_extras(p.id for p in found.places)
    locale = current_locale()
    items = [present.service_request(p, extras, locale) for p in found.places]
    response = reply(fmt, "service_requests", items, "request")
    _paging_headers(response, found)
    return response


@bp.route(f"/requests/<service_request_id>.{FMT}")
def request_detail(service_request_id: str, fmt: str):
    """One published place as a service request (a list of one, as the standard says)."""
    place = queries.public_place(service_request_id)
    extras = present.load_extras([place.id])
    item = present.service_request(place, extras, current_locale())
    return reply(fmt, "service_requests", [item], "request")


@bp.route(f"/requests.{FMT}", methods=["POST"])
@limiter.limit(access.rate_limit, key_func=access.rate_key, methods=["POST"], scope="open311-post")
def create_request(fmt: str):
    """Store a report for moderation; the answer carries a ``token`` (its follow code)."""
    key = access.check_key()
    submission = submit.parse(request.form)
    observation = submit.store(submission)
    if key is not None:
        note_use(key)
    db.session.commit()
    follow_url = url_for("map.follow", code=observation.follow_code, _external=True)
    notice = " ".join(
        [
            _("Tack! Rapporten granskas innan den visas för andra."),
            _(
                "Följ den med koden %(code)s på %(url)s.",
                code=observation.display_code,
                url=follow_url,
            ),
            _("Vid nödläge: ring 112. Tips till polisen: 114 14."),
        ]
    )
    item = {"token": observation.follow_code, "service_notice": notice}
    return reply(fmt, "service_requests", [item], "request")


@bp.route(f"/tokens/<token>.{FMT}")
def token_status(token: str, fmt: str):
    """The ``service_request_id`` behind a token, once the place has been published."""
    observation = reports.find_by_code(token)
    if observation is None:
        raise Open311Error(404, "token was not found")
    place = current_place(observation.place)
    item: dict[str, Any] = {"token": observation.follow_code}
    if place.is_public:
        item = {"service_request_id": str(place.id), **item}
    return reply(fmt, "service_requests", [item], "request")
