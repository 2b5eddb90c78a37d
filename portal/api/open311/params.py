"""Query parameters of ``GET requests``, parsed strictly: a bad value is a 400, never a 500."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from portal.api.open311.present import STATUS_GROUPS, day_start, local_day
from portal.converters import MAX_DB_INTEGER

MAX_PARAM_LENGTH = 2000
MAX_LIST = 200
DEFAULT_PAGE_SIZE = 1000  # the standard's default upper bound on one answer
MAX_PAGE_SIZE = 1000


class Open311Error(Exception):
    """An error answer in the standard's format: HTTP ``status`` and a ``description``."""

    def __init__(self, status: int, description: str) -> None:
        self.status = status
        self.description = description
        super().__init__(f"{status}: {description}")


@dataclass(frozen=True)
class RequestQuery:
    ids: tuple[int, ...] | None = None  # service_request_id: overrides every other filter
    service_codes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()  # "open", "closed"
    start: datetime | None = None  # inclusive, local midnight
    end: datetime | None = None  # exclusive, local midnight after the end day
    jurisdiction: str | None = None
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


def _raw(args: Mapping[str, Any], name: str) -> str | None:
    value = args.get(name)
    if value is None or value == "":
        return None
    if len(value) > MAX_PARAM_LENGTH or "\x00" in value:
        raise Open311Error(400, f"{name} is too long or contains a NUL character")
    return value


def _list(args: Mapping[str, Any], name: str) -> list[str]:
    raw = _raw(args, name)
    values = [v.strip() for v in (raw or "").split(",") if v.strip()]
    if len(values) > MAX_LIST:
        raise Open311Error(400, f"{name}: at most {MAX_LIST} values")
    return values


def parse_int(raw: str | None, name: str, low: int, high: int, default: int) -> int:
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise Open311Error(400, f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def parse_datetime(raw: str | None, name: str) -> date | None:
    """A W3C datetime (``2026-05-01T00:00:00Z``) or a date → the local day it falls on."""
    if raw is None:
        return None
    try:
        moment = datetime.fromisoformat(raw.strip().upper())
    except ValueError:
        raise Open311Error(
            400, f"{name} must be a W3C datetime, e.g. 2026-05-01T00:00:00Z"
        ) from None
    if not 1900 <= moment.year <= 9998:
        raise Open311Error(400, f"{name} is out of range")
    return local_day(moment) if moment.tzinfo else moment.date()


def parse_ids(raw: list[str]) -> tuple[int, ...]:
    ids = []
    for value in raw:
        if not value.isascii() or not value.isdigit() or not 0 < int(value) <= MAX_DB_INTEGER:
            raise Open311Error(400, "service_request_id must be a comma-separated list of ids")
        ids.append(int(value))
    return tuple(dict.fromkeys(ids))


def parse_request_query(args: Mapping[str, Any]) -> RequestQuery:
    """``service_request_id``, ``service_code``, ``status``, ``start_date``, ``end_date``,
    ``jurisdiction_id``, ``page`` and ``page_size``. Dates count whole local days, since
    ``requested_datetime`` has day precision."""
    statuses = _list(args, "status")
    unknown = [s for s in statuses if s not in STATUS_GROUPS]
    if unknown:
        raise Open311Error(400, "status must be open, closed or both (comma-separated)")
    first = parse_datetime(_raw(args, "start_date"), "start_date")
    last = parse_datetime(_raw(args, "end_date"), "end_date")
    if first and last and first > last:
        raise Open311Error(400, "start_date must not be after end_date")
    ids = _list(args, "service_request_id")
    return RequestQuery(
        ids=parse_ids(ids) if ids else None,
        service_codes=tuple(dict.fromkeys(_list(args, "service_code"))),
        statuses=tuple(dict.fromkeys(statuses)),
        start=day_start(first) if first else None,
        end=day_start(last + timedelta(days=1)) if last else None,
        jurisdiction=_raw(args, "jurisdiction_id"),
        page=parse_int(_raw(args, "page"), "page", 1, MAX_DB_INTEGER, 1),
        page_size=parse_int(
            _raw(args, "page_size"), "page_size", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE
        ),
    )
