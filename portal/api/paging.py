"""Paging for the read-only API: ``page`` and ``per_page``, strictly parsed, and the envelope."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import request
from werkzeug.datastructures import MultiDict

from portal.api.responses import ApiError
from portal.converters import MAX_DB_INTEGER
from portal.pagination import Page, paginate

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class PageRequest:
    number: int
    size: int


def _whole(args: Mapping[str, Any], name: str, low: int, high: int, default: int) -> int:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise ApiError(400, f"a whole number from {low} to {high}", name)
    return int(raw)


def page_request(args: Mapping[str, Any] | None = None) -> PageRequest:
    args = request.args if args is None else args
    return PageRequest(
        _whole(args, "page", 1, MAX_DB_INTEGER, 1),
        _whole(args, "per_page", 1, MAX_PER_PAGE, DEFAULT_PER_PAGE),
    )


def page_of_query(query, wanted: PageRequest) -> Page:
    return paginate(query, wanted.number, wanted.size)


def page_of_list(items: Sequence[Any], wanted: PageRequest) -> Page:
    pages = max(1, -(-len(items) // wanted.size))
    number = min(wanted.number, pages)
    start = (number - 1) * wanted.size
    return Page(list(items[start : start + wanted.size]), number, wanted.size, len(items))


def this_url_with(**changes: Any) -> str:
    """This request's absolute URL with some query parameters replaced (others kept as sent)."""
    args = MultiDict(request.args)
    for name, value in changes.items():
        args.setlist(name, [str(value)])
    return request.base_url + "?" + urlencode(list(args.items(multi=True)))


def envelope(page: Page, render: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """``{"items", "page", "per_page", "total", "pages", "links"}`` with absolute links."""

    def link(number: int) -> str:
        return this_url_with(page=number, per_page=page.size)

    return {
        "items": [render(item) for item in page.items],
        "page": page.number,
        "per_page": page.size,
        "total": page.total,
        "pages": page.pages,
        "links": {
            "self": link(page.number),
            "next": link(page.number + 1) if page.has_next else None,
            "prev": link(page.number - 1) if page.has_previous else None,
        },
    }
