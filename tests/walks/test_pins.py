"""Pinning during a walk: the time window, the offline grace, idempotency, the pin page."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from portal.extensions import db
from portal.map import reports
from portal.map import vocab as place_vocab
from portal.map.models import Observation
from portal.timeutil import utcnow
from portal.walks import pins, services, vocab
from portal.walks.models import WalkPin
from tests.walks.conftest import NORR, OUTSIDE, SODER, join, make_walk, part, participant_cookie

GRACE = timedelta(hours=12)

# --- the time window ----------------------------------------------------------------------


def test_window(walk):
    opens, closes = walk.pin_opens, walk.pin_closes
    assert pins.window_problem(walk, opens - timedelta(seconds=1)) == "early"
    assert pins.window_problem(walk, opens) is None
    assert pins.window_problem(walk, closes) is None
    assert pins.window_problem(walk, closes + timedelta(seconds=1)) == "closed"


def test_offline_pins_made_in_the_window_may_arrive_late(walk):
    made = walk.pin_closes - timedelta(minutes=5)
    later = walk.pin_closes + timedelta(hours=2)
    assert pins.window_problem(walk, later, pinned_at=made, grace=GRACE) is None
    # … but not after the grace period,
    assert (
        pins.window_problem(
            walk, walk.pin_closes + GRACE + timedelta(minutes=1), pinned_at=made, grace=GRACE
        )
        == "closed"
    )
    # nor when made outside the window,
    assert (
        pins.window_problem(
            walk, later, pinned_at=walk.pin_closes + timedelta(minutes=1), grace=GRACE
        )
        == "closed"
    )
    # nor when "made" in the future,
    assert (
        pins.window_problem(walk, later, pinned_at=later + timedelta(hours=1), grace=GRACE)
        == "closed"
    )
    # nor without a grace period.
    assert pins.window_problem(walk, later, pinned_at=made) == "closed"


def test_a_cancelled_walk_takes_no_pins(walk, leader):
    services.set_cancelled(leader, walk, True)
    assert pins.window_problem(walk, utcnow()) == "cancelled"


def test_time_of_day_and_kind_of_day_come_from_the_walk(walk, leader, area):
    zone = "Europe/Stockholm"
    friday_evening = datetime(2026, 5, 15, 18, 30, tzinfo=UTC)  # 20:30 local
    saturday_night = datetime(2026, 5, 16, 22, 30, tzinfo=UTC)  # 00:30 local, Sunday
    assert pins.times_for(walk, friday_evening, zone) == (place_vocab.KVALL, place_vocab.VARDAG)
    assert pins.times_for(walk, saturday_night, zone) == (place_vocab.NATT, place_vocab.HELG)
    walk.light = vocab.DAGSLJUS
    assert pins.times_for(walk, friday_evening, zone)[0] == place_vocab.DAG


# --- storing ------------------------------------------------------------------------------


def pin(walk, participant, category, **overrides):
    values = {
        "category": category,
        "description": "Mörkt",
        "now": utcnow(),
        "lon": NORR[0],
        "lat": NORR[1],
    }
    values.update(overrides)
    observation = pins.add_pin(walk, participant, **values)
    db.session.commit()
    return observation


def test_a_pin_is_a_place_observation_from_the_walk(walk, cats):
    participant, _ = join(walk, "Kim")
    observation = pin(walk, participant, cats["belysning"])
    assert observation.source == place_vocab.WALK
    assert observation.walk_id == walk.id
    assert observation.positioned
    place = observation.place
    assert place.status == place_vocab.NY and not place.published
    assert observation.review_state == place_vocab.REVIEW_NEW  # in the moderation queue
    (row,) = pins.walk_pins(walk)
    assert row.display_name == "Kim" and row.number == 1


def test_positive_observations_are_always_possible(leader, area, cats):
    walk = make_walk(leader, area, categories=[cats["belysning"]])
    choosable = {c.slug for c in services.choosable_categories(walk)}
    assert choosable == {"belysning", "tryggt"}
    participant, _ = join(walk)
    good = pin(walk, participant, cats["tryggt"], description="Upplyst och bra")
    assert good.place.category.positive
    with pytest.raises(pins.PinError) as caught:
        pin(walk, participant, cats["klotter"])
    assert caught.value.code == "category"


def test_the_non_map_path_places_the_pin_at_the_chosen_part(walk, cats, area):
    participant, _ = join(walk)
    soder = part(area, "Söder")
    observation = pin(
        walk,
        participant,
        cats["belysning"],
        lon=None,
        lat=None,
        area=soder,
        location_text="Vid skolan",
    )
    assert not observation.positioned
    assert observation.place.area_id == soder.id
    assert observation.place.needs_positioning
    assert observation.location_text == "Vid skolan"


def test_the_non_map_path_stays_in_the_walk_area(leader, area, cats):
    norr, soder = part(area, "Norr"), part(area, "Söder")
    walk = make_walk(leader, norr)
    participant, _ = join(walk)
    with pytest.raises(pins.PinError) as caught:
        pin(walk, participant, cats["belysning"], lon=None, lat=None, area=soder)
    assert caught.value.code == "area"


def test_a_point_outside_every_area_is_refused(walk, cats):
    participant, _ = join(walk)
    with pytest.raises(reports.ReportError):
        pin(walk, participant, cats["belysning"], lon=OUTSIDE[0], lat=OUTSIDE[1])


def test_no_pins_outside_the_window(leader, area, cats):
    walk = make_walk(leader, area, starts_in=timedelta(days=2))
    participant, _ = join(walk)
    with pytest.raises(pins.PinError) as caught:
        pin(walk, participant, cats["belysning"])
    assert caught.value.code == "early"


def test_the_same_key_stores_one_observation(walk, cats):
    participant, _ = join(walk)
    first = pin(walk, participant, cats["belysning"], client_key="k" * 32)
    again = pin(
        walk, participant, cats["belysning"], client_key="k" * 32, lon=SODER[0], lat=SODER[1]
    )
    assert again.id == first.id
    assert pins.observation_count(walk) == 1
    assert pins.pin_count(walk) == 1


def test_a_retry_after_the_window_returns_the_stored_pin(walk, cats):
    participant, _ = join(walk)
    first = pin(walk, participant, cats["belysning"], client_key="r" * 32)
    late = pin(
        walk,
        participant,
        cats["belysning"],
        client_key="r" * 32,
        now=walk.pin_closes + timedelta(days=2),
    )
    assert late.id == first.id


def test_a_key_from_elsewhere_is_refused(walk, cats, leader, area):
    other = make_walk(leader, area)
    reports.create_report(
        category=cats["belysning"],
        description="x",
        time_of_day="kvall",
        day_kind="vardag",
        lon=NORR[0],
        lat=NORR[1],
        client_key="e" * 32,
    )
    participant, _ = join(other)
    with pytest.raises(pins.PinError) as caught:
        pin(other, participant, cats["belysning"], client_key="e" * 32)
    assert caught.value.code == "key"


def test_a_pin_without_its_walk_pin_row_gets_one_on_retry(walk, cats):
    """If the observation exists but its WalkPin does not (e.g. stored by an older client), a
    retry completes it rather than duplicating the observation."""
    participant, _ = join(walk)
    observation = pin(walk, participant, cats["belysning"], client_key="p" * 32)
    db.session.execute(db.delete(WalkPin))
    db.session.commit()
    again = pin(walk, participant, cats["belysning"], client_key="p" * 32)
    assert again.id == observation.id
    assert pins.pin_count(walk) == 1


# --- the pin page -------------------------------------------------------------------------


def joined_client(client, walk, name="Kim"):
    response = client.post(
        f"/vandring/{walk.join_code}", data={"consent": "y", "display_name": name}
    )
    assert response.status_code == 302
    return client


def form(chosen, point=NORR, **overrides):
    data = {"category": str(chosen.id), "description": "Trasig lampa", "client_key": "a1" * 16}
    if point:
        data["lon"], data["lat"] = str(point[0]), str(point[1])
    data.update(overrides)
    return data


def test_without_joining_the_pin_page_sends_you_to_join(client, walk):
    response = client.get(f"/vandring/{walk.join_code}/markera")
    assert response.headers["Location"] == f"/vandring/{walk.join_code}"
    response = client.post(
        f"/vandring/{walk.join_code}/markera", headers={"Accept": "application/json"}
    )
    assert response.status_code == 403
    assert response.get_json()["rejoin"] is True


def test_the_pin_page_has_a_map_and_a_non_map_path(client, walk):
    joined_client(client, walk)
    html = client.get(f"/vandring/{walk.join_code}/markera").get_data(as_text=True)
    assert 'id="pin-map"' in html and "hidden" in html  # the map appears with JavaScript
    assert 'name="area"' in html and 'name="location_text"' in html
    assert "Tryggt och trivsamt" in html
    assert "Du är med som Kim." in html
    assert 'name="client_key"' in html


def test_pinning_without_javascript(client, walk, cats):
    joined_client(client, walk)
    response = client.post(f"/vandring/{walk.join_code}/markera", data=form(cats["belysning"]))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/markera#mina-punkter")
    page = client.get(f"/vandring/{walk.join_code}/markera").get_data(as_text=True)
    assert "Platsen är sparad." in page
    assert "Trasig lampa" in page
    assert pins.observation_count(walk) == 1


def test_pinning_by_area_and_words(client, walk, cats, area):
    soder = part(area, "Söder")
    joined_client(client, walk)
    data = form(cats["belysning"], point=None, area=soder.slug, location_text="Vid skolan")
    response = client.post(f"/vandring/{walk.join_code}/markera", data=data)
    assert response.status_code == 302
    observation = db.session.scalar(db.select(Observation).where(Observation.walk_id == walk.id))
    assert observation.place.area_id == soder.id and not observation.positioned


def test_errors_keep_what_was_typed(client, walk, cats):
    joined_client(client, walk)
    data = form(cats["belysning"], point=None, description="Mörkt vid kiosken")
    response = client.post(f"/vandring/{walk.join_code}/markera", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert (
        '<p class="error-message" id="area-error">Markera platsen på kartan eller välj del av området.</p>'
        in html
    )
    assert "Mörkt vid kiosken" in html
    assert pins.observation_count(walk) == 0


def test_bad_coordinates_are_a_form_error(client, walk, cats):
    joined_client(client, walk)
    for lon, lat in (
        ("abc", "60.7"),
        ("17.1", ""),
        ("1e999", "60.7"),
        (str(OUTSIDE[0]), str(OUTSIDE[1])),
    ):
        data = form(cats["belysning"], lon=lon, lat=lat)
        assert client.post(f"/vandring/{walk.join_code}/markera", data=data).status_code == 400
    assert pins.observation_count(walk) == 0


def test_json_answers_for_the_offline_queue(client, walk, cats):
    joined_client(client, walk)
    url = f"/vandring/{walk.join_code}/markera"
    headers = {"Accept": "application/json"}
    first = client.post(url, data=form(cats["belysning"]), headers=headers)
    assert first.status_code == 201
    assert first.get_json()["ok"] is True and first.get_json()["duplicate"] is False
    again = client.post(url, data=form(cats["belysning"]), headers=headers)
    assert again.status_code == 200
    assert again.get_json() == {**first.get_json(), "duplicate": True}
    bad = client.post(
        url, data=form(cats["belysning"], category="", client_key="c3" * 16), headers=headers
    )
    assert bad.status_code == 400
    assert bad.get_json()["retry"] is False and "category" in bad.get_json()["errors"]
    assert pins.observation_count(walk) == 1


def test_the_queue_gets_a_fresh_csrf_token(client, walk):
    assert client.get(f"/vandring/{walk.join_code}/nyckel").status_code == 403
    joined_client(client, walk)
    response = client.get(f"/vandring/{walk.join_code}/nyckel")
    assert response.status_code == 200 and response.get_json()["csrf_token"]
    assert response.headers["Cache-Control"] == "private, no-store"


def test_a_late_offline_pin_is_accepted_with_its_time(client, leader, area, cats):
    walk = make_walk(leader, area, starts_in=timedelta(hours=-3), hours=1)  # window closed 1 h ago
    _participant, token = join(walk)
    participant_cookie(client, walk, token)
    url = f"/vandring/{walk.join_code}/markera"
    headers = {"Accept": "application/json"}
    made = (walk.pin_closes - timedelta(minutes=10)).isoformat()
    assert (
        client.post(url, data=form(cats["belysning"], pinned_at=made), headers=headers).status_code
        == 201
    )
    late = client.post(url, data=form(cats["belysning"], client_key="b2" * 16), headers=headers)
    assert late.status_code == 409
    assert late.get_json()["retry"] is False
    assert pins.observation_count(walk) == 1


def test_a_photo_goes_through_the_photo_pipeline(client, walk, cats, storage):
    joined_client(client, walk)
    image = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(image, "JPEG")
    data = form(cats["belysning"])
    data["photo"] = (io.BytesIO(image.getvalue()), "lampa.jpg")
    response = client.post(
        f"/vandring/{walk.join_code}/markera", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    observation = db.session.scalar(db.select(Observation).where(Observation.walk_id == walk.id))
    assert observation.photo_state == place_vocab.PHOTO_PENDING
    assert storage.exists(observation.photo_key) and storage.exists(observation.thumb_key)


def test_a_broken_photo_is_refused_and_nothing_stored(client, walk, cats, storage):
    joined_client(client, walk)
    data = form(cats["belysning"])
    data["photo"] = (io.BytesIO(b"not an image at all"), "lampa.jpg")
    response = client.post(
        f"/vandring/{walk.join_code}/markera", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "Filen är ingen bild som vi kan läsa." in response.get_data(as_text=True)
    assert pins.observation_count(walk) == 0


def test_honeypot_pin_is_not_stored(client, walk, cats):
    joined_client(client, walk)
    data = form(cats["belysning"], website="spam")
    response = client.post(
        f"/vandring/{walk.join_code}/markera", data=data, headers={"Accept": "application/json"}
    )
    assert response.status_code == 201
    assert pins.observation_count(walk) == 0


def test_closed_window_page(client, leader, area, cats):
    walk = make_walk(leader, area, starts_in=timedelta(hours=-3), hours=1)
    _participant, token = join(walk)
    participant_cookie(client, walk, token)
    html = client.get(f"/vandring/{walk.join_code}/markera").get_data(as_text=True)
    assert "Tiden för att markera platser under vandringen är slut." in html
    assert 'id="pin-form"' not in html
