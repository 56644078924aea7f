"""Obsidian canvases (``.canvas`` JSON): the text cards, with links to notes, files and pages.

Text cards are Markdown (wikilinks shown as words and kept as links); file and link cards
and group labels are listed in metadata.
"""

from __future__ import annotations

from datetime import UTC, datetime

from importers.base import ParsedFile, ParseOptions
from importers.chunking import split_long
from importers.errors import ParseError
from importers.formats.markdown import links, readable
from importers.jsonload import load_json
from importers.source import SourceFile
from memory.records import RecordIn


class CanvasParser:
    """Obsidian JSON Canvas files."""

    name = "obsidian_canvas"
    description = "Obsidian canvases (.canvas): text cards and their links"

    def sniff(self, f: SourceFile) -> float:
        if f.suffix == ".canvas":
            return 0.9
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        value = load_json(f)
        nodes = value.get("nodes") if isinstance(value, dict) else None
        if not isinstance(nodes, list):
            raise ParseError(f.display, "not a canvas (no 'nodes' list)")
        when = datetime.fromtimestamp(f.mtime, UTC) if f.mtime is not None else None
        files, urls, groups, out_links = [], [], [], []
        records: list[RecordIn] = []
        for node in nodes:
            if not isinstance(node, dict):
                continue
            kind = node.get("type")
            if kind == "file" and node.get("file"):
                files.append(str(node["file"]))
            elif kind == "link" and node.get("url"):
                urls.append(str(node["url"]))
            elif kind == "group" and node.get("label"):
                groups.append(str(node["label"]))
            elif kind == "text" and isinstance(node.get("text"), str) and node["text"].strip():
                found, _ = links(node["text"])
                out_links.extend(found)
                for piece in split_long(readable(node["text"]), opts.chunk_chars):
                    records.append(
                        RecordIn(
                            text=piece,
                            kind="note_chunk",
                            conversation=f.uri,
                            title=f.stem,
                            event_time=when,
                            external_id=str(node.get("id") or "") or None,
                            metadata={"links": found, "card": node.get("id")},
                        )
                    )
        meta = {
            "files": files,
            "urls": urls,
            "groups": groups,
            "links": list(dict.fromkeys(out_links + [p.rsplit(".", 1)[0] for p in files])),
        }
        return ParsedFile(kind=self.name, records=records, title=f.stem, metadata=meta)


PARSER = CanvasParser()
