"""Category services: the configured kinds of places. Services flush; the caller commits."""

from __future__ import annotations

from portal.areas.services import slugify
from portal.auth import audit
from portal.extensions import db
from portal.map import vocab
from portal.map.models import Category


def all_categories(*, active_only: bool = False) -> list[Category]:
    """Categories in their configured order (positive ones last within equal order)."""
    query = db.select(Category).order_by(Category.sort_order, Category.id)
    if active_only:
        query = query.where(Category.active.is_(True))
    return list(db.session.scalars(query))


def by_slug(slug: str) -> Category | None:
    return db.session.scalar(db.select(Category).where(Category.slug == slug))


def ensure_defaults(actor=None) -> list[Category]:
    """Create the default categories from DOMAIN.md that do not exist yet (by slug)."""
    existing = {c.slug for c in db.session.scalars(db.select(Category))}
    created = []
    for order, (slug, name_sv, name_en, colour, icon, positive) in enumerate(
        vocab.DEFAULT_CATEGORIES
    ):
        if slug in existing:
            continue
        category = Category(
            slug=slug,
            name_sv=name_sv,
            name_en=name_en,
            colour=colour,
            icon=icon,
            positive=positive,
            sort_order=(order + 1) * 10,
        )
        db.session.add(category)
        created.append(category)
    db.session.flush()
    if created and actor is not None:
        audit.record(actor, "place_category.defaults", detail={"created": len(created)})
    return created


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50]
    taken = set(db.session.scalars(db.select(Category.slug)))
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def create_category(
    actor,
    *,
    name_sv: str,
    name_en: str,
    colour: str,
    icon: str,
    positive: bool = False,
    active: bool = True,
    sort_order: int = 0,
) -> Category:
    category = Category(
        slug=_unique_slug(name_sv),
        name_sv=name_sv.strip(),
        name_en=name_en.strip(),
        colour=colour.lower(),
        icon=icon,
        positive=positive,
        active=active,
        sort_order=sort_order,
    )
    db.session.add(category)
    db.session.flush()
    audit.record(actor, "place_category.create", category, detail={"name": category.name_sv})
    return category


def update_category(actor, category: Category, **changes) -> Category:
    """Change the given fields (name_sv, name_en, colour, icon, positive, active, sort_order)."""
    changed = {}
    for name, value in changes.items():
        if name == "colour":
            value = value.lower()
        if isinstance(value, str):
            value = value.strip()
        if getattr(category, name) != value:
            changed[name] = value
            setattr(category, name, value)
    db.session.flush()
    if changed:
        audit.record(actor, "place_category.update", category, detail=changed)
    return category
