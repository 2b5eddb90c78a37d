"""The fastställd lägesbild a promise rests on (:mod:`portal.lagesbild.snapshots`, public data only)."""

from __future__ import annotations

from flask import url_for

from portal.areas.models import Area
from portal.extensions import db
from portal.lagesbild import snapshots as lagesbild_snapshots
from portal.lagesbild import vocab as lagesbild_vocab
from portal.lagesbild.models import Snapshot

PublicSnapshot = lagesbild_snapshots.PublicSnapshot


def public_snapshot(snapshot_id: int | None) -> PublicSnapshot | None:
    """The public summary of a fastställd lägesbild, or None."""
    if not snapshot_id:
        return None
    return lagesbild_snapshots.get_public_snapshot(snapshot_id)


def snapshot_choices(areas: list[Area], limit: int = 100) -> list[PublicSnapshot]:
    """The newest fastställd version of each lägesbild in ``areas`` (and below), newest first."""
    seen: set[int] = set()
    found: list[PublicSnapshot] = []
    for snapshot in db.session.scalars(lagesbild_snapshots.snapshots_query(areas).limit(500)):
        if snapshot.lagesbild_id in seen:
            continue
        seen.add(snapshot.lagesbild_id)
        latest = lagesbild_snapshots.latest_of(snapshot.lagesbild_id)
        if latest is not None:
            found.append(latest)
        if len(found) >= limit:
            break
    return found


def snapshot_area(snapshot: PublicSnapshot) -> Area | None:
    return db.session.get(Area, snapshot.area_id)


def snapshot_place_ids(snapshot: PublicSnapshot) -> list[int]:
    """The public places a snapshot's fokusområden rest on (evidence of kind "place")."""
    ids: list[int] = []
    for focus in snapshot.data.get("focus", []):
        for evidence in focus.get("evidence", []):
            if (
                evidence.get("kind") == lagesbild_vocab.EV_PLACE
                and str(evidence.get("ref")).isdigit()
            ) and int(evidence["ref"]) not in ids:
                ids.append(int(evidence["ref"]))
    return ids


def snapshot_exists(snapshot_id: int) -> bool:
    return db.session.get(Snapshot, snapshot_id) is not None


def snapshot_url(snapshot_id: int) -> str:
    return url_for("lagesbild.summary", snapshot_id=snapshot_id)


def snapshot_sources(snapshot: PublicSnapshot) -> dict[str, int | None]:
    """What the lägesbild counted, as published: respondents, reports, EST reports."""
    counts: dict[str, int | None] = {}
    for source in snapshot.data.get("view", {}).get("provenance", []):
        name = source.get("source")
        if name == "enkater":
            counts["respondents"] = source.get("respondents")
        elif name == "platser":
            counts["observations"] = source.get("observations")
        elif name == "est":
            counts["est_reports"] = source.get("reports")
    return counts
