"""Open-data exports: public places (CSV, GeoJSON), published promises, their commitments and
progress updates (CSV). Streamed in batches, so their size does not grow the worker's memory.

Only public data: published places with their masked, moderated description (never a
resident's own text, contact data or an unpublished place); a place's number of reports is
withheld (empty in CSV, null in GeoJSON) when it is under the disclosure minimum, as on the
place page. Promises are published ones only; updates name the reporting organisation, never a
person. CSV is RFC 4180 (comma, UTF-8, header row); coordinates are rounded like on the map.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from flask import current_app, url_for
from sqlalchemy.orm import joinedload, selectinload

from portal.api.open311.present import local_day, open_or_closed, w3c
from portal.areas.models import Area
from portal.extensions import db
from portal.loften import progress
from portal.loften import vocab as promise_vocab
from portal.loften.models import Commitment, Promise, Update
from portal.map import queries
from portal.map import vocab as place_vocab
from portal.map.models import Place

BATCH = 500


@dataclass(frozen=True)
class Dataset:
    """One export: its file name, media type and what it holds."""

    name: str
    filename: str
    media_type: str
    title: str


DATASETS = (
    Dataset("places-csv", "platser.csv", "text/csv", "Public places (CSV)"),
    Dataset("places-geojson", "platser.geojson", "application/geo+json", "Public places (GeoJSON)"),
    Dataset("promises-csv", "medborgarloften.csv", "text/csv", "Published promises (CSV)"),
    Dataset("commitments-csv", "ataganden.csv", "text/csv", "Commitments of promises (CSV)"),
    Dataset("updates-csv", "uppdateringar.csv", "text/csv", "Progress updates (CSV)"),
)


def licence() -> dict[str, str]:
    config = current_app.config
    return {"name": config["OPEN_DATA_LICENCE_NAME"], "url": config["OPEN_DATA_LICENCE_URL"]}


def csv_lines(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    yield out.getvalue()
    for row in rows:
        out.seek(0)
        out.truncate()
        writer.writerow(["" if value is None else value for value in row])
        yield out.getvalue()


def _batched(query) -> Iterator[Any]:
    """Rows of ``query`` (ordered by id) in batches, keyset-paged so memory stays flat."""
    last = 0
    model = query.column_descriptions[0]["entity"]
    while True:
        batch = list(
            db.session.scalars(query.where(model.id > last).order_by(model.id).limit(BATCH))
        )
        yield from batch
        if len(batch) < BATCH:
            return
        last = batch[-1].id


# --- places -------------------------------------------------------------------------------------


PLACE_HEADER = [
    "id",
    "category",
    "category_name",
    "status",
    "status_label",
    "open311_status",
    "description",
    "responsible",
    "deadline",
    "status_reason",
    "area",
    "area_name",
    "lon",
    "lat",
    "reports",
    "agree_count",
    "first_reported_on",
    "published_on",
    "url",
]


def public_places(area: Area | None) -> Iterator[Place]:
    query = db.select(Place).where(queries.public_condition())
    if area is not None:
        query = query.where(Place.area.has(Area.path.startswith(area.path, autoescape=True)))
    return _batched(query.options(joinedload(Place.area), joinedload(Place.category)))


def place_record(place: Place, locale: str) -> dict[str, Any]:
    config = current_app.config
    decimals = config["PLACE_PUBLIC_DECIMALS"]
    minimum = max(int(config["DISCLOSURE_MINIMUM"]), 5)
    count = place.observation_count
    return {
        "id": place.id,
        "category": place.category.slug,
        "category_name": place.category.name(locale),
        "status": place.status,
        "status_label": str(place_vocab.STATUS_LABELS.get(place.status, place.status)),
        "open311_status": open_or_closed(place.status),
        "description": place.public_description,
        "responsible": place.responsible,
        "deadline": place.deadline.isoformat() if place.deadline else None,
        "status_reason": place.status_reason,
        "area": place.area.slug,
        "area_name": place.area.name,
        "lon": round(place.lon, decimals),
        "lat": round(place.lat, decimals),
        "reports": count if count == 0 or count >= minimum else None,
        "agree_count": place.agree_count,
        "first_reported_on": local_day(place.created_at).isoformat(),
        "published_on": local_day(place.published_at).isoformat() if place.published_at else None,
        "url": url_for("map.place", place_id=place.id, _external=True),
    }


def places_csv(area: Area | None, locale: str) -> Iterator[str]:
    records = (place_record(p, locale) for p in public_places(area))
    return csv_lines(PLACE_HEADER, ([r[name] for name in PLACE_HEADER] for r in records))


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def places_geojson(area: Area | None, locale: str) -> Iterator[str]:
    """A FeatureCollection (RFC 7946, [lon, lat]) with the licence as a foreign member."""
    head = {"type": "FeatureCollection", "license": licence()}
    yield _compact(head)[:-1] + ',"features":['
    for number, place in enumerate(public_places(area)):
        record = place_record(place, locale)
        geometry = {"type": "Point", "coordinates": [record.pop("lon"), record.pop("lat")]}
        item = {"type": "Feature", "id": place.id, "geometry": geometry, "properties": record}
        yield ("," if number else "") + _compact(item)
    yield "]}"


# --- promises -----------------------------------------------------------------------------------


def public_promises(area: Area | None) -> Iterator[Promise]:
    query = db.select(Promise).where(Promise.state.in_(promise_vocab.PUBLIC_STATES))
    if area is not None:
        query = query.where(Promise.area.has(Area.path.startswith(area.path, autoescape=True)))
    return _batched(query.options(selectinload(Promise.commitments), selectinload(Promise.areas)))


PROMISE_HEADER = [
    "id",
    "title",
    "state",
    "area",
    "area_name",
    "applies_to",
    "period_start",
    "period_end",
    "signed_on",
    "commitments",
    "commitments_done",
    "progress_percent",
    "url",
]


def promises_csv(area: Area | None) -> Iterator[str]:
    def rows() -> Iterator[list[Any]]:
        for promise in public_promises(area):
            found = progress.overall(promise.commitments)
            yield [
                promise.id,
                promise.title,
                promise.state,
                promise.area.slug,
                promise.area.name,
                " ".join(a.slug for a in promise.all_areas),
                promise.period_start.isoformat(),
                promise.period_end.isoformat(),
                promise.signed_on.isoformat() if promise.signed_on else None,
                found.total,
                found.done,
                found.percent,
                url_for("loften.show", promise_id=promise.id, _external=True),
            ]

    return csv_lines(PROMISE_HEADER, rows())


COMMITMENT_HEADER = [
    "promise_id",
    "id",
    "title",
    "party",
    "responsible",
    "target_value",
    "target_unit",
    "due_on",
    "status",
    "status_reason",
    "progress_value",
    "progress_percent",
]


def commitments_csv(area: Area | None) -> Iterator[str]:
    def rows() -> Iterator[list[Any]]:
        for promise in public_promises(area):
            for c in promise.commitments:
                share = progress.fraction(c.status, c.target_value, c.progress_value)
                yield [
                    promise.id,
                    c.id,
                    c.title,
                    c.party,
                    c.party_name,
                    c.target_value,
                    c.target_unit,
                    c.due_on.isoformat() if c.due_on else None,
                    c.status,
                    c.status_reason,
                    c.progress_value,
                    progress.percent(share),
                ]

    return csv_lines(COMMITMENT_HEADER, rows())


UPDATE_HEADER = [
    "promise_id",
    "commitment_id",
    "id",
    "happened_on",
    "status",
    "reason",
    "progress_value",
    "text",
    "organisation",
    "published_at",
]


def updates_csv(area: Area | None) -> Iterator[str]:
    query = (
        db.select(Update)
        .join(Commitment, Update.commitment_id == Commitment.id)
        .join(Promise, Commitment.promise_id == Promise.id)
        .where(Promise.state.in_(promise_vocab.PUBLIC_STATES))
        .options(joinedload(Update.commitment))
    )
    if area is not None:
        query = query.where(Promise.area.has(Area.path.startswith(area.path, autoescape=True)))

    def rows() -> Iterator[list[Any]]:
        for update in _batched(query):
            yield [
                update.commitment.promise_id,
                update.commitment_id,
                update.id,
                update.happened_on.isoformat(),
                update.status,
                update.reason,
                update.progress_value,
                update.text,
                update.organisation,
                w3c(update.created_at),
            ]

    return csv_lines(UPDATE_HEADER, rows())
