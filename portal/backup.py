"""``flask backup DIR`` and ``flask restore DIR``: the database and uploaded photos.

SQLite: an online backup through SQLite's backup API (safe while the portal runs), plus
``uploads.tar.gz``. PostgreSQL: use the database's own tools (documented in the README):
``pg_dump -Fc "$DATABASE_URL" > portal.dump`` and ``pg_restore --clean -d "$DATABASE_URL" portal.dump``.
"""

from __future__ import annotations

import os
import sqlite3
import tarfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from portal.extensions import db

DATABASE_FILE = "portal.sqlite3"
UPLOADS_FILE = "uploads.tar.gz"
PAGES_PER_STEP = 256


def _sqlite_path() -> str:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite" or not url.database:
        raise click.ClickException(
            "flask backup copies SQLite databases. For PostgreSQL use pg_dump/pg_restore "
            "(see the README, section Backup)."
        )
    return url.database


def _uploads_dir() -> Path:
    return Path(
        current_app.config.get("UPLOAD_FOLDER") or Path(current_app.instance_path) / "uploads"
    )


def _copy(source: sqlite3.Connection, target: sqlite3.Connection, label: str) -> None:
    total = source.execute("PRAGMA page_count").fetchone()[0] or 1
    with click.progressbar(length=total, label=label) as bar:

        def progress(_status: int, remaining: int, pages: int) -> None:
            bar.update(pages - remaining - bar.pos)

        source.backup(target, pages=PAGES_PER_STEP, progress=progress)


@click.command("backup")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def backup_command(directory: Path) -> None:
    """Write the database and the uploaded photos to DIRECTORY."""
    path = _sqlite_path()
    directory.mkdir(parents=True, exist_ok=True)
    target_path = directory / DATABASE_FILE
    partial = target_path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(path) as source, sqlite3.connect(partial) as target:
        _copy(source, target, "Databas")
    os.replace(partial, target_path)
    uploads = _uploads_dir()
    with tarfile.open(directory / UPLOADS_FILE, "w:gz") as archive:
        if uploads.is_dir():
            archive.add(uploads, arcname="uploads")
    click.echo(f"Säkerhetskopia klar i {directory}.")


@click.command("restore")
@click.argument("directory", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the current data.")
@with_appcontext
def restore_command(directory: Path, yes: bool) -> None:
    """Replace the database and the uploaded photos with the backup in DIRECTORY."""
    path = _sqlite_path()
    source_path = directory / DATABASE_FILE
    if not source_path.is_file():
        raise click.ClickException(f"{source_path} saknas: det är ingen säkerhetskopia.")
    try:
        with sqlite3.connect(source_path) as check:
            healthy = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        healthy = False
    if not healthy:
        raise click.ClickException(f"{source_path} är skadad; inget återställdes.")
    if not yes:
        click.confirm("Allt nuvarande innehåll ersätts med säkerhetskopian. Fortsätta?", abort=True)
    db.session.remove()
    db.engine.dispose()
    with sqlite3.connect(source_path) as source, sqlite3.connect(path) as target:
        _copy(source, target, "Återställer")
    archive_path = directory / UPLOADS_FILE
    if archive_path.is_file():
        uploads = _uploads_dir()
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(uploads.parent, filter="data")
    click.echo("Återställningen är klar.")
