"""The records behind a number in the lägesbild (staff): which EST rows, places or surveys.

A link from a number carries the source (``kalla``) and what the number counted: the row
(``omrade``: a sub-area's id, or the area's own id for records placed on it directly), a category
(``kategori``), a time of day (``tid``), new/åtgärdade places (``typ``) or a hot-spot cell
(``ruta`` = ``x_y``). :func:`parse` checks them; :func:`query` returns the select to page through.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app

from portal.areas.models import Area
from portal.areas.services import subtree_ids
from portal.extensions import db
from portal.lagesbild import hotspots
from portal.lagesbild.models import MAX_ID
from portal.lagesbild.periods import Period
from portal.lagesbild.sources import area_bbox, scope_for, subtree_rows, surveys
from portal.lagesbild.sources import est as est_source
from portal.lagesbild.sources import places as place_source
from portal.lagesbild.sources import walks as walk_source
from portal.map import vocab as place_vocab

SOURCES = ("est", "platser", "enkater", "vandringar")
KINDS = {"observationer": "observations", "nya": "new", "atgardade": "resolved"}


class BadRecords(ValueError):
    """The link's parameters do not describe records in this lägesbild."""


@dataclass(frozen=True)
class Request:
    source: str
    row: Area | None
    row_is_area_itself: bool
    category_id: int | None
    time_of_day: str | None
    kind: str
    cell: tuple[int, int] | None

    def as_args(self) -> dict[str, Any]:
        args: dict[str, Any] = {"kalla": self.source}
        if self.row is not None:
            args["omrade"] = self.row.id
        if self.category_id is not None:
            args["kategori"] = self.category_id
        if self.time_of_day:
            args["tid"] = self.time_of_day
        if self.kind != "observations":
            args["typ"] = {v: k for k, v in KINDS.items()}[self.kind]
        if self.cell:
            args["ruta"] = f"{self.cell[0]}_{self.cell[1]}"
        return args


def _int(value: str | None) -> int | None:
    if value in (None, ""):
        return None
    if not value.lstrip("-").isdigit() or len(value) > 12 or abs(int(value)) > MAX_ID:
        raise BadRecords(value)
    return int(value)


def parse(area: Area, args: Mapping[str, str]) -> Request:
    source = args.get("kalla", "")
    if source not in SOURCES:
        raise BadRecords("kalla")
    row = None
    row_id = _int(args.get("omrade"))
    if row_id is not None:
        row = db.session.get(Area, row_id) if 0 < row_id <= MAX_ID else None
        if row is None or not (row.id == area.id or row.parent_id == area.id):
            raise BadRecords("omrade")
    time_of_day = args.get("tid") or None
    if time_of_day is not None and time_of_day not in place_vocab.TIMES_OF_DAY:
        raise BadRecords("tid")
    kind = KINDS.get(args.get("typ", "observationer"))
    if kind is None:
        raise BadRecords("typ")
    cell = None
    if args.get("ruta"):
        parts = args["ruta"].split("_")
        if len(parts) != 2:
            raise BadRecords("ruta")
        x, y = _int(parts[0]), _int(parts[1])
        cell = (x, y)  # type: ignore[assignment]
    return Request(
        source=source,
        row=row,
        row_is_area_itself=row is not None and row.id == area.id,
        category_id=_int(args.get("kategori")),
        time_of_day=time_of_day,
        kind=kind,
        cell=cell,  # type: ignore[arg-type]
    )


def _row_ids(wanted: Request) -> list[int] | None:
    if wanted.row is None:
        return None
    if wanted.row_is_area_itself:
        return [wanted.row.id]
    return subtree_ids(wanted.row)


def query(area: Area, period: Period, wanted: Request):
    """A select of EST entries or places (newest first), for :func:`portal.pagination.paginate`."""
    area_ids, row_of, _rows = subtree_rows(area)
    scope = scope_for(area, period, area_ids, row_of)
    if wanted.source == "est":
        return est_source.entries_query(
            scope, category_id=wanted.category_id, row_area_ids=_row_ids(wanted)
        )
    if wanted.source == "vandringar":
        return walk_source.walks_query(scope, _row_ids(wanted))
    projection = size = None
    bbox = area_bbox(area, area_ids) if wanted.cell is not None else None
    if bbox is not None:
        configured = int(current_app.config["LAGESBILD_HOTSPOT_CELL_M"])
        projection, size = hotspots.grid_for(bbox, configured)
    return place_source.record_query(
        scope,
        category_id=wanted.category_id,
        time_of_day=wanted.time_of_day,
        row_area_ids=_row_ids(wanted),
        kind=wanted.kind,
        cell=wanted.cell,
        projection=projection,
        size=size,
    )


def survey_records(area: Area, period: Period, wanted: Request) -> list[dict[str, Any]]:
    """The surveys behind survey numbers: title and respondents in the row (or whole area)."""
    area_ids, row_of, _rows = subtree_rows(area)
    scope = scope_for(area, period, area_ids, row_of)
    return surveys.surveys_with_respondents(scope, _row_ids(wanted))


def category_name(wanted: Request, locale: str) -> str | None:
    """The name of the category the records are filtered by, if any."""
    if wanted.category_id is None:
        return None
    found = est_source.categories() if wanted.source == "est" else place_source.categories()
    for category in found:
        if category["id"] == wanted.category_id:
            return category["name_en"] if locale.startswith("en") else category["name_sv"]
    return None
