"""Small factories for test data; each returns a flushed model."""

from __future__ import annotations

import itertools

from portal.areas import services as area_services
from portal.areas.models import Area
from portal.auth import services as auth_services
from portal.auth.models import User

_counter = itertools.count(1)

# A square around Gävle, lon/lat.
GAVLE = (17.10, 60.64, 17.20, 60.70)


def square(w: float, s: float, e: float, n: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}


def make_area(
    name: str | None = None,
    *,
    parent: Area | None = None,
    kind: str = "omrade",
    bbox: tuple[float, float, float, float] | None = GAVLE,
    population: dict | None = None,
) -> Area:
    number = next(_counter)
    return area_services.create_area(
        name or f"Område {number}",
        kind,
        parent=parent,
        geometry=square(*bbox) if bbox else None,
        population=population,
    )


def make_user(
    email: str | None = None, *, password: str = "korrekt-hast-batteri", **grants
) -> User:
    """A user; ``grants`` maps role → area (e.g. ``samordnare=area``)."""
    number = next(_counter)
    user = auth_services.create_user(
        email or f"user{number}@test.example", f"User {number}", password
    )
    for role, area in grants.items():
        auth_services.grant_role(user, role, area)
    return user
