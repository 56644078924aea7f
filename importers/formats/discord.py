"""DiscordChatExporter JSON exports (one channel or DM per file).

Shape: ``{"guild": {"id", "name"}, "channel": {"id", "type", "category", "name", "topic"},
"messages": [{"id", "type", "timestamp", "timestampEdited", "content", "author": {"id",
"name", "nickname", "isBot"}, "attachments": [{"url", "fileName", "fileSizeBytes"}],
"embeds": [...], "reactions": [...], "reference": {"messageId"}}]}``.

- The speaker is the author's server nickname, else their user name; ``metadata.author_id``
  keeps the stable id.
- ``timestamp`` is ISO-8601 with an offset (a real instant, stored in UTC).
- ``reference.messageId`` is ``metadata.reply_to``; attachments, embed links and reactions
  are kept. Messages of types other than ``Default``/``Reply`` (joins, pins, calls, thread
  creation) are kept with ``metadata.system = True``.
- The conversation is ``discord:<channel id>``; its title is ``Guild / #channel``.
"""

from __future__ import annotations

from collections.abc import Mapping

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
from importers.timeparse import parse_datetime
from memory.records import RecordIn

_USER_TYPES = {"Default", "Reply", "ChatInputCommand", "ContextMenuCommand", None}


class DiscordParser:
    """DiscordChatExporter JSON."""

    name = "discord"
    description = "Discord channel exported by DiscordChatExporter (JSON)"

    def sniff(self, f: SourceFile) -> float:
        head = json_head(f)
        if head.startswith("{") and has_keys(head, "guild", "channel", "messages"):
            return 0.9
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        data = load_json(f)
        need(
            isinstance(data, dict)
            and isinstance(data.get("messages"), list)
            and isinstance(data.get("channel"), Mapping),
            f,
            "not a DiscordChatExporter export (expected 'channel' and a 'messages' list)",
        )
        guild = obj(data.get("guild"))
        channel = data["channel"]
        chan_name = as_str(channel.get("name")) or f.stem
        guild_name = as_str(guild.get("name"))
        title = f"{guild_name} / #{chan_name}" if guild_name else f"#{chan_name}"
        conversation = f"discord:{as_str(channel.get('id')) or title}"
        records: list[RecordIn] = []
        bad = 0
        for msg in data["messages"]:
            if not isinstance(msg, Mapping):
                continue
            when = parse_datetime(str(msg.get("timestamp") or ""))
            if when is None:
                bad += 1
                continue
            author = obj(msg.get("author"))
            speaker = as_str(author.get("nickname")) or as_str(author.get("name"))
            atts = [
                {
                    "kind": "file",
                    "name": as_str(a.get("fileName")),
                    "url": as_str(a.get("url")),
                    "size": a.get("fileSizeBytes"),
                }
                for a in msg.get("attachments") or []
                if isinstance(a, Mapping)
            ]
            links = [
                str(e["url"])
                for e in msg.get("embeds") or []
                if isinstance(e, Mapping) and e.get("url")
            ]
            text = clean(str(msg.get("content") or "")).strip()
            kind = msg.get("type")
            if not text:
                if atts:
                    text = placeholder(atts)
                elif kind not in _USER_TYPES:
                    text = f"{speaker or 'someone'}: {kind}"
                else:
                    continue
            ref = obj(msg.get("reference"))
            meta = {
                "chat": title,
                "author_id": as_str(author.get("id")),
                "bot": bool(author.get("isBot")),
                "attachments": atts,
                "links": links,
                "reply_to": as_str(ref.get("messageId")),
                "system": kind not in _USER_TYPES,
                "type": kind if kind not in ("Default", None) else None,
                "edited": bool(msg.get("timestampEdited")),
                "pinned": bool(msg.get("isPinned")),
                "reactions": [
                    {
                        "emoji": (r.get("emoji") or {}).get("name")
                        if isinstance(r.get("emoji"), Mapping)
                        else None,
                        "count": r.get("count"),
                    }
                    for r in as_list(msg.get("reactions"))
                    if isinstance(r, Mapping)
                ],
            }
            records.append(
                message(
                    text=text,
                    speaker=speaker,
                    conversation=conversation,
                    when=when,
                    opts=opts,
                    external_id=as_str(msg.get("id")),
                    metadata=meta,
                )
            )
        warnings = [f"{bad} message(s) without a valid timestamp skipped"] if bad else []
        return ParsedFile(
            kind=self.name,
            records=records,
            title=title,
            warnings=warnings,
            metadata={
                "guild": guild_name,
                "channel": chan_name,
                "channel_type": as_str(channel.get("type")),
            },
        )


PARSER = DiscordParser()
