"""ChatGPT data exports: ``conversations.json``, or the export ``.zip`` that holds it.

Each conversation is a tree (``mapping``: node id -> ``{message, parent, children}``). What the
user last saw is the branch from ``current_node`` up through its parents; that branch becomes
the conversation's records, in order.

Choices (also in the README):
- **Alternates.** Regenerated answers and edited prompts are sibling branches. Their visible
  messages are kept as records flagged ``metadata.alternate = True`` with
  ``metadata.branch_of`` = the id of the current-branch message they stand beside, listed
  after the current branch. The current-branch message where branches fork lists its
  siblings' ids in ``metadata.alternates``. So nothing the user wrote is lost, and a reader
  that wants only the final transcript filters on ``alternate``.
- **Noise skipped:** system messages, anything with
  ``is_visually_hidden_from_conversation``, custom-instruction context, hidden reasoning
  (``thoughts``, ``reasoning_recap``), the assistant's calls to browsing, DALL-E or memory
  tools, and raw tool text.
- **Kept:** user and assistant text; code the assistant ran with the Python tool
  (``metadata.tool_call = "python"``) and its output (role ``tool``), which the user saw;
  generated images (role ``tool``, text ``[image: prompt]``). Pages the browser quoted become
  ``metadata.sources`` (title, url) of the next assistant answer.
- Speakers: the user is ``me`` (or the first of ``self_names``), the assistant ``ChatGPT``;
  ``metadata.role`` is ``user``, ``assistant`` or ``tool``. Uploaded files and images are
  ``metadata.attachments``. The conversation is ``chatgpt:<conversation id>``.
- A conversation entry with no ``mapping`` is skipped with a warning; the rest still import.
- A conversation whose ``current_node`` is not in its ``mapping`` (a trimmed export), or
  that names none while its tree branches, keeps every message: the newest leaf's branch
  (a leaf: no child left in the mapping) with its alternates, and every other message, in
  time order, with a warning saying so. One that names none and has a single branch (some
  third-party exporters write no ``current_node``) is read as that branch, silently.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
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
from importers.timeparse import from_timestamp
from importers.walk import is_zip
from memory.records import RecordIn

ASSISTANT = "ChatGPT"
_HIDDEN_TYPES = {
    "user_editable_context",
    "model_editable_context",
    "thoughts",
    "reasoning_recap",
    "system_error",
}
_SOURCE_TYPES = {"tether_quote", "tether_browsing_display"}


def looks_like_chatgpt(head: str) -> bool:
    """True for the head of a ChatGPT ``conversations.json``."""
    return (
        head.startswith("[")
        and has_keys(head, "mapping")
        and (has_keys(head, "current_node") or has_keys(head, "children", "author"))
    )


def _parts_text(parts: list[Any], atts: list[dict[str, Any]], in_zip: set[str]) -> str:
    texts: list[str] = []
    for part in parts:
        if isinstance(part, str):
            texts.append(part)
        elif isinstance(part, Mapping):
            ctype = part.get("content_type")
            if ctype == "audio_transcription" and part.get("text"):
                texts.append(str(part["text"]))
            elif "asset_pointer" in part:
                pointer = str(part.get("asset_pointer") or "")
                file_id = pointer.rsplit("/", 1)[-1]
                kind = (
                    "image"
                    if "image" in str(ctype)
                    else "audio"
                    if "audio" in str(ctype)
                    else "file"
                )
                att: dict[str, Any] = {"kind": kind, "id": file_id or None}
                dalle = (
                    (part.get("metadata") or {}).get("dalle")
                    if isinstance(part.get("metadata"), Mapping)
                    else None
                )
                if isinstance(dalle, Mapping) and dalle.get("prompt"):
                    att["prompt"] = dalle["prompt"]
                if file_id and in_zip:
                    att["in_archive"] = any(n.startswith(file_id) for n in in_zip)
                atts.append(att)
    return "\n".join(t for t in texts if t)


def _text(msg: Mapping[str, Any], atts: list[dict[str, Any]], in_zip: set[str]) -> str:
    content = msg.get("content")
    if not isinstance(content, Mapping):
        return ""
    ctype = content.get("content_type")
    if ctype in _HIDDEN_TYPES:
        return ""
    parts = content.get("parts")
    if isinstance(parts, list):
        return _parts_text(parts, atts, in_zip)
    if isinstance(content.get("text"), str):
        return content["text"]
    return ""


class _Walker:
    """Turns one conversation's mapping into records."""

    def __init__(self, conv: Mapping[str, Any], opts: ParseOptions, in_zip: set[str]) -> None:
        self.conv = conv
        self.opts = opts
        self.in_zip = in_zip
        self.mapping: Mapping[str, Any] = conv["mapping"]
        self.title = as_str(conv.get("title")) or "Untitled"
        conv_id = as_str(conv.get("conversation_id")) or as_str(conv.get("id"))
        self.conversation = f"chatgpt:{conv_id or self.title}"
        self.started = from_timestamp(conv.get("create_time"))
        self.sources: list[dict[str, Any]] = []
        self.warnings: list[str] = []
        self.trimmed = ""  # why the branch the user saw is a guess, if it is

    def node(self, node_id: str) -> Mapping[str, Any]:
        node = self.mapping.get(node_id)
        return node if isinstance(node, Mapping) else {}

    def current_path(self) -> list[str]:
        """The branch the user last saw: ``current_node`` up to the root.

        A trimmed export may name a ``current_node`` that is not in ``mapping``; then the
        newest leaf's branch stands in for it, and ``records`` keeps every other message too.
        """
        current = as_str(self.conv.get("current_node"))
        if current and current in self.mapping:
            return self._path_to(current)
        leaves = self._leaves()
        if not current and len(leaves) == 1:  # no current_node, but only one branch to see
            return self._path_to(leaves[0])
        self.trimmed = (
            "its current_node is not in the message tree (a trimmed export?)"
            if current
            else "it names no current_node and its tree branches"
        )
        leaf = max(leaves, key=self._time) if leaves else None
        return self._path_to(leaf) if leaf is not None else []

    def _path_to(self, leaf: str) -> list[str]:
        path: list[str] = []
        seen: set[str] = set()
        node: str | None = leaf
        while node and node in self.mapping and node not in seen:
            seen.add(node)
            path.append(node)
            node = as_str(self.node(node).get("parent"))
        path.reverse()
        return path

    def _children(self, nid: str) -> list[str]:
        """The children of ``nid`` that are in the mapping (a trimmed export drops some)."""
        kids = self.node(nid).get("children")
        if not isinstance(kids, list):  # null, or a damaged export's number or string
            return []
        return [c for c in kids if isinstance(c, str) and c in self.mapping]

    def _time(self, nid: str) -> float:
        msg = self.node(nid).get("message")
        t = msg.get("create_time") if isinstance(msg, Mapping) else None
        return float(t) if isinstance(t, int | float) else 0.0

    def _when(self, nid: str) -> datetime | None:
        """When a message was written; one with no ``create_time`` (exports leave some null)
        takes its nearest earlier message's, then the conversation's, so it stays in order."""
        seen: set[str] = set()
        node: str | None = nid
        while node and node in self.mapping and node not in seen:
            seen.add(node)
            t = self._time(node)
            if t:
                return from_timestamp(t)
            node = as_str(self.node(node).get("parent"))
        return self.started

    def _leaves(self) -> list[str]:
        """The nodes with no child in the mapping, in mapping order (the newest: ``max`` by
        time, ties going to the first listed)."""
        nodes = [k for k, n in self.mapping.items() if isinstance(n, Mapping)]
        return [k for k in nodes if not self._children(k)]

    def subtree(self, root: str) -> Iterator[str]:
        stack, seen = [root], set()
        while stack:
            nid = stack.pop()
            if nid in seen or nid not in self.mapping:
                continue
            seen.add(nid)
            yield nid
            stack.extend(reversed(self._children(nid)))

    def records(self) -> list[RecordIn]:
        path = self.current_path()
        on_path = set(path)
        covered = set(on_path)
        main: dict[str, RecordIn] = {}
        alternates: list[RecordIn] = []
        for i, nid in enumerate(path):
            siblings: list[str] = []
            if i > 0:
                siblings = [c for c in self._children(path[i - 1]) if c not in on_path]
            rec = self.record(nid, alternates=siblings)
            if rec is not None:
                main[nid] = rec
            pending, self.sources = self.sources, []
            for sib in siblings:
                for alt in self.subtree(sib):
                    covered.add(alt)
                    alt_rec = self.record(alt, branch_of=nid)
                    if alt_rec is not None:
                        alternates.append(alt_rec)
                self.sources = []
            self.sources = pending
        if not self.trimmed:
            return list(main.values()) + alternates
        # current_node is missing: keep every message the newest branch did not reach, and
        # put the lot in time order (nothing the export holds is dropped).
        rest = [k for k in self.mapping if k not in covered]
        for nid in rest:
            rec = self.record(nid)
            if rec is not None:
                main[nid] = rec
        ordered = sorted(main, key=self._time)
        self.warnings.append(
            f"{self.title!r}: {self.trimmed}; imported the newest branch and every other "
            f"message in time order "
            f"({len(main) + len(alternates)} messages)"
        )
        return [main[k] for k in ordered] + alternates

    def record(
        self, nid: str, *, alternates: list[str] | None = None, branch_of: str | None = None
    ) -> RecordIn | None:
        msg = self.node(nid).get("message")
        if not isinstance(msg, Mapping):
            return None
        author = obj(msg.get("author"))
        role = author.get("role")
        meta_in = obj(msg.get("metadata"))
        content = obj(msg.get("content"))
        ctype = content.get("content_type")
        if role == "system" or meta_in.get("is_visually_hidden_from_conversation"):
            return None
        recipient = msg.get("recipient") or "all"
        atts: list[dict[str, Any]] = []
        meta: dict[str, Any] = {
            "chat": self.title,
            "alternate": branch_of is not None,
            "branch_of": branch_of,
            "alternates": alternates or None,
        }
        if role == "tool":
            if ctype in _SOURCE_TYPES:
                self._add_source(msg, content)
                return None
            tool = as_str(author.get("name"))
            if ctype == "execution_output":
                text = str(content.get("text") or "")
            else:
                text = _text(msg, atts, self.in_zip)
                if not any(a["kind"] == "image" for a in atts):
                    return None  # raw tool text the user did not see
                prompts = [a.get("prompt") for a in atts if a.get("prompt")]
                text = text or (f"[image: {prompts[0]}]" if prompts else "[image]")
            speaker, meta["role"], meta["tool"] = ASSISTANT, "tool", tool
        elif role == "assistant":
            if recipient != "all":
                if recipient != "python" or ctype != "code":
                    return None
                meta["tool_call"] = "python"
            text = _text(msg, atts, self.in_zip)
            speaker, meta["role"] = ASSISTANT, "assistant"
            meta["model"] = as_str(meta_in.get("model_slug"))
            if self.sources:
                meta["sources"], self.sources = self.sources, []
        elif role == "user":
            text = _text(msg, atts, self.in_zip)
            speaker, meta["role"], meta["self"] = user_name(self.opts), "user", True
            for a in meta_in.get("attachments") or []:
                if isinstance(a, Mapping):
                    atts.append(
                        {"kind": "file", "name": as_str(a.get("name")), "id": as_str(a.get("id"))}
                    )
        else:
            return None
        text = clean(text).strip()
        if not text:
            if not atts:
                return None
            text = " ".join(f"[{a['kind']}]" for a in atts)
        meta["attachments"] = atts
        when = self._when(nid)
        return message(
            text=text,
            speaker=speaker,
            conversation=self.conversation,
            when=when,
            opts=self.opts,
            external_id=nid,
            metadata=meta,
            mark_self=False,
        )

    def _add_source(self, msg: Mapping[str, Any], content: Mapping[str, Any]) -> None:
        meta = obj(msg.get("metadata"))
        url = as_str(content.get("url")) or as_str(meta.get("url") if meta else None)
        title = as_str(content.get("title")) or as_str(meta.get("title") if meta else None)
        found = [(title, url)] if url or title else []
        cite = meta.get("_cite_metadata") if meta else None
        for item in (cite.get("metadata_list") or []) if isinstance(cite, Mapping) else []:
            if isinstance(item, Mapping) and item.get("url"):
                found.append((as_str(item.get("title")), str(item["url"])))
        known = {s["url"] or s["title"] for s in self.sources}
        for title, url in found:
            if (url or title) not in known:
                known.add(url or title)
                self.sources.append({"title": title, "url": url})


class ChatGPTParser:
    """ChatGPT ``conversations.json`` and the ChatGPT export zip."""

    name = "chatgpt"
    description = "ChatGPT data export (conversations.json or the export .zip)"

    def sniff(self, f: SourceFile) -> float:
        if is_zip(f):
            return zip_conversations(f, looks_like_chatgpt)
        return 0.95 if looks_like_chatgpt(json_head(f)) else 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        src, warnings, in_zip = conversations_file(f)
        data = load_json(src)
        if isinstance(data, Mapping) and "mapping" in data:
            data = [data]  # a single conversation saved on its own
        need(isinstance(data, list), src, "not a ChatGPT export (expected a list of conversations)")
        records: list[RecordIn] = []
        convs = 0
        title: str | None = None
        for n, conv in enumerate(data, 1):
            if not isinstance(conv, Mapping) or not isinstance(conv.get("mapping"), Mapping):
                name = conv.get("title") if isinstance(conv, Mapping) else None
                warnings.append(
                    f"conversation {n} ({name or 'untitled'}) has no message tree; skipped"
                )
                continue
            walker = _Walker(conv, opts, in_zip)
            title = walker.title
            records.extend(walker.records())
            warnings.extend(walker.warnings)
            convs += 1
        need(convs > 0 or not data, src, "not a ChatGPT export (no conversation has a 'mapping')")
        if convs != 1:
            title = f"ChatGPT export ({convs} conversations)"
        return ParsedFile(
            kind=self.name,
            records=records,
            title=title,
            warnings=warnings,
            metadata={"conversations": convs},
        )


PARSER = ChatGPTParser()
