"""The ``loa`` command line: a door into Loa, like the web app. ``cli.main:main`` is the entry point."""
