"""``loa user add``, ``loa user passwd`` and ``loa user list``: staff accounts for the web pages."""
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


def _read_password(password_stdin: bool, prompt: str = "Password") -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt(prompt, hide_input=True, confirmation_prompt=True))


@user.command("add")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def user_add(username: str, password_stdin: bool) -> None:
    """Create a staff account (the password is asked twice)."""
    password = _read_password(password_stdin)
    store = _store()
    try:
        created = Users(store).add(username, password)
    except UserError as err:
        raise LoaFailure(str(err)) from None
    finally:
        store.close()
    click.echo(f"user {created.username} created")


@user.command("passwd")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the new password from the first line of standard input.")
def user_passwd(username: str, password_stdin: bool) -> None:
    """Set a new password (asked twice); every session of the account ends."""
    store = _store()
    try:
        users = Users(store)
        if users.get(username.strip()) is None:
            raise LoaFailure(f"no user {username.strip()!r}")
        ended = users.change_password(username, _read_password(password_stdin, "New password"))
    except UserError as err:
        raise LoaFailure(str(err)) from None
    finally:
        store.close()
    click.echo(f"password of {username.strip()} changed; {ended} session{'s' if ended != 1 else ''} ended")


@user.command("list")
def user_list() -> None:
    """List staff accounts."""
    store = _store()
    try:
        for account in Users(store).all():
            click.echo(f"{account.username}\t{account.created_at:%Y-%m-%d %H:%M} UTC")
    finally:
        store.close()
