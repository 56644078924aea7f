"""WhatsApp chat exports: the ``.txt`` file, or the export ``.zip`` (the ``.txt`` plus media).

Both phone layouts are read::

    Android: 31/12/23, 21:05 - Rita: see you at 9      (also "12/31/23, 9:05 PM - ...")
    iOS:     [31/12/23, 21:05:09] Rita: see you at 9   (also "[12/31/23, 9:05:09 PM] ...")

with 12- or 24-hour times, ``/``, ``.`` or ``-`` between date fields, and year-first dates.
A 12-hour clock may write its marker as the phone's locale does (``PM``, ``p.m.``, the
Spanish ``p. m.``, or ``午後9:05`` before the time; see ``importers.formats.whatsapp_time``).
Whether a file writes day or month first is decided once per file from all its dates: a
first field above 12 means day-first, a second field above 12 means month-first; when no
date settles it, the order under which the dates run forward wins (then: dots or a 24-hour
clock mean day-first, a 12-hour clock month-first), and a warning says it was a guess.

Choices (documented in the README too):
- Lines that do not start a message continue the previous one (multi-line messages). A
  line that begins with a date yet matches no message layout is kept that way too, and a
  warning names its line number; so do lines before the first message (ignored).
- System notices ("X created group", "You were added"; on iOS, U+200E-marked lines that
  read as notices) are kept as records with ``metadata.system = True`` and speaker None
  (the name they were posted under is kept as ``metadata.posted_as``). The encryption
  notice is pure noise and skipped, also when an export posts it under the group's name.
  Other U+200E-marked iOS lines (a shared location, a
  poll) stay messages of their speaker.
- "<Media omitted>", "image omitted", "<attached: NAME>" and "NAME (file attached)" become
  ``metadata.attachments``; a message that was only media reads ``[image]``, ``[media]`` or
  ``[attachment: NAME]``. Inside a zip, attachments found in the archive get
  ``in_archive: true``.
- Invisible U+200E/U+200F marks are removed; U+202F (narrow no-break space) becomes a space.
- Times are the phone's local time with no zone: they are stored as given, tagged UTC, and
  every record says so with ``metadata.local_time = True``.
- The conversation is ``whatsapp:<chat name>``, the chat name taken from the export's file
  name ("WhatsApp Chat with Rita.txt", "WhatsApp Chat - Rita.zip", or the folder holding an
  extracted ``_chat.txt``), so the same chat from a ``.txt`` and from a ``.zip`` dedups.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from importers.base import ParsedFile, ParseOptions
from importers.errors import ParseError
from importers.formats.chatutil import ZipArchive, clean, head_text, message, placeholder
from importers.formats.whatsapp_time import (
    DATE,
    JOIN,
    LOOKS_DATED,
    SP,
    TIME,
    date_order,
    is_twelve_hour,
    when,
)
from importers.source import SourceFile
from importers.walk import is_zip
from memory.records import RecordIn

HEADER = re.compile(
    rf"^[\u200e\u200f]*(?:\[(?P<d1>{DATE}){JOIN}(?P<t1>{TIME})\]{SP}?"
    rf"|(?P<d2>{DATE}){JOIN}(?P<t2>{TIME}){SP}?[-\u2013]{SP})(?P<rest>.*)$"
)
_SPEAKER = re.compile(r'^(?P<speaker>[^:"\u201c\u201d\n]{1,80}?): ?(?P<text>.*)$', re.S)
_MEDIA_OMITTED = re.compile(
    r"^<(?:Media omitted|Medien ausgeschlossen|Multimedia omitido|Médias omis|"
    r"Media weggelaten|Mídia oculta|Media omessi)>$",
    re.I,
)
_IOS_OMITTED = re.compile(
    r"^(image|video|audio|sticker|GIF|document|Contact card|video note) omitted$", re.I
)
_ATTACHED = re.compile(r"<attached: ([^<>]+)>")
_FILE_ATTACHED = re.compile(r"^(?P<name>\S[^\n]*?\.\w{1,5}) \(file attached\)$", re.M)
_DELETED = re.compile(r"^(?:This message was deleted|You deleted this message)\.?$", re.I)
_EDITED = re.compile(r"\s*<This message was edited>$", re.I)
_CALL = re.compile(r"^(?:Missed )?(?:group )?(?:voice|video) call\b", re.I)
_ENCRYPTION = re.compile(r"end-to-end encrypt", re.I)
# the notice's own wording; some Android exports post it under the group's name, as a message
_ENCRYPTION_NOTICE = re.compile(
    r"^(?:Messages and calls are end-to-end encrypted\. No one outside of this chat"
    r"|Messages (?:you send )?to this (?:group|chat)(?: and calls)? are now secured with "
    r"end-to-end encryption)",
    re.I,
)
# iOS marks both notices and media lines with U+200E; only these read as notices
_IOS_NOTICE = re.compile(
    r"end-to-end encrypt|created (?:the )?group|\badded\b|\bremoved\b|\bleft$|joined using|"
    r"changed (?:the (?:subject|group)|this group|their phone number|to )|security code|"
    r"disappearing messages|now an admin|no longer an admin|pinned a message|"
    r"deleted this group|blocked this contact|unblocked this contact|"
    r"waiting for this message|this chat is with|is a contact\b",
    re.I,
)
CHAT_PREFIX = re.compile(
    r"^(?:WhatsApp[\s_-]*Chat(?:[\s_-]+(?:with|mit|avec|con|com|met|z))?"
    r"|Chat de WhatsApp con|Conversa do WhatsApp com)[\s_-]+",
    re.I,
)
_ATTACHMENT_KINDS = {
    "PHOTO": "image",
    "VIDEO": "video",
    "AUDIO": "audio",
    "STICKER": "sticker",
    "GIF": "gif",
    "IMG": "image",
    "VID": "video",
    "PTT": "audio",
    "AUD": "audio",
    "DOC": "document",
}


@dataclass
class _Raw:
    line: int
    date: str
    time: str
    rest: str
    more: list[str] = field(default_factory=list)


# -- names ------------------------------------------------------------------------------
def chat_name(file_name: str, parent: str | None = None) -> str:
    """The chat's name from the export's file name (``parent`` for an extracted ``_chat.txt``)."""
    stem = PurePosixPath(file_name).stem
    if stem.lower() in ("_chat", "chat") and parent:
        stem = PurePosixPath(parent).stem if parent.lower().endswith(".zip") else parent
    name = CHAT_PREFIX.sub("", stem).strip(" _-")
    return name or stem


# -- lines ------------------------------------------------------------------------------
def _split(text: str) -> tuple[list[_Raw], list[int], list[int]]:
    """The message lines, the line numbers before the first message, and those that start
    with a date but match no message layout (kept as text of the message before them)."""
    raws: list[_Raw] = []
    preamble: list[int] = []
    unread: list[int] = []
    for n, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        m = HEADER.match(line)
        if m:
            raws.append(
                _Raw(
                    n,
                    m.group("d1") or m.group("d2"),
                    m.group("t1") or m.group("t2"),
                    m.group("rest"),
                )
            )
            continue
        if raws:
            raws[-1].more.append(line)
            if LOOKS_DATED.match(line):
                unread.append(n)
        elif line.strip():
            preamble.append(n)
    return raws, preamble, unread


def _lines(numbers: list[int], limit: int = 10) -> str:
    """``"line 4"``, ``"lines 4, 9, 12"`` or ``"lines 4, 9, ... (and 30 more)"``."""
    shown = ", ".join(str(n) for n in numbers[:limit])
    more = f" (and {len(numbers) - limit} more)" if len(numbers) > limit else ""
    return f"line{'s' if len(numbers) > 1 else ''} {shown}{more}"


def _attachments(text: str, in_zip: set[str] | None) -> tuple[str, list[dict[str, Any]]]:
    found: list[dict[str, Any]] = []
    stripped = text.strip()
    if _MEDIA_OMITTED.match(stripped):
        return "", [{"kind": "media", "omitted": True}]
    m = _IOS_OMITTED.match(stripped)
    if m:
        kind = m.group(1).lower().replace("contact card", "contact").replace(" ", "_")
        return "", [{"kind": kind, "omitted": True}]

    def named(name: str) -> dict[str, Any]:
        name = name.strip()
        tag = re.split(r"[-_]", name.split("-", 1)[1] if name[:8].isdigit() else name)[0].upper()
        att: dict[str, Any] = {"kind": _ATTACHMENT_KINDS.get(tag, "attachment"), "name": name}
        if in_zip is not None:
            att["in_archive"] = name in in_zip
        return att

    for m in _ATTACHED.finditer(text):
        found.append(named(m.group(1)))
    text = _ATTACHED.sub("", text)
    for m in _FILE_ATTACHED.finditer(text):
        found.append(named(m.group("name")))
    text = _FILE_ATTACHED.sub("", text)
    return text.strip(), found


def parse_chat(
    text: str,
    *,
    display: str,
    conversation: str,
    opts: ParseOptions,
    in_zip: set[str] | None = None,
) -> tuple[list[RecordIn], list[str], dict[str, Any]]:
    """Records, warnings and file metadata for the text of one WhatsApp export.

    Raises:
        ParseError: nothing in ``text`` looks like a WhatsApp message.
    """
    raws, preamble, unread = _split(text)
    if not raws:
        raise ParseError(
            display,
            "no WhatsApp messages found (expected lines like "
            "'31/12/23, 21:05 - Name: text' or '[31/12/23, 21:05:09] Name: text')",
        )
    twelve = any(is_twelve_hour(r.time) for r in raws)
    dayfirst, how, guessed = date_order([r.date for r in raws], twelve)
    warnings: list[str] = []
    if guessed:
        warnings.append(f"date order: {how}")
    if preamble:
        warnings.append(f"{_lines(preamble)}: before the first message; ignored")
    if unread:
        warnings.append(
            f"{_lines(unread)}: a date at the start but no message layout we know; "
            "kept as text of the previous message"
        )
    records: list[RecordIn] = []
    skipped = 0
    for raw in raws:
        at = when(raw.date, raw.time, dayfirst)
        if at is None:
            warnings.append(
                f"line {raw.line}: impossible date or time {raw.date} {raw.time}; skipped"
            )
            continue
        rest = "\n".join([raw.rest, *raw.more]).rstrip()
        rec = _record(rest, at, conversation, opts, in_zip)
        if rec is None:
            skipped += 1
            continue
        records.append(rec)
    meta = {
        "date_order": "day-first" if dayfirst else "month-first",
        "date_order_reason": how,
        "local_time": True,
        "skipped_notices": skipped,
    }
    return records, warnings, meta


def _record(
    rest: str, when: datetime, conversation: str, opts: ParseOptions, in_zip: set[str] | None
) -> RecordIn | None:
    m = _SPEAKER.match(rest)
    speaker: str | None = None
    posted_as: str | None = None
    marked = False
    body = rest
    if m:
        speaker = clean(m.group("speaker")).strip().lstrip("~").strip() or None
        body = m.group("text")
        marked = body.startswith("\u200e")
    body = clean(body).strip()
    meta: dict[str, Any] = {"local_time": True}
    edited = _EDITED.search(body)
    if edited:
        body = body[: edited.start()].rstrip()
        meta["edited"] = True
    body, attachments = _attachments(body, in_zip)
    meta["attachments"] = attachments
    if _DELETED.match(body):
        meta["deleted"] = True
    elif _CALL.match(body) and speaker:
        meta["call"] = True
        meta["system"] = True
    elif speaker is None or _ENCRYPTION_NOTICE.match(body) or (
        marked and not attachments and _IOS_NOTICE.search(body)
    ):
        meta["system"] = True
        posted_as, speaker = speaker, None
        if _ENCRYPTION.search(body):
            return None
    meta["posted_as"] = posted_as
    if not body:
        if not attachments:
            return None
        body = placeholder(attachments)
    return message(
        text=body, speaker=speaker, conversation=conversation, when=when, opts=opts, metadata=meta
    )


# -- the parser -------------------------------------------------------------------------
def _looks_like_chat(head: str) -> float:
    lines = [ln for ln in head.splitlines()[:40] if ln.strip()]
    if not lines:
        return 0.0
    hits = sum(1 for ln in lines if HEADER.match(ln))
    first = bool(HEADER.match(lines[0]))
    if first and (hits >= 3 or hits == len(lines)):
        return 0.95
    if first or hits >= 3:
        return 0.75
    return 0.0


def _chat_members(names: list[str]) -> tuple[list[str], bool]:
    """The ``.txt`` members that should hold the chat, and whether they are named like one."""
    txt = [n for n in names if n.lower().endswith(".txt") and not n.endswith("/")]
    named = [
        n
        for n in txt
        if PurePosixPath(n).name.lower() == "_chat.txt" or CHAT_PREFIX.match(PurePosixPath(n).name)
    ]
    return (named, True) if named else (txt, False)


class WhatsAppParser:
    """WhatsApp ``.txt`` chat exports (Android and iOS) and export ``.zip`` files."""

    name = "whatsapp"
    description = "WhatsApp chat export (.txt, or the export .zip with media)"

    def sniff(self, f: SourceFile) -> float:
        if is_zip(f):
            return self._sniff_zip(f)
        head = head_text(f, 16384)
        return _looks_like_chat(head) if head else 0.0

    def _sniff_zip(self, f: SourceFile) -> float:
        try:
            with zipfile.ZipFile(io.BytesIO(f.read_bytes())) as zf:
                for name in _chat_members(zf.namelist())[0][:3]:
                    with zf.open(name) as fh:
                        head = fh.read(16384).decode("utf-8-sig", errors="ignore")
                    score = _looks_like_chat(head)
                    if score:
                        return 0.95 if score > 0.9 else 0.8
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
            return 0.0
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        if is_zip(f):
            return self._parse_zip(f, opts)
        parent = f.path.parent.name if f.path is not None else None
        if parent is None and "!" in f.uri:  # a zip member handed over on its own
            parent = PurePosixPath(f.uri.split("!", 1)[0]).name
        title = chat_name(f.name, parent)
        records, warnings, meta = parse_chat(
            f.read_text(), display=f.display, conversation=f"whatsapp:{title}", opts=opts
        )
        return ParsedFile(
            kind=self.name, records=records, title=title, warnings=warnings, metadata=meta
        )

    def _parse_zip(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        archive = ZipArchive(f)
        chats, named = _chat_members(archive.names())
        if not named:
            chats = [n for n in chats if _looks_like_chat(head_text(archive.members[n], 16384))]
        if not chats:
            raise ParseError(f.display, "no WhatsApp chat .txt file inside the zip")
        media = {n.rsplit("/", 1)[-1] for n in archive.names()}
        records: list[RecordIn] = []
        warnings = list(archive.warnings)
        meta: dict[str, Any] = {}
        title = ""
        for name in chats:
            member = archive.members[name]
            title = chat_name(member.name, f.name)
            got, warns, meta = parse_chat(
                member.read_text(),
                display=member.display,
                conversation=f"whatsapp:{title}",
                opts=opts,
                in_zip=media,
            )
            records.extend(got)
            warnings.extend(warns)
        meta["media_files"] = len(media) - len(chats)
        return ParsedFile(
            kind=self.name, records=records, title=title, warnings=warnings, metadata=meta
        )


PARSER = WhatsAppParser()
