"""Single email messages (``.eml``, or any file that is an RFC 822 message, such as a saved
``.txt``): one record per message with sender, recipients, date, subject, thread and
attachments. The decoding lives in ``importers.mail``.
"""

from __future__ import annotations

from importers.base import ParsedFile, ParseOptions
from importers.errors import ParseError
from importers.mail import looks_like_headers, read_message, thread_roots
from importers.mail_records import message_records
from importers.source import SourceFile

EML_SUFFIXES = (".eml", ".msg.txt", ".mht", ".mhtml")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Outlook .msg files are OLE2 containers
MAX_BYTES = 200 * 1024 * 1024


class EmlParser:
    """One email message per file."""

    name = "email"
    description = "Email messages (.eml, RFC 822): headers, text body, thread, attachments"

    def sniff(self, f: SourceFile) -> float:
        if f.suffix in (".msg", ".eml") and f.head(8) == OLE_MAGIC:
            return 0.5  # claimed only to say what it is (parse refuses it with the reason)
        known = looks_like_headers(f.head(16384))
        if f.suffix == ".eml":
            return 0.9 if known else 0.5
        if known >= 2:
            return 0.7
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        if f.size > MAX_BYTES:
            raise ParseError(f.display, f"message too large ({f.size // 1_000_000} MB)")
        data = f.read_bytes()
        if data[:8] == OLE_MAGIC:
            raise ParseError(
                f.display,
                "an Outlook .msg file (a binary format Mneme does not read); save the message "
                "from Outlook as .eml, or export the folder as .mbox, and import that",
            )
        if not looks_like_headers(data[:16384]):
            raise ParseError(f.display, "not an email message (no mail headers at the start)")
        msg = read_message(data)
        warnings: list[str] = []
        conversation = thread_roots([msg])[0] or f.uri
        records = message_records(msg, conversation, opts.chunk_chars, warnings)
        return ParsedFile(
            kind=self.name,
            records=records,
            title=msg.subject or f.stem,
            warnings=warnings,
            metadata={"thread": conversation, "attachments": msg.attachments},
        )


PARSER = EmlParser()
