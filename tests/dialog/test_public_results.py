"""The public results page: aggregates only, and no count below the minimum can be seen or derived."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.dialog import public_results, stats, vocab
from portal.extensions import db
from portal.timeutil import utcnow
from tests.dialog.helpers import make_survey, store


def _publish(survey):
    survey.results_published_at = utcnow()
    db.session.commit()


def test_unpublished_results_are_not_public(client, area):
    survey = make_survey(area)
    store(survey, {"trygghet": "ganska_trygg"})
    db.session.commit()
    assert client.get(f"/enkater/{survey.id}/resultat").status_code == 404


def test_too_few_responses_show_nothing(client, area):
    survey = make_survey(area)
    for _ in range(4):
        store(survey, {"trygghet": "ganska_trygg"})
    _publish(survey)
    page = client.get(f"/enkater/{survey.id}/resultat")
    assert page.status_code == 200
    assert "för få svar" in page.text
    assert "Ganska trygg" not in page.text


def test_small_cells_are_hidden_on_the_public_page(client, area, in_request):
    survey = make_survey(area)
    norr = area.children[0]
    answers = ["mycket_trygg"] * 20 + ["ganska_trygg"] * 20 + ["mycket_otrygg"] * 3
    for answer in answers:
        store(
            survey,
            {
                "trygghet": answer,
                "bostadsomrade": str(norr.id),
                "mer_att_beratta": "Mitt namn är Kalle",
            },
        )
    _publish(survey)
    report = public_results.build(survey, "sv", 5)
    trygghet = next(p for p in report.questions if p.question.role == vocab.TRYGGHET)
    shown = {c.code: c.count for c in trygghet.cells}
    assert shown["mycket_otrygg"] is None  # 3 < 5
    assert report.otrygghet is None  # it would give the hidden 3 away
    # the hidden cell cannot be recovered: some other cell in its line is hidden too
    assert sum(v is None for v in shown.values() if v != 0) >= 2 or trygghet.n is None
    page = client.get(f"/enkater/{survey.id}/resultat")
    assert page.status_code == 200
    assert "Kalle" not in page.text  # free text is never published here
    assert not re.search(r'<td class="num">3</td>', page.text)


def test_published_figures_when_every_input_is_large_enough(area, in_request):
    survey = make_survey(area)
    for answer in ["mycket_trygg"] * 10 + ["ganska_otrygg"] * 6 + ["mycket_otrygg"] * 5:
        store(survey, {"trygghet": answer, "problem_klotter": "ganska_stort"})
    report = public_results.build(survey, "sv", 5)
    assert report.total == 21
    assert report.otrygghet == stats.otrygghet_from_counts(
        {"mycket_trygg": 10, "ganska_otrygg": 6, "mycket_otrygg": 5}
    )
    klotter = next(p for p in report.problems if p.question.key == "problem_klotter")
    assert klotter.derived[1] == 4.0  # everyone: ganska stort = 4


def _published_numbers(report) -> list:
    found = []
    for pq in [*report.questions, *report.problems]:
        found.append(pq.n)
        found += [c.count for c in pq.cells]
        for row in pq.area_rows:
            found += [*row.cells, row.total]
        found += pq.area_totals
    return found


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["mycket_trygg", "ganska_trygg", "ganska_otrygg", "mycket_otrygg"]),
            st.sampled_from([0, 1]),
        ),
        max_size=40,
    )
)
def test_no_published_number_is_between_one_and_the_minimum(area, in_request, people):
    survey = make_survey(area)
    for answer, home in people:
        store(survey, {"trygghet": answer, "bostadsomrade": str(area.children[home].id)})
    report = public_results.build(survey, "sv", 5)
    for value in _published_numbers(report):
        assert value is None or value == 0 or value >= 5
    trygghet = next((p for p in report.questions if p.question.role == vocab.TRYGGHET), None)
    if trygghet is not None:
        # a row or column with exactly one hidden cell and a shown total would give it away
        for row in trygghet.area_rows:
            if row.total is not None:
                assert sum(v is None for v in row.cells) != 1
        if trygghet.n is not None:
            assert sum(c.count is None for c in trygghet.cells) != 1
    db.session.rollback()
