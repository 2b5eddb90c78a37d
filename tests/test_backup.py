"""flask backup / flask restore bring back every record (on a SQLite file of the test's own)."""

from sqlalchemy import inspect as sa_inspect

from portal import create_app
from portal.backup import backup_command, restore_command
from portal.extensions import db
from tests.conftest import app_config
from tests.factories import make_area, make_user


def snapshot() -> dict[str, list[tuple]]:
    rows = {}
    for table in db.metadata.sorted_tables:
        if table.name in sa_inspect(db.engine).get_table_names():
            rows[table.name] = sorted(
                map(tuple, db.session.execute(table.select()).all()), key=repr
            )
    return rows


def test_backup_and_restore_bring_back_every_record(tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "photos").mkdir(parents=True)
    (uploads / "photos" / "a.webp").write_bytes(b"RIFF-photo")
    app = create_app(app_config(f"sqlite:///{tmp_path}/portal.sqlite3", UPLOAD_FOLDER=str(uploads)))
    runner = app.test_cli_runner()
    with app.app_context():
        db.create_all()
        kommun = make_area("Backupkommun", kind="kommun")
        make_area("Del", parent=kommun)
        make_user("b@test.example", samordnare=kommun)
        db.session.commit()
        before = snapshot()
        assert sum(len(r) for r in before.values()) >= 5

        result = runner.invoke(backup_command, [str(tmp_path / "backup")])
        assert result.exit_code == 0, result.output

        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        (uploads / "photos" / "a.webp").unlink()
        assert sum(len(r) for r in snapshot().values()) == 0

        result = runner.invoke(restore_command, [str(tmp_path / "backup"), "--yes"])
        assert result.exit_code == 0, result.output
        assert snapshot() == before
        assert (uploads / "photos" / "a.webp").read_bytes() == b"RIFF-photo"
        db.engine.dispose()


def test_restore_refuses_a_broken_backup(tmp_path):
    app = create_app(app_config(f"sqlite:///{tmp_path}/portal.sqlite3"))
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "portal.sqlite3").write_bytes(b"not a database at all" * 100)
    with app.app_context():
        result = app.test_cli_runner().invoke(restore_command, [str(tmp_path / "backup"), "--yes"])
    assert result.exit_code == 1 and "är skadad; inget återställdes" in result.output


def test_backup_explains_postgres(tmp_path):
    app = create_app(app_config("postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    result = app.test_cli_runner().invoke(backup_command, [str(tmp_path / "b")])
    assert result.exit_code != 0 and "pg_dump" in result.output
