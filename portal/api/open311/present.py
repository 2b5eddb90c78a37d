"""Open311 views of our data: categories as services, public places as service requests.

A service is a place category (``service_code`` = the category's slug). A service request is a
*public* place (``service_request_id`` = the place id): its masked, moderated description, the
responsible organisation, the open/closed status with our detailed status, reason and newest
public note in ``status_notes``. ``requested_datetime`` has day precision (the place page shows
the day too), so that the time of a report cannot point at the person who made it; the other
times are staff actions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app, url_for
from flask_babel import gettext as _

from portal.extensions import db
from portal.map import vocab
from portal.map.models import Category, Observation, Place, PlaceUpdate

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-01T00:00:00Z"  # when this endpoint's behaviour last changed
OPEN, CLOSED = "open", "closed"
CLOSED_STATUSES = (vocab.ATGARDAD, vocab.INGEN_ATGARD)
OPEN_STATUSES = tuple(s for s in vocab.PUBLIC_STATUSES if s not in CLOSED_STATUSES)
STATUS_GROUPS = {OPEN: OPEN_STATUSES, CLOSED: CLOSED_STATUSES}

REQUEST_FIELDS = (
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
)


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def aware(moment: datetime) -> datetime:
    """Naive datetimes (SQLite) are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def w3c(moment: datetime | None) -> str | None:
    """ISO 8601 with the local offset, whole seconds (``2026-05-04T21:30:00+02:00``)."""
    if moment is None:
        return None
    return aware(moment).astimezone(local_zone()).replace(microsecond=0).isoformat()


def day_start(day: date) -> datetime:
    """Local midnight at the start of ``day``."""
    return datetime.combine(day, time(0, 0), tzinfo=local_zone())


def local_day(moment: datetime) -> date:
    return aware(moment).astimezone(local_zone()).date()


def open_or_closed(status: str) -> str:
    return CLOSED if status in CLOSED_STATUSES else OPEN


# --- discovery and services -------------------------------------------------------------------


def discovery(base_url: str) -> dict[str, Any]:
    config = current_app.config
    return {
        "changeset": CHANGESET,
        "contact": config.get("OPEN311_CONTACT") or config["ORGANISATION_NAME"],
        "key_service": _(
            "Rapporter kan skickas utan nyckel där installationen tillåter det. En nyckel "
            "ger fler rapporter per timme; den delas ut av %(org)s.",
            org=config["ORGANISATION_NAME"],
        ),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base_url,
                "changeset": CHANGESET,
                "type": "production" if config["ENV"] == "production" else "test",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


def service(category: Category, locale: str) -> dict[str, Any]:
    name = category.name(locale)
    return {
        "service_code": category.slug,
        "service_name": name,
        "description": (
            _("Tryggt och trivsamt: %(name)s", name=name)
            if category.positive
            else _("Otrygg plats: %(name)s", name=name)
        ),
        "metadata": True,
        "type": "batch",
        "keywords": ", ".join(dict.fromkeys(["trygghet", *category.slug.split("-")])),
        "group": _("Trygga platser") if category.positive else _("Otrygga platser"),
    }


def _values(labels: Mapping[str, Any]) -> list[dict[str, str]]:
    return [{"key": key, "name": str(label)} for key, label in labels.items()]


def service_definition(category: Category) -> dict[str, Any]:
    """The attributes a report needs besides the standard fields: when it feels unsafe."""
    return {
        "service_code": category.slug,
        "attributes": [
            {
                "variable": True,
                "code": "time_of_day",
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": _("Välj en av nycklarna."),
                "order": 1,
                "description": _("När känns det så?"),
                "values": _values(vocab.TIME_LABELS),
            },
            {
                "variable": True,
                "code": "day_kind",
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": _("Välj en av nycklarna."),
                "order": 2,
                "description": _("Vilka dagar?"),
                "values": _values(vocab.DAY_KIND_LABELS),
            },
        ],
    }


# --- service requests -----------------------------------------------------------------------


@dataclass(frozen=True)
class Extras:
    """What a page of requests needs besides the places: photos and public updates."""

    photo_ids: dict[int, int] = field(default_factory=dict)  # place id → observation id
    notes: dict[int, str] = field(default_factory=dict)  # place id → newest public note
    updated: dict[int, datetime] = field(default_factory=dict)  # place id → newest update


def load_extras(place_ids: Iterable[int]) -> Extras:
    ids = list(place_ids)
    if not ids:
        return Extras()
    photos = db.session.execute(
        db.select(Observation.place_id, db.func.min(Observation.id))
        .where(
            Observation.place_id.in_(ids),
            Observation.review_state == vocab.REVIEW_DONE,
            Observation.photo_state == vocab.PHOTO_APPROVED,
            Observation.photo_key.is_not(None),
        )
        .group_by(Observation.place_id)
    ).all()
    updates = db.session.execute(
        db.select(PlaceUpdate.place_id, PlaceUpdate.note, PlaceUpdate.created_at)
        .where(PlaceUpdate.place_id.in_(ids))
        .order_by(PlaceUpdate.created_at.desc(), PlaceUpdate.id.desc())
    ).all()
    notes: dict[int, str] = {}
    updated: dict[int, datetime] = {}
    for place_id, note, created in updates:
        updated.setdefault(place_id, created)
        if note:
            notes.setdefault(place_id, note)
    return Extras(dict(photos), notes, updated)


def status_notes(place: Place, note: str | None) -> str:
    """Our detailed status, the public reason and the newest public note, as sentences."""
    parts = [str(vocab.STATUS_LABELS.get(place.status, place.status)) + "."]
    for text in (place.status_reason, note):
        if text and text.strip():
            parts.append(text.strip())
    return " ".join(parts)


def service_request(place: Place, extras: Extras, locale: str) -> dict[str, Any]:
    """One public place as a GeoReport v2 service request (fields in the standard's order)."""
    decimals = current_app.config["PLACE_PUBLIC_DECIMALS"]
    moments = [m for m in (place.published_at, extras.updated.get(place.id)) if m is not None]
    requested = day_start(local_day(place.created_at))
    photo_id = extras.photo_ids.get(place.id)
    values: dict[str, Any] = {
        "service_request_id": str(place.id),
        "status": open_or_closed(place.status),
        "status_notes": status_notes(place, extras.notes.get(place.id)),
        "service_name": place.category.name(locale),
        "service_code": place.category.slug,
        "description": place.public_description,
        "agency_responsible": place.responsible,
        "service_notice": None,
        "requested_datetime": requested.isoformat(),
        "updated_datetime": w3c(max(map(aware, moments))) if moments else requested.isoformat(),
        "expected_datetime": day_start(place.deadline).isoformat() if place.deadline else None,
        "address": place.area.name,
        "address_id": None,
        "zipcode": None,
        "lat": round(place.lat, decimals),
        "long": round(place.lon, decimals),
        "media_url": (
            url_for("map.photo", observation_id=photo_id, kind="bild", _external=True)
            if photo_id
            else None
        ),
    }
    return {name: values[name] for name in REQUEST_FIELDS}
