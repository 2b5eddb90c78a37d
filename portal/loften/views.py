"""Public pages for promises (/loften): the list, one promise, its history, feeds and photos."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import escape

from portal.areas import services as area_services
from portal.areas.models import Area
from portal.extensions import db
from portal.loften import commitments, feeds, history, present, richtext, services, vocab
from portal.loften.models import Promise, Update
from portal.pagination import paginate

bp = Blueprint("loften", __name__, url_prefix="/loften", template_folder="templates")


def locale() -> str:
    return str(get_locale() or "sv")


def public_promise_or_404(promise_id: int) -> Promise:
    promise = db.session.get(Promise, promise_id)
    if promise is None or not promise.is_public:
        abort(404)
    return promise


@bp.route("/")
def index():
    """Published promises, by area and state, with their progress at a glance."""
    slug = request.args.get("omrade", "").strip()
    state = request.args.get("status", "").strip()
    area = area_services.get_by_slug(slug) if slug else None
    if state not in vocab.PUBLIC_STATES:
        state = ""
    page = paginate(
        services.public_query(area, state or None),
        request.args.get("page"),
        current_app.config["PAGE_SIZE"],
    )
    areas = [(a, depth) for a, depth in area_services.tree()]
    return render_template(
        "loften/index.html",
        page=page,
        area=area,
        state=state,
        areas=areas,
        unknown_area=bool(slug) and area is None,
        state_labels=vocab.STATE_LABELS,
        overall_of={p.id: present.overall_progress(list(p.commitments)) for p in page.items},
    )


@bp.route("/<int:promise_id>")
def show(promise_id: int):
    """One promise: what we heard, what we promise, what we have done, how we follow up, who signed."""
    promise = public_promise_or_404(promise_id)
    everything = request.args.get("uppdateringar") == "alla"
    return render_template(
        "loften/show.html", preview=False, **present.page(promise, locale(), everything)
    )


@bp.route("/<int:promise_id>/historik")
def versions(promise_id: int):
    """Every public version of the promise: what changed, field by field, and when."""
    promise = public_promise_or_404(promise_id)
    return render_template(
        "loften/history.html", promise=promise, versions=promise.versions, history=history
    )


@bp.route("/bild/<int:update_id>/<kind>")
def photo(update_id: int, kind: str):
    """A photo of a progress update of a public promise (``kind`` "bild" or "miniatyr")."""
    update = db.session.get(Update, update_id) or abort(404)
    if kind not in ("bild", "miniatyr") or not update.commitment.promise.is_public:
        abort(404)
    key = update.photo_key if kind == "bild" else update.thumb_key
    if not key:
        abort(404)
    try:
        data = current_app.extensions["storage"].open(key)
    except (FileNotFoundError, ValueError):
        abort(404)
    response = send_file(io.BytesIO(data), mimetype="image/webp", max_age=3600)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


# --- Atom feeds ----------------------------------------------------------------------------------


def _tag(specific: str) -> str:
    config = current_app.config
    authority = config.get("LOFTEN_FEED_TAG_AUTHORITY") or request.host
    return feeds.tag_uri(authority, config["LOFTEN_FEED_TAG_DATE"], specific)


def _entry(update: Update) -> feeds.Entry:
    commitment = update.commitment
    promise = commitment.promise
    progress_text = present.commitment_progress_of_update(update)
    text, reason_text = update.tr("text").text, update.tr("reason").text
    summary = " ".join(
        filter(None, [update.status_label + ".", progress_text, richtext.plain(text)])
    )
    reason = f"<p>{escape(_('Skäl'))}: {escape(reason_text)}</p>" if reason_text else ""
    content = (
        f"<p>{escape(_('Ur medborgarlöftet %(title)s.', title=promise.tr('title').text))}</p>"
        + f"<p><strong>{escape(update.status_label)}</strong>"
        + (f" – {escape(progress_text)}" if progress_text else "")
        + "</p>"
        + str(richtext.render(text))
        + reason
    )
    link = url_for(
        "loften.show", promise_id=promise.id, _external=True, _anchor=f"uppdatering-{update.id}"
    )
    created = update.created_at
    return feeds.Entry(
        id=_tag(f"loften/uppdatering/{update.id}"),
        title=_(
            "%(commitment)s: %(status)s",
            commitment=commitment.tr("title").text,
            status=update.status_label,
        ),
        updated=created,
        published=created,
        link=link,
        summary=summary,
        content_html=content,
        author=update.organisation,
        category=commitment.party_name,
    )


def _feed(
    specific: str, title: str, self_url: str, alternate: str, updates: list[Update]
) -> Response:
    feed = feeds.Feed(
        id=_tag(specific),
        title=title,
        subtitle=_("Uppdateringar om hur medborgarlöftena genomförs."),
        self_url=self_url,
        alternate_url=alternate,
        author=current_app.config["ORGANISATION_NAME"],
        language=locale(),
        entries=[_entry(u) for u in updates],
        fallback_updated=datetime(2000, 1, 1, tzinfo=UTC),
    )
    return Response(feeds.build(feed), content_type=feeds.CONTENT_TYPE)


def _limit() -> int:
    return int(current_app.config["LOFTEN_FEED_ENTRIES"])


@bp.route("/feed.atom")
def feed_all():
    """Every progress update of every public promise."""
    return _feed(
        "loften/alla",
        _("Medborgarlöften: alla uppdateringar"),
        url_for("loften.feed_all", _external=True),
        url_for("loften.index", _external=True),
        commitments.feed_updates(limit=_limit()),
    )


@bp.route("/omrade/<slug>/feed.atom")
def feed_area(slug: str):
    """Updates of the promises that concern an area."""
    area: Area = area_services.get_by_slug(slug) or abort(404)
    return _feed(
        f"loften/omrade/{area.id}",
        _("Medborgarlöften i %(area)s", area=area.name),
        url_for("loften.feed_area", slug=area.slug, _external=True),
        url_for("loften.index", omrade=area.slug, _external=True),
        commitments.feed_updates(area=area, limit=_limit()),
    )


@bp.route("/<int:promise_id>/feed.atom")
def feed_promise(promise_id: int):
    """Updates of one promise."""
    promise = public_promise_or_404(promise_id)
    return _feed(
        f"loften/lofte/{promise.id}",
        promise.tr("title").text,
        url_for("loften.feed_promise", promise_id=promise.id, _external=True),
        url_for("loften.show", promise_id=promise.id, _external=True),
        commitments.feed_updates(promise=promise, limit=_limit()),
    )
