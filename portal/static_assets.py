"""Third-party assets (Leaflet and plugins) served by the portal from their PyPI packages."""

from __future__ import annotations

from flask import Blueprint, Flask, url_for
from xstatic.pkg import leaflet, leaflet_markercluster

vendor_leaflet = Blueprint(
    "vendor_leaflet", __name__, static_folder=leaflet.BASE_DIR, static_url_path="/vendor/leaflet"
)
vendor_markercluster = Blueprint(
    "vendor_markercluster",
    __name__,
    static_folder=leaflet_markercluster.BASE_DIR,
    static_url_path="/vendor/leaflet-markercluster",
)


def init_app(app: Flask) -> None:
    app.register_blueprint(vendor_leaflet)
    app.register_blueprint(vendor_markercluster)


def leaflet_assets(cluster: bool = False) -> list[tuple[str, str]]:
    """``(kind, url)`` pairs for a page with a map; ``cluster`` adds Leaflet.markercluster."""
    assets = [
        ("css", url_for("vendor_leaflet.static", filename="leaflet.css")),
        ("js", url_for("vendor_leaflet.static", filename="leaflet.js")),
    ]
    if cluster:
        assets += [
            ("css", url_for("vendor_markercluster.static", filename="MarkerCluster.css")),
            ("css", url_for("vendor_markercluster.static", filename="MarkerCluster.Default.css")),
            ("js", url_for("vendor_markercluster.static", filename="leaflet.markercluster.js")),
        ]
    return assets
