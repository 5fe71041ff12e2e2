"""``loa user add`` and ``loa user list``: staff accounts for the web pages."""
from __future__ import annotations

import sys

import click

from articles.store import Store
from cli.common import LoaFailure, load_settings
from web.users import UserError, Users


@click.group()
def user() -> None:
    """Staff accounts for the web pages."""


def _store() -> Store:
    settings = load_settings()
    return Store(settings.db_url, upgrade=settings.db_auto_upgrade)


@user.command("add")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def user_add(username: str, password_stdin: bool) -> None:
    """Create a staff account (the password is asked twice)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    store = _store()
    try:
        created = Users(store).add(username, password)
    except UserError as err:
        raise LoaFailure(str(err)) from None
    finally:
        store.close()
    click.echo(f"user {created.username} created")


@user.command("list")
def user_list() -> None:
    """List staff accounts."""
    store = _store()
    try:
        for account in Users(store).all():
            click.echo(f"{account.username}\t{account.created_at:%Y-%m-%d %H:%M} UTC")
    finally:
        store.close()
