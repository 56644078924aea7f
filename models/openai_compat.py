"""A chat model behind an OpenAI-compatible HTTP endpoint (llama.cpp server, vLLM, Ollama...).

Used only when the user configures ``chat_endpoint``; it is the one network path in Mneme,
and it goes only to the address the user gave. The API key comes from the OS keyring and is
passed in by ``app.bootstrap``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from typing import Any

import httpx

from models.base import ChatMessage
from models.errors import ModelError

log = logging.getLogger(__name__)


class OpenAICompatibleChatModel:
    """Chat completions over HTTP, streamed with server-sent events.

    Args:
        base_url: e.g. ``http://127.0.0.1:8080/v1``.
        model: the model name the server expects.
        api_key: bearer token, if the server needs one.
        context_size: the server model's context window (tokens).
        timeout: seconds to wait for the server.
    """

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        context_size: int = 8192,
        timeout: float = 120.0,
        capable: bool = True,
    ) -> None:
        self._base = base_url.rstrip("/")
        self._model = model
        self._context = context_size
        self._capable = capable
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(base_url=self._base, headers=headers, timeout=timeout)

    @property
    def name(self) -> str:
        return f"{self._model} @ {self._base}"

    @property
    def context_size(self) -> int:
        return self._context

    @property
    def capable(self) -> bool:
        return self._capable

    def _payload(self, messages: Sequence[ChatMessage], **extra: Any) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self._model, "messages": [m.as_dict() for m in messages]}
        body.update({k: v for k, v in extra.items() if v is not None})
        return body

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
        try:
            with self._client.stream("POST", "/chat/completions", json=body) as resp:
                if resp.status_code >= 400:
                    resp.read()
                    raise ModelError(
                        f"{self._base}: chat endpoint answered {resp.status_code}: "
                        f"{resp.text[:200]}"
                    )
                for line in resp.iter_lines():
                    if not line.startswith("data:"):
                        continue
                    data = line[5:].strip()
                    if data == "[DONE]":
                        break
                    try:
                        chunk = json.loads(data)
                    except json.JSONDecodeError:
                        log.warning("skipping malformed stream chunk from %s", self._base)
                        continue
                    choices = chunk.get("choices") or [{}]
                    piece = (choices[0].get("delta") or {}).get("content")
                    if piece:
                        yield piece
        except httpx.HTTPError as e:
            raise ModelError(f"{self._base}: chat endpoint unreachable ({e})") from e

    def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        json_schema: dict[str, Any] | None = None,
        grammar: str | None = None,
        max_tokens: int = 512,
        temperature: float = 0.0,
    ) -> str:
        extra: dict[str, Any] = {"max_tokens": max_tokens, "temperature": temperature}
        if json_schema is not None:
            extra["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "output", "schema": json_schema},
            }
        if grammar is not None:
            extra["grammar"] = grammar  # llama.cpp server extension
        try:
            resp = self._client.post("/chat/completions", json=self._payload(messages, **extra))
        except httpx.HTTPError as e:
            raise ModelError(f"{self._base}: chat endpoint unreachable ({e})") from e
        if resp.status_code >= 400:
            raise ModelError(
                f"{self._base}: chat endpoint answered {resp.status_code}: {resp.text[:200]}"
            )
        try:
            return str(resp.json()["choices"][0]["message"].get("content") or "")
        except (ValueError, KeyError, IndexError) as e:
            raise ModelError(f"{self._base}: unexpected reply from chat endpoint") from e

    def count_tokens(self, text: str) -> int:
        # No tokenizer is available for a remote model; four characters per token is the
        # usual estimate for English text and errs on the generous side for prompts.
        return max(1, len(text) // 4)
