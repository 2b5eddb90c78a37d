"""Staff accounts and role grants. Services flush; the caller commits."""

from __future__ import annotations

import secrets

from werkzeug.security import check_password_hash, generate_password_hash

from portal.areas.models import Area
from portal.auth import audit
from portal.auth.models import ROLES, RoleGrant, User
from portal.extensions import db
from portal.timeutil import utcnow

MIN_PASSWORD_LENGTH = 10

# Verified against when the e-mail is unknown, so a failed login takes the same time either way.
_DUMMY_HASH = generate_password_hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """A request about accounts that cannot be carried out; the message says why."""


def normalize_email(email: str) -> str:
    return email.strip().lower()


def get_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == normalize_email(email)))


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Lösenordet måste ha minst {MIN_PASSWORD_LENGTH} tecken.")


def create_user(
    email: str, name: str, password: str, *, organisation: str | None = None, actor=None
) -> User:
    email = normalize_email(email)
    if "@" not in email:
        raise AccountError(f"'{email}' är ingen e-postadress.")
    if get_by_email(email):
        raise AccountError(f"Det finns redan ett konto för {email}.")
    check_password_strength(password)
    user = User(email=email, name=name.strip() or email, organisation=organisation)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user.create", user)
    return user


def set_password(user: User, password: str, *, actor=None) -> None:
    check_password_strength(password)
    user.set_password(password)
    audit.record(actor, "user.set_password", user)


def grant_role(user: User, role: str, area: Area, *, actor=None) -> RoleGrant:
    if role not in ROLES:
        raise AccountError(f"Okänd roll '{role}'; välj en av {', '.join(ROLES)}.")
    for grant in user.grants:
        if grant.role == role and grant.area_id == area.id:
            return grant
    grant = RoleGrant(user=user, role=role, area=area)
    db.session.add(grant)
    db.session.flush()
    audit.record(actor, "user.grant", user, area=area, detail={"role": role})
    return grant


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None (in constant-ish time).

    Only the password is checked; :func:`complete_login` records the sign-in once every factor
    has been given.
    """
    user = get_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def complete_login(user: User) -> None:
    user.last_login_at = utcnow()
    audit.record(user, "user.login", user, detail={"two_factor": user.has_two_factor})
