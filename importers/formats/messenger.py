"""Facebook Messenger and Instagram direct-message JSON (``message_1.json`` and siblings).

Both come from Meta's "Download your information" export in the same shape:
``{"participants": [{"name"}], "messages": [{"sender_name", "timestamp_ms", "content",
"photos", "videos", "audio_files", "files", "gifs", "sticker", "share", "reactions"}],
"title", "thread_path"}``, newest message first. Meta writes UTF-8 text as if each byte were
a Latin-1 character ("CafÃ©"); every string is repaired (encoded as Latin-1, decoded as
UTF-8 when that round-trips).

- Messages are stored oldest first; photos, videos, audio, files, GIFs and stickers are
  ``metadata.attachments``, shared links ``metadata.links``, reactions ``metadata.reactions``.
- Media-only messages read ``[image]``, ``[video]``...; unsent messages with no text are
  dropped; "Subscribe"/"Unsubscribe" entries (people joining or leaving) are kept with
  ``metadata.system = True``.
- The conversation is ``messenger:<thread_path>`` or ``instagram:<thread_path>`` (the title
  when there is no thread path); the platform is guessed from the path (``instagram`` in it).
- The export of end-to-end encrypted Messenger chats (2024 on) has its own shape:
  ``{"participants": ["Ana", "Ben"], "threadName": "Ben_12", "messages": [{"senderName",
  "timestamp" (ms), "text", "type" (text, media, link, placeholder), "media": [{"uri"}],
  "reactions", "isUnsent"}]}``. It is read the same way; its conversation is
  ``messenger:e2ee/<threadName>``, its title the thread name without the ``_12``, and a
  ``placeholder`` message (one Messenger could not show) is kept as a notice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from importers.base import ParsedFile, ParseOptions
from importers.formats.chatutil import (
    as_list,
    as_str,
    clean,
    fix_mojibake,
    has_keys,
    json_head,
    load_json,
    message,
    need,
    placeholder,
)
from importers.source import SourceFile
from importers.timeparse import from_timestamp
from memory.records import RecordIn

_MEDIA = (
    ("photos", "image"),
    ("videos", "video"),
    ("audio_files", "audio"),
    ("files", "file"),
    ("gifs", "gif"),
)


def repair(value: Any) -> Any:
    """``value`` with every string inside repaired from Latin-1 mojibake."""
    if isinstance(value, str):
        return fix_mojibake(value)
    if isinstance(value, list):
        return [repair(v) for v in value]
    if isinstance(value, dict):
        return {k: repair(v) for k, v in value.items()}
    return value


def _attachments(msg: Mapping[str, Any]) -> list[dict[str, Any]]:
    atts: list[dict[str, Any]] = []
    for key, kind in _MEDIA:
        items = msg.get(key)
        if not isinstance(items, list):
            continue
        for item in items:
            uri = as_str(item.get("uri")) if isinstance(item, Mapping) else None
            atts.append(
                {"kind": kind, "name": uri.rsplit("/", 1)[-1] if uri else None, "path": uri}
            )
    sticker = msg.get("sticker")
    if isinstance(sticker, Mapping):
        atts.append({"kind": "sticker", "path": as_str(sticker.get("uri"))})
    return atts


_MEDIA_EXT = {
    "image": (".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic"),
    "video": (".mp4", ".mov", ".webm"),
    "audio": (".mp3", ".m4a", ".aac", ".ogg", ".wav", ".opus"),
}


def _media_key(uri: str) -> str:
    low = uri.lower()
    kind = next((k for k, exts in _MEDIA_EXT.items() if low.endswith(exts)), "file")
    return {"image": "photos", "video": "videos", "audio": "audio_files"}.get(kind, "files")


def from_e2ee(data: Mapping[str, Any]) -> dict[str, Any]:
    """An end-to-end-encrypted chat export in the classic ``message_1.json`` shape."""
    thread = as_str(data.get("threadName"))
    msgs: list[dict[str, Any]] = []
    for m in as_list(data.get("messages")):
        if not isinstance(m, Mapping):
            continue
        out: dict[str, Any] = {
            "sender_name": m.get("senderName"),
            "timestamp_ms": m.get("timestamp"),
            "content": m.get("text"),
            "is_unsent": bool(m.get("isUnsent")),
            "reactions": m.get("reactions"),
            "type": "Placeholder" if m.get("type") == "placeholder" else m.get("type"),
        }
        for item in as_list(m.get("media")):
            uri = as_str(item.get("uri")) if isinstance(item, Mapping) else None
            if uri:
                out.setdefault(_media_key(uri), []).append({"uri": uri})
        msgs.append(out)
    names = [as_str(p) for p in as_list(data.get("participants")) if isinstance(p, str)]
    return {
        "participants": [{"name": n} for n in names if n],
        "messages": msgs,
        "title": re.sub(r"_\d+$", "", thread) if thread else None,
        "thread_path": f"e2ee/{thread}" if thread else None,
    }


class MessengerParser:
    """Facebook Messenger / Instagram DM JSON threads."""

    name = "messenger"
    description = "Facebook Messenger or Instagram messages JSON (message_1.json)"

    def sniff(self, f: SourceFile) -> float:
        head = json_head(f)
        if head.startswith("{") and has_keys(head, "messages", "sender_name", "timestamp_ms"):
            return 0.9
        if head.startswith("{") and has_keys(head, "messages", "senderName", "timestamp"):
            return 0.85
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        data = load_json(f)
        need(
            isinstance(data, dict) and isinstance(data.get("messages"), list),
            f,
            "not a Messenger/Instagram export (expected an object with a 'messages' list)",
        )
        head = [m for m in data["messages"][:50] if isinstance(m, Mapping)]
        if not any("sender_name" in m for m in head) and any("senderName" in m for m in head):
            data = from_e2ee(data)
        data = repair(data)
        platform = "instagram" if "instagram" in f.uri.lower() else "messenger"
        people = as_list(data.get("participants"))
        participants = [as_str(p.get("name")) for p in people if isinstance(p, Mapping)]
        names = [p for p in participants if p]
        title = as_str(data.get("title")) or (", ".join(names) if names else f.stem)
        thread = as_str(data.get("thread_path")) or title
        conversation = f"{platform}:{thread}"
        msgs = [m for m in data["messages"] if isinstance(m, Mapping)]
        msgs.sort(key=lambda m: _ms(m.get("timestamp_ms")))
        records: list[RecordIn] = []
        bad = 0
        for msg in msgs:
            when = from_timestamp(_ms(msg.get("timestamp_ms")) or None)
            if when is None:
                bad += 1
                continue
            speaker = as_str(msg.get("sender_name"))
            text = clean(str(msg.get("content") or "")).strip()
            atts = _attachments(msg)
            share = msg.get("share")
            links = (
                [as_str(share.get("link"))]
                if isinstance(share, Mapping) and share.get("link")
                else []
            )
            if msg.get("is_unsent") and not text:
                continue
            shared = as_str(share.get("share_text")) if isinstance(share, Mapping) else None
            if not text and shared:  # a shared post or reel: its caption is what was sent
                text = clean(shared).strip()
                if links:
                    text = f"{text}\n{links[0]}"
            if not text:
                if not atts and not links:
                    continue
                text = placeholder(atts) if atts else str(links[0])
            reactions = [
                {"reaction": r.get("reaction"), "actor": r.get("actor")}
                for r in as_list(msg.get("reactions"))
                if isinstance(r, Mapping)
            ]
            kind = as_str(msg.get("type"))
            meta = {
                "chat": title,
                "platform": platform,
                "attachments": atts,
                "links": links,
                "reactions": reactions,
                "system": kind in ("Subscribe", "Unsubscribe", "Placeholder"),
                "call_duration": msg.get("call_duration") if kind == "Call" else None,
                "unsent": bool(msg.get("is_unsent")),
            }
            records.append(
                message(
                    text=text,
                    speaker=speaker,
                    conversation=conversation,
                    when=when,
                    opts=opts,
                    metadata=meta,
                )
            )
        need(
            bool(records) or not msgs,
            f,
            "no readable messages (every message lacks a valid 'timestamp_ms')",
        )
        warnings = [f"{bad} message(s) without a valid timestamp skipped"] if bad else []
        return ParsedFile(
            kind=self.name,
            records=records,
            title=title,
            warnings=warnings,
            metadata={"platform": platform, "participants": names},
        )


def _ms(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


PARSER = MessengerParser()
