"""The generic JSONL chat format: one message per line, for chats exported by any tool.

Each non-blank line is a JSON object::

    {"speaker": "Rita", "text": "Landed in Porto!", "time": "2024-03-02T18:04:00+00:00",
     "conversation": "family", "id": "m1", "attachments": ["IMG_0042.jpg"]}

- ``text`` (string) is required; ``speaker`` (string or null) is required.
- ``time`` is optional ISO-8601. With a zone (``Z`` or ``+01:00``) it is converted to UTC;
  without one it is stored as given, tagged UTC, with ``metadata.local_time = true``.
- ``conversation`` is optional (default: the file name without extension).
- ``id`` (string or number) becomes the record's external id.
- ``attachments`` is an optional list of file names or objects (objects are kept as given).
- Any other key is kept in ``metadata.extra``.
- A line with an empty ``text`` and no attachments is skipped. Any malformed line fails the
  whole file with its line number (a file is imported whole or not at all).

The README's "Generic JSONL chat format" section documents the same rules.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from importers.base import ParsedFile, ParseOptions
from importers.errors import ParseError
from importers.formats.chatutil import clean, head_text, message, placeholder
from importers.source import SourceFile
from memory.records import RecordIn

KNOWN = ("speaker", "text", "time", "conversation", "id", "attachments")
SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")


def _first_object(head: str) -> Mapping[str, Any] | None:
    for line in head.splitlines():
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            return None
        return obj if isinstance(obj, Mapping) else None
    return None


def _time(value: Any, where: str) -> tuple[datetime | None, bool]:
    if value is None or value == "":
        return None, False
    if not isinstance(value, str):
        raise ValueError(f"{where}: 'time' must be an ISO-8601 string")
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as e:
        raise ValueError(f"{where}: 'time' {value!r} is not ISO-8601") from e
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC), True
    return parsed.astimezone(UTC), False


def _attachments(value: Any, where: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"{where}: 'attachments' must be a list")
    out: list[dict[str, Any]] = []
    for item in value:
        if isinstance(item, str):
            out.append({"kind": "file", "name": item})
        elif isinstance(item, Mapping):
            out.append({"kind": "file", **item})
        else:
            raise ValueError(f"{where}: each attachment must be a file name or an object")
    return out


class JsonlChatParser:
    """One chat message per line of JSON (see the module docstring and the README)."""

    name = "jsonl_chat"
    description = "Generic JSONL chat: one {speaker, text, time} object per line"

    def sniff(self, f: SourceFile) -> float:
        obj = _first_object(head_text(f, 16384))
        if obj is None or "text" not in obj or "speaker" not in obj:
            return 0.0
        return 0.9 if f.suffix in SUFFIXES else 0.8

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        text = f.read_text()
        records: list[RecordIn] = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                rec = self._line(line, n, f, opts)
            except ValueError as e:
                raise ParseError(f.display, str(e)) from e
            if rec is not None:
                records.append(rec)
        return ParsedFile(kind=self.name, records=records, title=f.stem)

    @staticmethod
    def _line(line: str, n: int, f: SourceFile, opts: ParseOptions) -> RecordIn | None:
        where = f"line {n}"
        try:
            obj = json.loads(line)
        except ValueError as e:
            raise ValueError(f"{where}: not valid JSON ({e})") from e
        if not isinstance(obj, Mapping):
            raise ValueError(f"{where}: expected a JSON object")
        if "text" not in obj or not isinstance(obj["text"], str):
            raise ValueError(f"{where}: 'text' is missing or not a string")
        if "speaker" not in obj or not (obj["speaker"] is None or isinstance(obj["speaker"], str)):
            raise ValueError(f"{where}: 'speaker' is missing or not a string")
        conv = obj.get("conversation")
        if conv is not None and not isinstance(conv, str | int):
            raise ValueError(f"{where}: 'conversation' must be a string")
        ident = obj.get("id")
        if ident is not None and not isinstance(ident, str | int):
            raise ValueError(f"{where}: 'id' must be a string or a number")
        when, local = _time(obj.get("time"), where)
        atts = _attachments(obj.get("attachments"), where)
        body = clean(obj["text"]).strip()
        if not body:
            if not atts:
                return None
            body = placeholder(atts)
        extra = {k: v for k, v in obj.items() if k not in KNOWN}
        speaker = obj["speaker"].strip() if obj["speaker"] else None
        return message(
            text=body,
            speaker=speaker or None,
            conversation=str(conv) if conv is not None else f.stem,
            when=when,
            opts=opts,
            external_id=str(ident) if ident is not None else None,
            metadata={"attachments": atts, "local_time": local, "extra": extra},
        )


PARSER = JsonlChatParser()
