"""Turning one decoded email (``importers.mail.MailMessage``) into records.

Every record of a message opens with the message's header, one field a line::

    From: "Doe, John" <johndoe@example.com>
    Subject: testing
    Date: Tue, 12 Mar 2024 10:00:00 +0000
    To: Ana Lima <ana@example.org>
    Attachments: report.pdf

then a blank line and the body (or a part of it: a long body is split, and each part repeats
the header). So recall, answers and ``mneme memory show`` see who wrote to whom, when and
about what, and "Who sent the email with subject testing?" finds its answer in the text.
The same fields stay in ``metadata`` (``from``, ``to``, ``cc``, ``subject``...) for readers
that want them structured. Used by the ``.eml`` and mbox importers.
"""

from __future__ import annotations

from typing import Any

from importers.chunking import split_long
from importers.mail import MailMessage
from memory.records import RecordIn

MAX_LISTED = 10
"""Recipients (and attachments) named in a header line; the rest are counted."""


def format_address(addr: dict[str, str]) -> str:
    """``Name <address>``, with a name holding a comma or quotes quoted as in mail."""
    name, address = addr.get("name", "").strip(), addr.get("address", "").strip()
    if name and any(c in name for c in ',;"<>@'):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if name and address:
        return f"{name} <{address}>"
    return name or address


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    return shown + (f" and {len(items) - MAX_LISTED} more" if len(items) > MAX_LISTED else "")


def header_block(m: MailMessage) -> str:
    """The message's From, Subject, Date, To, Cc and Attachments lines (those it has).

    Who and what come first: a view that shows a record's first line or two (``mneme
    memory show`` clips at 200 characters) still shows the sender and the subject.
    """
    lines: list[str] = []
    if m.sender:
        lines.append(f"From: {format_address(m.sender)}")
    if m.subject:
        lines.append(f"Subject: {m.subject}")
    if m.date_from == "Date header" and m.date_raw:
        lines.append(f"Date: {m.date_raw}")
    elif m.date is not None:
        lines.append(f"Date: {m.date:%a, %d %b %Y %H:%M:%S} UTC (from the {m.date_from})")
    for label, people in (("To", m.to), ("Cc", m.cc)):
        named = [a for a in (format_address(p) for p in people) if a]
        if named:
            lines.append(f"{label}: {_listed(named)}")
    names = [str(a.get("name") or a.get("type") or "attachment") for a in m.attachments]
    if names:
        lines.append(f"Attachments: {_listed(names)}")
    return "\n".join(lines)


def message_records(
    m: MailMessage, conversation: str, chunk_chars: int, warnings: list[str]
) -> list[RecordIn]:
    """The records of one message (several when its body is long), each with the header."""
    label = f"message {m.index}" + (f" ({m.subject!r})" if m.subject else "")
    if m.date_from != "Date header":
        fallback = "no other date found" if m.date is None else f"used the {m.date_from} time"
        problem = f"bad Date header ({m.date_raw})" if m.date_raw else "no Date header"
        warnings.append(f"{label}: {problem}; {fallback}")
    head = header_block(m)
    if not m.text and not m.subject and not m.attachments:
        warnings.append(f"{label}: empty message; skipped")
        return []
    meta: dict[str, Any] = {
        "from": m.sender,
        "to": m.to,
        "cc": m.cc,
        "subject": m.subject,
        "message_id": m.message_id,
        "in_reply_to": m.in_reply_to,
        "references": m.references,
        "attachments": m.attachments,
        "body_from": m.body_from,
        "date_from": m.date_from,
        "labels": m.labels or None,
        "gmail_thread": m.gmail_thread,
    }
    pieces = split_long(m.text, chunk_chars) or [""]
    out = []
    for n, piece in enumerate(pieces):
        out.append(
            RecordIn(
                text=f"{head}\n\n{piece}".strip(),
                kind="message",
                speaker=m.speaker,
                conversation=conversation,
                title=m.subject,
                event_time=m.date,
                external_id=m.message_id if len(pieces) == 1 else f"{m.message_id}#{n + 1}",
                metadata=meta if n == 0 else {**meta, "part": n + 1, "parts": len(pieces)},
            )
        )
    return out
