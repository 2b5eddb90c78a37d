"""Security headers on every response, with a per-request nonce for the portal's inline scripts.

Scripts: only the portal's own files and inline blocks carrying this request's nonce
(``<script nonce="{{ csp_nonce() }}">``); no ``unsafe-inline``. Styles allow inline because Leaflet
positions map panes with style attributes.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import Flask, current_app, g, request


def csp_nonce() -> str:
    """This request's nonce (made on first use)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _tile_origin(tile_url: str) -> str:
    parts = urlsplit(tile_url.replace("{s}", "a"))
    if not parts.netloc:
        return ""
    host = parts.netloc.replace("a.", "*.", 1) if "{s}" in tile_url else parts.netloc
    return f"{parts.scheme}://{host}"


def content_security_policy(nonce: str | None) -> str:
    config = current_app.config
    images = " ".join(
        filter(None, ["'self'", "data:", "blob:", _tile_origin(config["MAP_TILE_URL"])])
    )
    scripts = f"'self' 'nonce-{nonce}'" if nonce else "'self'"
    frame_ancestors = config.get("CSP_FRAME_ANCESTORS", "'none'")
    if request.blueprint in config.get("EMBEDDABLE_BLUEPRINTS", ()):
        frame_ancestors = "*"
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            f"img-src {images}",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def security_headers(response):
        headers = response.headers
        policy = content_security_policy(g.get("csp_nonce"))
        name = (
            "Content-Security-Policy-Report-Only"
            if app.config.get("CSP_REPORT_ONLY")
            else "Content-Security-Policy"
        )
        headers.setdefault(name, policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "geolocation=(self), camera=(), microphone=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config["ENV"] == "production":
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
