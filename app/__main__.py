"""``python -m app`` runs the ``mneme`` command."""

from app.cli import main

main()
