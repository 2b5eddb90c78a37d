"""The lägesbild pages for staff and the public: build, records, analysis, fastställ, exports."""

import json
from datetime import date

import pytest

from portal.extensions import db
from portal.lagesbild import analysis, periods, snapshots
from portal.lagesbild.models import Lagesbild, Snapshot
from tests.lagesbild.conftest import NORR, add_place, est_report

KEY = "2025-k2"


@pytest.fixture
def data(area, norr, checklist, place_cats):
    est_report(
        norr,
        "Fritidsgården",
        date(2025, 4, 7),
        {checklist["klotter"]: "omfattande"},
        notes={"klotter": "Intern EST-anteckning"},
    )
    add_place(norr, place_cats["belysning"], NORR, date(2025, 4, 20), observations=6)
    db.session.commit()
    return {"klotter": checklist["klotter"], "norr": norr}


def test_choose_form_leads_to_the_lagesbild(client, login_as, area, data):
    login_as("samordnare", area)
    response = client.get(f"/hantera/lagesbild/?omrade={area.slug}&typ=kvartal&ar=2025&nummer=2")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/hantera/lagesbild/{area.slug}/{KEY}")
    bad = client.get(f"/hantera/lagesbild/?omrade={area.slug}&typ=kvartal&ar=2025&nummer=7")
    assert bad.status_code == 400 and "Perioden finns inte" in bad.get_data(as_text=True)
    custom = client.get(
        f"/hantera/lagesbild/?omrade={area.slug}&typ=anpassad&fran=2025-04-03&till=2025-04-20"
    )
    assert custom.headers["Location"].endswith("/2025-04-03_2025-04-20")


def test_the_lagesbild_page_shows_every_source_and_links_numbers(client, login_as, area, data):
    login_as("polis", area)
    response = client.get(f"/hantera/lagesbild/{area.slug}/{KEY}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for heading in (
        "Källor och underlag",
        "Utvecklingar som går åt fel håll",
        "Trygghetsmätningar",
        "Platser: kategori och tid",
        "EST: område och kategori",
        "Hot spots",
    ):
        assert heading in page
    assert f"underlag?kalla=est&amp;kategori={data['klotter'].id}" in page
    assert "<svg" in page and "Intern EST-anteckning" not in page
    assert client.get(f"/hantera/lagesbild/{area.slug}/2025-k9").status_code == 404


def test_records_behind_a_number(client, login_as, area, data):
    login_as("samordnare", area)
    base = f"/hantera/lagesbild/{area.slug}/{KEY}/underlag"
    est_page = client.get(
        f"{base}?kalla=est&kategori={data['klotter'].id}&omrade={data['norr'].id}"
    ).get_data(as_text=True)
    assert "Intern EST-anteckning" in est_page and "Fritidsgården" in est_page
    places = client.get(f"{base}?kalla=platser&tid=kvall").get_data(as_text=True)
    assert "1 plats" in places
    assert client.get(f"{base}?kalla=platser&tid=morgon").status_code == 404
    assert client.get(f"{base}?kalla=nagot").status_code == 404
    assert client.get(f"{base}?kalla=est&omrade=abc").status_code == 404


def test_csv_and_geojson_exports(client, login_as, area, data):
    login_as("samordnare", area)
    base = f"/hantera/lagesbild/{area.slug}/{KEY}"
    est_csv = client.get(f"{base}/tabell/est.csv")
    assert est_csv.status_code == 200 and est_csv.mimetype == "text/csv"
    lines = est_csv.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Område;Skadegörelse;Klotter")
    assert lines[1].startswith("Norr;0;1")
    for name in (
        "otrygghet",
        "problemindex",
        "problemfragor",
        "platser-tid",
        "platser-omrade",
        "platser-nya-atgardade",
        "hotspots",
        "forandringar",
    ):
        assert client.get(f"{base}/tabell/{name}.csv").status_code == 200, name
    assert client.get(f"{base}/tabell/okand.csv").status_code == 404
    geo = json.loads(client.get(f"{base}/hotspots.geojson").get_data(as_text=True))
    assert geo["type"] == "FeatureCollection" and geo["features"][0]["properties"]["antal"] == 6


def test_analysis_problem_and_fix_then_public_summary(client, login_as, area, data):
    login_as("samordnare", area)
    base = f"/hantera/lagesbild/{area.slug}/{KEY}"
    response = client.post(
        f"{base}/analys",
        data={
            "revision": "1",
            "problem_description": "Beskrivning",
            "causes": "Orsak",
            "public_summary": "Sammanfattning för alla",
        },
    )
    assert response.status_code == 302
    draft = db.session.scalar(db.select(Lagesbild))
    assert draft.revision == 2
    stale = client.post(
        f"{base}/analys",
        data={
            "revision": "1",
            "problem_description": "Min text",
            "causes": "",
            "public_summary": "",
        },
    )
    assert stale.status_code == 409 and "Min text" in stale.get_data(as_text=True)
    form = client.get(f"{base}/problem/ny").get_data(as_text=True)
    assert f'value="est_category:{data["klotter"].id}"' in form
    response = client.post(
        f"{base}/problem/ny",
        data={
            "title": "Klotter",
            "prioritised": "y",
            "evidence": [f"est_category:{data['klotter'].id}"],
            "places": "999999",
        },
    )
    assert response.status_code == 400 and "Finns inte i området: 999999" in response.get_data(
        as_text=True
    )
    response = client.post(
        f"{base}/problem/ny",
        data={
            "title": "Klotter",
            "prioritised": "y",
            "evidence": [f"est_category:{data['klotter'].id}"],
        },
    )
    assert response.status_code == 302
    problem = db.session.scalar(db.select(Lagesbild)).problems[0]
    assert [(e.kind, e.label) for e in problem.evidence] == [("est_category", "Klotter")]
    assert client.get(f"{base}/faststall").status_code == 200
    response = client.post(f"{base}/faststall", data={"version": "1"})
    assert response.status_code == 302
    snapshot = db.session.scalar(db.select(Snapshot))
    again = client.post(f"{base}/faststall", data={"version": "1"})  # a double submit
    assert (
        again.status_code == 302 and db.session.scalar(db.select(db.func.count(Snapshot.id))) == 1
    )
    internal = client.get(f"/hantera/lagesbild/fastslagen/{snapshot.id}").get_data(as_text=True)
    assert "Beskrivning" in internal and "Oförändrad sedan fastställandet" in internal
    assert client.get(f"/hantera/lagesbild/fastslagen/{snapshot.id}/utskrift").status_code == 200
    client.post("/logga-ut")
    public = client.get(f"/lagesbild/{snapshot.id}")
    assert public.status_code == 200
    text = public.get_data(as_text=True)
    assert (
        "Sammanfattning för alla" in text
        and "Beskrivning" not in text
        and "Intern EST-anteckning" not in text
    )
    assert "för få för att visas" in text
    assert (
        client.get(f"/lagesbild/{snapshot.id}/tabell/est.csv").get_data(as_text=True).count("..")
        >= 1
    )
    assert client.get("/lagesbild/").status_code == 200
    assert f"/lagesbild/{snapshot.id}" in client.get(f"/omraden/{area.slug}").get_data(as_text=True)


def test_print_view_of_the_live_lagesbild(client, login_as, area, data):
    login_as("admin", area)
    page = client.get(f"/hantera/lagesbild/{area.slug}/{KEY}/utskrift").get_data(as_text=True)
    assert (
        "Arbetsversion, inte fastställd" in page and "<svg" in page and "lagesbild-print.js" in page
    )


def test_a_problem_of_another_lagesbild_is_not_found(client, login_as, area, data, in_request):
    other = analysis.get_or_create(area, periods.parse("2025-k1"), "test")
    problem = analysis.add_problem(other, "test", analysis.ProblemInput("X", "", False, []))
    db.session.commit()
    login_as("samordnare", area)
    assert (
        client.get(f"/hantera/lagesbild/{area.slug}/{KEY}/problem/{problem.id}").status_code == 404
    )
    assert snapshots.latest_public_snapshots() == []


def test_ids_no_row_can_have_are_not_found(client, login_as, area, data):
    login_as("admin", area)
    huge = 10**12
    for url in (
        f"/hantera/est/rapporter/{huge}",
        f"/hantera/est/checklista/{huge}",
        f"/hantera/lagesbild/fastslagen/{huge}",
        f"/lagesbild/{huge}",
        f"/hantera/lagesbild/{area.slug}/{KEY}/problem/{huge}",
        f"/hantera/lagesbild/{area.slug}/{KEY}/underlag?kalla=est&kategori={huge}",
        f"/hantera/lagesbild/{area.slug}/{KEY}/underlag?kalla=platser&ruta={huge}_1",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        f"/hantera/lagesbild/{area.slug}/{KEY}/problem/ny", data={"title": "X", "places": str(huge)}
    )
    assert response.status_code == 400
