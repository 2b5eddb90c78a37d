"""Who may do what with surveys: small boolean functions for views, templates and tests."""

from __future__ import annotations

from portal.areas.models import Area
from portal.auth.permissions import COORDINATORS, granted_areas, has_role

#: Samordnare and kommunpolis (and admins) build surveys, read results and moderate free text.
SURVEY_MANAGERS = COORDINATORS


def can_manage_surveys(user, area: Area | None = None) -> bool:
    """The survey list and "new survey" (``area=None``: on any area)."""
    return has_role(user, SURVEY_MANAGERS, area)


def can_manage_survey(user, survey) -> bool:
    """Edit, open, close, see results of, export and publish this survey."""
    return has_role(user, SURVEY_MANAGERS, survey.area)


def can_moderate(user, text_answer) -> bool:
    """Approve, reject or mask a free-text answer to a survey."""
    return has_role(user, SURVEY_MANAGERS, text_answer.survey.area)


def granted_areas_for_surveys(user) -> list[Area]:
    """Areas (with their subtrees) whose surveys the user manages."""
    return granted_areas(user, SURVEY_MANAGERS)
