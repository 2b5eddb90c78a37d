"""The OpenAPI 3.1 document for every public endpoint: the JSON API, the GeoJSON endpoints,
the exports and Open311 GeoReport v2. Built per request (it lists the active categories)."""

from __future__ import annotations

from typing import Any

from flask import current_app

from portal.api import exports
from portal.api.openapi import open311, paths, schemas
from portal.map import categories as category_services

DESCRIPTION = """\
Public data of Trygghetsportalen: areas, published survey results, fastställda lägesbilder,
medborgarlöften with their commitments and progress updates, published places, and an
Open311 GeoReport v2 endpoint through which other systems can send reports in.

**Only public data.** Every answer holds what the portal's public pages show: published places
with moderated, masked texts and coarse coordinates; survey results after disclosure control
(no count below the minimum); published promises. Nothing a resident wrote is given before
moderation, and no reporter's contact data is ever stored or given.

**Caching.** Answers carry an `ETag`; send it back in `If-None-Match` to get `304 Not
Modified`. Anonymous requests also get `Last-Modified`.

**Paging.** Lists take `page` and `per_page` (up to 100) and give `links.next`/`links.prev`.
Open311's `GET requests` takes `page` and `page_size` (up to 1000) and answers with
`X-Total-Count` and a `Link` header.

**Errors.** The JSON API answers `{"error": {"code", "title", "message", "parameter"}}`;
Open311 answers the standard's list of `{code, description}` (or `<errors>` in XML).
"""

TAGS = [
    {"name": "Areas", "description": "The area tree: kommun → stadsdel → område …"},
    {"name": "Surveys", "description": "Published results of trygghetsmätningar and dialogues."},
    {"name": "Lägesbild", "description": "Fastställda lägesbilder, as published."},
    {"name": "Promises", "description": "Medborgarlöften: commitments, activities, updates."},
    {"name": "Places", "description": "Published places as GeoJSON (by bounding box)."},
    {"name": "Open data", "description": "Downloads, with their licence."},
    {"name": "Open311", "description": "GeoReport v2: read places, send reports in."},
]


def build() -> dict[str, Any]:
    config = current_app.config
    codes = [c.slug for c in category_services.all_categories(active_only=True)]
    headers = {
        "places": exports.PLACE_HEADER,
        "promises": exports.PROMISE_HEADER,
        "commitments": exports.COMMITMENT_HEADER,
        "updates": exports.UPDATE_HEADER,
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Trygghetsportalen API",
            "version": "1.0.0",
            "description": DESCRIPTION,
            "contact": {"name": config.get("OPEN311_CONTACT") or config["ORGANISATION_NAME"]},
            "license": {
                "name": config["OPEN_DATA_LICENCE_NAME"],
                "url": config["OPEN_DATA_LICENCE_URL"],
            },
        },
        "tags": TAGS,
        "paths": {
            "/api/openapi.json": {
                "get": {
                    "tags": ["Open data"],
                    "operationId": "openapi_document",
                    "summary": "This document",
                    "responses": {
                        "200": {
                            "description": "The OpenAPI 3.1 document.",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        },
                        "304": {"description": "Not modified (If-None-Match matched)."},
                    },
                }
            },
            **paths.api_paths(),
            **paths.geojson_paths(),
            **paths.export_paths(headers),
            **open311.paths(codes, int(config["PLACE_DESCRIPTION_MAX"])),
        },
        "components": {"schemas": {**schemas.all_schemas(), **open311.schemas()}},
    }
