"""Who may do what with EST reports and lägesbilder: small boolean functions."""

from __future__ import annotations

from portal.areas.models import Area
from portal.auth.permissions import COORDINATORS, has_role, is_staff

#: File EST reports: reporters, and coordinators who report themselves (e.g. the kommunpolis).
EST_REPORTERS = frozenset({"rapportor", *COORDINATORS})
#: Read the whole lägesbild (EST notes included), write the analysis and fastställ it.
LAGESBILD_ROLES = COORDINATORS
#: The EST pages at all: reporters and coordinators.
EST_ROLES = EST_REPORTERS


def can_use_est(user) -> bool:
    return has_role(user, EST_ROLES)


def can_report(user, area: Area | None = None) -> bool:
    """File an EST report for ``area`` (``None``: for some area)."""
    return has_role(user, EST_REPORTERS, area)


def can_read_report(user, report) -> bool:
    """The reporter themself, and coordinators of the report's area."""
    if report.reporter_id is not None and report.reporter_id == getattr(user, "id", None):
        return True
    return has_role(user, LAGESBILD_ROLES, report.area)


def can_follow_up_est(user, area: Area | None = None) -> bool:
    """See every report in ``area``, who has not reported, and import spreadsheets."""
    return has_role(user, LAGESBILD_ROLES, area)


def can_configure_checklist(user) -> bool:
    """The checklist is installation-wide: admins and samordnare of a top-level area."""
    return any(
        grant.role in {"admin", "samordnare"} and grant.area.parent_id is None
        for grant in (user.grants if is_staff(user) else [])
    )


def can_view_lagesbild(user, area: Area | None = None) -> bool:
    return has_role(user, LAGESBILD_ROLES, area)


def can_edit_analysis(user, area: Area) -> bool:
    """Samordnare and polis (and admins) write the analysis together."""
    return has_role(user, LAGESBILD_ROLES, area)


def can_fix(user, area: Area) -> bool:
    """Fastställ: freeze numbers, map and texts as a new version."""
    return has_role(user, LAGESBILD_ROLES, area)
