"""URL converters: path ids that fit the database's integer columns."""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map

#: The largest value of a 32-bit signed ``INTEGER`` column (PostgreSQL's ``integer``).
MAX_DB_INTEGER = 2**31 - 1


class DatabaseIntegerConverter(IntegerConverter):
    """``<int:…>`` that refuses ids no row can have, so they are a 404 and never reach SQL.

    PostgreSQL raises "integer out of range" for ``WHERE id = 2147483648``; without this bound a
    visitor could turn any detail page into a 500.
    """

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_DB_INTEGER)
        super().__init__(map, *args, **kwargs)


def init_app(app) -> None:
    """Install the bounded converter before any blueprint adds its rules."""
    app.url_map.converters["int"] = DatabaseIntegerConverter
