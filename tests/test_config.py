"""Configuration order and the production guard."""

import pytest

from portal import create_app
from portal.config import ConfigurationError


def test_environment_overrides_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    monkeypatch.setenv("PORTAL_DISCLOSURE_MINIMUM", "7")
    monkeypatch.setenv("PORTAL_ORGANISATION_NAME", "Gävle kommun")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/x.db"
    assert app.config["DISCLOSURE_MINIMUM"] == 7
    assert app.config["ORGANISATION_NAME"] == "Gävle kommun"


def test_explicit_overrides_win(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_PAGE_SIZE", "10")
    app = create_app({"PAGE_SIZE": 3, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/y.db"})
    assert app.config["PAGE_SIZE"] == 3


def test_default_database_is_sqlite_in_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/portal.sqlite3")


@pytest.mark.parametrize("secret", [None, "short", "dev-only-not-secret"])
def test_production_refuses_without_real_secret_key(monkeypatch, tmp_path, secret):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/p.db")
    if secret:
        monkeypatch.setenv("SECRET_KEY", secret)
    else:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app()


def test_production_starts_with_real_secret_and_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/p.db")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_sqlite_uses_wal_and_busy_timeout(app):
    from portal.extensions import db

    with app.app_context(), db.engine.connect() as conn:
        if conn.dialect.name != "sqlite":  # the pragmas must leave PostgreSQL alone
            level = conn.exec_driver_sql("SHOW transaction_isolation").scalar()
            assert level == "read committed"
            return
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_proxy_fix_trusts_exactly_the_configured_proxies(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/z.db", "PROXY_COUNT": 1})

    @app.route("/whoami")
    def whoami():
        from flask import request

        return f"{request.remote_addr} {request.scheme}"

    response = app.test_client().get(
        "/whoami",
        headers={"X-Forwarded-For": "203.0.113.9, 198.51.100.7", "X-Forwarded-Proto": "https"},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )
    assert response.get_data(as_text=True) == "198.51.100.7 https"
