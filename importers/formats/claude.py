"""Claude.ai data exports: ``conversations.json``, or the export ``.zip`` that holds it.

The export (Settings > Privacy > Export data) is a JSON list of conversations::

    {"uuid", "name", "created_at", "updated_at", "account": {"uuid"},
     "chat_messages": [{"uuid", "sender": "human" | "assistant", "text", "created_at",
                        "content": [{"type": "text", "text"}, {"type": "thinking", ...},
                                    {"type": "tool_use", "name", "input"},
                                    {"type": "tool_result", "name", "content": [...]}],
                        "attachments": [{"file_name", "file_type", "file_size",
                                         "extracted_content"}],
                        "files": [{"file_name"}], "parent_message_uuid"?}]}

Choices (also in the README):
- The message text is its ``text`` blocks joined (``text`` when there are no blocks).
  Hidden reasoning (``thinking``) and tool calls are left out, except artifacts the user
  saw: an ``artifacts`` tool call's content is appended as ``[artifact: TITLE]`` + content.
  Web results a tool returned become ``metadata.sources`` (title, url).
- Attached and uploaded files are ``metadata.attachments`` (name, type, size).
- The user is ``me`` (or the first of ``self_names``), the assistant ``Claude``;
  ``metadata.role`` is ``user`` or ``assistant``. The conversation is ``claude:<uuid>``.
- Newer exports may hold edited branches (``parent_message_uuid``): the branch ending at
  ``current_leaf_message_uuid`` (or the newest message) is the conversation; other branches
  are kept flagged ``metadata.alternate = True``, as for ChatGPT.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from importers.base import ParsedFile, ParseOptions
from importers.formats.chatutil import (
    as_str,
    clean,
    has_keys,
    json_head,
    load_json,
    message,
    need,
    obj,
    user_name,
)
from importers.formats.conversations import conversations_file, zip_conversations
from importers.source import SourceFile
from importers.timeparse import parse_datetime
from importers.walk import is_zip
from memory.records import RecordIn

ASSISTANT = "Claude"


def looks_like_claude(head: str) -> bool:
    """True for the head of a Claude.ai ``conversations.json``."""
    return head.startswith("[") and has_keys(head, "chat_messages") and has_keys(head, "uuid")


def _uid(msg: Mapping[str, Any], n: int) -> str:
    """A message's uuid, or its place in the list when it has none (a trimmed or hand-made
    export: all such messages would otherwise collapse into one)."""
    return as_str(msg.get("uuid")) or f"#{n}"


def _blocks(msg: Mapping[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """The message's text from its content blocks, falling back to its ``text`` field when the
    blocks hold none (a block type this reader does not know), and the web sources."""
    content = msg.get("content")
    if not isinstance(content, list) or not content:
        return str(msg.get("text") or ""), []
    texts: list[str] = []
    sources: list[dict[str, Any]] = []
    for block in content:
        if not isinstance(block, Mapping):
            continue
        kind = block.get("type")
        if kind == "text" and block.get("text"):
            texts.append(str(block["text"]))
        elif kind == "tool_use" and block.get("name") == "artifacts":
            art = obj(block.get("input"))
            body = as_str(art.get("content"))
            if body:
                texts.append(f"[artifact: {as_str(art.get('title')) or 'untitled'}]\n{body}")
        elif kind == "tool_result":
            for item in block.get("content") or []:
                if isinstance(item, Mapping) and item.get("url"):
                    sources.append({"title": as_str(item.get("title")), "url": item["url"]})
    if not any(t.strip() for t in texts):
        return str(msg.get("text") or ""), sources
    return "\n\n".join(texts), sources


def _attachments(msg: Mapping[str, Any]) -> list[dict[str, Any]]:
    atts: list[dict[str, Any]] = []
    seen: set[str] = set()
    for key in ("attachments", "files", "files_v2"):
        for a in msg.get(key) or []:
            if not isinstance(a, Mapping):
                continue
            name = as_str(a.get("file_name"))
            if name in seen:
                continue
            if name:
                seen.add(name)
            atts.append(
                {
                    "kind": "file",
                    "name": name,
                    "type": as_str(a.get("file_type")),
                    "size": a.get("file_size"),
                }
            )
    return atts


def _branches(
    conv: Mapping[str, Any], msgs: list[Mapping[str, Any]]
) -> tuple[list[str], dict[str, str]]:
    """Message uuids of the current branch, and for other messages the branch they stand by."""
    ids = [_uid(m, n) for n, m in enumerate(msgs)]
    parents = {uid: as_str(m.get("parent_message_uuid")) for uid, m in zip(ids, msgs, strict=True)}
    children: dict[str, list[str]] = {}
    for uid, parent in parents.items():
        if parent:
            children.setdefault(parent, []).append(uid)
    if not any(len(c) > 1 for c in children.values()):
        return ids, {}
    leaf = as_str(conv.get("current_leaf_message_uuid"))
    if leaf not in parents:
        leaf = ids[-1]
    path: list[str] = []
    while leaf and leaf in parents and leaf not in path:
        path.append(leaf)
        leaf = parents[leaf]
    path.reverse()
    on_path = set(path)
    branch_of: dict[str, str] = {}
    for uid in ids:
        if uid in on_path:
            continue
        node, seen = uid, set()
        while parents.get(node) is not None and parents[node] not in on_path and node not in seen:
            seen.add(node)
            node = parents[node] or ""
        top = parents.get(node)
        sibling = next((p for p in path if parents.get(p) == top), path[0] if path else None)
        branch_of[uid] = sibling or uid
    return path, branch_of


class ClaudeParser:
    """Claude.ai ``conversations.json`` and the Claude export zip."""

    name = "claude"
    description = "Claude.ai data export (conversations.json or the export .zip)"

    def sniff(self, f: SourceFile) -> float:
        if is_zip(f):
            return zip_conversations(f, looks_like_claude)
        return 0.95 if looks_like_claude(json_head(f)) else 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        src, warnings, _ = conversations_file(f)
        data = load_json(src)
        if isinstance(data, Mapping) and "chat_messages" in data:
            data = [data]
        need(isinstance(data, list), src, "not a Claude export (expected a list of conversations)")
        records: list[RecordIn] = []
        convs = 0
        title: str | None = None
        for n, conv in enumerate(data, 1):
            if not isinstance(conv, Mapping) or not isinstance(conv.get("chat_messages"), list):
                warnings.append(f"conversation {n} has no chat_messages; skipped")
                continue
            convs += 1
            title = as_str(conv.get("name")) or "Untitled"
            records.extend(self._conversation(conv, title, opts))
        need(
            convs > 0 or not data, src, "not a Claude export (no conversation has 'chat_messages')"
        )
        if convs != 1:
            title = f"Claude export ({convs} conversations)"
        return ParsedFile(
            kind=self.name,
            records=records,
            title=title,
            warnings=warnings,
            metadata={"conversations": convs},
        )

    def _conversation(
        self, conv: Mapping[str, Any], title: str, opts: ParseOptions
    ) -> list[RecordIn]:
        conv_id = as_str(conv.get("uuid")) or title
        conversation = f"claude:{conv_id}"
        started = parse_datetime(str(conv.get("created_at") or ""))
        msgs = [m for m in conv["chat_messages"] if isinstance(m, Mapping)]
        path, branch_of = _branches(conv, msgs)
        order = {uid: i for i, uid in enumerate(path)}
        by_id = {_uid(m, n): m for n, m in enumerate(msgs)}
        main: list[tuple[int, RecordIn]] = []
        alternates: list[RecordIn] = []
        for uid, msg in by_id.items():
            text, sources = _blocks(msg)
            text = clean(text).strip()
            atts = _attachments(msg)
            if not text:
                if not atts:
                    continue
                text = " ".join(f"[file: {a['name']}]" if a.get("name") else "[file]" for a in atts)
            human = msg.get("sender") == "human"
            meta = {
                "chat": title,
                "role": "user" if human else "assistant",
                "self": human,
                "attachments": atts,
                "sources": sources,
                "alternate": uid in branch_of,
                "branch_of": branch_of.get(uid),
            }
            when = parse_datetime(str(msg.get("created_at") or "")) or started
            rec = message(
                text=text,
                speaker=user_name(opts) if human else ASSISTANT,
                conversation=conversation,
                when=when,
                opts=opts,
                external_id=as_str(msg.get("uuid")) or None,
                metadata=meta,
                mark_self=False,
            )
            if uid in order:
                main.append((order[uid], rec))
            else:
                alternates.append(rec)
        main.sort(key=lambda pair: pair[0])
        return [rec for _, rec in main] + alternates


PARSER = ClaudeParser()
