"""Repeat walks: a new walk in the same area follows an earlier one and shows what came of
its points."""

from __future__ import annotations

from datetime import timedelta

from portal.extensions import db
from portal.map import handling
from portal.map import vocab as place_vocab
from portal.timeutil import utcnow
from portal.walks import pins, protocol, services
from tests.walks.conftest import NORR, SODER, join, make_walk, part

EAST = (17.25, 60.70)
WEST = (17.05, 60.70)


def earlier_with_protocol(leader, coordinator, area, cats):
    """A walk 90 days ago with four points: resolved, no action, open, and a positive one."""
    walk = make_walk(leader, area, starts_in=timedelta(days=-90))
    participant, _ = join(walk)
    moment = walk.starts + timedelta(minutes=10)
    specs = [(NORR, "belysning"), (SODER, "klotter"), (EAST, "gangtunnel"), (WEST, "tryggt")]
    for point, slug in specs:
        pins.add_pin(
            walk,
            participant,
            category=cats[slug],
            description="x",
            now=moment,
            lon=point[0],
            lat=point[1],
        )
    points = protocol.build(coordinator, walk)
    for point in points:
        protocol.save_point(
            coordinator,
            point,
            category=point.place.category,
            public_description="Beskrivning",
            responsible="Kommunen",
            deadline=None,
            status=point.place.status,
            reason=None,
            note=None,
            priority=None,
            included=True,
        )
    protocol.publish(coordinator, walk)
    handling.change_status(coordinator, points[0].place, place_vocab.ATGARDAD)
    handling.change_status(
        coordinator, points[1].place, place_vocab.INGEN_ATGARD, reason="Privat mark."
    )
    handling.change_status(coordinator, points[2].place, place_vocab.PLANERAD)
    db.session.commit()
    return walk, points


def test_the_comparison_sorts_points_by_outcome(leader, coordinator, area, cats):
    earlier, (resolved, no_action, still_open, positive) = earlier_with_protocol(
        leader, coordinator, area, cats
    )
    later = make_walk(leader, area, starts_in=timedelta(days=7), previous_walk=earlier)
    comparison = protocol.compare(later)
    assert comparison.previous.id == earlier.id
    assert [p.id for p in comparison.resolved] == [resolved.id]
    assert [p.id for p in comparison.no_action] == [no_action.id]
    assert [p.id for p in comparison.open] == [still_open.id]
    assert [p.id for p in comparison.positive] == [positive.id]
    assert comparison.total == 3  # the positive observation is not counted as needing action
    assert comparison.new_pins == 0 and not comparison.seen_again


def test_a_point_pinned_again_is_marked(leader, coordinator, area, cats):
    earlier, points = earlier_with_protocol(leader, coordinator, area, cats)
    later = make_walk(leader, area, previous_walk=earlier)
    participant, _ = join(later)
    near_open = (EAST[0] + 0.0001, EAST[1])  # about 5 m from the open point
    pins.add_pin(
        later,
        participant,
        category=cats["gangtunnel"],
        description="Fortfarande mörkt",
        now=utcnow(),
        lon=near_open[0],
        lat=near_open[1],
    )
    db.session.commit()
    comparison = protocol.compare(later)
    assert comparison.seen_again == {points[2].id}
    assert comparison.new_pins == 1


def test_merged_places_are_followed(leader, coordinator, area, cats):
    earlier, points = earlier_with_protocol(leader, coordinator, area, cats)
    handling.merge(coordinator, points[2].place, points[0].place)  # open point merged into resolved
    db.session.commit()
    later = make_walk(leader, area, previous_walk=earlier)
    comparison = protocol.compare(later)
    assert points[2].id in [p.id for p in comparison.resolved]


def test_the_public_comparison_shows_only_public_points(client, leader, coordinator, area, cats):
    earlier, points = earlier_with_protocol(leader, coordinator, area, cats)
    handling.set_published(coordinator, points[2].place, False)
    later = make_walk(leader, area, starts_in=timedelta(days=7), previous_walk=earlier)
    assert len(protocol.compare(later, public=True).open) == 0
    assert len(protocol.compare(later).open) == 1
    html = client.get(f"/vandringar/{later.id}").get_data(as_text=True)
    assert "Uppföljning av vandringen" in html
    assert "1 av 2 punkter är åtgärdade, 1 får ingen åtgärd och 0 är fortfarande öppna." in html
    assert "Privat mark." in html


def test_without_a_previous_walk_there_is_no_comparison(walk):
    assert protocol.compare(walk) is None


def test_earlier_walks_in_the_same_area(leader, area, cats):
    norr, soder = part(area, "Norr"), part(area, "Söder")
    in_kommun = make_walk(leader, area, starts_in=timedelta(days=-30))
    in_norr = make_walk(leader, norr, starts_in=timedelta(days=-20))
    in_soder = make_walk(leader, soder, starts_in=timedelta(days=-10))
    future = make_walk(leader, norr, starts_in=timedelta(days=10))
    found = {w.id for w in services.earlier_walks(norr, utcnow())}
    assert found == {in_kommun.id, in_norr.id}  # the area, its ancestors; not siblings
    assert in_soder.id not in found and future.id not in found
    found = {w.id for w in services.earlier_walks(area, utcnow())}
    assert found == {in_kommun.id, in_norr.id, in_soder.id}  # the area and its subtree


def test_a_follow_up_is_prefilled_from_the_earlier_walk(client, login_as, leader, area, cats):
    login_as("vandringsledare", area)
    earlier = make_walk(leader, area, starts_in=timedelta(days=-30), meeting_point="Vid kiosken")
    html = client.get(f"/hantera/vandringar/ny?foregaende={earlier.id}").get_data(as_text=True)
    assert 'value="Vid kiosken"' in html
    assert f'<option selected value="{earlier.id}">' in html
    assert "LineString" in html


def test_the_earlier_walk_links_to_its_follow_ups(client, leader, area, cats):
    earlier = make_walk(leader, area, starts_in=timedelta(days=-30))
    later = make_walk(
        leader, area, starts_in=timedelta(days=5), title="Uppföljningen", previous_walk=earlier
    )
    html = client.get(f"/vandringar/{earlier.id}").get_data(as_text=True)
    assert "Uppföljande vandringar" in html and f"/vandringar/{later.id}" in html
