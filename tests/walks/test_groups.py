"""Night-walk groups: the group, its schedule, its code, after-walk reports, the lägesbild."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from portal.auth.models import AuditEntry
from portal.extensions import db
from portal.lagesbild import compute, periods, present
from portal.timeutil import utcnow
from portal.walks import groups, vocab
from portal.walks.models import NightWalkReport, Walk, WalkGroup
from portal.walks.timing import zone
from tests import factories
from tests.walks.conftest import make_walk

ZONE = "Europe/Stockholm"


def make_group(actor, area, **overrides) -> WalkGroup:
    values = {
        "area": area,
        "name": "Nattvandrarna",
        "start_time": time(21, 0),
        "end_time": time(1, 0),
        "meeting_point": "Fritidsgården",
        "weekdays": (4, 5),
        "members": 12,
    }
    values.update(overrides)
    group = groups.create_group(actor, **values)
    db.session.commit()
    return group


def group_walk(actor, group, **kwargs) -> Walk:
    walk = make_walk(actor, group.area, **kwargs)
    walk.group = group
    db.session.commit()
    return walk


def test_schedule_creates_friday_and_saturday_walks_once(app, leader, area):
    group = make_group(leader, area)
    now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # a Monday
    created = groups.schedule_walks(leader, group, now=now, zone_name=ZONE, count=4)
    db.session.commit()
    assert len(created) == 4
    local = [w.starts.astimezone(zone(ZONE)) for w in created]
    assert [d.weekday() for d in local] == [4, 5, 4, 5]
    assert all(d.hour == 21 for d in local)
    # 21–01 ends the next morning
    assert all(w.ends - w.starts == timedelta(hours=4) for w in created)
    assert all(w.group_id == group.id and w.area_id == area.id for w in created)
    # Running it again adds only walks that are not in the calendar yet.
    again = groups.schedule_walks(leader, group, now=now, zone_name=ZONE, count=4)
    assert len(again) == 4
    starts = [w.starts for w in created + again]
    assert len(set(starts)) == 8


def test_group_code_leads_to_the_open_walk(client, leader, area, cats):
    group = make_group(leader, area)
    later = group_walk(leader, group, starts_in=timedelta(days=2))
    response = client.get(f"/vandring/grupp/{group.join_code}")
    assert response.status_code == 409  # nothing open now; the next walk is named
    assert b"Nattvandrarna" in response.data
    now_walk = group_walk(leader, group)
    response = client.get(f"/vandring/grupp/{group.join_code.lower()}")
    assert response.status_code == 302
    response = client.get(f"/vandring/grupp/{group.join_code}")
    assert response.headers["Location"] == f"/vandring/{now_walk.join_code}"
    assert later.join_code != now_walk.join_code
    # The code box knows group codes too.
    response = client.get(f"/vandring?kod={group.display_code}")
    assert response.headers["Location"] == f"/vandring/grupp/{group.join_code}"
    assert client.get("/vandring/grupp/NOPE").status_code == 404


def test_staff_create_group_and_schedule(client, login_as, area):
    login_as("vandringsledare", area)
    data = {
        "name": "Föräldrar på Norrskolan",
        "area": str(area.id),
        "kind": "foraldrar",
        "description": "Ring 070-123 45 67",
        "members": "9",
        "weekdays": ["4", "5"],
        "start_time": "21:00",
        "end_time": "01:00",
        "meeting_point": "Skolgården",
    }
    response = client.post("/hantera/vandringar/grupper/ny", data=data)
    assert response.status_code == 302
    group = db.session.scalar(db.select(WalkGroup))
    assert group.days == [4, 5] and group.kind == "foraldrar"
    assert "070-123 45 67" not in (group.description or "")
    assert client.get(f"/hantera/vandringar/grupper/{group.id}").status_code == 200
    response = client.post(
        f"/hantera/vandringar/grupper/{group.id}/schemalagg", data={"count": "3"}
    )
    assert response.status_code == 302
    assert (
        db.session.scalar(db.select(db.func.count(Walk.id)).where(Walk.group_id == group.id)) == 3
    )
    actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert {"walk_group.create", "walk_group.schedule"} <= actions
    # bad input: clear 400s, never 500
    bad = dict(data, start_time="25:99", kind="x", members="-3", area="99999999999")
    assert client.post("/hantera/vandringar/grupper/ny", data=bad).status_code == 400
    same = dict(data, end_time="21:00")
    assert client.post("/hantera/vandringar/grupper/ny", data=same).status_code == 400
    url = f"/hantera/vandringar/grupper/{group.id}/schemalagg"
    assert client.post(url, data={"count": "x"}).status_code == 400


def test_after_walk_report_masked_and_on_public_page(client, login_as, leader, area, cats):
    group = make_group(leader, area)
    walk = group_walk(leader, group, starts_in=timedelta(hours=-5))
    future = group_walk(leader, group, starts_in=timedelta(days=3))
    login_as("vandringsledare", area)
    url = f"/hantera/vandringar/grupper/{group.id}/rapport/{walk.id}"
    assert client.get(url).status_code == 200
    bad = client.post(url, data={"people_out": "-1", "mood": "glad"})
    assert bad.status_code == 400
    response = client.post(
        url,
        data={
            "people_out": "7",
            "mood": "stokigt",
            "notes": "Mopeder vid skolan, ring mig på 0701234567",
        },
    )
    assert response.status_code == 302
    report = db.session.scalar(db.select(NightWalkReport))
    assert report.people_out == 7 and report.mood == vocab.STOKIGT
    assert "0701234567" not in report.notes
    # A walk that has not started cannot be reported on; another group's walk is not found.
    early = client.post(
        f"/hantera/vandringar/grupper/{group.id}/rapport/{future.id}",
        data={"people_out": "3", "mood": "lugnt"},
    )
    assert early.status_code == 400
    page = client.get(f"/vandringar/grupper/{group.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Stökigt" in text and "0701234567" not in text
    assert f"/vandringar/{future.id}" in text  # upcoming walk listed
    assert client.get("/vandringar/grupper").status_code == 200
    assert "Nattvandrarna" in client.get(f"/vandringar/{future.id}").get_data(as_text=True)


def test_other_areas_leader_is_refused(client, login_as, leader, area):
    group = make_group(leader, area)
    other = factories.make_area("Annanstans")
    db.session.commit()
    login_as("vandringsledare", other)
    assert client.get(f"/hantera/vandringar/grupper/{group.id}").status_code == 403


def test_lagesbild_counts_night_walk_reports(client, login_as, leader, area):
    group = make_group(leader, area)
    q2 = periods.parse("2025-k2")
    for day, people, mood in ((4, 5, "lugnt"), (5, 8, "stokigt"), (11, 6, "lugnt")):
        start = datetime(2025, 4, day, 19, 0, tzinfo=UTC)
        walk = make_walk(leader, area, starts_in=start - utcnow())
        walk.group = group
        db.session.flush()
        groups.save_report(leader, walk, people_out=people, mood=mood, notes=None, now=utcnow())
    db.session.commit()
    raw = compute.build(area, q2, with_map=False)
    night = raw["now"]["nightwalks"]
    assert night["reports"] == 3 and night["people_out"] == 19
    assert night["by_mood"] == {"lugnt": 2, "stokigt": 1}
    assert raw["before"]["nightwalks"]["reports"] == 0
    staff_view = present.internal(raw)
    assert staff_view["nightwalks"]["by_mood"]["lugnt"] == 2
    public_view = present.public(raw, minimum=5)
    assert public_view["nightwalks"]["by_mood"] is None  # fewer than 5 reports
    assert public_view["nightwalks"]["reports"] == 3
    login_as("samordnare", area)
    page = client.get(f"/hantera/lagesbild/{area.slug}/2025-k2")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Nattvandringsgruppernas rapporter" in text and "Stökigt" in text
    assert "finns inte i portalen ännu" not in text


def test_cli_schedules_active_groups(app, leader, area):
    group = make_group(leader, area)
    make_group(leader, area, name="Utan dagar", weekdays=())
    result = app.test_cli_runner().invoke(args=["walks", "schedule", "--count", "2"])
    assert result.exit_code == 0, result.output
    assert "2 nya vandringar" in result.output
    assert len(group.walks) == 2
