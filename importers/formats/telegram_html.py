"""Telegram Desktop HTML exports (``messages.html``, ``messages2.html``...).

Each page holds ``div.message`` blocks: ``default`` messages with ``from_name``, a
``date details`` whose ``title`` is the full time ("23.08.2023 13:11:23 UTC-08:00"), the
``text``, media links and ``reply_to`` links; ``joined`` messages continue the previous
sender; ``service`` blocks are date separators (skipped) or notices (kept with
``metadata.system = True`` and no speaker).

- A time with its ``UTC±hh:mm`` offset is converted to UTC; older exports write no offset,
  and then the time is stored as given, tagged UTC, with ``metadata.local_time = True``.
- Links keep their address: ``words (https://...)``, and ``metadata.links``.
- The conversation is ``telegram:<chat name>`` (HTML pages carry no chat id).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from importers.base import ParsedFile, ParseOptions
from importers.errors import ParseError
from importers.formats.chatutil import clean, head_text, message, placeholder
from importers.source import SourceFile
from memory.records import RecordIn

_TITLE_TIME = re.compile(
    r"(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})(?: UTC([+-])(\d{2}):(\d{2}))?"
)
_DATE_ONLY = re.compile(r"^\d{1,2} \w+ \d{4}$")
_MEDIA_CLASSES = {
    "photo_wrap": "image",
    "video_file_wrap": "video",
    "animated_wrap": "gif",
    "media_voice_message": "voice",
    "media_audio_file": "audio",
    "media_file": "file",
    "sticker_wrap": "sticker",
    "media_video": "video",
}


def title_time(value: str) -> tuple[datetime | None, bool]:
    """``"23.08.2023 13:11:23 UTC-08:00"`` as UTC, and whether it had no offset (local)."""
    m = _TITLE_TIME.search(value)
    if m is None:
        return None, False
    d, mo, y, h, mi, s = (int(m.group(i)) for i in range(1, 7))
    try:
        if m.group(7):
            offset = timedelta(hours=int(m.group(8)), minutes=int(m.group(9)))
            tz = timezone(offset if m.group(7) == "+" else -offset)
            return datetime(y, mo, d, h, mi, s, tzinfo=tz).astimezone(UTC), False
        return datetime(y, mo, d, h, mi, s, tzinfo=UTC), True
    except ValueError:
        return None, False


def _text(node: Any) -> tuple[str, list[str]]:
    links: list[str] = []
    for a in node.find_all("a"):
        href = a.get("href") or ""
        words = a.get_text()
        if href.startswith(("http://", "https://", "mailto:")):
            links.append(href)
            if words.strip() and words.strip() != href:
                a.replace_with(f"{words} ({href})")
    for br in node.find_all("br"):
        br.replace_with("\n")
    lines = [ln.strip() for ln in node.get_text().split("\n")]
    return "\n".join(ln for ln in lines if ln).strip(), links


class TelegramHtmlParser:
    """Telegram Desktop's HTML chat export pages."""

    name = "telegram_html"
    description = "Telegram Desktop HTML export (messages.html pages)"

    def sniff(self, f: SourceFile) -> float:
        head = head_text(f, 16384)
        if 'class="page_wrap"' in head and 'class="history"' in head and 'class="message' in head:
            return 0.95
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        from bs4 import BeautifulSoup

        page = f.read_text()
        if "history" not in page:
            raise ParseError(f.display, "not a Telegram HTML export (no message history)")
        soup = BeautifulSoup(page, "html.parser")
        history = soup.select_one("div.history")
        if history is None:
            raise ParseError(f.display, "not a Telegram HTML export (no message history)")
        header = soup.select_one("div.page_header .text")
        title = clean(header.get_text()).strip() if header else f.stem
        conversation = f"telegram:{title}"
        records: list[RecordIn] = []
        sender: str | None = None
        last_when = None  # a notice carries no time of its own: it takes the last message's
        for div in history.select("div.message"):
            classes: list[str] = list(div.get("class") or [])
            mid = str(div.get("id") or "").removeprefix("message") or None
            if "service" in classes:
                body = div.select_one(".body")
                text = clean(body.get_text()).strip() if body else ""
                if text and not _DATE_ONLY.match(text):
                    records.append(
                        message(
                            text=text,
                            speaker=None,
                            conversation=conversation,
                            when=last_when,
                            opts=opts,
                            external_id=mid,
                            metadata={"system": True, "chat": title, "time_from": "previous"},
                        )
                    )
                continue
            date = div.select_one(".date.details")
            when, local = title_time(str(date.get("title") or "")) if date else (None, False)
            last_when = when or last_when
            name = div.select_one(":scope > .body > .from_name")
            if name is not None:
                sender = clean(name.get_text()).strip() or sender
            node = div.select_one(".body > .text")
            text, links = _text(node) if node is not None else ("", [])
            text = clean(text)
            atts = [
                {"kind": kind, "name": str(a.get("href") or "").rsplit("/", 1)[-1] or None}
                for cls, kind in _MEDIA_CLASSES.items()
                for a in div.select(f".media_wrap .{cls}")
            ]
            if not text:
                if not atts:
                    continue
                text = placeholder(atts)
            origin = div.select_one(".forwarded.body > .from_name")
            forwarded = None
            if origin is not None:
                for stamp in origin.select(".date"):
                    stamp.extract()  # the original's date sits inside the name
                forwarded = clean(origin.get_text()).strip() or None
            reply = div.select_one(".reply_to a")
            reply_to = None
            if reply is not None:
                reply_to = str(reply.get("href") or "").rsplit("go_to_message", 1)[-1] or None
            meta = {
                "chat": title,
                "attachments": atts,
                "links": links,
                "reply_to": reply_to,
                "forwarded_from": forwarded,
                "local_time": local,
                "joined": "joined" in classes,
            }
            records.append(
                message(
                    text=text,
                    speaker=sender,
                    conversation=conversation,
                    when=when,
                    opts=opts,
                    external_id=mid,
                    metadata=meta,
                )
            )
        return ParsedFile(kind=self.name, records=records, title=title)


PARSER = TelegramHtmlParser()
