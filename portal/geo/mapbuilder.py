"""Leaflet maps built with folium, loading only the portal's own copies of Leaflet.

:func:`build_map` is pure: it takes everything it needs as arguments (asset URLs included) and
returns the three pieces a page embeds: the head (CSS/JS links), the map container and its script.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import folium
from branca.element import Element, MacroElement
from folium.template import Template
from markupsafe import Markup

from portal.geo.coords import BBox, bbox_to_leaflet_bounds, to_leaflet


class PortalMap(folium.Map):
    """folium.Map without folium's page-level CSS, viewport lock and CDN assets."""

    default_js: list[tuple[str, str]] = []
    default_css: list[tuple[str, str]] = []
    _template = Template(
        """
        {% macro header(this, kwargs) %}{% endmacro %}
        {% macro html(this, kwargs) %}
            <div class="map-canvas" id={{ this.get_name()|tojson }}
                 role="region" aria-label={{ this.portal_label|tojson }}></div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map({{ this.get_name()|tojson }}, {
                center: {{ this.location|tojson }},
                crs: L.CRS.{{ this.crs }},
                ...{{ this.options|tojavascript }}
            });
            {%- if this.control_scale %}
            L.control.scale({imperial: false}).addTo({{ this.get_name() }});
            {%- endif %}
        {% endmacro %}
        """
    )


@dataclass(frozen=True)
class GeoLayer:
    """A GeoJSON FeatureCollection drawn with one style; ``tooltip`` names properties to show."""

    data: dict[str, Any]
    name: str
    color: str = "#1f5fa8"
    fill_opacity: float = 0.08
    tooltip: Sequence[str] = ()
    tooltip_labels: Sequence[str] = ()


@dataclass(frozen=True)
class MapParts:
    head: Markup
    html: Markup
    script: Markup
    name: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def build_map(
    *,
    label: str,
    assets: Sequence[tuple[str, str]],
    tile_url: str,
    tile_attribution: str,
    center: tuple[float, float] = (62.0, 15.0),
    zoom: int = 5,
    bbox: BBox | None = None,
    layers: Sequence[GeoLayer] = (),
    elements: Sequence[MacroElement | Element] = (),
) -> MapParts:
    """A map (``center`` is lat/lon, ``bbox`` lon/lat) with GeoJSON layers and extra elements.

    ``assets`` are ``(kind, url)`` pairs, kind ``"js"`` or ``"css"``, all served by the portal.
    """
    fmap = PortalMap(location=list(center), zoom_start=zoom, tiles=None, control_scale=True)
    fmap.portal_label = label
    if tile_url:
        folium.TileLayer(tiles=tile_url, attr=tile_attribution, name="Karta", max_zoom=19).add_to(
            fmap
        )
    for layer in layers:
        tooltip = (
            folium.GeoJsonTooltip(
                list(layer.tooltip), aliases=list(layer.tooltip_labels or layer.tooltip)
            )
            if layer.tooltip
            else None
        )
        folium.GeoJson(
            layer.data,
            name=layer.name,
            style_function=lambda _f, c=layer.color, o=layer.fill_opacity: {
                "color": c,
                "weight": 2,
                "fillOpacity": o,
            },
            tooltip=tooltip,
        ).add_to(fmap)
    for element in elements:
        fmap.add_child(element)
    if bbox is not None:
        fmap.fit_bounds(bbox_to_leaflet_bounds(bbox))
    root = fmap.get_root()
    root.render()
    links = "".join(
        f'<script src="{url}"></script>'
        if kind == "js"
        else f'<link rel="stylesheet" href="{url}">'
        for kind, url in assets
    )
    return MapParts(
        head=Markup(links + root.header.render()),
        html=Markup(root.html.render()),
        script=Markup(root.script.render()),
        name=fmap.get_name(),
    )


def point_marker(lon: float, lat: float, tooltip: str) -> folium.Marker:
    """A plain marker at a lon/lat point."""
    return folium.Marker(to_leaflet(lon, lat), tooltip=tooltip)
