"""Facebook Messenger and Instagram chats exported as HTML (``inbox/<chat>/message_1.html``).

Meta's "Download your information" writes HTML unless JSON is chosen. Each message is a block
holding the sender, the text and the date, marked by Meta's (obfuscated, but stable per
generation) class names:

- since about 2022: ``_a6-g`` block, ``_a6-h`` sender, ``_a6-p`` text, ``_a6-o`` date
  ("Mar 12, 2024 9:05:09 pm");
- before: ``_2lej`` block, ``_2lel`` sender, ``_2let`` text, ``_2lem`` date
  ("Mar 12, 2024, 9:05 PM").

Only files named ``message_<n>.html`` in that layout are claimed; anything else stays with the
generic HTML reader. Times are the exporter's local time with no zone: stored as given,
tagged UTC, with ``metadata.local_time = True``. A block whose date cannot be read is
skipped, and a warning counts them. Media-only messages read ``[image: name]`` and the like
(the ``<img>``/``<a>`` targets are kept as ``metadata.attachments``). The conversation is
``messenger:inbox/<folder>`` or ``instagram:inbox/<folder>``, as the JSON export's
``thread_path`` makes it, and the title is the page's ``<title>``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

from importers.base import ParsedFile, ParseOptions
from importers.errors import ParseError
from importers.formats.chatutil import clean, message, placeholder
from importers.htmltext import html_title, parse_html
from importers.source import SourceFile
from memory.records import RecordIn

_NAME = re.compile(r"^message_\d+\.html?$", re.I)
_LAYOUTS = (  # (block, sender, text, date) class names, newest first
    ("_a6-g", "_a6-h", "_a6-p", "_a6-o"),
    ("_2lej", "_2lel", "_2let", "_2lem"),
)
_DATE = re.compile(
    r"(?P<month>[A-Za-z]{3})[a-z]*\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4}),?\s+"
    r"(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ap>[AaPp]\.?\s?[Mm]\.?)?"
)
_MONTHS = {
    m: n
    for n, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_BOXES = {"inbox", "archived_threads", "filtered_threads", "message_requests", "e2ee_cutover"}
_MEDIA = {"jpg": "image", "jpeg": "image", "png": "image", "gif": "gif", "webp": "image",
          "mp4": "video", "mov": "video", "mp3": "audio", "m4a": "audio", "aac": "audio",
          "wav": "audio", "ogg": "audio"}  # fmt: skip


def meta_date(text: str) -> datetime | None:
    """A Meta export date ("Mar 12, 2024 9:05:09 pm") as a naive time tagged UTC."""
    m = _DATE.search(text.replace("\u202f", " ").replace("\u00a0", " "))
    if m is None:
        return None
    month = _MONTHS.get(m.group("month").lower())
    hour = int(m.group("h"))
    ap = (m.group("ap") or "").lower()[:1]
    if ap:
        hour = hour % 12 + (12 if ap == "p" else 0)
    if month is None or hour > 23:
        return None
    try:
        return datetime(
            int(m.group("year")), month, int(m.group("day")), hour, int(m.group("m")),
            int(m.group("s") or 0), tzinfo=UTC,
        )
    except ValueError:
        return None


def _has_class(el: Any, name: str) -> bool:
    return name in (el.get("class") or "").split()


def _first(block: Any, cls: str) -> Any:
    found = block.xpath(f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")
    return found[0] if found else None


def _text(el: Any) -> str:
    if el is None:
        return ""
    parts = [t.strip() for t in el.itertext() if t.strip()]
    return clean("\n".join(parts)).strip()


def _media(el: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if el is None:
        return out
    for node in el.iter("img", "a", "video", "audio"):
        target = node.get("src") or node.get("href") or ""
        if not target or target.startswith(("http:", "https:", "mailto:")):
            continue
        name = PurePosixPath(target).name
        kind = _MEDIA.get(name.rsplit(".", 1)[-1].lower(), "file")
        if all(a["path"] != target for a in out):  # an <a> around its <img>: one file
            out.append({"kind": kind, "name": name, "path": target})
    return out


class MetaHtmlParser:
    """Messenger / Instagram chats in Meta's HTML export (``message_1.html``)."""

    name = "meta_html"
    description = "Facebook Messenger or Instagram chats exported as HTML (message_1.html)"

    def sniff(self, f: SourceFile) -> float:
        if not _NAME.match(f.name.rsplit("/", 1)[-1]):
            return 0.0
        head = f.head(65536)
        for block, sender, text, _ in _LAYOUTS:
            if all(c.encode() in head for c in (block, sender, text)):
                return 0.92
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        root = parse_html(f.read_bytes())
        if root is None:
            raise ParseError(f.display, "empty or unreadable HTML")
        layout = next((lay for lay in _LAYOUTS if _first(root, lay[1]) is not None), None)
        if layout is None:
            raise ParseError(f.display, "no Messenger/Instagram message blocks in this page")
        block_cls, sender_cls, text_cls, date_cls = layout
        platform = "instagram" if "instagram" in f.uri.lower() else "messenger"
        where = PurePosixPath(f.uri.replace("\\", "/")).parent
        folder = where.name or f.stem
        if where.parent.name in _BOXES:  # "inbox/ben_123", as the JSON export's thread_path
            folder = f"{where.parent.name}/{folder}"
        title = html_title(root) or folder
        records: list[RecordIn] = []
        bad = 0
        for block in root.iter():
            if not isinstance(block.tag, str) or not _has_class(block, block_cls):
                continue
            sender_el = _first(block, sender_cls)
            if sender_el is None:
                continue  # a block without a sender is the page's header, not a message
            date_el = _first(block, date_cls)
            if date_el is None:
                continue  # the participants box at the top has a name but no date
            when = meta_date(_text(date_el))
            if when is None:
                bad += 1
                continue
            body = _first(block, text_cls)
            text = _text(body)
            atts = _media(body)
            if not text:
                if not atts:
                    continue
                text = placeholder(atts)
            records.append(
                message(
                    text=text,
                    speaker=_text(sender_el) or None,
                    conversation=f"{platform}:{folder}",
                    when=when,
                    opts=opts,
                    metadata={
                        "chat": title,
                        "platform": platform,
                        "attachments": atts,
                        "local_time": True,
                    },
                )
            )
        records.sort(key=lambda r: r.event_time or datetime.min.replace(tzinfo=UTC))
        warnings = [f"{bad} message(s) with a date that could not be read skipped"] if bad else []
        return ParsedFile(kind=self.name, records=records, title=title, warnings=warnings)


PARSER = MetaHtmlParser()
