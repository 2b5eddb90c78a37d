"""Markdown for the promises' texts (updates, summaries), rendered and then sanitised.

Markdown lets staff write paragraphs, lists, emphasis and links. Whatever Markdown lets through
(raw HTML included) is cleaned with nh3 to a small set of tags: no scripts, no event handlers,
no styles, no images (a picture comes through the photo pipeline, never from another host), only
http, https and mailto links, and every link gets ``rel="nofollow noopener"``.
"""

from __future__ import annotations

import threading
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "h3", "h4"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
#: Removed together with everything inside them.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template"})


def sanitise(html: str) -> str:
    """``html`` with only the allowed tags, attributes and link schemes left."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="nofollow noopener",
        strip_comments=True,
    )


_local = threading.local()


def _converter() -> markdown.Markdown:
    """One Markdown instance per thread (building one costs more than converting a text)."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown.Markdown(output_format="html")
    return converter


@lru_cache(maxsize=4096)
def _render(text: str) -> str:
    converter = _converter()
    try:
        return sanitise(converter.convert(text))
    finally:
        converter.reset()


def render(text: str | None) -> Markup:
    """Markdown → safe HTML (empty for no text). The same text always gives the same HTML."""
    if not text or not text.strip():
        return Markup("")
    return Markup(_render(text))


def plain(text: str | None, limit: int = 300) -> str:
    """The text without markup (for feed summaries and titles), cut at ``limit`` characters."""
    if not text:
        return ""
    words = " ".join(nh3.clean(markdown.markdown(text), tags=set()).split())
    words = words.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    words = words.replace("&quot;", '"').replace("&#39;", "'")
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"
