"""Loading a user's JSON file with an error a person can act on (line, column, truncation).

Used by the JSON-based notes importers (Keep, Roam, Takeout, canvases) and by the pipeline
to explain why a ``.json`` file no importer recognises cannot be read.
"""

from __future__ import annotations

import json
from typing import Any

from importers.errors import ParseError
from importers.source import SourceFile


def describe_json_error(text: str, e: json.JSONDecodeError) -> str:
    """``invalid JSON: Expecting ',' delimiter at line 8 column 5``, with a hint when the
    file stops in the middle of a value."""
    msg = e.msg.rstrip()
    where = f"line {e.lineno} column {e.colno}"
    joined = f"{msg} {where}" if msg.endswith(" at") else f"{msg} at {where}"
    tail = text.rstrip()
    truncated = e.pos >= len(tail) or (
        msg.startswith("Unterminated string") and tail[-1:] not in ('"', "}", "]")
    )
    return f"invalid JSON: {joined}" + (" (the file looks truncated)" if truncated else "")


def load_json(f: SourceFile) -> Any:
    """The file's JSON value.

    Raises:
        ParseError: not text, not valid JSON (with line and column), or nested too deeply.
    """
    text = f.read_text()
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ParseError(f.display, describe_json_error(text, e)) from e
    except RecursionError as e:
        raise ParseError(f.display, "invalid JSON: nested too deeply") from e
