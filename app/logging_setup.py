"""Logging for the app: a rotating log file under the data dir; the console stays clean.

Libraries (``memory``, ``importers``, ``models``) only log; this module decides where it goes.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

NOISY = ("chromadb", "httpx", "httpcore", "urllib3", "sentence_transformers", "transformers")


def configure_logging(log_path: Path, level: str = "WARNING") -> None:
    """Send log records to ``log_path`` (rotated at 5 MB); quiet chatty libraries."""
    root = logging.getLogger()
    if any(getattr(h, "_mneme", False) for h in root.handlers):
        return
    try:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_path, maxBytes=5_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._mneme = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(getattr(logging, level.upper(), logging.WARNING))
    for name in NOISY:
        logging.getLogger(name).setLevel(logging.ERROR)
