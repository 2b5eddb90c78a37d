"""The staff start page's links, contributed by each domain in :func:`portal.create_app`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import Flask

from portal.auth.permissions import has_role


@dataclass(frozen=True)
class StaffLink:
    endpoint: str
    label: str  # a lazy_gettext string
    roles: frozenset[str]


def add_staff_link(app: Flask, endpoint: str, label, roles: Iterable[str]) -> None:
    app.extensions.setdefault("staff_links", []).append(
        StaffLink(endpoint, label, frozenset(roles))
    )


def staff_links(app: Flask, user) -> list[StaffLink]:
    """The links this user may follow, in registration order."""
    return [link for link in app.extensions.get("staff_links", []) if has_role(user, link.roles)]
