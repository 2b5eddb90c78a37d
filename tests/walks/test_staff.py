"""Staff pages: planning a walk, its code and QR code, the live view, the protocol editor."""

from __future__ import annotations

import io
import json
from datetime import timedelta

from portal.auth.models import AuditEntry
from portal.extensions import db
from portal.map import vocab as place_vocab
from portal.timeutil import utcnow
from portal.walks import pins, protocol
from portal.walks.models import Walk, WalkPoint
from tests import factories
from tests.walks.conftest import NORR, ROUTE, SODER, join, make_walk, part


def walk_form(area, **overrides) -> dict:
    start = (utcnow() + timedelta(days=7)).strftime("%Y-%m-%d")
    data = {
        "title": "Vårvandring",
        "area": str(area.id),
        "starts_at": f"{start}T19:00",
        "ends_at": f"{start}T21:00",
        "light": "morker",
        "meeting_point": "Vid biblioteket",
        "max_participants": "20",
        "route": json.dumps(ROUTE),
    }
    data.update(overrides)
    return data


def newest_walk():
    return db.session.scalar(db.select(Walk).order_by(Walk.id.desc()))


def test_a_walk_leader_plans_a_walk(client, login_as, area, cats):
    login_as("vandringsledare", area)
    data = walk_form(
        area,
        categories=[str(cats["belysning"].id), str(cats["klotter"].id)],
        meeting_lat="60.7",
        meeting_lon="17.15",
    )
    response = client.post("/hantera/vandringar/ny", data=data)
    assert response.status_code == 302
    walk = newest_walk()
    assert response.headers["Location"] == f"/hantera/vandringar/{walk.id}"
    assert walk.title == "Vårvandring" and walk.route == ROUTE
    assert {c.slug for c in walk.categories} == {"belysning", "klotter"}
    assert (walk.meeting_lon, walk.meeting_lat) == (17.15, 60.7)
    # 19:00 in Stockholm is 17:00 or 18:00 UTC; the pin window has its defaults around it.
    assert walk.starts.hour in (17, 18)
    assert walk.pin_opens == walk.starts - timedelta(minutes=15)
    assert walk.pin_closes == walk.ends + timedelta(minutes=60)
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "walk.create"))
    assert entry.area_id == area.id


def test_a_route_from_a_file(client, login_as, area, cats):
    login_as("vandringsledare", area)
    feature = {"type": "Feature", "properties": {}, "geometry": ROUTE}
    data = walk_form(area, route="")
    data["route_file"] = (io.BytesIO(json.dumps(feature).encode()), "rutt.geojson")
    response = client.post("/hantera/vandringar/ny", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    assert newest_walk().route == ROUTE


def test_route_errors_are_shown_next_to_the_field(client, login_as, area, cats):
    login_as("vandringsledare", area)
    swapped = {"type": "LineString", "coordinates": [[60.66, 17.10], [60.67, 17.14]]}
    response = client.post(
        "/hantera/vandringar/ny",
        data=walk_form(area, route=json.dumps(swapped), title="Behåll mig"),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "ordningen latitud, longitud" in html
    assert 'value="Behåll mig"' in html
    assert newest_walk() is None
    response = client.post("/hantera/vandringar/ny", data=walk_form(area, route="{nope"))
    assert "Rutten är inte giltig JSON (fel på rad 1" in response.get_data(as_text=True)
    far = {"type": "LineString", "coordinates": [[14.0, 58.0], [14.1, 58.1]]}
    response = client.post("/hantera/vandringar/ny", data=walk_form(area, route=json.dumps(far)))
    assert "Rutten ligger inte i eller nära det valda området." in response.get_data(as_text=True)


def test_times_are_checked(client, login_as, area, cats):
    login_as("vandringsledare", area)
    data = walk_form(area)
    data["ends_at"] = data["starts_at"].replace("19:00", "18:00")
    response = client.post("/hantera/vandringar/ny", data=data)
    assert response.status_code == 400
    assert "Slutet måste vara efter starten." in response.get_data(as_text=True)
    response = client.post("/hantera/vandringar/ny", data=walk_form(area, starts_at="i morgon"))
    assert "Skriv datum och tid som ÅÅÅÅ-MM-DD TT:MM" in response.get_data(as_text=True)
    data = walk_form(area)
    data["pin_closes_at"] = data["starts_at"].replace("19:00", "20:00")
    response = client.post("/hantera/vandringar/ny", data=data)
    assert "Tiden för att markera får inte sluta före vandringen." in response.get_data(
        as_text=True
    )


def test_a_leader_only_plans_in_their_own_areas(client, login_as, area, cats):
    norr, soder = part(area, "Norr"), part(area, "Söder")
    login_as("vandringsledare", norr)
    html = client.get("/hantera/vandringar/ny").get_data(as_text=True)
    select = html.split('<select id="area"')[1].split("</select>")[0]
    assert f'value="{norr.id}"' in select and f'value="{soder.id}"' not in select
    response = client.post("/hantera/vandringar/ny", data=walk_form(soder, route=""))
    assert response.status_code == 400
    assert newest_walk() is None


def test_editing_keeps_the_code(client, login_as, walk, area):
    login_as("vandringsledare", area)
    code = walk.join_code
    html = client.get(f"/hantera/vandringar/{walk.id}/redigera").get_data(as_text=True)
    assert 'value="Kvällsvandring"' in html
    response = client.post(
        f"/hantera/vandringar/{walk.id}/redigera", data=walk_form(area, title="Ny titel")
    )
    assert response.status_code == 302
    walk = db.session.get(Walk, walk.id)
    assert walk.title == "Ny titel" and walk.join_code == code
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "walk.update"))
    assert "title" in entry.detail["changed"]


def test_the_walk_page_shows_code_link_and_qr(client, login_as, walk, area):
    login_as("vandringsledare", area)
    html = client.get(f"/hantera/vandringar/{walk.id}").get_data(as_text=True)
    assert walk.display_code in html
    assert f"http://localhost/vandring/{walk.join_code}" in html
    assert 'class="walk-qr"' in html and 'role="img"' in html
    poster = client.get(f"/hantera/vandringar/{walk.id}/affisch").get_data(as_text=True)
    assert walk.display_code in poster and "<svg" in poster
    svg = client.get(f"/hantera/vandringar/{walk.id}/qr.svg")
    assert svg.headers["Content-Type"].startswith("image/svg+xml")
    assert svg.get_data(as_text=True).lstrip().startswith("<?xml") or b"<svg" in svg.get_data()


def test_new_code_and_cancel(client, login_as, walk, area):
    login_as("vandringsledare", area)
    old = walk.join_code
    assert client.post(f"/hantera/vandringar/{walk.id}/ny-kod").status_code == 302
    assert db.session.get(Walk, walk.id).join_code != old
    client.post(f"/hantera/vandringar/{walk.id}/installd", data={"installd": "ja"})
    assert db.session.get(Walk, walk.id).cancelled
    html = client.get(f"/vandringar/{walk.id}").get_data(as_text=True)
    assert "Vandringen är inställd." in html
    client.post(f"/hantera/vandringar/{walk.id}/installd", data={"installd": "nej"})
    assert not db.session.get(Walk, walk.id).cancelled
    actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert {"walk.new_code", "walk.cancel", "walk.reinstate"} <= actions


def test_the_live_view_shows_who_pinned_what(client, login_as, walk, cats, area):
    kim, _ = join(walk, "Kim")
    anonymous, _ = join(walk)
    pins.add_pin(
        walk,
        kim,
        category=cats["belysning"],
        description="Mörkt",
        now=utcnow(),
        lon=NORR[0],
        lat=NORR[1],
    )
    pins.add_pin(
        walk,
        anonymous,
        category=cats["tryggt"],
        description="Upplyst och bra",
        now=utcnow(),
        area=part(area, "Söder"),
    )
    db.session.commit()
    login_as("vandringsledare", area)
    html = client.get(f"/hantera/vandringar/{walk.id}/live").get_data(as_text=True)
    assert "Kim" in html and "deltagare 2" in html
    assert 'aria-live="polite"' in html
    data = client.get(f"/hantera/vandringar/{walk.id}/punkter.json").get_json()
    assert data["count"] == 2 and data["participants"] == 2
    assert [p["who"] for p in data["pins"]] == ["Kim", "deltagare 2"]
    assert data["pins"][0]["lon"] == NORR[0] and data["pins"][0]["positioned"] is True
    assert data["pins"][1]["positioned"] is False and data["pins"][1]["positive"] is True


def test_pin_photos_only_through_their_walk(client, login_as, walk, cats, area, leader):
    participant, _ = join(walk)
    observation = pins.add_pin(
        walk,
        participant,
        category=cats["belysning"],
        description="x",
        now=utcnow(),
        lon=NORR[0],
        lat=NORR[1],
    )
    other = make_walk(leader, area)
    db.session.commit()
    login_as("vandringsledare", area)
    assert (
        client.get(f"/hantera/vandringar/{other.id}/bild/{observation.id}/bild").status_code == 404
    )
    assert (
        client.get(f"/hantera/vandringar/{walk.id}/bild/{observation.id}/bild").status_code == 404
    )  # no photo


def test_walk_leaders_cannot_edit_protocols(client, login_as, walk, area):
    login_as("vandringsledare", area)
    assert client.get(f"/hantera/vandringar/{walk.id}/protokoll").status_code == 403
    html = client.get(f"/hantera/vandringar/{walk.id}").get_data(as_text=True)
    assert "/protokoll" not in html.split("<main")[1].split("</nav>")[0]


def test_the_protocol_editor_end_to_end(client, login_as, walk, cats, area):
    participant, _ = join(walk)
    for point in (NORR, SODER):
        pins.add_pin(
            walk,
            participant,
            category=cats["belysning"],
            description="Mörkt här",
            now=utcnow(),
            lon=point[0],
            lat=point[1],
        )
    db.session.commit()
    login_as("samordnare", area)
    html = client.get(f"/hantera/vandringar/{walk.id}/protokoll").get_data(as_text=True)
    assert "2 markerade platser finns inte i protokollet än." in html
    assert client.post(f"/hantera/vandringar/{walk.id}/protokoll/skapa").status_code == 302
    first, _second = db.session.scalars(db.select(WalkPoint).order_by(WalkPoint.number)).all()
    html = client.get(f"/hantera/vandringar/{walk.id}/protokoll").get_data(as_text=True)
    assert "Mörkt här" in html  # the participants' words, for staff
    data = {
        f"p{first.id}-category": str(cats["belysning"].id),
        f"p{first.id}-public_description": "Trasig belysning.",
        f"p{first.id}-priority": "hog",
        f"p{first.id}-responsible": "Kommunen",
        f"p{first.id}-deadline": "2026-09-30",
        f"p{first.id}-status": place_vocab.INGEN_ATGARD,
        f"p{first.id}-included": "y",
    }
    response = client.post(f"/hantera/vandringar/{walk.id}/protokoll/punkt/{first.id}", data=data)
    assert response.status_code == 400
    assert "Skriv ett offentligt skäl till att ingen åtgärd görs." in response.get_data(
        as_text=True
    )
    assert db.session.get(WalkPoint, first.id).priority is None  # nothing was saved
    data[f"p{first.id}-status"] = place_vocab.PLANERAD
    response = client.post(f"/hantera/vandringar/{walk.id}/protokoll/punkt/{first.id}", data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith("#punkt-1")
    point = db.session.get(WalkPoint, first.id)
    assert point.priority == "hog" and point.current_place.status == place_vocab.PLANERAD
    client.post(
        f"/hantera/vandringar/{walk.id}/protokoll/sammanfattning",
        data={"summary": "Tolv deltagare."},
    )
    assert db.session.get(Walk, walk.id).protocol_summary == "Tolv deltagare."
    # The second point has a description from the pin, so the whole protocol can be published.
    response = client.post(
        f"/hantera/vandringar/{walk.id}/protokoll/publicera", data={"publicera": "ja"}
    )
    assert response.status_code == 302
    assert db.session.get(Walk, walk.id).protocol_published
    public = client.get(f"/vandringar/{walk.id}/protokoll").get_data(as_text=True)
    assert "Trasig belysning." in public and "Tolv deltagare." in public
    client.post(f"/hantera/vandringar/{walk.id}/protokoll/publicera", data={"publicera": "nej"})
    assert not db.session.get(Walk, walk.id).protocol_published


def test_publishing_problems_are_listed(client, login_as, walk, cats, area):
    participant, _ = join(walk)
    pins.add_pin(
        walk,
        participant,
        category=cats["belysning"],
        description="",
        now=utcnow(),
        lon=NORR[0],
        lat=NORR[1],
    )
    db.session.commit()
    user = login_as("samordnare", area)
    protocol.build(user, walk)
    db.session.commit()
    client.post(f"/hantera/vandringar/{walk.id}/protokoll/publicera", data={"publicera": "ja"})
    html = client.get(f"/hantera/vandringar/{walk.id}/protokoll").get_data(as_text=True)
    assert "Punkt 1: skriv en beskrivning." in html
    assert "Protokollet publicerades inte." in html
    assert not db.session.get(Walk, walk.id).protocol_published


def test_staff_list_shows_only_my_areas(client, login_as, area, leader, cats):
    norr, soder = part(area, "Norr"), part(area, "Söder")
    mine = make_walk(leader, norr, title="Norrvandring")
    make_walk(leader, soder, title="Södervandring")
    user = factories.make_user(vandringsledare=norr)
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
    html = client.get("/hantera/vandringar/").get_data(as_text=True)
    assert "Norrvandring" in html and "Södervandring" not in html
    assert client.get(f"/hantera/vandringar/{mine.id}").status_code == 200


def test_the_staff_start_page_links_to_walks(client, login_as, area):
    login_as("vandringsledare", area)
    assert "/hantera/vandringar/" in client.get("/hantera/").get_data(as_text=True)


def test_a_route_file_that_is_too_large_or_not_text(client, login_as, area, cats):
    from portal.walks import routes

    login_as("vandringsledare", area)
    data = walk_form(area, route="")
    data["route_file"] = (io.BytesIO(b" " * (routes.MAX_CHARS + 10)), "stor.geojson")
    response = client.post("/hantera/vandringar/ny", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Rutten är för stor (högst 500 kB)." in response.get_data(as_text=True)
    data = walk_form(area, route="")
    data["route_file"] = (io.BytesIO(b"\xff\xfe\x00binary"), "rutt.geojson")
    response = client.post("/hantera/vandringar/ny", data=data, content_type="multipart/form-data")
    assert "Filen är inte en textfil i UTF-8." in response.get_data(as_text=True)
    assert newest_walk() is None
