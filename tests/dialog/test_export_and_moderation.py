"""CSV export (streamed, anonymised, Excel variant) and the free-text moderation queue."""

from __future__ import annotations

import csv
import io

from portal.dialog import export, moderation
from portal.dialog.models import Response, TextAnswer
from portal.extensions import db
from tests.dialog.helpers import make_survey, question, store, survey_text


def test_csv_export_is_streamed_one_row_per_response(client, login_as, area, monkeypatch):
    monkeypatch.setattr(export, "BATCH", 2)
    login_as("samordnare", area)
    survey = make_survey(area, "medborgardialog")
    norr = area.children[0]
    for number in range(5):
        store(
            survey,
            {
                "storsta_problem": "belysning",
                "prioritera": ["belysning", "unga"] if number % 2 else ["trafik"],
                "bostadsomrade": str(norr.id),
                "varfor_otryggt": "Ring 070-123 45 67",
            },
        )
    db.session.commit()
    response = client.get(f"/hantera/enkater/{survey.id}/export.csv", buffered=False)
    assert response.status_code == 200
    assert response.is_streamed
    chunks = list(response.response)
    assert len(chunks) >= 3  # header + 5 rows in batches of 2
    text = "".join(c.decode() if isinstance(c, bytes) else c for c in chunks)
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + 5
    header = rows[0]
    assert header[:4] == ["svar nr", "datum", "område", "språk"]
    assert [row[0] for row in rows[1:]] == ["1", "2", "3", "4", "5"]  # not database ids
    priority_unga = header.index(
        "4. Vad ska polisen och kommunen prioritera? Välj högst tre.: Fler aktiviteter för unga"
    )
    assert [row[priority_unga] for row in rows[1:]] == ["0", "1", "0", "1", "0"]
    assert rows[1][2] == "Norr"
    why = header.index("6. Varför känns det otryggt där?")
    assert rows[1][why] == "[ej granskad]"  # unmoderated text is not exported
    assert "070-123" not in text


def test_excel_variant_has_semicolons_and_a_bom(client, login_as, area):
    login_as("polis", area)
    survey = make_survey(area, "medborgardialog")
    target = area.children[0]
    from portal.dialog.answering import PointValue

    store(
        survey,
        {"storsta_problem": "trafik", "otrygg_plats": PointValue(17.123456, 60.7, target.id, "")},
    )
    db.session.commit()
    response = client.get(f"/hantera/enkater/{survey.id}/export.csv?format=excel")
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "svar nr"
    assert "17,123" in rows[1] and "60,700" in rows[1]  # rounded to ~100 m, decimal comma
    assert "attachment" in response.headers["Content-Disposition"]


def test_export_is_audited(client, login_as, area):
    login_as("samordnare", area)
    survey = make_survey(area)
    db.session.commit()
    client.get(f"/hantera/enkater/{survey.id}/export.csv").close()
    from portal.auth.models import AuditEntry

    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "dialog.export"))


def test_free_text_is_masked_before_it_is_stored(area):
    survey = make_survey(area)
    store(
        survey,
        {
            "trygghet": "ganska_trygg",
            "mer_att_beratta": "Ring Kalle på 070-123 45 67, han bor på Storgatan 12. Bilen ABC 123.",
        },
    )
    text = survey_text(survey)
    assert (
        "070-123" not in text.text
        and "Storgatan 12" not in text.text
        and "ABC 123" not in text.text
    )
    assert "[telefonnummer borttaget]" in text.text
    assert {"telefon", "adress", "regnummer"} <= set(text.masked_kinds)
    assert text.state == moderation.PENDING


def test_moderator_hides_more_and_approves(client, login_as, area):
    login_as("samordnare", area)
    survey = make_survey(area)
    store(
        survey,
        {"trygghet": "ganska_trygg", "mer_att_beratta": "Kalle Svensson stör alla på kvällarna."},
    )
    db.session.commit()
    text = survey_text(survey)
    queue = client.get("/hantera/enkater/moderering")
    assert "Kalle Svensson stör alla" in queue.text
    results = client.get(f"/hantera/enkater/{survey.id}/resultat")
    assert "Kalle Svensson" not in results.text  # not shown outside moderation before approval
    response = client.post(
        f"/hantera/enkater/moderering/{text.id}",
        data={"atgard": "godkann", "hide": "kalle svensson\n"},
    )
    assert response.status_code == 302
    stored = db.session.get(TextAnswer, text.id)
    assert stored.text == "[dolt] stör alla på kvällarna."
    assert stored.state == moderation.APPROVED and stored.moderated_at is not None
    results = client.get(f"/hantera/enkater/{survey.id}/resultat")
    assert "[dolt] stör alla på kvällarna." in results.text


def test_rejected_text_stays_out_and_emergencies_are_flagged(client, login_as, area):
    login_as("polis", area)
    survey = make_survey(area)
    store(survey, {"trygghet": "ganska_trygg", "mer_att_beratta": "Han har en kniv och hotar mig!"})
    db.session.commit()
    text = survey_text(survey)
    assert text.maybe_tip
    queue = client.get("/hantera/enkater/moderering")
    assert "Kan vara ett nödläge" in queue.text
    client.post(f"/hantera/enkater/moderering/{text.id}", data={"atgard": "avvisa"})
    assert db.session.get(TextAnswer, text.id).state == moderation.REJECTED
    assert "hotar mig" not in client.get(f"/hantera/enkater/{survey.id}/resultat").text


def test_moderation_is_limited_to_the_moderators_areas(client, login_as, area):
    from tests.factories import make_area

    elsewhere = make_area("Annan kommun", kind="kommun", bbox=(14.0, 58.0, 14.3, 58.2))
    login_as("samordnare", elsewhere)
    survey = make_survey(area)
    store(survey, {"trygghet": "ganska_trygg", "mer_att_beratta": "Mörkt vid stationen"})
    db.session.commit()
    text = survey_text(survey)
    assert "Mörkt vid stationen" not in client.get("/hantera/enkater/moderering").text
    assert (
        client.post(
            f"/hantera/enkater/moderering/{text.id}", data={"atgard": "godkann"}
        ).status_code
        == 403
    )
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 1
    assert question(survey, "trygghet")
