"""Engine-level settings that every connection gets."""

import sqlite3

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

_busy_timeout_ms = 10_000


def configure_sqlite(app: Flask) -> None:
    """Remember the busy timeout used by :func:`_sqlite_pragmas` for new connections."""
    global _busy_timeout_ms
    _busy_timeout_ms = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL mode, a busy timeout and foreign keys on every SQLite connection.

    pysqlite's own transaction handling is switched off (SQLAlchemy emits BEGIN in
    :func:`_sqlite_begin`), so SAVEPOINTs and transactional DDL behave as on PostgreSQL.
    """
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={_busy_timeout_ms:d}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN")
