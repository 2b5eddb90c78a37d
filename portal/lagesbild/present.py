"""From the raw lägesbild (:mod:`portal.lagesbild.compute`) to what a page shows. Pure.

:func:`internal` keeps every number, for staff. :func:`public` is the public summary: only
aggregates, each table through disclosure control (cells under the minimum withheld, with
complementary suppression), survey values withheld where n is under the minimum, places counted
from published places alone, hot-spot cells under the minimum left out, and no EST notes (the raw
lägesbild carries none: notes never leave the EST tables).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from portal.dialog.stats import suppress
from portal.lagesbild import hotspots, tables
from portal.lagesbild.sources import nightwalks
from portal.lagesbild.trend import Change, count_score, index_score, share_score, signed, wrong_way

TOP_CELLS = 10


def _by_id(items) -> dict[str, dict[str, Any]]:
    return {str(c["id"]): c for c in items}


def _provenance(raw: Mapping[str, Any], view: Mapping[str, Any]) -> list[dict[str, Any]]:
    now = raw["now"]
    return [
        {
            "source": "enkater",
            "available": True,
            "respondents": view["surveys"]["n"],
            "surveys": len(now["surveys"].get("surveys", [])),
        },
        {
            "source": "platser",
            "available": True,
            "observations": view["places"]["time"]["total"]["n"],
        },
        {
            "source": "vandringar",
            "available": now["walks"].get("available", False),
            "walks": now["walks"].get("walks", 0),
            "after_walk_reports": now["walks"].get("after_walk_reports", False),
        },
        {
            "source": "est",
            "available": True,
            "reports": now["est"].get("reports", 0),
            "organisations": now["est"].get("organisations", 0),
            "entries": now["est"].get("entries", 0),
        },
    ]


def _surveys(raw: Mapping[str, Any], minimum: int | None) -> dict[str, Any]:
    now, before = raw["now"]["surveys"], raw["before"]["surveys"]
    n = now.get("n", 0)
    items = []
    previous_items = {i["key"]: i for i in before.get("items", [])}
    for item in now.get("items", []):
        old = previous_items.get(item["key"], {})
        index, old_index = item["index"], old.get("index")
        withheld = minimum is not None and index["n"] < minimum
        old_withheld = (
            old_index is None
            or not old_index["n"]
            or (minimum is not None and old_index["n"] < minimum)
        )
        items.append(
            {
                "key": item["key"],
                "text": item["text"],
                "index": None if withheld else index,
                "stort": None if withheld else item["stort"],
                "n": None if withheld else index["n"],
                "previous": None if old_withheld or withheld else old_index,
            }
        )
    items.sort(
        key=lambda i: (i["index"] is None, -((i["index"] or {}).get("value") or 0), i["key"])
    )
    surveys = now.get("surveys", [])
    if minimum is not None:
        surveys = [
            {"title": s["title"], "n": s["n"] if s["n"] >= minimum else None} for s in surveys
        ]
    return {
        "n": n if minimum is None or n >= minimum or n == 0 else None,
        "previous_n": before.get("n", 0),
        "surveys": surveys,
        "table": tables.survey_rows(now, before, raw["rows"], minimum),
        "items": items,
        "has_trygghet": now.get("has_trygghet", False),
        "has_problem": now.get("has_problem", False),
    }


def _places(raw: Mapping[str, Any], audience: str, minimum: int | None) -> dict[str, Any]:
    now, before = raw["now"]["places"], raw["before"]["places"]
    categories = raw["categories"]["places"]
    return {
        "time": tables.place_time_table(now, before, categories, raw["times"], audience, minimum),
        "areas": tables.place_area_table(now, before, raw["rows"], categories, audience, minimum),
        "flow": tables.place_flow(now, before, raw["rows"], audience, minimum),
        "published_only": audience == "public",
    }


def _walks(raw: Mapping[str, Any], minimum: int | None) -> dict[str, Any]:
    """Walks held and their protocol points; counts under the minimum withheld in public."""
    now, before = raw["now"]["walks"], raw["before"]["walks"]
    statuses = dict(now.get("points_by_status", {}))
    points = now.get("points", 0)
    if minimum is not None and statuses:
        statuses = suppress(statuses, points, minimum)
        points = None if 0 < points < minimum else points
    return {
        "available": now.get("available", False),
        "after_walk_reports": now.get("after_walk_reports", False),
        "walks": now.get("walks", 0),
        "previous_walks": before.get("walks", 0),
        "trend": tables.trend_dict(now.get("walks", 0), before.get("walks", 0)),
        "by_row": now.get("by_row", {}),
        "points": points,
        "points_by_status": statuses,
        "walk_observations": now.get("walk_observations", 0) if minimum is None else None,
    }


def _hotspots(raw: Mapping[str, Any], minimum: int | None, limit: int) -> dict[str, Any]:
    spots = raw.get("hotspots", {})
    if not spots.get("available"):
        return {"available": False, "cells": [], "top": [], "outlines": []}
    cells = spots["cells"]
    threshold = raw["minimum"]
    if minimum is not None:
        shown = hotspots.public_cells(cells, minimum)
        hidden = None
    else:
        shown = [{"x": c["x"], "y": c["y"], "n": c["n"], "public": c["public"]} for c in cells]
        hidden = sum(1 for c in cells if c["public"] < threshold)
    bounds = hotspots.classes(shown)
    legend = [
        {
            "low": (bounds[i - 1] + 1) if i else min(c["n"] for c in shown),
            "high": bound,
            "colour": hotspots.PALETTE[min(i, len(hotspots.PALETTE) - 1)],
        }
        for i, bound in enumerate(bounds)
    ]
    return {
        "available": True,
        "legend": legend,
        "cell_m": spots["cell_m"],
        "max_error_m": spots.get("max_error_m"),
        "cells": shown,
        "top": hotspots.top_cells(shown, limit),
        "outlines": spots.get("outlines", []),
        "hidden_publicly": hidden,
        "total": sum(c["n"] for c in shown),
    }


def _changes(view: Mapping[str, Any], raw: Mapping[str, Any], limit: int) -> list[dict[str, Any]]:
    """Developments gone the wrong way, from the view's own (possibly suppressed) numbers."""
    found: list[Change] = []
    rows = {r["key"]: r for r in raw["rows"]}
    place_cats = _by_id(raw["categories"]["places"])
    est_cats = _by_id(raw["categories"]["est"])
    survey = view["surveys"]["table"]
    for row, pair in survey["otrygghet"].items():
        now, old = pair["now"], pair["previous"]
        if not now or not old or now.get("withheld") or old.get("withheld"):
            continue
        count, n = round(now["share"] * now["n"]), now["n"]
        old_count, old_n = round(old["share"] * old["n"]), old["n"]
        found.append(
            Change(
                "enkater",
                f"otrygghet:{row}",
                now["share"],
                old["share"],
                "andel",
                share_score(count, n, old_count, old_n),
                {"kalla": "enkater", "omrade": row if row in rows else None},
            )
        )
    for item in view["surveys"]["items"]:
        now, old = item["index"], item["previous"]
        if now and old:
            score = index_score(
                now["value"], now.get("sd"), now["n"], old["value"], old.get("sd"), old["n"]
            )
            found.append(
                Change(
                    "enkater",
                    f"problemindex:{item['key']}",
                    now["value"],
                    old["value"],
                    "index",
                    score,
                    {"kalla": "enkater"},
                )
            )
    for cat, total in view["places"]["time"]["row_totals"].items():
        if total["n"] is None or total["previous"] is None:
            continue
        positive = place_cats.get(cat, {}).get("positive", False)
        found.append(
            Change(
                "platser",
                f"platskategori:{cat}",
                total["n"],
                total["previous"],
                "antal",
                signed(count_score(total["n"], total["previous"]), not positive),
                {"kalla": "platser", "kategori": cat},
            )
        )
    new = view["places"]["flow"].get("new", {}).get("cells", {})
    for row, cell in new.items():
        if cell["n"] is not None and cell["previous"] is not None:
            found.append(
                Change(
                    "platser",
                    f"nya_platser:{row}",
                    cell["n"],
                    cell["previous"],
                    "antal",
                    count_score(cell["n"], cell["previous"]),
                    {"kalla": "platser", "typ": "nya", "omrade": row},
                )
            )
    est_table = view["est"]["table"]
    for cat, total in est_table["col_totals"].items():
        if total["n"] is not None and total["previous"] is not None and cat in est_cats:
            found.append(
                Change(
                    "est",
                    f"est_kategori:{cat}",
                    total["n"],
                    total["previous"],
                    "antal",
                    count_score(total["n"], total["previous"]),
                    {"kalla": "est", "kategori": cat},
                )
            )
    for row, total in est_table["row_totals"].items():
        if total["n"] is not None and total["previous"] is not None:
            found.append(
                Change(
                    "est",
                    f"est_omrade:{row}",
                    total["n"],
                    total["previous"],
                    "antal",
                    count_score(total["n"], total["previous"]),
                    {"kalla": "est", "omrade": row},
                )
            )
    return [c.as_dict() for c in wrong_way(found, limit)]


def _view(raw: Mapping[str, Any], minimum: int | None, limit: int) -> dict[str, Any]:
    audience = "all" if minimum is None else "public"
    view: dict[str, Any] = {
        "schema": raw["schema"],
        "audience": "internal" if minimum is None else "public",
        "computed_at": raw["computed_at"],
        "area": raw["area"],
        "period": raw["period"],
        "previous": raw["previous"],
        "rows": raw["rows"],
        "row_names": {r["key"]: r["name"] for r in raw["rows"]},
        "minimum": raw["minimum"],
        "categories": {
            "places": _by_id(raw["categories"]["places"]),
            "est": _by_id(raw["categories"]["est"]),
        },
        "times": raw["times"],
        "surveys": _surveys(raw, minimum),
        "places": _places(raw, audience, minimum),
        "est": {
            "table": tables.est_table(
                raw["now"]["est"],
                raw["before"]["est"],
                raw["rows"],
                raw["categories"]["est"],
                minimum,
            ),
            "reports": raw["now"]["est"].get("reports", 0),
            "organisations": raw["now"]["est"].get("organisations", 0),
            "previous_reports": raw["before"]["est"].get("reports", 0),
        },
        "walks": _walks(raw, minimum),
        "nightwalks": nightwalks.present(raw, minimum),
        "hotspots": _hotspots(raw, minimum, TOP_CELLS),
    }
    view["provenance"] = _provenance(raw, view)
    view["changes"] = _changes(view, raw, limit)
    return view


def internal(raw: Mapping[str, Any], limit: int = 8) -> dict[str, Any]:
    """Every number, for staff."""
    return _view(raw, None, limit)


def public(raw: Mapping[str, Any], minimum: int, limit: int = 8) -> dict[str, Any]:
    """The public summary: aggregates with disclosure control, published places only."""
    view = _view(raw, minimum, limit)
    if minimum is not None:
        for source in view["provenance"]:
            for key in ("respondents", "observations", "reports", "entries", "walk_observations"):
                if isinstance(source.get(key), int) and 0 < source[key] < minimum:
                    source[key] = None
    return view
