"""Fastställd lägesbild: immutable, versioned, with a public summary other domains can read."""

from datetime import date

import pytest

from portal.extensions import db
from portal.lagesbild import analysis, periods, snapshots
from portal.lagesbild.models import Snapshot, SnapshotImmutable
from tests import factories
from tests.lagesbild.conftest import NORR, add_place, est_report

Q2 = periods.parse("2025-k2")


@pytest.fixture
def draft(area, norr, checklist, place_cats, in_request):
    est_report(
        norr,
        "Fritidsgården",
        date(2025, 4, 7),
        {checklist["klotter"]: "omfattande"},
        notes={"klotter": "Anteckning 070-123 45 67"},
    )
    add_place(norr, place_cats["belysning"], NORR, date(2025, 4, 20), observations=7)
    add_place(norr, place_cats["klotter"], NORR, date(2025, 4, 21), observations=2, published=False)
    actor = factories.make_user(samordnare=area)
    found = analysis.get_or_create(area, Q2, actor)
    analysis.save_texts(
        found,
        actor,
        found.revision,
        analysis.Texts("Problem här", "Orsaker där", "Ring 070-123 45 67 om du undrar"),
    )
    analysis.add_problem(
        found,
        actor,
        analysis.ProblemInput(
            "Klotter",
            "Intern beskrivning",
            True,
            [("est_category", str(checklist["klotter"].id), "Klotter")],
        ),
    )
    analysis.add_problem(found, actor, analysis.ProblemInput("Internt problem", "", False, []))
    db.session.commit()
    return found, actor


def test_fix_freezes_numbers_and_texts_as_version_1(draft):
    found, actor = draft
    snapshot = snapshots.fix(found, actor)
    db.session.commit()
    assert snapshot.version == 1 and snapshot.fixed_by_name == actor.name
    assert snapshot.data["texts"]["problem_description"] == "Problem här"
    assert snapshot.data["view"]["places"]["time"]["total"]["n"] == 9
    assert snapshots.verify(snapshot)


def test_a_snapshot_cannot_be_changed_or_deleted(draft):
    found, actor = draft
    snapshot = snapshots.fix(found, actor)
    db.session.commit()
    snapshot.data = {"changed": True}
    with pytest.raises(SnapshotImmutable):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(Snapshot, snapshot.id))
    with pytest.raises(SnapshotImmutable):
        db.session.flush()
    db.session.rollback()
    assert snapshots.verify(db.session.get(Snapshot, snapshot.id))


def test_a_later_change_makes_a_new_version_and_the_old_stays_readable(draft, norr, place_cats):
    found, actor = draft
    first = snapshots.fix(found, actor)
    db.session.commit()
    analysis.save_texts(
        found, actor, found.revision, analysis.Texts("Nytt", "Nya orsaker", "Ny sammanfattning")
    )
    add_place(norr, place_cats["belysning"], NORR, date(2025, 5, 1), observations=1)
    second = snapshots.fix(found, actor)
    db.session.commit()
    assert (first.version, second.version) == (1, 2)
    old = db.session.get(Snapshot, first.id)
    assert old.data["texts"]["problem_description"] == "Problem här"
    assert old.data["view"]["places"]["time"]["total"]["n"] == 9
    assert second.data["view"]["places"]["time"]["total"]["n"] == 10
    assert [s.version for s in snapshots.versions(found.id)] == [2, 1]
    assert not snapshots.get_public_snapshot(first.id).is_latest
    assert snapshots.get_public_snapshot(second.id).is_latest


def test_the_public_summary_is_aggregates_only(draft, checklist):
    found, actor = draft
    snapshot = snapshots.fix(found, actor)
    db.session.commit()
    public = snapshots.get_public_snapshot(snapshot.id)
    text = str(public.data)
    assert "070-123 45 67" not in text  # masked summary, and no EST notes at all
    assert (
        "Anteckning" not in text and "Intern beskrivning" not in text and "Orsaker där" not in text
    )
    assert public.focus_areas == ["Klotter"]  # only prioritised problems
    view = public.data["view"]
    assert view["audience"] == "public"
    assert view["places"]["time"]["total"]["n"] == 7  # the unpublished place is left out
    (row,) = view["est"]["table"]["rows"]
    assert view["est"]["table"]["cells"][row][str(checklist["klotter"].id)]["n"] is None  # 1 < 5


def test_latest_public_snapshots_per_area(draft, area):
    found, actor = draft
    snapshots.fix(found, actor)
    newest = snapshots.fix(found, actor)
    db.session.commit()
    items = snapshots.latest_public_snapshots(area)
    assert [(i.id, i.version) for i in items] == [(newest.id, 2)]
    assert snapshots.latest_public_snapshots(found.area.children[0]) == []
    assert snapshots.get_public_snapshot(987654) is None


def test_stale_revision_is_refused(draft):
    found, actor = draft
    with pytest.raises(analysis.StaleRevision):
        analysis.save_texts(found, actor, found.revision - 1, analysis.Texts("x", "y", "z"))
