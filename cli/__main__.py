"""``python -m cli`` runs the ``loa`` command."""
from cli.main import main

main()
