"""Local model runtimes for Mneme: the chat model, the embedder and where their files live.

Called by ``memory`` (for embeddings and answers) and by ``app.bootstrap`` (to build them).
Importing this package is cheap: llama_cpp, torch and sentence_transformers are imported only
inside the concrete classes, when a model is first used.
"""

from __future__ import annotations

import importlib
from typing import Any

# Re-exports are resolved on first use so that importing a submodule (say the errors
# module) does not import the whole package. (numpy comes with models.base)
_EXPORTS = {
    "ChatMessage": "models.base",
    "ChatModel": "models.base",
    "Embedder": "models.base",
    "EmbedderIdentity": "models.base",
    "ModelError": "models.errors",
    "ModelLoadError": "models.errors",
    "ModelNotFoundError": "models.errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
