"""Maps for pages: :func:`portal.geo.mapbuilder.build_map` with this installation's settings."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from flask import current_app

from portal.geo.mapbuilder import MapParts, build_map
from portal.static_assets import leaflet_assets

_CACHE_SIZE = 512
_cache: OrderedDict[Hashable, MapParts] = OrderedDict()
_lock = threading.Lock()


def page_map(
    label: str, *, cluster: bool = False, cache_key: Hashable | None = None, **options
) -> MapParts:
    """A map with the configured tiles and the portal's own Leaflet files.

    Building a folium map costs milliseconds; with ``cache_key`` (which must change whenever
    the map's content does, e.g. ids and ``updated_at`` of what it shows) the result is reused.
    An option given as a zero-argument callable is evaluated only when the map is built.
    """
    if cache_key is None:
        return _build(label, cluster, options)
    config = current_app.config
    key = (cache_key, label, cluster, config["MAP_TILE_URL"], config["MAP_TILE_ATTRIBUTION"])
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    parts = _build(label, cluster, options)
    with _lock:
        _cache[key] = parts
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return parts


def _build(label: str, cluster: bool, options: dict) -> MapParts:
    options = {name: value() if callable(value) else value for name, value in options.items()}
    config = current_app.config
    options.setdefault("center", tuple(config["MAP_DEFAULT_CENTER"]))
    options.setdefault("zoom", config["MAP_DEFAULT_ZOOM"])
    return build_map(
        label=label,
        assets=leaflet_assets(cluster=cluster),
        tile_url=config["MAP_TILE_URL"],
        tile_attribution=config["MAP_TILE_ATTRIBUTION"],
        **options,
    )
