"""JSON answers of the read-only API: CORS for everyone, an ETag on every 200, errors as JSON.

:mod:`portal.httpcache` already gives anonymous GETs an ``ETag`` and ``Last-Modified`` from the
portal's data version (and answers ``If-None-Match`` with 304 before the view runs). For other
callers (a browser with a session cookie, or the cache switched off) the API adds an ETag
computed from the body itself, so a conditional request still saves the transfer.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, request

JSON_TYPE = "application/json"


class ApiError(Exception):
    """A 4xx answer: ``{"error": {"code", "title", "message", "parameter"?}}``."""

    TITLES = {400: "Bad Request", 404: "Not Found"}

    def __init__(self, status: int, message: str, parameter: str | None = None) -> None:
        self.status = status
        self.message = message
        self.parameter = parameter
        super().__init__(message)

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {
            "code": self.status,
            "title": self.TITLES.get(self.status, "Error"),
            "message": self.message,
        }
        if self.parameter:
            error["parameter"] = self.parameter
        return {"error": error}


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)


def json_response(data: Any, status: int = 200, mimetype: str = JSON_TYPE) -> Response:
    return Response(dumps(data), status=status, mimetype=mimetype)


def error_response(error: ApiError) -> Response:
    return json_response(error.body(), error.status)


def conditional(response: Response) -> Response:
    """After every API request: CORS for reads (also on answers :mod:`portal.httpcache` served
    from its cache, which keeps only the body), and a body ETag on a successful GET without one,
    answering 304 when it matches."""
    if request.method not in ("GET", "HEAD"):
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    if response.status_code != 200:
        return response
    if response.direct_passthrough or response.headers.get("ETag"):
        return response
    response.add_etag()
    return response.make_conditional(request)
