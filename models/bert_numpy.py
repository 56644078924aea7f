"""A torch-free runtime for the bundled MiniLM: the same BERT encoder in numpy.

Importing torch and sentence-transformers takes seconds, which is most of a one-shot
``mneme search`` or ``mneme ask``. This module runs the model folder's own weights
(``model.safetensors``, mapped, not read) with numpy matrix products and its own
``tokenizer.json`` with the ``tokenizers`` library; it loads in under a tenth of a second
and gives the vectors sentence-transformers gives (cosine above 1 - 1e-6 on 339 real texts,
checked by ``tests/integration/test_embedder_runtimes.py`` and ``bench.oneshot``).

Only folders of the kind it reproduces exactly are taken (``unsupported_reason`` says why
another is not): a BERT encoder with GELU and absolute positions, mean pooling, no prompts.
``models.embedder`` uses it for small batches and sentence-transformers for the rest.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from models.base import normalise_rows
from models.errors import ModelLoadError

log = logging.getLogger(__name__)

_TRANSFORMER = "Transformer"
_POOLING = "Pooling"
_NORMALIZE = "Normalize"
_MASKED = np.float32(-1e9)
"""Added to the attention scores of padding: its weight after the softmax is exactly 0."""

# erf(x) = 1 - t * poly(t) * exp(-x^2), t = 1 / (1 + p x), x >= 0: Abramowitz & Stegun
# 7.1.26, absolute error below 1.5e-7 (float32 rounding is of the same size).
_ERF_P = np.float32(0.3275911)
_ERF_A = tuple(
    np.float32(a) for a in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592)
)
_INV_SQRT2 = np.float32(0.7071067811865476)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ModelLoadError(f"{path}: cannot read ({e})") from e


def _module_kind(entry: Any) -> str:
    """``Transformer`` for ``sentence_transformers.models.Transformer`` and the like."""
    kind = entry.get("type", "") if isinstance(entry, dict) else ""
    return str(kind).rsplit(".", 1)[-1]


def unsupported_reason(path: Path) -> str | None:
    """Why the numpy runtime cannot reproduce the model folder ``path`` (None: it can).

    Reads only small JSON files; never raises for a folder it does not understand.
    """
    path = Path(path)
    for name in ("modules.json", "config.json", "tokenizer.json", "model.safetensors"):
        if not (path / name).is_file():
            return f"no {name}"
    try:
        modules = _read_json(path / "modules.json")
        config = _read_json(path / "config.json")
        st_path = path / "sentence_bert_config.json"
        st_config = _read_json(st_path) if st_path.is_file() else {}
        extra_path = path / "config_sentence_transformers.json"
        extra = _read_json(extra_path) if extra_path.is_file() else {}
    except ModelLoadError as e:
        return str(e)
    kinds = [_module_kind(m) for m in modules] if isinstance(modules, list) else []
    if kinds not in ([_TRANSFORMER, _POOLING], [_TRANSFORMER, _POOLING, _NORMALIZE]):
        return f"modules {kinds} (expected Transformer, Pooling[, Normalize])"
    if str(modules[0].get("path", "")) not in ("", "."):
        return "the transformer's weights are in a subfolder"
    pooling = _read_json(path / str(modules[1].get("path", "1_Pooling")) / "config.json")
    modes = {k: bool(v) for k, v in pooling.items() if k.startswith("pooling_mode_")}
    if modes.get("pooling_mode_mean_tokens") is not True or sum(modes.values()) != 1:
        return f"pooling {modes} (only mean pooling is reproduced)"
    if st_config.get("do_lower_case"):
        return "sentence-transformers lower-cases the input itself"
    if extra.get("prompts") or extra.get("default_prompt_name"):
        return "the model uses prompts"
    if config.get("model_type") != "bert":
        return f"model type {config.get('model_type')!r} (only BERT is reproduced)"
    if config.get("hidden_act", "gelu") != "gelu":
        return f"activation {config.get('hidden_act')!r} (only exact GELU is reproduced)"
    if config.get("position_embedding_type", "absolute") != "absolute":
        return f"position embeddings {config.get('position_embedding_type')!r}"
    return None


def _gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU, as BERT's ``gelu``, computed in place on ``x``."""
    z = np.abs(x)
    z *= _INV_SQRT2
    t = z * _ERF_P
    t += 1.0
    np.reciprocal(t, out=t)
    y = t * _ERF_A[0]
    for a in _ERF_A[1:]:
        y += a
        y *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    y *= z  # erfc(|x| / sqrt 2)
    y *= 0.5  # Phi(-|x|)
    np.subtract(1.0, y, out=y, where=x >= 0)  # Phi(x)
    x *= y
    return x


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    x = x - mean
    var = np.square(x).mean(axis=-1, keepdims=True)
    x /= np.sqrt(var + np.float32(eps))
    x *= weight
    x += bias
    return x


@dataclass(frozen=True)
class _Layer:
    """One encoder layer's weights, laid out for ``x @ w`` (fused query/key/value)."""

    qkv_w: np.ndarray
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    norm1_w: np.ndarray
    norm1_b: np.ndarray
    up_w: np.ndarray
    up_b: np.ndarray
    down_w: np.ndarray
    down_b: np.ndarray
    norm2_w: np.ndarray
    norm2_b: np.ndarray


_FLOAT_DTYPES: dict[str, np.dtype[Any]] = {"F32": np.dtype("<f4"), "F16": np.dtype("<f2")}


def _load_weights(path: Path) -> dict[str, np.ndarray]:
    """The float tensors of a ``.safetensors`` file, mapped from the file (not read).

    The format is an 8-byte little-endian header size, a JSON header naming each tensor's
    dtype, shape and byte range, then the raw data. Mapping it costs no time and pages in
    only what a query touches (a few rows of the 47 MB word embeddings).
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            header_size = int.from_bytes(fh.read(8), "little")
            if not 0 < header_size <= size - 8:
                raise ValueError(f"header size {header_size} does not fit a {size}-byte file")
            header = json.loads(fh.read(header_size))
        data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + header_size)
    except (OSError, ValueError) as e:
        raise ModelLoadError(f"{path}: cannot read the weights ({e})") from e
    tensors: dict[str, np.ndarray] = {}
    for name, info in header.items():
        dtype = _FLOAT_DTYPES.get(str(info.get("dtype"))) if isinstance(info, dict) else None
        if dtype is None:
            continue  # metadata, integer buffers (position_ids); a bf16 weight is then missing
        begin, end = (int(x) for x in info["data_offsets"])
        shape = tuple(int(x) for x in info["shape"])
        if not 0 <= begin <= end <= data.size or end - begin != dtype.itemsize * int(
            np.prod(shape, dtype=np.int64)
        ):
            raise ModelLoadError(f"{path}: tensor {name} lies outside the file (corrupt?)")
        array = np.asarray(data[begin:end]).view(dtype).reshape(shape)
        tensors[name.removeprefix("bert.")] = array  # task models save "bert.<name>"
    return tensors


class NumpyBertEncoder:
    """A sentence-transformers BERT folder (mean pooling) run with numpy.

    Args:
        path: the model folder (see ``unsupported_reason``).
        batch_size: texts per forward pass (texts of similar length go together).

    Raises:
        ModelLoadError: the folder is not of a supported kind, or a file cannot be read.
    """

    def __init__(self, path: Path, *, batch_size: int = 16) -> None:
        self.path = Path(path)
        reason = unsupported_reason(self.path)
        if reason:
            raise ModelLoadError(f"{self.path}: the numpy runtime cannot run this model ({reason})")
        self.batch_size = batch_size
        config = _read_json(self.path / "config.json")
        st_path = self.path / "sentence_bert_config.json"
        st_config = _read_json(st_path) if st_path.is_file() else {}
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        positions = int(config.get("max_position_embeddings", 512))
        self.max_length = min(int(st_config.get("max_seq_length") or positions), positions)
        self._tokenizer = self._load_tokenizer()
        self._controller: Any = None
        self._controller_lock = threading.Lock()
        w = _load_weights(self.path / "model.safetensors")
        try:
            f32 = {k: np.asarray(v, dtype=np.float32) for k, v in w.items() if "embeddings" in k}
            self._words = f32["embeddings.word_embeddings.weight"]
            self._positions = f32["embeddings.position_embeddings.weight"]
            self._types = f32["embeddings.token_type_embeddings.weight"]
            self._norm = (f32["embeddings.LayerNorm.weight"], f32["embeddings.LayerNorm.bias"])
            self._layers = [self._layer(w, n) for n in range(int(config["num_hidden_layers"]))]
        except KeyError as e:
            raise ModelLoadError(f"{self.path}: weight {e} missing from model.safetensors") from e
        self.dimension = int(self._words.shape[1])

    def _load_tokenizer(self) -> Any:
        from tokenizers import Tokenizer

        path = self.path / "tokenizer.json"
        try:
            tokenizer = Tokenizer.from_file(str(path))
        except Exception as e:  # tokenizers raises a bare Exception for a bad file
            raise ModelLoadError(f"{path}: cannot load the tokenizer ({e})") from e
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=self.max_length)
        return tokenizer

    @staticmethod
    def _layer(w: dict[str, np.ndarray], n: int) -> _Layer:
        def get(name: str) -> np.ndarray:
            return np.asarray(w[f"encoder.layer.{n}.{name}"], dtype=np.float32)

        # Linear weights are stored (out, in): ``x @ w.T`` is a view, BLAS reads it transposed.
        parts = ("query", "key", "value")
        return _Layer(
            qkv_w=np.concatenate([get(f"attention.self.{p}.weight") for p in parts]).T,
            qkv_b=np.concatenate([get(f"attention.self.{p}.bias") for p in parts]),
            out_w=get("attention.output.dense.weight").T,
            out_b=get("attention.output.dense.bias"),
            norm1_w=get("attention.output.LayerNorm.weight"),
            norm1_b=get("attention.output.LayerNorm.bias"),
            up_w=get("intermediate.dense.weight").T,
            up_b=get("intermediate.dense.bias"),
            down_w=get("output.dense.weight").T,
            down_b=get("output.dense.bias"),
            norm2_w=get("output.LayerNorm.weight"),
            norm2_b=get("output.LayerNorm.bias"),
        )

    def token_counts(self, texts: Sequence[str]) -> list[int]:
        """Tokens each text takes, truncation included ([CLS] and [SEP] count)."""
        return [len(e.ids) for e in self._tokenizer.encode_batch(list(texts))]

    @contextmanager
    def _one_blas_thread(self) -> Iterator[None]:
        """Run numpy's BLAS on one thread: on a busy machine, OpenBLAS threads spinning on
        small products made a query ~5x slower (median 89 ms against 17 ms)."""
        with self._controller_lock:
            if self._controller is None:
                from threadpoolctl import ThreadpoolController

                self._controller = ThreadpoolController()
            controller = self._controller
        with controller.limit(limits=1, user_api="blas"):
            yield

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` into an (n, dimension) float32 array of unit vectors.

        Not safe to call from two threads at once (the BLAS thread limit is process-wide):
        the caller serialises.
        """
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        with self._one_blas_thread():
            for start in range(0, len(order), self.batch_size):
                rows = order[start : start + self.batch_size]
                out[rows] = self._forward([encodings[i] for i in rows])
        return normalise_rows(out)

    def _forward(self, encodings: Sequence[Any]) -> np.ndarray:
        """Mean-pooled last hidden states of one padded batch."""
        n, length = len(encodings), max(len(e.ids) for e in encodings)
        ids = np.zeros((n, length), dtype=np.int64)
        types = np.zeros((n, length), dtype=np.int64)
        mask = np.zeros((n, length), dtype=np.float32)
        for row, enc in enumerate(encodings):
            size = len(enc.ids)
            ids[row, :size] = enc.ids
            types[row, :size] = enc.type_ids
            mask[row, :size] = 1.0
        x = self._words[ids] + self._types[types]
        x += self._positions[:length]
        dim = x.shape[-1]
        x = _layer_norm(x.reshape(n * length, dim), *self._norm, self.eps)
        heads, head_dim = self.heads, dim // self.heads
        scale = np.float32(1.0 / np.sqrt(head_dim))
        padding = ((1.0 - mask) * _MASKED)[:, None, None, :]
        for layer in self._layers:
            qkv = x @ layer.qkv_w
            qkv += layer.qkv_b
            qkv = qkv.reshape(n, length, 3, heads, head_dim).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]  # (n, heads, length, head_dim)
            scores = q @ k.transpose(0, 1, 3, 2)
            scores *= scale
            scores += padding
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(n * length, dim)
            h = context @ layer.out_w
            h += layer.out_b
            h += x
            x = _layer_norm(h, layer.norm1_w, layer.norm1_b, self.eps)
            up = x @ layer.up_w
            up += layer.up_b
            h = _gelu(up) @ layer.down_w
            h += layer.down_b
            h += x
            x = _layer_norm(h, layer.norm2_w, layer.norm2_b, self.eps)
        hidden = x.reshape(n, length, dim) * mask[:, :, None]
        counts = np.maximum(mask.sum(axis=1, keepdims=True), np.float32(1e-9))
        return hidden.sum(axis=1) / counts
