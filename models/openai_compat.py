"""A chat model behind an OpenAI-compatible HTTP endpoint (llama.cpp server, vLLM, Ollama...).

Used only when the user configures ``chat_endpoint``; it is the one network path in Mneme,
and it goes only to the address the user gave. The API key comes from the OS keyring and is
passed in by ``app.bootstrap``; it is sent in the ``Authorization`` header and nowhere else
(never in a message, a log line or an error).

Every failure becomes a ``ModelEndpointError`` with one line naming the endpoint: refused or
dropped connections, timeouts, HTTP errors, bodies that are not JSON, streams that are not
server-sent events or that end before the reply is finished. ``memory.answer`` and
``memory.chat`` then answer from memory with that line as their notice. Nothing waits longer
than ``timeout`` for the server to connect, to start answering, or between two pieces of a
reply. Requests are retried (at most ``retries`` times, within ``timeout``) only while nothing
has been received: a refused or dropped connection, or a "busy" status (429, 502, 503, 504).

Structured output: ``complete(json_schema=...)`` asks for ``response_format`` ``json_schema``
(OpenAI, vLLM, Ollama, llama.cpp's C++ server); a server that rejects it is asked with
llama-cpp-python's ``json_object`` + ``schema``, and one that rejects that too is asked in
the prompt. Whichever way, the reply is parsed and validated against the schema here.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from models.base import ChatMessage
from models.errors import ModelEndpointError
from models.sse import SSEError, sse_data
from models.structured import (
    SCHEMA_MODES,
    SchemaReplyError,
    rejects_format,
    schema_request,
    validated_json,
)

log = logging.getLogger(__name__)

RETRY_STATUS = frozenset({429, 502, 503, 504})
"""Statuses that mean "busy, try again" and come before any reply."""
MAX_BODY = 8 << 20
"""Bytes of a non-streamed reply read at most (a reply of 512 tokens is a few KB)."""


def display_url(url: str) -> str:
    """``url`` without any user:password part (for names, messages and logs)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def one_line(text: str, limit: int = 160) -> str:
    """The first line of ``text``, spaces collapsed, cut to ``limit`` characters."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    first = " ".join(first.split())
    return first if len(first) <= limit else first[: limit - 1] + "…"


def _reason(error: httpx.HTTPError) -> str:
    """A short reason for a transport failure ("connection refused")."""
    text = re.sub(r"\[Errno -?\d+\]\s*", "", str(error))
    return one_line(text, 100).lower() or type(error).__name__


class OpenAICompatibleChatModel:
    """Chat completions over HTTP, streamed with server-sent events.

    Args:
        base_url: e.g. ``http://127.0.0.1:8080/v1``.
        model: the model name the server expects.
        api_key: bearer token, if the server needs one (from the keyring).
        context_size: the server model's context window (tokens).
        timeout: seconds to wait for the server to connect, to start answering, and
            between two pieces of a reply.
        capable: whether the model may extract facts and write summaries.
        retries: how many times a request that got no answer is tried again.
        transport: an httpx transport (tests).
    """

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        context_size: int = 8192,
        timeout: float = 60.0,
        capable: bool = True,
        retries: int = 2,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._base = base_url.rstrip("/")
        self._where = f"chat endpoint {display_url(self._base)}"
        self._model = model
        self._context = context_size
        self._capable = capable
        self._timeout = float(timeout)
        self._retries = max(0, int(retries))
        self._schema_mode = SCHEMA_MODES[0]
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(
            base_url=self._base,
            headers=headers,
            timeout=httpx.Timeout(self._timeout, connect=min(self._timeout, 10.0)),
            transport=transport,
        )

    @property
    def name(self) -> str:
        return f"{self._model} @ {display_url(self._base)}"

    @property
    def context_size(self) -> int:
        return self._context

    @property
    def capable(self) -> bool:
        return self._capable

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def count_tokens(self, text: str) -> int:
        # No tokenizer is available for a remote model; four characters per token is the
        # usual estimate for English text and errs on the generous side for prompts.
        return max(1, len(text) // 4)

    # -- requests ---------------------------------------------------------------------------
    def _payload(self, messages: Sequence[ChatMessage], **extra: Any) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self._model, "messages": [m.as_dict() for m in messages]}
        body.update({k: v for k, v in extra.items() if v is not None})
        return body

    def _wait_to_retry(self, attempt: int, deadline: float) -> bool:
        """Sleep before try ``attempt + 1``; False when no retry is left or time is up."""
        pause = 0.25 * 2**attempt
        if attempt >= self._retries or time.monotonic() + pause > deadline:
            return False
        time.sleep(pause)
        return True

    def _open(self, body: dict[str, Any]) -> httpx.Response:
        """POST ``body`` and return the response with its headers read and its body not
        (the caller closes it). Retries only what got no answer; errors are one line."""
        deadline = time.monotonic() + self._timeout
        attempt = 0
        while True:
            try:
                request = self._client.build_request("POST", "/chat/completions", json=body)
                resp = self._client.send(request, stream=True)
            except (httpx.ConnectError, httpx.RemoteProtocolError) as e:
                if self._wait_to_retry(attempt, deadline):
                    attempt += 1
                    continue
                what = (
                    "is unreachable"
                    if isinstance(e, httpx.ConnectError)
                    else "closed the connection without a valid answer"
                )
                raise ModelEndpointError(f"{self._where} {what} ({_reason(e)})") from e
            except httpx.TimeoutException as e:
                raise ModelEndpointError(
                    f"{self._where} did not answer within {self._timeout:g} s"
                ) from e
            except httpx.HTTPError as e:
                raise ModelEndpointError(f"{self._where} failed ({_reason(e)})") from e
            if resp.status_code in RETRY_STATUS and self._wait_to_retry(attempt, deadline):
                resp.close()
                attempt += 1
                continue
            if resp.status_code >= 400:
                try:
                    text = self._read(resp, 64 << 10).decode("utf-8", "replace")
                except ModelEndpointError:
                    text = ""
                finally:
                    resp.close()
                raise self._status_error(resp.status_code, text)
            return resp

    def _status_error(self, status: int, text: str) -> ModelEndpointError:
        detail = text
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, dict):
            err = data.get("error", data.get("detail", data.get("message")))
            if isinstance(err, dict):
                err = err.get("message")
            if err is not None:
                detail = str(err)
        full = " ".join(detail.split())[:2000]
        detail = one_line(detail)
        if status in (401, 403):
            hint = (
                "it refused the API key; store the right one with "
                "`keyring set mneme chat_endpoint`"
            )
        elif status == 404:
            hint = "no chat completions there; check chat_endpoint (it usually ends in /v1)"
        else:
            hint = detail or "no reason given"
        return ModelEndpointError(
            f"{self._where} answered HTTP {status}: {hint}", status=status, detail=full
        )

    def _read(self, resp: httpx.Response, limit: int = MAX_BODY) -> bytes:
        """The body of ``resp``, at most ``limit`` bytes, with no pause over the timeout."""
        parts: list[bytes] = []
        size = 0
        last = time.monotonic()
        try:
            for chunk in resp.iter_bytes():
                now = time.monotonic()
                if now - last > self._timeout:
                    raise ModelEndpointError(
                        f"{self._where} stopped answering (nothing for {self._timeout:g} s)"
                    )
                last = now
                size += len(chunk)
                if size > limit:
                    raise ModelEndpointError(
                        f"{self._where} sent a reply over {limit >> 20 or 1} MB; it is not a "
                        "chat reply"
                    )
                parts.append(chunk)
        except httpx.TimeoutException as e:
            raise ModelEndpointError(
                f"{self._where} stopped answering (nothing for {self._timeout:g} s)"
            ) from e
        except httpx.HTTPError as e:
            raise ModelEndpointError(
                f"{self._where} dropped the connection while answering ({_reason(e)})"
            ) from e
        return b"".join(parts)

    # -- the ChatModel interface -----------------------------------------------------------
    def stream(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        stop: Sequence[str] = (),
    ) -> Iterator[str]:
        body = self._payload(
            messages,
            stream=True,
            max_tokens=max_tokens,
            temperature=temperature,
            stop=list(stop) or None,
        )
        resp = self._open(body)
        try:
            if "application/json" in resp.headers.get("content-type", ""):
                # A server that ignores ``stream``: the whole reply at once.
                text = self._content(self._read(resp))
                if text:
                    yield text
                return
            yield from self._pieces(resp, limit=2 * max_tokens + 64)
        finally:
            resp.close()

    def _pieces(self, resp: httpx.Response, *, limit: int) -> Iterator[str]:
        """The reply pieces of a server-sent-events stream; raises when the stream is not
        one, breaks, stalls, or ends before the reply is finished."""
        finished = False
        count = 0
        last = [time.monotonic()]  # the last progress: a piece or the end of the reply

        def watched() -> Iterator[bytes]:
            for raw in resp.iter_bytes():
                if time.monotonic() - last[0] > self._timeout:  # only comments or noise
                    raise ModelEndpointError(
                        f"{self._where} stopped answering (no words for {self._timeout:g} s)"
                    )
                yield raw

        try:
            for data in sse_data(watched()):
                if data == "[DONE]":
                    return
                choices = self._chunk(data).get("choices")
                if not isinstance(choices, list):
                    raise self._garbage("a stream chunk without choices")
                for choice in choices[:1]:
                    delta = choice.get("delta") if isinstance(choice, dict) else None
                    piece = delta.get("content") if isinstance(delta, dict) else None
                    if isinstance(piece, str) and piece:
                        count += 1
                        if count > limit:
                            raise self._garbage("more pieces than the tokens asked for")
                        last[0] = time.monotonic()
                        yield piece
                    if isinstance(choice, dict) and choice.get("finish_reason"):
                        finished = True
                        last[0] = time.monotonic()
        except SSEError as e:
            raise self._garbage(str(e)) from e
        except httpx.TimeoutException as e:
            raise ModelEndpointError(
                f"{self._where} stopped answering (no words for {self._timeout:g} s)"
            ) from e
        except httpx.HTTPError as e:
            raise ModelEndpointError(
                f"{self._where} dropped the connection while answering ({_reason(e)})"
            ) from e
        if not finished:
            raise ModelEndpointError(f"{self._where} stopped before the reply was finished")

    def _chunk(self, data: str) -> dict[str, Any]:
        try:
            chunk = json.loads(data)
        except ValueError as e:
            raise self._garbage("a stream chunk that is not JSON") from e
        if not isinstance(chunk, dict):
            raise self._garbage("a stream chunk that is not a JSON object")
        if "error" in chunk:
            err = chunk["error"]
            msg = err.get("message") if isinstance(err, dict) else err
            raise ModelEndpointError(f"{self._where} reported an error: {one_line(str(msg))}")
        return chunk

    def _garbage(self, what: str) -> ModelEndpointError:
        return ModelEndpointError(f"{self._where} sent something that is not a chat reply ({what})")

    def _content(self, raw: bytes) -> str:
        """The reply text of a non-streamed chat completion."""
        try:
            data = json.loads(raw)
        except ValueError as e:
            raise self._garbage("not JSON") from e
        if isinstance(data, dict) and "error" in data:
            err = data["error"]
            msg = err.get("message") if isinstance(err, dict) else err
            raise ModelEndpointError(f"{self._where} reported an error: {one_line(str(msg))}")
        try:
            content = data["choices"][0]["message"].get("content")
        except (TypeError, KeyError, IndexError, AttributeError) as e:
            raise self._garbage("no choices[0].message") from e
        if content is not None and not isinstance(content, str):
            raise self._garbage("a message content that is not text")
        return content or ""

    def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        json_schema: dict[str, Any] | None = None,
        grammar: str | None = None,
        max_tokens: int = 512,
        temperature: float = 0.0,
    ) -> str:
        """The whole reply; with ``json_schema``, JSON text that validates against it.

        Raises:
            ModelEndpointError: the endpoint failed, or its reply is not JSON of the schema.
        """
        extra: dict[str, Any] = {"max_tokens": max_tokens, "temperature": temperature}
        if grammar is not None:
            extra["grammar"] = grammar  # llama.cpp server extension
        if json_schema is None:
            return self._complete(self._payload(messages, **extra))
        while True:
            mode = self._schema_mode
            body = schema_request(self._payload(messages, **extra), messages, json_schema, mode)
            try:
                text = self._complete(body)
            except ModelEndpointError as e:
                if mode == SCHEMA_MODES[-1] or not rejects_format(e.status, e.detail):
                    raise
                self._schema_mode = SCHEMA_MODES[SCHEMA_MODES.index(mode) + 1]
                log.info(
                    "%s does not take response_format %s (%s); trying %s",
                    self._where, mode, e.detail, self._schema_mode,
                )
                continue
            try:
                return validated_json(text, json_schema)
            except SchemaReplyError as e:
                raise ModelEndpointError(f"{self._where}: {one_line(str(e), 120)}") from e

    def _complete(self, body: dict[str, Any]) -> str:
        resp = self._open(body)
        try:
            return self._content(self._read(resp))
        finally:
            resp.close()
