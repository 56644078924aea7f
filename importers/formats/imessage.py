"""iMessage: the Messages database of a Mac (``~/Library/Messages/chat.db``, SQLite).

The file is read from memory (never opened in place, so Messages can keep using it), with
``sqlite3.Connection.deserialize``. Tables used: ``message``, ``handle``,
``chat_message_join`` and, when present, ``chat`` and ``attachment``/
``message_attachment_join``.

- The text is ``message.text``, or, when that is empty (newer macOS), the string inside the
  ``attributedBody`` typedstream blob.
- ``date`` counts from 2001-01-01 UTC (seconds, or nanoseconds on newer systems); it is a
  real instant.
- The user's own messages (``is_from_me``) are spoken by the first of ``self_names`` (else
  ``me``) with ``metadata.self = True``; others by their handle (phone number or e-mail).
- Tapback reactions (``associated_message_type`` != 0) are skipped as noise; attachments are
  ``metadata.attachments``; an inline reply's ``thread_originator_guid`` is ``reply_to``
  (``reply_to_guid`` only names the previous message, so it is not used).
- The conversation is ``imessage:<chat identifier>`` (``chat<id>`` when the chat table is
  missing), so re-importing a newer copy of the database adds only the new messages.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

from importers.base import ParsedFile, ParseOptions
from importers.errors import ParseError
from importers.formats.chatutil import as_str, clean, message, placeholder, user_name
from importers.source import SourceFile
from memory.records import RecordIn

SQLITE_MAGIC = b"SQLite format 3\x00"
APPLE_EPOCH = datetime(2001, 1, 1, tzinfo=UTC)


def apple_time(value: Any) -> datetime | None:
    """A Messages ``date`` (seconds or nanoseconds since 2001-01-01 UTC) as a UTC datetime."""
    if not isinstance(value, int | float) or value <= 0:
        return None
    seconds = value / 1e9 if value > 1e11 else float(value)
    try:
        return APPLE_EPOCH + timedelta(seconds=seconds)
    except OverflowError:
        return None


def attributed_text(blob: Any) -> str | None:
    """The plain string inside an ``NSAttributedString`` typedstream (``attributedBody``)."""
    if not isinstance(blob, bytes | bytearray):
        return None
    _, sep, rest = bytes(blob).partition(b"NSString")
    if not sep or len(rest) < 6:
        return None
    rest = rest[5:]  # class version and type markers
    length, start = rest[0], 1
    if length == 0x81:
        length, start = int.from_bytes(rest[1:3], "little"), 3
    elif length == 0x82:
        length, start = int.from_bytes(rest[1:5], "little"), 5
    raw = rest[start : start + length]
    return raw.decode("utf-8", errors="replace") if raw else None


def _open(f: SourceFile) -> sqlite3.Connection:
    data = bytearray(f.read_bytes())
    if not data.startswith(SQLITE_MAGIC):
        raise ParseError(f.display, "not an SQLite database")
    if data[18:20] == b"\x02\x02":  # WAL mode: mark it a rollback-journal copy for deserialize
        data[18:20] = b"\x01\x01"
    conn = sqlite3.connect(":memory:")
    try:
        conn.deserialize(bytes(data))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as e:
        conn.close()
        raise ParseError(f.display, f"damaged SQLite database ({e})") from e
    return conn


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


class IMessageParser:
    """The macOS Messages database (``chat.db``)."""

    name = "imessage"
    description = "iMessage / Messages database from a Mac (chat.db)"

    def sniff(self, f: SourceFile) -> float:
        head = f.head(65536)
        if not head.startswith(SQLITE_MAGIC):
            return 0.0
        if b"chat_message_join" in head or (b"CREATE TABLE message" in head and b"handle" in head):
            return 0.95
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        conn = _open(f)
        try:
            return self._read(f, conn, opts)
        except sqlite3.DatabaseError as e:
            raise ParseError(f.display, f"cannot read the Messages tables ({e})") from e
        finally:
            conn.close()

    def _read(self, f: SourceFile, conn: sqlite3.Connection, opts: ParseOptions) -> ParsedFile:
        tables = _tables(conn)
        missing = {"message", "handle"} - tables
        if missing:
            raise ParseError(
                f.display, f"not a Messages database (no {', '.join(sorted(missing))} table)"
            )
        cols = _columns(conn, "message")
        handles = {int(r[0]): str(r[1]) for r in conn.execute("SELECT ROWID, id FROM handle")}
        chats = self._chats(conn, tables)
        chat_of = self._chat_of(conn, tables)
        files = self._attachments(conn, tables)
        wanted = [
            c
            for c in (
                "ROWID",
                "guid",
                "text",
                "attributedBody",
                "handle_id",
                "date",
                "is_from_me",
                "associated_message_type",
                "cache_has_attachments",
                "thread_originator_guid",
                "date_edited",
                "is_audio_message",
                "item_type",
            )
            if c in cols
        ]
        rows = conn.execute(f"SELECT {', '.join(wanted)} FROM message ORDER BY date, ROWID")
        me = user_name(opts)
        records: list[RecordIn] = []
        skipped = 0
        for values in rows:
            row = dict(zip(wanted, values, strict=True))
            if row.get("associated_message_type") or row.get("item_type"):
                skipped += 1  # tapbacks and group events
                continue
            text = as_str(row.get("text")) or attributed_text(row.get("attributedBody")) or ""
            text = clean(text).replace("\ufffc", "").strip()  # U+FFFC marks an attachment
            atts = files.get(int(row["ROWID"]), [])
            if not text:
                if not atts:
                    continue
                text = placeholder(atts)
            mine = bool(row.get("is_from_me"))
            speaker = me if mine else handles.get(int(row.get("handle_id") or 0), "unknown")
            chat_id = chat_of.get(int(row["ROWID"]))
            chat = chats.get(chat_id) if chat_id is not None else None
            conversation = (
                f"imessage:{chat or (f'chat{chat_id}' if chat_id is not None else speaker)}"
            )
            meta = {
                "self": mine,
                "attachments": atts,
                "reply_to": as_str(row.get("thread_originator_guid")),
                "edited": bool(row.get("date_edited")),
                "voice": bool(row.get("is_audio_message")),
            }
            records.append(
                message(
                    text=text,
                    speaker=speaker,
                    conversation=conversation,
                    when=apple_time(row.get("date")),
                    opts=opts,
                    external_id=as_str(row.get("guid")),
                    metadata=meta,
                )
            )
        return ParsedFile(
            kind=self.name,
            records=records,
            title=f.stem,
            metadata={
                "skipped_reactions_and_events": skipped,
                "conversations": len({r.conversation for r in records}),
            },
        )

    @staticmethod
    def _chats(conn: sqlite3.Connection, tables: set[str]) -> dict[int, str]:
        if "chat" not in tables:
            return {}
        cols = _columns(conn, "chat")
        name = "chat_identifier" if "chat_identifier" in cols else "guid"
        return {int(r[0]): str(r[1]) for r in conn.execute(f"SELECT ROWID, {name} FROM chat")}

    @staticmethod
    def _chat_of(conn: sqlite3.Connection, tables: set[str]) -> dict[int, int]:
        if "chat_message_join" not in tables:
            return {}
        return {
            int(m): int(c)
            for m, c in conn.execute("SELECT message_id, chat_id FROM chat_message_join")
        }

    @staticmethod
    def _attachments(conn: sqlite3.Connection, tables: set[str]) -> dict[int, list[dict[str, Any]]]:
        if not {"attachment", "message_attachment_join"} <= tables:
            return {}
        cols = _columns(conn, "attachment")
        pick = [c for c in ("filename", "transfer_name", "mime_type") if c in cols]
        if not pick:
            return {}
        out: dict[int, list[dict[str, Any]]] = {}
        columns = ", ".join("a." + c for c in pick)
        sql = (
            f"SELECT j.message_id, {columns} FROM message_attachment_join j "
            "JOIN attachment a ON a.ROWID = j.attachment_id"
        )
        for values in conn.execute(sql):
            info = dict(zip(pick, values[1:], strict=True))
            mime = str(info.get("mime_type") or "")
            name = as_str(info.get("transfer_name")) or as_str(
                str(info.get("filename") or "").rsplit("/", 1)[-1]
            )
            kind = (
                "image"
                if mime.startswith("image/")
                else "video"
                if mime.startswith("video/")
                else "file"
            )
            out.setdefault(int(values[0]), []).append(
                {"kind": kind, "name": name, "mime_type": mime or None}
            )
        return out


PARSER = IMessageParser()
