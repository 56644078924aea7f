"""Signal chats exported by signal-export (``sigexport``): one ``chat.md`` per chat, in a folder
named after the contact or group::

    [2024-03-12 21:05:09] Me: Are you coming tonight?
    [2024-03-12 21:06:10] Jane Doe: Yes!
    (- Me: 👍 -)
    [2024-03-12 21:07:00] Jane Doe: ![IMG_0001.jpg](./media/IMG_0001.jpg)

The lines are read like a WhatsApp export (``importers.formats.whatsapp.parse_chat``: the
same bracketed date, multi-line messages, local times tagged UTC with
``metadata.local_time``); then signal-export's own markup is taken apart:

- ``(- Name: 👍, Other: ❤ -)`` after a message: ``metadata.reactions``.
- ``![name](./path)`` or ``[name](./path)``: ``metadata.attachments``; a message that is only
  attachments reads ``[image: name]``, ``[file: name]``...
- ``(( 😀 ))``: a sticker (``[sticker: 😀]``); ``(This message was deleted)``: kept, flagged
  ``metadata.deleted``; ``> quoted`` lines at the start: ``metadata.quote``.
- The sender ``Me`` is the user (``metadata.self``). The conversation is
  ``signal:<folder name>``.

Plain-text Signal exports (``.txt``: older signal-export, signalbackup-tools' text export,
the layout chat-miner reads) are claimed when every message header is a bracketed ISO date with
minutes and no seconds, ``[2019-12-24, 12:23] Jane Doe: Hello``: WhatsApp's bracketed (iOS)
headers always carry seconds and its Android headers have no brackets, so such a file is not a
WhatsApp chat. A ``.txt`` named like a WhatsApp export (``_chat.txt``, ``WhatsApp Chat with
...``) stays with the WhatsApp reader whatever its headers.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any

from importers.base import ParsedFile, ParseOptions
from importers.formats.chatutil import head_text, placeholder
from importers.formats.whatsapp import CHAT_PREFIX, HEADER, parse_chat
from importers.source import SourceFile
from memory.records import RecordIn

_HEADER = re.compile(r"^\[\d{4}-\d{2}-\d{2},? \d{2}:\d{2}(?::\d{2})?\] [^:\n]{1,80}: ?", re.M)
_TXT_HEADER = re.compile(r"^\[\d{4}-\d{2}-\d{2},? \d{2}:\d{2}\] [^:\n]{1,80}: ?")
_REACTIONS = re.compile(r"\n?\(- (?P<list>.*?) -\)\s*$", re.S)
_STICKER = re.compile(r"\n?\(\( (?P<label>.*?) \)\)")
_ATTACHMENT = re.compile(r"(?P<img>!?)\[(?P<name>[^\]\n]*)\]\((?P<path>\.{0,2}/[^)\n]+)\)")
_DELETED = "(This message was deleted)"
_KINDS = {
    "image": (".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".tif", ".tiff", ".svg"),
    "audio": (".m4a", ".aac", ".mp3", ".ogg", ".opus", ".wav", ".flac"),
    "video": (".mp4", ".mov", ".mkv", ".mpeg", ".webm", ".qt"),
}


def _kind(path: str, image: bool) -> str:
    low = path.lower()
    if image:
        return "image"
    return next((k for k, exts in _KINDS.items() if low.endswith(exts)), "file")


def _reactions(listed: str) -> list[dict[str, str]]:
    out = []
    for item in listed.split(", "):
        name, _, emoji = item.rpartition(":")
        if name.strip() and emoji.strip():
            out.append({"actor": name.strip(), "reaction": emoji.strip()})
    return out


def _markup(rec: RecordIn) -> RecordIn | None:
    """``rec`` with signal-export's markup moved into metadata (None: nothing left)."""
    text = rec.text
    meta: dict[str, Any] = dict(rec.metadata)
    meta.pop("attachments", None)
    m = _REACTIONS.search(text)
    if m:
        meta["reactions"] = _reactions(m.group("list"))
        text = text[: m.start()]
    atts: list[dict[str, Any]] = [
        {"kind": "sticker", "name": s.group("label")} for s in _STICKER.finditer(text)
    ]
    text = _STICKER.sub("", text)
    for a in _ATTACHMENT.finditer(text):
        path = a.group("path")
        name = a.group("name") or PurePosixPath(path).name
        atts.append({"kind": _kind(path, bool(a.group("img"))), "name": name, "path": path})
    text = _ATTACHMENT.sub("", text).strip()
    lines = text.split("\n")
    quoted = []
    while lines and lines[0].startswith(">"):
        quoted.append(lines.pop(0)[1:].strip())
    if quoted:
        meta["quote"] = "\n".join(quoted)
        text = "\n".join(lines).strip()
    if text == _DELETED:
        meta["deleted"] = True
    if atts:
        meta["attachments"] = atts
    if not text:
        if not atts:
            return None
        text = placeholder(atts)
    if rec.speaker == "Me":
        meta["self"] = True
    return replace(rec, text=text, metadata=meta)


class SignalParser:
    """Signal chats exported to Markdown by signal-export (``chat.md``)."""

    name = "signal"
    description = "Signal chats exported by signal-export (chat.md)"

    def sniff(self, f: SourceFile) -> float:
        if f.suffix == ".txt":
            return self._sniff_txt(f)
        if f.suffix != ".md":
            return 0.0
        head = head_text(f, 8192)
        lines = [ln for ln in head.splitlines()[:20] if ln.strip()]
        if lines and _HEADER.match(lines[0]) and len(_HEADER.findall(head)) >= min(2, len(lines)):
            return 0.97
        return 0.0

    @staticmethod
    def _sniff_txt(f: SourceFile) -> float:
        """A ``.txt`` whose message headers are all ``[YYYY-MM-DD, HH:MM] Name:`` (no seconds)."""
        if f.name.lower() == "_chat.txt" or CHAT_PREFIX.match(f.name):
            return 0.0
        head = head_text(f, 16384)
        lines = [ln for ln in head.splitlines()[:200] if ln.strip()]
        if not lines or not _TXT_HEADER.match(lines[0]):
            return 0.0
        headers = [ln for ln in lines if HEADER.match(ln)]
        if all(_TXT_HEADER.match(ln) for ln in headers):
            return 0.97
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        parent = f.path.parent.name if f.path is not None else None
        if parent is None and "!" in f.uri:  # a member of a zip: its folder names the chat
            parent = PurePosixPath(f.uri.split("!", 1)[1]).parent.name or None
        title = parent if f.stem.lower() == "chat" and parent else f.stem
        records, warnings, meta = parse_chat(
            f.read_text(), display=f.display, conversation=f"signal:{title}", opts=opts
        )
        kept = [r for r in (_markup(rec) for rec in records) if r is not None]
        return ParsedFile(
            kind=self.name, records=kept, title=title, warnings=warnings, metadata=meta
        )


PARSER = SignalParser()
