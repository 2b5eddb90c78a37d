"""The read-only JSON API under /api/: areas, published survey results, public lägesbild
summaries and published promises. Paged (``page``, ``per_page``); every answer is public data.

Places are served as GeoJSON by :mod:`portal.map.api` (``/api/places.geojson``,
``/api/areas.geojson``); they are described in the OpenAPI document with the rest.
"""

from __future__ import annotations

from flask import Blueprint, current_app, request
from sqlalchemy import func

from portal.api import paging, promises, serialize
from portal.api.filters import area_param
from portal.api.responses import ApiError, conditional, error_response, json_response
from portal.areas import services as area_services
from portal.areas.models import AREA_KINDS, Area
from portal.dialog import public_results
from portal.dialog import services as survey_services
from portal.dialog.display import content_language
from portal.extensions import db
from portal.lagesbild import snapshots
from portal.lagesbild.models import Snapshot
from portal.loften import services as promise_services
from portal.loften import vocab as promise_vocab
from portal.map.views import current_locale

bp = Blueprint("public_api", __name__, url_prefix="/api")
bp.after_request(conditional)


@bp.errorhandler(ApiError)
def api_error(error: ApiError):
    return error_response(error)


# --- areas ------------------------------------------------------------------------------------


@bp.route("/areas")
def areas():
    """The area tree in tree order (``kind`` and ``parent`` filter it)."""
    wanted = paging.page_request()
    kind = request.args.get("kind")
    if kind and kind not in AREA_KINDS:
        raise ApiError(400, f"unknown kind; use one of {', '.join(AREA_KINDS)}", "kind")
    parent = area_param("parent")
    query = db.select(Area).order_by(Area.path)
    if kind:
        query = query.where(Area.kind == kind)
    if parent is not None:
        query = query.where(Area.parent_id == parent.id)
    page = paging.page_of_query(query, wanted)
    parent_ids = {a.parent_id for a in page.items if a.parent_id}
    parents = {a.id: a for a in db.session.scalars(db.select(Area).where(Area.id.in_(parent_ids)))}
    return json_response(
        paging.envelope(page, lambda a: serialize.area(a, parents.get(a.parent_id)))
    )


@bp.route("/areas/<slug>")
def area(slug: str):
    """One area, with its parent and children."""
    found = area_services.get_by_slug(slug) if len(slug) <= 120 else None
    if found is None:
        raise ApiError(404, "no area with that slug")
    data = serialize.area(found, found.parent)
    data["children"] = [serialize.area_ref(child) for child in found.children]
    return json_response(data)


# --- surveys ----------------------------------------------------------------------------------


@bp.route("/surveys")
def surveys():
    """Surveys whose results are published (``area``: those that concern it)."""
    wanted = paging.page_request()
    found = survey_services.published_results(area_param())
    page = paging.page_of_list(found, wanted)
    return json_response(paging.envelope(page, lambda s: serialize.survey(s, content_language(s))))


@bp.route("/surveys/<int:survey_id>/results")
def survey_results(survey_id: int):
    """Published results: aggregates only, every count under the minimum withheld (null)."""
    survey = survey_services.get(survey_id)
    if survey is None or not survey.results_published:
        raise ApiError(404, "no published results for that survey")
    lang = content_language(survey)
    report = public_results.build(survey, lang, current_app.config["DISCLOSURE_MINIMUM"])
    return json_response(serialize.survey_results(survey, report, lang))


# --- lägesbild --------------------------------------------------------------------------------


@bp.route("/lagesbild")
def lagesbild_list():
    """The newest fastställd version of each lägesbild (``area``: in that area's subtree)."""
    wanted = paging.page_request()
    area = area_param()
    newest = (
        db.select(Snapshot.lagesbild_id, func.max(Snapshot.version).label("version"))
        .group_by(Snapshot.lagesbild_id)
        .subquery()
    )
    query = db.select(Snapshot.id).join(
        newest,
        (Snapshot.lagesbild_id == newest.c.lagesbild_id) & (Snapshot.version == newest.c.version),
    )
    if area is not None:
        query = query.where(Snapshot.area_id.in_(area_services.subtree_ids(area)))
    page = paging.page_of_query(query.order_by(Snapshot.ends_on.desc(), Snapshot.id.desc()), wanted)
    found = [snapshots.get_public_snapshot(i) for i in page.items]
    page = paging.Page([s for s in found if s is not None], page.number, page.size, page.total)
    return json_response(paging.envelope(page, lambda s: serialize.snapshot(s, full=False)))


@bp.route("/lagesbild/<int:snapshot_id>")
def lagesbild(snapshot_id: int):
    """One fastställd version's public summary: texts masked, small numbers withheld."""
    found = snapshots.get_public_snapshot(snapshot_id)
    if found is None:
        raise ApiError(404, "no fastställd lägesbild with that id")
    return json_response(serialize.snapshot(found, full=True))


# --- promises ---------------------------------------------------------------------------------


@bp.route("/promises")
def promise_list():
    """Published promises, newest period first (``area``, ``state`` filter them)."""
    wanted = paging.page_request()
    state = request.args.get("state") or None
    if state is not None and state not in promise_vocab.PUBLIC_STATES:
        raise ApiError(400, f"use one of {', '.join(promise_vocab.PUBLIC_STATES)}", "state")
    page = paging.page_of_query(promise_services.public_query(area_param(), state), wanted)
    return json_response(paging.envelope(page, promises.promise_summary))


@bp.route("/promises/<int:promise_id>")
def promise(promise_id: int):
    """One published promise with its commitments, activities and every progress update."""
    found = promise_services.get(promise_id)
    if found is None or not found.is_public:
        raise ApiError(404, "no published promise with that id")
    return json_response(promises.promise_detail(found, current_locale()))
