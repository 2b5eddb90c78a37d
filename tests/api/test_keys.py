"""The API key page (/hantera/api-nycklar): admins of a top-level area create and revoke keys;
only a hash is stored, the key is shown once, and every action is audited."""

from __future__ import annotations

import re

from portal.api import keys
from portal.api.models import ApiKey
from portal.auth.models import AuditEntry
from portal.extensions import db


def test_create_shows_the_key_once_and_stores_only_its_hash(client, login_as, area):
    login_as("admin", area)
    response = client.post("/hantera/api-nycklar/", data={"name": "FixaMinGata"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    secret = re.search(r"<code class=\"secret\"[^>]*>(tp_[^<]+)</code>", response.text).group(1)
    key = db.session.scalar(db.select(ApiKey))
    assert key.name == "FixaMinGata"
    assert key.key_hash == keys.digest(secret)
    assert secret not in repr({c.name: getattr(key, c.name) for c in ApiKey.__table__.columns})
    assert keys.verify(secret) == key
    listing = client.get("/hantera/api-nycklar/")
    assert secret not in listing.text and key.prefix in listing.text
    audit = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action.like("api_key%")))
    (entry,) = audit
    assert entry.action == "api_key.create" and secret not in repr(entry.detail)


def test_revoke(client, login_as, area):
    user = login_as("admin", area)
    made = keys.create_key(user, "App")
    db.session.commit()
    response = client.post(f"/hantera/api-nycklar/{made.key.id}/aterkalla")
    assert response.status_code == 302
    assert keys.verify(made.secret) is None
    actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert {"api_key.create", "api_key.revoke"} <= actions
    page = client.get("/hantera/api-nycklar/")
    assert "Återkallad" in page.text


def test_a_name_is_needed(client, login_as, area):
    login_as("admin", area)
    response = client.post("/hantera/api-nycklar/", data={"name": " "})
    assert response.status_code == 400
    assert db.session.scalar(db.select(ApiKey)) is None


def test_only_admins_of_a_top_level_area(client, login_as, area):
    login_as("admin", area.children[0])
    assert client.get("/hantera/api-nycklar/").status_code == 403


def test_unknown_key_is_404(client, login_as, area):
    login_as("admin", area)
    assert client.post("/hantera/api-nycklar/999/aterkalla").status_code == 404
