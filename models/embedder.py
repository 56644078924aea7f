"""The sentence-transformers embedder (bundled all-MiniLM-L6-v2 by default).

Built by ``app.bootstrap``; torch and sentence_transformers are imported on first use.

Two runtimes give the same vectors (one identity, one vector space): a small batch (a search
query, a chat turn, a few notes) is embedded by ``models.bert_numpy`` when the model folder
is of the kind it reproduces, which loads in ~0.1 s instead of the 5 s of CPU torch and
sentence-transformers take to import and load. Bigger batches (imports) load
sentence-transformers, as before, and once it is loaded it embeds everything. Per text the
two are close (measured on LoCoMo turns, one thread each: numpy 13 ms of CPU per ~40-token
text against 16 ms, and 118 ms per 256-token text against 83 ms).
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


SMALL_BATCH_TEXTS = 64
"""At most this many texts go to the numpy runtime (while sentence-transformers is not loaded)."""
SMALL_BATCH_TOKENS = 4096
"""... and at most this many tokens: a bigger batch pays for loading sentence-transformers."""


class SentenceTransformerEmbedder:
    """Batched, normalised embeddings on the CPU.

    Args:
        path: a sentence-transformers model folder.
        model_id: the identity stored beside the vectors (e.g. the hub id).
        batch_size: texts per forward pass.
        threads: torch intra-op threads (``None`` keeps torch's default).
        fast_small_batches: embed small batches with ``models.bert_numpy`` (when the folder
            is of a kind it reproduces) instead of loading sentence-transformers for them.
    """

    def __init__(
        self,
        path: Path,
        *,
        model_id: str,
        batch_size: int = 64,
        threads: int | None = None,
        fast_small_batches: bool = True,
    ) -> None:
        self._path = Path(path)
        self._model_id = model_id
        self._batch_size = batch_size
        self._threads = threads
        self._model: Any = None
        self._dim = _read_dimension(self._path)
        self._lock = threading.Lock()
        self._fast: Any = None
        self._fast_wanted = fast_small_batches
        self._fast_lock = threading.Lock()

    @property
    def identity(self) -> EmbedderIdentity:
        if self._dim is None:
            self.load()
        assert self._dim is not None
        return EmbedderIdentity(self._model_id, self._dim)

    @property
    def loaded(self) -> bool:
        """True once sentence-transformers is loaded."""
        return self._model is not None

    @property
    def runtime(self) -> str:
        """Which runtime embeds the next small batch: ``numpy`` or ``sentence-transformers``
        (reads the folder's small JSON files at most; loads nothing)."""
        if self._model is not None or self._fast is False or not self._fast_wanted:
            return "sentence-transformers"
        if self._fast is not None:
            return "numpy"
        from models.bert_numpy import unsupported_reason

        return "sentence-transformers" if unsupported_reason(self._path) else "numpy"

    def load(self) -> None:
        """Load sentence-transformers now (otherwise on the first big batch)."""
        with self._lock:
            if self._model is not None:
                return
            try:
                import torch
                from safetensors import SafetensorError
                from sentence_transformers import SentenceTransformer
            except ImportError as e:  # pragma: no cover - install problem
                raise ModelLoadError(f"sentence-transformers is not installed ({e})") from e
            if self._threads:
                torch.set_num_threads(self._threads)
            log.info("loading embedder %s", self._path)
            try:
                model = SentenceTransformer(str(self._path), device="cpu", local_files_only=True)
            except (OSError, ValueError, RuntimeError, SafetensorError) as e:
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
        with self._fast_lock:
            self._fast = False  # from now on sentence-transformers embeds all (frees numpy's)

    def _fast_runtime(self) -> Any:
        """The numpy runtime, loaded on first use; None when the folder is not of its kind
        (or it failed to load: then sentence-transformers embeds everything)."""
        if self._fast is None and self._fast_wanted and self._model is None:
            with self._fast_lock:
                if self._fast is None:
                    self._fast = self._load_fast()
        return self._fast or None

    def _load_fast(self) -> Any:
        from models.bert_numpy import NumpyBertEncoder, unsupported_reason

        reason = unsupported_reason(self._path)
        if reason:
            log.info("%s: embedding with sentence-transformers only (%s)", self._path, reason)
            return False
        try:
            encoder = NumpyBertEncoder(self._path)
        except ModelLoadError as e:
            log.warning("%s; embedding with sentence-transformers only", e)
            return False
        if self._dim not in (None, encoder.dimension):
            log.warning(
                "%s: numpy runtime gives %d dimensions, the config says %s; not used",
                self._path, encoder.dimension, self._dim,
            )
            return False
        self._dim = encoder.dimension
        log.info("embedding small batches of %s with the numpy runtime", self._path)
        return encoder

    def _embed_small(self, texts: Sequence[str]) -> np.ndarray | None:
        """``texts`` embedded by the numpy runtime, or None when the batch is not for it."""
        if len(texts) > SMALL_BATCH_TEXTS or self._model is not None:
            return None
        fast = self._fast_runtime()
        if fast is None:
            return None
        with self._fast_lock:
            if len(texts) > 1 and sum(fast.token_counts(texts)) > SMALL_BATCH_TOKENS:
                return None
            vectors: np.ndarray = fast.encode(texts)
        return vectors

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` into an (n, dim) float32 array of unit vectors."""
        if not texts:
            return np.zeros((0, self.identity.dimension), dtype=np.float32)
        small = self._embed_small(texts)
        if small is not None:
            return small
        self.load()
        vectors = self._model.encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return normalise_rows(vectors)
