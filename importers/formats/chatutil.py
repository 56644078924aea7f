"""Helpers shared by the chat-archive parsers (WhatsApp, Telegram, ChatGPT, Slack...).

Reading JSON and zip containers safely (every failure becomes a ``ParseError`` naming the
file), cheap content sniffing on a file's head, telling the user's own messages apart, and
building message records with the metadata every chat importer fills the same way.
Used only by the modules in ``importers.formats``.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from importers.base import ParseOptions
from importers.errors import ParseError
from importers.source import SourceFile
from importers.walk import WalkIssue, is_zip, zip_members
from memory.records import RecordIn

SNIFF_BYTES = 65536
INVISIBLE = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
)
"""Direction marks and isolates that exports sprinkle into text; removed with ``str.translate``."""


# -- sniffing ---------------------------------------------------------------------------
def head_text(f: SourceFile, n: int = SNIFF_BYTES) -> str:
    """The first ``n`` bytes as text for sniffing ("" for binary data or zips)."""
    if is_zip(f) or f.looks_binary():
        return ""
    raw = f.head(n)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16", errors="ignore")
        except UnicodeDecodeError:  # pragma: no cover - errors="ignore" never raises
            return ""
    return raw.decode("utf-8-sig", errors="ignore")


def json_head(f: SourceFile, n: int = SNIFF_BYTES) -> str:
    """The head of ``f`` if it looks like JSON (starts with ``{`` or ``[``), else ""."""
    text = head_text(f, n).lstrip()
    return text if text[:1] in ("{", "[") else ""


def has_keys(text: str, *keys: str) -> bool:
    """True when every ``"key":`` appears in ``text`` (a JSON head)."""
    return all(re.search(r'"' + re.escape(k) + r'"\s*:', text) for k in keys)


def zip_names(f: SourceFile) -> list[str] | None:
    """Member names of a zip (for sniffing), or None when ``f`` is not a readable zip."""
    if not is_zip(f):
        return None
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(f.read_bytes())) as zf:
            return zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


# -- reading ----------------------------------------------------------------------------
def load_json(f: SourceFile) -> Any:
    """Parse ``f`` as JSON.

    Raises:
        ParseError: binary or non-UTF-8 data, or JSON that is truncated or invalid.
    """
    text = f.read_text()
    if not text.strip():
        raise ParseError(f.display, "empty file, no JSON in it")
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        # an unterminated string can only end at the end of the file (no raw newlines in JSON)
        if e.pos >= len(text.rstrip()) - 1 or e.msg.startswith("Unterminated string"):
            last = text.rstrip().count("\n") + 1
            problem = f"truncated JSON (the file stops mid-value at line {last})"
        else:
            problem = f"invalid JSON at line {e.lineno}, column {e.colno} ({e.msg})"
        raise ParseError(f.display, problem) from e
    except RecursionError as e:
        raise ParseError(f.display, "JSON nested too deeply to read") from e


class ZipArchive:
    """The members of a zip export, read within the zip-bomb limits of ``importers.walk``.

    Args:
        f: the zip file.

    Raises:
        ParseError: not a readable zip, or refused as a zip bomb.
    """

    def __init__(self, f: SourceFile) -> None:
        self.display = f.display
        self.members: dict[str, SourceFile] = {}
        self.warnings: list[str] = []
        for item in zip_members(f):
            if isinstance(item, WalkIssue):
                if item.display == f.display:
                    raise ParseError(f.display, item.reason)
                self.warnings.append(f"{item.display.rsplit('!', 1)[-1]}: {item.reason}")
                continue
            self.members[item.uri.rsplit("!", 1)[-1]] = item

    def names(self) -> list[str]:
        return list(self.members)

    def find(self, basename: str) -> SourceFile | None:
        """The shallowest member called ``basename`` (any folder), or None."""
        hits = [n for n in self.members if n.rsplit("/", 1)[-1] == basename]
        if not hits:
            return None
        return self.members[min(hits, key=lambda n: (n.count("/"), n))]


# -- values -----------------------------------------------------------------------------
def clean(text: str) -> str:
    """Text without invisible direction marks; narrow no-break spaces become spaces."""
    return text.translate(INVISIBLE).replace("\u202f", " ").replace("\r\n", "\n")


def fix_mojibake(value: str) -> str:
    """Undo UTF-8 bytes that were read as Latin-1 (Facebook and Instagram exports).

    ``"Ã©"`` becomes ``"é"``. Text that does not round-trip (already correct) is returned as is.
    """
    if value.isascii():
        return value
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def obj(value: Any) -> Mapping[str, Any]:
    """``value`` when it is a JSON object, else an empty mapping."""
    return value if isinstance(value, Mapping) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` when it is a list, else ``[]`` (a damaged export's number or object)."""
    return value if isinstance(value, list) else []


def as_str(value: Any) -> str | None:
    """A non-empty stripped string, or None."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def is_self(name: str | None, opts: ParseOptions) -> bool:
    """True when ``name`` is one of the names the user goes by (case-insensitive)."""
    if not name:
        return False
    folded = name.strip().casefold()
    return any(folded == n.strip().casefold() for n in opts.self_names if n.strip())


def user_name(opts: ParseOptions) -> str:
    """The speaker used for the user's own turns in AI chats: their first name, or ``me``."""
    for name in opts.self_names:
        if name.strip():
            return name.strip()
    return "me"


def placeholder(attachments: Iterable[Mapping[str, Any]]) -> str:
    """Text for a message that is only attachments: ``[image]``, ``[file: a.pdf]``..."""
    parts = []
    for att in attachments:
        kind = str(att.get("kind") or "attachment")
        name = att.get("name")
        parts.append(f"[{kind}: {name}]" if name else f"[{kind}]")
    return " ".join(parts) or "[attachment]"


def message(
    *,
    text: str,
    speaker: str | None,
    conversation: str,
    when: datetime | None,
    opts: ParseOptions,
    external_id: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    mark_self: bool = True,
) -> RecordIn:
    """A ``message`` record; empty metadata values are dropped and ``self`` is marked.

    Args:
        text: the message text (verbatim, cleaned of invisible marks by the caller).
        speaker: who wrote it (None for system notices).
        conversation: the stable chat or thread id.
        when: aware UTC datetime, or None when the format has no time.
        opts: the parse options (``self_names``).
        external_id: the format's message id.
        metadata: attachments, reply_to, system, role...
        mark_self: set ``metadata["self"]`` when the speaker is one of the user's names.
    """
    meta = {k: v for k, v in (metadata or {}).items() if not _empty(v)}
    if mark_self and is_self(speaker, opts):
        meta["self"] = True
    return RecordIn(
        text=text,
        kind="message",
        speaker=speaker,
        conversation=conversation,
        event_time=when,
        external_id=external_id,
        metadata=meta,
    )


def _empty(value: Any) -> bool:
    return value is None or value is False or (isinstance(value, str | list | dict) and not value)


def need(cond: bool, f: SourceFile, problem: str) -> None:
    """Raise ``ParseError(f.display, problem)`` unless ``cond``."""
    if not cond:
        raise ParseError(f.display, problem)
