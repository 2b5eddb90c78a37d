"""The paths of the read-only JSON API, the GeoJSON endpoints and the exports."""

from __future__ import annotations

from typing import Any

from portal.api.openapi.build import header, param, ref, response, t
from portal.areas.models import AREA_KINDS
from portal.loften import vocab as promise_vocab
from portal.map import vocab as place_vocab

MAX_ID = 2**31 - 1

CACHE_HEADERS = {
    "ETag": header("Changes whenever the answer can have changed; send it back in If-None-Match."),
    "Last-Modified": header("When the portal's data last changed (anonymous requests)."),
}


def _errors(*codes: int) -> dict[str, Any]:
    texts = {400: "A parameter is wrong (the error names it).", 404: "Not found."}
    return {str(code): response(texts[code], ref("Error")) for code in codes}


def _get(
    tag: str,
    operation: str,
    summary: str,
    schema: str,
    *,
    parameters: list[dict[str, Any]] | None = None,
    errors: tuple[int, ...] = (400,),
    media_type: str = "application/json",
    description: str | None = None,
) -> dict[str, Any]:
    found: dict[str, Any] = {
        "tags": [tag],
        "operationId": operation,
        "summary": summary,
        "parameters": parameters or [],
        "responses": {
            "200": response("OK.", ref(schema), media_type, CACHE_HEADERS),
            "304": {"description": "Not modified (If-None-Match matched)."},
            **_errors(*errors),
        },
    }
    if description:
        found["description"] = description
    return found


def _paging() -> list[dict[str, Any]]:
    return [
        param("page", "Page number (from 1).", t("integer", minimum=1, maximum=MAX_ID)),
        param("per_page", "Items per page (default 25).", t("integer", minimum=1, maximum=100)),
    ]


def _area(name: str = "area", description: str = "An area's slug.") -> dict[str, Any]:
    return param(name, description, t("string"))


def _id(name: str) -> dict[str, Any]:
    return param(name, "The id.", t("integer", minimum=1, maximum=MAX_ID), "path")


def api_paths() -> dict[str, Any]:
    return {
        "/api/areas": {
            "get": _get(
                "Areas",
                "list_areas",
                "The area tree",
                "AreaPage",
                parameters=[
                    *_paging(),
                    param("kind", "Only areas of this kind.", t("string", enum=list(AREA_KINDS))),
                    _area("parent", "Only the children of this area (a slug)."),
                ],
            )
        },
        "/api/areas/{slug}": {
            "get": _get(
                "Areas",
                "get_area",
                "One area with its children",
                "AreaDetail",
                parameters=[param("slug", "The area's slug.", t("string"), "path")],
                errors=(404,),
            )
        },
        "/api/surveys": {
            "get": _get(
                "Surveys",
                "list_surveys",
                "Surveys with published results",
                "SurveyPage",
                parameters=[*_paging(), _area(description="Surveys that concern this area.")],
            )
        },
        "/api/surveys/{survey_id}/results": {
            "get": _get(
                "Surveys",
                "get_survey_results",
                "A survey's published results",
                "SurveyResults",
                parameters=[_id("survey_id")],
                errors=(404,),
                description=(
                    "Aggregates only. No count between 1 and the disclosure minimum is given, and "
                    "enough other counts are withheld (null) that none can be worked out."
                ),
            )
        },
        "/api/lagesbild": {
            "get": _get(
                "Lägesbild",
                "list_lagesbild",
                "Fastställda lägesbilder (newest version of each)",
                "LagesbildPage",
                parameters=[
                    *_paging(),
                    _area(description="Only this area and the areas below it."),
                ],
            )
        },
        "/api/lagesbild/{snapshot_id}": {
            "get": _get(
                "Lägesbild",
                "get_lagesbild",
                "A fastställd lägesbild's public summary",
                "LagesbildDetail",
                parameters=[_id("snapshot_id")],
                errors=(404,),
            )
        },
        "/api/promises": {
            "get": _get(
                "Promises",
                "list_promises",
                "Published medborgarlöften",
                "PromisePage",
                parameters=[
                    *_paging(),
                    _area(description="Promises that concern this area."),
                    param(
                        "state",
                        "Only this state.",
                        t("string", enum=list(promise_vocab.PUBLIC_STATES)),
                    ),
                ],
            )
        },
        "/api/promises/{promise_id}": {
            "get": _get(
                "Promises",
                "get_promise",
                "A promise with commitments, activities and updates",
                "PromiseDetail",
                parameters=[_id("promise_id")],
                errors=(404,),
            )
        },
    }


def _list_param(name: str, description: str, values: list[str]) -> dict[str, Any]:
    return param(name, f"{description} Comma-separated, from: {', '.join(values)}.", t("string"))


def geojson_paths() -> dict[str, Any]:
    bbox = param(
        "bbox",
        "minLon,minLat,maxLon,maxLat (WGS84); the whole world when left out.",
        t("string", examples=["17.1,60.6,17.2,60.7"]),
    )
    return {
        "/api/places.geojson": {
            "get": _get(
                "Places",
                "places_geojson",
                "Published places in a bounding box (GeoJSON)",
                "PlaceCollection",
                media_type="application/geo+json",
                description=(
                    "Coordinates are rounded (about 10 m). Above the installation's limit the "
                    "answer is grid clusters (clustered: true) with a count each."
                ),
                parameters=[
                    bbox,
                    param("category", "Category slugs, comma-separated.", t("string")),
                    _list_param("status", "Statuses.", list(place_vocab.STATUSES)),
                    _list_param("time", "When it feels unsafe.", list(place_vocab.TIMES_OF_DAY)),
                    _area(description="Only this area and the areas below it."),
                    param(
                        "grid", "Cluster cells across the box.", t("integer", minimum=2, maximum=64)
                    ),
                ],
            )
        },
        "/api/areas.geojson": {
            "get": _get(
                "Areas",
                "areas_geojson",
                "Area boundaries (GeoJSON)",
                "AreaCollection",
                media_type="application/geo+json",
                parameters=[
                    bbox,
                    param("kind", "Only this kind.", t("string", enum=list(AREA_KINDS))),
                ],
            )
        },
    }


def _download(
    operation: str, summary: str, media_type: str, columns: str, schema: dict | None = None
) -> dict[str, Any]:
    return {
        "get": {
            "tags": ["Open data"],
            "operationId": operation,
            "summary": summary,
            "description": columns,
            "parameters": [_area(description="Only this area and the areas below it.")],
            "responses": {
                "200": response(
                    "The file, with the licence in a Link header (rel=license).",
                    schema or t("string"),
                    media_type,
                    {"Link": header('<licence URL>; rel="license"')},
                ),
                "304": {"description": "Not modified (If-None-Match matched)."},
                **_errors(400),
            },
        }
    }


def export_paths(headers: dict[str, list[str]]) -> dict[str, Any]:
    def columns(name: str) -> str:
        return "Columns: " + ", ".join(headers[name]) + "."

    return {
        "/api/export/": {
            "get": _get(
                "Open data",
                "export_catalogue",
                "The downloads and their licence",
                "ExportCatalogue",
                parameters=[_area(description="Give the downloads' addresses for this area.")],
            )
        },
        "/api/export/platser.csv": _download(
            "export_places_csv", "Public places (CSV)", "text/csv", columns("places")
        ),
        "/api/export/platser.geojson": _download(
            "export_places_geojson",
            "Public places (GeoJSON)",
            "application/geo+json",
            "A FeatureCollection; each feature's properties are the CSV's columns but lon and "
            "lat, which are its geometry.",
            ref("PlaceExport"),
        ),
        "/api/export/medborgarloften.csv": _download(
            "export_promises_csv", "Published promises (CSV)", "text/csv", columns("promises")
        ),
        "/api/export/ataganden.csv": _download(
            "export_commitments_csv", "Commitments (CSV)", "text/csv", columns("commitments")
        ),
        "/api/export/uppdateringar.csv": _download(
            "export_updates_csv", "Progress updates (CSV)", "text/csv", columns("updates")
        ),
    }
