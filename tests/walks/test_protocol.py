"""The protocol: pins become points (places), staff edit them with the places machinery,
publish them, print and export them."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from portal.auth.models import AuditEntry
from portal.extensions import db
from portal.map import handling
from portal.map import vocab as place_vocab
from portal.map.models import Observation
from portal.timeutil import utcnow
from portal.walks import export, pins, protocol
from portal.walks.models import Walk, WalkPoint
from tests.walks.conftest import NORR, SODER, join

EAST = (17.25, 60.70)


def pinned(walk, cats, points=(NORR, SODER), slug="belysning"):
    participant, _ = join(walk)
    observations = [
        pins.add_pin(
            walk,
            participant,
            category=cats[slug],
            description=f"Punkt {i}",
            now=utcnow(),
            lon=p[0],
            lat=p[1],
        )
        for i, p in enumerate(points)
    ]
    db.session.commit()
    return observations


def save(actor, point, **overrides):
    place = point.current_place
    values = {
        "category": place.category,
        "public_description": "Trasig belysning längs gångvägen.",
        "responsible": "Kommunens tekniska förvaltning",
        "deadline": date(2026, 6, 30),
        "status": place.status,
        "reason": None,
        "note": None,
        "priority": "hog",
        "included": True,
    }
    values.update(overrides)
    masked = protocol.save_point(actor, point, **values)
    db.session.commit()
    return masked


def test_building_adds_one_point_per_place(walk, cats, coordinator):
    first, second = pinned(walk, cats)
    added = protocol.build(coordinator, walk)
    db.session.commit()
    assert [p.number for p in added] == [1, 2]
    assert [p.place_id for p in added] == [first.place_id, second.place_id]
    assert protocol.build(coordinator, walk) == []  # nothing new the second time
    third = pinned(walk, cats, points=(EAST,))[0]
    (added,) = protocol.build(coordinator, walk)
    assert added.number == 3 and added.place_id == third.place_id


def test_merged_pins_become_one_point(walk, cats, coordinator):
    first, second = pinned(walk, cats)
    handling.merge(coordinator, second.place, first.place)
    db.session.commit()
    (point,) = protocol.build(coordinator, walk)
    assert point.place_id == first.place_id


def test_rejected_places_are_left_out(walk, cats, coordinator):
    first, second = pinned(walk, cats)
    handling.change_status(coordinator, second.place, place_vocab.AVVISAD)
    (point,) = protocol.build(coordinator, walk)
    assert point.place_id == first.place_id


def test_saving_a_point_uses_the_place_machinery(walk, cats, coordinator):
    (observation,) = pinned(walk, cats, points=(NORR,))
    (point,) = protocol.build(coordinator, walk)
    db.session.commit()
    save(
        coordinator, point, status=place_vocab.PLANERAD, note="Beställt till maj.", priority="medel"
    )
    place = observation.place
    assert place.status == place_vocab.PLANERAD
    assert place.responsible == "Kommunens tekniska förvaltning"
    assert place.deadline == date(2026, 6, 30)
    assert place.public_description == "Trasig belysning längs gångvägen."
    assert point.priority == "medel"
    assert [u.note for u in place.updates] == ["Beställt till maj."]
    # The walk's reports are handled: out of the moderation queue, their raw text not public.
    assert observation.review_state == place_vocab.REVIEW_DONE
    assert observation.public_text is None
    actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert {"walk.point_update", "place.status", "place.handling", "place.edit"} <= actions


def test_the_follow_page_shows_what_the_protocol_says(client, walk, cats, coordinator):
    (observation,) = pinned(walk, cats, points=(NORR,))
    (point,) = protocol.build(coordinator, walk)
    save(coordinator, point, status=place_vocab.ATGARDAD, note="Lamporna är bytta.")
    html = client.get(f"/folj/{observation.follow_code}").get_data(as_text=True)
    assert "Lamporna är bytta." in html
    assert "Åtgärdad" in html


def test_no_action_needs_a_public_reason(walk, cats, coordinator):
    pinned(walk, cats, points=(NORR,))
    (point,) = protocol.build(coordinator, walk)
    db.session.commit()
    with pytest.raises(handling.HandlingError) as caught:
        save(coordinator, point, status=place_vocab.INGEN_ATGARD)
    assert caught.value.code == "reason_required"
    db.session.rollback()
    save(coordinator, point, status=place_vocab.INGEN_ATGARD, reason="Marken ägs av Trafikverket.")
    assert point.current_place.status_reason == "Marken ägs av Trafikverket."


def test_descriptions_are_masked(walk, cats, coordinator):
    pinned(walk, cats, points=(NORR,))
    (point,) = protocol.build(coordinator, walk)
    masked = save(coordinator, point, public_description="Ring 070-123 45 67 om lampan.")
    assert masked
    assert "070" not in point.current_place.public_description


def test_an_unknown_priority_is_refused(walk, cats, coordinator):
    pinned(walk, cats, points=(NORR,))
    (point,) = protocol.build(coordinator, walk)
    with pytest.raises(handling.HandlingError):
        save(coordinator, point, priority="akut")


def test_publishing_needs_every_point_ready(walk, cats, coordinator, area):
    pinned(walk, cats)
    first, second = protocol.build(coordinator, walk)
    save(coordinator, first)
    second.current_place.public_description = None
    db.session.commit()
    with pytest.raises(protocol.ProtocolError) as caught:
        protocol.publish(coordinator, walk)
    assert caught.value.problems == [(2, "no_description")]
    db.session.rollback()
    assert not walk.protocol_published
    assert not first.current_place.published
    # An excluded point does not hold the protocol back.
    save(coordinator, second, public_description="", included=False)
    assert protocol.publish(coordinator, walk) == 1
    db.session.commit()
    assert walk.protocol_published and first.current_place.is_public
    assert not second.current_place.published


def test_a_point_without_position_cannot_be_published(walk, cats, coordinator, area):
    participant, _ = join(walk)
    pins.add_pin(
        walk, participant, category=cats["belysning"], description="x", now=utcnow(), area=area
    )
    (point,) = protocol.build(coordinator, walk)
    save(coordinator, point)
    with pytest.raises(protocol.ProtocolError) as caught:
        protocol.publish(coordinator, walk)
    assert caught.value.problems == [(1, "needs_positioning")]


def published_walk(walk, cats, coordinator):
    observations = pinned(walk, cats)
    points = protocol.build(coordinator, walk)
    for point in points:
        save(coordinator, point)
    protocol.publish(coordinator, walk)
    db.session.commit()
    return observations, points


def test_the_public_page_updates_as_points_are_resolved(client, walk, cats, coordinator):
    _observations, points = published_walk(walk, cats, coordinator)
    first_id, second_id = (p.id for p in points)
    html = client.get(f"/vandringar/{walk.id}/protokoll").get_data(as_text=True)
    assert html.count('class="protocol-point') == 2
    assert "Ny" in html and "Åtgärdad" not in html
    save(
        coordinator, db.session.get(WalkPoint, first_id), status=place_vocab.ATGARDAD, note="Klart!"
    )
    html = client.get(f"/vandringar/{walk.id}/protokoll").get_data(as_text=True)
    assert "Åtgärdad" in html and "Klart!" in html
    # A point whose place is taken down disappears from the public page.
    second = db.session.get(WalkPoint, second_id)
    handling.set_published(coordinator, second.current_place, False)
    db.session.commit()
    html = client.get(f"/vandringar/{walk.id}/protokoll").get_data(as_text=True)
    assert html.count('class="protocol-point') == 1


def test_only_approved_photos_are_shown(client, walk, cats, coordinator):
    (observation, _other), _points = published_walk(walk, cats, coordinator)
    observation.photo_key, observation.thumb_key = "photos/aa/x.webp", "photos/aa/x-thumb.webp"
    observation.photo_state = place_vocab.PHOTO_PENDING
    db.session.commit()
    url = f"/platser/bild/{observation.id}/miniatyr"
    observation_id = observation.id
    assert url not in client.get(f"/vandringar/{walk.id}/protokoll").get_data(as_text=True)
    handling.set_photo_state(coordinator, db.session.get(Observation, observation_id), True)
    db.session.commit()
    assert url in client.get(f"/vandringar/{walk.id}/protokoll").get_data(as_text=True)


def test_unpublished_protocols_are_not_public(client, walk, cats, coordinator):
    walk_id = walk.id
    pinned(walk, cats)
    protocol.build(coordinator, walk)
    db.session.commit()
    for url in ("protokoll", "protokoll.csv", "protokoll.geojson"):
        assert client.get(f"/vandringar/{walk_id}/{url}").status_code == 404
    walk = db.session.get(Walk, walk_id)
    for point in protocol.points(walk):
        save(coordinator, point)
    protocol.publish(coordinator, walk)
    db.session.commit()
    assert client.get(f"/vandringar/{walk_id}/protokoll").status_code == 200
    protocol.unpublish(coordinator, db.session.get(Walk, walk_id))
    db.session.commit()
    assert client.get(f"/vandringar/{walk_id}/protokoll").status_code == 404


def test_csv_export(client, walk, cats, coordinator):
    published_walk(walk, cats, coordinator)
    response = client.get(f"/vandringar/{walk.id}/protokoll.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:5] == ["Nummer", "Kategori", "Beskrivning", "Prioritet", "Status"]
    assert [r[0] for r in rows[1:]] == ["1", "2"]
    assert rows[1][3] == "Hög" and rows[1][4] == "Ny"
    assert rows[1][6] == "Kommunens tekniska förvaltning"
    assert rows[1][7] == "2026-06-30"
    assert rows[1][8:10] == [str(NORR[1]), str(NORR[0])]
    assert rows[1][13].startswith("http://localhost/platser/")


def test_csv_cells_cannot_become_formulas(app, walk, cats, coordinator):
    pinned(walk, cats, points=(NORR,))
    (point,) = protocol.build(coordinator, walk)
    save(coordinator, point, responsible='=HYPERLINK("http://x")', public_description="+1 lampa")
    with app.test_request_context():
        text = export.to_csv([point], "sv", lambda i: f"/p/{i}")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[1][2] == "'+1 lampa"
    assert rows[1][6].startswith("'=")


def test_geojson_export(client, walk, cats, coordinator):
    published_walk(walk, cats, coordinator)
    response = client.get(f"/vandringar/{walk.id}/protokoll.geojson")
    assert response.headers["Content-Type"].startswith("application/geo+json")
    data = json.loads(response.get_data(as_text=True))
    assert data["type"] == "FeatureCollection"
    points = [f for f in data["features"] if f["properties"]["kind"] == "point"]
    route = [f for f in data["features"] if f["properties"]["kind"] == "route"]
    assert [f["geometry"]["coordinates"] for f in points] == [list(NORR), list(SODER)]
    assert points[0]["properties"]["priority"] == "hog"
    assert points[0]["properties"]["status"] == "ny"
    assert route[0]["geometry"]["type"] == "LineString"
    assert "description" in points[0]["properties"]
    assert "Punkt 0" not in response.get_data(as_text=True)  # participants' own words stay private


def test_staff_export_includes_unpublished_points(client, login_as, walk, cats, area):
    user = login_as("samordnare", area)
    pinned(walk, cats)
    protocol.build(user, walk)
    db.session.commit()
    response = client.get(f"/hantera/vandringar/{walk.id}/protokoll.geojson")
    assert response.status_code == 200
    assert len(json.loads(response.get_data(as_text=True))["features"]) == 3  # 2 points + route
    assert response.headers["Cache-Control"] == "private, no-store"


def test_the_printable_protocol_has_an_overview_and_one_block_per_point(
    client, login_as, walk, cats, area
):
    user = login_as("samordnare", area)
    pinned(walk, cats)
    protocol.build(user, walk)
    db.session.commit()
    html = client.get(f"/hantera/vandringar/{walk.id}/protokoll/utskrift").get_data(as_text=True)
    assert '<svg class="walk-overview"' in html
    assert html.count('<article class="protocol-point') == 2
    assert "Utkast – inte publicerat." in html
