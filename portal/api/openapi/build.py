"""Small builders for JSON Schema (2020-12, as OpenAPI 3.1 uses) and OpenAPI pieces. Pure."""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

DATE = {"format": "date"}
DATETIME = {"format": "date-time"}
URL = {"format": "uri"}


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def t(kind: str, description: str | None = None, **extra: Any) -> Schema:
    """A typed schema: ``t("string", "The slug")``."""
    schema: Schema = {"type": kind, **extra}
    if description:
        schema["description"] = description
    return schema


def maybe(kind: str, description: str | None = None, **extra: Any) -> Schema:
    """The type, or null."""
    return t(kind, description, **extra) | {"type": [kind, "null"]}


def maybe_ref(name: str, description: str | None = None) -> Schema:
    schema: Schema = {"oneOf": [ref(name), {"type": "null"}]}
    if description:
        schema["description"] = description
    return schema


def array(items: Schema, description: str | None = None) -> Schema:
    return t("array", description, items=items)


def obj(
    properties: dict[str, Schema],
    description: str | None = None,
    *,
    optional: tuple[str, ...] = (),
    open_: bool = False,
) -> Schema:
    """An object with exactly ``properties``; all required except ``optional``."""
    schema = t("object", description, properties=properties)
    schema["required"] = [name for name in properties if name not in optional]
    if not open_:
        schema["additionalProperties"] = False
    return schema


def param(
    name: str,
    description: str,
    schema: Schema,
    where: str = "query",
    required: bool = False,
) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "description": description,
        "required": required or where == "path",
        "schema": schema,
    }


def content(schema: Schema, media_type: str = "application/json") -> dict[str, Any]:
    return {media_type: {"schema": schema}}


def response(
    description: str,
    schema: Schema | None = None,
    media_type: str = "application/json",
    headers: dict[str, Any] | None = None,
) -> dict[str, Any]:
    found: dict[str, Any] = {"description": description}
    if schema is not None:
        found["content"] = content(schema, media_type)
    if headers:
        found["headers"] = headers
    return found


def header(description: str, kind: str = "string") -> dict[str, Any]:
    return {"description": description, "schema": {"type": kind}}


def text(description: str | None = None) -> Schema:
    return t("string", description)


def page_of(item: str, description: str) -> Schema:
    return obj(
        {
            "items": array(ref(item)),
            "page": t(
                "integer",
                "This page's number (a number past the last page gives the last).",
                minimum=1,
            ),
            "per_page": t("integer", "Items per page.", minimum=1, maximum=100),
            "total": t("integer", "Items on every page together.", minimum=0),
            "pages": t("integer", "Number of pages.", minimum=1),
            "links": ref("Links"),
        },
        description,
    )
