"""Faults: the database going away gives a 503 with Retry-After, and the portal recovers by itself."""

from portal import create_app
from portal.extensions import db
from tests.conftest import app_config


def test_database_away_gives_503_then_recovers(tmp_path):
    folder = tmp_path / "not-yet"
    app = create_app(app_config(f"sqlite:///{folder}/portal.sqlite3"))
    client = app.test_client()
    response = client.get("/omraden")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    html = response.get_data(as_text=True)
    assert "Tjänsten är tillfälligt otillgänglig" in html and "Traceback" not in html
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["database"] == "unreachable"

    folder.mkdir()  # the database comes back
    with app.app_context():
        db.create_all()
    assert client.get("/omraden").status_code == 200
    assert client.get("/healthz").status_code == 200
    with app.app_context():
        db.engine.dispose()


def test_postgres_unreachable_gives_503_json_under_api(tmp_path):
    app = create_app(app_config("postgresql+psycopg://postgres@127.0.0.1:1/none"))

    @app.route("/api/probe")
    def probe():
        return {"n": db.session.scalar(db.text("SELECT 1"))}

    response = app.test_client().get("/api/probe")
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == 503
    assert response.headers["Retry-After"] == "30"
