"""Translations of the place categories' names (admins of a top-level area, like the categories).

Categories are few and short, so one page per language holds every category's name; English
is the category's ``name_en`` (also on the category form), other languages are in
``Category.translations`` (:mod:`portal.content_i18n`).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import content_i18n
from portal.auth import audit
from portal.auth.guard import require
from portal.extensions import db
from portal.map import categories as category_services
from portal.map import permissions
from portal.map.models import Category
from portal.map.staff_views import acting_user, staff


def _require_category_admin() -> None:
    require(permissions.can_configure_categories(current_user))


def _items(categories: list[Category], lang: str) -> list[content_i18n.Item]:
    found = []
    for category in categories:
        found += content_i18n.items_for(
            category,
            lang,
            {"name": category.name_sv},
            prefix=f"kategori{category.id}",
            max_lengths={"name": 120},
        )
    return found


@staff.route("/kategorier/oversattningar")
def category_translations():
    """How far the category names are translated, per language."""
    _require_category_admin()
    categories = category_services.all_categories()
    rows = [
        (
            content_i18n.progress(_items(categories, code), code, name),
            url_for(".translate_categories", lang=code),
            "",
        )
        for code, name in content_i18n.translation_languages().items()
    ]
    return render_template(
        "content_i18n/overview.html",
        heading=_("Översättningar av platskategorierna"),
        back_url=url_for(".categories"),
        back_label=_("Tillbaka till platskategorierna"),
        rows=rows,
        intro=_("Engelska namn kan också ändras på varje kategori."),
    )


@staff.route("/kategorier/oversattningar/<lang>", methods=["GET", "POST"])
def translate_categories(lang: str):
    """Every category's name in one language."""
    _require_category_admin()
    languages = content_i18n.translation_languages()
    if lang not in languages:
        abort(404)
    categories = category_services.all_categories()
    items = _items(categories, lang)
    form = content_i18n.form_for(items)
    if form.validate_on_submit():
        changed = set(content_i18n.save(items, form))
        for category in categories:
            if f"kategori{category.id}_name" in changed:
                audit.record(
                    acting_user(), "place_category.translate", category, detail={"lang": lang}
                )
        db.session.commit()
        flash(_("Översättningen är sparad."), "success")
        return redirect(url_for(".category_translations"))
    return render_template(
        "content_i18n/edit.html",
        heading=_("Platskategorier på %(language)s", language=languages[lang]),
        back_url=url_for(".category_translations"),
        back_label=_("Tillbaka till översättningarna"),
        form=form,
        grouped=content_i18n.groups(items),
        lang=lang,
        language_name=languages[lang],
        progress=content_i18n.progress(items, lang, languages[lang]),
        extra_fields=[],
    ), (400 if form.errors else 200)
