"""``python -m callcoach`` runs the command line."""

from callcoach.cli import main

main()
