"""CSV import of EST spreadsheets: every row checked, nothing imported on any error."""

from datetime import date

import pytest
from click.testing import CliRunner  # noqa: F401  (the app's runner wraps it)

from portal.extensions import db
from portal.lagesbild import est_csv, est_import
from portal.lagesbild.models import EstEntry, EstReport

GOOD = """område;vecka;rapportör;kategori;bedömning;antal;anteckning
norr;2025-v14;Fritidsgården;Klotter;återkommande;;Klotter på tunneln, ring 070-123 45 67
norr;2025-v14;Fritidsgården;skadegorelse;ingen;;
söder;v15 2025;Bostadsbolaget;Nedskräpning;;12;
söder;2025-15;Bostadsbolaget;klotter;enstaka;;
"""


def _parse(text, area, kind="vecka"):
    return est_import.parse(text, area, kind, 1000)


def counts():
    return (
        db.session.scalar(db.select(db.func.count(EstReport.id))),
        db.session.scalar(db.select(db.func.count(EstEntry.id))),
    )


def test_a_good_file_imports_everything(area, checklist, in_request):
    parsed = _parse(GOOD, area)
    result = est_import.import_parsed(parsed, "test", area)
    db.session.commit()
    assert (result.reports, result.entries) == (2, 4)
    assert counts() == (2, 4)
    entries = {
        (e.report.organisation, e.category.slug): e for e in db.session.scalars(db.select(EstEntry))
    }
    klotter = entries[("Fritidsgården", "klotter")]
    assert klotter.level == 2 and klotter.report.area.slug == "norr"
    assert klotter.report.period_start == date(2025, 3, 31)
    assert "070-123 45 67" in klotter.note
    assert "070-123 45 67" not in klotter.note_masked and "telefon" in klotter.masked_kinds
    litter = entries[("Bostadsbolaget", "nedskrapning")]
    assert (litter.count, litter.level, litter.assessment) == (12, 3, None)  # 12 ≥ 10: omfattande
    assert litter.report.period_start == date(2025, 4, 7)


def test_one_bad_row_imports_nothing_and_names_the_row(area, checklist, in_request):
    text = GOOD + "norr;2025-v16;Fritidsgården;Klotter;ganska mycket;;\n"
    with pytest.raises(est_import.ImportFailed) as failed:
        _parse(text, area)
    assert counts() == (0, 0)
    (error,) = failed.value.errors
    assert (error.line, error.column) == (6, "bedömning")
    assert "ingen, enstaka, återkommande eller omfattande" in error.reason
    assert str(error).startswith("rad 6, kolumn bedömning:")


def test_every_bad_row_is_listed_with_column_and_reason(area, checklist, in_request):
    text = (
        "vecka,rapportör,kategori,antal,område\n"
        "2025-v99,X,Klotter,1,norr\n"
        "2025-v10,,Klotter,1,norr\n"
        "2025-v10,X,Okänt,1,norr\n"
        "2025-v10,X,Klotter,-3,norr\n"
        "2025-v10,X,Klotter,1,Stockholm\n"
    )
    with pytest.raises(est_import.ImportFailed) as failed:
        _parse(text, area)
    found = [(e.line, e.column) for e in failed.value.errors]
    assert found == [(2, "vecka"), (3, "rapportör"), (4, "kategori"), (5, "antal"), (6, "område")]


def test_missing_columns_are_named_on_the_header_line(area, checklist, in_request):
    with pytest.raises(est_import.ImportFailed) as failed:
        _parse("område;bedömning\nnorr;enstaka\n", area)
    assert {(e.line, e.column) for e in failed.value.errors} == {
        (1, "kategori"),
        (1, "rapportor"),
        (1, "vecka"),
    }


def test_incident_rows_add_up_and_assessments_may_not_repeat(area, checklist, in_request):
    incidents = (
        "datum;rapportör;kategori;anteckning\n"
        "2025-04-01;Vakt;Klotter;A\n2025-04-03;Vakt;Klotter;B\n2025-04-04;Vakt;Klotter;C\n"
    )
    parsed = _parse(incidents, area)
    (report,) = parsed.reports
    (entry,) = report.entries.values()
    assert entry.incidents == 3 and entry.notes == ["A", "B", "C"]
    twice = "vecka;rapportör;kategori;bedömning\n2025-v14;Vakt;Klotter;enstaka\n2025-v14;Vakt;klotter;omfattande\n"
    with pytest.raises(est_import.ImportFailed) as failed:
        _parse(twice, area)
    assert [(e.line, e.column) for e in failed.value.errors] == [(3, "kategori")]
    assert "rad 2" in failed.value.errors[0].reason


def test_importing_the_same_file_twice_is_refused(area, checklist, in_request):
    est_import.import_parsed(_parse(GOOD, area), "test", area)
    db.session.commit()
    with pytest.raises(est_import.ImportFailed) as failed:
        _parse(GOOD, area)
    assert {e.line for e in failed.value.errors} == {2, 4}  # the first row of each report
    assert counts() == (2, 4)


def test_windows_1252_and_commas_are_read(area, checklist, in_request):
    data = "omrade,vecka,rapportor,kategori,bedomning\nnorr,2025-v14,Fritidsgården,Nedskräpning,återkommande\n".encode(
        "cp1252"
    )
    parsed = _parse(est_csv.decode(data), area)
    assert parsed.reports[0].organisation == "Fritidsgården"


def test_cli_imports_with_progress_and_refuses_a_bad_file(app, area, checklist, tmp_path):
    good = tmp_path / "est.csv"
    good.write_text(GOOD, encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["est", "import", str(good), "--area", area.slug])
    assert result.exit_code == 0, result.output
    assert "Importerade 2 rapporter med 4 rader" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text(
        GOOD.replace("2025-v14", "2026-v14").replace("återkommande", "kanske"), encoding="utf-8"
    )
    result = runner.invoke(args=["est", "import", str(bad), "--area", area.slug])
    assert result.exit_code != 0
    assert "rad 2, kolumn bedömning" in result.output
    assert "Inget importerades: 1 fel" in result.output
    assert counts() == (2, 4)


def test_upload_page_lists_errors_and_imports_nothing(client, login_as, area, checklist):
    login_as("samordnare", area)
    from io import BytesIO

    bad = GOOD + "norr;2025-v16;;Klotter;enstaka;;\n"
    response = client.post(
        "/hantera/est/import",
        data={"area": area.id, "period": "vecka", "file": (BytesIO(bad.encode()), "est.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Inget importerades" in page and '<td class="num">6</td>' in page
    assert counts() == (0, 0)
    response = client.post(
        "/hantera/est/import",
        data={"area": area.id, "period": "vecka", "file": (BytesIO(GOOD.encode()), "est.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert counts() == (2, 4)


def test_upload_to_an_area_outside_mine_is_refused(client, login_as, area, checklist):
    from io import BytesIO

    from tests.factories import make_area

    elsewhere = make_area("Annanstans", kind="kommun", bbox=(14.0, 58.0, 14.3, 58.2))
    db.session.commit()
    login_as("samordnare", area)
    response = client.post(
        "/hantera/est/import",
        data={"area": elsewhere.id, "period": "vecka", "file": (BytesIO(GOOD.encode()), "est.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400  # not a choice offered to this user
    assert counts() == (0, 0)
