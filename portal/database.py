"""Engine-level settings that every connection gets."""

import random
import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from portal.extensions import db

T = TypeVar("T")

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


def is_busy(error: OperationalError) -> bool:
    """SQLite's "database is locked/busy": another writer won; running again is safe."""
    message = str(getattr(error, "orig", error)).lower()
    return "locked" in message or "busy" in message


def commit_retrying(work: Callable[[], T], attempts: int = 8) -> T:
    """Run ``work`` (writes through ``db.session``) and commit; run it again when SQLite was busy.

    SQLite lets one writer in at a time, and a transaction that read before another writer
    committed cannot take its turn (it fails at once, without waiting): it must start again. So
    concurrent residents' submissions are not turned away with a 503, the unit of work is rolled
    back and repeated a few times (it must be idempotent up to its commit). A busy database after
    the last attempt, or another database error, is raised after a rollback; any other exception
    propagates as it is.
    """
    for attempt in range(attempts):
        try:
            result = work()
            db.session.commit()
            return result
        except OperationalError as error:
            db.session.rollback()
            if attempt == attempts - 1 or not is_busy(error):
                raise
            time.sleep(0.02 * (2**attempt) * (0.5 + random.random()))
    raise AssertionError("unreachable")  # pragma: no cover
