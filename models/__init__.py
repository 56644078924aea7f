"""Local model runtimes for Mneme: the chat model, the embedder and where their files live.

Called by ``memory`` (for embeddings and answers) and by ``app.bootstrap`` (to build them).
Importing this package is cheap: llama_cpp, torch and sentence_transformers are imported only
inside the concrete classes, when a model is first used.
"""

from __future__ import annotations

from models.base import ChatMessage, ChatModel, Embedder, EmbedderIdentity
from models.errors import ModelError, ModelLoadError, ModelNotFoundError

__all__ = [
    "ChatMessage",
    "ChatModel",
    "Embedder",
    "EmbedderIdentity",
    "ModelError",
    "ModelLoadError",
    "ModelNotFoundError",
]
