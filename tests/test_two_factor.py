"""Two-factor sign-in: TOTP with replay protection, recovery codes, and enforcement by role."""

import time

import pyotp
import pytest

from portal.auth import twofactor
from portal.auth.models import AuditEntry
from portal.extensions import db
from tests.factories import make_user

PASSWORD = "korrekt-hast-batteri"


def password_step(client, email):
    return client.post(
        "/logga-in", data={"email": email, "password": PASSWORD, "next": "/hantera/logg"}
    )


@pytest.fixture
def enrolled(area):
    user = make_user("tva@test.example", admin=area)
    secret = pyotp.random_base32()
    codes = twofactor.enable(user, secret, pyotp.TOTP(secret).at(time.time() - 30))
    assert codes is not None
    db.session.commit()
    return user, secret, codes


def test_login_asks_for_the_code_and_accepts_a_fresh_one(client, enrolled):
    user, secret, _codes = enrolled
    response = password_step(client, user.email)
    assert response.headers["Location"] == "/logga-in/kod"
    assert client.get("/hantera/").status_code == 302  # not signed in yet
    wrong = client.post("/logga-in/kod", data={"code": "000000"})
    assert wrong.status_code == 400 and "Koden stämmer inte" in wrong.get_data(as_text=True)
    ok = client.post("/logga-in/kod", data={"code": pyotp.TOTP(secret).now()})
    assert ok.headers["Location"] == "/hantera/logg"
    assert client.get("/hantera/").status_code == 200


def test_a_code_cannot_be_used_twice(client, enrolled):
    user, secret, _codes = enrolled
    code = pyotp.TOTP(secret).now()
    password_step(client, user.email)
    assert client.post("/logga-in/kod", data={"code": code}).status_code == 302
    client.post("/logga-ut")
    password_step(client, user.email)
    assert client.post("/logga-in/kod", data={"code": code}).status_code == 400


def test_recovery_code_works_once(client, enrolled):
    user, _secret, codes = enrolled
    assert len(codes) == 10 and all(len(c) == 11 and c[5] == "-" for c in codes)
    password_step(client, user.email)
    assert client.post("/logga-in/kod", data={"code": codes[0].upper()}).status_code == 302
    client.post("/logga-ut")
    password_step(client, user.email)
    assert client.post("/logga-in/kod", data={"code": codes[0]}).status_code == 400
    assert len(db.session.get(type(user), user.id).recovery_codes) == 9
    actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert {"user.2fa_enable", "user.2fa_recovery_code_used", "user.login"} <= actions


def test_code_step_without_password_step_goes_back_to_login(client):
    assert client.get("/logga-in/kod").headers["Location"] == "/logga-in"


def test_code_step_is_throttled(client, enrolled):
    user, _secret, _codes = enrolled
    password_step(client, user.email)
    for _ in range(5):
        assert client.post("/logga-in/kod", data={"code": "123456"}).status_code == 400
    assert client.post("/logga-in/kod", data={"code": "123456"}).status_code == 429


def test_enforced_roles_must_enrol_before_anything_else(app, client, area, login_as):
    app.config["TWO_FACTOR_ENFORCED"] = True
    try:
        login_as("samordnare", area)
        response = client.get("/hantera/omraden/")
        assert response.headers["Location"] == "/hantera/konto/tvafaktor"
        page = client.get("/hantera/konto/tvafaktor")
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and "data:image/svg+xml" in html
        with client.session_transaction() as session:
            secret = session["2fa_setup_secret"]
        done = client.post("/hantera/konto/tvafaktor", data={"code": pyotp.TOTP(secret).now()})
        assert done.status_code == 200 and "återställningskoder" in done.get_data(as_text=True)
        assert client.get("/hantera/omraden/").status_code == 200
        off = client.post("/hantera/konto/tvafaktor/av", data={"code": "000000"})
        assert off.status_code == 302
        assert client.get("/hantera/konto").status_code == 200
    finally:
        app.config["TWO_FACTOR_ENFORCED"] = None


def test_roles_without_unmoderated_input_are_not_forced(app, client, area, login_as):
    app.config["TWO_FACTOR_ENFORCED"] = True
    try:
        login_as("rapportor", area)
        assert client.get("/hantera/").status_code == 200
    finally:
        app.config["TWO_FACTOR_ENFORCED"] = None


def test_not_enforced_outside_production_by_default(app, area):
    user = make_user(admin=area)
    with app.test_request_context():
        assert not twofactor.required_for(user)
        app.config["ENV"] = "production"
        try:
            assert twofactor.required_for(user)
        finally:
            app.config["ENV"] = "development"


def test_optional_two_factor_can_be_turned_off_with_a_code(client, area, login_as):
    user = login_as("rapportor", area)
    secret = pyotp.random_base32()
    twofactor.enable(user, secret, pyotp.TOTP(secret).at(time.time() - 30))
    db.session.commit()
    response = client.post("/hantera/konto/tvafaktor/av", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert db.session.get(type(user), user.id).totp_secret is None
