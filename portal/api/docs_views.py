"""The OpenAPI document (/api/openapi.json) and the API page for people (/oppna-data)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, url_for

from portal.api import exports
from portal.api.openapi import document, reference
from portal.api.responses import conditional, json_response
from portal.loften.richtext import render as markdown

bp = Blueprint("api_docs", __name__, template_folder="templates")
bp.after_request(conditional)


@bp.route("/api/openapi.json")
def openapi():
    """Every public endpoint, Open311 included, with its schemas (OpenAPI 3.1)."""
    return json_response(document.build())


@bp.route("/oppna-data")
def page():
    """What the API and the downloads offer, and the full reference, from the document."""
    spec = document.build()
    downloads = {
        "places-csv": url_for("api_export.places_csv"),
        "places-geojson": url_for("api_export.places_geojson"),
        "promises-csv": url_for("api_export.promises_csv"),
        "commitments-csv": url_for("api_export.commitments_csv"),
        "updates-csv": url_for("api_export.updates_csv"),
    }
    return render_template(
        "api/docs.html",
        spec=spec,
        sections=reference.sections(spec),
        schemas=reference.schema_tables(spec),
        markdown=markdown,
        licence=exports.licence(),
        datasets=[(d, downloads[d.name]) for d in exports.DATASETS],
        key_required=current_app.config["OPEN311_API_KEY_REQUIRED"],
    )
