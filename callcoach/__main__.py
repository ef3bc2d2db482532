"""``python -m callcoach`` runs the command line."""

from callcoach.app import heap

# The command line's imports with the collector off, then frozen (app/heap.py): here, not in
# callcoach/cli.py, so that importing callcoach.cli from a program changes no collector.
with heap.quiet_imports():
    from callcoach.cli import main

main()
