"""``flask est …``: import EST spreadsheets, and create the default checklist."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from portal.areas.services import get_by_slug
from portal.extensions import db
from portal.lagesbild import est_csv, est_import, est_services
from portal.lagesbild.periods import EST_KINDS

est_cli = AppGroup("est", help="EST-rapporter: import av kalkylblad och checklistan.")


@est_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--area", "area_slug", required=True, help="Slug of the area the reports are for.")
@click.option("--period", type=click.Choice(EST_KINDS), default=None, help="Default report period.")
def import_command(file: Path, area_slug: str, period: str | None) -> None:
    """Import EST reports from a CSV FILE. Nothing is imported if any row is wrong."""
    area = get_by_slug(area_slug)
    if area is None:
        raise click.ClickException(f"Det finns inget område med slug '{area_slug}'.")
    if not est_services.all_categories():
        est_services.ensure_defaults("cli")
    text = est_csv.decode(file.read_bytes())
    kind = period or current_app.config["EST_PERIOD_KIND"]
    # The portal picks the language per request; a request context gives the messages in the
    # default language (Swedish) here.
    with current_app.test_request_context():
        _import(file, area, kind, text)


def _import(file: Path, area, kind: str, text: str) -> None:
    lines = max(text.count("\n"), 1)
    try:
        with click.progressbar(length=lines, label="Kontrollerar") as bar:
            parsed = est_import.parse(
                text, area, kind, int(current_app.config["EST_NOTE_MAX"]), progress=bar.update
            )
        with click.progressbar(length=est_import.entry_total(parsed), label="Importerar ") as bar:
            result = est_import.import_parsed(parsed, "cli", area, progress=bar.update)
        db.session.commit()
    except est_import.ImportFailed as failed:
        db.session.rollback()
        for error in failed.errors:
            click.echo(f"  {error}", err=True)
        raise click.ClickException(
            f"Inget importerades: {len(failed.errors)} fel i {file.name}."
        ) from None
    if parsed.ignored:
        click.echo(f"Kolumner som inte används: {', '.join(parsed.ignored)}")
    click.echo(
        f"Importerade {result.reports} rapporter med {result.entries} rader för {area.name}."
    )


@est_cli.command("defaults")
def defaults_command() -> None:
    """Create the default EST checklist categories that are missing."""
    created = est_services.ensure_defaults("cli")
    db.session.commit()
    click.echo(f"Lade till {len(created)} kategorier.")
