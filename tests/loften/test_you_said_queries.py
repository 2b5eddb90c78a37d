"""The "you said, we did" section reads a fixed number of SQL statements, however many links.

Counted with SQLAlchemy's ``before_cursor_execute`` event, on a session emptied first (as in a
new request), so that lazy loads cannot hide behind objects the test itself created.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import event, text

from portal.extensions import db
from portal.loften import commitments, sections, vocab
from portal.map import handling
from portal.map.models import Place
from portal.walks.models import Walk, WalkPoint
from tests.loften import helpers


@contextmanager
def counted():
    statements: list[str] = []

    def count(_conn, _cursor, statement, _params, _context, _executemany) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def statements_for(action: Callable[[], object]) -> list[str]:
    db.session.expunge_all()  # nothing left over from building the data
    db.session.execute(text("SELECT 1"))  # the test's own SAVEPOINT is not the section's
    with counted() as statements:
        action()
    return statements


def link_promises(area, coordinator, place_id: int, promises: int, per_promise: int) -> None:
    """``promises`` published promises whose every commitment (with an activity) links the place."""
    for number in range(promises):
        promise = helpers.published_promise(
            area,
            coordinator,
            commitments_=[
                helpers.commitment_input(title=f"Åtagande {number}.{c}") for c in range(per_promise)
            ],
        )
        for commitment in promise.commitments:
            activity = commitments.add_activity(
                coordinator, commitment, f"Aktivitet {commitment.id}", "", None
            )
            commitments.add_link(
                coordinator, commitment, vocab.PLACE, place_id, "Belysning", activity.id
            )
    db.session.commit()


def walk_point_on(area, place_id: int) -> int:
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
    point = WalkPoint(walk=walk, place_id=place_id, number=1, included=True)
    db.session.add_all([walk, point])
    db.session.flush()
    return point.id


def section_statements(app, place_id: int) -> tuple[list[str], str]:
    found: dict[str, str] = {}

    def render() -> None:
        with app.test_request_context():
            found["html"] = str(sections.place_section(db.session.get(Place, place_id)))

    return statements_for(render), found["html"]


def test_place_section_reads_a_fixed_number_of_statements(app, area, coordinator):
    few, _observation = helpers.published_place(coordinator)
    many, _other = helpers.published_place(coordinator, point=(17.16, 60.71))
    few_id, many_id = few.id, many.id
    link_promises(area, coordinator, few_id, promises=1, per_promise=1)
    link_promises(area, coordinator, many_id, promises=4, per_promise=3)
    # more of the same place: two reports merged into it (one into the other first), each linked,
    # and a walk point on it that a commitment answers
    merged, _a = helpers.published_place(coordinator, point=(17.17, 60.72))
    deeper, _b = helpers.published_place(coordinator, point=(17.18, 60.73))
    handling.merge(coordinator, deeper, merged)
    handling.merge(coordinator, merged, many)
    extra = helpers.published_promise(area, coordinator)
    commitments.add_link(coordinator, extra.commitments[0], vocab.PLACE, deeper.id, "Belysning")
    point_id = walk_point_on(area, many_id)
    commitments.add_link(coordinator, extra.commitments[1], vocab.WALK_POINT, point_id, "Punkt 1")
    db.session.commit()

    small, small_html = section_statements(app, few_id)
    large, large_html = section_statements(app, many_id)

    assert small_html.count('class="loften-you-said-item"') == 1
    assert large_html.count('class="loften-you-said-item"') == 5  # 4 promises and the extra one
    assert large_html.count("aktivitet: Aktivitet") == 12
    assert "Sanera klotter inom 24 timmar" in large_html  # reached through the walk point
    assert len(large) == len(small), "\n".join(small)
    assert len(large) <= 10, "\n".join(large)


def test_place_page_reads_as_many_statements_with_many_links(app, client, area, coordinator):
    few, _observation = helpers.published_place(coordinator)
    many, _other = helpers.published_place(coordinator, point=(17.16, 60.71))
    few_id, many_id = few.id, many.id
    link_promises(area, coordinator, few_id, promises=1, per_promise=1)
    link_promises(area, coordinator, many_id, promises=3, per_promise=4)
    for place_id in (few_id, many_id):  # warm up whatever a process reads once
        assert client.get(f"/platser/{place_id}").status_code == 200

    small = statements_for(lambda: client.get(f"/platser/{few_id}"))
    responses = {}
    large = statements_for(lambda: responses.setdefault("many", client.get(f"/platser/{many_id}")))

    assert responses["many"].get_data(as_text=True).count("loften-you-said-item") == 3
    assert len(large) == len(small), "\n".join(large)
