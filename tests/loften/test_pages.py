"""Public pages, sections on other domains' pages, the widget and the dashboard notice."""

from datetime import UTC, date, timedelta

import pytest
from flask import render_template_string

from portal.dialog import vocab as survey_vocab
from portal.extensions import db
from portal.loften import commitments, sections, services, vocab
from portal.timeutil import utcnow
from tests.dialog import helpers as survey_helpers
from tests.loften import helpers


@pytest.fixture
def promise(area, coordinator):
    found = helpers.published_promise(area, coordinator)
    helpers.update(
        coordinator, found.commitments[0], value=120, text="120 patrulleringar **hittills**."
    )
    db.session.commit()
    return found


def test_index_lists_public_promises_with_progress(app, client, area, coordinator, promise):
    draft = helpers.draft_promise(area, coordinator, title="Hemligt utkast")
    db.session.commit()
    html = client.get("/loften/").get_data(as_text=True)
    assert promise.title in html
    assert draft.title not in html
    # The bar has a text equivalent: the share done and the counts in words.
    assert "30 % av löftet är genomfört." in html
    assert "0 av 2 åtaganden genomförda" in html


def test_index_filters_by_area_and_state(app, client, area, promise):
    child = area.children[0].slug
    assert promise.title in client.get(f"/loften/?omrade={child}").get_data(as_text=True)
    assert promise.title not in client.get("/loften/?status=avslutat").get_data(as_text=True)
    unknown = client.get("/loften/?omrade=finns-inte&status=<script>")
    assert unknown.status_code == 200
    assert "Området finns inte" in unknown.get_data(as_text=True)


def test_promise_page_reads_top_to_bottom(app, client, promise):
    response = client.get(f"/loften/{promise.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    order = [
        html.index("Det här har vi hört</h2>"),
        html.index("Det här lovar vi</h2>"),
        html.index("Det här har vi gjort</h2>"),
        html.index("Så följer vi upp</h2>"),
        html.index("De som har skrivit under</h2>"),
    ]
    assert order == sorted(order)
    assert "120 av 200 patrulleringar (60 %)." in html
    assert "<strong>hittills</strong>" in html
    assert "Anna Andersson" in html
    assert "Polisen</h3>" in html and "Testbostäder AB</h3>" in html  # per party
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_draft_pages_are_not_public(app, client, area, coordinator):
    draft = helpers.draft_promise(area, coordinator)
    db.session.commit()
    for url in (
        f"/loften/{draft.id}",
        f"/loften/{draft.id}/historik",
        f"/loften/widget/{draft.id}",
    ):
        assert client.get(url).status_code == 404


def _survey(area, trygg: int, otrygg: int, published: bool = True):
    survey = survey_helpers.make_survey(area, state=survey_vocab.STANGD)
    for _ in range(trygg):
        survey_helpers.store(survey, {"trygghet": "ganska_trygg"})
    for _ in range(otrygg):
        survey_helpers.store(survey, {"trygghet": "mycket_otrygg"})
    if published:
        survey.results_published_at = utcnow()
    db.session.flush()
    return survey


def test_follow_up_compares_before_and_after_in_plain_words(
    app, client, area, coordinator, promise
):
    before = _survey(area, 60, 40)
    after = _survey(area, 80, 20)
    services.set_surveys(coordinator, promise, before.id, after.id, "trygghet")
    db.session.commit()
    html = client.get(f"/loften/{promise.id}").get_data(as_text=True)
    assert "Andelen otrygga har minskat med 20 procentenheter" in html
    assert "konfidensintervall" in html
    assert "Skillnaden är statistiskt säkerställd" in html
    assert "40 % (95 % konfidensintervall" in html


def test_small_or_unpublished_surveys_show_no_numbers(app, client, area, coordinator, promise):
    small = _survey(area, 2, 2)
    hidden = _survey(area, 60, 40, published=False)
    services.set_surveys(coordinator, promise, small.id, hidden.id, "trygghet")
    db.session.commit()
    html = client.get(f"/loften/{promise.id}").get_data(as_text=True)
    assert "konfidensintervall" not in html
    assert "minst 5 personer har svarat" in html


def test_widget_may_be_framed_and_links_out(app, client, promise):
    response = client.get(f"/loften/widget/{promise.id}")
    assert response.status_code == 200
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    html = response.get_data(as_text=True)
    assert 'target="_blank" rel="noopener"' in html
    assert "30 % av löftet är genomfört." in html
    page = client.get(f"/loften/{promise.id}").get_data(as_text=True)
    assert f"/loften/widget/{promise.id}" in page and "&lt;iframe src=" in page


def test_you_said_we_did_on_the_place_and_follow_pages(app, area, coordinator, promise):
    place, observation = helpers.published_place(coordinator)
    commitment = promise.commitments[0]
    activity = commitments.add_activity(coordinator, commitment, "Kvällspatrullering", "", None)
    commitments.add_link(coordinator, commitment, vocab.PLACE, place.id, "Belysning", activity.id)
    db.session.commit()
    with app.test_request_context():
        follow = str(sections.follow_section(observation))
        at_place = str(sections.place_section(place))
        slot = render_template_string(
            '{% for s in page_sections("follow", o) %}{{ s }}{% endfor %}', o=observation
        )
    for html in (follow, at_place, slot):
        assert "Det här ledde till ett medborgarlöfte" in html
        assert promise.title in html
        assert "Patrullera vid minst 200 tillfällen" in html
        assert "aktivitet: Kvällspatrullering" in html
        assert "120 av 200 patrulleringar" in html


def test_a_report_merged_into_a_linked_place_leads_to_the_promise(app, area, coordinator, promise):
    from portal.map import handling

    target, _first = helpers.published_place(coordinator)
    other, observation = helpers.published_place(coordinator, point=(17.16, 60.71))
    handling.merge(coordinator, other, target)
    commitments.add_link(coordinator, promise.commitments[0], vocab.PLACE, target.id, "Belysning")
    db.session.commit()
    with app.test_request_context():
        assert promise.title in str(sections.follow_section(observation))


def test_a_walk_point_link_shows_on_the_follow_page_of_its_reports(app, area, coordinator, promise):
    from datetime import datetime

    from portal.walks.models import Walk, WalkPoint

    place, observation = helpers.published_place(coordinator)
    start = datetime(2026, 5, 1, 18, tzinfo=UTC)
    walk = Walk(
        area=area,
        title="Kvällsvandring",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        meeting_point="Torget",
        join_code="ABC123",
        pin_opens_at=start,
        pin_closes_at=start + timedelta(hours=3),
    )
    point = WalkPoint(walk=walk, place=place, number=1, included=True)
    db.session.add_all([walk, point])
    db.session.flush()
    commitments.add_link(coordinator, promise.commitments[0], vocab.WALK_POINT, point.id, "Punkt 1")
    db.session.commit()
    with app.test_request_context():
        assert promise.title in str(sections.follow_section(observation))


def test_links_of_drafts_are_not_shown(app, area, coordinator):
    place, observation = helpers.published_place(coordinator)
    draft = helpers.draft_promise(area, coordinator, commitments_=(helpers.commitment_input(),))
    commitments.add_link(coordinator, draft.commitments[0], vocab.PLACE, place.id, "Belysning")
    db.session.commit()
    with app.test_request_context():
        assert sections.follow_section(observation) is None
        assert sections.place_section(place) is None


def test_area_page_lists_promises(app, client, area, promise):
    html = client.get(f"/omraden/{area.children[0].slug}").get_data(as_text=True)
    assert "Medborgarlöften</h2>" in html
    assert promise.title in html


def test_dashboard_notice_when_a_review_is_due(app, client, area, coordinator, promise, sign_in):
    promise.next_review_on = services.today() + timedelta(days=3)
    db.session.commit()
    sign_in(coordinator)
    html = client.get("/hantera/").get_data(as_text=True)
    assert "Medborgarlöften att se över: 1." in html
    assert 'href="/hantera/loften/"' in html


def test_no_dashboard_notice_when_nothing_is_due(app, client, area, coordinator, promise, sign_in):
    promise.next_review_on = services.today() + timedelta(days=90)
    db.session.commit()
    sign_in(coordinator)
    assert "att se över" not in client.get("/hantera/").get_data(as_text=True)


def test_update_photo_is_served_only_for_public_promises(
    app, client, area, coordinator, promise, storage
):
    update = promise.commitments[0].updates[0]
    storage.save("loften/aa/test.webp", b"RIFFxxxxWEBP", "image/webp")
    update.photo_key = update.thumb_key = "loften/aa/test.webp"
    update.photo_alt = "Ny lampa"
    db.session.commit()
    assert client.get(f"/loften/bild/{update.id}/bild").status_code == 200
    assert client.get(f"/loften/bild/{update.id}/annat").status_code == 404
    assert client.get("/loften/bild/999999/bild").status_code == 404


def test_long_timelines_show_the_newest_with_a_link_to_all(
    app, client, coordinator, promise, monkeypatch
):
    from portal.loften import present

    helpers.update(
        coordinator, promise.commitments[1], text="Andra uppdateringen.", on=date(2026, 3, 1)
    )
    db.session.commit()
    monkeypatch.setattr(present, "TIMELINE_SHOWN", 1)
    short = client.get(f"/loften/{promise.id}").get_data(as_text=True)
    assert "Andra uppdateringen." in short and "120 patrulleringar" not in short
    assert "Visar de 1 senaste av 2 uppdateringar." in short
    full = client.get(f"/loften/{promise.id}?uppdateringar=alla").get_data(as_text=True)
    assert "Andra uppdateringen." in full and "120 patrulleringar" in full
