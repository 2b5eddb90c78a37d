"""Place categories in several languages: admins translate the names; residents see them."""

from __future__ import annotations

import pytest

from portal.auth.models import AuditEntry
from portal.extensions import db
from portal.map import categories as category_services
from portal.map.models import Category
from tests.map.conftest import published
from tests.test_content_i18n import EIGHT


@pytest.fixture
def eight_languages(app, monkeypatch):
    monkeypatch.setitem(app.config, "LANGUAGES", dict(EIGHT))


def fresh(category: Category) -> Category:
    return db.session.get(Category, category.id)


def test_admin_translates_every_category_name_on_one_page(
    client, login_as, area, cats, eight_languages
):
    login_as("admin", area)
    overview = client.get("/hantera/platser/kategorier/oversattningar")
    assert overview.status_code == 200
    assert (
        "Soomaali" in overview.text
        and "/hantera/platser/kategorier/oversattningar/so" in overview.text
    )
    assert "Klar" in overview.text  # English: every category has name_en
    page = client.get("/hantera/platser/kategorier/oversattningar/so")
    assert page.status_code == 200
    lamp = cats["belysning"]
    field = f"kategori{lamp.id}_name"
    assert f'name="{field}"' in page.text and 'lang="so"' in page.text
    response = client.post(
        "/hantera/platser/kategorier/oversattningar/so", data={field: "Iftiin la'aan"}
    )
    assert response.status_code == 302
    assert fresh(lamp).tr("name", "so").text == "Iftiin la'aan"
    entries = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == "place_category.translate")
    ).all()
    assert [(e.object_id, e.detail) for e in entries] == [(str(lamp.id), {"lang": "so"})]


def test_english_is_the_name_en_of_the_category(client, login_as, area, cats):
    login_as("admin", area)
    lamp = cats["belysning"]
    response = client.post(
        "/hantera/platser/kategorier/oversattningar/en",
        data={f"kategori{lamp.id}_name": "Missing or broken lights"},
    )
    assert response.status_code == 302
    assert fresh(lamp).name_en == "Missing or broken lights"


def test_residents_see_their_language_or_swedish_marked_as_such(
    app, area, cats, handler, eight_languages
):
    lamp = cats["belysning"]
    lamp.set_translation("so", "name", "Iftiin la'aan")
    db.session.commit()
    place = published(lamp, handler)
    somali = app.test_client()
    somali.set_cookie("lang", "so")
    listing = somali.get("/platser/lista")
    assert "Iftiin la&#39;aan" in listing.text
    finnish = app.test_client()
    finnish.set_cookie("lang", "fi")
    listing = finnish.get("/platser/lista")
    assert f'<span lang="sv">{lamp.name_sv}</span>' in listing.text
    assert "content-fallback-note" in listing.text
    detail = finnish.get(f"/platser/{place.id}")
    assert f'<span lang="sv">{lamp.name_sv}</span>' in detail.text
    report = finnish.get("/platser/rapportera")
    assert f'<span lang="sv">{lamp.name_sv}</span>' in report.text
    assert "content-fallback-note" in report.text
    swedish = app.test_client().get("/platser/lista")
    assert "content-fallback-note" not in swedish.text
    assert f'<span lang="sv">{lamp.name_sv}</span>' not in swedish.text


def test_a_renamed_category_shows_swedish_until_the_translation_is_updated(
    client, login_as, area, cats, eight_languages
):
    lamp = cats["belysning"]
    lamp.set_translation("fa", "name", "روشنایی خراب")
    db.session.commit()
    category_services.update_category("test", fresh(lamp), name_sv="Belysning saknas")
    db.session.commit()
    assert fresh(lamp).tr("name", "fa").text == "Belysning saknas"
    login_as("admin", area)
    page = client.get("/hantera/platser/kategorier/oversattningar/fa")
    assert "Den svenska texten har ändrats" in page.text
    assert 'dir="rtl"' in page.text


def test_only_admins_of_a_top_level_area_translate_categories(client, login_as, area, cats):
    login_as("samordnare", area)
    assert client.get("/hantera/platser/kategorier/oversattningar").status_code == 403
    assert client.post("/hantera/platser/kategorier/oversattningar/en", data={}).status_code == 403
    login_as("admin", area)
    assert client.get("/hantera/platser/kategorier/oversattningar/xx").status_code == 404
    assert client.get("/hantera/platser/kategorier/oversattningar/sv").status_code == 404
    too_long = {f"kategori{cats['klotter'].id}_name": "x" * 121}
    assert (
        client.post("/hantera/platser/kategorier/oversattningar/en", data=too_long).status_code
        == 400
    )
