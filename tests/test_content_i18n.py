"""Content in several languages (portal/content_i18n.py): lookup, fallback, staleness, marking."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from markupsafe import Markup

from portal import content_i18n
from portal.extensions import db
from portal.map import categories
from portal.map.models import Category

EIGHT = {
    "sv": "Svenska",
    "en": "English",
    "ar": "العربية",
    "fa": "فارسی",
    "so": "Soomaali",
    "ti": "ትግርኛ",
    "fi": "suomi",
    "uk": "українська",
}


@pytest.fixture
def category(app):
    found = categories.create_category(
        "test",
        name_sv="Trasig belysning",
        name_en="Broken lighting",
        colour="#112233",
        icon="punkt",
    )
    db.session.commit()
    return found


@contextmanager
def visiting(app, **options):
    """A request with its own app context (and so its own locale), as in production."""
    with app.app_context(), app.test_request_context(**options):
        yield


def test_translation_in_the_visitors_language_else_swedish(category):
    assert category.set_translation("so", "name", "  Nal jaban  ")
    shown = content_i18n.localized(category, "name", "so")
    assert (shown.text, shown.lang, shown.fallback) == ("Nal jaban", "so", False)
    fallback = category.tr("name", "fi")
    assert (fallback.text, fallback.lang, fallback.fallback) == ("Trasig belysning", "sv", True)
    assert category.tr("name", "sv").fallback is False
    # English is the category's own name_en column (also edited on the category form)
    assert category.name("en") == "Broken lighting" and category.name("so") == "Nal jaban"
    assert category.name("fi") == "Trasig belysning"


def test_the_visitors_language_comes_from_the_locale(app, category, monkeypatch):
    monkeypatch.setitem(app.config, "LANGUAGES", dict(EIGHT))
    category.set_translation("fi", "name", "Rikkinäinen valaistus")
    with visiting(app, headers={"Cookie": "lang=fi"}):
        assert content_i18n.current_language() == "fi"
        assert category.tr("name").text == "Rikkinäinen valaistus"
    with visiting(app, headers={"Accept-Language": "ar"}):
        assert category.tr("name").marked == Markup('<span lang="sv">Trasig belysning</span>')
    with visiting(app):
        assert category.tr("name").text == "Trasig belysning"


def test_marking_fallback_text_with_its_language(category):
    fallback = category.tr("name", "ar")
    assert fallback.lang_attr == Markup(' lang="sv"')
    assert fallback.marked == Markup('<span lang="sv">Trasig belysning</span>')
    assert str(fallback) == "Trasig belysning" and bool(fallback)
    translated = category.tr("name", "en")
    assert translated.lang_attr == "" and translated.marked == "Broken lighting"
    category.name_sv = "<b>Farligt</b>"
    assert "&lt;b&gt;" in category.tr("name", "ar").marked  # always escaped


def test_an_out_of_date_translation_is_not_shown(category):
    category.set_translation("uk", "name", "Зламане освітлення")
    assert not category.translation_is_stale("uk", "name")
    category.name_sv = "Trasig eller saknad belysning"
    assert category.translation_is_stale("uk", "name")
    assert category.tr("name", "uk").text == "Trasig eller saknad belysning"
    assert category.stored_translation("uk", "name") == "Зламане освітлення"
    assert category.missing_in("uk")
    # saving the same text again, after checking it, makes it current
    assert category.set_translation("uk", "name", "Зламане освітлення")
    assert category.tr("name", "uk").text == "Зламане освітлення"
    assert not category.set_translation("uk", "name", "Зламане освітлення")


def test_removing_a_translation_leaves_no_trace(category):
    category.set_translation("ti", "name", "ዝተሰብረ መብራህቲ")
    assert category.set_translation("ti", "name", "")
    assert category.translations == {}
    assert not category.set_translation("ti", "name", "")
    with pytest.raises(ValueError):
        category.set_translation("sv", "name", "x")
    with pytest.raises(ValueError):
        category.set_translation("ti", "colour", "x")


def test_translations_survive_a_round_trip_through_the_database(category):
    category.set_translation("fa", "name", "روشنایی خراب")
    db.session.commit()
    db.session.expire_all()
    again = db.session.get(Category, category.id)
    assert again.tr("name", "fa").text == "روشنایی خراب"


def test_needs_note_only_when_something_is_shown_in_swedish(category):
    assert not content_i18n.needs_note([category], "sv")
    assert not content_i18n.needs_note([category], "en")
    assert content_i18n.needs_note([category], "so")
    category.set_translation("so", "name", "Nal jaban")
    assert not content_i18n.needs_note([category], "so")


def test_pick_for_language_dicts():
    texts = {"sv": "Hur trygg känner du dig?", "en": "How safe do you feel?"}
    assert content_i18n.pick(texts, "en").text == "How safe do you feel?"
    fallback = content_i18n.pick(texts, "ar")
    assert (fallback.text, fallback.lang, fallback.fallback) == (texts["sv"], "sv", True)
    assert content_i18n.pick({"en": "Only English"}, "fi").lang == "en"
    assert content_i18n.pick({}, "fi").text == ""


def test_translation_languages_are_the_configured_ones_but_swedish(app, monkeypatch):
    monkeypatch.setitem(app.config, "LANGUAGES", dict(EIGHT))
    with app.test_request_context():
        assert list(content_i18n.translation_languages()) == [
            "en",
            "ar",
            "fa",
            "so",
            "ti",
            "fi",
            "uk",
        ]
    assert content_i18n.text_direction("ar") == "rtl" and content_i18n.text_direction("so") == "ltr"


def test_form_and_progress_helpers(app, category):
    category.set_translation("so", "name", "Nal jaban")
    items = content_i18n.items_for(category, "so", {"name": "Namn"}, prefix="k")
    assert [i.key for i in items] == ["k_name"] and items[0].current == "Nal jaban"
    progress = content_i18n.progress(items, "so", "Soomaali")
    assert (progress.done, progress.total, progress.complete) == (1, 1, True)
    with app.test_request_context(method="POST", data={"k_name": "  Iftiin la'aan "}):
        form = content_i18n.form_for(items, meta={"csrf": False})
        assert form.validate()
        assert content_i18n.save(items, form) == ["k_name"]
    assert category.tr("name", "so").text == "Iftiin la'aan"
    category.name_sv = ""
    assert content_i18n.items_for(category, "so", {"name": "Namn"}, prefix="k") == []
