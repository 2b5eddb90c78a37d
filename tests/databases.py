"""Test databases: SQLite files, or PostgreSQL databases when PORTAL_TEST_DATABASE_URL is set.

Each pytest-xdist worker gets its own databases (``<base>_<worker>_<purpose>``) so legs can run
in parallel without seeing each other's rows.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get("PORTAL_TEST_DATABASE_URL", "").strip()
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


def using_postgres() -> bool:
    return bool(POSTGRES_URL)


def _admin_execute(statement: str) -> None:
    import psycopg

    url = make_url(POSTGRES_URL)
    with psycopg.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password,
        dbname=url.database or "postgres",
        autocommit=True,
    ) as conn:
        conn.execute(statement)


def fresh_database_url(purpose: str, folder: Path) -> str:
    """An empty database for ``purpose`` (e.g. "unit", "live", "migrations")."""
    if not using_postgres():
        path = folder / f"{purpose}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    url = make_url(POSTGRES_URL)
    name = f"{url.database}_{WORKER}_{purpose}".lower()
    _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin_execute(f'CREATE DATABASE "{name}"')
    return url.set(drivername="postgresql+psycopg", database=name).render_as_string(
        hide_password=False
    )


def drop_database(url: str) -> None:
    if using_postgres():
        _admin_execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
