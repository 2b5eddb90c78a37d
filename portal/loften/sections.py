"""What promises add to other domains' pages, through :mod:`portal.sections` slots.

* ``place`` (a place page) and ``follow`` (the follow page of a report, by its code): "you said,
  we did", the promises a place or walk point behind it was linked to, with their progress;
* the area page: the public promises that concern the area;
* the staff dashboard: a notice when a promise's review is due (see :func:`init_dashboard_notice`).
"""

from __future__ import annotations

from flask import Flask, before_render_template, current_app, flash, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy.orm import selectinload

from portal.areas.models import Area
from portal.extensions import db
from portal.loften import commitments, permissions, present, services, sources
from portal.loften.models import Activity, Commitment, Link, Promise

AREA_SHOWN = 5


def _load_behind(links: list[Link]) -> list:
    """Load what the section shows of ``links`` with one query per kind, not one per link.

    The commitments (with their promises and each promise's commitments, for its overall
    progress) and the activities go into the session, where ``link.commitment``,
    ``commitment.promise`` and ``link.activity`` then find them without asking the database.
    The caller keeps the returned list until it has rendered (the session holds objects weakly).
    """
    commitment_ids = {link.commitment_id for link in links}
    activity_ids = {link.activity_id for link in links if link.activity_id is not None}
    loaded: list = list(
        db.session.scalars(
            db.select(Commitment)
            .where(Commitment.id.in_(commitment_ids))
            .options(selectinload(Commitment.promise).selectinload(Promise.commitments))
        )
    )
    if activity_ids:
        loaded += db.session.scalars(db.select(Activity).where(Activity.id.in_(activity_ids)))
    return loaded


def _you_said(place_ids: list[int]) -> Markup | None:
    """Promises whose commitments were linked to these places or to walk points on them."""
    links = commitments.public_links(place_ids, sources.walk_points_for_places(place_ids))
    if not links:
        return None
    _loaded = _load_behind(links)
    by_promise: dict[int, dict] = {}
    for link in links:
        commitment = link.commitment
        promise = commitment.promise
        entry = by_promise.setdefault(
            promise.id,
            {
                "promise": promise,
                "overall": present.overall_progress(list(promise.commitments)),
                "lines": [],
            },
        )
        if all(item["commitment"].id != commitment.id for item in entry["lines"]):
            entry["lines"].append(
                {
                    "commitment": commitment,
                    "activity": link.activity,
                    "progress": present.commitment_progress(commitment),
                }
            )
    return Markup(render_template("loften/_you_said.html", promises=list(by_promise.values())))


def place_section(place) -> Markup | None:
    """On a place page: the promises this place (or a walk point on it) led to."""
    return _you_said(sources.place_family(place))


def follow_section(observation) -> Markup | None:
    """On a report's follow page: the promises the reported place led to."""
    place_ids, _public = sources.observation_family(observation)
    return _you_said(place_ids)


def area_section(area: Area) -> Markup | None:
    """On an area page: the public promises that concern the area, with progress."""
    promises = list(db.session.scalars(services.public_query(area).limit(AREA_SHOWN)))
    if not promises:
        return None
    return Markup(
        render_template(
            "loften/_area_section.html",
            area=area,
            promises=promises,
            overall_of={p.id: present.overall_progress(list(p.commitments)) for p in promises},
        )
    )


def _dashboard_notice(sender, template, context, **_extra) -> None:
    """Flash a notice on the staff dashboard when reviews of the user's promises are due."""
    if template.name != "auth/dashboard.html" or not current_user.is_authenticated:
        return
    areas = [g.area for g in current_user.grants if g.role in permissions.PROMISE_MANAGERS]
    if not areas:
        return
    due = services.due_reviews(
        areas, services.today(), current_app.config["LOFTEN_REVIEW_NOTICE_DAYS"]
    )
    if not due:
        return
    first = due[0]
    message = _(
        "Medborgarlöften att se över: %(n)s. Först: %(title)s, senast %(date)s.",
        n=len(due),
        title=first.title,
        date=format_date(first.next_review_on, "long"),
    )
    link = _("Se medborgarlöftena")
    flash(
        Markup(f'{escape(message)} <a href="{url_for("loften_staff.index")}">{escape(link)}</a>'),
        "warning",
    )


def init_dashboard_notice(app: Flask) -> None:
    before_render_template.connect(_dashboard_notice, app)
