"""The llama.cpp chat model (llama-cpp-python), used for the bundled GGUF or any user GGUF.

``LlamaChatModel`` runs llama.cpp in the calling process. Mneme itself runs it inside a child
process (``models.worker``, driven by ``models.process_chat.ProcessChatModel``) so that a
crash in native code cannot take the app down; benchmarks use it in-process as the bare
baseline. ``llama_cpp`` is imported when the model is first loaded, so importing this module
is cheap. The model uses the chat template stored in the GGUF itself.

AMX: ggml's AMX matmul segfaults on Sapphire Rapids class CPUs (llama.cpp #20824). Mneme's
build leaves AMX out (see the Makefile); should a llama.cpp that reports AMX be installed
anyway, the model is loaded without llama.cpp's "extra buffer types", the AMX buffer among
them, so the AMX kernels are never used.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from models.base import ChatMessage
from models.errors import ModelLoadError
from models.locate import check_gguf

log = logging.getLogger(__name__)


_AMX_ON = re.compile(r"\bAMX_INT8\s*=\s*1\b")


def system_info() -> str:
    """llama.cpp's ``llama_print_system_info()``: the CPU features its build uses."""
    import llama_cpp

    return str(llama_cpp.llama_print_system_info().decode("utf-8", "replace")).strip()


def amx_in_use(info: str) -> bool:
    """True when llama.cpp reports its AMX kernels (``AMX_INT8 = 1``) in ``info``."""
    return bool(_AMX_ON.search(info))


@contextlib.contextmanager
def _model_params(*, use_extra_bufts: bool) -> Iterator[None]:
    """Make ``llama_cpp.Llama`` build its model parameters with ``use_extra_bufts`` set
    (``Llama`` takes no argument for it: it reads ``llama_model_default_params()``)."""
    import llama_cpp.llama_cpp as low

    original = low.llama_model_default_params

    def params() -> Any:
        p = original()
        p.use_extra_bufts = use_extra_bufts
        return p

    low.llama_model_default_params = params  # type: ignore[assignment]
    try:
        yield
    finally:
        low.llama_model_default_params = original  # type: ignore[assignment]


def default_threads() -> int:
    """Threads for generation: every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class LlamaChatModel:
    """A GGUF model run in-process by llama.cpp.

    Args:
        path: the GGUF file.
        model_id: a short name for display.
        n_ctx: context window in tokens (capped by the model's own training context).
        n_threads: CPU threads; defaults to the usable core count.
        capable: whether the model is strong enough for fact extraction and summaries.
        seed: sampling seed, for repeatable replies.
    """

    def __init__(
        self,
        path: Path,
        *,
        model_id: str | None = None,
        n_ctx: int = 4096,
        n_threads: int | None = None,
        capable: bool = False,
        seed: int = 1234,
    ) -> None:
        self._path = Path(path)
        self._model_id = model_id or self._path.stem
        self._n_ctx = n_ctx
        self._n_threads = n_threads or default_threads()
        self._capable = capable
        self._seed = seed
        self._llm: Any = None
        self._lock = threading.RLock()
        self._system_info = ""

    # -- properties -------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._model_id

    @property
    def path(self) -> Path:
        return self._path

    @property
    def capable(self) -> bool:
        return self._capable

    @property
    def context_size(self) -> int:
        if self._llm is not None:
            return int(self._llm.n_ctx())
        return self._n_ctx

    @property
    def loaded(self) -> bool:
        return self._llm is not None

    @property
    def cpu_features(self) -> str:
        """What llama.cpp reported it uses (``llama_print_system_info``), once loaded."""
        return self._system_info

    @property
    def uses_extra_buffers(self) -> bool | None:
        """Whether the loaded model may use llama.cpp's extra buffer types (AMX, repacking);
        None before loading."""
        return None if self._llm is None else bool(self._llm.model_params.use_extra_bufts)

    # -- loading ----------------------------------------------------------------------
    def load(self) -> None:
        """Load the GGUF now (otherwise it loads on first use). Safe to call twice."""
        with self._lock:
            if self._llm is not None:
                return
            check_gguf(self._path)
            try:
                from llama_cpp import Llama
            except ImportError as e:  # pragma: no cover - install problem
                raise ModelLoadError(f"llama-cpp-python is not installed ({e})") from e
            self._system_info = system_info()
            # Repacking (the other extra buffers) is kept wherever AMX is not in the build.
            extra = not amx_in_use(self._system_info)
            if not extra:
                log.warning("llama.cpp reports AMX: loading without extra buffer types")
            log.info("loading chat model %s (%d threads)", self._path, self._n_threads)
            try:
                with _model_params(use_extra_bufts=extra):
                    self._llm = Llama(
                        model_path=str(self._path),
                        n_ctx=self._n_ctx,
                        n_threads=self._n_threads,
                        n_threads_batch=self._n_threads,
                        seed=self._seed,
                        verbose=False,
                    )
            except (ValueError, RuntimeError, OSError) as e:
                raise ModelLoadError(
                    f"{self._path}: cannot load chat model ({e})", title="Model load failed"
                ) from e

    def _model(self) -> Any:
        self.load()
        return self._llm

    # -- generation -------------------------------------------------------------------
    def stream(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        stop: Sequence[str] = (),
    ) -> Iterator[str]:
        """Yield reply text as it is generated. Closing the iterator stops generation."""
        with self._lock:
            llm = self._model()
            chunks = llm.create_chat_completion(
                messages=[m.as_dict() for m in messages],
                stream=True,
                max_tokens=max_tokens,
                temperature=temperature,
                stop=list(stop) or None,
                seed=self._seed,
            )
            try:
                for chunk in chunks:
                    delta = chunk["choices"][0].get("delta", {})
                    piece = delta.get("content")
                    if piece:
                        yield piece
            finally:
                close = getattr(chunks, "close", None)
                if close is not None:
                    close()

    def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        json_schema: dict[str, Any] | None = None,
        grammar: str | None = None,
        max_tokens: int = 512,
        temperature: float = 0.0,
    ) -> str:
        """Return the whole reply, constrained by ``json_schema`` or a GBNF ``grammar``."""
        kwargs: dict[str, Any] = {}
        if grammar is not None:
            from llama_cpp import LlamaGrammar

            kwargs["grammar"] = LlamaGrammar.from_string(grammar, verbose=False)
        elif json_schema is not None:
            kwargs["response_format"] = {"type": "json_object", "schema": json_schema}
        with self._lock:
            llm = self._model()
            out = llm.create_chat_completion(
                messages=[m.as_dict() for m in messages],
                max_tokens=max_tokens,
                temperature=temperature,
                seed=self._seed,
                **kwargs,
            )
        return str(out["choices"][0]["message"].get("content") or "")

    def count_tokens(self, text: str) -> int:
        with self._lock:
            llm = self._model()
            return len(llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))
