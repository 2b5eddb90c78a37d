"""Atom (RFC 4287) feeds of progress updates, built with xml.etree. Pure.

Ids are ``tag:`` URIs (RFC 4151) that never change: ``tag:<authority>,<date>:loften/...`` where
the authority and date come from the settings ``LOFTEN_FEED_TAG_AUTHORITY`` (default: the host
name the feed is served under) and ``LOFTEN_FEED_TAG_DATE``. ElementTree escapes every text and
attribute, so resident-facing text cannot break the XML.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONTENT_TYPE = "application/atom+xml; charset=utf-8"


def tag_uri(authority: str, date: str, specific: str) -> str:
    """``tag:example.org,2025-01-01:loften/uppdatering/12``."""
    host = authority.split(":")[0].strip().lower() or "localhost"
    return f"tag:{host},{date}:{specific}"


def rfc3339(moment: datetime) -> str:
    """UTC, seconds, with ``Z`` (naive datetimes from SQLite are UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    updated: datetime
    published: datetime
    link: str
    summary: str  # plain text
    content_html: str  # sanitised HTML, carried escaped (type="html")
    author: str
    category: str | None = None


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    subtitle: str
    self_url: str
    alternate_url: str
    author: str
    language: str
    entries: Sequence[Entry]
    fallback_updated: datetime  # when there are no entries


def _sub(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{name}", attrs)
    if text is not None:
        element.text = text
    return element


def build(feed: Feed) -> bytes:
    """The feed document as UTF-8 XML."""
    ET.register_namespace("", ATOM_NS)
    root = ET.Element(f"{{{ATOM_NS}}}feed", {XML_LANG: feed.language})
    _sub(root, "id", feed.id)
    _sub(root, "title", feed.title)
    if feed.subtitle:
        _sub(root, "subtitle", feed.subtitle)
    updated = max((e.updated for e in feed.entries), default=feed.fallback_updated)
    _sub(root, "updated", rfc3339(updated))
    _sub(root, "link", rel="self", type="application/atom+xml", href=feed.self_url)
    _sub(root, "link", rel="alternate", type="text/html", href=feed.alternate_url)
    author = _sub(root, "author")
    _sub(author, "name", feed.author)
    _sub(root, "generator", "Trygghetsportalen")
    for entry in feed.entries:
        element = _sub(root, "entry")
        _sub(element, "id", entry.id)
        _sub(element, "title", entry.title)
        _sub(element, "updated", rfc3339(entry.updated))
        _sub(element, "published", rfc3339(entry.published))
        _sub(element, "link", rel="alternate", type="text/html", href=entry.link)
        entry_author = _sub(element, "author")
        _sub(entry_author, "name", entry.author)
        if entry.category:
            _sub(element, "category", term=entry.category)
        _sub(element, "summary", entry.summary)
        _sub(element, "content", entry.content_html, type="html")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
