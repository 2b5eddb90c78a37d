"""``flask users …``: create accounts, grant roles, set passwords."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.areas import services as area_services
from portal.auth import services
from portal.auth.models import ROLES, User
from portal.extensions import db

users_cli = AppGroup("users", help="Personalkonton och roller.")


def _user(email: str) -> User:
    user = services.get_by_email(email)
    if user is None:
        raise click.ClickException(f"Det finns inget konto för {email}.")
    return user


def _run(action) -> None:
    try:
        action()
    except services.AccountError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()


@users_cli.command("create")
@click.argument("email")
@click.option("--name", default="", help="Display name.")
@click.option("--organisation", default=None, help="Organisation (for partner users).")
@click.password_option(help="Password (asked for when not given).")
def create_command(email: str, name: str, organisation: str | None, password: str) -> None:
    """Create a staff account."""
    _run(
        lambda: services.create_user(email, name, password, organisation=organisation, actor="cli")
    )
    click.echo(f"Skapade kontot {services.normalize_email(email)}.")


@users_cli.command("grant")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
@click.argument("area_slug")
def grant_command(email: str, role: str, area_slug: str) -> None:
    """Grant ROLE on the area AREA_SLUG (and every area below it)."""
    area = area_services.get_by_slug(area_slug)
    if area is None:
        raise click.ClickException(f"Det finns inget område med slug '{area_slug}'.")
    user = _user(email)
    _run(lambda: services.grant_role(user, role, area, actor="cli"))
    click.echo(f"{user.email} har nu rollen {role} på {area.name}.")


@users_cli.command("set-password")
@click.argument("email")
@click.password_option(help="New password (asked for when not given).")
def set_password_command(email: str, password: str) -> None:
    """Set a new password."""
    user = _user(email)
    _run(lambda: services.set_password(user, password, actor="cli"))
    click.echo(f"Nytt lösenord satt för {user.email}.")


@users_cli.command("list")
def list_command() -> None:
    """Accounts and their roles."""
    for user in db.session.scalars(db.select(User).order_by(User.email)):
        roles = ", ".join(f"{g.role}@{g.area.slug}" for g in user.grants) or "inga roller"
        click.echo(f"{user.email:40} {roles}")
