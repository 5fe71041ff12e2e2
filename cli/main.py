"""The ``loa`` group. Each command lives in the module of its concern and is imported only when it
runs, so ``loa --help`` and ``loa status`` do not load the audio stack."""
from __future__ import annotations

import importlib
import logging

import click

from cli.common import load_settings

# command name -> "module:attribute"
COMMANDS = {
    "demo": "cli.articles:demo",
    "add": "cli.articles:add",
    "status": "cli.articles:status",
    "articles": "cli.catalogue:articles_list",
    "retract": "cli.catalogue:retract",
    "poll": "cli.polling:poll",
    "feed": "cli.articles:feed",
    "bulletin": "cli.articles:bulletin",
    "serve": "cli.processes:serve",
    "worker": "cli.processes:worker",
    "beat": "cli.processes:beat",
    "user": "cli.users:user",
    "db": "cli.database:db",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        # Every setting is checked before any command is even imported: a bad one stops every door at
        # once with one line. Help and completion work whatever the settings.
        if not ctx.resilient_parsing and "--help" not in args:
            load_settings()
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup)
@click.version_option(package_name="loa", prog_name="loa", message="%(prog)s %(version)s")
@click.option("-v", "--verbose", is_flag=True, help="Log progress to standard error.")
def main(verbose: bool) -> None:
    """Loa: Vietnamese news articles to spoken episodes and a podcast feed."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


if __name__ == "__main__":
    main()
