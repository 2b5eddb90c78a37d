"""Component schemas of the read-only JSON API, the GeoJSON endpoints and the exports (the
surveys', lägesbild's and promises' schemas are in :mod:`.schemas_content`).

Each schema says exactly what :mod:`portal.api.serialize`, :mod:`portal.api.promises` and
:mod:`portal.map.geojson` produce (``additionalProperties: false``), so that a change on one side
shows up as a failing Schemathesis run in tests/api/.
"""

from __future__ import annotations

from portal.api.openapi import schemas_content
from portal.api.openapi.build import DATE, URL, Schema, array, maybe, obj, page_of, ref, t, text
from portal.areas.models import AREA_KINDS
from portal.map import vocab as place_vocab


def common() -> dict[str, Schema]:
    return {
        "Error": obj(
            {
                "error": obj(
                    {
                        "code": t("integer", "The HTTP status code."),
                        "title": text("A short title."),
                        "message": text("What was wrong, for a developer."),
                        "parameter": text("The query parameter that was wrong."),
                    },
                    optional=("parameter",),
                )
            },
            "An error of the JSON API.",
        ),
        "Links": obj(
            {
                "self": t("string", "This page.", **URL),
                "next": maybe("string", "The next page, or null on the last one.", **URL),
                "prev": maybe("string", "The previous page, or null on the first one.", **URL),
            }
        ),
        "Licence": obj(
            {"name": text("The licence's name."), "url": t("string", "Its text.", **URL)}
        ),
        "AreaRef": obj({"slug": text(), "name": text()}, "An area, by slug and name."),
    }


def areas() -> dict[str, Schema]:
    area = {
        "slug": text("Unique and stable; Open311's jurisdiction_id."),
        "name": text(),
        "kind": t("string", enum=list(AREA_KINDS)),
        "depth": t("integer", "0 for a top-level area.", minimum=0),
        "parent": maybe("string", "The parent's slug."),
        "bbox": maybe(
            "array",
            "[minLon, minLat, maxLon, maxLat] of the boundary (WGS84).",
            items=t("number"),
            minItems=4,
            maxItems=4,
        ),
        "point": maybe(
            "array",
            "A point inside the area, [lon, lat].",
            items=t("number"),
            minItems=2,
            maxItems=2,
        ),
        "url": t("string", "The area's page in the portal.", **URL),
        "api_url": t("string", **URL),
    }
    return {
        "Area": obj(area, "One area of the area tree (kommun → stadsdel → område …)."),
        "AreaDetail": obj(
            {**area, "children": array(ref("AreaRef"))}, "An area with its children."
        ),
        "AreaPage": page_of("Area", "A page of areas."),
    }


def geojson() -> dict[str, Schema]:
    point = obj(
        {
            "type": t("string", enum=["Point"]),
            "coordinates": array(t("number"), "[lon, lat]") | {"minItems": 2, "maxItems": 2},
        }
    )
    place = obj(
        {
            "type": t("string", enum=["Feature"]),
            "id": t("integer"),
            "geometry": point,
            "properties": obj(
                {
                    "category": text(),
                    "category_name": text(),
                    "colour": text(),
                    "icon": text(),
                    "positive": t("boolean"),
                    "status": t("string", enum=list(place_vocab.STATUSES)),
                    "status_label": text(),
                    "url": text(),
                }
            ),
        }
    )
    cluster = obj(
        {
            "type": t("string", enum=["Feature"]),
            "geometry": point,
            "properties": obj({"cluster": t("boolean", enum=[True]), "count": t("integer")}),
        }
    )
    return {
        "PointGeometry": point,
        "PlaceCollection": obj(
            {
                "type": t("string", enum=["FeatureCollection"]),
                "features": array({"anyOf": [place, cluster]}),
                "clustered": t("boolean", "True: the features are grid clusters."),
                "cell": array(t("number"), "Cluster cell size in degrees [lon, lat]."),
            },
            "Published places (RFC 7946), or grid clusters when there are too many.",
            optional=("cell",),
        ),
        "AreaCollection": obj(
            {
                "type": t("string", enum=["FeatureCollection"]),
                "features": array(
                    obj(
                        {
                            "type": t("string", enum=["Feature"]),
                            "id": text("The area's slug."),
                            "geometry": t("object", "A Polygon or MultiPolygon."),
                            "properties": obj(
                                {
                                    "name": text(),
                                    "slug": text(),
                                    "kind": text(),
                                    "depth": t("integer"),
                                    "url": text(),
                                }
                            ),
                        }
                    )
                ),
            },
            "Area boundaries (RFC 7946).",
        ),
    }


def exports() -> dict[str, Schema]:
    maybe_text = maybe("string")
    record = {
        "id": t("integer"),
        "category": text("The category's slug (Open311's service_code)."),
        "category_name": text(),
        "status": t("string", enum=list(place_vocab.STATUSES)),
        "status_label": text(),
        "open311_status": t("string", enum=["open", "closed"]),
        "description": maybe("string", "Moderated, personal data masked."),
        "responsible": maybe_text,
        "deadline": maybe("string", **DATE),
        "status_reason": maybe("string", "Why no action, when there is none."),
        "area": text("The area's slug."),
        "area_name": text(),
        "reports": maybe("integer", "Reports about the place; null below the disclosure minimum."),
        "agree_count": t("integer", minimum=0),
        "first_reported_on": t("string", **DATE),
        "published_on": maybe("string", **DATE),
        "url": t("string", **URL),
    }
    return {
        "PlaceExport": obj(
            {
                "type": t("string", enum=["FeatureCollection"]),
                "license": ref("Licence"),
                "features": array(
                    obj(
                        {
                            "type": t("string", enum=["Feature"]),
                            "id": t("integer"),
                            "geometry": ref("PointGeometry"),
                            "properties": obj(record),
                        }
                    )
                ),
            },
            "Every public place (RFC 7946), with the licence as a foreign member.",
        ),
        "ExportCatalogue": obj(
            {
                "license": ref("Licence"),
                "datasets": array(
                    obj(
                        {
                            "name": text(),
                            "title": text(),
                            "media_type": text(),
                            "url": t("string", **URL),
                            "license": ref("Licence"),
                        }
                    )
                ),
            },
            "The open-data downloads and their licence.",
        ),
    }


def all_schemas() -> dict[str, Schema]:
    return {
        **common(),
        **areas(),
        **schemas_content.surveys(),
        **schemas_content.lagesbild(),
        **schemas_content.promises(),
        **geojson(),
        **exports(),
    }
