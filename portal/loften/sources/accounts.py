"""Staff accounts: the organisations of partner users (who can be made responsible)."""

from __future__ import annotations

from portal.areas import services as area_services
from portal.areas.models import Area
from portal.auth.models import RoleGrant, User
from portal.extensions import db


def partner_organisations(area: Area) -> list[str]:
    """Organisations of active partner users with a role in ``area``'s tree, sorted."""
    root = (area_services.ancestors(area)[:1] or [area])[0]
    query = (
        db.select(User.organisation)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .join(Area, RoleGrant.area_id == Area.id)
        .where(
            RoleGrant.role == "partner",
            User.active.is_(True),
            User.organisation.is_not(None),
            Area.path.startswith(root.path, autoescape=True),
        )
        .distinct()
    )
    return sorted({o.strip() for o in db.session.scalars(query) if o and o.strip()})
