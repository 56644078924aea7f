"""iMessage chats exported as text by imessage-exporter (``imessage-exporter -f txt``).

One ``.txt`` per chat, named after the contact, phone number or group. Each message is a
block: its local time (optionally with a read receipt), the sender, then the body, and a
blank line::

    May 17, 2022  5:29:42 PM (Read by them after 1 hour, 49 seconds)
    Me
    Hello world

    May 17, 2022  5:31:02 PM
    Sample Contact
    Hi!
    Reactions:
    Loved by Me

Replies to a message follow it indented by four spaces, in the same block layout; they
become messages of their own (``metadata.reply = True``). A group rename is one line
(``May 17, 2022  5:40:00 PM You renamed the conversation to Trip``) and becomes a notice.

- Times are the exporting Mac's local time, with no zone: stored as UTC with
  ``metadata.local_time = True`` (as for WhatsApp).
- The sender ``Me`` is the user (``metadata.self``); reactions (``Loved by Me``) are
  ``metadata.reactions``; the exporter's own notes ('This message responded to an earlier
  message.', 'Sent with Confetti') are metadata, not text; a line that is an attachment's
  path is ``metadata.attachments`` (a message of only attachments reads ``[image: IMG.HEIC]``).
- The conversation is ``imessage:<file stem>``, the chat the exporter named the file after.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from importers.base import ParsedFile, ParseOptions
from importers.errors import ParseError
from importers.formats.chatutil import head_text, message, placeholder
from importers.source import SourceFile
from memory.records import RecordIn

_STAMP = r"(?P<stamp>[A-Z][a-z]{2} {1,2}\d{1,2}, \d{4} {1,2}\d{1,2}:\d{2}:\d{2} [AP]M)"
_TIME = re.compile(rf"^(?P<indent> *){_STAMP}(?: \((?P<read>Read by .+)\))?\s*$")
_RENAME = re.compile(rf"^{_STAMP} (?P<who>.+?) renamed the conversation to (?P<title>.*)$")
_REACTION = re.compile(
    r"^(?P<kind>Loved|Liked|Disliked|Laughed|Emphasized|Questioned|Emoji\(.*?\)|Sticker)"
    r" by (?P<who>.+)$"
)
_ATTACHMENT = re.compile(r"^(?:~?/)\S.*\.(?P<ext>[A-Za-z0-9]{2,5})$")
_KINDS = {
    "image": {"heic", "jpg", "jpeg", "png", "gif", "webp", "tif", "tiff"},
    "video": {"mov", "mp4", "m4v"},
    "audio": {"caf", "m4a", "mp3", "amr", "aac", "wav"},
}
_REPLY_NOTE = "This message responded to an earlier message."
_EFFECT = re.compile(
    r"^Sent with (?:Confetti|Echo|Fireworks|Balloons|Heart|Lasers|Shooting Star[t]?|Sparkles"
    r"|Spotlight|Slam|Loud|Gentle|Invisible Ink)$"
)


def _when(stamp: str) -> datetime | None:
    try:
        return datetime.strptime(" ".join(stamp.split()), "%b %d, %Y %I:%M:%S %p").replace(
            tzinfo=UTC
        )
    except ValueError:
        return None


def _starts(lines: list[str], i: int) -> re.Match[str] | None:
    """The time line opening a message block at ``i`` (a sender line must follow)."""
    m = _TIME.match(lines[i])
    if m is None or i + 1 >= len(lines):
        return None
    nxt = lines[i + 1]
    indent = m.group("indent")
    if not nxt.startswith(indent) or not nxt[len(indent) :].strip() or _TIME.match(nxt):
        return None
    return m


class IMessageTxtParser:
    """Text exports of iMessage chats written by imessage-exporter."""

    name = "imessage_txt"
    description = "iMessage chat exported as text by imessage-exporter (.txt)"

    def sniff(self, f: SourceFile) -> float:
        if f.suffix != ".txt":
            return 0.0
        head = head_text(f, 16384)
        lines = head.splitlines()[:400]
        first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
        if first is None or not (_starts(lines, first) or _RENAME.match(lines[first])):
            return 0.0
        blocks = sum(1 for i in range(len(lines)) if _starts(lines, i))
        return 0.9 if blocks >= 2 or len(lines) < 6 else 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        lines = f.read_text().splitlines()
        conversation = f"imessage:{f.stem}"
        records: list[RecordIn] = []
        warnings: list[str] = []
        bad = 0
        i = 0
        while i < len(lines):
            rename = _RENAME.match(lines[i])
            m = None if rename else _starts(lines, i)
            if rename:
                who, title = rename.group("who"), rename.group("title").strip()
                records.append(
                    message(
                        text=f"{who} renamed the conversation to {title}",
                        speaker=None,
                        conversation=conversation,
                        when=_when(rename.group("stamp")),
                        opts=opts,
                        metadata={"system": True, "local_time": True},
                    )
                )
                i += 1
                continue
            if m is None:
                i += 1
                continue
            indent = m.group("indent")
            sender = lines[i + 1].strip()
            j = i + 2
            body: list[str] = []
            while j < len(lines) and not _starts(lines, j) and not _RENAME.match(lines[j]):
                line = lines[j]
                body.append(line[len(indent) :] if line.startswith(indent) else line.lstrip())
                j += 1
            when = _when(m.group("stamp"))
            if when is None:
                bad += 1
            rec = self._record(
                sender, body, when, bool(indent), m.group("read"), conversation, opts
            )
            if rec is not None:
                records.append(rec)
            i = j
        if not records:
            raise ParseError(f.display, "no imessage-exporter message blocks found")
        if bad:
            warnings.append(f"{bad} message(s) with an unreadable time kept undated")
        return ParsedFile(kind=self.name, records=records, title=f.stem, warnings=warnings)

    @staticmethod
    def _record(
        sender: str,
        body: list[str],
        when: datetime | None,
        reply: bool,
        read: str | None,
        conversation: str,
        opts: ParseOptions,
    ) -> RecordIn | None:
        meta: dict[str, Any] = {"local_time": True, "reply": reply, "read": read}
        text_lines: list[str] = []
        reactions: list[dict[str, str]] = []
        attachments: list[dict[str, Any]] = []
        in_reactions = False
        for line in body:
            s = line.strip()
            if s == "Reactions:":
                in_reactions = True
                continue
            r = _REACTION.match(s) if in_reactions else None
            if r:
                reactions.append({"actor": r.group("who"), "reaction": r.group("kind")})
                continue
            in_reactions = False
            if s == _REPLY_NOTE:
                meta["has_reply_to"] = True
            elif _EFFECT.match(s):
                meta["effect"] = s.removeprefix("Sent with ")
            elif a := _ATTACHMENT.match(s):
                ext = a.group("ext").lower()
                kind = next((k for k, exts in _KINDS.items() if ext in exts), "file")
                attachments.append({"kind": kind, "name": s.rsplit("/", 1)[-1], "path": s})
            else:
                text_lines.append(line.rstrip())
        text = "\n".join(text_lines).strip() or (placeholder(attachments) if attachments else "")
        if not text:
            return None
        meta["reactions"] = reactions
        meta["attachments"] = attachments
        if sender == "Me":
            meta["self"] = True
        return message(
            text=text,
            speaker=sender,
            conversation=conversation,
            when=when,
            opts=opts,
            metadata=meta,
        )


PARSER = IMessageTxtParser()
