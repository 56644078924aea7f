"""Mailboxes in mbox format (one file, many messages separated by ``From `` lines).

A ``From `` line only starts a new message when it follows a blank line, opens the file or
is followed by a header line, and looks like an envelope line (``From - ...``,
``From addr@host ...`` or one with a date), so an unescaped "From Russia with love" inside a
body does not split a message. Each message becomes one record (see ``importers.mail``);
threads are followed across the whole mailbox.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from dateutil import parser as du_parser

from importers.base import ParsedFile, ParseOptions
from importers.errors import ParseError
from importers.mail import (
    HEADER_LINE,
    looks_like_headers,
    read_message,
    thread_roots,
)
from importers.mail_records import message_records
from importers.source import SourceFile
from memory.records import RecordIn

MBOX_SUFFIXES = (".mbox", ".mbx", ".mbs")
_ENVELOPE = re.compile(
    rb"^From (?:-|\S*@\S*|MAILER-DAEMON\b"
    rb"|\S+ +\w{3} +\w{3} +\d{1,2} +\d{1,2}:\d{2}(?::\d{2})? +\d{4})"
    rb"(?: .*)?$"
)
_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.M)


def envelope_date(line: bytes) -> datetime | None:
    """The date on an mbox ``From`` line, if it has one."""
    parts = line.decode("latin-1").split(None, 2)
    if len(parts) < 3:
        return None
    try:
        parsed = du_parser.parse(parts[2], fuzzy=True)
    except (ValueError, OverflowError):
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def split_mbox(data: bytes) -> list[tuple[bytes, bytes]]:
    """``(envelope line, message bytes)`` for each message of an mbox."""
    data = data.lstrip(b"\xef\xbb\xbf")
    lines = data.splitlines(keepends=True)
    messages: list[tuple[bytes, bytes]] = []
    envelope: bytes | None = None
    buf: list[bytes] = []
    prev_blank = True
    for n, line in enumerate(lines):
        bare = line.rstrip(b"\r\n")
        next_is_header = n + 1 < len(lines) and bool(HEADER_LINE.match(lines[n + 1]))
        if (prev_blank or next_is_header) and _ENVELOPE.match(bare):
            if envelope is not None:
                messages.append((envelope, b"".join(buf)))
            envelope, buf = bare, []
        elif envelope is not None:
            buf.append(line)
        prev_blank = not bare.strip()
    if envelope is not None:
        messages.append((envelope, b"".join(buf)))
    return [(env, _ESCAPED_FROM.sub(rb"\1", body)) for env, body in messages]


class MboxParser:
    """Unix mailboxes (``.mbox``): many messages per file."""

    name = "mbox"
    description = "Mailboxes (mbox): one record per message, threads by Message-ID"

    def sniff(self, f: SourceFile) -> float:
        head = f.head(16384).lstrip(b"\xef\xbb\xbf")
        first = head.split(b"\n", 1)[0].rstrip(b"\r")
        if not _ENVELOPE.match(first):
            return 0.9 if f.suffix in MBOX_SUFFIXES and not f.looks_binary() else 0.0
        if f.suffix in MBOX_SUFFIXES or f.suffix == "":
            return 0.95
        if looks_like_headers(head) and f.suffix != ".eml":
            return 0.8
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        data = f.read_bytes()
        if b"\x00" in data[:8192]:
            raise ParseError(f.display, "binary data, not a mailbox")
        chunks = split_mbox(data)
        if not chunks:
            raise ParseError(f.display, "no messages (an mbox starts with a 'From ' line)")
        messages = [
            read_message(body, index=n, envelope_date=envelope_date(env))
            for n, (env, body) in enumerate(chunks, 1)
        ]
        roots = thread_roots(messages)
        warnings: list[str] = []
        records: list[RecordIn] = []
        for msg, root in zip(messages, roots, strict=True):
            thread = root or f"{f.uri}#message{msg.index}"
            records.extend(message_records(msg, thread, opts.chunk_chars, warnings))
        return ParsedFile(
            kind=self.name,
            records=records,
            title=f.stem,
            warnings=warnings,
            metadata={
                "messages": len(messages),
                "threads": len({r for r in roots if r}) + roots.count(None),
            },
        )


PARSER = MboxParser()
