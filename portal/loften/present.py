"""What the promise pages show, gathered from the promise, its updates and its sources.

Numbers are formatted in the visitor's notation; every progress bar gets a sentence that says
the same thing in words.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _

from portal import content_i18n
from portal.content_i18n import Translatable
from portal.geo.coords import to_leaflet, union_bbox
from portal.geo.mapbuilder import MapParts, point_marker
from portal.geo.pagemap import page_map
from portal.loften import commitments as commitment_services
from portal.loften import progress, richtext, services, sources, vocab
from portal.loften.models import Commitment, Promise

TIMELINE_SHOWN = 50  # updates on the promise page unless the visitor asks for all

PARTY_ORDER = {vocab.POLISEN: 0, vocab.KOMMUNEN: 1, vocab.GEMENSAMT: 2, vocab.PARTNER: 3}


def number(value: float | None) -> str:
    if value is None:
        return ""
    return format_decimal(round(value, 2), format="#,##0.##")


def share_text(value: float) -> str:
    return format_decimal(round(value * 100), format="#,##0") + " %"


def commitment_progress(commitment: Commitment) -> dict[str, Any]:
    """The bar's width and the sentence that says the same."""
    fraction = progress.fraction(
        commitment.status, commitment.target_value, commitment.progress_value
    )
    percent = progress.percent(fraction)
    if commitment.status == vocab.INSTALLD:
        text = _("Inställt: räknas inte in i löftets framsteg.")
    elif commitment.target_value and commitment.progress_value is not None:
        text = _(
            "%(done)s av %(target)s %(unit)s (%(percent)s %%).",
            done=number(commitment.progress_value),
            target=number(commitment.target_value),
            unit=commitment.target_unit or "",
            percent=percent,
        )
    elif commitment.status == vocab.GENOMFORD:
        text = _("Genomfört.")
    elif commitment.target_value:
        text = _(
            "Mål: %(target)s %(unit)s. Inget resultat rapporterat ännu.",
            target=number(commitment.target_value),
            unit=commitment.target_unit or "",
        )
    else:
        text = _("Räknas som klart när det är genomfört.")
    return {"percent": percent, "text": " ".join(text.split())}


def commitment_progress_of_update(update) -> str:
    """ "120 av 200 patrulleringar" for an update that reported a number, else ""."""
    commitment = update.commitment
    if update.progress_value is None:
        return ""
    if commitment.target_value:
        text = _(
            "%(done)s av %(target)s %(unit)s",
            done=number(update.progress_value),
            target=number(commitment.target_value),
            unit=commitment.target_unit or "",
        )
    else:
        text = _(
            "%(done)s %(unit)s",
            done=number(update.progress_value),
            unit=commitment.target_unit or "",
        )
    return " ".join(text.split())


def overall_progress(commitments: list[Commitment]) -> dict[str, Any]:
    found = progress.overall(commitments)
    parts = [_("%(done)s av %(total)s åtaganden genomförda", done=found.done, total=found.total)]
    if found.ongoing:
        parts.append(_("%(n)s pågår", n=found.ongoing))
    if found.delayed:
        parts.append(_("%(n)s försenade", n=found.delayed))
    if found.cancelled:
        parts.append(_("%(n)s inställda", n=found.cancelled))
    if found.not_started:
        parts.append(_("%(n)s ej påbörjade", n=found.not_started))
    counts = ", ".join(parts) + "."
    if found.percent is None:
        sentence = counts
    else:
        sentence = _("%(percent)s %% av löftet är genomfört.", percent=found.percent) + " " + counts
    return {"percent": found.percent, "text": sentence, "counts": counts, "overall": found}


@dataclass
class PartyGroup:
    name: str
    party: str
    commitments: list[Commitment] = field(default_factory=list)


def by_party(commitments: list[Commitment]) -> list[PartyGroup]:
    """Polisen, Kommunen, both together, then each partner organisation (alphabetically)."""
    groups: dict[tuple[int, str], PartyGroup] = {}
    for commitment in commitments:
        key = (PARTY_ORDER.get(commitment.party, 9), commitment.party_name.casefold())
        group = groups.setdefault(key, PartyGroup(commitment.party_name, commitment.party))
        group.commitments.append(commitment)
    return [groups[key] for key in sorted(groups)]


def places_map(places: list[sources.PlaceInfo], label: str) -> MapParts | None:
    if not places:
        return None
    boxes = [(p.lon, p.lat, p.lon, p.lat) for p in places]
    elements = [point_marker(p.lon, p.lat, f"{p.label}, {p.area_name}") for p in places]
    options: dict[str, Any] = {"elements": elements}
    if len(places) == 1:
        options["center"] = tuple(to_leaflet(places[0].lon, places[0].lat))
        options["zoom"] = 15
    else:
        options["bbox"] = union_bbox(boxes)
    return page_map(label, cache_key=("loften-places", tuple(p.id for p in places)), **options)


def heard(promise: Promise, locale: str) -> dict[str, Any]:
    """What we heard: the lägesbild, the surveys, the places."""
    minimum = int(current_app.config["DISCLOSURE_MINIMUM"])
    snapshot = sources.public_snapshot(promise.snapshot_id)
    survey_ids = [promise.baseline_survey_id, *services.source_ids(promise, vocab.SOURCE_SURVEY)]
    surveys = []
    for info in sources.surveys(dict.fromkeys(i for i in survey_ids if i), locale):
        value = sources.indicator(info.id, promise.indicator_key, minimum, locale)
        surveys.append({"info": info, "value": value})
    place_ids = services.source_ids(promise, vocab.SOURCE_PLACE)
    if snapshot is not None:
        place_ids += sources.snapshot_place_ids(snapshot)
    links = [link for commitment in promise.commitments for link in commitment.links]
    place_ids += [link.target_id for link in links if link.target_type == vocab.PLACE]
    point_ids = [link.target_id for link in links if link.target_type == vocab.WALK_POINT]
    place_ids += [point.place_id for point in sources.walk_points(point_ids, locale)]
    places = sources.public_places(place_ids, locale)
    return {
        "snapshot": snapshot,
        "snapshot_url": sources.snapshot_url(snapshot.id) if snapshot else None,
        "snapshot_counts": sources.snapshot_sources(snapshot) if snapshot else {},
        "surveys": surveys,
        "places": places,
        "map": places_map(places, _("Karta över platserna bakom löftet")),
    }


def follow_up(promise: Promise, locale: str) -> dict[str, Any]:
    """How we follow up: the indicator before and after, with its uncertainty in words."""
    minimum = int(current_app.config["DISCLOSURE_MINIMUM"])
    baseline = sources.survey(promise.baseline_survey_id, locale)
    followup = sources.survey(promise.followup_survey_id, locale)
    return {
        "label": sources.indicator_label(
            promise.followup_survey_id or promise.baseline_survey_id, promise.indicator_key, locale
        ),
        "baseline": baseline,
        "followup": followup,
        "before": sources.indicator(
            promise.baseline_survey_id, promise.indicator_key, minimum, locale
        ),
        "comparison": sources.comparison(
            promise.baseline_survey_id,
            promise.followup_survey_id,
            promise.indicator_key,
            minimum,
            locale,
        ),
        "minimum": minimum,
    }


def page(promise: Promise, locale: str, all_updates: bool = False) -> dict[str, Any]:
    """Everything the public promise page shows (the newest updates, or all of them)."""
    commitments = list(promise.commitments)
    timeline = commitment_services.timeline(promise)
    shown = timeline if all_updates else timeline[:TIMELINE_SHOWN]
    return {
        "promise": promise,
        "overall": overall_progress(commitments),
        "groups": by_party(commitments),
        "progress_of": {c.id: commitment_progress(c) for c in commitments},
        "heard": heard(promise, locale),
        "timeline": shown,
        "timeline_total": len(timeline),
        "follow": follow_up(promise, locale),
        "markdown": richtext.render,
        "interval_text": interval_text,
        "progress_text": commitment_progress_of_update,
        "embed_code": embed_code,
        "content_note": content_i18n.needs_note(translated_parts(promise, shown)),
    }


def translated_parts(promise: Promise, updates: list) -> list[Translatable]:
    """The promise and the parts of it its page shows, for the "only in Swedish" note."""
    parts: list[Translatable] = [promise, *promise.focus_areas, *promise.commitments]
    for commitment in promise.commitments:
        parts += commitment.activities
    return parts + list(updates)


def embed_code(url: str, title: str) -> str:
    """The iframe snippet a kommun pastes into its own site."""
    return (
        f'<iframe src="{html.escape(url, quote=True)}" title="{html.escape(title, quote=True)}" '
        'width="100%" height="230" style="border:0"></iframe>'
    )


def interval_text(value: sources.IndicatorValue) -> str:
    """ "23 % (95 % konfidensintervall 19–27 %, 320 svar)"."""
    return _(
        "%(share)s (95 %% konfidensintervall %(low)s–%(high)s, %(n)s svar)",
        share=share_text(value.share),
        low=format_decimal(round(value.low * 100), format="#,##0"),
        high=share_text(value.high),
        n=value.n,
    )


def latest_updates(promise: Promise, limit: int) -> list:
    return commitment_services.timeline(promise)[:limit]


def link_labels(commitment: Commitment, lang: str) -> dict[int, str]:
    """How each link reads now (the place or point may have changed since it was linked)."""
    labels = {}
    for link in commitment.links:
        if link.target_type == vocab.PLACE:
            info = sources.place(link.target_id, lang)
            labels[link.id] = (
                _(
                    "Plats %(id)s: %(label)s, %(area)s",
                    id=link.target_id,
                    label=info.label,
                    area=info.area_name,
                )
                if info
                else link.label
            )
        else:
            point = sources.walk_point(link.target_id, lang)
            labels[link.id] = (
                _(
                    "Punkt %(n)s i %(walk)s: %(label)s",
                    n=point.number,
                    walk=point.walk_title,
                    label=point.label,
                )
                if point
                else link.label
            )
    return labels
