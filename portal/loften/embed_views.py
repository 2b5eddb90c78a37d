"""The embeddable progress widget (/loften/widget/<id>): a small page other sites may frame.

Its blueprint is named in ``EMBEDDABLE_BLUEPRINTS``, so :mod:`portal.security` allows any site
to show it in an iframe; every other page keeps ``frame-ancestors 'none'``.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from portal.loften import present
from portal.loften.views import public_promise_or_404

embed = Blueprint(
    "loften_embed", __name__, url_prefix="/loften/widget", template_folder="templates"
)


@embed.route("/<int:promise_id>")
def widget(promise_id: int):
    """The promise's title and progress, linking to the full page in a new tab."""
    promise = public_promise_or_404(promise_id)
    newest = next(iter(present.latest_updates(promise, 1)), None)
    return render_template(
        "loften/widget.html",
        promise=promise,
        overall=present.overall_progress(list(promise.commitments)),
        newest=newest,
    )
