"""Model locator, fakes and settings (no heavy model is loaded here)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.bootstrap import build_chat_model
from app.settings import Settings
from models.errors import ModelLoadError, ModelNotFoundError
from models.fakes import FakeEmbedder
from models.locate import locate_chat_model, locate_embedder


def test_bundled_models_are_found() -> None:
    chat = locate_chat_model()
    assert chat.bundled and chat.path.name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    emb = locate_embedder()
    assert emb.bundled and (emb.path / "modules.json").is_file()


def test_missing_override_lists_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError) as e:
        locate_chat_model(tmp_path / "nope.gguf")
    assert f"MNEME_CHAT_MODEL={tmp_path / 'nope.gguf'}" in str(e.value)
    with pytest.raises(ModelNotFoundError, match="sentence-transformers model folder"):
        locate_embedder(tmp_path)


def test_corrupt_gguf_is_refused_with_the_path(tmp_path: Path) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"NOPE" + b"\x00" * 100)
    with pytest.raises(ModelLoadError, match=r"bad\.gguf: not a GGUF model file"):
        locate_chat_model(bad)


def test_env_override_flows_through_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "x.gguf"
    bad.write_bytes(b"GGUF" + b"\x00" * 100)
    monkeypatch.setenv("MNEME_CHAT_MODEL", str(bad))
    model = build_chat_model(Settings())
    assert model.name == "x" and model.capable  # a user model is assumed capable
    with pytest.raises(ModelLoadError, match=r"x\.gguf: cannot load chat model"):
        model.complete([])


def test_settings_toml_and_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_env: Path) -> None:
    isolated_env.mkdir(parents=True, exist_ok=True)
    (isolated_env / "config.toml").write_text('answer_memories = 7\nself_names = ["Ana"]\n')
    s = Settings()
    assert s.answer_memories == 7 and s.self_names == ["Ana"]
    assert s.db_path == isolated_env / "mneme.db"
    monkeypatch.setenv("MNEME_ANSWER_MEMORIES", "3")
    assert Settings().answer_memories == 3


def test_fake_embedder_is_normalised_and_topical() -> None:
    emb = FakeEmbedder()
    v = emb.embed_batch(["Rita lives in Porto", "Rita living Porto", "quantum chromodynamics"])
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0)
    assert v[0] @ v[1] > v[0] @ v[2]
