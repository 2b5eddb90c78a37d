"""EST reports through the form: masking, levels, changing a report, who has not reported."""

from datetime import date, timedelta

from portal.extensions import db
from portal.lagesbild import est_services, periods
from portal.lagesbild.models import EstReport
from tests import factories


def _entries(checklist, **given):
    return [est_services.EntryInput(checklist[slug].id, *values) for slug, values in given.items()]


def test_a_report_masks_notes_and_derives_levels(app, norr, checklist, in_request):
    reporter = factories.make_user(rapportor=norr)
    report = est_services.save_report(
        reporter,
        norr,
        "vecka",
        date(2025, 4, 2),
        _entries(
            checklist,
            klotter=("aterkommande", None, "Klotter på Storgatan 12, ring 070-123 45 67"),
            nedskrapning=(None, 4, None),
            skadegorelse=("ingen", None, None),
        ),
    )
    db.session.commit()
    assert (report.period_start, report.period_end) == (date(2025, 3, 31), date(2025, 4, 6))
    entries = {e.category.slug: e for e in report.entries}
    assert entries["klotter"].level == 2
    assert entries["nedskrapning"].level == 2  # 4 ≥ 3: återkommande
    assert entries["skadegorelse"].level == 0
    assert "070-123 45 67" not in entries["klotter"].note_masked
    assert "Storgatan 12" not in entries["klotter"].note_masked
    assert set(est_services.masked_kinds(report)) == {"telefon", "adress"}


def test_filing_again_for_the_same_period_changes_the_report(app, norr, checklist, in_request):
    reporter = factories.make_user(rapportor=norr)
    first = est_services.save_report(
        reporter,
        norr,
        "vecka",
        date(2025, 4, 1),
        _entries(checklist, klotter=("enstaka", None, None)),
    )
    second = est_services.save_report(
        reporter,
        norr,
        "vecka",
        date(2025, 4, 6),
        _entries(checklist, klotter=("omfattande", None, None)),
    )
    assert first.id == second.id
    assert [e.level for e in second.entries] == [3]
    assert db.session.scalar(db.select(db.func.count(EstReport.id))) == 1


def test_who_has_not_reported(app, area, norr, soder, checklist, in_request):
    done = factories.make_user(rapportor=norr)
    missing = factories.make_user(rapportor=soder)
    factories.make_user(samordnare=area)  # not a reporter
    today = date(2025, 4, 9)
    est_services.save_report(
        done, norr, "vecka", today, _entries(checklist, klotter=("enstaka", None, None))
    )
    est_services.save_report(
        missing,
        soder,
        "vecka",
        today - timedelta(days=7),
        _entries(checklist, klotter=("ingen", None, None)),
    )
    statuses = est_services.reporter_status(area, today, "vecka")
    assert [(s.user.id, s.missing) for s in statuses] == [(missing.id, True), (done.id, False)]
    assert statuses[0].previous_period is not None
    assert est_services.reporter_status(norr, today, "vecka")[0].user.id == done.id


def test_the_form_files_a_report_and_shows_it(client, login_as, norr, checklist):
    user = login_as("rapportor", norr)
    page = client.get(f"/hantera/est/rapport/{norr.slug}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Klotter" in text and "aldrig om namngivna personer" in text
    monday, _end = periods.est_period("vecka", periods_today(client))
    data = {"period": monday.isoformat()}
    for _slug, category in checklist.items():
        data[f"bedomning_{category.id}"] = "ingen"
    data[f"bedomning_{checklist['klotter'].id}"] = "omfattande"
    data[f"anteckning_{checklist['klotter'].id}"] = "Ny tag på gångbron, mejla mig på a@b.se"
    response = client.post(f"/hantera/est/rapport/{norr.slug}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    report = db.session.scalar(db.select(EstReport).where(EstReport.reporter_id == user.id))
    assert {e.category.slug: e.level for e in report.entries}["klotter"] == 3
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ny tag på gångbron" in shown


def periods_today(client):
    with client.application.app_context():
        return periods.today()


def test_a_bad_value_keeps_what_was_typed(client, login_as, norr, checklist):
    login_as("rapportor", norr)
    klotter = checklist["klotter"].id
    response = client.post(
        f"/hantera/est/rapport/{norr.slug}",
        data={
            "period": "1999-01-04",
            f"antal_{klotter}": "många",
            f"anteckning_{klotter}": "Vid tunneln",
        },
    )
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Vid tunneln" in text and 'aria-invalid="true"' in text
    assert db.session.scalar(db.select(db.func.count(EstReport.id))) == 0


def test_a_reporter_cannot_report_for_another_area_or_read_others_reports(
    client, login_as, norr, soder, checklist
):
    other = factories.make_user(rapportor=soder)
    report = est_services.save_report(other, soder, "vecka", date(2025, 4, 1), [])
    db.session.commit()
    login_as("rapportor", norr)
    assert client.get(f"/hantera/est/rapport/{soder.slug}").status_code == 403
    assert client.get(f"/hantera/est/rapporter/{report.id}").status_code == 403


def test_coordinators_see_who_is_missing(client, login_as, area, soder, checklist):
    factories.make_user("saknas@test.example", rapportor=soder)
    db.session.commit()
    login_as("samordnare", area)
    text = client.get(f"/hantera/est/omrade/{area.slug}").get_data(as_text=True)
    assert "Saknas" in text and "rapportör har inte rapporterat" in text


def test_checklist_categories_can_be_added_and_retired(client, login_as, area, checklist):
    login_as("admin", area)
    response = client.post(
        "/hantera/est/checklista",
        data={"name_sv": "Mopedbuskörning", "name_en": "Reckless moped riding", "sort_order": 5},
    )
    assert response.status_code == 302
    added = next(c for c in est_services.all_categories() if c.name_sv == "Mopedbuskörning")
    response = client.post(
        f"/hantera/est/checklista/{added.id}",
        data={"name_sv": "Mopedbuskörning", "name_en": "Reckless moped riding", "sort_order": 5},
    )
    assert response.status_code == 302
    assert added not in est_services.all_categories(active_only=True)
