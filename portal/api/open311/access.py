"""API keys and rate limits for ``POST requests``.

Without a key a client gets ``OPEN311_RATE_LIMIT`` reports per address; with a valid key
``OPEN311_KEY_RATE_LIMIT`` per key (a kommun's app sends for many residents from one server).
``OPEN311_API_KEY_REQUIRED`` makes a key necessary. A wrong or revoked key is always refused.
"""

from __future__ import annotations

from flask import current_app, g, request
from flask_limiter.util import get_remote_address

from portal.api import keys
from portal.api.models import ApiKey
from portal.api.open311.params import Open311Error

_UNSET = object()


def presented_key() -> ApiKey | None:
    """The valid key this request carries (looked up once per request), or None."""
    found = g.get("open311_key", _UNSET)
    if found is _UNSET:
        found = keys.verify(request.form.get("api_key") or None)
        g.open311_key = found
    return found  # type: ignore[return-value]


def rate_limit() -> str:
    config = current_app.config
    return config["OPEN311_KEY_RATE_LIMIT"] if presented_key() else config["OPEN311_RATE_LIMIT"]


def rate_key() -> str:
    key = presented_key()
    return f"open311-key:{key.id}" if key is not None else get_remote_address()


def check_key() -> ApiKey | None:
    """The key to count the request against; raises 403 for a bad or missing-but-required key."""
    key = presented_key()
    if request.form.get("api_key") and key is None:
        raise Open311Error(403, "api_key is invalid or has been revoked")
    if key is None and current_app.config["OPEN311_API_KEY_REQUIRED"]:
        raise Open311Error(403, "api_key is required")
    return key
