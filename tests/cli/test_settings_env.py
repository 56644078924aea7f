"""Environment variables that are set but empty count as unset."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.settings import Settings


def test_an_empty_mneme_home_is_not_the_current_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MNEME_HOME", "")
    monkeypatch.setenv("MNEME_CHAT_MODEL", "")
    s = Settings()
    assert s.home is None
    assert s.chat_model is None
