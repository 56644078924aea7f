"""ChatGPT export importer against the real LibreChat sample exports, the zip, and tools."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.bootstrap import Services
from importers.base import ParseOptions
from importers.errors import ParseError
from importers.formats.chatgpt import PARSER
from importers.registry import detect
from tests.conftest import write
from tests.importers.chat_helpers import CHATS, make_zip, parse, source, speakers, texts

GPT = CHATS / "chatgpt"
EXPORT = GPT / "librechat_chatgpt-export.json"
TREE = GPT / "librechat_chatgpt-tree.json"
MODERN = GPT / "librechat_chatgpt-modern-export.json"


def ts(value: float) -> datetime:
    return datetime.fromtimestamp(value, UTC)


def test_export_follows_current_branch_and_skips_tool_noise() -> None:
    parsed = parse(PARSER, EXPORT)
    assert parsed.kind == "chatgpt" and parsed.title == "ChatGPT export (2 conversations)"
    assert len(parsed.records) == 10
    web = [
        r
        for r in parsed.records
        if r.conversation == "chatgpt:d6523d1e-7ec3-474f-a363-0e9dffdb3d93"
    ]
    assert speakers(parsed)[:6] == ["me", "ChatGPT"] * 3
    assert [r.metadata["role"] for r in web] == ["user", "assistant"] * 3
    assert web[0].text == "What is the fuel consumption of vw  transporter with 8 people in l/km"
    assert web[0].event_time == ts(1704629915.776371)
    assert web[2].text == "What about 10 year old model"
    assert web[4].text == "Is it for fully loaded    car?"
    assert web[5].external_id == "88a0cf9f-e860-4b34-8e7e-65f8346f4862"
    assert web[5].text.startswith(
        "The fuel consumption figures for the 2014 Volkswagen Transporter TDI340"
    )
    # the browser calls and quoted pages are not messages; the pages are the answer's sources
    assert not any(t.startswith(("search(", "mclick(")) for t in texts(parsed))
    urls = [s["url"] for s in web[1].metadata["sources"]]
    assert "https://www.fuelly.com/car/volkswagen/transporter" in urls
    assert len(urls) == len(set(urls))
    assert web[1].metadata["model"] == "gpt-4"
    assert all(r.metadata["chat"] == "Conversation 1. Web Search" for r in web)
    code = [
        r for r in parsed.records if r.conversation.endswith("7c5ab593-dbab-43bd-862d-2c3c1eeebf6a")
    ]
    assert [r.text for r in code][2] == "give me code in C#"
    assert code[3].text.startswith(
        "Certainly! Here's the same logic written in the C# programming language:"
    )


def test_regenerated_and_edited_branches_are_kept_as_alternates() -> None:
    parsed = parse(PARSER, TREE)
    assert parsed.title == "Assist user with summary"
    main = [r for r in parsed.records if not r.metadata.get("alternate")]
    alts = [r for r in parsed.records if r.metadata.get("alternate")]
    assert texts(parsed)[:5] == [
        "hi there", "Hello! How can I assist you today?", "hi again",
        "Hey! Welcome back. What's on your mind?", "tell me a joke",
    ]  # fmt: skip
    assert len(main) == 6 and main[-1].external_id == "f63b8e17-aa5c-4ca6-a1bf-d4d285e269b8"
    assert main[2].metadata["alternates"] == ["aaa24023-b02f-4d49-b568-5856b41750c0"]
    assert main[5].metadata["alternates"] == ["d0d2a7df-d2fc-4df9-bf0a-1c5121e227ae"]
    assert [r.text for r in alts][:3] == [
        "so cool bro",
        "Thanks! What brings you here today?",
        "tell me a story",
    ]
    assert {r.metadata["branch_of"] for r in alts[:4]} == {"aaa236a3-cdfc-4eb1-b5c5-790c6641f880"}
    assert alts[4].external_id == "d0d2a7df-d2fc-4df9-bf0a-1c5121e227ae"
    assert alts[4].metadata["branch_of"] == "f63b8e17-aa5c-4ca6-a1bf-d4d285e269b8"
    assert alts[4].event_time == ts(1714585056.580956)


def test_modern_export_hidden_context_and_corrupt_entry() -> None:
    parsed = parse(PARSER, MODERN, "Ana")
    assert texts(parsed) == [
        "How do I roll back the deploy?", "Run `helm rollback staging`.", "And if that fails?",
        "Restore from the last known-good chart.", "Something with anchovies?", "Puttanesca.",
    ]  # fmt: skip
    assert speakers(parsed)[:2] == ["Ana", "ChatGPT"]  # self_names names the user
    assert parsed.records[0].event_time == ts(1756000001.0)
    assert parsed.records[3].metadata["model"] == "o4-mini"
    assert parsed.warnings == ["conversation 2 (Corrupted entry) has no message tree; skipped"]


def _node(nid: str, parent: str | None, children: list[str], **message: Any) -> dict[str, Any]:
    return {
        "id": nid,
        "parent": parent,
        "children": children,
        "message": {"id": nid, **message} if message else None,
    }


def test_python_tool_output_images_and_hidden_reasoning(tmp_path: Path) -> None:
    mapping = {
        "root": _node("root", None, ["u1"]),
        "u1": _node(
            "u1",
            "root",
            ["think"],
            author={"role": "user"},
            create_time=1700000000.0,
            content={"content_type": "text", "parts": ["Plot my run times"]},
            metadata={"attachments": [{"id": "file-abc", "name": "runs.csv"}]},
        ),
        "think": _node(
            "think",
            "u1",
            ["code"],
            author={"role": "assistant"},
            create_time=1700000001.0,
            content={"content_type": "thoughts", "thoughts": [{"content": "secret"}]},
        ),
        "code": _node(
            "code",
            "think",
            ["out"],
            author={"role": "assistant"},
            recipient="python",
            create_time=1700000002.0,
            content={"content_type": "code", "language": "python", "text": "df.plot()"},
        ),
        "out": _node(
            "out",
            "code",
            ["img"],
            author={"role": "tool", "name": "python"},
            create_time=1700000003.0,
            content={"content_type": "execution_output", "text": "<Axes>"},
        ),
        "img": _node(
            "img",
            "out",
            ["mem"],
            author={"role": "tool", "name": "dalle.text2im"},
            create_time=1700000004.0,
            content={
                "content_type": "multimodal_text",
                "parts": [
                    {
                        "content_type": "image_asset_pointer",
                        "asset_pointer": "file-service://file-img1",
                        "metadata": {"dalle": {"prompt": "a runner at dawn"}},
                    }
                ],
            },
        ),
        "mem": _node(
            "mem",
            "img",
            ["ans"],
            author={"role": "tool", "name": "bio"},
            create_time=1700000005.0,
            content={"content_type": "text", "parts": ["Model set context updated."]},
        ),
        "ans": _node(
            "ans",
            "mem",
            [],
            author={"role": "assistant"},
            create_time=1700000006.0,
            content={"content_type": "text", "parts": ["Your pace improved in May."]},
        ),
    }
    conv = [
        {
            "title": "Runs",
            "id": "c1",
            "create_time": 1700000000.0,
            "mapping": mapping,
            "current_node": "ans",
        }
    ]
    parsed = parse(PARSER, write(tmp_path / "conversations.json", json.dumps(conv)))
    assert texts(parsed) == [
        "Plot my run times", "df.plot()", "<Axes>", "[image: a runner at dawn]", "Your pace improved in May.",
    ]  # fmt: skip
    ask, code, out, img, ans = parsed.records
    assert ask.metadata["attachments"] == [{"kind": "file", "name": "runs.csv", "id": "file-abc"}]
    assert code.metadata["tool_call"] == "python" and code.metadata["role"] == "assistant"
    assert (out.metadata["role"], out.metadata["tool"]) == ("tool", "python")
    assert img.metadata["attachments"][0]["prompt"] == "a runner at dawn"
    assert ans.event_time == ts(1700000006.0)


def test_export_zip_is_read_whole(services: Services, tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "chatgpt-export.zip",
        {
            "conversations.json": EXPORT.read_bytes(),
            "chat.html": "<html></html>",
            "user.json": "{}",
        },
    )
    f = source(archive)
    assert PARSER.sniff(f) >= 0.6 and detect(f) is PARSER
    assert texts(PARSER.parse(f, ParseOptions())) == texts(parse(PARSER, EXPORT))
    report = services.importer.run([archive])
    assert [(r.status, r.format, r.records) for r in report.files] == [("added", "chatgpt", 10)]
    assert services.importer.run([EXPORT]).records_added == 0  # same messages, other container


def test_new_conversations_in_a_later_export_add_only_those(
    services: Services, tmp_path: Path
) -> None:
    data = json.loads(EXPORT.read_text(encoding="utf-8"))
    path = write(tmp_path / "conversations.json", json.dumps(data[:1]))
    assert services.importer.run([path]).records_added == 6
    path.write_text(json.dumps(data), encoding="utf-8")
    result = services.importer.run([path]).files[0]
    assert (result.status, result.new_records, result.superseded) == ("updated", 4, 0)


def test_bad_inputs_are_parse_errors(tmp_path: Path) -> None:
    cut = write(tmp_path / "conversations.json", EXPORT.read_text(encoding="utf-8")[:5000])
    with pytest.raises(ParseError, match=r"conversations.json: truncated JSON"):
        PARSER.parse(source(cut), ParseOptions())
    wrong = write(tmp_path / "wrong.json", json.dumps({"title": "x"}))
    with pytest.raises(ParseError, match=r"wrong.json: not a ChatGPT export"):
        PARSER.parse(source(wrong), ParseOptions())
    no_tree = write(tmp_path / "none.json", json.dumps([{"title": "x"}]))
    with pytest.raises(ParseError, match=r"none.json: not a ChatGPT export \(no conversation"):
        PARSER.parse(source(no_tree), ParseOptions())
    no_json = make_zip(tmp_path / "export.zip", {"chat.html": "<html></html>"})
    with pytest.raises(ParseError, match=r"export.zip: no conversations.json"):
        PARSER.parse(source(no_json), ParseOptions())


def _longest_answer(conv: dict[str, Any]) -> str:
    def text(node: dict[str, Any]) -> str:
        msg = node.get("message") or {}
        parts = (msg.get("content") or {}).get("parts") or []
        return " ".join(p for p in parts if isinstance(p, str))

    answers = [
        k for k, n in conv["mapping"].items()
        if ((n.get("message") or {}).get("author") or {}).get("role") == "assistant"
    ]
    return max(answers, key=lambda k: len(text(conv["mapping"][k])))


def test_a_trimmed_export_keeps_the_answer_it_holds(services: Services, tmp_path: Path) -> None:
    """Issue 19 item 8: current_node not in mapping (a trimmed export holding one long
    answer whose parent and child were cut away) was skipped as "no text to import"."""
    (conv,) = [c for c in json.loads(EXPORT.read_text("utf-8")) if c["title"] == "Conversation 2"]
    keep = _longest_answer(conv)
    answer = conv["mapping"][keep]
    conv["mapping"] = {keep: answer}  # its parent and children are gone
    conv["current_node"] = "trimmed-away"
    path = write(tmp_path / "conversations.json", json.dumps([conv]))
    parsed = parse(PARSER, path)
    (rec,) = parsed.records
    assert rec.speaker == "ChatGPT" and rec.external_id == keep
    assert rec.text == answer["message"]["content"]["parts"][0].strip()
    assert parsed.warnings == [
        "'Conversation 2': its current_node is not in the message tree (a trimmed export?); "
        "imported the newest branch and every other message in time order (1 messages)"
    ]
    (result,) = services.importer.run([path]).files
    assert (result.status, result.new_records) == ("added", 1)
    assert result.warnings == parsed.warnings


def test_a_missing_current_node_keeps_every_message_in_time_order(tmp_path: Path) -> None:
    data = json.loads(TREE.read_text("utf-8"))
    whole = parse(PARSER, TREE)
    data[0]["current_node"] = None
    path = write(tmp_path / "conversations.json", json.dumps(data))
    parsed = parse(PARSER, path)
    assert sorted(texts(parsed)) == sorted(texts(whole))  # nothing the export holds is lost
    main = [r for r in parsed.records if not r.metadata.get("alternate")]
    times = [r.event_time for r in main]
    assert times == sorted(times)
    assert len(parsed.warnings) == 1 and "names no current_node and its tree branches" in (
        parsed.warnings[0]
    )


def test_no_current_node_on_a_single_branch_is_no_trimmed_export(tmp_path: Path) -> None:
    """Exports written by other tools (chatgpt-explorer's fixture) name no current_node
    and store plain linear chats; each got a false 'not in the message tree (a trimmed
    export?)' warning."""
    mapping = {
        "root": {"id": "root", "parent": None, "children": ["q"], "message": None},
        "q": {"id": "q", "parent": "root", "children": ["a"], "message": {
            "author": {"role": "user"},
            "content": {"content_type": "text", "parts": ["How do I parse CSV files?"]},
        }},
        "a": {"id": "a", "parent": "q", "children": [], "message": {
            "author": {"role": "assistant"},
            "content": {"content_type": "text", "parts": ["Use the csv module."]},
        }},
    }
    conv = {"title": "CSV help", "create_time": 1700000000, "mapping": mapping}
    path = write(tmp_path / "conversations.json", json.dumps([conv]))
    parsed = parse(PARSER, path)
    assert parsed.warnings == []
    assert texts(parsed) == ["How do I parse CSV files?", "Use the csv module."]
    assert [r.speaker for r in parsed.records] == ["me", "ChatGPT"]
    assert parsed.records[0].event_time == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)


def test_no_text_means_there_is_none(services: Services, tmp_path: Path) -> None:
    (conv,) = [c for c in json.loads(EXPORT.read_text("utf-8")) if c["title"] == "Conversation 2"]
    for node in conv["mapping"].values():
        node["message"] = None
    path = write(tmp_path / "conversations.json", json.dumps([conv]))
    (result,) = services.importer.run([path]).files
    assert result.status == "skipped" and (result.reason or "").startswith("no text to import")


def test_a_message_without_a_time_stays_after_the_one_before_it(tmp_path: Path) -> None:
    """An answer with ``create_time: null`` took the conversation's start time, so it sorted
    before the question it answers."""

    def node(nid: str, parent: str | None, role: str, text: str, t: float | None) -> Any:
        return {"id": nid, "parent": parent, "children": [], "message": {
            "author": {"role": role}, "create_time": t,
            "content": {"content_type": "text", "parts": [text]},
        }}

    mapping = {
        "q": node("q", None, "user", "Weather in Lisbon?", 1700000100.0),
        "a": node("a", "q", "assistant", "Sunny, 20 degrees.", None),
    }
    mapping["q"]["children"] = ["a"]
    conv = {"title": "W", "create_time": 1700000000.0, "mapping": mapping, "current_node": "a"}
    path = write(tmp_path / "conversations.json", json.dumps([conv]))
    q, a = parse(PARSER, path).records
    assert q.event_time == a.event_time == datetime(2023, 11, 14, 22, 15, tzinfo=UTC)
