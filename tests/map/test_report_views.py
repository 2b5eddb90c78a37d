"""The report form, receipt and follow pages through the real views."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.map import handling, vocab
from portal.map.models import Observation, Place
from tests.map.conftest import NORR, OUTSIDE, SODER, form_data, published, report


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count(model.id)))


def test_form_renders_with_the_map_and_the_non_map_path(client, area, cats):
    response = client.get("/platser/rapportera")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="report-map"' in html and "hidden" in html  # the map is shown by the script
    assert 'name="area"' in html and 'name="location_text"' in html
    assert "Ring 112 vid nödläge, 114 14 för att lämna tips till polisen." in html
    assert 'enctype="multipart/form-data"' in html
    assert "Tryggt och trivsamt" in html


def test_report_with_a_point_redirects_to_a_receipt_with_a_follow_code(client, area, cats):
    response = client.post("/platser/rapportera", data=form_data(cats["belysning"], SODER))
    assert response.status_code == 302
    observation = db.session.scalar(db.select(Observation))
    assert response.headers["Location"] == f"/platser/kvitto/{observation.follow_code}"
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    assert observation.display_code in receipt
    assert f"/folj/{observation.follow_code}" in receipt
    assert "Ring 112" not in receipt.split("<main")[1].split("</main>")[0]
    observation = db.session.get(Observation, observation.id)
    assert observation.place.area.name == "Söder"


def test_report_without_map_by_area_and_words(client, area, cats):
    data = form_data(cats["klotter"], None, area="norr", location_text="Gångtunneln vid skolan")
    assert client.post("/platser/rapportera", data=data).status_code == 302
    observation = db.session.scalar(db.select(Observation))
    assert observation.place.needs_positioning and observation.place.area.slug == "norr"
    assert observation.location_text == "Gångtunneln vid skolan"
    receipt = client.get(f"/platser/kvitto/{observation.follow_code}").get_data(as_text=True)
    assert "Vi placerar platsen på kartan utifrån din beskrivning." in receipt


def test_validation_errors_keep_what_was_typed(client, area, cats):
    data = form_data(cats["klotter"], None, description="Min text som inte får försvinna")
    data.pop("time_of_day")
    response = client.post("/platser/rapportera", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Min text som inte får försvinna" in html
    assert 'class="error-summary"' in html
    assert "Markera platsen på kartan eller välj ett område." in html
    assert "Välj när på dygnet." in html
    assert count(Observation) == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"lon": "abc", "lat": "60.7"},
        {"lon": "17.1", "lat": ""},
        {"lon": "nan", "lat": "nan"},
        {"lon": "1e400", "lat": "60"},
        {"lon": "17.1", "lat": "95"},
        {"category": "99999"},
        {"category": "x"},
        {"time_of_day": "morgon"},
        {"area": "finns-inte", "lon": "", "lat": ""},
        {"description": "x" * 2001},
        {"location_text": "y" * 301},
    ],
)
def test_bad_input_is_a_400_with_the_form_never_a_500(client, area, cats, changes):
    data = {**form_data(cats["klotter"]), **changes}
    response = client.post("/platser/rapportera", data=data)
    assert response.status_code == 400
    assert count(Observation) == 0


def test_a_point_outside_every_area_gets_a_clear_message(client, area, cats):
    response = client.post("/platser/rapportera", data=form_data(cats["klotter"], OUTSIDE))
    assert response.status_code == 400
    assert "ligger utanför de områden portalen gäller" in response.get_data(as_text=True)
    assert count(Place) == 0


def test_honeypot_stores_nothing(client, area, cats):
    data = form_data(cats["klotter"], website="http://spam.example")
    response = client.post("/platser/rapportera", data=data)
    assert response.status_code == 200
    assert count(Observation) == 0


def test_double_submit_stores_one_report(client, area, cats):
    data = form_data(cats["klotter"], client_key="a1b2c3d4e5f6a7b8")
    first = client.post("/platser/rapportera", data=data)
    second = client.post("/platser/rapportera", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert count(Observation) == 1


def test_anonymous_reports_are_rate_limited(app, client, area, cats, monkeypatch):
    monkeypatch.setitem(app.config, "REPORT_RATE_LIMIT", "2 per hour")
    codes = [
        client.post("/platser/rapportera", data=form_data(cats["klotter"])).status_code
        for _ in range(3)
    ]
    assert codes == [302, 302, 429]


def test_no_ip_address_or_user_agent_is_stored(client, area, cats):
    client.post(
        "/platser/rapportera",
        data=form_data(cats["klotter"]),
        environ_base={"REMOTE_ADDR": "203.0.113.77"},
        headers={"User-Agent": "Spionwebbläsare/1.0"},
    )
    observation = db.session.scalar(db.select(Observation))
    values = [str(getattr(observation, c.key)) for c in Observation.__table__.columns]
    values += [str(getattr(observation.place, c.key)) for c in Place.__table__.columns]
    assert not any("203.0.113.77" in v or "Spion" in v for v in values)


def test_emergency_text_shows_the_numbers_and_is_not_published(client, area, cats):
    data = form_data(cats["narkotikahandel"], description="Han som bor på trean säljer knark.")
    response = client.post("/platser/rapportera", data=data, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Ring 112 vid nödläge, 114 14 för att lämna tips till polisen." in html
    assert 'role="alert"' in html
    place = db.session.scalar(db.select(Place))
    assert place.public_description is None and not place.published


def test_nearby_place_of_the_same_category_is_offered_and_can_be_joined(
    client, area, cats, handler
):
    place = published(cats["belysning"], handler, NORR)
    near = (NORR[0], NORR[1] + 10 / 111_320)
    data = form_data(cats["belysning"], near, description="Lampan är fortfarande trasig.")
    response = client.post("/platser/rapportera", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Är det någon av de här platserna?" in html and f'value="{place.id}"' in html
    assert "Lampan är fortfarande trasig." in html
    joined = client.post("/platser/rapportera", data={**data, "attach_to": str(place.id)})
    assert joined.status_code == 302
    assert db.session.get(Place, place.id).observation_count == 2 and count(Place) == 1


def test_nearby_place_can_be_declined(client, area, cats, handler):
    published(cats["belysning"], handler, NORR)
    data = form_data(cats["belysning"], NORR, attach_to="ny")
    assert client.post("/platser/rapportera", data=data).status_code == 302
    assert count(Place) == 2


def test_attach_to_a_made_up_place_is_refused(client, area, cats, handler):
    published(cats["belysning"], handler, NORR)
    data = form_data(cats["belysning"], NORR, attach_to="123456")
    assert client.post("/platser/rapportera", data=data).status_code == 400


def test_nearby_fragment_for_the_script(client, area, cats, handler):
    place = published(cats["belysning"], handler, NORR)
    url = f"/platser/rapportera/nara?lon={NORR[0]}&lat={NORR[1]}&category={cats['belysning'].id}"
    response = client.get(url)
    assert response.status_code == 200 and f'value="{place.id}"' in response.get_data(as_text=True)
    other = f"/platser/rapportera/nara?lon={NORR[0]}&lat={NORR[1]}&category={cats['klotter'].id}"
    assert client.get(other).status_code == 204
    for bad in ("lon=x&lat=1&category=1", "lon=1&lat=2&category=0", "", "lon=500&lat=1&category=1"):
        assert client.get(f"/platser/rapportera/nara?{bad}").status_code == 400


def test_follow_page_shows_status_public_updates_and_masked_text(client, area, cats, handler):
    observation = report(cats["belysning"], description="Mörkt. Ring 0701234567.")
    handling.change_status(
        handler, observation.place, vocab.BEDOMD, note="Vi har tittat på platsen."
    )
    db.session.commit()
    response = client.get(f"/folj/{observation.follow_code}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Bedömd" in html and "Vi har tittat på platsen." in html
    assert "0701234567" not in html and "[telefonnummer borttaget]" in html


def test_follow_by_typing_the_code(client, area, cats):
    observation = report(cats["belysning"])
    typed = observation.display_code.lower()
    response = client.get(f"/folj?code={typed}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/folj/{observation.follow_code}"
    assert client.get("/folj?code=").status_code == 400
    assert client.get("/folj").status_code == 200


def test_unknown_code_is_a_friendly_404(client, area):
    response = client.get("/folj/AAAAAAAAA")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Koden hittades inte" in html and 'name="code"' in html
    assert client.get("/platser/kvitto/nope").status_code == 404
    assert client.get("/folj/" + "x" * 3000).status_code == 404


def test_follow_page_of_a_merged_report_shows_the_place_that_holds_it(client, area, cats, handler):
    target = published(cats["belysning"], handler, NORR)
    observation = report(cats["belysning"], SODER)
    handling.merge(handler, observation.place, target)
    handling.change_status(handler, target, vocab.BEDOMD, note="Sammanslagen och bedömd.")
    db.session.commit()
    html = client.get(f"/folj/{observation.follow_code}").get_data(as_text=True)
    assert "Sammanslagen och bedömd." in html
    assert f"/platser/{target.id}" in html


def test_signed_in_staff_report_as_staff_residents_stay_anonymous(client, login_as, area, cats):
    client.post("/platser/rapportera", data=form_data(cats["belysning"], SODER))
    resident = db.session.scalar(db.select(Observation))
    assert (resident.source, resident.reporter_id) == (vocab.RESIDENT, None)

    user = login_as("samordnare", area)
    data = form_data(cats["belysning"], NORR, client_key="staff-report-1")
    assert client.post("/platser/rapportera", data=data).status_code == 302
    staff = db.session.scalar(db.select(Observation).where(Observation.id != resident.id))
    assert (staff.source, staff.reporter_id) == (vocab.STAFF, user.id)
