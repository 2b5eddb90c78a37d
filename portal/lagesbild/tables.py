"""The lägesbild's tables, from the sources' counts, with trends and (for the public) disclosure
control. Pure: plain dicts in, plain JSON-ready dicts out.

With ``minimum=None`` a table is for staff and shows every number. With a minimum, counts go
through :func:`portal.dialog.stats.suppress_table` / :func:`~portal.dialog.stats.suppress`
(a suppressed value is ``None``) and a trend is shown only where both periods' values are
published, so a hidden value cannot be worked out from a published difference.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from portal.dialog.stats import suppress, suppress_table
from portal.lagesbild.trend import trend

Rows = Sequence[Mapping[str, Any]]
Categories = Sequence[Mapping[str, Any]]


def trend_dict(current, previous) -> dict[str, Any] | None:
    found = trend(current, previous)
    return found.as_dict() if found else None


_trend = trend_dict


def _grid(source: Mapping[str, Mapping[str, int]], rows: list[str], cols: list[str]) -> dict:
    return {r: {c: int(source.get(r, {}).get(c, 0)) for c in cols} for r in rows}


def _margins(grid: Mapping[str, Mapping[str, int]], rows: list[str], cols: list[str]):
    row_totals = {r: sum(grid[r].values()) for r in rows}
    col_totals = {c: sum(grid[r][c] for r in rows) for c in cols}
    return row_totals, col_totals, sum(row_totals.values())


def _published(grid, rows, cols, minimum: int | None):
    """Cells, row totals, column totals and total, suppressed when ``minimum`` is given."""
    if minimum is None or not rows or not cols:
        row_totals, col_totals, total = _margins(grid, rows, cols)
        return grid, row_totals, col_totals, total
    table = suppress_table(grid, minimum)
    return table.cells, table.row_totals, table.col_totals, table.grand_total


def two_way(
    now: Mapping[str, Mapping[str, int]],
    previous: Mapping[str, Mapping[str, int]],
    rows: list[str],
    cols: list[str],
    minimum: int | None = None,
) -> dict[str, Any]:
    """A rows × cols count table with margins, each value with the previous period's and a trend."""
    cur = _published(_grid(now, rows, cols), rows, cols, minimum)
    old = _published(_grid(previous, rows, cols), rows, cols, minimum)
    cells = {
        r: {
            c: {
                "n": cur[0][r][c],
                "previous": old[0][r][c],
                "trend": _trend(cur[0][r][c], old[0][r][c]),
            }
            for c in cols
        }
        for r in rows
    }
    return {
        "rows": rows,
        "cols": cols,
        "cells": cells,
        "row_totals": {
            r: {"n": cur[1][r], "previous": old[1][r], "trend": _trend(cur[1][r], old[1][r])}
            for r in rows
        },
        "col_totals": {
            c: {"n": cur[2][c], "previous": old[2][c], "trend": _trend(cur[2][c], old[2][c])}
            for c in cols
        },
        "total": {"n": cur[3], "previous": old[3], "trend": _trend(cur[3], old[3])},
        "suppressed": minimum is not None,
    }


def _signals(table: Mapping[str, Mapping[str, Mapping[str, int]]], key: str = "n") -> dict:
    return {r: {c: cell.get(key, 0) for c, cell in cells.items()} for r, cells in table.items()}


def est_table(
    now: dict, previous: dict, rows: Rows, categories: Categories, minimum: int | None = None
) -> dict:
    """EST: rows (areas) × checklist categories, counting signals (level ≥ 1).

    Categories no longer active are kept when they have signals in either period; rows without
    any entry in either period are left out.
    """
    cur, old = _signals(now.get("table", {})), _signals(previous.get("table", {}))
    seen_cols = {c for t in (cur, old) for cells in t.values() for c, v in cells.items() if v}
    cols = [str(c["id"]) for c in categories if c.get("active", True) or str(c["id"]) in seen_cols]
    present = set(now.get("table", {})) | set(previous.get("table", {}))
    row_keys = [r["key"] for r in rows if r["key"] in present]
    table = two_way(cur, old, row_keys, cols, minimum)
    if minimum is None:
        severe = _signals(now.get("table", {}), "severe")
        for r in row_keys:
            for c in cols:
                table["cells"][r][c]["severe"] = severe.get(r, {}).get(c, 0)
    return table


def place_time_table(
    now: dict,
    previous: dict,
    categories: Categories,
    times: Sequence[str],
    audience: str,
    minimum: int | None = None,
) -> dict:
    """Places: observations by category × time of day, with the previous period's totals."""
    cur = now.get("by_time", {}).get(audience, {})
    old = previous.get("by_time", {}).get(audience, {})
    present = set(cur) | set(old)
    cols = list(times)
    row_keys = [str(c["id"]) for c in categories if str(c["id"]) in present]
    return two_way(cur, old, row_keys, cols, minimum)


def place_area_table(
    now: dict,
    previous: dict,
    rows: Rows,
    categories: Categories,
    audience: str,
    minimum: int | None = None,
) -> dict:
    """Places: observations by row (area) × category."""
    cur = now.get("by_row", {}).get(audience, {})
    old = previous.get("by_row", {}).get(audience, {})
    seen = {c for t in (cur, old) for cells in t.values() for c in cells}
    cols = [str(c["id"]) for c in categories if str(c["id"]) in seen]
    row_keys = [r["key"] for r in rows if r["key"] in set(cur) | set(old)]
    return two_way(cur, old, row_keys, cols, minimum)


def _row_sums(counts: Mapping[str, Mapping[str, int]]) -> dict[str, int]:
    return {r: sum(v.values()) for r, v in counts.items()}


def place_flow(
    now: dict, previous: dict, rows: Rows, audience: str, minimum: int | None = None
) -> dict:
    """Places new in the period and places åtgärdade in the period, per row, with trends."""
    out: dict[str, Any] = {"rows": [], "suppressed": minimum is not None}
    present = set()
    series = {}
    for name in ("new", "resolved"):
        cur = _row_sums(now.get(name, {}).get(audience, {}))
        old = _row_sums(previous.get(name, {}).get(audience, {}))
        present |= {r for r, v in cur.items() if v} | {r for r, v in old.items() if v}
        series[name] = (cur, old)
    row_keys = [r["key"] for r in rows if r["key"] in present]
    for name, (cur, old) in series.items():
        cur_cells = {r: cur.get(r, 0) for r in row_keys}
        old_cells = {r: old.get(r, 0) for r in row_keys}
        cur_total, old_total = sum(cur_cells.values()), sum(old_cells.values())
        if minimum is not None:
            cur_pub = suppress(cur_cells, cur_total, minimum) if row_keys else {}
            old_pub = suppress(old_cells, old_total, minimum) if row_keys else {}
            cur_total = cur_total if not 0 < cur_total < minimum else None
            old_total = old_total if not 0 < old_total < minimum else None
            cur_cells, old_cells = cur_pub, old_pub
        out[name] = {
            "cells": {
                r: {
                    "n": cur_cells[r],
                    "previous": old_cells[r],
                    "trend": _trend(cur_cells[r], old_cells[r]),
                }
                for r in row_keys
            },
            "total": {"n": cur_total, "previous": old_total, "trend": _trend(cur_total, old_total)},
        }
    out["rows"] = row_keys
    return out


def survey_rows(indicators: dict, previous: dict, rows: Rows, minimum: int | None = None) -> dict:
    """Otrygghet and problem index per row (with n), the previous period's beside them.

    Public: a value whose n is below the minimum is withheld (``None``) with its n.
    """

    def publish(value: dict | None) -> dict | None:
        if value is None or not value.get("n"):
            return None
        if minimum is not None and value.get("n", 0) < minimum:
            return {"n": None, "withheld": True}
        if minimum is not None:
            value = {k: v for k, v in value.items() if k not in ("count", "sd")}
        return value

    def pair(section: str, row: str | None) -> dict:
        cur = indicators.get(section, {})
        old = previous.get(section, {})
        now_value = cur.get("total") if row is None else cur.get("rows", {}).get(row)
        old_value = old.get("total") if row is None else old.get("rows", {}).get(row)
        key = "share" if section == "otrygghet" else "value"
        shown_now, shown_old = publish(now_value), publish(old_value)
        found = trend(
            (shown_now or {}).get(key) if shown_now and not shown_now.get("withheld") else None,
            (shown_old or {}).get(key) if shown_old and not shown_old.get("withheld") else None,
            tolerance=0.005,
        )
        return {
            "now": shown_now,
            "previous": shown_old,
            "trend": found.as_dict() if found else None,
        }

    respondents = indicators.get("respondents", {})
    row_keys = [r["key"] for r in rows if respondents.get(r["key"])]
    return {
        "rows": row_keys,
        "otrygghet": {r: pair("otrygghet", r) for r in row_keys}
        | {"total": pair("otrygghet", None)},
        "problemindex": {r: pair("problemindex", r) for r in row_keys}
        | {"total": pair("problemindex", None)},
    }
