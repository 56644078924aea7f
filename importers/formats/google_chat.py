"""Google Chat in a Google Takeout export: ``Google Chat/Groups/<DM or Space id>/messages.json``.

``{"messages": [{"creator": {"name", "email", "user_type"}, "created_date": "Tuesday, March
12, 2024 at 9:05:09 PM UTC", "text", "topic_id", "message_id", "attached_files":
[{"original_name", "export_name"}]}]}``, with ``group_info.json`` beside it (``name`` for a
space, ``members``).

- The speaker is the creator's name (else email); ``created_date`` is read in English as
  Takeout writes it (a narrow no-break space before ``PM`` too); a date that cannot be read
  skips its message, and a warning counts them.
- The conversation is ``google_chat:<folder name>`` (``DM abc123``, ``Space AAAA``); the
  title is the space's name, else the members' names; ``topic_id`` is ``metadata.thread``.
- Attached files are ``metadata.attachments``; a message that is only files reads
  ``[file: menu.jpg]``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from importers.base import ParsedFile, ParseOptions
from importers.formats.chatutil import (
    as_list,
    as_str,
    clean,
    has_keys,
    json_head,
    load_json,
    message,
    need,
    obj,
    placeholder,
)
from importers.source import SourceFile
from memory.records import RecordIn

_DATE = re.compile(
    r"^(?:[A-Za-z]+,\s*)?(?P<month>[A-Za-z]+)\s+(?P<day>\d{1,2}),\s*(?P<year>\d{4})"
    r"(?:\s+at)?\s+(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ap>[AaPp][Mm])?"
    r"\s*(?P<zone>[A-Za-z]+)?\s*$"
)
_MONTHS = {
    m: n
    for n, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def chat_date(value: Any) -> tuple[datetime | None, bool]:
    """A Takeout ``created_date`` as UTC, and whether it was local time (a zone not UTC)."""
    text = str(value or "").replace("\u202f", " ").replace("\u00a0", " ").strip()
    m = _DATE.match(text)
    if m is None:
        return None, False
    month = _MONTHS.get(m.group("month")[:3].lower())
    hour = int(m.group("h"))
    ap = (m.group("ap") or "").lower()
    if ap:
        hour = hour % 12 + (12 if ap == "pm" else 0)
    if month is None or hour > 23:
        return None, False
    zone = (m.group("zone") or "UTC").upper()
    try:
        when = datetime(
            int(m.group("year")), month, int(m.group("day")), hour, int(m.group("m")),
            int(m.group("s") or 0), tzinfo=UTC,
        )
    except ValueError:
        return None, False
    return when, zone not in ("UTC", "GMT")


GROUP_INFO_MAX = 1 << 20
"""Bytes read of ``group_info.json`` (a name and a member list; a bigger file is no such)."""


def _group_info(f: SourceFile) -> Mapping[str, Any]:
    """The chat's ``group_info.json`` beside it (on disk or in the same zip), if readable."""
    side = f.sibling_head("group_info.json", GROUP_INFO_MAX)
    try:
        data = json.loads(side.decode("utf-8")) if side is not None else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, Mapping) else {}


class GoogleChatParser:
    """Google Chat messages from Google Takeout (``messages.json``)."""

    name = "google_chat"
    description = "Google Chat from Google Takeout (Groups/<DM or Space>/messages.json)"

    def sniff(self, f: SourceFile) -> float:
        head = json_head(f)
        if head.startswith("{") and has_keys(head, "messages", "creator", "created_date"):
            return 0.9
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        data = load_json(f)
        need(
            isinstance(data, dict) and isinstance(data.get("messages"), list),
            f,
            "not a Google Chat export (expected an object with a 'messages' list)",
        )
        info = _group_info(f)
        folder = f.path.parent.name if f.path is not None else f.stem
        members = [
            as_str(m.get("name")) or as_str(m.get("email"))
            for m in as_list(info.get("members"))
            if isinstance(m, Mapping)
        ]
        names = [m for m in members if m]
        title = as_str(info.get("name")) or (", ".join(names) if names else folder)
        conversation = f"google_chat:{folder}"
        records: list[RecordIn] = []
        bad = 0
        for msg in data["messages"]:
            if not isinstance(msg, Mapping):
                continue
            when, local = chat_date(msg.get("created_date"))
            if when is None:
                bad += 1
                continue
            creator = obj(msg.get("creator"))
            speaker = as_str(creator.get("name")) or as_str(creator.get("email"))
            atts = [
                {
                    "kind": "file",
                    "name": as_str(a.get("original_name")) or as_str(a.get("export_name")),
                    "path": as_str(a.get("export_name")),
                }
                for a in as_list(msg.get("attached_files"))
                if isinstance(a, Mapping)
            ]
            text = clean(str(msg.get("text") or "")).strip()
            if not text:
                if not atts:
                    continue
                text = placeholder(atts)
            meta = {
                "chat": title,
                "platform": "google_chat",
                "attachments": atts,
                "thread": as_str(msg.get("topic_id")),
                "email": as_str(creator.get("email")),
                "local_time": local,
            }
            records.append(
                message(
                    text=text,
                    speaker=speaker,
                    conversation=conversation,
                    when=when,
                    opts=opts,
                    external_id=as_str(msg.get("message_id")),
                    metadata=meta,
                )
            )
        warnings = [f"{bad} message(s) with a date that could not be read skipped"] if bad else []
        return ParsedFile(
            kind=self.name,
            records=records,
            title=title,
            warnings=warnings,
            metadata={"members": names},
        )


PARSER = GoogleChatParser()
