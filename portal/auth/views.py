"""Login, logout, the staff start page and the audit log."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from portal.areas import services as area_services
from portal.auth import audit, permissions, services, twofactor
from portal.auth.forms import CodeForm, LoginForm
from portal.auth.guard import require, staff_blueprint
from portal.auth.menu import staff_links
from portal.auth.models import AuditEntry, User
from portal.extensions import db, limiter
from portal.pagination import paginate
from portal.safe_redirect import safe_local_path

bp = Blueprint("auth", __name__, template_folder="templates")
PENDING_USER = "2fa_user_id"
PENDING_NEXT = "2fa_next"
staff = staff_blueprint("staff", __name__, template_folder="templates")


def _login_failed(response) -> bool:
    """Count only failed attempts (the form shown again) against the limits."""
    return request.method == "POST" and response.status_code != 302


def _account_key() -> str:
    return "login:" + services.normalize_email(request.form.get("email", ""))


@bp.route("/logga-in", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_CLIENT"],
    methods=["POST"],
    deduct_when=_login_failed,
    scope="login-client",
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_login_failed,
    scope="login-account",
)
def login():
    """Staff sign-in. ``next`` may only point back into the portal."""
    form = LoginForm()
    fallback = url_for("staff.dashboard")
    if current_user.is_authenticated:
        return redirect(safe_local_path(request.args.get("next"), fallback))
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None and user.has_two_factor:
            session[PENDING_USER] = user.id
            session[PENDING_NEXT] = safe_local_path(form.next.data, fallback)
            return redirect(url_for("auth.two_factor"))
        if user is not None:
            return _finish_login(user, safe_local_path(form.next.data, fallback))
        form.password.errors = [*form.password.errors, _("Fel e-postadress eller lösenord.")]
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


def _finish_login(user, target: str):
    services.complete_login(user)
    login_user(user)
    db.session.commit()
    flash(_("Du är inloggad."), "success")
    return redirect(target)


def _pending_key() -> str:
    return f"2fa:{session.get(PENDING_USER, '')}"


@bp.route("/logga-in/kod", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_pending_key,
    methods=["POST"],
    deduct_when=_login_failed,
    scope="login-2fa",
)
def two_factor():
    """Second step of the sign-in: the code from the authenticator app (or a recovery code)."""
    user = db.session.get(User, session.get(PENDING_USER) or 0)
    if user is None or not user.active:
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if twofactor.verify_code(user, form.code.data):
            target = session.pop(PENDING_NEXT, url_for("staff.dashboard"))
            session.pop(PENDING_USER, None)
            return _finish_login(user, target)
        form.code.errors = [
            *form.code.errors,
            _("Koden stämmer inte. Prova nästa kod som visas i appen."),
        ]
    status = 400 if request.method == "POST" else 200
    return render_template("auth/two_factor.html", form=form), status


@bp.route("/logga-ut", methods=["POST"])
def logout():
    """Sign out (POST, so a link on another site cannot sign anyone out)."""
    if current_user.is_authenticated:
        audit.record(
            current_user._get_current_object(), "user.logout", current_user._get_current_object()
        )
        db.session.commit()
    logout_user()
    flash(_("Du är utloggad."), "success")
    return redirect(url_for("pages.home"))


@staff.route("/")
def dashboard():
    """What the signed-in staff member can work on."""
    grants = sorted(current_user.grants, key=lambda g: (g.area.path, g.role))
    links = staff_links(current_app, current_user)
    return render_template("auth/dashboard.html", grants=grants, links=links)


@staff.route("/logg")
def audit_log():
    """The audit log, newest first: entries in the admin's areas (root admins: all)."""
    require(permissions.can_view_audit_log(current_user))
    area_ids: set[int] = set()
    admin_areas = permissions.granted_areas(current_user, {"admin"})
    for area in admin_areas:
        area_ids.update(area_services.subtree_ids(area))
    action = request.args.get("action", "").strip() or None
    in_scope = AuditEntry.area_id.in_(area_ids)
    if any(area.parent_id is None for area in admin_areas):  # admin of a whole tree
        in_scope = db.or_(in_scope, AuditEntry.area_id.is_(None))
    query = audit.entries_query(action=action).where(in_scope)
    page = paginate(query, request.args.get("page"), current_app.config["PAGE_SIZE"])
    return render_template("auth/audit_log.html", page=page, action=action or "")


SETUP_SECRET = "2fa_setup_secret"


@staff.route("/konto")
def account():
    """The signed-in user's account: two-factor status and recovery codes."""
    return render_template(
        "auth/account.html",
        required=twofactor.required_for(current_user),
        form=CodeForm(),
        codes_left=len(current_user.recovery_codes or []),
    )


@staff.route("/konto/tvafaktor", methods=["GET", "POST"])
def two_factor_setup():
    """Turn on two-factor sign-in: scan the QR code (or type the key) and confirm one code."""
    user = current_user._get_current_object()
    if user.has_two_factor:
        return redirect(url_for("staff.account"))
    secret = session.get(SETUP_SECRET) or twofactor.new_secret()
    session[SETUP_SECRET] = secret
    form = CodeForm()
    if form.validate_on_submit():
        codes = twofactor.enable(user, secret, form.code.data)
        if codes is not None:
            session.pop(SETUP_SECRET, None)
            db.session.commit()
            return render_template("auth/recovery_codes.html", codes=codes)
        form.code.errors = [
            *form.code.errors,
            _("Koden stämmer inte. Kontrollera att klockan i telefonen går rätt och prova igen."),
        ]
    uri = twofactor.provisioning_uri(user, secret)
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "auth/two_factor_setup.html", form=form, qr=twofactor.qr_svg(uri), secret=grouped
    ), status


@staff.route("/konto/tvafaktor/av", methods=["POST"])
def two_factor_disable():
    """Turn two-factor sign-in off (not possible where it is required); needs a current code."""
    user = current_user._get_current_object()
    form = CodeForm()
    if twofactor.required_for(user):
        flash(_("Tvåfaktorsinloggning krävs för dina roller och kan inte stängas av."), "error")
    elif form.validate_on_submit() and twofactor.verify_code(user, form.code.data):
        twofactor.disable(user, actor=user)
        db.session.commit()
        flash(_("Tvåfaktorsinloggningen är avstängd."), "success")
    else:
        flash(_("Koden stämmer inte; inget ändrades."), "error")
    return redirect(url_for("staff.account"))


@staff.route("/konto/aterstallningskoder", methods=["POST"])
def new_recovery_codes():
    """Replace the recovery codes (needs a current code); the new ones are shown once."""
    user = current_user._get_current_object()
    form = CodeForm()
    if (
        user.has_two_factor
        and form.validate_on_submit()
        and twofactor.verify_code(user, form.code.data)
    ):
        codes = twofactor.new_recovery_codes(user)
        audit.record(user, "user.2fa_new_recovery_codes", user)
        db.session.commit()
        return render_template("auth/recovery_codes.html", codes=codes)
    flash(_("Koden stämmer inte; inget ändrades."), "error")
    return redirect(url_for("staff.account"))
