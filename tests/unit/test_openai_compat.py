"""The OpenAI-compatible endpoint model against tiny misbehaving servers on 127.0.0.1: every
failure (refused, junk, broken or stalled streams, HTTP errors, bad JSON) is one
``ModelEndpointError`` line, retries happen only before anything was received, structured
output falls back from ``json_schema`` to ``json_object`` to the prompt and is validated,
and ``mneme ask`` answers from memory with a one-line warning. The real llama.cpp server is
in ``tests/integration/test_endpoint_server.py``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner

from app.bootstrap import build_services
from app.cli import cli
from app.cli.context import AppContext
from memory.chat import ChatSession
from models.base import ChatMessage
from models.errors import ModelEndpointError
from models.fakes import FakeEmbedder
from models.openai_compat import OpenAICompatibleChatModel
from tests.conftest import write
from tests.endpoint_fakes import (
    Handler,
    chunk,
    closed_port,
    completion,
    fake_server,
    good_stream,
    junk_server,
    stall,
    trickle,
)

ASK = [ChatMessage("user", "Where is the key?")]
NOTE = "# House\n\nThe garden shed key hangs behind the kitchen door.\n"
QUOTE = "The garden shed key hangs behind the kitchen door. [1]"


def model(url: str, **kw: Any) -> OpenAICompatibleChatModel:
    kw.setdefault("timeout", 10.0)
    return OpenAICompatibleChatModel(url, "test-model", **kw)


def failure(fn: Any) -> ModelEndpointError:
    with pytest.raises(ModelEndpointError) as info:
        fn()
    msg = str(info.value)
    assert "\n" not in msg and msg.startswith("chat endpoint http://127.0.0.1:")
    return info.value


# -- a good server ---------------------------------------------------------------------------
def test_streams_pieces_with_the_key_in_the_header_only() -> None:
    with fake_server(good_stream(["The key ", "is behind ", "the door."])) as srv:
        m = model(srv.url, api_key="s3cret-token")
        assert list(m.stream(ASK, max_tokens=20)) == ["The key ", "is behind ", "the door."]
        assert m.complete(ASK) == "The key is behind the door."
        m.close()
    req = srv.requests[0]
    assert req["path"] == "/v1/chat/completions" and req["auth"] == "Bearer s3cret-token"
    assert req["body"]["stream"] is True and req["body"]["model"] == "test-model"
    assert req["body"]["messages"] == [{"role": "user", "content": "Where is the key?"}]
    assert "s3cret-token" not in json.dumps([r["body"] for r in srv.requests])
    assert "s3cret" not in m.name


def test_a_server_that_ignores_stream_still_answers() -> None:
    with fake_server(lambda h, body, n: h.send(200, completion("Behind the door."))) as srv:
        assert list(model(srv.url).stream(ASK)) == ["Behind the door."]


def test_credentials_in_the_url_never_show() -> None:
    m = model("http://user:pa55word@127.0.0.1:9/v1")
    assert "pa55word" not in m.name
    err = failure(lambda: list(m.stream(ASK)))
    assert "pa55word" not in str(err)


# -- failures: one line each -----------------------------------------------------------------
def _stream_then(*events: str, raw: bytes = b"") -> Any:
    def script(h: Handler, body: dict[str, Any], n: int) -> None:
        h.start_stream()
        for e in events:
            h.event(e)
        if raw:
            h.wfile.write(raw)

    return script


STREAM_FAILURES = {
    "html page": (lambda h, b, n: h.send(200, b"<html><body>Welcome to nginx</body></html>\n",
                                         "text/html"), "not a chat reply"),
    "data not json": (_stream_then("hello there"), "not JSON"),
    "chunk without choices": (_stream_then('{"foo": 1}'), "without choices"),
    "error event": (_stream_then(chunk(), '{"error": {"message": "model crashed\\nat line 3"}}'),
                    "reported an error: model crashed"),
    "cut short": (_stream_then(chunk(), chunk("The key"), chunk(" is")),
                  "stopped before the reply was finished"),
    "binary junk": (_stream_then(chunk(), raw=b"\xff\xfe\x00\x81garbage\n\n"), "not UTF-8"),
    "endless line": (_stream_then(chunk(), raw=b"data: " + b"x" * (2 << 20)), "line over"),
    "endless reply": (_stream_then(*[chunk("la") for _ in range(200)]), "more pieces"),
    "http 500": (lambda h, b, n: h.send(500, b'{"error": {"message": "boom\\nTraceback: x"}}'),
                 "answered HTTP 500: boom"),
    "http 401": (lambda h, b, n: h.send(401, b'{"detail": "Invalid API key"}'),
                 "keyring set mneme chat_endpoint"),
    "http 404": (lambda h, b, n: h.send(404, b"Not Found", "text/plain"),
                 "it usually ends in /v1"),
}


@pytest.mark.parametrize("case", list(STREAM_FAILURES))
def test_a_bad_stream_is_one_line_and_not_retried(case: str) -> None:
    script, expected = STREAM_FAILURES[case]
    with fake_server(script) as srv:
        err = failure(lambda: list(model(srv.url).stream(ASK, max_tokens=16)))
    assert expected in str(err)
    assert len(srv.requests) == 1  # an answer had started (or was final): never sent twice


COMPLETE_FAILURES = {
    "not json": (lambda h, b, n: h.send(200, b"Service temporarily moved", "text/plain"),
                 "not a chat reply (not JSON)"),
    "no choices": (lambda h, b, n: h.send(200, b'{"object": "list", "data": []}'),
                   "no choices[0].message"),
    "content not text": (lambda h, b, n: h.send(200, json.dumps(
        {"choices": [{"message": {"content": {"a": 1}}}]}).encode()), "not text"),
}


@pytest.mark.parametrize("case", list(COMPLETE_FAILURES))
def test_a_bad_completion_is_one_line(case: str) -> None:
    script, expected = COMPLETE_FAILURES[case]
    with fake_server(script) as srv:
        err = failure(lambda: model(srv.url).complete(ASK))
    assert expected in str(err)


def test_a_server_speaking_no_http_is_one_line() -> None:
    with junk_server(b"\x00\x01\x02 SSH-2.0-OpenSSH_9.6\r\n garbage \xff\xff") as url:
        err = failure(lambda: list(model(url, retries=1).stream(ASK)))
    assert "without a valid answer" in str(err)


def test_an_endpoint_that_is_down_is_one_line() -> None:
    err = failure(lambda: list(model(f"http://127.0.0.1:{closed_port()}/v1").stream(ASK)))
    assert str(err).endswith("is unreachable (connection refused)")


@pytest.mark.timeout(60)
def test_a_silent_server_times_out() -> None:
    with fake_server(stall) as srv:
        err = failure(lambda: list(model(srv.url, timeout=1).stream(ASK)))
    assert "did not answer within 1 s" in str(err)
    assert len(srv.requests) == 1  # a timeout is not retried (it would double the wait)


@pytest.mark.timeout(60)
def test_a_server_sending_only_keepalives_times_out() -> None:
    with fake_server(trickle) as srv:
        err = failure(lambda: list(model(srv.url, timeout=1).stream(ASK)))
    assert "no words for 1 s" in str(err)


# -- retries ---------------------------------------------------------------------------------
def test_busy_answers_are_retried_a_bounded_number_of_times() -> None:
    def busy_twice(h: Handler, body: dict[str, Any], n: int) -> None:
        if n <= 2:
            h.send(503, b'{"error": {"message": "loading model"}}')
        else:
            good_stream(["ok"])(h, body, n)

    with fake_server(busy_twice) as srv:
        assert list(model(srv.url, retries=2).stream(ASK)) == ["ok"]
        assert len(srv.requests) == 3
    with fake_server(lambda h, b, n: h.send(503, b'{"error": {"message": "overloaded"}}')) as srv:
        err = failure(lambda: list(model(srv.url, retries=2).stream(ASK)))
        assert "answered HTTP 503: overloaded" in str(err)
        assert len(srv.requests) == 3


# -- structured output -----------------------------------------------------------------------
SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string", "enum": ["Porto", "Lisbon"]}},
    "required": ["city"],
}


def test_structured_output_falls_back_to_json_object_like_llama_cpp_python() -> None:
    def llama_cpp_python(h: Handler, body: dict[str, Any], n: int) -> None:
        fmt = body.get("response_format", {})
        if fmt.get("type") == "json_schema":  # what llama-cpp-python 0.3 answers
            h.send(500, json.dumps({"error": {"message": "1 validation error:\n {'loc': ('body', "
                   "'response_format', 'type'), 'msg': \"Input should be 'text' or "
                   "'json_object'\"}"}}).encode())
        else:
            assert fmt == {"type": "json_object", "schema": SCHEMA}
            h.send(200, completion('{ "city": "Porto" }'))

    with fake_server(llama_cpp_python) as srv:
        m = model(srv.url)
        assert json.loads(m.complete(ASK, json_schema=SCHEMA)) == {"city": "Porto"}
        assert json.loads(m.complete(ASK, json_schema=SCHEMA)) == {"city": "Porto"}
    kinds = [r["body"].get("response_format", {}).get("type") for r in srv.requests]
    assert kinds == ["json_schema", "json_object", "json_object"]  # learnt once


def test_structured_output_uses_json_schema_when_the_server_takes_it() -> None:
    with fake_server(lambda h, b, n: h.send(200, completion('{"city": "Lisbon"}'))) as srv:
        assert json.loads(model(srv.url).complete(ASK, json_schema=SCHEMA)) == {"city": "Lisbon"}
    fmt = srv.requests[0]["body"]["response_format"]
    assert fmt == {"type": "json_schema", "json_schema": {"name": "output", "schema": SCHEMA}}


def test_without_structured_output_the_reply_is_parsed_and_validated() -> None:
    def plain(h: Handler, body: dict[str, Any], n: int) -> None:
        if "response_format" in body:
            h.send(400, b'{"error": {"message": "unknown field response_format"}}')
        else:
            h.send(200, completion('Sure! Here it is:\n```json\n{"city": "Porto"}\n```'))

    with fake_server(plain) as srv:
        assert json.loads(model(srv.url).complete(ASK, json_schema=SCHEMA)) == {"city": "Porto"}
    last = srv.requests[-1]["body"]
    assert "response_format" not in last and json.dumps(SCHEMA) in last["messages"][0]["content"]


@pytest.mark.parametrize("reply", ['{"city": "Berlin"}', "I think Porto.", '{"town": "Porto"}'])
def test_a_reply_that_breaks_the_schema_is_refused(reply: str) -> None:
    with fake_server(lambda h, b, n: h.send(200, completion(reply))) as srv:
        err = failure(lambda: model(srv.url).complete(ASK, json_schema=SCHEMA))
    assert "JSON" in str(err)


# -- through Mneme: one warning line and the answer from memory -------------------------------
@pytest.fixture
def endpoint_ctx(monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator[AppContext]:  # type: ignore[no-untyped-def]
    """The CLI with the chat model built from settings (the endpoint); fake embedder."""
    monkeypatch.setenv("MNEME_CHAT_ENDPOINT_TIMEOUT", "5")
    ctx = AppContext(factory=lambda s: build_services(s, embedder=FakeEmbedder()))
    yield ctx
    ctx.close()


def _ask_falls_back(ctx: AppContext, tmp_path, url: str) -> str:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    note = write(tmp_path / "notes" / "house.md", NOTE)
    assert runner.invoke(cli, ["import", str(note)], obj=ctx).exit_code == 0
    result = runner.invoke(cli, ["ask", "Where is the garden shed key?"], obj=ctx)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output + result.stderr
    assert QUOTE in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Warning: chat endpoint {url} ")
    assert lines[0].endswith("; answering from your memories")
    return lines[0]


def test_ask_with_the_endpoint_down_answers_from_memory(
    endpoint_ctx: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path  # type: ignore[no-untyped-def]
) -> None:
    url = f"http://127.0.0.1:{closed_port()}/v1"
    monkeypatch.setenv("MNEME_CHAT_ENDPOINT", url)
    line = _ask_falls_back(endpoint_ctx, tmp_path, url)
    assert "is unreachable (connection refused)" in line


@pytest.mark.parametrize("script", [
    lambda h, b, n: h.send(200, b"<html>Router login</html>\n", "text/html"),
    _stream_then(chunk(), chunk("The shed"), chunk(" key is")),
])
def test_ask_with_a_garbage_endpoint_answers_from_memory(
    endpoint_ctx: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path, script: Any  # type: ignore[no-untyped-def]
) -> None:
    with fake_server(script) as srv:
        monkeypatch.setenv("MNEME_CHAT_ENDPOINT", srv.url)
        _ask_falls_back(endpoint_ctx, tmp_path, srv.url)
        assert srv.requests  # the endpoint was asked


def test_a_chat_reply_cut_mid_stream_falls_back_to_quoting(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    script = _stream_then(chunk(), chunk("The garden"), chunk(" shed key"))
    with fake_server(script) as srv:
        m = model(srv.url)
        svc = build_services(settings, chat_model=m, embedder=FakeEmbedder())
        try:
            svc.importer.run([write(tmp_path / "notes" / "house.md", NOTE)])
            session = ChatSession(svc.store, svc.recall, svc.indexer, lambda: m)
            reply = session.reply("Where is the garden shed key?")
            "".join(reply.stream())
            assert reply.notice is not None and "\n" not in reply.notice
            assert reply.notice == (
                f"chat endpoint {srv.url} stopped before the reply was finished; "
                "answering from your memories"
            )
            assert reply.text == QUOTE
            turns = svc.store.conversation_records(session.conversation)
            assert [t.text for t in turns] == ["Where is the garden shed key?", QUOTE]
        finally:
            svc.close()
