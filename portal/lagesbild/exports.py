"""CSV for every table of a lägesbild view, and GeoJSON of its hot spots. Pure.

CSV files use semicolons and a UTF-8 byte order mark, as Excel in Sweden expects. A value
withheld by disclosure control is written ``..`` (as SCB does); an unknown trend is left empty.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask_babel import gettext as _

from portal.lagesbild import hotspots

WITHHELD = ".."


def _value(value: Any) -> Any:
    if value is None:
        return WITHHELD
    if isinstance(value, float):
        return f"{value:.4f}".replace(".", ",")
    return value


def _difference(cell: Mapping[str, Any] | None) -> Any:
    trend = (cell or {}).get("trend")
    return "" if not trend else _value(trend["difference"])


def _name(category: Mapping[str, Any] | None, locale: str, fallback: str) -> str:
    if not category:
        return fallback
    return category["name_en"] if locale.startswith("en") else category["name_sv"]


def to_csv(header: list[str], rows: Iterable[list[Any]]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_value(v) for v in row])
    return out.getvalue()


def _row_name(view, key: str) -> str:
    return view["row_names"].get(key, key)


def _otrygghet(view, locale):
    table = view["surveys"]["table"]
    header = [
        _("Område"),
        _("Andel otrygga"),
        _("Lägre gräns (95-procentigt intervall)"),
        _("Övre gräns (95-procentigt intervall)"),
        _("Antal svar (n)"),
        _("Andel föregående period"),
        _("Förändring"),
    ]
    rows = []
    for key in [*table["rows"], "total"]:
        pair = table["otrygghet"].get(key, {})
        now, old = pair.get("now") or {}, pair.get("previous") or {}
        name = _("Totalt") if key == "total" else _row_name(view, key)
        rows.append(
            [
                name,
                now.get("share"),
                now.get("low"),
                now.get("high"),
                now.get("n"),
                old.get("share"),
                _difference(pair),
            ]
        )
    return header, rows


def _problemindex(view, locale):
    table = view["surveys"]["table"]
    header = [
        _("Område"),
        _("Problemindex (0–6)"),
        _("Antal svar (n)"),
        _("Index föregående period"),
        _("Förändring"),
    ]
    rows = []
    for key in [*table["rows"], "total"]:
        pair = table["problemindex"].get(key, {})
        now, old = pair.get("now") or {}, pair.get("previous") or {}
        name = _("Totalt") if key == "total" else _row_name(view, key)
        rows.append([name, now.get("value"), now.get("n"), old.get("value"), _difference(pair)])
    return header, rows


def _items(view, locale):
    lang = "en" if locale.startswith("en") else "sv"
    header = [
        _("Fråga"),
        _("Problemindex (0–6)"),
        _("Andel stort problem"),
        _("Antal svar (n)"),
        _("Index föregående period"),
    ]
    rows = []
    for item in view["surveys"]["items"]:
        text = item["text"].get(lang) or item["text"].get("sv") or item["key"]
        rows.append(
            [
                text,
                (item["index"] or {}).get("value"),
                (item["stort"] or {}).get("share"),
                item["n"],
                (item["previous"] or {}).get("value"),
            ]
        )
    return header, rows


def _two_way(
    view, table, row_label: Callable[[str], str], col_label: Callable[[str], str], first: str
):
    header = (
        [first]
        + [col_label(c) for c in table["cols"]]
        + [_("Totalt"), _("Föregående period"), _("Förändring")]
    )
    rows = []
    for r in table["rows"]:
        total = table["row_totals"][r]
        rows.append(
            [row_label(r)]
            + [table["cells"][r][c]["n"] for c in table["cols"]]
            + [total["n"], total["previous"], _difference(total)]
        )
    total = table["total"]
    rows.append(
        [_("Totalt")]
        + [table["col_totals"][c]["n"] for c in table["cols"]]
        + [total["n"], total["previous"], _difference(total)]
    )
    return header, rows


def _places_time(view, locale):
    labels = {"dag": _("Dag"), "kvall": _("Kväll"), "natt": _("Natt")}
    cats = view["categories"]["places"]
    return _two_way(
        view,
        view["places"]["time"],
        lambda c: _name(cats.get(c), locale, c),
        lambda t: labels.get(t, t),
        _("Kategori"),
    )


def _places_area(view, locale):
    cats = view["categories"]["places"]
    return _two_way(
        view,
        view["places"]["areas"],
        lambda r: _row_name(view, r),
        lambda c: _name(cats.get(c), locale, c),
        _("Område"),
    )


def _est(view, locale):
    cats = view["categories"]["est"]
    return _two_way(
        view,
        view["est"]["table"],
        lambda r: _row_name(view, r),
        lambda c: _name(cats.get(c), locale, c),
        _("Område"),
    )


def _flow(view, locale):
    flow = view["places"]["flow"]
    header = [
        _("Område"),
        _("Nya platser"),
        _("Nya föregående period"),
        _("Åtgärdade platser"),
        _("Åtgärdade föregående period"),
    ]
    rows = []
    for r in flow["rows"]:
        new, done = flow["new"]["cells"][r], flow["resolved"]["cells"][r]
        rows.append([_row_name(view, r), new["n"], new["previous"], done["n"], done["previous"]])
    if flow["rows"]:
        new, done = flow["new"]["total"], flow["resolved"]["total"]
        rows.append([_("Totalt"), new["n"], new["previous"], done["n"], done["previous"]])
    return header, rows


def _hotspots(view, locale):
    spots = view["hotspots"]
    size = spots.get("cell_m", 0)
    header = [
        _("Rang"),
        _("Antal rapporter"),
        _("Östlig koordinat (SWEREF 99 TM, m)"),
        _("Nordlig koordinat (SWEREF 99 TM, m)"),
        _("Rutans sida (m)"),
    ]
    rows = [
        [rank, c["n"], c["x"] * size, c["y"] * size, size]
        for rank, c in enumerate(hotspots.top_cells(spots.get("cells", []), 10**9), start=1)
    ]
    return header, rows


def _changes(view, locale):
    header = [
        _("Källa"),
        _("Vad"),
        _("Nu"),
        _("Föregående period"),
        _("Enhet"),
        _("Styrka (standardavvikelser)"),
    ]
    rows = [
        [c["source"], c["label"], c["current"], c["previous"], c["unit"], c["score"]]
        for c in view["changes"]
    ]
    return header, rows


TABLES: dict[str, Callable] = {
    "otrygghet": _otrygghet,
    "problemindex": _problemindex,
    "problemfragor": _items,
    "platser-tid": _places_time,
    "platser-omrade": _places_area,
    "platser-nya-atgardade": _flow,
    "est": _est,
    "hotspots": _hotspots,
    "forandringar": _changes,
}


def table_csv(view: Mapping[str, Any], name: str, locale: str) -> str:
    """The CSV text of table ``name`` (KeyError for an unknown name)."""
    header, rows = TABLES[name](view, locale)
    return to_csv(header, rows)


def hotspot_geojson(view: Mapping[str, Any]) -> dict[str, Any]:
    spots = view["hotspots"]
    if not spots.get("available"):
        return {"type": "FeatureCollection", "features": []}
    return hotspots.geojson(
        spots["cells"],
        spots["cell_m"],
        {
            "area": view["area"]["name"],
            "period": view["period"]["key"],
            "audience": view["audience"],
            "minimum": view["minimum"] if view["audience"] == "public" else None,
        },
    )


def filename(view: Mapping[str, Any], name: str, extension: str) -> str:
    return f"lagesbild-{view['area']['slug']}-{view['period']['key']}-{name}.{extension}"
