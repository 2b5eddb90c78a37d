"""Staff pages: create from a lägesbild, edit, commitments, updates (with photos), links."""

import io
from datetime import date

import pytest
from PIL import Image

from portal.extensions import db
from portal.loften import vocab
from portal.loften.models import Link, Promise, Update
from tests.loften import helpers


@pytest.fixture
def signed_in(client, coordinator, sign_in):
    sign_in(coordinator)
    return coordinator


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_create_from_a_fastställd_lägesbild_in_one_step(app, client, area, coordinator, signed_in):
    place, _obs = helpers.published_place(coordinator)
    fixed = helpers.snapshot(area, coordinator, place_ids=[place.id])
    db.session.commit()
    page = client.get("/hantera/loften/nytt")
    assert page.status_code == 200
    assert "Skapa löfte från lägesbilden" in page.get_data(as_text=True)
    response = client.post(
        f"/hantera/loften/fran-lagesbild/{fixed.id}",
        data={f"s{fixed.id}-title": "Löfte för Testkommun"},
    )
    assert response.status_code == 302
    promise = db.session.scalar(db.select(Promise).where(Promise.title == "Löfte för Testkommun"))
    assert promise.snapshot_id == fixed.id and promise.state == vocab.UTKAST
    assert [f.title for f in promise.focus_areas] == ["Mörka gångvägar"]


def test_create_from_snapshot_without_title_shows_the_error(
    app, client, area, coordinator, signed_in
):
    fixed = helpers.snapshot(area, coordinator)
    db.session.commit()
    response = client.post(
        f"/hantera/loften/fran-lagesbild/{fixed.id}", data={f"s{fixed.id}-title": " "}
    )
    assert response.status_code == 400
    assert "Skriv en titel." in response.get_data(as_text=True)
    assert client.post("/hantera/loften/fran-lagesbild/987654").status_code == 404


def test_blank_promise_and_bad_dates(app, client, area, signed_in):
    bad = client.post(
        "/hantera/loften/nytt",
        data={
            "title": "Nytt",
            "area": str(area.id),
            "period_start": "2026-05-01",
            "period_end": "2026-01-01",
        },
    )
    assert bad.status_code == 400
    assert "Perioden kan inte sluta innan den börjar." in bad.get_data(as_text=True)
    assert 'value="Nytt"' in bad.get_data(as_text=True)  # nothing typed is lost
    junk = client.post(
        "/hantera/loften/nytt", data={"title": "x", "area": "abc", "period_start": "igår"}
    )
    assert junk.status_code == 400
    good = client.post(
        "/hantera/loften/nytt",
        data={
            "title": "Nytt",
            "area": str(area.id),
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
    )
    assert good.status_code == 302


def test_edit_commitment_of_published_promise_and_publish_flow(
    app, client, area, coordinator, signed_in
):
    promise = helpers.draft_promise(area, coordinator)
    db.session.commit()
    promise_id = promise.id
    refused = client.post(
        f"/hantera/loften/{promise_id}/status", data={"action": "publicera"}, follow_redirects=True
    )
    assert "Löftet kan inte publiceras än:" in refused.get_data(as_text=True)
    missing_name = client.post(
        f"/hantera/loften/{promise_id}/atagande/nytt",
        data={"title": "Röja buskage", "party": "partner", "organisation": ""},
    )
    assert missing_name.status_code == 400
    assert "Skriv samverkanspartnerns namn." in missing_name.get_data(as_text=True)
    added = client.post(
        f"/hantera/loften/{promise_id}/atagande/nytt",
        data={
            "title": "Byta lampor",
            "party": "kommunen",
            "target_value": "120",
            "target_unit": "lampor",
            "due_on": "2026-10-01",
        },
    )
    assert added.status_code == 302
    client.post(
        f"/hantera/loften/{promise_id}/undertecknare",
        data={"name": "Anna", "title": "KSO", "organisation": "Testkommun"},
    )
    client.post(
        f"/hantera/loften/{promise_id}/andra",
        data={
            "title": "Medborgarlöfte Testkommun",
            "areas": [str(area.id)],
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "signed_on": "2025-12-20",
            "review_months": "3",
        },
    )
    published = client.post(f"/hantera/loften/{promise_id}/status", data={"action": "publicera"})
    assert published.status_code == 302
    promise = db.session.get(Promise, promise_id)
    assert promise.state == vocab.PUBLICERAT and promise.review_months == 3
    commitment_id = promise.commitments[0].id
    changed = client.post(
        f"/hantera/loften/atagande/{commitment_id}",
        data={
            "title": "Byta lampor",
            "party": "kommunen",
            "target_value": "150",
            "target_unit": "lampor",
            "due_on": "2026-10-01",
        },
    )
    assert changed.status_code == 302
    history = client.get(f"/loften/{promise_id}/historik").get_data(as_text=True)
    assert "120 lampor" in history and "150 lampor" in history


def test_areas_outside_the_promise_are_refused(app, client, area, coordinator, signed_in):
    from tests.factories import make_area

    other = make_area("Annan", kind="kommun", bbox=(14.0, 58.0, 14.3, 58.2))
    promise = helpers.draft_promise(area, coordinator)
    db.session.commit()
    response = client.post(
        f"/hantera/loften/{promise.id}/andra",
        data={
            "title": "T",
            "areas": [str(other.id)],
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "review_months": "6",
        },
    )
    assert response.status_code == 400


def test_post_update_with_photo_and_reason(app, client, area, coordinator, signed_in, storage):
    promise = helpers.published_promise(area, coordinator)
    db.session.commit()
    commitment_id = promise.commitments[0].id
    no_reason = client.post(
        f"/hantera/loften/atagande/{commitment_id}/uppdatering",
        data={
            "happened_on": "2026-03-01",
            "status": "forsenad",
            "text": "Sent.",
            "progress_value": "10",
        },
    )
    assert no_reason.status_code == 400
    body = no_reason.get_data(as_text=True)
    assert "Skriv varför, det visas offentligt." in body and "Sent." in body
    no_alt = client.post(
        f"/hantera/loften/atagande/{commitment_id}/uppdatering",
        data={
            "happened_on": "2026-03-01",
            "status": "pagar",
            "text": "Bild",
            "photo": (io.BytesIO(_jpeg()), "bild.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert no_alt.status_code == 400
    assert "Beskriv vad bilden visar." in no_alt.get_data(as_text=True)
    broken = client.post(
        f"/hantera/loften/atagande/{commitment_id}/uppdatering",
        data={
            "happened_on": "2026-03-01",
            "status": "pagar",
            "text": "Bild",
            "photo_alt": "Lampa",
            "photo": (io.BytesIO(b"inte en bild" * 50), "x.png"),
        },
        content_type="multipart/form-data",
    )
    assert broken.status_code == 400
    assert "Filen är ingen bild som vi kan läsa." in broken.get_data(as_text=True)
    good = client.post(
        f"/hantera/loften/atagande/{commitment_id}/uppdatering",
        data={
            "happened_on": "2026-03-01",
            "status": "pagar",
            "progress_value": "80",
            "text": "80 patrulleringar <script>alert(1)</script>",
            "photo_alt": "Polisbil vid torget",
            "photo": (io.BytesIO(_jpeg()), "bild.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert good.status_code == 302
    update = db.session.scalar(db.select(Update).where(Update.commitment_id == commitment_id))
    assert update.photo_key.startswith("loften/") and storage.exists(update.thumb_key)
    page = client.get(f"/loften/{promise.id}").get_data(as_text=True)
    assert 'alt="Polisbil vid torget"' in page
    assert "<script>alert(1)</script>" not in page
    assert client.get(f"/loften/bild/{update.id}/miniatyr").status_code == 200


def test_link_a_place_and_a_wrong_number(app, client, area, coordinator, signed_in):
    place, _obs = helpers.published_place(coordinator)
    promise = helpers.published_promise(area, coordinator)
    db.session.commit()
    commitment_id, place_id = promise.commitments[0].id, place.id
    assert client.get(f"/hantera/loften/atagande/{commitment_id}/koppling").status_code == 200
    wrong = client.post(
        f"/hantera/loften/atagande/{commitment_id}/koppling", data={"place_id": "999999"}
    )
    assert wrong.status_code == 400
    assert "Det finns ingen sådan plats" in wrong.get_data(as_text=True)
    nothing = client.post(f"/hantera/loften/atagande/{commitment_id}/koppling", data={})
    assert nothing.status_code == 400
    linked = client.post(
        f"/hantera/loften/atagande/{commitment_id}/koppling", data={"place_id": str(place_id)}
    )
    assert linked.status_code == 302
    assert db.session.scalar(db.select(Link).where(Link.target_id == place_id)) is not None
    again = client.post(
        f"/hantera/loften/atagande/{commitment_id}/koppling", data={"target": f"place:{place_id}"}
    )
    assert again.status_code == 400  # already linked


def test_review_and_delete_draft(app, client, area, coordinator, signed_in):
    promise = helpers.published_promise(area, coordinator)
    draft = helpers.draft_promise(area, coordinator, title="Utkast")
    db.session.commit()
    promise_id, draft_id = promise.id, draft.id
    assert (
        client.post(f"/hantera/loften/{promise_id}/genomgang", data={"note": "Bra"}).status_code
        == 302
    )
    assert db.session.get(Promise, promise_id).last_reviewed_on is not None
    assert client.post(f"/hantera/loften/{promise_id}/ta-bort").status_code == 302
    assert db.session.get(Promise, promise_id) is not None  # a published promise stays
    assert client.post(f"/hantera/loften/{draft_id}/ta-bort").status_code == 302
    assert db.session.get(Promise, draft_id) is None


def test_staff_pages_render(app, client, area, coordinator, signed_in):
    objects = helpers.matrix_objects(area, None)
    promise = objects["loften_promise"]
    for url in (
        "/hantera/loften/",
        f"/hantera/loften/{promise.id}",
        f"/hantera/loften/{promise.id}/andra",
        f"/hantera/loften/{promise.id}/underlag",
        f"/hantera/loften/{promise.id}/fokus",
        f"/hantera/loften/{promise.id}/undertecknare",
        f"/hantera/loften/{promise.id}/forhandsvisning",
        f"/hantera/loften/{promise.id}/atagande/nytt",
        f"/hantera/loften/atagande/{objects['loften_commitment'].id}",
        f"/hantera/loften/atagande/{objects['loften_commitment'].id}/aktivitet/ny",
        f"/hantera/loften/aktivitet/{objects['loften_activity'].id}",
        f"/hantera/loften/atagande/{objects['loften_commitment'].id}/uppdatering",
    ):
        assert client.get(url).status_code == 200, url


def test_underlag_sets_surveys_and_places(app, client, area, coordinator, signed_in):
    from tests.dialog import helpers as survey_helpers

    survey = survey_helpers.make_survey(area)
    place, _obs = helpers.published_place(coordinator)
    promise = helpers.draft_promise(area, coordinator)
    db.session.commit()
    promise_id, survey_id, place_id = promise.id, survey.id, place.id
    saved = client.post(
        f"/hantera/loften/{promise_id}/underlag",
        data={"snapshot": "", "baseline": str(survey_id), "followup": "", "indicator": "trygghet"},
    )
    assert saved.status_code == 302
    assert db.session.get(Promise, promise_id).baseline_survey_id == survey_id
    assert (
        client.post(
            f"/hantera/loften/{promise_id}/underlag", data={"baseline": "nonsense"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            f"/hantera/loften/{promise_id}/underlag/plats", data={"place_id": str(place_id)}
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"/hantera/loften/{promise_id}/underlag/plats", data={"place_id": "x"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            f"/hantera/loften/{promise_id}/underlag/enkat", data={"survey": str(survey_id)}
        ).status_code
        == 302
    )
    found = db.session.get(Promise, promise_id)
    assert {s.kind for s in found.sources} == {vocab.SOURCE_PLACE, vocab.SOURCE_SURVEY}
    assert date.today().year > 2000
