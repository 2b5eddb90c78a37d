"""Areas, published survey results and public lägesbild summaries as plain JSON data.

Only what the public pages already show: survey results after disclosure control
(:mod:`portal.dialog.public_results`), lägesbild summaries as fastställda for the public
(:mod:`portal.lagesbild.snapshots`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import url_for

from portal.areas.models import Area
from portal.dialog import public_results, stats
from portal.dialog.models import Survey
from portal.lagesbild.snapshots import PublicSnapshot


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def area_ref(area: Area | None) -> dict[str, str] | None:
    if area is None:
        return None
    return {"slug": area.slug, "name": area.name}


def area(item: Area, parent: Area | None = None) -> dict[str, Any]:
    return {
        "slug": item.slug,
        "name": item.name,
        "kind": item.kind,
        "depth": item.depth,
        "parent": parent.slug if parent is not None else None,
        "bbox": list(item.bbox) if item.bbox else None,
        "point": (
            [item.point_lon, item.point_lat]
            if item.point_lon is not None and item.point_lat is not None
            else None
        ),
        "url": url_for("areas.show", slug=item.slug, _external=True),
        "api_url": url_for("public_api.area", slug=item.slug, _external=True),
    }


# --- surveys ------------------------------------------------------------------------------------


def survey(item: Survey, lang: str) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title_in(lang),
        "language": lang,
        "area": area_ref(item.area),
        "opens_on": iso(item.opens_on),
        "closes_on": iso(item.closes_on),
        "results_published_at": iso(item.results_published_at),
        "url": url_for("dialog.results", survey_id=item.id, _external=True),
        "results_api_url": url_for("public_api.survey_results", survey_id=item.id, _external=True),
    }


def share(value: stats.Share | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "count": value.count,
        "n": value.n,
        "share": round(value.share, 6),
        "low": round(value.low, 6),
        "high": round(value.high, 6),
    }


def _derived(value: Any) -> dict[str, Any]:
    """A question's derived figure: the otrygghet indicator, or (andel stort problem, index)."""
    if isinstance(value, stats.Share):
        return {"indicator": share(value)}
    if isinstance(value, tuple):
        return {"share_large_problem": share(value[0]), "problem_index": value[1]}
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"problem_index": value}
    return {}


def question(item: public_results.PublicQuestion) -> dict[str, Any]:
    q = item.question
    codes = [cell.code for cell in item.cells]
    return {
        "key": q.key,
        "text": item.text,
        "kind": q.kind,
        "role": q.role,
        "n": item.n,
        "answers": [
            {"code": c.code, "label": c.label, "count": c.count, "share": share(c.share)}
            for c in item.cells
        ],
        "by_area": [
            {
                "area": row.label,
                "counts": dict(zip(codes, row.cells, strict=True)),
                "total": row.total,
                **_derived(row.derived),
            }
            for row in item.area_rows
        ],
        **_derived(item.derived),
    }


def survey_results(item: Survey, report: public_results.PublicReport, lang: str) -> dict:
    return {
        "survey": survey(item, lang),
        "respondents": report.total,
        "minimum_cell": report.minimum,
        "otrygghet": share(report.otrygghet),
        "total_problem_index": report.total_index,
        "questions": [question(q) for q in report.questions],
        "problems": [question(q) for q in report.problems],
    }


# --- lägesbild ----------------------------------------------------------------------------------


def snapshot(item: PublicSnapshot, *, full: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item.id,
        "lagesbild_id": item.lagesbild_id,
        "version": item.version,
        "is_latest": item.is_latest,
        "area": {"slug": item.area_slug, "name": item.area_name},
        "period": {
            "kind": item.period_kind,
            "key": item.period_key,
            "starts_on": iso(item.starts_on),
            "ends_on": iso(item.ends_on),
        },
        "fixed_at": iso(item.fixed_at),
        "summary": item.summary,
        "focus_areas": item.focus_areas,
        "url": url_for("lagesbild.summary", snapshot_id=item.id, _external=True),
        "api_url": url_for("public_api.lagesbild", snapshot_id=item.id, _external=True),
    }
    if full:
        data["focus"] = item.data.get("focus", [])
        data["view"] = item.data.get("view", {})
    return data
