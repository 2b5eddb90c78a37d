"""The Open311 GeoReport v2 part of the OpenAPI document: schemas and the ``.json``/``.xml``
paths (each format is its own path, so each answer's media type and shape are exact)."""

from __future__ import annotations

from typing import Any

from portal.api.openapi.build import Schema, array, maybe, obj, param, ref, response, t
from portal.map import vocab as place_vocab

PREFIX = "/open311/v2"
MEDIA = {"json": "application/json", "xml": "text/xml"}
XML_NOTE = (
    " In XML the list is a root element (`<service_requests>`, `<services>`, `<errors>`) with one "
    "element per item (`<request>`, `<service>`, `<error>`) and one element per field; absent "
    "values are empty elements and booleans read `true`/`false`."
)
DATETIME = {"format": "date-time"}


def schemas() -> dict[str, Schema]:
    text = t("string")
    request_fields: dict[str, Schema] = {
        "service_request_id": t("string", "The place's id."),
        "status": t(
            "string", "closed: åtgärdad or ingen åtgärd; otherwise open.", enum=["open", "closed"]
        ),
        "status_notes": maybe(
            "string", "Our detailed status, its public reason and the newest public note."
        ),
        "service_name": t("string", "The category's name."),
        "service_code": t("string", "The category's slug."),
        "description": maybe("string", "The moderated description, personal data masked."),
        "agency_responsible": maybe("string", "The responsible organisation."),
        "service_notice": maybe("string"),
        "requested_datetime": t(
            "string",
            "The day the place was first reported (local midnight: day precision).",
            **DATETIME,
        ),
        "updated_datetime": maybe(
            "string", "The newest publication, status change or public note.", **DATETIME
        ),
        "expected_datetime": maybe("string", "The deadline day, if one is set.", **DATETIME),
        "address": maybe("string", "The area the place lies in."),
        "address_id": maybe("string", "Not used."),
        "zipcode": maybe("string", "Not used."),
        "lat": t(
            "number", "Latitude (WGS84), rounded like the public map.", minimum=-90, maximum=90
        ),
        "long": t(
            "number", "Longitude (WGS84), rounded like the public map.", minimum=-180, maximum=180
        ),
        "media_url": maybe("string", "An approved photo.", format="uri"),
    }
    value = obj({"key": text, "name": text})
    attribute = obj(
        {
            "variable": t("boolean"),
            "code": text,
            "datatype": t(
                "string",
                enum=["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"],
            ),
            "required": t("boolean"),
            "datatype_description": maybe("string"),
            "order": t("integer"),
            "description": text,
            "values": array(value),
        }
    )
    return {
        "Open311Errors": array(
            obj({"code": t("integer", "The HTTP status code."), "description": text}),
            "The standard's error list.",
        ),
        "Open311Discovery": obj(
            {
                "changeset": t("string", **DATETIME),
                "contact": text,
                "key_service": text,
                "endpoints": array(
                    obj(
                        {
                            "specification": t("string", format="uri"),
                            "url": t("string", format="uri"),
                            "changeset": t("string", **DATETIME),
                            "type": t("string", enum=["production", "test"]),
                            "formats": array(text),
                        }
                    )
                ),
            }
        ),
        "Open311Services": array(
            obj(
                {
                    "service_code": t("string", "The category's slug."),
                    "service_name": text,
                    "description": text,
                    "metadata": t("boolean", "True: see services/{service_code} for attributes."),
                    "type": t("string", enum=["realtime", "batch", "blackbox"]),
                    "keywords": text,
                    "group": text,
                }
            )
        ),
        "Open311ServiceDefinition": obj({"service_code": text, "attributes": array(attribute)}),
        "Open311ServiceRequests": array(obj(request_fields)),
        "Open311Created": array(
            obj(
                {
                    "token": t(
                        "string",
                        "The report's anonymous follow code; GET tokens/{token} gives the "
                        "service_request_id once the report is published.",
                    ),
                    "service_notice": text,
                }
            )
        ),
        "Open311Tokens": array(
            obj(
                {
                    "service_request_id": t("string", "Given once the place is public."),
                    "token": text,
                },
                optional=("service_request_id",),
            )
        ),
    }


def _errors(fmt: str, *codes: int) -> dict[str, Any]:
    texts = {
        400: "A parameter is missing or wrong.",
        403: "The api_key is wrong or revoked, or one is required.",
        404: "Not found.",
        429: "Too many reports from this client; try again later.",
    }
    return {str(code): response(texts[code], ref("Open311Errors"), MEDIA[fmt]) for code in codes}


def _ok(fmt: str, schema: str, description: str, headers: dict | None = None) -> dict[str, Any]:
    return {
        "200": response(
            description + (XML_NOTE if fmt == "xml" else ""), ref(schema), MEDIA[fmt], headers
        )
    }


def _jurisdiction() -> dict[str, Any]:
    return param("jurisdiction_id", "An area's slug (see /api/areas).", t("string"))


def _post_body(service_codes: list[str], description_max: int) -> dict[str, Any]:
    properties: dict[str, Schema] = {
        "api_key": t("string", "Needed when the installation requires keys."),
        "jurisdiction_id": t(
            "string",
            "An area's slug: limits where lat/long may be, and is the "
            "area for a report with only address_string.",
        ),
        "service_code": t(
            "string", "A category's slug.", **({"enum": service_codes} if service_codes else {})
        ),
        "lat": t("number", minimum=-90, maximum=90),
        "long": t("number", minimum=-180, maximum=180),
        "address_string": t("string", "Where, in words (seen only by staff).", maxLength=300),
        "description": t(
            "string",
            "What is wrong, in the reporter's words; masked and moderated "
            "before anything is shown.",
            minLength=1,
            maxLength=description_max,
        ),
        "attribute[time_of_day]": t("string", enum=list(place_vocab.TIMES_OF_DAY)),
        "attribute[day_kind]": t("string", enum=list(place_vocab.DAY_KINDS)),
    }
    for ignored in (
        "email",
        "first_name",
        "last_name",
        "phone",
        "device_id",
        "account_id",
        "media_url",
        "address_id",
    ):
        properties[ignored] = t("string", "Accepted and thrown away: never stored.")
    schema = t("object", properties=properties)
    schema["required"] = [
        "service_code",
        "description",
        "attribute[time_of_day]",
        "attribute[day_kind]",
    ]
    return {
        "required": True,
        "content": {"application/x-www-form-urlencoded": {"schema": schema}},
    }


def paths(service_codes: list[str], description_max: int) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for fmt in ("json", "xml"):
        tags = ["Open311"]
        found[f"{PREFIX}/discovery.{fmt}"] = {
            "get": {
                "tags": tags,
                "operationId": f"open311_discovery_{fmt}",
                "summary": f"Service discovery ({fmt.upper()})",
                "description": "Where the GeoReport v2 endpoint is and which formats it speaks.",
                "responses": _ok(fmt, "Open311Discovery", "The discovery document."),
            }
        }
        found[f"{PREFIX}/services.{fmt}"] = {
            "get": {
                "tags": tags,
                "operationId": f"open311_services_{fmt}",
                "summary": f"Services: the place categories ({fmt.upper()})",
                "description": "The categories a report can be made in (the same in every jurisdiction).",
                "parameters": [_jurisdiction()],
                "responses": {
                    **_ok(fmt, "Open311Services", "The services."),
                    **_errors(fmt, 400, 404),
                },
            }
        }
        found[f"{PREFIX}/services/{{service_code}}.{fmt}"] = {
            "get": {
                "tags": tags,
                "operationId": f"open311_service_definition_{fmt}",
                "summary": f"Service definition ({fmt.upper()})",
                "description": "The attributes a report needs: time_of_day and day_kind.",
                "parameters": [
                    param("service_code", "A category's slug.", t("string"), "path"),
                    _jurisdiction(),
                ],
                "responses": {
                    **_ok(fmt, "Open311ServiceDefinition", "The definition."),
                    **_errors(fmt, 400, 404),
                },
            }
        }
        paging_headers = {
            "X-Total-Count": {
                "description": "Matching requests on every page.",
                "schema": t("integer"),
            },
            "Link": {
                "description": 'rel="next" and rel="prev" pages, when there are any.',
                "schema": t("string"),
            },
        }
        found[f"{PREFIX}/requests.{fmt}"] = {
            "get": {
                "tags": tags,
                "operationId": f"open311_requests_{fmt}",
                "summary": f"Service requests: published places ({fmt.upper()})",
                "description": (
                    "Published places only, newest first. Dates count whole local days, since "
                    "requested_datetime has day precision. Paged with page and page_size."
                ),
                "parameters": [
                    param(
                        "service_request_id",
                        "Comma-separated ids; overrides every other filter.",
                        t("string"),
                    ),
                    param("service_code", "Comma-separated category slugs.", t("string")),
                    param(
                        "status",
                        "open, closed or open,closed.",
                        t("string", pattern="^(open|closed)(,(open|closed))?$"),
                    ),
                    param("start_date", "First day (W3C datetime).", t("string", **DATETIME)),
                    param("end_date", "Last day (W3C datetime).", t("string", **DATETIME)),
                    _jurisdiction(),
                    param(
                        "page", "Page number (from 1).", t("integer", minimum=1, maximum=2**31 - 1)
                    ),
                    param(
                        "page_size",
                        "Requests per page (default 1000).",
                        t("integer", minimum=1, maximum=1000),
                    ),
                ],
                "responses": {
                    **_ok(fmt, "Open311ServiceRequests", "The requests.", paging_headers),
                    **_errors(fmt, 400, 404),
                },
            },
            "post": {
                "tags": tags,
                "operationId": f"open311_create_request_{fmt}",
                "summary": f"Report a place ({fmt.upper()})",
                "description": (
                    "Stores a resident report that waits for moderation, exactly like one sent "
                    "through the portal's form; nothing is public until staff have reviewed it. "
                    "Give lat and long, or address_string with jurisdiction_id. Personal fields "
                    "are thrown away. Rate-limited per client, or per api_key."
                ),
                "requestBody": _post_body(service_codes, description_max),
                "responses": {
                    **_ok(fmt, "Open311Created", "Stored for moderation."),
                    **_errors(fmt, 400, 403, 404, 429),
                },
            },
        }
        found[f"{PREFIX}/requests/{{service_request_id}}.{fmt}"] = {
            "get": {
                "tags": tags,
                "operationId": f"open311_request_{fmt}",
                "summary": f"One service request ({fmt.upper()})",
                "parameters": [
                    param("service_request_id", "The place's id.", t("string"), "path"),
                    _jurisdiction(),
                ],
                "responses": {
                    **_ok(fmt, "Open311ServiceRequests", "A list of one request."),
                    **_errors(fmt, 404),
                },
            }
        }
        found[f"{PREFIX}/tokens/{{token}}.{fmt}"] = {
            "get": {
                "tags": tags,
                "operationId": f"open311_token_{fmt}",
                "summary": f"Request id from a token ({fmt.upper()})",
                "parameters": [
                    param("token", "The token POST requests gave.", t("string"), "path")
                ],
                "responses": {
                    **_ok(fmt, "Open311Tokens", "The token, and the id once the place is public."),
                    **_errors(fmt, 404),
                },
            }
        }
    return found
