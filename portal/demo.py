"""``flask demo``: an illustrative kommun (clearly labelled demo) so a newcomer sees a living portal.

Each domain adds its own seeder to :data:`SEEDERS`; they run in order on an empty database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import click
from flask.cli import with_appcontext

from portal.areas import services as area_services
from portal.areas.models import Area
from portal.auth import services as auth_services
from portal.dialog import demo as dialog_demo
from portal.extensions import db
from portal.lagesbild import demo as lagesbild_demo
from portal.loften import demo as loften_demo
from portal.map import demo as map_demo
from portal.walks import demo as walks_demo

KOMMUN_SLUG = "demokommunen"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: str
    area_slug: str
    name: str
    organisation: str | None = None


DEMO_LOGINS = (
    DemoLogin("admin@demo.example", "demo-admin", "admin", KOMMUN_SLUG, "Ada Admin"),
    DemoLogin(
        "samordnare@demo.example",
        "demo-samordnare",
        "samordnare",
        KOMMUN_SLUG,
        "Sam Samordnare",
        "Demokommunen",
    ),
    DemoLogin(
        "polis@demo.example", "demo-polis", "polis", KOMMUN_SLUG, "Kim Kommunpolis", "Polisen"
    ),
    DemoLogin(
        "partner@demo.example",
        "demo-partner",
        "partner",
        "brynas",
        "Per Partner",
        "Demobostäder AB",
    ),
    DemoLogin(
        "vandring@demo.example",
        "demo-vandringsledare",
        "vandringsledare",
        "andersberg",
        "Vera Vandringsledare",
    ),
    DemoLogin(
        "rapportor@demo.example",
        "demo-rapportor",
        "rapportor",
        "satra",
        "Rut Rapportör",
        "Fritidsgården Sätra",
    ),
)


def _box(w: float, s: float, e: float, n: float, dent: float = 0.0) -> dict:
    """A roughly drawn quadrilateral (lon/lat), with one vertex nudged so it does not look ruled."""
    ring = [[w, s], [e, s + dent], [e, n], [(w + e) / 2, n + dent], [w, n], [w, s]]
    return {"type": "Polygon", "coordinates": [ring]}


def _population(total: int) -> dict:
    """Illustrative population by age band and gender (16–84, as in NTU)."""
    shares = {"16-24": 0.15, "25-44": 0.36, "45-64": 0.30, "65-84": 0.19}
    by_age_gender = {
        band: {"kvinna": round(total * share * 0.5), "man": round(total * share * 0.5)}
        for band, share in shares.items()
    }
    return {"total": total, "by_age_gender": by_age_gender}


# Drawn roughly on Gävle. (name, slug, kind, parent slug, geometry, population 16–84)
DEMO_AREAS = (
    (
        "Demokommunen (demo, ritad på Gävle)",
        KOMMUN_SLUG,
        "kommun",
        None,
        _box(17.05, 60.625, 17.25, 60.72),
        62000,
    ),
    ("Centrum", "centrum", "omrade", KOMMUN_SLUG, _box(17.12, 60.665, 17.17, 60.685, 0.002), 9000),
    ("Brynäs", "brynas", "omrade", KOMMUN_SLUG, _box(17.17, 60.655, 17.22, 60.685, 0.003), 8000),
    ("Sätra", "satra", "omrade", KOMMUN_SLUG, _box(17.075, 60.66, 17.12, 60.69, -0.002), 7000),
    (
        "Strömsbro",
        "stromsbro",
        "omrade",
        KOMMUN_SLUG,
        _box(17.10, 60.685, 17.17, 60.71, 0.002),
        5000,
    ),
    ("Andersberg", "andersberg", "omrade", KOMMUN_SLUG, _box(17.10, 60.635, 17.17, 60.665), 6500),
    (
        "Andersberg norra",
        "andersberg-norra",
        "delomrade",
        "andersberg",
        _box(17.10, 60.65, 17.17, 60.665),
        3500,
    ),
    (
        "Andersberg södra",
        "andersberg-sodra",
        "delomrade",
        "andersberg",
        _box(17.10, 60.635, 17.17, 60.65),
        3000,
    ),
)


def seed_areas() -> None:
    by_slug: dict[str, Area] = {}
    for name, slug, kind, parent, geometry, population in DEMO_AREAS:
        by_slug[slug] = area_services.create_area(
            name,
            kind,
            parent=by_slug.get(parent) if parent else None,
            slug=slug,
            geometry=geometry,
            population=_population(population),
        )


def seed_users() -> None:
    for login in DEMO_LOGINS:
        user = auth_services.get_by_email(login.email) or auth_services.create_user(
            login.email, login.name, login.password, organisation=login.organisation, actor="demo"
        )
        auth_services.grant_role(
            user, login.role, area_services.get_by_slug(login.area_slug), actor="demo"
        )


SEEDERS: list[tuple[str, Callable[[], None]]] = [
    ("Områden", seed_areas),
    ("Personal", seed_users),
    ("Platser", map_demo.seed),
    ("Enkäter", dialog_demo.seed),
    ("Trygghetsvandringar", walks_demo.seed),
    ("Lägesbild och EST", lagesbild_demo.seed),
    ("Medborgarlöften", loften_demo.seed),
]


def is_empty() -> bool:
    return db.session.scalar(db.select(Area.id).limit(1)) is None


def seed_demo(echo: Callable[[str], None] = lambda _m: None) -> None:
    """Run every seeder in order and commit."""
    for label, seeder in SEEDERS:
        echo(f"  {label} …")
        seeder()
        db.session.flush()
    db.session.commit()


def print_logins(echo: Callable[[str], None]) -> None:
    echo("Demoinloggningar (personal), http://127.0.0.1:5000/logga-in :")
    for login in DEMO_LOGINS:
        echo(
            f"  {login.role:16} {login.email:28} lösenord: {login.password:22} område: {login.area_slug}"
        )


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only seed when the database has no areas.")
@with_appcontext
def demo_command(if_empty: bool) -> None:
    """Seed the illustrative demo kommun with staff, and print the demo logins."""
    if not is_empty():
        if not if_empty:
            raise click.ClickException(
                "Databasen innehåller redan data; demodata läggs bara i en tom databas."
            )
        click.echo("Databasen har redan data: inga demodata lades till.")
    else:
        click.echo("Lägger in demodata:")
        seed_demo(click.echo)
    if auth_services.get_by_email(DEMO_LOGINS[0].email):
        print_logins(click.echo)
