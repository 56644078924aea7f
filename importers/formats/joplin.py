"""Joplin's RAW export (a folder of ``<id>.md`` files, one per item).

Each file is the item's title, a blank line, its body, and a footer of ``key: value`` lines
ending with ``type_``::

    Dinner plans

    Book Ramiro for Friday.

    id: 0f2b6c1de5a94c7f8a0c3b1d2e4f6a7b
    parent_id: 9a8b...
    created_time: 2024-03-12T21:05:09.000Z
    user_created_time: 2024-03-12T21:05:09.000Z
    ...
    type_: 1

- A note (``type_: 1``) is read as Markdown (``importers.formats.markdown``) without the
  footer, titled by its first line and dated by ``user_created_time`` (else
  ``created_time``); ``is_todo``/``todo_completed``, the footer's ``id`` and the notebook
  (``parent_id``, named from the notebook's file beside it) are metadata.
- Notebooks, tags, resources and the links between them (other ``type_`` values) are not
  notes: such a file is skipped with the reason.
"""

from __future__ import annotations

import re
from dataclasses import replace

from importers.base import ParsedFile, ParseOptions
from importers.formats.markdown import parse_markdown_text
from importers.source import SourceFile
from importers.timeparse import parse_datetime

_FOOTER_LINE = re.compile(r"^(?P<key>[a-z_]+): ?(?P<value>.*)$")
_ID = re.compile(r"^[0-9a-f]{32}$")
_KINDS = {
    "2": "a notebook",
    "3": "a setting",
    "4": "a resource (attachment) description",
    "5": "a tag",
    "6": "a note-to-tag link",
    "13": "a note revision",
}


def split_footer(text: str) -> tuple[str, dict[str, str]] | None:
    """The text before Joplin's metadata footer and the footer's fields (None: no footer)."""
    lines = text.rstrip("\n").split("\n")
    fields: dict[str, str] = {}
    i = len(lines)
    while i > 0:
        m = _FOOTER_LINE.match(lines[i - 1])
        if m is None:
            break
        fields.setdefault(m.group("key"), m.group("value").strip())
        i -= 1
    if "type_" not in fields or not _ID.match(fields.get("id", "")):
        return None
    return "\n".join(lines[:i]).rstrip(), fields


def _notebook(f: SourceFile, parent_id: str) -> str | None:
    """The title of the notebook ``parent_id`` when its file lies beside the note."""
    if not _ID.match(parent_id):
        return None
    raw = f.sibling_head(f"{parent_id}.md", 65536)
    if not raw:
        return None
    split = split_footer(raw.decode("utf-8", errors="ignore"))
    if split is None or split[1].get("type_") != "2":
        return None
    return split[0].split("\n", 1)[0].strip() or None


class JoplinParser:
    """Items of a Joplin RAW export (``.md`` with a metadata footer)."""

    name = "joplin"
    description = "Joplin RAW export (.md notes with Joplin's metadata footer)"

    def sniff(self, f: SourceFile) -> float:
        if f.suffix != ".md" or f.size > 20_000_000:
            return 0.0
        tail = f.read_bytes()[-4096:].decode("utf-8", errors="ignore")
        return 0.9 if split_footer(tail.split("\n", 1)[-1]) is not None else 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        split = split_footer(f.read_text())
        if split is None:  # sniffed on the tail; read whole it is Markdown all the same
            return parse_markdown_text(f.read_text(), f, opts, kind=self.name)
        body, fields = split
        kind = fields["type_"]
        if kind != "1":
            what = _KINDS.get(kind, f"a Joplin item of type {kind}")
            return ParsedFile(
                kind=self.name,
                records=[],
                title=f.stem,
                warnings=[f"{what} from a Joplin export, not a note"],
            )
        title, _, rest = body.partition("\n")
        title = title.strip() or f.stem
        parsed = parse_markdown_text(rest.strip() or title, f, opts, kind=self.name)
        when = parse_datetime(fields.get("user_created_time", "")) or parse_datetime(
            fields.get("created_time", "")
        )
        extra = {
            "joplin_id": fields["id"],
            "notebook_id": fields.get("parent_id") or None,
            "notebook": _notebook(f, fields.get("parent_id", "")),
            "todo": fields.get("is_todo") == "1",
            "done": fields.get("todo_completed", "0") not in ("", "0"),
            "source_url": fields.get("source_url") or None,
        }
        extra = {k: v for k, v in extra.items() if v not in (None, False)}
        records = []
        for n, rec in enumerate(parsed.records):
            meta = dict(rec.metadata)
            if n == 0:
                meta.update(extra)
                if when is not None:
                    meta["date_from"] = "user_created_time"
            rec_title, old = rec.title, parsed.title or ""
            if rec_title and old and rec_title.startswith(old):
                rec_title = title + rec_title[len(old) :]
            records.append(
                replace(rec, title=rec_title, event_time=when or rec.event_time, metadata=meta)
            )
        return replace(parsed, records=records, title=title)


PARSER = JoplinParser()
