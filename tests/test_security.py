"""Security headers and the script nonce."""

import re
from pathlib import Path

from tests.factories import make_area


def test_security_headers_on_every_page(client):
    response = client.get("/")
    headers = response.headers
    policy = headers["Content-Security-Policy"]  # enforced, not report-only
    assert "Content-Security-Policy-Report-Only" not in headers
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
    policy = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline, "the area page has an inline map script"
    assert all(f'nonce="{nonce}"' in attrs for attrs in inline)
    assert nonce not in client.get("/omraden/kartomrade").headers.get(
        "Content-Security-Policy-Report-Only", ""
    ) + client.get("/omraden/kartomrade").headers.get("Content-Security-Policy", "")


def test_every_inline_script_in_a_template_carries_the_nonce():
    """An inline script without the nonce would be refused by the browser: catch it here."""
    root = Path(__file__).resolve().parent.parent / "portal"
    missing = []
    for template in root.rglob("*.html"):
        for tag in re.findall(r"<script\b[^>]*>", template.read_text(encoding="utf-8")):
            if "src=" not in tag and "csp_nonce()" not in tag and "application/" not in tag:
                missing.append(f"{template.relative_to(root)}: {tag}")
    assert not missing, "inline scripts without nonce:\n" + "\n".join(missing)
