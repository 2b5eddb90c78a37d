"""Staff page for the Open311 API keys (/hantera/api-nycklar): admins of a top-level area."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.api import keys, permissions
from portal.api.forms import NewKeyForm, RevokeForm
from portal.auth.guard import require, staff_blueprint
from portal.extensions import db

staff = staff_blueprint("api_keys", __name__, "/api-nycklar", template_folder="templates")


@staff.before_request
def _only_key_admins():
    require(permissions.can_manage_api_keys(current_user))


def _page(form: NewKeyForm, new_key: keys.NewKey | None = None, status: int = 200):
    return (
        render_template(
            "api/keys.html",
            form=form,
            revoke_form=RevokeForm(),
            api_keys=keys.all_keys(),
            new_key=new_key,
            required=current_app.config["OPEN311_API_KEY_REQUIRED"],
        ),
        status,
    )


@staff.route("/", methods=["GET", "POST"])
def index():
    """Every key (active first) and a form for a new one; a new key is shown once, here."""
    form = NewKeyForm()
    if form.validate_on_submit():
        made = keys.create_key(current_user, form.name.data)
        db.session.commit()
        body, status = _page(NewKeyForm(formdata=None), made)
        return body, status, {"Cache-Control": "no-store"}
    return _page(form, status=400 if form.errors else 200)


@staff.route("/<int:key_id>/aterkalla", methods=["POST"])
def revoke(key_id: int):
    """Revoke a key: requests that send it are refused from now on."""
    key = keys.get(key_id) or abort(404)
    form = RevokeForm()
    if not form.validate_on_submit():
        abort(400)
    if keys.revoke_key(current_user, key):
        db.session.commit()
        flash(_("Nyckeln %(prefix)s… är återkallad.", prefix=key.prefix), "success")
    return redirect(url_for("api_keys.index"))
