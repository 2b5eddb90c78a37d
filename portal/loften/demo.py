"""Demo promises: one published medborgarlöfte for Brynäs and Sätra, built from the demo
kommun's fastställd lägesbild, with commitments by Polisen, the kommun and the housing company
Demobostäder AB, a dozen updates over the last months, links to demo places and a walk point,
one edit in its version history, an English translation; and one draft for Andersberg.

Deterministic: the same texts, numbers and links on every run; dates count back from today.
Runs after the places, surveys, walks and lägesbild seeders.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from portal.areas.services import get_by_slug
from portal.auth.services import get_by_email
from portal.extensions import db
from portal.loften import commitments, services, sources, vocab
from portal.loften.commitments import CommitmentInput, UpdateInput
from portal.loften.demo_data import (
    COMMITMENTS,
    DIALOG,
    ENGLISH_COMMITMENTS,
    ENGLISH_FOCUS,
    ENGLISH_PROMISE,
    ENGLISH_UPDATES,
    FOLLOW,
    FOLLOWUP,
    SIGNATORIES,
    SUMMARY,
    UPDATES,
)
from portal.loften.models import Commitment, Promise, PromiseVersion

KOMMUN = "demokommunen"
PERIOD_STARTED_DAYS_AGO = 80


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _followup_survey(promise: Promise) -> int | None:
    """The newest survey for the kommun itself other than the baseline (the current round)."""
    for info in sources.survey_choices(promise.area, "sv"):
        if info.id != promise.baseline_survey_id and info.area_name == promise.area.name:
            return info.id
    return None


def _published(kommun, actor, today: date) -> Promise | None:
    snapshots = sources.snapshot_choices([kommun])
    if not snapshots:
        return None
    start = today - timedelta(days=PERIOD_STARTED_DAYS_AGO)
    promise = services.create_from_snapshot(
        actor, snapshots[0].id, "Medborgarlöfte för Brynäs och Sätra", start - timedelta(days=28), 3
    )
    focus = list(promise.focus_areas)
    services.update(
        actor,
        promise,
        services.PromiseInput(
            title=promise.title,
            summary=SUMMARY,
            areas=[get_by_slug("brynas"), get_by_slug("satra")],
            period_start=start,
            period_end=services.add_months(start, 12) - timedelta(days=1),
            dialog_summary=DIALOG,
            follow_text=FOLLOW,
            followup_method=FOLLOWUP,
            followup_result="",
            signed_on=start - timedelta(days=10),
            review_months=3,
        ),
    )
    services.set_surveys(
        actor,
        promise,
        promise.baseline_survey_id,
        _followup_survey(promise),
        vocab.DEFAULT_INDICATOR,
    )
    by_key: dict[str, Commitment] = {}
    for key, party, org, title, text, target, unit, due, focus_index, activities in COMMITMENTS:
        commitment = commitments.add_commitment(
            actor,
            promise,
            CommitmentInput(
                title=title,
                description=text,
                party=party,
                organisation=org,
                target_value=float(target) if target else None,
                target_unit=unit,
                due_on=start + timedelta(days=due),
                focus_id=focus[focus_index].id
                if focus_index is not None and focus_index < len(focus)
                else None,
            ),
        )
        for activity in activities:
            commitments.add_activity(actor, commitment, activity, "", None)
        by_key[key] = commitment
    for person in SIGNATORIES:
        services.add_signatory(actor, promise, *person)
    services.transition(actor, promise, "publicera", start)
    promise.published_at = _at(start, 9)
    _backdate_versions(promise, _at(start, 9))
    _edit_after_publishing(actor, by_key["patrull"], start)
    _post_updates(promise, by_key, start)
    _link_places(actor, kommun, by_key)
    _translate_to_english(promise, by_key, start)
    return promise


def _translate_to_english(promise: Promise, by_key: dict[str, Commitment], start: date) -> None:
    """The whole promise in English, so visitors who choose English read it in English."""
    for field, text in ENGLISH_PROMISE.items():
        promise.set_translation("en", field, text)
    for focus in promise.focus_areas:
        if focus.title in ENGLISH_FOCUS:
            focus.set_translation("en", "title", ENGLISH_FOCUS[focus.title])
    for key, (title, description, activities) in ENGLISH_COMMITMENTS.items():
        commitment = by_key[key]
        commitment.set_translation("en", "title", title)
        commitment.set_translation("en", "description", description)
        for activity, english in zip(commitment.activities, activities, strict=False):
            activity.set_translation("en", "title", english)
        for update in commitment.updates:
            days = (update.happened_on - start).days
            text, reason = ENGLISH_UPDATES.get((days, key), ("", None))
            update.set_translation("en", "text", text)
            update.set_translation("en", "reason", reason or "")


def _backdate_versions(promise: Promise, moment: datetime) -> None:
    db.session.flush()
    for version in db.session.scalars(
        db.select(PromiseVersion).where(PromiseVersion.promise_id == promise.id)
    ):
        version.created_at = moment


def _edit_after_publishing(actor, commitment: Commitment, start: date) -> None:
    """Raise the patrol target after the first review: shows a real diff in the history."""
    version = commitments.update_commitment(
        actor,
        commitment,
        CommitmentInput(
            title=commitment.title.replace("minst 150", "minst 200"),
            description=commitment.description,
            party=commitment.party,
            organisation=commitment.organisation,
            target_value=200.0,
            target_unit=commitment.target_unit,
            due_on=commitment.due_on,
            focus_id=commitment.focus_id,
        ),
    )
    if version is not None:
        version.created_at = _at(start + timedelta(days=35), 14)


def _post_updates(promise: Promise, by_key: dict[str, Commitment], start: date) -> None:
    users = {
        role: get_by_email(f"{role}@demo.example") for role in ("samordnare", "polis", "partner")
    }
    for days, key, who, status, value, text, reason in UPDATES:
        user = users[who]
        update = commitments.post_update(
            user,
            by_key[key],
            UpdateInput(
                happened_on=start + timedelta(days=days),
                text=text,
                status=status,
                reason=reason,
                progress_value=float(value) if value is not None else None,
            ),
            (user.organisation if user else None) or "Demokommunen",
        )
        update.created_at = _at(start + timedelta(days=days), 15)
        by_key[key].last_update_at = update.created_at


def _link_places(actor, kommun, by_key: dict[str, Commitment]) -> None:
    """Lighting places to the lighting commitment, graffiti to the housing company's, one walk point."""
    for slug, key, categories in (
        ("satra", "belysning", ("belysning",)),
        ("brynas", "belysning", ("belysning",)),
        ("brynas", "klotter", ("klotter",)),
        ("brynas", "buskage", ("skymd-sikt",)),
    ):
        area = get_by_slug(slug)
        if area is None:
            continue
        for place_id in sources.public_place_ids_in(area, categories, 2):
            info = sources.place(place_id, "sv")
            if info and all(link.target_id != place_id for link in by_key[key].links):
                commitments.add_link(
                    actor, by_key[key], vocab.PLACE, place_id, f"{info.label}, {info.area_name}"
                )
    points = sources.walk_point_choices(kommun, "sv")
    if points:
        point = points[0]
        commitments.add_link(
            actor,
            by_key["belysning"],
            vocab.WALK_POINT,
            point.id,
            f"{point.walk_title}: {point.number}. {point.label}",
        )


def _draft(kommun, actor, today: date) -> Promise | None:
    andersberg = get_by_slug("andersberg")
    if andersberg is None:
        return None
    start = services.add_months(today.replace(day=1), 2)
    promise = services.create(
        actor,
        andersberg,
        "Medborgarlöfte för Andersberg (utkast)",
        start,
        services.add_months(start, 12) - timedelta(days=1),
        6,
    )
    promise.summary = (
        "Utkast efter medborgardialogen i Andersberg. Åtagandena diskuteras i beredningsgruppen."
    )
    services.add_focus(actor, promise, "Mörka stråk till skolan", "")
    commitments.add_commitment(
        actor,
        promise,
        CommitmentInput(
            title="Belysa gångvägen mellan Andersberg norra och skolan",
            description="",
            party=vocab.KOMMUNEN,
            organisation=None,
            target_value=None,
            target_unit=None,
            due_on=start + timedelta(days=180),
            focus_id=None,
        ),
    )
    return promise


def seed() -> None:
    kommun = get_by_slug(KOMMUN)
    actor = get_by_email("samordnare@demo.example")
    if kommun is None or actor is None:
        return
    today = services.today()
    _published(kommun, actor, today)
    _draft(kommun, actor, today)
    db.session.flush()
