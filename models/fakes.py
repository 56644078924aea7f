"""Fast stand-ins for the real models, for unit tests only.

``FakeEmbedder`` hashes words into a fixed number of buckets, so texts sharing words get
similar vectors; ``FakeChatModel`` replies from a script or a function. Integration tests use
the real bundled models instead.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from models.base import ChatMessage, EmbedderIdentity, normalise_rows

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an and are as at be by do does did for from has have i in is it its me my of on or "
    "our so that the their them they this to was we were what when where which who why with "
    "you your".split()
)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)]
    return word


class FakeEmbedder:
    """Bag-of-words hashing embedder: deterministic, instant, roughly topical."""

    def __init__(self, dimension: int = 256, model_id: str = "fake/hash-embedder") -> None:
        self._identity = EmbedderIdentity(model_id, dimension)
        self.calls = 0
        self.texts_embedded = 0

    @property
    def identity(self) -> EmbedderIdentity:
        return self._identity

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        self.texts_embedded += len(texts)
        dim = self._identity.dimension
        out = np.zeros((len(texts), dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                if word in _STOP:
                    continue
                digest = hashlib.blake2b(_stem(word).encode(), digest_size=8).digest()
                bucket = int.from_bytes(digest[:4], "little") % dim
                sign = 1.0 if digest[4] & 1 else -1.0
                out[row, bucket] += sign
        return normalise_rows(out)


Responder = Callable[[Sequence[ChatMessage]], str]


class FakeChatModel:
    """A chat model that replies from a script.

    Args:
        replies: replies given in order (the last one repeats).
        responder: a function of the prompt returning the reply; wins over ``replies``.
        capable: what ``capable`` reports.
        chunk: characters per streamed piece.
    """

    def __init__(
        self,
        replies: Sequence[str] = ("I don't know.",),
        *,
        responder: Responder | None = None,
        capable: bool = False,
        chunk: int = 4,
        context_size: int = 4096,
    ) -> None:
        self._replies = list(replies)
        self._responder = responder
        self._capable = capable
        self._chunk = chunk
        self._context = context_size
        self.prompts: list[list[ChatMessage]] = []
        self.calls: list[dict[str, Any]] = []

    @property
    def name(self) -> str:
        return "fake-chat"

    @property
    def context_size(self) -> int:
        return self._context

    @property
    def capable(self) -> bool:
        return self._capable

    def _reply(self, messages: Sequence[ChatMessage]) -> str:
        self.prompts.append(list(messages))
        if self._responder is not None:
            return self._responder(messages)
        if len(self._replies) > 1:
            return self._replies.pop(0)
        return self._replies[0]

    def stream(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        stop: Sequence[str] = (),
    ) -> Iterator[str]:
        text = self._reply(messages)
        for i in range(0, len(text), self._chunk):
            yield text[i : i + self._chunk]

    def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        json_schema: dict[str, Any] | None = None,
        grammar: str | None = None,
        max_tokens: int = 512,
        temperature: float = 0.0,
    ) -> str:
        self.calls.append({"json_schema": json_schema, "grammar": grammar})
        return self._reply(messages)

    def count_tokens(self, text: str) -> int:
        return max(1, len(text.split()))
