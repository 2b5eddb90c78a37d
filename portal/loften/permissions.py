"""Who may do what with promises: small boolean functions for views, templates and tests.

Coordinators (admin, samordnare, polis) of a promise's own area write and publish it and may
post updates on every commitment. A ``partner`` user may post updates only on commitments
assigned to its organisation (``User.organisation``, compared without regard to case or
surrounding spaces), and only where its partner role covers one of the areas the promise applies
to (or lies within one of them).
"""

from __future__ import annotations

from portal.areas.models import Area
from portal.auth.permissions import COORDINATORS, has_role, is_staff
from portal.loften import vocab

PROMISE_MANAGERS = COORDINATORS
PARTNER = "partner"
#: Roles that see the promises' staff pages at all.
LOFTEN_ROLES = COORDINATORS | {PARTNER}


def can_use_loften(user) -> bool:
    return has_role(user, LOFTEN_ROLES)


def can_manage_promises(user, area: Area | None = None) -> bool:
    """Create promises (for ``area``; ``None``: anywhere)."""
    return has_role(user, PROMISE_MANAGERS, area)


def can_manage(user, promise) -> bool:
    """Edit, publish, review and link this promise's commitments."""
    return has_role(user, PROMISE_MANAGERS, promise.area)


def _same_organisation(a: str | None, b: str | None) -> bool:
    return bool(a and b and " ".join(a.split()).casefold() == " ".join(b.split()).casefold())


def _partner_covers(user, promise) -> bool:
    grants = [g for g in (user.grants if is_staff(user) else []) if g.role == PARTNER]
    return any(
        area.path.startswith(grant.area.path) or grant.area.path.startswith(area.path)
        for grant in grants
        for area in promise.all_areas
    )


def is_own_commitment(user, commitment) -> bool:
    """A partner commitment of the user's own organisation, in the user's partner areas."""
    return (
        commitment.party == vocab.PARTNER
        and _same_organisation(commitment.organisation, getattr(user, "organisation", None))
        and _partner_covers(user, commitment.promise)
    )


def can_post_update(user, commitment) -> bool:
    """Post a progress update on this commitment."""
    return can_manage(user, commitment.promise) or is_own_commitment(user, commitment)
