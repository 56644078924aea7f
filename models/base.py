"""The small interfaces every model runtime implements.

``memory`` depends only on these protocols, so unit tests can swap in the fakes from
``models.fakes`` and integration tests use the real llama.cpp and sentence-transformers
classes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, runtime_checkable

import numpy as np

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class ChatMessage:
    """One message of a chat prompt."""

    role: Role
    content: str

    def as_dict(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}


@dataclass(frozen=True)
class EmbedderIdentity:
    """Which vector space embeddings live in. Vectors of two identities never mix."""

    model_id: str
    dimension: int

    @property
    def key(self) -> str:
        """A stable string naming this vector space, safe for collection names."""
        slug = "".join(c if c.isalnum() else "-" for c in self.model_id.lower()).strip("-")
        return f"{slug[:40]}-{self.dimension}"


@runtime_checkable
class ChatModel(Protocol):
    """A chat model: streams replies, completes under a JSON schema or grammar."""

    @property
    def name(self) -> str:
        """A short human name for status bars and `mneme doctor`."""
        ...

    @property
    def context_size(self) -> int:
        """How many tokens of prompt plus reply the model can hold."""
        ...

    @property
    def capable(self) -> bool:
        """True when the model is good enough to extract facts and write summaries.

        The bundled tiny model is not; a user-supplied large GGUF or endpoint is.
        """
        ...

    def stream(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        stop: Sequence[str] = (),
    ) -> Iterator[str]:
        """Yield the reply piece by piece as the model produces it."""
        ...

    def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        json_schema: dict[str, Any] | None = None,
        grammar: str | None = None,
        max_tokens: int = 512,
        temperature: float = 0.0,
    ) -> str:
        """Return the whole reply, constrained by a JSON schema or a GBNF grammar if given."""
        ...

    def count_tokens(self, text: str) -> int:
        """Number of tokens ``text`` takes in this model's vocabulary."""
        ...


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit-length vectors."""

    @property
    def identity(self) -> EmbedderIdentity:
        """Model id and dimension of the vectors produced."""
        ...

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``; returns a float32 array of shape (len(texts), dimension), normalised."""
        ...


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    """Scale each row to unit length (rows of zeros stay zero)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms
