"""Telegram Desktop JSON exports (``result.json``): one chat, or the full export.

A single-chat export is ``{"name", "type", "id", "messages": [...]}``; a full export has
``{"personal_information", "chats": {"list": [...]}, "left_chats": {"list": [...]}}``.

- ``text`` is a string or a list of strings and entities; entities are flattened to plain
  text, a ``text_link`` reads ``words (https://...)`` and every link is kept in
  ``metadata.links``.
- ``date_unixtime`` is used when present (a real instant); otherwise ``date`` (local time
  with no zone) is stored as given, tagged UTC, with ``metadata.local_time = True``.
- Service messages (``type: "service"``, an ``action`` such as ``create_group`` or
  ``phone_call``) are kept with ``metadata.system = True`` and ``metadata.action``, the actor
  as speaker, and a readable text ("Rita invited Tom").
- Photos, files, stickers and voice notes are ``metadata.attachments``; replies keep
  ``metadata.reply_to``; the conversation is ``telegram:<chat id>``. A message that is only
  a poll reads "[poll: Question? (Yes / No)]", a shared venue "[location: Name, Address]".
- A message from a deleted account (``"from": null``) has the speaker "Deleted Account".
- A full export's ``contacts.list`` becomes ``contact`` records ("Contact: Ben Costa. Phone:
  +351 ...") dated by when each was added.
- In a full export the user's own messages (``from_id`` = ``user<personal_information.user_id>``)
  get ``metadata.self = True``, as do speakers named in ``self_names``.
"""

from __future__ import annotations

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
    placeholder,
)
from importers.source import SourceFile
from importers.timeparse import from_timestamp
from memory.records import RecordIn

_ACTIONS = {
    "create_group": "created the group",
    "create_channel": "created the channel",
    "migrate_to_supergroup": "turned the group into a supergroup",
    "invite_members": "invited",
    "remove_members": "removed",
    "join_group_by_link": "joined the group by link",
    "pin_message": "pinned a message",
    "edit_group_title": "changed the group title to",
    "edit_group_photo": "changed the group photo",
    "delete_group_photo": "deleted the group photo",
    "phone_call": "called",
    "group_call": "started a group call",
    "clear_history": "cleared the history",
    "score_in_game": "scored in a game",
    "screenshot_taken": "took a screenshot",
}
_MEDIA_KIND = {
    "photo": "image",
    "video_file": "video",
    "voice_message": "voice",
    "audio_file": "audio",
    "animation": "gif",
    "sticker": "sticker",
    "video_message": "video_note",
}


def flatten(text: Any) -> tuple[str, list[str]]:
    """Plain text and the links of a Telegram ``text`` value (string or entity list)."""
    if isinstance(text, str):
        return text, []
    if not isinstance(text, list):
        return "", []
    out: list[str] = []
    links: list[str] = []
    for part in text:
        if isinstance(part, str):
            out.append(part)
            continue
        if not isinstance(part, Mapping):
            continue
        words = str(part.get("text") or "")
        kind = part.get("type")
        href = as_str(part.get("href"))
        if kind == "text_link" and href:
            links.append(href)
            out.append(words if words == href else f"{words} ({href})")
        else:
            if kind in ("link", "url") and words:
                links.append(words)
            out.append(words)
    return "".join(out), links


def _attachments(msg: Mapping[str, Any]) -> list[dict[str, Any]]:
    atts: list[dict[str, Any]] = []
    if msg.get("photo"):
        atts.append(_file("image", msg.get("photo")))
    if msg.get("file") or msg.get("media_type"):
        kind = _MEDIA_KIND.get(str(msg.get("media_type") or ""), "file")
        att = _file(kind, msg.get("file"), msg.get("file_name"))
        if msg.get("mime_type"):
            att["mime_type"] = msg["mime_type"]
        if msg.get("sticker_emoji"):
            att["emoji"] = msg["sticker_emoji"]
        if msg.get("duration_seconds"):
            att["duration_seconds"] = msg["duration_seconds"]
        atts.append(att)
    if isinstance(msg.get("location_information"), Mapping):
        loc = msg["location_information"]
        place = ", ".join(x for x in (as_str(msg.get(k)) for k in ("place_name", "address")) if x)
        atts.append(
            {
                "kind": "location",
                "name": place or None,  # a venue shared from the map has a name and an address
                "latitude": loc.get("latitude"),
                "longitude": loc.get("longitude"),
            }
        )
    if isinstance(msg.get("contact_information"), Mapping):
        c = msg["contact_information"]
        name = " ".join(str(c.get(k) or "") for k in ("first_name", "last_name")).strip()
        atts.append({"kind": "contact", "name": name or None, "phone": c.get("phone_number")})
    if isinstance(msg.get("poll"), Mapping):
        poll = msg["poll"]
        answers = as_list(poll.get("answers"))
        options = [as_str(a.get("text")) for a in answers if isinstance(a, Mapping)]
        shown = " / ".join(o for o in options if o)
        question = as_str(poll.get("question")) or "poll"
        atts.append({"kind": "poll", "name": f"{question} ({shown})" if shown else question})
    return atts


def _contacts(section: Any) -> list[RecordIn]:
    """A full export's address book (``contacts.list``): one ``contact`` record each, dated
    by when the contact was added."""
    out: list[RecordIn] = []
    for c in as_list(section.get("list")) if isinstance(section, Mapping) else []:
        if not isinstance(c, Mapping):
            continue
        name = " ".join(x for x in (as_str(c.get("first_name")), as_str(c.get("last_name"))) if x)
        phone = as_str(c.get("phone_number"))
        if not (name or phone):
            continue
        when, _ = _when(c)
        text = f"Contact: {name or phone}." + (f" Phone: {phone}." if phone and name else "")
        out.append(
            RecordIn(
                text=text,
                kind="contact",
                conversation="telegram:contacts",
                title=name or phone,
                event_time=when,
                metadata={
                    "name": name or None,
                    "phones": [{"value": phone, "types": [], "pref": False}] if phone else [],
                    "source": "telegram contacts",
                },
            )
        )
    return out


def _file(kind: str, path: Any, name: Any = None) -> dict[str, Any]:
    att: dict[str, Any] = {"kind": kind}
    path = as_str(path)
    if path and path.startswith("(File not included"):
        att["omitted"] = True
    elif path:
        att["path"] = path
        att["name"] = as_str(name) or path.rsplit("/", 1)[-1]
    elif as_str(name):
        att["name"] = as_str(name)
    return att


def _service_text(actor: str, msg: Mapping[str, Any]) -> str:
    action = str(msg.get("action") or "")
    verb = _ACTIONS.get(action, action.replace("_", " "))
    extra = ""
    members = msg.get("members")
    names = ", ".join(str(m) for m in members if m) if isinstance(members, list) else ""
    title = as_str(msg.get("title"))
    if title and names:  # create_group: the group's name, then who is in it
        extra = f' "{title}" with {names}'
    elif names:
        extra = " " + names
    elif title:
        extra = f' "{title}"'
    if action == "phone_call" and msg.get("duration_seconds"):
        extra = f" ({msg['duration_seconds']} s)"
    elif action == "phone_call" and msg.get("discard_reason") == "missed":
        verb = "missed call from"
    return f"{actor} {verb}{extra}".strip()


def _when(msg: Mapping[str, Any]) -> tuple[datetime | None, bool]:
    when = from_timestamp(msg.get("date_unixtime"))
    if when is not None:
        return when, False
    raw = as_str(msg.get("date"))
    if raw:
        try:
            return datetime.fromisoformat(raw).replace(tzinfo=UTC), True
        except ValueError:
            return None, False
    return None, False


class TelegramParser:
    """Telegram Desktop ``result.json`` (one chat or the whole account)."""

    name = "telegram"
    description = "Telegram Desktop JSON export (result.json: one chat or the full export)"

    def sniff(self, f: SourceFile) -> float:
        head = json_head(f)
        if not head.startswith("{"):
            return 0.0
        if (
            has_keys(head, "chats")
            and has_keys(head, "list")
            and (has_keys(head, "personal_information") or has_keys(head, "messages"))
        ):
            return 0.9
        if has_keys(head, "messages") and (
            has_keys(head, "date_unixtime")
            or (has_keys(head, "from", "date") and has_keys(head, "type"))
        ):
            return 0.9 if not has_keys(head, "sender_name") else 0.0
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        data = load_json(f)
        need(isinstance(data, dict), f, "not a Telegram export (expected a JSON object)")
        me: str | None = None
        info = data.get("personal_information")
        if isinstance(info, Mapping) and info.get("user_id") is not None:
            me = f"user{info['user_id']}"
        chats: list[Mapping[str, Any]] = []
        if isinstance(data.get("chats"), Mapping):
            for key in ("chats", "left_chats"):
                group = data.get(key)
                if isinstance(group, Mapping) and isinstance(group.get("list"), list):
                    chats.extend(c for c in group["list"] if isinstance(c, Mapping))
        elif isinstance(data.get("messages"), list):
            chats.append(data)
        else:
            need(False, f, "not a Telegram export (no 'messages' list and no 'chats.list')")
        records: list[RecordIn] = []
        warnings: list[str] = []
        for n, chat in enumerate(chats):
            records.extend(self._chat(f, chat, n, opts, me, warnings))
        records.extend(_contacts(data.get("contacts")))
        if len(chats) == 1:
            title = self._title(f, chats[0])
        else:
            title = f"Telegram export ({len(chats)} chats)"
        return ParsedFile(
            kind=self.name,
            records=records,
            title=title,
            warnings=warnings,
            metadata={"chats": len(chats)},
        )

    @staticmethod
    def _title(f: SourceFile, chat: Mapping[str, Any]) -> str:
        if chat.get("type") == "saved_messages":
            return as_str(chat.get("name")) or "Saved Messages"
        return as_str(chat.get("name")) or f.stem

    def _chat(
        self,
        f: SourceFile,
        chat: Mapping[str, Any],
        n: int,
        opts: ParseOptions,
        me: str | None,
        warnings: list[str],
    ) -> list[RecordIn]:
        title = self._title(f, chat)
        chat_id = as_str(chat.get("id"))
        conversation = f"telegram:{chat_id}" if chat_id else f"telegram:{title}"
        messages = chat.get("messages")
        if not isinstance(messages, list):
            warnings.append(f"chat {title!r} has no message list; skipped")
            return []
        out: list[RecordIn] = []
        for msg in messages:
            if not isinstance(msg, Mapping) or msg.get("type") not in ("message", "service"):
                continue
            when, local = _when(msg)
            service = msg.get("type") == "service"
            speaker = as_str(msg.get("actor") if service else msg.get("from"))
            sender_id = as_str(msg.get("actor_id") if service else msg.get("from_id"))
            if speaker is None and not service:  # a deleted account: "from": null
                speaker = "Deleted Account"
            text, links = flatten(msg.get("text"))
            if not text and msg.get("text_entities"):
                text, links = flatten(msg.get("text_entities"))
            text = clean(text).strip()
            atts = _attachments(msg)
            if service:
                text = text or _service_text(speaker or "someone", msg)
            elif not text:
                if not atts:
                    continue
                text = placeholder(atts)
            meta: dict[str, Any] = {
                "chat": title,
                "attachments": atts,
                "links": links,
                "reply_to": as_str(msg.get("reply_to_message_id")),
                "system": service,
                "action": msg.get("action") if service else None,
                "forwarded_from": as_str(msg.get("forwarded_from")),
                "edited": bool(msg.get("edited")),
                "local_time": local,
                "sender_id": sender_id,
            }
            if me and sender_id == me:
                meta["self"] = True
            out.append(
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
        return out


PARSER = TelegramParser()
