"""Open311 GeoReport v2 output: the same data as JSON or as XML, and the standard's errors. Pure.

JSON is a list (or, for discovery and a service definition, an object) of the fields in the
standard's order; absent values are ``null``. XML has a root element, one element per item and
one per field; absent values are empty elements; booleans read ``true``/``false``. Characters
XML 1.0 cannot hold are dropped from the XML, so resident text can never break a document.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from typing import Any

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
FORMATS = ("json", "xml")

#: Element names for the items of nested lists.
LIST_ITEMS = {
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: Any) -> str:
    """A value as XML element text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element: ET.Element, value: Any, name: str) -> None:
    if isinstance(value, Mapping):
        for key, inner in value.items():
            _fill(ET.SubElement(element, key), inner, key)
    elif isinstance(value, list | tuple):
        item_name = LIST_ITEMS.get(name, "item")
        for inner in value:
            _fill(ET.SubElement(element, item_name), inner, item_name)
    else:
        element.text = xml_text(value)


def to_xml(root: str, value: Any, item: str | None = None) -> bytes:
    """``value`` under ``<root>``: a list becomes one ``<item>`` per entry."""
    element = ET.Element(root)
    if item is not None:
        for entry in value:
            _fill(ET.SubElement(element, item), entry, item)
    else:
        _fill(element, value, root)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def to_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def render(fmt: str, root: str, value: Any, item: str | None = None) -> tuple[bytes, str]:
    """(body, content type) of ``value`` in ``fmt`` ("json" or "xml")."""
    if fmt == "xml":
        return to_xml(root, value, item), XML_TYPE
    return to_json(value), JSON_TYPE


def errors(fmt: str, problems: Iterable[tuple[int, str]]) -> tuple[bytes, str]:
    """The standard's error document: ``[{"code", "description"}]`` or ``<errors>``."""
    items = [{"code": code, "description": description} for code, description in problems]
    return render(fmt, "errors", items, "error")


def format_of_path(path: str) -> str:
    """ "xml" for a path that asks for XML, else "json" (errors follow the asked format)."""
    return "xml" if path.lower().rstrip("/").endswith(".xml") else "json"
