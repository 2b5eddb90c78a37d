"""Two-factor sign-in with TOTP (RFC 6238) and one-time recovery codes.

Required for the roles in ``TWO_FACTOR_REQUIRED_ROLES`` (those who can read unmoderated input)
wherever ``TWO_FACTOR_ENFORCED`` is on (by default: in production).
"""

from __future__ import annotations

import secrets
import time

import pyotp
import segno
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from portal.auth import audit
from portal.auth.models import User
from portal.timeutil import utcnow

ISSUER = "Trygghetsportalen"
RECOVERY_CODE_COUNT = 10


def enforced() -> bool:
    setting = current_app.config.get("TWO_FACTOR_ENFORCED")
    return current_app.config["ENV"] == "production" if setting is None else bool(setting)


def required_for(user: User) -> bool:
    """Whether this user must use two-factor sign-in here."""
    roles = set(current_app.config["TWO_FACTOR_REQUIRED_ROLES"])
    return enforced() and any(grant.role in roles for grant in user.grants)


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The enrolment QR code as an SVG data URI (no external service)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, dark="#1b1f24")


def _matching_step(secret: str, code: str, at: float | None = None) -> int | None:
    """The 30-second step the code belongs to (±1 step for clock drift), or None."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = at if at is not None else time.time()
    for offset in (0, -1, 1):
        moment = now + offset * totp.interval
        if secrets.compare_digest(totp.at(moment), code):
            return int(moment // totp.interval)
    return None


def verify_code(user: User, code: str) -> bool:
    """A current TOTP code not used before, or an unused recovery code (then spent)."""
    if user.totp_secret:
        step = _matching_step(user.totp_secret, code)
        if step is not None and (user.totp_last_step is None or step > user.totp_last_step):
            user.totp_last_step = step
            return True
    return _spend_recovery_code(user, code)


def _normalise(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _spend_recovery_code(user: User, code: str) -> bool:
    wanted = _normalise(code)
    if len(wanted) != 10:
        return False
    for stored in list(user.recovery_codes or []):
        if check_password_hash(stored, wanted):
            user.recovery_codes = [c for c in user.recovery_codes if c != stored]
            audit.record(user, "user.2fa_recovery_code_used", user)
            return True
    return False


def new_recovery_codes(user: User) -> list[str]:
    """Fresh codes (shown once); only their hashes are kept."""
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODE_COUNT)]
    user.recovery_codes = [
        generate_password_hash(code, method="pbkdf2:sha256:60000") for code in codes
    ]
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def enable(user: User, secret: str, code: str) -> list[str] | None:
    """Turn two-factor on if ``code`` matches ``secret``; returns the recovery codes."""
    step = _matching_step(secret, code)
    if step is None:
        return None
    user.totp_secret = secret
    user.totp_last_step = step
    user.totp_enabled_at = utcnow()
    audit.record(user, "user.2fa_enable", user)
    return new_recovery_codes(user)


def disable(user: User, actor: User | str | None) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.recovery_codes = None
    audit.record(actor, "user.2fa_disable", user)
