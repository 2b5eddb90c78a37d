"""Staff pages: queue, handling forms (each write audited), staff map, categories."""

from __future__ import annotations

from portal.auth.models import AuditEntry
from portal.extensions import db
from portal.map import vocab
from portal.map.models import Category, Observation, Place
from tests.factories import make_area
from tests.map.conftest import NORR, SODER, published, report


def audited(action: str) -> int:
    return db.session.scalar(
        db.select(db.func.count(AuditEntry.id)).where(AuditEntry.action == action)
    )


def other_area():
    return make_area("Annan kommun", kind="kommun", bbox=(14.0, 58.0, 14.3, 58.2))


def test_queue_lists_new_reports_in_my_areas(client, area, cats, login_as):
    mine = report(cats["belysning"], NORR, description="Lampan i min kommun")
    login_as("samordnare", area)
    html = client.get("/hantera/platser/").get_data(as_text=True)
    assert "Lampan i min kommun" in html and f"/hantera/platser/{mine.place_id}" in html
    login_as("polis", other_area())
    assert "Lampan i min kommun" not in client.get("/hantera/platser/").get_data(as_text=True)


def test_queue_filters(client, area, cats, login_as):
    norr = next(a for a in area.children if a.name == "Norr")
    report(cats["belysning"], None, area=norr, description="Utan karta")
    report(cats["narkotikahandel"], SODER, description="Han heter Kalle och langar")
    login_as("samordnare", area)
    placera = client.get("/hantera/platser/?visa=placera").get_data(as_text=True)
    assert "Utan karta" in placera and "langar" not in placera
    tips = client.get("/hantera/platser/?visa=tips").get_data(as_text=True)
    assert "langar" in tips and "Utan karta" not in tips
    assert client.get("/hantera/platser/?visa=konstig").status_code == 200


def test_moderate_and_publish_through_the_forms(client, area, cats, login_as):
    observation = report(cats["belysning"], SODER, description="Ring 0701234567, mörkt.")
    place_id, obs_id = observation.place_id, observation.id
    login_as("samordnare", area)
    page = client.get(f"/hantera/platser/{place_id}").get_data(as_text=True)
    assert "Ring 0701234567, mörkt." in page  # staff see the original
    assert "[telefonnummer borttaget]" in page  # and the masked proposal
    response = client.post(
        f"/hantera/platser/rapport/{obs_id}/granska",
        data={f"obs{obs_id}-public_text": "Mörkt, ring 0701234567"},
    )
    assert response.status_code == 302
    observation = db.session.get(Observation, obs_id)
    assert observation.review_state == "granskad"
    assert "0701234567" not in observation.public_text
    assert (
        client.post(f"/hantera/platser/{place_id}/publicera", data={"publicera": "ja"}).status_code
        == 302
    )
    assert db.session.get(Place, place_id).is_public
    assert client.get(f"/platser/{place_id}").status_code == 200
    assert audited("place.review") == 1 and audited("place.publish") == 1


def test_status_with_public_note_reaches_the_follow_page(client, area, cats, login_as):
    observation = report(cats["belysning"], SODER)
    place_id, code = observation.place_id, observation.follow_code
    login_as("polis", area)
    response = client.post(
        f"/hantera/platser/{place_id}/status",
        data={"status": "bedomd", "note": "Vi skickar en elektriker."},
    )
    assert response.status_code == 302
    assert "Vi skickar en elektriker." in client.get(f"/folj/{code}").get_data(as_text=True)
    assert audited("place.status") == 1


def test_no_action_without_reason_shows_the_error_next_to_the_field(client, area, cats, login_as):
    place = report(cats["belysning"], SODER).place
    login_as("samordnare", area)
    response = client.post(f"/hantera/platser/{place.id}/status", data={"status": "ingen_atgard"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Skriv ett offentligt skäl till att ingen åtgärd görs." in html
    assert 'id="reason-error"' in html
    bad = client.post(f"/hantera/platser/{place.id}/status", data={"status": "atgardad-nu"})
    assert bad.status_code == 400
    assert audited("place.status") == 0


def test_responsibility_position_and_merge_forms(client, area, cats, login_as, handler):
    norr = next(a for a in area.children if a.name == "Norr")
    place = report(cats["belysning"], None, area=norr).place
    target = published(cats["belysning"], handler, SODER)
    place_id, target_id = place.id, target.id
    login_as("samordnare", area)
    assert (
        client.post(
            f"/hantera/platser/{place_id}/ansvar",
            data={"responsible": "Trafikverket", "deadline": "2027-03-01"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"/hantera/platser/{place_id}/ansvar", data={"deadline": "i morgon"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            f"/hantera/platser/{place_id}/position", data={"lat": "60,70", "lon": "17.2"}
        ).status_code
        == 302
    )
    place = db.session.get(Place, place_id)
    assert (
        not place.needs_positioning and place.lat == 60.70 and place.responsible == "Trafikverket"
    )
    for bad in ({"lat": "abc", "lon": "17"}, {"lat": "57", "lon": "14"}, {"lat": "", "lon": ""}):
        assert client.post(f"/hantera/platser/{place_id}/position", data=bad).status_code == 400
    assert (
        client.post(f"/hantera/platser/{place_id}/sla-ihop", data={"target": "999999"}).status_code
        == 400
    )
    assert (
        client.post(f"/hantera/platser/{place_id}/sla-ihop", data={"target": "x"}).status_code
        == 400
    )
    assert (
        client.post(
            f"/hantera/platser/{place_id}/sla-ihop", data={"target": str(target_id)}
        ).status_code
        == 302
    )
    assert db.session.get(Place, place_id).merged_into_id == target_id
    assert audited("place.handling") == 1 and audited("place.position") == 1
    assert audited("place.merge") == 1


def test_merge_into_a_place_in_an_area_i_do_not_handle_is_refused(client, area, cats, login_as):
    norr = next(a for a in area.children if a.name == "Norr")
    soder = next(a for a in area.children if a.name == "Söder")
    mine = report(cats["belysning"], NORR).place
    theirs = report(cats["belysning"], SODER).place
    login_as("samordnare", norr)
    assert client.get(f"/hantera/platser/{theirs.id}").status_code == 403
    response = client.post(f"/hantera/platser/{mine.id}/sla-ihop", data={"target": str(theirs.id)})
    assert response.status_code == 400
    assert db.session.get(Place, mine.id).merged_into_id is None
    assert soder is not None


def test_split_and_photo_decision_and_text_forms(client, area, cats, login_as, handler):
    place = published(cats["belysning"], handler, SODER)
    second = report(cats["belysning"], SODER, attach_to=place)
    place_id, second_id = place.id, second.id
    login_as("samordnare", area)
    assert client.post(f"/hantera/platser/rapport/{second_id}/dela").status_code == 302
    assert db.session.get(Observation, second_id).place_id != place_id
    assert (
        client.post(
            f"/hantera/platser/rapport/{second_id}/bild", data={"decision": "approve"}
        ).status_code
        == 302
    )
    response = client.post(
        f"/hantera/platser/{place_id}/text",
        data={"public_description": "Mörkt vid Storgatan 12", "category": str(cats["klotter"].id)},
    )
    assert response.status_code == 302
    place = db.session.get(Place, place_id)
    assert place.category.slug == "klotter" and "Storgatan 12" not in place.public_description
    assert (
        client.post(f"/hantera/platser/{place_id}/text", data={"category": "x"}).status_code == 400
    )
    assert audited("place.split") == 1 and audited("place.edit") == 1


def test_staff_map_and_list_render(client, area, cats, login_as, handler):
    shown = published(cats["belysning"], handler, SODER)
    hidden = report(cats["klotter"], NORR, time_of_day=vocab.NATT).place
    login_as("polis", area)
    html = client.get("/hantera/platser/karta").get_data(as_text=True)
    assert "/hantera/platser/platser.geojson" in html and "/hantera/platser/rutnat.geojson" in html
    assert "Rapporter per kategori och tid på dygnet" in html
    listing = client.get("/hantera/platser/lista?publicerad=nej").get_data(as_text=True)
    assert f'"/hantera/platser/{hidden.id}"' in listing
    assert f'"/hantera/platser/{shown.id}"' not in listing


def test_categories_can_be_added_and_changed_by_admins(client, area, cats, login_as):
    login_as("admin", area)
    assert client.get("/hantera/platser/kategorier").status_code == 200
    response = client.post(
        "/hantera/platser/kategorier",
        data={
            "name_sv": "Hundbajs",
            "name_en": "Dog mess",
            "colour": "#AA3300",
            "icon": "skrap",
            "sort_order": "5",
            "active": "y",
        },
    )
    assert response.status_code == 302
    category = db.session.scalar(db.select(Category).where(Category.name_sv == "Hundbajs"))
    assert category.slug == "hundbajs" and category.colour == "#aa3300" and category.active
    bad = client.post("/hantera/platser/kategorier", data={"name_sv": "", "colour": "röd"})
    assert bad.status_code == 400
    response = client.post(
        f"/hantera/platser/kategorier/{category.id}",
        data={
            "name_sv": "Hundbajs",
            "name_en": "Dog poo",
            "colour": "#aa3300",
            "icon": "skrap",
            "sort_order": "5",
        },
    )
    assert response.status_code == 302
    category = db.session.get(Category, category.id)
    assert category.name_en == "Dog poo" and not category.active
    assert "Hundbajs" not in client.get("/platser/rapportera").get_data(as_text=True)
    assert audited("place_category.create") == 1 and audited("place_category.update") == 1


def test_categories_are_for_admins_only(client, area, cats, login_as):
    login_as("samordnare", area)
    assert client.get("/hantera/platser/kategorier").status_code == 403
