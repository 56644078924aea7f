"""The sentence-transformers embedder (bundled all-MiniLM-L6-v2 by default).

Built by ``app.bootstrap``; torch and sentence_transformers are imported on first use.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from models.base import EmbedderIdentity, normalise_rows
from models.errors import ModelLoadError

log = logging.getLogger(__name__)


def _read_dimension(path: Path) -> int | None:
    """The embedding size from the model folder's config, without loading torch."""
    for name in ("1_Pooling/config.json", "config.json"):
        cfg = path / name
        if cfg.is_file():
            try:
                data = json.loads(cfg.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            for key in ("word_embedding_dimension", "hidden_size"):
                if isinstance(data.get(key), int):
                    return int(data[key])
    return None


class SentenceTransformerEmbedder:
    """Batched, normalised embeddings on the CPU.

    Args:
        path: a sentence-transformers model folder.
        model_id: the identity stored beside the vectors (e.g. the hub id).
        batch_size: texts per forward pass.
        threads: torch intra-op threads (``None`` keeps torch's default).
    """

    def __init__(
        self,
        path: Path,
        *,
        model_id: str,
        batch_size: int = 64,
        threads: int | None = None,
    ) -> None:
        self._path = Path(path)
        self._model_id = model_id
        self._batch_size = batch_size
        self._threads = threads
        self._model: Any = None
        self._dim = _read_dimension(self._path)
        self._lock = threading.Lock()

    @property
    def identity(self) -> EmbedderIdentity:
        if self._dim is None:
            self.load()
        assert self._dim is not None
        return EmbedderIdentity(self._model_id, self._dim)

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self) -> None:
        """Load the model now (otherwise on first use)."""
        with self._lock:
            if self._model is not None:
                return
            try:
                import torch
                from sentence_transformers import SentenceTransformer
            except ImportError as e:  # pragma: no cover - install problem
                raise ModelLoadError(f"sentence-transformers is not installed ({e})") from e
            if self._threads:
                torch.set_num_threads(self._threads)
            log.info("loading embedder %s", self._path)
            try:
                model = SentenceTransformer(str(self._path), device="cpu", local_files_only=True)
            except (OSError, ValueError, RuntimeError) as e:
                raise ModelLoadError(
                    f"{self._path}: cannot load embedding model ({e})", title="Model load failed"
                ) from e
            get_dim = (
                getattr(model, "get_embedding_dimension", None)
                or model.get_sentence_embedding_dimension
            )
            dim = get_dim()
            if dim:
                self._dim = int(dim)
            self._model = model

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` into an (n, dim) float32 array of unit vectors."""
        if not texts:
            return np.zeros((0, self.identity.dimension), dtype=np.float32)
        self.load()
        vectors = self._model.encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return normalise_rows(vectors)
