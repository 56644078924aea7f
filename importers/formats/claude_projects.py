"""The ``projects.json`` of a Claude.ai data export: the user's projects and their documents.

Shape::

    [{"uuid", "name", "description", "prompt_template", "created_at", "updated_at",
      "is_private", "creator": {"uuid", "full_name"},
      "docs": [{"uuid", "filename", "content", "created_at"}]}]

- A project's description and instructions (``prompt_template``) are one note, titled by the
  project's name; each document is a note (split into chunks when long) titled
  ``<project> / <file name>`` and dated by its ``created_at``.
- The conversation is ``claude-project:<project uuid>``, so a project's notes stay together.
- A project with nothing written in it (no description, instructions or documents) adds
  nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from importers.base import ParsedFile, ParseOptions
from importers.chunking import split_long
from importers.errors import ParseError
from importers.formats.chatutil import as_str, has_keys, json_head
from importers.jsonload import load_json
from importers.source import SourceFile
from importers.timeparse import parse_datetime
from memory.records import RecordIn


def _s(value: Any) -> str:
    return as_str(value) or ""


class ClaudeProjectsParser:
    """Claude.ai export ``projects.json``."""

    name = "claude_projects"
    description = "Claude.ai export projects.json (project instructions and documents)"

    def sniff(self, f: SourceFile) -> float:
        if f.suffix != ".json":
            return 0.0
        head = json_head(f, 8192)
        if head.startswith("[") and has_keys(head, "prompt_template") and has_keys(head, "uuid"):
            return 0.9
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        data = load_json(f)
        if not isinstance(data, list):
            raise ParseError(f.display, "not a Claude projects.json (expected a list)")
        records: list[RecordIn] = []
        projects = 0
        for n, project in enumerate(data, 1):
            if not isinstance(project, Mapping):
                continue
            projects += 1
            name = _s(project.get("name")) or f"Project {n}"
            conversation = f"claude-project:{_s(project.get('uuid')) or name}"
            meta = {"project": name, "source": "claude"}
            about = [
                f"{label}: {text}"
                for label, text in (
                    ("Description", _s(project.get("description"))),
                    ("Instructions", _s(project.get("prompt_template"))),
                )
                if text
            ]
            when = parse_datetime(_s(project.get("created_at")))
            if about:
                intro = f"Claude project {name}\n\n" + "\n\n".join(about)
                records.extend(
                    RecordIn(
                        text=piece,
                        kind="note_chunk",
                        conversation=conversation,
                        title=name,
                        event_time=when,
                        metadata=meta,
                    )
                    for piece in split_long(intro, opts.chunk_chars)
                )
            docs = project.get("docs")
            for doc in docs if isinstance(docs, list) else []:
                if not isinstance(doc, Mapping) or not _s(doc.get("content")):
                    continue
                filename = _s(doc.get("filename")) or "document"
                doc_when = parse_datetime(_s(doc.get("created_at"))) or when
                records.extend(
                    RecordIn(
                        text=piece,
                        kind="note_chunk",
                        conversation=conversation,
                        title=f"{name} / {filename}",
                        event_time=doc_when,
                        metadata={**meta, "document": filename},
                    )
                    for piece in split_long(_s(doc.get("content")), opts.chunk_chars)
                )
        return ParsedFile(
            kind=self.name,
            records=records,
            title=f"Claude projects ({projects})",
            metadata={"projects": projects},
        )


PARSER = ClaudeProjectsParser()
