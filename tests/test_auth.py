"""Login, throttling, open-redirect guard, roles on area subtrees, CLI and the audit log."""

import pytest

from portal.auth import permissions
from portal.auth.cli import users_cli
from portal.auth.models import AuditEntry, User
from portal.extensions import db
from portal.safe_redirect import safe_local_path
from tests.factories import make_area, make_user

PASSWORD = "korrekt-hast-batteri"


def login(client, email, password=PASSWORD, next_url=""):
    return client.post("/logga-in", data={"email": email, "password": password, "next": next_url})


def test_login_and_logout(client, area):
    make_user("kim@test.example", samordnare=area)
    db.session.commit()
    response = login(client, "Kim@Test.example ", next_url="/hantera/omraden/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/hantera/omraden/"
    assert client.get("/hantera/").status_code == 200
    assert client.post("/logga-ut").status_code == 302
    assert client.get("/hantera/").status_code == 302


def test_wrong_password_shows_error_next_to_field(client, area):
    make_user("kim@test.example", samordnare=area)
    db.session.commit()
    response = login(client, "kim@test.example", "fel-losenord")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Fel e-postadress eller lösenord." in html and 'aria-invalid="true"' in html
    assert 'value="kim@test.example"' in html  # nothing the user typed is lost
    assert login(client, "okand@test.example").status_code == 400


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:/x",
    ],
)
def test_next_cannot_leave_the_portal(client, area, target):
    make_user("kim@test.example", samordnare=area)
    db.session.commit()
    response = login(client, "kim@test.example", next_url=target)
    assert response.headers["Location"] == "/hantera/"


def test_safe_local_path():
    assert safe_local_path("/omraden?x=1", "/") == "/omraden?x=1"
    assert safe_local_path("/\tx", "/") == "/"
    assert safe_local_path(None, "/f") == "/f"


def test_login_is_throttled_per_account(client, area, app):
    make_user("kim@test.example", samordnare=area)
    db.session.commit()
    for _ in range(5):
        assert login(client, "kim@test.example", "fel-losenord").status_code == 400
    blocked = login(client, "kim@test.example")  # even the right password waits now
    assert blocked.status_code == 429
    assert "För många försök" in blocked.get_data(as_text=True)
    other = make_user("ada@test.example", samordnare=area)
    db.session.commit()
    assert login(client, other.email).status_code == 302  # another account is not affected


def test_login_is_throttled_per_client(client, area, app):
    for number in range(20):
        assert login(client, f"x{number}@test.example", "fel-losenord").status_code == 400
    assert login(client, "x99@test.example", "fel-losenord").status_code == 429


def test_successful_logins_do_not_count(client, area):
    make_user("kim@test.example", samordnare=area)
    db.session.commit()
    for _ in range(8):
        assert login(client, "kim@test.example").status_code == 302
        client.post("/logga-ut")


def test_inactive_user_cannot_log_in(client, area):
    user = make_user("kim@test.example", samordnare=area)
    user.active = False
    db.session.commit()
    assert login(client, "kim@test.example").status_code == 400


def test_role_covers_subtree_only(app):
    kommun = make_area("K", kind="kommun")
    norr = make_area("N", parent=kommun)
    other = make_area("Annan")
    user = make_user(samordnare=norr)
    assert permissions.has_role(user, {"samordnare"}, norr)
    assert not permissions.has_role(user, {"samordnare"}, kommun)
    assert not permissions.has_role(user, {"samordnare"}, other)
    assert not permissions.has_role(user, {"polis"}, norr)
    assert permissions.has_role(user, {"samordnare"})
    deeper = make_area("D", parent=norr)
    assert permissions.has_role(user, {"samordnare", "polis"}, deeper)


def test_session_cookie_settings(app, client, area):
    make_user("kim@test.example", samordnare=area)
    db.session.commit()
    cookie = login(client, "kim@test.example").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_users_cli(app, area):
    runner = app.test_cli_runner()
    result = runner.invoke(
        users_cli, ["create", "Ny@Test.example", "--name", "Ny", "--password", "langt-losenord"]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(users_cli, ["grant", "ny@test.example", "polis", "norr"])
    assert result.exit_code == 0 and "polis på Norr" in result.output
    user = db.session.scalar(db.select(User).where(User.email == "ny@test.example"))
    assert [(g.role, g.area.slug) for g in user.grants] == [("polis", "norr")]
    result = runner.invoke(users_cli, ["set-password", "ny@test.example", "--password", "kort"])
    assert result.exit_code != 0 and "minst 10 tecken" in result.output
    assert runner.invoke(users_cli, ["grant", "ny@test.example", "polis", "saknas"]).exit_code != 0
    assert (
        runner.invoke(
            users_cli, ["create", "ny@test.example", "--password", "langt-losenord"]
        ).exit_code
        != 0
    )
    actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert {"user.create", "user.grant"} <= actions


def test_audit_log_records_logins_and_is_admin_only(client, area, login_as):
    make_user("kim@test.example", samordnare=area)
    db.session.commit()
    login(client, "kim@test.example")
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "user.login")).one()
    assert entry.actor == "kim@test.example" and entry.object_type == "User"
    assert client.get("/hantera/logg").status_code == 403
    client.post("/logga-ut")
    login_as("admin", area)
    html = client.get("/hantera/logg?action=user.").get_data(as_text=True)
    assert "kim@test.example" in html and "user.login" in html


def test_csrf_is_enforced_when_enabled(app, area):
    from portal import create_app
    from tests.conftest import app_config

    strict = create_app(app_config(app.config["SQLALCHEMY_DATABASE_URI"], WTF_CSRF_ENABLED=True))
    response = strict.test_client().post(
        "/logga-in", data={"email": "a@b.example", "password": "x"}
    )
    assert response.status_code == 400
    assert "Formuläret hade gått ut" in response.get_data(as_text=True)
