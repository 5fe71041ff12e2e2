"""What every ``loa`` command shares: the one-line failure and reading the settings."""
from __future__ import annotations

from typing import IO, Any

import click

from audio.voices import load_voices
from feeds.shows import load_shows
from loa.settings import Settings, SettingsError, get_settings


class LoaFailure(click.ClickException):
    """A one-line error and a non-zero exit."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"loa: error: {self.format_message()}", err=True)


def warn_placeholders(settings: Settings) -> None:
    """One line on standard error while the feed's owner e-mail or author is still the placeholder."""
    warning = settings.placeholder_warning()
    if warning:
        click.echo(f"loa: warning: {warning}", err=True)


def load_settings() -> Settings:
    """The settings from the environment, or a one-line error naming the bad variable (or the voice
    of ``LOA_VOICES_FILE``, or the show of ``LOA_SHOWS_FILE``, that is wrong: every process refuses to
    start with it)."""
    try:
        settings = get_settings()
        load_shows(settings, load_voices(settings).names)
    except SettingsError as err:
        raise LoaFailure(str(err)) from None
    return settings
