"""Slack workspace exports: the export ``.zip``, or one day file of an extracted export.

The zip holds ``users.json``, ``channels.json`` (and ``groups.json``, ``dms.json``,
``mpims.json`` for private conversations) and one folder per channel with a
``YYYY-MM-DD.json`` list of messages per day.

- User ids are resolved to names: ``users.json`` (display name, then real name, then user
  name), else the message's ``user_profile``, else its ``username``/``bot_id``. Mentions
  ``<@U123>`` read ``@name``, channel links ``<#C123|general>`` read ``#general``, links
  ``<https://x|label>`` read ``label (https://x)``; ``&amp;`` and friends are unescaped.
- The conversation is ``slack:<channel id or name>``; a message in a thread has
  ``metadata.thread_ts`` (the thread's root ``ts``), and the root has ``metadata.thread_root``
  and ``metadata.reply_count``.
- Uploaded files are ``metadata.attachments`` (name, title, mimetype); reactions are kept.
- A message with an empty ``text`` reads its ``blocks`` (rich text), else its
  ``attachments`` (title: text), as bots' messages do.
- Join/leave/topic notices (``subtype`` ``channel_join``...) are kept with
  ``metadata.system = True``.
- ``ts`` is a real instant (UTC). A day file read on its own (an extracted export) takes its
  channel from its folder and names from ``../users.json`` when that file is next to it.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from importers.base import ParsedFile, ParseOptions
from importers.errors import ParseError
from importers.formats.chatutil import (
    ZipArchive,
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
    zip_names,
)
from importers.source import SourceFile
from importers.timeparse import from_timestamp
from importers.walk import is_zip
from memory.records import RecordIn

log = logging.getLogger(__name__)

_DAY_FILE = re.compile(r"(?:^|/)([^/]+)/(\d{4}-\d{2}-\d{2})\.json$")
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
_CHANNEL = re.compile(r"<#(C[A-Z0-9]+)(?:\|([^>]*))?>")
_LINK = re.compile(r"<((?:https?|mailto|tel):[^|>]+)(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<!(here|channel|everyone)(?:\|[^>]*)?>")
_LIST_FILES = ("channels.json", "groups.json", "dms.json", "mpims.json")
_SYSTEM_SUBTYPES = {
    "channel_join",
    "channel_leave",
    "channel_topic",
    "channel_purpose",
    "channel_name",
    "channel_archive",
    "channel_unarchive",
    "group_join",
    "group_leave",
    "pinned_item",
    "unpinned_item",
    "bot_add",
    "bot_remove",
}


def user_names(users: Any) -> dict[str, str]:
    """``{user id: name}`` from a ``users.json`` list."""
    names: dict[str, str] = {}
    for u in users if isinstance(users, list) else []:
        if not isinstance(u, Mapping) or not u.get("id"):
            continue
        prof = obj(u.get("profile"))
        name = (
            as_str(prof.get("display_name"))
            or as_str(prof.get("real_name"))
            or as_str(u.get("real_name"))
            or as_str(u.get("name"))
        )
        if name:
            names[str(u["id"])] = name
    return names


def render(
    text: str, names: Mapping[str, str], channels: Mapping[str, str]
) -> tuple[str, list[str]]:
    """Slack mrkdwn to plain text, and the links in it."""
    links: list[str] = []

    def link(m: re.Match[str]) -> str:
        links.append(m.group(1))
        label = m.group(2)
        return f"{label} ({m.group(1)})" if label and label != m.group(1) else m.group(1)

    text = _MENTION.sub(lambda m: "@" + (names.get(m.group(1)) or m.group(2) or m.group(1)), text)
    text = _CHANNEL.sub(
        lambda m: "#" + (m.group(2) or channels.get(m.group(1)) or m.group(1)), text
    )
    text = _SPECIAL.sub(lambda m: "@" + m.group(1), text)
    text = _LINK.sub(link, text)
    return html.unescape(text), links


class _Workspace:
    """Names of users and channels, learned from the export's lists and messages."""

    def __init__(self, users: Any = None, channel_lists: list[Any] | None = None) -> None:
        self.users = user_names(users)
        self.channels: dict[str, dict[str, Any]] = {}
        for lst in channel_lists or []:
            for ch in lst if isinstance(lst, list) else []:
                if isinstance(ch, Mapping) and (ch.get("name") or ch.get("id")):
                    key = str(ch.get("name") or ch.get("id"))
                    self.channels[key] = dict(ch)

    def channel_names(self) -> dict[str, str]:
        return {str(c["id"]): name for name, c in self.channels.items() if c.get("id")}

    def learn(self, messages: Any) -> None:
        """Learn names of users missing from ``users.json`` from their messages' profiles."""
        for msg in messages if isinstance(messages, list) else []:
            if isinstance(msg, Mapping) and as_str(msg.get("user")) not in self.users:
                self.speaker(msg)

    def speaker(self, msg: Mapping[str, Any]) -> str | None:
        uid = as_str(msg.get("user"))
        if uid and uid in self.users:
            return self.users[uid]
        prof = obj(msg.get("user_profile"))
        name = (
            as_str(prof.get("display_name"))
            or as_str(prof.get("real_name"))
            or as_str(prof.get("name"))
            or as_str(msg.get("username"))
        )
        if name and uid:
            self.users[uid] = name
        return name or uid or as_str(msg.get("bot_id"))

    def records(self, folder: str, messages: Any, opts: ParseOptions) -> list[RecordIn]:
        info = self.channels.get(folder, {})
        conversation = f"slack:{info.get('id') or folder}"
        channels = self.channel_names()
        out: list[RecordIn] = []
        for msg in messages if isinstance(messages, list) else []:
            if not isinstance(msg, Mapping) or msg.get("type", "message") != "message":
                continue
            when = from_timestamp(msg.get("ts"))
            if when is None:
                continue
            raw = str(msg.get("text") or "").strip() or _fallback_text(msg)
            text, links = render(clean(raw), self.users, channels)
            atts = [
                {
                    "kind": "file",
                    "name": as_str(fl.get("name")),
                    "title": as_str(fl.get("title")),
                    "mimetype": as_str(fl.get("mimetype")),
                }
                for fl in as_list(msg.get("files"))
                if isinstance(fl, Mapping)
            ]
            text = text.strip()
            if not text:
                if not atts:
                    continue
                text = placeholder(atts)
            ts = as_str(msg.get("ts"))
            thread = as_str(msg.get("thread_ts"))
            meta = {
                "chat": f"#{folder}",
                "attachments": atts,
                "links": links,
                "thread_ts": thread,
                "thread_root": bool(thread and thread == ts),
                "reply_count": msg.get("reply_count"),
                "system": msg.get("subtype") in _SYSTEM_SUBTYPES,
                "subtype": as_str(msg.get("subtype")),
                "reactions": [
                    {"name": r.get("name"), "count": r.get("count")}
                    for r in as_list(msg.get("reactions"))
                    if isinstance(r, Mapping)
                ],
                "edited": bool(msg.get("edited")),
            }
            out.append(
                message(
                    text=text,
                    speaker=self.speaker(msg),
                    conversation=conversation,
                    when=when,
                    opts=opts,
                    external_id=ts,
                    metadata=meta,
                )
            )
        return out


def _block_text(node: Any) -> str:
    """The words of a ``blocks`` tree (rich_text sections, links, mentions)."""
    if isinstance(node, list):
        return "".join(_block_text(n) for n in node)
    if not isinstance(node, Mapping):
        return ""
    kind = node.get("type")
    if kind == "text" or (kind == "link" and node.get("text")):
        return str(node.get("text") or "")
    if kind == "link":
        return str(node.get("url") or "")
    if kind == "user":
        return f"<@{node.get('user_id')}>"
    if kind == "emoji":
        return f":{node.get('name')}:"
    inner = _block_text(node.get("elements") or [])
    if kind in ("rich_text_section", "rich_text_preformatted", "rich_text_quote"):
        return inner + "\n"
    if isinstance(node.get("text"), Mapping):  # section / header blocks: {"text": {"text"}}
        return str(node["text"].get("text") or "") + "\n"
    return inner


def _fallback_text(msg: Mapping[str, Any]) -> str:
    """Text for a message whose ``text`` is empty: its blocks, else its attachments (a bot's
    message often says everything in ``attachments``)."""
    text = _block_text(msg.get("blocks") or []).strip()
    if text:
        return text
    parts = []
    for att in as_list(msg.get("attachments")):
        if not isinstance(att, Mapping):
            continue
        title = as_str(att.get("title")) or as_str(att.get("pretext"))
        body = as_str(att.get("text")) or as_str(att.get("fallback"))
        parts.append(": ".join(x for x in (title, body) if x))
    return "\n".join(p for p in parts if p)


def _load_member(archive: ZipArchive, name: str) -> Any:
    member = archive.members.get(name) or archive.find(name)
    return load_json(member) if member is not None else None


class SlackParser:
    """Slack export zips, and single day files of an extracted export."""

    name = "slack"
    description = "Slack workspace export (.zip, or a channel's YYYY-MM-DD.json)"

    def sniff(self, f: SourceFile) -> float:
        names = zip_names(f)
        if names is not None:
            base = {n.rsplit("/", 1)[-1] for n in names}
            days = sum(1 for n in names if _DAY_FILE.search(n))
            if days and ("users.json" in base or "channels.json" in base):
                return 0.95
            return 0.0
        head = json_head(f)
        if (
            head.startswith("[")
            and has_keys(head, "ts", "type")
            and (has_keys(head, "user") or has_keys(head, "bot_id") or has_keys(head, "subtype"))
            and re.search(r'"ts"\s*:\s*"\d+\.\d+"', head)
        ):
            return 0.85 if re.fullmatch(r"\d{4}-\d{2}-\d{2}\.json", f.name) else 0.6
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        if is_zip(f):
            return self._zip(f, opts)
        return self._day_file(f, opts)

    def _zip(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        archive = ZipArchive(f)
        days = sorted(
            (m.group(1), name) for name in archive.names() if (m := _DAY_FILE.search(name))
        )
        if not days:
            raise ParseError(f.display, "no channel folders with YYYY-MM-DD.json files in the zip")
        ws = _Workspace(
            _load_member(archive, "users.json"), [_load_member(archive, n) for n in _LIST_FILES]
        )
        loaded = [(folder, load_json(archive.members[name])) for folder, name in days]
        for _, messages in loaded:
            ws.learn(messages)
        records: list[RecordIn] = []
        for folder, messages in loaded:
            records.extend(ws.records(folder, messages, opts))
        folders = {folder for folder, _ in days}
        return ParsedFile(
            kind=self.name,
            records=records,
            title=f"Slack export ({len(folders)} channels)",
            warnings=archive.warnings,
            metadata={"channels": sorted(folders)},
        )

    def _day_file(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        data = load_json(f)
        need(isinstance(data, list), f, "not a Slack day file (expected a list of messages)")
        folder = (
            PurePosixPath(f.uri.split("!")[-1]).parent.name
            if f.path is None
            else f.path.parent.name
        )
        users: Any = None
        lists: list[Any] = []
        if f.path is not None:
            root = f.path.parent.parent
            users = _read_side(root / "users.json")
            lists = [_read_side(root / n) for n in _LIST_FILES]
        ws = _Workspace(users, lists)
        ws.learn(data)
        records = ws.records(folder or f.stem, data, opts)
        return ParsedFile(
            kind=self.name,
            records=records,
            title=f"#{folder} {f.stem}",
            metadata={"channel": folder},
        )


def _read_side(path: Any) -> Any:
    """A sibling JSON file of an extracted export, or None when missing or unreadable."""
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        log.warning("%s: cannot read (%s); user and channel names stay as ids", path, e)
        return None


PARSER = SlackParser()
