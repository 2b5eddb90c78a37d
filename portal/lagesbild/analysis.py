"""The coordinators' analysis: problem description, orsaksanalys, problems and their evidence.

Services flush; the view commits. A working lägesbild (:class:`Lagesbild`) is created on the
first save for an area and period. Texts carry a revision number: a save based on an older
revision is refused (:class:`StaleRevision`), so samordnare and polis writing at the same time
never overwrite each other silently.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.areas.models import Area
from portal.areas.services import subtree_ids
from portal.auth import audit
from portal.extensions import db
from portal.lagesbild import vocab
from portal.lagesbild.models import Evidence, Lagesbild, Problem
from portal.lagesbild.periods import Period
from portal.lagesbild.sources import est as est_source
from portal.lagesbild.sources import places as place_source

TRYGGHET_LABEL = _l("Otrygghet ute sent en kväll (NTU-frågan)")


class StaleRevision(Exception):
    """The texts changed since the form was opened; ``current`` is the latest revision."""

    def __init__(self, current: Lagesbild) -> None:
        super().__init__("stale revision")
        self.current = current


class EvidenceError(ValueError):
    """Evidence ids that are not records in the area: ``kind`` and the offending ``ids``."""

    def __init__(self, kind: str, ids: list[str]) -> None:
        super().__init__(f"{kind}: {', '.join(ids)}")
        self.kind = kind
        self.ids = ids


def find(area: Area, period: Period) -> Lagesbild | None:
    return db.session.scalar(
        db.select(Lagesbild).where(Lagesbild.area_id == area.id, Lagesbild.period_key == period.key)
    )


def get_or_create(area: Area, period: Period, actor) -> Lagesbild:
    found = find(area, period)
    if found is not None:
        return found
    draft = Lagesbild(
        area=area,
        period_kind=period.kind,
        period_key=period.key,
        starts_on=period.start,
        ends_on=period.end,
        created_by_id=getattr(actor, "id", None),
        updated_by_id=getattr(actor, "id", None),
        revision=1,
    )
    db.session.add(draft)
    db.session.flush()
    audit.record(actor, "lagesbild.create", draft, area=area, detail={"period": period.key})
    return draft


def drafts_query(areas: Sequence[Area]):
    """Working lägesbilder in the subtrees of ``areas``, latest period first."""
    if not areas:
        return db.select(Lagesbild).where(db.false())
    ids = db.select(Area.id).where(
        db.or_(*[Area.path.startswith(a.path, autoescape=True) for a in areas])
    )
    return (
        db.select(Lagesbild)
        .where(Lagesbild.area_id.in_(ids))
        .order_by(Lagesbild.ends_on.desc(), Lagesbild.id.desc())
    )


@dataclass(frozen=True)
class Texts:
    problem_description: str
    causes: str
    public_summary: str


def save_texts(draft: Lagesbild, actor, revision: int, texts: Texts) -> Lagesbild:
    """Save the three texts; :class:`StaleRevision` if someone saved since ``revision``."""
    if revision != draft.revision:
        raise StaleRevision(draft)
    draft.problem_description = texts.problem_description.strip()
    draft.causes = texts.causes.strip()
    draft.public_summary = texts.public_summary.strip()
    draft.revision += 1
    draft.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    audit.record(
        actor, "lagesbild.texts", draft, area=draft.area, detail={"revision": draft.revision}
    )
    return draft


# --- problems and evidence ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProblemInput:
    title: str
    description: str
    prioritised: bool
    evidence: Sequence[tuple[str, str, str]]  # (kind, ref, label)


def evidence_choices(raw: Mapping[str, Any], locale: str = "sv") -> list[tuple[str, str, str]]:
    """What a problem can rest on, from the computed lägesbild: ``(kind, ref, label)``.

    Categories and survey items with something in the period come first in each group.
    """
    english = locale.startswith("en")
    now = raw["now"]
    est_counts: dict[str, int] = {}
    for cells in now["est"].get("table", {}).values():
        for category, cell in cells.items():
            est_counts[category] = est_counts.get(category, 0) + cell.get("n", 0)
    choices = []
    for category in raw["categories"]["est"]:
        key = str(category["id"])
        if category.get("active", True) or est_counts.get(key):
            name = category["name_en"] if english else category["name_sv"]
            choices.append((vocab.EV_EST_CATEGORY, key, name, est_counts.get(key, 0)))
    place_counts: dict[str, int] = {}
    for times in now["places"].get("by_time", {}).get("all", {}).items():
        place_counts[times[0]] = sum(times[1].values())
    for category in raw["categories"]["places"]:
        key = str(category["id"])
        name = category["name_en"] if english else category["name_sv"]
        choices.append((vocab.EV_PLACE_CATEGORY, key, name, place_counts.get(key, 0)))
    if now["surveys"].get("has_trygghet"):
        choices.append(
            (vocab.EV_SURVEY_ITEM, "trygghet", str(TRYGGHET_LABEL), now["surveys"].get("n", 0))
        )
    for item in now["surveys"].get("items", []):
        text = item["text"].get("en" if english else "sv") or item["text"].get("sv") or item["key"]
        choices.append((vocab.EV_SURVEY_ITEM, item["key"], text, item["index"]["n"]))
    order = {kind: i for i, kind in enumerate(vocab.EVIDENCE_KINDS)}
    choices.sort(key=lambda c: (order[c[0]], c[3] == 0))
    return [(kind, ref, label) for kind, ref, label, _n in choices]


def record_evidence(
    area: Area, place_ids: Sequence[int], entry_ids: Sequence[int]
) -> list[tuple[str, str, str]]:
    """Evidence for single places and EST rows, checked to lie in ``area``'s subtree."""
    area_ids = subtree_ids(area)
    places = place_source.places_by_ids(list(place_ids), area_ids)
    missing = [str(i) for i in place_ids if i not in places]
    if missing:
        raise EvidenceError(vocab.EV_PLACE, missing)
    entries = est_source.entries_by_ids(list(entry_ids), area_ids)
    missing = [str(i) for i in entry_ids if i not in entries]
    if missing:
        raise EvidenceError(vocab.EV_EST_ENTRY, missing)
    found = [
        (vocab.EV_PLACE, str(p.id), f"Plats {p.id}: {p.category.name_sv}") for p in places.values()
    ]
    found += [
        (
            vocab.EV_EST_ENTRY,
            str(e.id),
            f"EST-rad {e.id}: {e.category.name_sv}, {e.report.organisation}, {e.period_start.isoformat()}",
        )
        for e in entries.values()
    ]
    return found


def _apply(problem: Problem, given: ProblemInput) -> None:
    problem.title = given.title.strip()
    problem.description = given.description.strip()
    problem.prioritised = given.prioritised
    wanted = {(kind, ref): label for kind, ref, label in given.evidence}
    for evidence in list(problem.evidence):
        if (evidence.kind, evidence.ref) not in wanted:
            problem.evidence.remove(evidence)
        else:
            wanted.pop((evidence.kind, evidence.ref))
    for (kind, ref), label in wanted.items():
        problem.evidence.append(Evidence(kind=kind, ref=ref, label=label[:300]))


def add_problem(draft: Lagesbild, actor, given: ProblemInput) -> Problem:
    problem = Problem(position=len(draft.problems))
    _apply(problem, given)
    draft.problems.append(problem)
    draft.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    audit.record(
        actor, "lagesbild.problem.create", problem, area=draft.area, detail={"title": problem.title}
    )
    return problem


def update_problem(problem: Problem, actor, given: ProblemInput) -> Problem:
    _apply(problem, given)
    problem.lagesbild.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    audit.record(actor, "lagesbild.problem.update", problem, area=problem.lagesbild.area)
    return problem


def delete_problem(problem: Problem, actor) -> None:
    draft = problem.lagesbild
    audit.record(
        actor, "lagesbild.problem.delete", problem, area=draft.area, detail={"title": problem.title}
    )
    draft.problems.remove(problem)
    db.session.flush()


def problems_as_data(draft: Lagesbild) -> list[dict[str, Any]]:
    return [
        {
            "id": p.id,
            "title": p.title,
            "description": p.description,
            "prioritised": p.prioritised,
            "evidence": [{"kind": e.kind, "ref": e.ref, "label": e.label} for e in p.evidence],
        }
        for p in draft.problems
    ]
