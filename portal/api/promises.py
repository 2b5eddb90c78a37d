"""Medborgarlöften as JSON: public promises only, with commitments, activities and updates.

Texts are what the public promise page shows (staff-written, published); an update's Markdown is
given as written and as the sanitised HTML the page renders. Who wrote an update is never
given, only the organisation that reported it, as on the page.
"""

from __future__ import annotations

from typing import Any

from flask import url_for

from portal.api.serialize import area_ref, iso
from portal.loften import progress, richtext, sources, vocab
from portal.loften.models import Commitment, Promise, Update


def progress_of(commitments: list[Commitment]) -> dict[str, Any]:
    found = progress.overall(commitments)
    return {
        "percent": found.percent,
        "total": found.total,
        "done": found.done,
        "ongoing": found.ongoing,
        "not_started": found.not_started,
        "delayed": found.delayed,
        "cancelled": found.cancelled,
    }


def promise_summary(promise: Promise) -> dict[str, Any]:
    return {
        "id": promise.id,
        "title": promise.title,
        "summary": promise.summary,
        "state": promise.state,
        "area": area_ref(promise.area),
        "areas": [area_ref(a) for a in promise.all_areas],
        "period_start": iso(promise.period_start),
        "period_end": iso(promise.period_end),
        "signed_on": iso(promise.signed_on),
        "published_at": iso(promise.published_at),
        "progress": progress_of(list(promise.commitments)),
        "url": url_for("loften.show", promise_id=promise.id, _external=True),
        "api_url": url_for("public_api.promise", promise_id=promise.id, _external=True),
        "feed_url": url_for("loften.feed_promise", promise_id=promise.id, _external=True),
    }


def update(item: Update) -> dict[str, Any]:
    photo = (
        url_for("loften.photo", update_id=item.id, kind="bild", _external=True)
        if item.photo_key
        else None
    )
    return {
        "id": item.id,
        "commitment_id": item.commitment_id,
        "activity_id": item.activity_id,
        "happened_on": iso(item.happened_on),
        "status": item.status,
        "reason": item.reason,
        "progress_value": item.progress_value,
        "text": item.text,
        "html": str(richtext.render(item.text)),
        "organisation": item.organisation,
        "photo_url": photo,
        "photo_alt": item.photo_alt if photo else None,
        "created_at": iso(item.created_at),
    }


def _places(commitment: Commitment, locale: str) -> list[dict[str, Any]]:
    ids = [link.target_id for link in commitment.links if link.target_type == vocab.PLACE]
    return [
        {"id": info.id, "url": url_for("map.place", place_id=info.id, _external=True)}
        for info in sources.public_places(ids, locale)
    ]


def commitment(item: Commitment, locale: str) -> dict[str, Any]:
    fraction = progress.fraction(item.status, item.target_value, item.progress_value)
    return {
        "id": item.id,
        "focus_id": item.focus_id,
        "title": item.title,
        "description": item.description,
        "party": item.party,
        "responsible": item.party_name,
        "target_value": item.target_value,
        "target_unit": item.target_unit,
        "due_on": iso(item.due_on),
        "status": item.status,
        "status_reason": item.status_reason,
        "progress_value": item.progress_value,
        "progress_percent": progress.percent(fraction),
        "last_update_at": iso(item.last_update_at),
        "activities": [
            {
                "id": a.id,
                "title": a.title,
                "description": a.description,
                "due_on": iso(a.due_on),
            }
            for a in item.activities
        ],
        "places": _places(item, locale),
        "updates": [update(u) for u in item.updates],
    }


def promise_detail(promise: Promise, locale: str) -> dict[str, Any]:
    snapshot = sources.public_snapshot(promise.snapshot_id)
    return {
        **promise_summary(promise),
        "dialog_summary": promise.dialog_summary,
        "follow_text": promise.follow_text,
        "followup_method": promise.followup_method,
        "followup_result": promise.followup_result,
        "lagesbild": (
            {
                "id": snapshot.id,
                "api_url": url_for("public_api.lagesbild", snapshot_id=snapshot.id, _external=True),
            }
            if snapshot is not None
            else None
        ),
        "focus_areas": [
            {"id": f.id, "title": f.title, "description": f.description}
            for f in promise.focus_areas
        ],
        "signatories": [
            {"name": s.name, "title": s.title, "organisation": s.organisation}
            for s in promise.signatories
        ],
        "commitments": [commitment(c, locale) for c in promise.commitments],
        "history_url": url_for("loften.versions", promise_id=promise.id, _external=True),
    }
