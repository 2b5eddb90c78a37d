"""Security headers and the script nonce."""

import re

from tests.factories import make_area


def test_security_headers_on_every_page(client):
    response = client.get("/")
    headers = response.headers
    policy = (
        headers.get("Content-Security-Policy") or headers["Content-Security-Policy-Report-Only"]
    )
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "https://tiles.test.invalid" in policy  # the configured tile host may serve images
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers  # only in production


def test_inline_map_script_carries_this_requests_nonce(client, app):
    make_area("Kartområde")
    response = client.get("/omraden/kartomrade")
    html = response.get_data(as_text=True)
    policy = (
        response.headers.get("Content-Security-Policy")
        or response.headers["Content-Security-Policy-Report-Only"]
    )
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline, "the area page has an inline map script"
    assert all(f'nonce="{nonce}"' in attrs for attrs in inline)
    assert nonce not in client.get("/omraden/kartomrade").headers.get(
        "Content-Security-Policy-Report-Only", ""
    ) + client.get("/omraden/kartomrade").headers.get("Content-Security-Policy", "")
