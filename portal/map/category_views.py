"""The installation's place categories (admins of a top-level area)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.guard import require
from portal.extensions import db
from portal.map import categories as category_services
from portal.map import permissions, queries
from portal.map.models import Category
from portal.map.staff_forms import CategoryForm, icon_choices
from portal.map.staff_views import acting_user, staff

# --- categories ---------------------------------------------------------------------------


def _require_category_admin() -> None:
    require(permissions.can_configure_categories(current_user))


@staff.route("/kategorier", methods=["GET", "POST"])
def categories():
    """The installation's place categories, and a form for a new one."""
    _require_category_admin()
    form = CategoryForm()
    form.icon.choices = icon_choices()
    if form.validate_on_submit():
        category_services.create_category(
            acting_user(),
            name_sv=form.name_sv.data,
            name_en=form.name_en.data,
            colour=form.colour.data,
            icon=form.icon.data,
            positive=form.positive.data,
            active=form.active.data,
            sort_order=form.sort_order.data or 0,
        )
        db.session.commit()
        flash(_("Kategorin är skapad."), "success")
        return redirect(url_for("map_staff.categories"))
    return (
        render_template(
            "map/staff/categories.html",
            categories=category_services.all_categories(),
            form=form,
        ),
        400 if form.errors else 200,
    )


@staff.route("/kategorier/<int:category_id>", methods=["GET", "POST"])
def category(category_id: int):
    """Edit one category (name, colour, symbol, order, whether it can be chosen)."""
    _require_category_admin()
    found = queries.by_id(Category, category_id) or abort(404)
    form = CategoryForm(obj=found)
    form.icon.choices = icon_choices()
    if form.validate_on_submit():
        category_services.update_category(
            acting_user(),
            found,
            name_sv=form.name_sv.data,
            name_en=form.name_en.data,
            colour=form.colour.data,
            icon=form.icon.data,
            positive=form.positive.data,
            active=form.active.data,
            sort_order=form.sort_order.data or 0,
        )
        db.session.commit()
        flash(_("Kategorin är sparad."), "success")
        return redirect(url_for("map_staff.categories"))
    return (
        render_template("map/staff/category.html", category=found, form=form),
        400 if form.errors else 200,
    )
