"""The OpenAPI document arranged for the human-readable API page. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Field:
    name: str
    type: str
    required: bool
    description: str


@dataclass
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    parameters: list[Field]
    body: list[Field]
    body_type: str
    responses: list[tuple[str, str, str]]  # (status, description, type)


@dataclass
class Section:
    name: str
    anchor: str
    description: str
    operations: list[Operation] = field(default_factory=list)


def anchor(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def type_of(schema: dict[str, Any] | None) -> str:
    """A short, readable type: ``string (date)``, ``array of Area``, ``Share or null``."""
    if not schema:
        return "any"
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return " or ".join(type_of(s) for s in schema[key])
    kinds = schema.get("type", "object")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    parts = []
    for kind in kinds:
        if kind == "array":
            parts.append("array of " + type_of(schema.get("items")))
        elif kind == "null":
            parts.append("null")
        else:
            extra = schema.get("format") or (
                "one of " + ", ".join(map(str, schema["enum"])) if "enum" in schema else ""
            )
            parts.append(f"{kind} ({extra})" if extra else kind)
    return " or ".join(parts)


def fields(schema: dict[str, Any]) -> list[Field]:
    required = set(schema.get("required", []))
    return [
        Field(name, type_of(inner), name in required, inner.get("description", ""))
        for name, inner in schema.get("properties", {}).items()
    ]


def _operation(method: str, path: str, spec: dict[str, Any]) -> Operation:
    parameters = [
        Field(
            f"{p['name']} ({p['in']})",
            type_of(p.get("schema")),
            bool(p.get("required")),
            p.get("description", ""),
        )
        for p in spec.get("parameters", [])
    ]
    body: list[Field] = []
    body_type = ""
    for media_type, item in spec.get("requestBody", {}).get("content", {}).items():
        body, body_type = fields(item.get("schema", {})), media_type
    responses = []
    for status, answer in spec.get("responses", {}).items():
        kinds = [
            f"{media_type}: {type_of(item.get('schema'))}"
            for media_type, item in answer.get("content", {}).items()
        ]
        responses.append((status, answer.get("description", ""), "; ".join(kinds)))
    return Operation(
        method.upper(),
        path,
        spec.get("operationId") or anchor(f"{method}-{path}"),
        spec.get("summary", ""),
        spec.get("description", ""),
        parameters,
        body,
        body_type,
        responses,
    )


def sections(document: dict[str, Any]) -> list[Section]:
    """One section per tag, in the document's tag order, each with its operations."""
    found = {
        tag["name"]: Section(tag["name"], anchor(tag["name"]), tag.get("description", ""))
        for tag in document.get("tags", [])
    }
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                spec = item[method]
                tag = (spec.get("tags") or ["Other"])[0]
                section = found.setdefault(tag, Section(tag, anchor(tag), ""))
                section.operations.append(_operation(method, path, spec))
    return [s for s in found.values() if s.operations]


def schema_tables(document: dict[str, Any]) -> list[tuple[str, str, str, list[Field]]]:
    """(name, description, type, fields) of every component schema."""
    return [
        (name, schema.get("description", ""), type_of(schema), fields(schema))
        for name, schema in document.get("components", {}).get("schemas", {}).items()
    ]
