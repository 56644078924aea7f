"""Reading RFC 822 messages for the ``.eml`` and mbox importers.

Messages are parsed with the standard library's most forgiving policy (``compat32``), then
headers are decoded (RFC 2047 encoded words, RFC 2231 file names, stray 8-bit bytes), the
text/plain body is preferred over HTML (HTML is turned into text only when it is the only
body), attachments are listed, and each message gets its thread: the root Message-ID of its
References / In-Reply-To chain, or its normalised subject when it has no ids.
"""

from __future__ import annotations

import csv
import email
import email.errors
import email.policy
import email.utils
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any

from importers.charsets import decode_bytes
from importers.htmltext import html_to_text

HEADER_LINE = re.compile(rb"^[!-9;-~]+:")
KNOWN_HEADERS = (
    b"from",
    b"to",
    b"cc",
    b"subject",
    b"date",
    b"message-id",
    b"mime-version",
    b"received",
    b"return-path",
    b"reply-to",
    b"in-reply-to",
    b"references",
    b"delivered-to",
    b"x-mailer",
    b"content-type",
    b"user-agent",
)
_MSGID = re.compile(r"<([^<>\s]+)>")
_REPLY_PREFIX = re.compile(r"^\s*((re|fwd?|aw|sv|vs|antw|wg|tr|rif)(\[\d+\])?\s*:\s*)+", re.I)
MAX_DEPTH = 30


def fix_surrogates(s: str) -> str:
    """Undo ``surrogateescape`` from 8-bit header bytes (UTF-8 if possible, else Latin-1)."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        raw = s.encode("utf-8", "surrogateescape")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("latin-1")


def decode_words(value: object) -> str:
    """A header value with RFC 2047 encoded words decoded; never raises."""
    if value is None:
        return ""
    text = fix_surrogates(str(value))
    if "=?" in text:
        text = _decode_encoded_words(text)
    return re.sub(r"\s+", " ", text).strip()


def _decode_encoded_words(text: str) -> str:
    try:
        return str(make_header(decode_header(text)))
    except (LookupError, ValueError, UnicodeError, email.errors.HeaderParseError):
        pass
    try:  # a mislabelled or unknown charset: decode each word on its own
        parts = decode_header(text)
    except (ValueError, email.errors.HeaderParseError):
        return text  # keep the raw value rather than losing the header
    return "".join(
        chunk if isinstance(chunk, str) else decode_bytes(chunk, charset)
        for chunk, charset in parts
    )


def raw_values(msg: Message, name: str) -> list[str]:
    """Every raw value of header ``name``, with 8-bit bytes recovered (UTF-8 or Latin-1).

    ``Message.get`` would turn undeclared 8-bit bytes into U+FFFD; ``raw_items`` keeps them.
    """
    wanted = name.lower()
    return [fix_surrogates(str(v)) for k, v in msg.raw_items() if k.lower() == wanted]


def header(msg: Message, name: str) -> str | None:
    """The decoded value of header ``name`` (first occurrence), or None."""
    values = raw_values(msg, name)
    value = decode_words(values[0]) if values else ""
    return value or None


# a bare address used as a display name: "alice@example.com <bob@example.com>"
_ADDRESS_AS_NAME = re.compile(r'(^|,)\s*([^,"<>\s]+@[^,"<>\s]+)\s*<')


def addresses(msg: Message, name: str) -> list[dict[str, str]]:
    """``[{"name", "address"}]`` for an address header.

    The header is split into addresses before its encoded words are decoded (a decoded
    name may hold a comma: "Lastname, Firstname"), and a display name that is itself an
    address is quoted first, so the address in brackets is the one kept.
    """
    raws = [_ADDRESS_AS_NAME.sub(r'\1 "\2" <', r) for r in raw_values(msg, name)]
    out = []
    for display, addr in getaddresses(raws):
        display, addr = decode_words(display), addr.strip()
        if display.lower() == addr.lower():
            display = ""
        if display or addr:
            out.append({"name": display, "address": addr})
    return out


def msg_ids(value: str | None) -> list[str]:
    """Message-IDs (``<...>``) found in a header value, in order."""
    return _MSGID.findall(value or "")


def normalise_subject(subject: str | None) -> str:
    """``"Re: Fwd: Lunch  plans"`` -> ``"lunch plans"``."""
    s = _REPLY_PREFIX.sub("", subject or "")
    return re.sub(r"\s+", " ", s).strip().lower()


def parse_date(value: str | None) -> datetime | None:
    """An RFC 2822 date as an aware UTC datetime (None when it is not a date)."""
    if not value or not value.strip():
        return None
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def _received_date(msg: Message) -> datetime | None:
    try:
        received = msg.get_all("Received") or []
    except (TypeError, ValueError):
        return None
    for value in reversed(received):  # the oldest hop is the last header
        _, sep, when = str(value).rpartition(";")
        if sep:
            parsed = parse_date(when)
            if parsed is not None:
                return parsed
    return None


def _payload_text(part: Message) -> str:
    try:
        raw = part.get_payload(decode=True)
    except (ValueError, TypeError, AssertionError):
        raw = None
    if raw is None:
        payload = part.get_payload()
        return fix_surrogates(payload) if isinstance(payload, str) else ""
    if not isinstance(raw, bytes):
        return str(raw)
    return decode_bytes(raw, part.get_content_charset())


_RAW_NAME = re.compile(r'(?:^|;)\s*(?:file)?name\s*=\s*"?([^";]+)"?', re.I)


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename() or part.get_param("name")
    except (TypeError, ValueError, LookupError, UnicodeError):
        name = None
    if isinstance(name, tuple):  # an RFC 2231 value get_param did not collapse
        name = email.utils.collapse_rfc2231_value(name)
    if name and "\ufffd" in str(name):  # undeclared 8-bit bytes: read the raw header
        for raw in raw_values(part, "Content-Disposition") + raw_values(part, "Content-Type"):
            m = _RAW_NAME.search(raw)
            if m:
                name = m.group(1).strip()
                break
    return decode_words(name) or None


def _size(part: Message) -> int:
    try:
        raw = part.get_payload(decode=True)
    except (ValueError, TypeError, AssertionError):
        return 0
    return len(raw) if isinstance(raw, bytes) else 0


@dataclass
class Body:
    """A message's readable parts."""

    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    attachments: list[dict[str, Any]] = field(default_factory=list)


def collect(part: Message, body: Body, depth: int = 0) -> None:
    """Sort ``part`` and its children into plain text, HTML and attachments."""
    if depth > MAX_DEPTH:
        return
    ctype = part.get_content_type()
    try:
        disposition = part.get_content_disposition()
    except (TypeError, ValueError):
        disposition = None
    name = _filename(part)
    if ctype == "message/rfc822" or (part.is_multipart() and ctype.startswith("message/")):
        inner = part.get_payload()
        inner_msg = inner[0] if isinstance(inner, list) and inner else None
        subject = header(inner_msg, "Subject") if isinstance(inner_msg, Message) else None
        body.attachments.append(
            {
                "name": name or subject or "forwarded message",
                "type": ctype,
                "size": len(inner_msg.as_bytes()) if isinstance(inner_msg, Message) else 0,
            }
        )
        return
    if ctype.startswith("multipart/") and not part.is_multipart():
        return  # a multipart with a broken boundary: nothing readable inside
    if part.is_multipart():
        payload = part.get_payload()
        for sub in payload if isinstance(payload, list) else []:
            if isinstance(sub, Message):
                collect(sub, body, depth + 1)
        return
    is_text = ctype in ("text/plain", "text/html")
    if disposition == "attachment" or not is_text or (name is not None and disposition is None):
        body.attachments.append({"name": name, "type": ctype, "size": _size(part)})
        return
    text = _payload_text(part)
    (body.plain if ctype == "text/plain" else body.html).append(text)


@dataclass
class MailMessage:
    """One message, decoded."""

    index: int
    subject: str | None
    sender: dict[str, str] | None
    to: list[dict[str, str]]
    cc: list[dict[str, str]]
    date: datetime | None
    date_raw: str | None
    date_from: str
    message_id: str | None
    in_reply_to: list[str]
    references: list[str]
    text: str
    body_from: str | None
    attachments: list[dict[str, Any]]
    labels: list[str] = field(default_factory=list)  # Gmail's X-Gmail-Labels (Takeout mbox)
    gmail_thread: str | None = None  # Gmail's X-GM-THRID

    @property
    def speaker(self) -> str | None:
        if not self.sender:
            return None
        return self.sender["name"] or self.sender["address"] or None


def read_message(data: bytes, index: int = 1, envelope_date: datetime | None = None) -> MailMessage:
    """Decode one RFC 822 message (``data`` may start with an mbox ``From`` line)."""
    if data.startswith(b"From "):
        data = data.split(b"\n", 1)[1] if b"\n" in data else b""
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    body = Body()
    collect(msg, body)
    plain = "\n\n".join(t.strip() for t in body.plain if t.strip())
    body_from: str | None = "text/plain" if plain else None
    if not plain and body.html:
        plain = "\n\n".join(html_to_text(h) for h in body.html if h.strip()).strip()
        body_from = "text/html" if plain else None
    plain = re.sub(r"\n{3,}", "\n\n", plain.replace("\r\n", "\n").replace("\r", "\n")).strip()
    date_raw = header(msg, "Date")
    date = parse_date(date_raw)
    date_from = "Date header"
    if date is None:
        date = _received_date(msg)
        date_from = "Received header"
        if date is None and envelope_date is not None:
            date, date_from = envelope_date, "mbox From line"
        if date is None:
            date_from = "unknown"
    senders = addresses(msg, "From") or addresses(msg, "Sender")
    own = msg_ids(header(msg, "Message-ID"))
    return MailMessage(
        index=index,
        subject=header(msg, "Subject"),
        sender=senders[0] if senders else None,
        to=addresses(msg, "To"),
        cc=addresses(msg, "Cc"),
        date=date,
        date_raw=date_raw,
        date_from=date_from,
        message_id=f"<{own[0]}>" if own else None,
        in_reply_to=[f"<{i}>" for i in msg_ids(header(msg, "In-Reply-To"))],
        references=[f"<{i}>" for i in msg_ids(header(msg, "References"))],
        text=plain,
        body_from=body_from,
        attachments=body.attachments,
        labels=gmail_labels(header(msg, "X-Gmail-Labels")),
        gmail_thread=header(msg, "X-GM-THRID"),
    )


def gmail_labels(value: str | None) -> list[str]:
    """``Inbox,"Trips, 2024",Sent`` as ``["Inbox", "Trips, 2024", "Sent"]``."""
    if not value:
        return []
    row = next(csv.reader([value], skipinitialspace=True), [])
    return [label.strip() for label in row if label.strip()]


def thread_roots(messages: Sequence[MailMessage]) -> list[str | None]:
    """The thread of each message: its root Message-ID, or ``subject:<normalised>``
    (None for a message with neither ids nor a subject).

    References name the root first (RFC 5322); a message with only In-Reply-To is followed
    up through the messages at hand. A reply with no ids joins the thread of an earlier
    message with the same normalised subject; a message with no ids in a Gmail Takeout mbox
    joins the thread its ``X-GM-THRID`` names (``gmail-thread:<id>`` if it is the first).
    """
    by_id = {m.message_id: m for m in messages if m.message_id}
    by_subject: dict[str, str] = {}
    by_gmail: dict[str | None, str] = {}
    roots: list[str | None] = []
    for m in messages:
        root: str | None = None
        if m.references:
            root = m.references[0]
        elif m.in_reply_to:
            root = m.in_reply_to[0]
            seen = {root}
            parent = by_id.get(root)
            while parent is not None:
                up = parent.references[:1] or parent.in_reply_to[:1]
                if not up or up[0] in seen:
                    break
                root = up[0]
                seen.add(root)
                parent = by_id.get(root)
        subject = normalise_subject(m.subject)
        if root is None:
            is_reply = bool(_REPLY_PREFIX.match(m.subject or ""))
            if is_reply and subject in by_subject:
                root = by_subject[subject]
            elif m.gmail_thread in by_gmail:  # Gmail's own thread id, when the ids do not say
                root = by_gmail[m.gmail_thread]
            elif m.message_id:
                root = m.message_id
            elif m.gmail_thread:
                root = f"gmail-thread:{m.gmail_thread}"
            elif subject:
                root = f"subject:{subject}"
        if root is not None and subject:
            by_subject.setdefault(subject, root)
        if root is not None and m.gmail_thread:
            by_gmail.setdefault(m.gmail_thread, root)
        roots.append(root)
    return roots


def looks_like_headers(head: bytes) -> int:
    """How many well-known mail headers open ``head`` (0 when it does not start with headers)."""
    lines = head.lstrip(b"\xef\xbb\xbf").splitlines()
    if lines and lines[0].startswith(b"From "):
        lines = lines[1:]
    known = 0
    for n, line in enumerate(lines[:200]):
        if not line.strip():
            return known if n else 0
        if line[:1] in (b" ", b"\t"):
            if n == 0:
                return 0
            continue
        if not HEADER_LINE.match(line):
            return 0
        if line.split(b":", 1)[0].strip().lower() in KNOWN_HEADERS:
            known += 1
    return known
