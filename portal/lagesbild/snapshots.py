"""Fastställd lägesbild: freeze numbers, map and texts as an immutable, versioned snapshot.

:func:`fix` computes the lägesbild afresh, and stores it with the texts and problems as version
``n + 1`` of the working lägesbild: ``data`` for staff (every number, texts as written) and
``public_data`` for everyone (disclosure control, published places only, no EST notes, texts
masked). Old versions stay readable; nothing in a snapshot is ever updated (the model refuses).

Other domains (the promises) link to a snapshot by its id and read it with
:func:`get_public_snapshot` / :func:`latest_public_snapshots`, which return plain data.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import func

from portal.areas.models import Area
from portal.auth import audit
from portal.extensions import db
from portal.lagesbild import analysis, compute, models, present, vocab
from portal.lagesbild.models import Lagesbild, Snapshot
from portal.lagesbild.periods import parse
from portal.lagesbild.sources import places as place_source
from portal.privacy.masking import mask_personal_data

PUBLIC_EVIDENCE = frozenset(
    {vocab.EV_EST_CATEGORY, vocab.EV_PLACE_CATEGORY, vocab.EV_SURVEY_ITEM, vocab.EV_PLACE}
)


def digest(data: dict[str, Any], public_data: dict[str, Any]) -> str:
    """SHA-256 over both versions, as canonical JSON."""
    text = json.dumps(
        {"data": data, "public": public_data},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _masked(text: str) -> str:
    return mask_personal_data(text).text if text else ""


def _public_problems(problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fokusområden for the public: masked titles, and evidence that is itself public."""
    place_ids = [
        int(e["ref"]) for p in problems for e in p["evidence"] if e["kind"] == vocab.EV_PLACE
    ]
    public_places = place_source.public_place_ids(place_ids)
    out = []
    for problem in problems:
        if not problem["prioritised"]:
            continue
        evidence = [
            {"kind": e["kind"], "ref": e["ref"], "label": _masked(e["label"])}
            for e in problem["evidence"]
            if e["kind"] in PUBLIC_EVIDENCE
            and (e["kind"] != vocab.EV_PLACE or int(e["ref"]) in public_places)
        ]
        out.append({"title": _masked(problem["title"]), "evidence": evidence})
    return out


def next_version(draft: Lagesbild) -> int:
    latest = db.session.scalar(
        db.select(func.max(Snapshot.version)).where(Snapshot.lagesbild_id == draft.id)
    )
    return (latest or 0) + 1


def fix(draft: Lagesbild, actor) -> Snapshot:
    """Fastställ: compute everything now and store it as the next version."""
    period = parse(draft.period_key)
    raw = compute.build(draft.area, period)
    limit = int(current_app.config["LAGESBILD_CHANGES_SHOWN"])
    minimum = int(current_app.config["DISCLOSURE_MINIMUM"])
    problems = analysis.problems_as_data(draft)
    version = next_version(draft)
    by = getattr(actor, "name", None) or str(actor or "system")
    texts = {
        "problem_description": draft.problem_description,
        "causes": draft.causes,
        "public_summary": draft.public_summary,
    }
    data = {
        "raw": raw,
        "view": present.internal(raw, limit),
        "texts": texts,
        "problems": problems,
        "version": version,
        "fixed_by": by,
        "revision": draft.revision,
    }
    public_data = {
        "view": present.public(raw, minimum, limit),
        "summary": _masked(draft.public_summary),
        "focus": _public_problems(problems),
        "version": version,
    }
    snapshot = Snapshot(
        lagesbild_id=draft.id,
        area_id=draft.area_id,
        version=version,
        period_kind=draft.period_kind,
        period_key=draft.period_key,
        starts_on=draft.starts_on,
        ends_on=draft.ends_on,
        fixed_by_id=getattr(actor, "id", None),
        fixed_by_name=by,
        data=data,
        public_data=public_data,
        digest=digest(data, public_data),
    )
    db.session.add(snapshot)
    db.session.flush()
    audit.record(
        actor,
        "lagesbild.faststall",
        snapshot,
        area=draft.area,
        detail={"lagesbild": draft.id, "version": version, "digest": snapshot.digest},
    )
    return snapshot


def get(snapshot_id: int) -> Snapshot | None:
    return models.get(Snapshot, snapshot_id)


def versions(draft_id: int) -> list[Snapshot]:
    return list(
        db.session.scalars(
            db.select(Snapshot)
            .where(Snapshot.lagesbild_id == draft_id)
            .order_by(Snapshot.version.desc())
        )
    )


def latest_version(draft_id: int) -> int | None:
    return db.session.scalar(
        db.select(func.max(Snapshot.version)).where(Snapshot.lagesbild_id == draft_id)
    )


def verify(snapshot: Snapshot) -> bool:
    """True when the stored JSON still has the digest it was fastställd with."""
    return digest(snapshot.data, snapshot.public_data) == snapshot.digest


def snapshots_query(areas):
    if not areas:
        return db.select(Snapshot).where(db.false())
    ids = db.select(Area.id).where(
        db.or_(*[Area.path.startswith(a.path, autoescape=True) for a in areas])
    )
    return (
        db.select(Snapshot)
        .where(Snapshot.area_id.in_(ids))
        .order_by(Snapshot.fixed_at.desc(), Snapshot.id.desc())
    )


# --- for the public, and for other domains -------------------------------------------------------------


@dataclass(frozen=True)
class PublicSnapshot:
    """A fastställd lägesbild as the public may see it: ``data`` is the public summary."""

    id: int
    lagesbild_id: int
    version: int
    is_latest: bool
    area_id: int
    area_name: str
    area_slug: str
    period_kind: str
    period_key: str
    starts_on: date
    ends_on: date
    fixed_at: datetime
    summary: str
    focus_areas: list[str]
    data: dict[str, Any]


def _public(snapshot: Snapshot, latest: int | None) -> PublicSnapshot:
    public = snapshot.public_data
    return PublicSnapshot(
        id=snapshot.id,
        lagesbild_id=snapshot.lagesbild_id,
        version=snapshot.version,
        is_latest=latest is None or snapshot.version == latest,
        area_id=snapshot.area_id,
        area_name=snapshot.area.name,
        area_slug=snapshot.area.slug,
        period_kind=snapshot.period_kind,
        period_key=snapshot.period_key,
        starts_on=snapshot.starts_on,
        ends_on=snapshot.ends_on,
        fixed_at=snapshot.fixed_at,
        summary=public.get("summary", ""),
        focus_areas=[f["title"] for f in public.get("focus", [])],
        data=public,
    )


def get_public_snapshot(snapshot_id: int) -> PublicSnapshot | None:
    """The public summary of fastställd lägesbild ``snapshot_id`` (any version), or None."""
    snapshot = get(snapshot_id)
    if snapshot is None:
        return None
    return _public(snapshot, latest_version(snapshot.lagesbild_id))


def latest_public_snapshots(area: Area | None = None, limit: int = 50) -> list[PublicSnapshot]:
    """The newest version of each fastställd lägesbild (for ``area``: its own and its ancestors' and
    descendants' are not mixed in; only those made for exactly this area), newest period first."""
    newest = (
        db.select(Snapshot.lagesbild_id, func.max(Snapshot.version).label("version"))
        .group_by(Snapshot.lagesbild_id)
        .subquery()
    )
    query = db.select(Snapshot).join(
        newest,
        (Snapshot.lagesbild_id == newest.c.lagesbild_id) & (Snapshot.version == newest.c.version),
    )
    if area is not None:
        query = query.where(Snapshot.area_id == area.id)
    query = query.order_by(Snapshot.ends_on.desc(), Snapshot.id.desc()).limit(limit)
    return [_public(s, s.version) for s in db.session.scalars(query)]


def latest_of(lagesbild_id: int) -> PublicSnapshot | None:
    """The newest fastställd version of a lägesbild, as the public sees it."""
    latest = latest_version(lagesbild_id)
    if latest is None:
        return None
    snapshot = db.session.scalar(
        db.select(Snapshot).where(Snapshot.lagesbild_id == lagesbild_id, Snapshot.version == latest)
    )
    return _public(snapshot, latest) if snapshot else None
