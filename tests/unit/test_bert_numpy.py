"""The torch-free numpy runtime of the bundled MiniLM (``models.bert_numpy``) and how the
embedder chooses it. Nothing here imports torch; the comparison with sentence-transformers
on real texts is ``tests/integration/test_embedder_runtimes.py``."""

from __future__ import annotations

import json
import logging
import math
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from models import bert_numpy
from models.bert_numpy import NumpyBertEncoder, unsupported_reason
from models.embedder import SMALL_BATCH_TEXTS, SentenceTransformerEmbedder
from models.errors import ModelLoadError
from models.locate import BUNDLED_EMBED_ID, locate_embedder

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = locate_embedder().path


@pytest.fixture(scope="module")
def encoder() -> NumpyBertEncoder:
    return NumpyBertEncoder(BUNDLED)


def model_copy(tmp_path: Path) -> Path:
    """A copy of the bundled folder: small files copied, the weights linked."""
    dest = tmp_path / "model"
    shutil.copytree(BUNDLED, dest, ignore=shutil.ignore_patterns("model.safetensors"))
    (dest / "model.safetensors").symlink_to(BUNDLED / "model.safetensors")
    return dest


def edit_json(path: Path, **changes: Any) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_the_bundled_model_is_of_the_kind_reproduced() -> None:
    assert unsupported_reason(BUNDLED) is None


def test_gelu_is_the_exact_erf_gelu() -> None:
    x = np.linspace(-12, 12, 48_001, dtype=np.float32)
    expected = np.array([v * 0.5 * (1 + math.erf(v / math.sqrt(2))) for v in x.tolist()])
    got = bert_numpy._gelu(x.copy())
    assert got.dtype == np.float32
    assert np.abs(got - expected).max() < 2e-6


def test_vectors_are_unit_length_and_do_not_depend_on_the_batch(encoder: NumpyBertEncoder) -> None:
    texts = [
        "Rita lives in Porto.",
        "My sister's home is in Porto and she walks her dog Biscuit every morning before work.",
        "",
        "tax forms",
    ]
    together = encoder.encode(texts)
    assert together.shape == (4, 384) and together.dtype == np.float32
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    # Padding the short texts to the longest one's length must not change their vectors.
    alone = np.vstack([encoder.encode([t]) for t in texts])
    assert np.abs(together - alone).max() < 1e-5
    assert together[0] @ together[1] > together[0] @ together[3] + 0.2
    assert encoder.encode([]).shape == (0, 384)


def test_long_texts_are_cut_at_the_models_256_tokens(encoder: NumpyBertEncoder) -> None:
    long = " ".join(f"Day {n}: walked the dog along the river." for n in range(200))
    assert encoder.max_length == 256
    assert encoder.token_counts([long, "dog walks"]) == [256, 4]
    first, more = encoder.encode([long, long + " Then it rained all week in Porto."])
    assert float(first @ more) > 1 - 1e-6  # the tail past 256 tokens is never seen


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: edit_json(d / "1_Pooling" / "config.json", pooling_mode_mean_tokens=False,
                             pooling_mode_cls_token=True), "pooling"),
        (lambda d: edit_json(d / "config.json", model_type="roberta"), "model type"),
        (lambda d: edit_json(d / "config.json", hidden_act="gelu_new"), "activation"),
        (lambda d: edit_json(d / "config.json", position_embedding_type="relative_key"), "position"),
        (lambda d: edit_json(d / "sentence_bert_config.json", do_lower_case=True), "lower-cases"),
        (lambda d: edit_json(d / "config_sentence_transformers.json",
                             prompts={"query": "query: "}, default_prompt_name="query"), "prompts"),
        (lambda d: (d / "modules.json").write_text(json.dumps([
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"},
        ])), "modules"),
        (lambda d: (d / "tokenizer.json").unlink(), "no tokenizer.json"),
    ],
)
def test_other_kinds_of_model_keep_sentence_transformers(tmp_path: Path, change: Any, reason: str) -> None:
    folder = model_copy(tmp_path)
    assert unsupported_reason(folder) is None
    change(folder)
    assert reason in (unsupported_reason(folder) or "")
    emb = SentenceTransformerEmbedder(folder, model_id="user-model")
    assert emb.runtime == "sentence-transformers"
    with pytest.raises(ModelLoadError, match="cannot run this model"):
        NumpyBertEncoder(folder)


@pytest.mark.parametrize("cut", [4, 1_000, 5_000_000])
def test_a_corrupt_weights_file_is_a_clear_error(tmp_path: Path, cut: int) -> None:
    folder = model_copy(tmp_path)
    (folder / "model.safetensors").unlink()
    (folder / "model.safetensors").write_bytes((BUNDLED / "model.safetensors").read_bytes()[:cut])
    with pytest.raises(ModelLoadError, match=r"model\.safetensors"):
        NumpyBertEncoder(folder)


def test_a_failed_numpy_runtime_is_logged_once_and_sentence_transformers_takes_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    folder = model_copy(tmp_path)
    (folder / "model.safetensors").unlink()
    (folder / "model.safetensors").write_bytes(b"\x02\x00\x00\x00\x00\x00\x00\x00{}")  # no tensors

    class FakeSentenceTransformer:
        calls = 0

        def encode(self, texts: list[str], **_: Any) -> np.ndarray:
            FakeSentenceTransformer.calls += 1
            return np.ones((len(texts), 384), dtype=np.float32)

    def fake_load(self: SentenceTransformerEmbedder) -> None:
        self._model = FakeSentenceTransformer()

    monkeypatch.setattr(SentenceTransformerEmbedder, "load", fake_load)
    emb = SentenceTransformerEmbedder(folder, model_id=BUNDLED_EMBED_ID)
    with caplog.at_level(logging.WARNING, logger="models.embedder"):
        vectors = emb.embed_batch(["dog walks"])
        emb.embed_batch(["cat naps"])
    assert FakeSentenceTransformer.calls == 2 and vectors.shape == (1, 384)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "missing from model.safetensors" in warnings[0]
    assert emb.runtime == "sentence-transformers"


def test_threads_embedding_at_once_get_the_vectors_of_their_own_texts(encoder: NumpyBertEncoder) -> None:
    emb = SentenceTransformerEmbedder(BUNDLED, model_id=BUNDLED_EMBED_ID)
    texts = [f"Note {n}: my sister Rita{n} lives in Porto and likes tea number {n}." for n in range(12)]
    expected = encoder.encode(texts)
    got: dict[int, np.ndarray] = {}

    def work(n: int) -> None:
        for _ in range(3):
            got[n] = emb.embed_batch([texts[n]])[0]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert np.abs(np.vstack([got[n] for n in range(len(texts))]) - expected).max() < 1e-5
    assert emb.runtime == "numpy" and not emb.loaded


def test_a_query_embeds_without_importing_torch() -> None:
    code = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "from app.bootstrap import build_embedder\n"
        "from app.settings import Settings\n"
        "emb = build_embedder(Settings(home=Path('/nonexistent'), embed_model=None))\n"
        "v = emb.embed_batch(['dog walks'])\n"
        f"big = emb.embed_batch(['x'] * {SMALL_BATCH_TEXTS})\n"
        "print(json.dumps({'shape': list(v.shape), 'norm': float((v[0] ** 2).sum()),\n"
        "    'loaded': emb.loaded, 'runtime': emb.runtime,\n"
        "    'heavy': sorted(m for m in ('torch', 'sentence_transformers', 'transformers')\n"
        "                    if m in sys.modules)}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert result["shape"] == [1, 384] and abs(result["norm"] - 1) < 1e-5
    assert result == result | {"loaded": False, "runtime": "numpy", "heavy": []}
