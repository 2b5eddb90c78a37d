"""The read-only JSON API: areas, published survey results, lägesbild summaries, promises;
paging, errors and conditional requests."""

from __future__ import annotations

import pytest

from portal.extensions import db


def test_areas_in_tree_order_with_filters_and_paging(client, area):
    data = client.get("/api/areas").json
    assert [a["slug"] for a in data["items"]] == ["testkommun", "norr", "soder"]
    assert data["items"][1]["parent"] == "testkommun"
    assert data["items"][0]["bbox"] == [17.0, 60.6, 17.3, 60.75]
    assert (data["total"], data["pages"], data["links"]["next"]) == (3, 1, None)
    children = client.get("/api/areas?parent=testkommun").json
    assert [a["slug"] for a in children["items"]] == ["norr", "soder"]
    assert client.get("/api/areas?kind=kommun").json["total"] == 1
    first = client.get("/api/areas?per_page=2").json
    assert len(first["items"]) == 2 and "page=2" in first["links"]["next"]
    last = client.get(first["links"]["next"]).json
    assert [a["slug"] for a in last["items"]] == ["soder"] and last["links"]["prev"]
    detail = client.get("/api/areas/testkommun").json
    assert [c["slug"] for c in detail["children"]] == ["norr", "soder"]


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/areas?page=0", "page"),
        ("/api/areas?per_page=101", "per_page"),
        ("/api/areas?page=abc", "page"),
        ("/api/areas?kind=by", "kind"),
        ("/api/areas?parent=finns-inte", "parent"),
        ("/api/promises?state=utkast", "state"),
        ("/api/promises?area=finns-inte", "area"),
        ("/api/export/platser.csv?area=finns-inte", "area"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(client, area, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json["error"]["parameter"] == parameter
    assert response.json["error"]["code"] == 400


def test_not_found_is_a_json_404(client, area):
    for url in ("/api/areas/finns-inte", "/api/promises/999", "/api/lagesbild/999", "/api/x"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json["error"]["code"] == 404


def test_survey_results_only_when_published(client, rich):
    listed = client.get("/api/surveys").json
    assert [s["id"] for s in listed["items"]] == [rich.survey.id]
    assert client.get(f"/api/surveys/{rich.hidden_survey.id}/results").status_code == 404
    results = client.get(f"/api/surveys/{rich.survey.id}/results").json
    assert results["respondents"] == 12
    trygghet = next(q for q in results["questions"] if q["key"] == "trygghet")
    counts = {a["code"]: a["count"] for a in trygghet["answers"]}
    assert counts["mycket_trygg"] == 6 and counts["ganska_otrygg"] == 6
    assert results["otrygghet"]["share"] == pytest.approx(0.5)
    assert all(q["kind"] != "text" for q in results["questions"])  # no free text


def test_small_counts_are_withheld(client, area):
    from portal.timeutil import utcnow
    from tests.dialog.helpers import make_survey, store

    survey = make_survey(area)
    for answer in ["mycket_trygg"] * 10 + ["mycket_otrygg"] * 2:
        store(survey, {"trygghet": answer})
    survey.results_published_at = utcnow()
    db.session.commit()
    results = client.get(f"/api/surveys/{survey.id}/results").json
    trygghet = next(q for q in results["questions"] if q["key"] == "trygghet")
    counts = {a["code"]: a["count"] for a in trygghet["answers"]}
    assert counts["mycket_otrygg"] is None


def test_lagesbild_summaries(client, rich):
    listed = client.get("/api/lagesbild").json
    assert [s["id"] for s in listed["items"]] == [rich.snapshot.id]
    detail = client.get(f"/api/lagesbild/{rich.snapshot.id}").json
    assert detail["summary"] == "Invånarna vill ha bättre belysning."
    assert detail["focus_areas"] == ["Mörka gångvägar"]
    refs = {e["ref"] for f in detail["focus"] for e in f["evidence"]}
    assert str(rich.world.open_place.id) in refs
    assert str(rich.world.hidden_place.id) not in refs  # unpublished evidence is left out
    assert detail["view"]["audience"] == "public"
    assert client.get("/api/lagesbild?area=soder").json["total"] == 0


def test_promises_published_only_with_commitments_and_updates(client, rich):
    listed = client.get("/api/promises").json
    assert [p["id"] for p in listed["items"]] == [rich.promise.id]
    assert client.get(f"/api/promises/{rich.draft.id}").status_code == 404
    detail = client.get(f"/api/promises/{rich.promise.id}").json
    assert detail["signatories"][0]["organisation"] == "Testkommun"
    first = detail["commitments"][0]
    assert first["responsible"] == "Polisen" and first["target_value"] == 200
    assert first["progress_value"] == 40 and first["progress_percent"] == 20
    (update,) = first["updates"]
    assert update["html"] == "<p>Fyrtio <strong>patrulleringar</strong>.</p>"
    assert "author" not in update and "author_id" not in update
    assert [p["id"] for p in first["places"]] == [rich.world.open_place.id]  # not the hidden one
    assert detail["lagesbild"] is None
    assert detail["progress"]["total"] == 2
    assert client.get("/api/promises?state=avslutat").json["total"] == 0


def test_etag_and_304(client, area):
    first = client.get("/api/areas")
    etag = first.headers["ETag"]
    again = client.get("/api/areas", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert client.get("/api/areas?per_page=1", headers={"If-None-Match": etag}).status_code == 200
    assert first.headers["Access-Control-Allow-Origin"] == "*"


def test_page_cache_gives_last_modified_and_a_write_changes_the_etag(app, client, area):
    app.config["PAGE_CACHE_ENABLED"] = True
    try:
        first = client.get("/api/areas")
        assert first.headers["Last-Modified"] and first.headers["ETag"]
        assert (
            client.get("/api/areas", headers={"If-None-Match": first.headers["ETag"]}).status_code
            == 304
        )
        from tests.factories import make_area

        make_area("Väster", parent=area)
        db.session.commit()
        after = client.get("/api/areas", headers={"If-None-Match": first.headers["ETag"]})
        assert after.status_code == 200
        assert "vaster" in after.get_data(as_text=True)
    finally:
        app.config["PAGE_CACHE_ENABLED"] = False
