"""Read Open311 XML back into the JSON shape, by the standard's conventions, so that an XML
answer can be compared with the JSON one and validated against the same schema."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

LIST_ROOTS = {"services", "service_requests", "errors"}
LISTS = {"endpoints", "formats", "attributes", "values"}
NUMBERS = {"lat", "long"}
INTEGERS = {"code", "order"}
BOOLEANS = {"metadata", "variable", "required"}


def _leaf(name: str, text: str | None) -> Any:
    if text is None or text == "":
        return None
    if name in NUMBERS:
        return float(text)
    if name in INTEGERS and text.lstrip("-").isdigit():
        return int(text)
    if name in BOOLEANS:
        return {"true": True, "false": False}[text]
    return text


def _value(element: ET.Element) -> Any:
    children = list(element)
    if element.tag in LISTS:
        return [_value(child) for child in children]
    if not children:
        return _leaf(element.tag, element.text)
    return {child.tag: _value(child) for child in children}


def read(body: bytes) -> Any:
    root = ET.fromstring(body)
    if root.tag in LIST_ROOTS:
        return [_value(child) for child in root]
    return _value(root)
