"""Logging for the app: a rotating log file under the data dir; the console stays clean.

Libraries (``memory``, ``importers``, ``models``) only log; this module decides where it goes.
The log folder is created 0700 and every log file (rotated ones too) 0600, whatever the umask.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
from pathlib import Path

from memory.private import open_private, private_dir

NOISY = ("chromadb", "httpx", "httpcore", "urllib3", "sentence_transformers", "transformers")


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file that is created (and re-created on rotation) with mode 0600."""

    def _open(self) -> io.TextIOWrapper:
        stream = open_private(Path(self.baseFilename), "a", encoding=self.encoding or "utf-8")
        assert isinstance(stream, io.TextIOWrapper)
        return stream


def configure_logging(log_path: Path, level: str = "WARNING") -> None:
    """Send log records to ``log_path`` (rotated at 5 MB); quiet chatty libraries."""
    root = logging.getLogger()
    if any(getattr(h, "_mneme", False) for h in root.handlers):
        return
    try:
        private_dir(log_path.parent)
        handler: logging.Handler = PrivateRotatingFileHandler(
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
