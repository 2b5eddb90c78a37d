"""``flask areas …``: import and list areas."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.areas import services
from portal.areas.importer import (
    ImportFailed,
    import_features,
    read_feature_collection,
    validate_features,
)
from portal.areas.models import AREA_KINDS
from portal.extensions import db

areas_cli = AppGroup("areas", help="Områdesträdet: import och listning.")


@areas_cli.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--parent", "parent_slug", help="Slug of the area the new areas go under.")
@click.option(
    "--name-property", default="name", show_default=True, help="Feature property holding the name."
)
@click.option("--kind", type=click.Choice(AREA_KINDS), default="omrade", show_default=True)
def import_command(file, parent_slug: str | None, name_property: str, kind: str) -> None:
    """Import areas from a GeoJSON FILE. Nothing is imported if any feature is broken."""
    parent = None
    if parent_slug:
        parent = services.get_by_slug(parent_slug)
        if parent is None:
            raise click.ClickException(f"Det finns inget område med slug '{parent_slug}'.")
    bounds = services.configured_bounds()
    try:
        features = read_feature_collection(file.read())
        with click.progressbar(length=len(features), label="Kontrollerar") as bar:
            errors = validate_features(features, name_property, bounds, progress=bar.update)
        if errors:
            raise ImportFailed(errors)
        with click.progressbar(length=len(features), label="Importerar ") as bar:
            created = import_features(
                features,
                parent=parent,
                name_property=name_property,
                kind=kind,
                bounds=bounds,
                progress=bar.update,
            )
        db.session.commit()
    except ImportFailed as failed:
        db.session.rollback()
        for line in failed.errors:
            click.echo(f"  {line}", err=True)
        raise click.ClickException(
            f"Inget importerades: {len(failed.errors)} fel i {file.name}."
        ) from None
    click.echo(
        f"Importerade {len(created)} områden" + (f" under {parent.name}." if parent else ".")
    )


@areas_cli.command("list")
def list_command() -> None:
    """Print the area tree."""
    for area, depth in services.tree():
        click.echo(f"{'  ' * depth}{area.name} [{area.slug}, {area.kind}]")
