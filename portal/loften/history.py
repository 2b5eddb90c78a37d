"""The public version history of a promise: what changed, field by field, and when.

:func:`capture` flattens a promise (its own fields, fokusområden, commitments, activities and
signatories) into ``{key: Field}``; a service captures before an edit, and :func:`record` compares
with the promise afterwards. When the promise is public and something changed, a
:class:`~portal.loften.models.PromiseVersion` is added with one entry per changed field.
Drafts keep no history: nothing of them was ever public.

:func:`inline_diff` shows a changed text word by word (``difflib``), with ``<del>``/``<ins>`` and
words for screen readers.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from portal.auth import audit
from portal.extensions import db
from portal.loften import vocab
from portal.loften.models import Promise, PromiseVersion

#: Field labels by object kind, in the order they are shown.
FIELDS: dict[str, dict[str, Any]] = {
    "promise": {
        "title": _l("Titel"),
        "summary": _l("Inledning"),
        "period_start": _l("Perioden börjar"),
        "period_end": _l("Perioden slutar"),
        "areas": _l("Områden"),
        "dialog_summary": _l("Det här har vi hört"),
        "follow_text": _l("Så kan du följa arbetet"),
        "followup_method": _l("Så följer vi upp"),
        "followup_result": _l("Uppföljningens resultat"),
        "signed_on": _l("Undertecknat"),
        "review_months": _l("Ses över var"),
    },
    "focus": {"title": _l("Fokusområde"), "description": _l("Beskrivning")},
    "commitment": {
        "title": _l("Åtagande"),
        "description": _l("Beskrivning"),
        "responsible": _l("Ansvarig"),
        "target": _l("Mål"),
        "due_on": _l("Klart senast"),
        "focus": _l("Fokusområde"),
    },
    "activity": {
        "title": _l("Aktivitet"),
        "description": _l("Beskrivning"),
        "due_on": _l("Klart senast"),
    },
    "signatory": {"signatory": _l("Undertecknare")},
}
KIND_LABELS = {
    "promise": _l("Löftet"),
    "focus": _l("Fokusområde"),
    "commitment": _l("Åtagande"),
    "activity": _l("Aktivitet"),
    "signatory": _l("Undertecknare"),
}
#: Fields shown as a word-level diff (longer texts); others as "before → after".
LONG_TEXT = frozenset(
    {
        "summary",
        "dialog_summary",
        "follow_text",
        "followup_method",
        "followup_result",
        "description",
    }
)
CHANGED, ADDED, REMOVED = "changed", "added", "removed"


@dataclass(frozen=True)
class Field:
    kind: str
    object_id: int
    label: str  # the object's name when captured (a commitment's title, …)
    field: str
    value: str


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _target(commitment) -> str:
    if commitment.target_value is None:
        return ""
    return " ".join(filter(None, [_text(commitment.target_value), commitment.target_unit or ""]))


def capture(promise: Promise) -> dict[str, Field]:
    """Every field the public sees, flattened with stable keys (``commitment:12:title``)."""
    found: dict[str, Field] = {}

    def put(kind: str, object_id: int, label: str, field: str, value: Any) -> None:
        found[f"{kind}:{object_id}:{field}"] = Field(kind, object_id, label, field, _text(value))

    for name in FIELDS["promise"]:
        value = (
            ", ".join(a.name for a in promise.all_areas)
            if name == "areas"
            else getattr(promise, name)
        )
        put("promise", promise.id, promise.title, name, value)
    for focus in promise.focus_areas:
        put("focus", focus.id, focus.title, "title", focus.title)
        put("focus", focus.id, focus.title, "description", focus.description)
    for commitment in promise.commitments:
        label = commitment.title
        put("commitment", commitment.id, label, "title", commitment.title)
        put("commitment", commitment.id, label, "description", commitment.description)
        responsible = (
            commitment.organisation if commitment.party == vocab.PARTNER else commitment.party
        )
        put("commitment", commitment.id, label, "responsible", responsible)
        put("commitment", commitment.id, label, "target", _target(commitment))
        put("commitment", commitment.id, label, "due_on", commitment.due_on)
        put(
            "commitment",
            commitment.id,
            label,
            "focus",
            commitment.focus.title if commitment.focus else "",
        )
        for activity in commitment.activities:
            name = f"{activity.title} ({commitment.title})"
            put("activity", activity.id, name, "title", activity.title)
            put("activity", activity.id, name, "description", activity.description)
            put("activity", activity.id, name, "due_on", activity.due_on)
    for person in promise.signatories:
        text = ", ".join(filter(None, [person.name, person.title, person.organisation]))
        put("signatory", person.id, text, "signatory", text)
    return found


def changes(before: dict[str, Field], after: dict[str, Field]) -> list[dict[str, Any]]:
    """Field-level changes; an object that appeared or disappeared is one added/removed entry."""
    out: list[dict[str, Any]] = []
    objects_before = {(f.kind, f.object_id) for f in before.values()}
    objects_after = {(f.kind, f.object_id) for f in after.values()}
    seen_new: set[tuple[str, int]] = set()
    for key, field in after.items():
        obj = (field.kind, field.object_id)
        if obj not in objects_before:
            if obj not in seen_new:
                seen_new.add(obj)
                out.append(_entry(field, ADDED, "", field.label))
            continue
        old = before.get(key)
        if old is not None and old.value != field.value:
            out.append(_entry(field, CHANGED, old.value, field.value))
    seen_gone: set[tuple[str, int]] = set()
    for field in before.values():
        obj = (field.kind, field.object_id)
        if obj not in objects_after and obj not in seen_gone:
            seen_gone.add(obj)
            out.append(_entry(field, REMOVED, field.label, ""))
    return out


def _entry(field: Field, change: str, before: str, after: str) -> dict[str, Any]:
    return {
        "object": field.kind,
        "object_id": field.object_id,
        "label": field.label,
        "field": field.field,
        "change": change,
        "before": before,
        "after": after,
    }


def next_number(promise: Promise) -> int:
    latest = db.session.scalar(
        db.select(db.func.max(PromiseVersion.number)).where(PromiseVersion.promise_id == promise.id)
    )
    return (latest or 0) + 1


def add_version(promise: Promise, actor, kind: str, found: list[dict[str, Any]]) -> PromiseVersion:
    version = PromiseVersion(
        promise=promise,
        number=next_number(promise),
        kind=kind,
        changes=found,
        actor_id=getattr(actor, "id", None),
    )
    db.session.add(version)
    promise.version = version.number
    return version


def record(promise: Promise, before: dict[str, Field], actor) -> PromiseVersion | None:
    """After an edit: a new public version if the promise is public and something changed."""
    db.session.flush()
    db.session.refresh(promise)
    found = changes(before, capture(promise))
    if not found or promise.state == vocab.UTKAST:
        return None
    version = add_version(promise, actor, "andring", found)
    db.session.flush()
    audit.record(
        actor,
        "loften.version",
        promise,
        area=promise.area,
        detail={
            "version": version.number,
            "fields": [f"{c['object']}.{c['field']}" for c in found],
        },
    )
    return version


# --- showing a change ----------------------------------------------------------------------------

_TOKENS = re.compile(r"\s+|[^\s]+")


def inline_diff(before: str, after: str) -> Markup:
    """``after`` with removed words in ``<del>`` and added words in ``<ins>`` (word level)."""
    a, b = _TOKENS.findall(before or ""), _TOKENS.findall(after or "")
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    removed, added = escape(_("Borttaget:")), escape(_("Tillagt:"))
    parts: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(str(escape("".join(a[i1:i2]))))
            continue
        if op in ("delete", "replace"):
            parts.append(
                f'<del><span class="visually-hidden">{removed} </span>'
                f"{escape(''.join(a[i1:i2]))}</del>"
            )
        if op in ("insert", "replace"):
            parts.append(
                f'<ins><span class="visually-hidden">{added} </span>'
                f"{escape(''.join(b[j1:j2]))}</ins>"
            )
    return Markup("".join(parts))


def field_label(kind: str, field: str) -> str:
    return str(FIELDS.get(kind, {}).get(field, field))


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def shown_value(field: str, value: str) -> str:
    """A stored value as shown (review cycle in months, others as stored)."""
    if field == "review_months" and value.isdigit():
        return _("%(n)s månader", n=int(value))
    if field == "responsible" and value in vocab.PARTY_LABELS:
        return str(vocab.PARTY_LABELS[value])
    return value


def is_long(field: str) -> bool:
    return field in LONG_TEXT
