"""Discord's own data package ("Request my data"): ``Messages/c<channel id>/messages.json``
(newer) or ``messages.csv`` (older), with ``channel.json`` beside it and ``Messages/index.json``
naming the channels. (``importers.formats.discord`` reads DiscordChatExporter files instead.)

Rows are ``{"ID", "Timestamp", "Contents", "Attachments"}``; the package holds only the
user's own messages, so every record's speaker is the user: the name in ``Account/user.json``
when the package is unpacked, else the first of ``self_names``, else ``me``, with
``metadata.self = True``.

- The conversation is ``discord:<channel id>`` (the id DiscordChatExporter's files use too);
  the title is the index's name for it ("Direct Message with ben#0", "general in Cool
  Server"), else the channel and server names from ``channel.json``, else the folder.
- ``Timestamp`` is UTC ("2024-03-12 21:05:09" or "2021-05-01 10:00:00.123000+00:00"); a row
  whose time cannot be read is skipped, and a warning counts them.
- ``Attachments`` (space-separated URLs) become ``metadata.attachments``; a message that is
  only attachments reads ``[file: photo.png]``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlparse

from importers.base import ParsedFile, ParseOptions
from importers.errors import ParseError
from importers.formats.chatutil import (
    as_str,
    clean,
    has_keys,
    head_text,
    json_head,
    load_json,
    message,
    placeholder,
    user_name,
)
from importers.source import SourceFile
from memory.records import RecordIn

_CSV_HEADER = "ID,Timestamp,Contents,Attachments"


def _when(value: Any) -> datetime | None:
    text = str(value or "").strip().replace("Z", "+00:00")
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _side(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None


def _attachments(value: Any) -> list[dict[str, Any]]:
    out = []
    for url in str(value or "").split():
        name = PurePosixPath(urlparse(url).path).name or url
        out.append({"kind": "file", "name": name, "url": url})
    return out


class DiscordPackageParser:
    """Messages from Discord's own data package (``messages.json`` / ``messages.csv``)."""

    name = "discord_package"
    description = "Discord data package messages (Messages/c<id>/messages.json or .csv)"

    def sniff(self, f: SourceFile) -> float:
        if f.suffix == ".csv":
            return 0.95 if head_text(f, 256).lstrip("\ufeff").startswith(_CSV_HEADER) else 0.0
        head = json_head(f)
        if head.startswith("[") and has_keys(head, "ID", "Timestamp", "Contents"):
            return 0.9
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        rows = self._rows(f)
        folder = f.path.parent.name if f.path is not None else PurePosixPath(f.name).parent.name
        folder = folder or PurePosixPath(f.uri.split("!", 1)[-1]).parent.name
        channel_id = folder[1:] if folder[:1] == "c" and folder[1:].isdigit() else folder
        title, me = self._names(f, channel_id, opts)
        conversation = f"discord:{channel_id or f.stem}"
        records: list[RecordIn] = []
        bad = 0
        for row in rows:
            when = _when(row.get("Timestamp"))
            if when is None:
                bad += 1
                continue
            atts = _attachments(row.get("Attachments"))
            text = clean(str(row.get("Contents") or "")).strip()
            if not text:
                if not atts:
                    continue
                text = placeholder(atts)
            records.append(
                message(
                    text=text,
                    speaker=me,
                    conversation=conversation,
                    when=when,
                    opts=opts,
                    external_id=as_str(row.get("ID")),
                    metadata={"chat": title, "attachments": atts, "self": True},
                    mark_self=False,
                )
            )
        records.sort(key=lambda r: r.event_time or datetime.min.replace(tzinfo=UTC))
        warnings = [f"{bad} message(s) with a time that could not be read skipped"] if bad else []
        return ParsedFile(kind=self.name, records=records, title=title, warnings=warnings)

    @staticmethod
    def _rows(f: SourceFile) -> list[Mapping[str, Any]]:
        if f.suffix == ".csv":
            try:
                reader = csv.DictReader(io.StringIO(f.read_text().lstrip("\ufeff")))
                return [row for row in reader if row]
            except csv.Error as e:
                raise ParseError(f.display, f"not a readable Discord messages.csv ({e})") from e
        data = load_json(f)
        if not isinstance(data, list):
            raise ParseError(f.display, "not a Discord messages.json (expected a list of rows)")
        return [row for row in data if isinstance(row, Mapping)]

    @staticmethod
    def _names(f: SourceFile, channel_id: str, opts: ParseOptions) -> tuple[str, str]:
        """The channel's title and the user's name, from the unpacked package's side files."""
        me = user_name(opts)
        if f.path is None:
            return channel_id or f.stem, me
        folder = f.path.parent
        index = _side(folder.parent / "index.json")
        channel = _side(folder / "channel.json")
        title = as_str(index.get(channel_id)) if isinstance(index, Mapping) else None
        if title is None and isinstance(channel, Mapping):
            guild = channel.get("guild") if isinstance(channel.get("guild"), Mapping) else {}
            parts = [as_str(channel.get("name")), as_str(guild.get("name") if guild else None)]
            title = " in ".join(p for p in parts if p) or None
        if not opts.self_names:
            for account in ("Account", "account"):
                user = _side(folder.parent.parent / account / "user.json")
                if isinstance(user, Mapping):
                    me = as_str(user.get("global_name")) or as_str(user.get("username")) or me
                    break
        return title or folder.name, me


PARSER = DiscordPackageParser()
