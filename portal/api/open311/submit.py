"""``POST requests``: an Open311 report becomes a resident report, moderated like any other.

The report is stored by :func:`portal.map.reports.create_report`, exactly as the report form
stores one: a new, unpublished place in the moderation queue, its text masked, an anonymous
follow code (returned as the ``token``). The standard's personal fields (``email``,
``first_name``, ``last_name``, ``phone``, ``device_id``, ``account_id``) and ``media_url`` are
accepted and thrown away: nothing about the reporter is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app

from portal.api.open311.params import MAX_PARAM_LENGTH, Open311Error
from portal.api.open311.queries import jurisdiction
from portal.areas.lookup import area_for_point
from portal.areas.models import Area
from portal.map import categories as category_services
from portal.map import reports, vocab
from portal.map.forms import parse_coordinate
from portal.map.models import Category, Observation

ADDRESS_MAX = 300
IGNORED_FIELDS = (
    "email",
    "first_name",
    "last_name",
    "phone",
    "device_id",
    "account_id",
    "media_url",
    "address_id",
)


@dataclass(frozen=True)
class Submission:
    category: Category
    description: str
    time_of_day: str
    day_kind: str
    lon: float | None
    lat: float | None
    area: Area | None
    address: str | None


def _text(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name) or ""
    if len(value) > max(MAX_PARAM_LENGTH, current_app.config["PLACE_DESCRIPTION_MAX"]):
        raise Open311Error(400, f"{name} is too long")
    if "\x00" in value:
        raise Open311Error(400, f"{name} contains a NUL character")
    return value.strip()


def _category(code: str) -> Category:
    if not code:
        raise Open311Error(400, "service_code is required")
    category = category_services.by_slug(code)
    if category is None or not category.active:
        raise Open311Error(400, "service_code was not found")
    return category


def _choice(form: Mapping[str, Any], code: str, allowed: tuple[str, ...]) -> str:
    value = _text(form, f"attribute[{code}]")
    if value not in allowed:
        raise Open311Error(400, f"attribute[{code}] is required: one of {', '.join(allowed)}")
    return value


def _point(form: Mapping[str, Any]) -> tuple[float, float] | None:
    raw_lat, raw_lon = _text(form, "lat"), _text(form, "long")
    if not raw_lat and not raw_lon:
        return None
    try:
        lat = parse_coordinate(raw_lat, -90, 90)
        lon = parse_coordinate(raw_lon, -180, 180)
    except ValueError:
        raise Open311Error(400, "lat and long must be WGS84 decimal degrees") from None
    if lat is None or lon is None:
        raise Open311Error(400, "give both lat and long")
    return lon, lat


def parse(form: Mapping[str, Any]) -> Submission:
    """Check a ``POST requests`` body; raises :class:`Open311Error` (400/404) when it is bad."""
    category = _category(_text(form, "service_code"))
    description = _text(form, "description")
    limit = current_app.config["PLACE_DESCRIPTION_MAX"]
    if not description:
        raise Open311Error(400, "description is required")
    if len(description) > limit:
        raise Open311Error(400, f"description: at most {limit} characters")
    time_of_day = _choice(form, "time_of_day", vocab.TIMES_OF_DAY)
    day_kind = _choice(form, "day_kind", vocab.DAY_KINDS)
    area = jurisdiction(_text(form, "jurisdiction_id") or None)
    address = _text(form, "address_string") or None
    if address is not None and len(address) > ADDRESS_MAX:
        raise Open311Error(400, f"address_string: at most {ADDRESS_MAX} characters")
    point = _point(form)
    if point is not None:
        found = area_for_point(*point)
        if found is None or (area is not None and not found.is_within(area)):
            raise Open311Error(400, "lat/long lies outside the areas this portal serves")
        return Submission(category, description, time_of_day, day_kind, *point, None, address)
    if area is None or address is None:
        raise Open311Error(
            400, "lat and long are required, or address_string together with jurisdiction_id"
        )
    if area.point_lon is None:
        raise Open311Error(400, "this jurisdiction_id needs lat and long")
    return Submission(category, description, time_of_day, day_kind, None, None, area, address)


def store(submission: Submission) -> Observation:
    """Store the report (flushes; the caller commits)."""
    try:
        return reports.create_report(
            category=submission.category,
            description=submission.description,
            time_of_day=submission.time_of_day,
            day_kind=submission.day_kind,
            lon=submission.lon,
            lat=submission.lat,
            area=submission.area,
            location_text=submission.address,
        )
    except reports.ReportError as error:
        raise Open311Error(400, f"the report could not be stored ({error.code})") from None
