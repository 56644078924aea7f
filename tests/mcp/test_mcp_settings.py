"""The write switch of ``mneme mcp``: ``[mcp] allow_writes`` in config.toml or
``MNEME_MCP_ALLOW_WRITES``, off unless the user turns it on; a bad value is one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from app.cli import cli
from app.settings import Settings


def config(home: Path, text: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(text, encoding="utf-8")


def test_writes_are_off_by_default(isolated_env: Path) -> None:
    assert Settings().mcp.allow_writes is False


def test_the_mcp_table_of_config_toml_turns_writes_on(isolated_env: Path) -> None:
    config(isolated_env, "[mcp]\nallow_writes = true\n")
    assert Settings().mcp.allow_writes is True


def test_the_environment_wins_over_the_file(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MNEME_MCP_ALLOW_WRITES", "true")
    assert Settings().mcp.allow_writes is True
    config(isolated_env, "[mcp]\nallow_writes = true\n")
    monkeypatch.setenv("MNEME_MCP_ALLOW_WRITES", "false")
    assert Settings().mcp.allow_writes is False


def test_other_settings_still_read_from_the_environment(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The nested delimiter ("_", split once) applies to tables only: names with
    # underscores stay whole.
    monkeypatch.setenv("MNEME_CHAT_ENDPOINT_MODEL", "qwen2.5")
    monkeypatch.setenv("MNEME_SELF_NAMES", '["Ana", "Ana Lima"]')
    monkeypatch.setenv("MNEME_SEARCH_RESULTS", "7")
    s = Settings()
    assert (s.chat_endpoint_model, s.self_names, s.search_results) == (
        "qwen2.5",
        ["Ana", "Ana Lima"],
        7,
    )


def test_a_misspelt_or_bad_switch_is_refused(isolated_env: Path) -> None:
    config(isolated_env, "[mcp]\nallow_write = true\n")  # a typo must not pass silently
    with pytest.raises(ValidationError):
        Settings()
    config(isolated_env, '[mcp]\nallow_writes = "maybe"\n')
    with pytest.raises(ValidationError):
        Settings()
    result = CliRunner().invoke(cli, ["mcp"])
    assert result.exit_code == 1
    assert "mcp.allow_writes" in result.output and "Traceback" not in result.output
    assert result.output.count("\n") == 1
