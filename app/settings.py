"""Mneme's settings: one pydantic-settings class, read once by the composition root.

Sources, strongest first: ``MNEME_*`` environment variables, then ``config.toml`` in the
config folder (``$MNEME_HOME/config.toml`` when ``MNEME_HOME`` is set, else the platform's
user config dir), then the defaults below. ``MNEME_HOME`` moves every path Mneme writes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

APP_NAME = "mneme"


def config_dir(home: Path | None = None) -> Path:
    """Folder of ``config.toml``: ``MNEME_HOME`` if set, else the user config dir."""
    if home is not None:
        return home
    env = os.environ.get("MNEME_HOME")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME))


class Settings(BaseSettings):
    """Everything a user can configure. Set as ``MNEME_<NAME>`` or in ``config.toml``."""

    model_config = SettingsConfigDict(
        env_prefix="MNEME_",
        extra="ignore",
        use_attribute_docstrings=True,
        # `MNEME_HOME= mneme ...` (an unset shell variable) means "not set", never "here".
        env_ignore_empty=True,
    )

    home: Path | None = None
    """Where all of Mneme's data lives (database, vector index, logs). Default: the
    platform's user data folder."""

    chat_model: Path | None = None
    """A GGUF chat model to use instead of the bundled SmolLM2-135M."""

    embed_model: Path | None = None
    """A sentence-transformers model folder to use instead of the bundled all-MiniLM-L6-v2."""

    chat_endpoint: str | None = None
    """Base URL of an OpenAI-compatible server (e.g. http://127.0.0.1:8080/v1) to chat with
    instead of the local GGUF. Its API key, if any, is read from the OS keyring
    (service "mneme", user "chat_endpoint")."""

    chat_endpoint_model: str = "default"
    """Model name sent to the OpenAI-compatible endpoint."""

    chat_endpoint_timeout: float = Field(default=60.0, gt=0, le=3600)
    """Seconds Mneme waits for the chat endpoint to connect, to start answering and between
    two words of a reply; past that it answers from memory instead."""

    vectors_url: str | None = None
    """URL of a Chroma server (e.g. http://127.0.0.1:8000) that holds the vector index
    instead of the embedded one in the data folder. SQLite stays the truth: `mneme reindex`
    rebuilds the server's collection from it. In config.toml: `[vectors]` `url = ...`."""

    chat_capable: bool | None = None
    """Whether the chat model may extract facts and write summaries. Default: true for a
    user-supplied model or endpoint, false for the bundled tiny model."""

    context_size: int = Field(default=4096, ge=512)
    """Context window of the local chat model, in tokens."""

    threads: int | None = None
    """CPU threads for the models. Default: every usable core."""

    answer_memories: int = Field(default=5, ge=1, le=50)
    """How many memories an answer may cite at most."""

    search_results: int = Field(default=10, ge=1, le=500)
    """Default number of results of `mneme search`."""

    watch_folders: list[Path] = Field(default_factory=list)
    """Folders the TUI watches in the background and imports on change."""

    self_names: list[str] = Field(default_factory=list)
    """The names you go by in your chats (so Mneme knows which messages are yours)."""

    log_level: str = "WARNING"
    """Log level of the log file (DEBUG, INFO, WARNING, ERROR)."""

    @property
    def data_dir(self) -> Path:
        if self.home is not None:
            return Path(self.home).expanduser()
        return Path(platformdirs.user_data_dir(APP_NAME))

    @property
    def db_path(self) -> Path:
        return self.data_dir / "mneme.db"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "logs" / "mneme.log"

    @property
    def config_path(self) -> Path:
        return config_dir(self.home) / "config.toml"

    @property
    def private_dirs(self) -> list[Path]:
        """The folders Mneme creates 0700 and keeps private: data, logs and config."""
        dirs = [self.data_dir, self.log_path.parent, self.config_path.parent]
        return list(dict.fromkeys(dirs))

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = config_dir() / "config.toml"
        return (
            init_settings,
            env_settings,
            TablesTomlSource(settings_cls, toml_file=toml_file),
        )


class TablesTomlSource(TomlConfigSettingsSource):
    """``config.toml``, where a table sets the settings named after it and its keys:
    ``[vectors]`` ``url = ...`` sets ``vectors_url`` (the dotted names ``vectors.url``)."""

    def _read_file(self, file_path: Any) -> dict[str, Any]:
        return flatten_tables(super()._read_file(file_path), set(Settings.model_fields))


def flatten_tables(data: dict[str, Any], fields: set[str]) -> dict[str, Any]:
    """``data`` with each table that is not itself a setting spread into ``<table>_<key>``
    entries (a key given both ways keeps its top-level value)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and key not in fields:
            for sub, item in value.items():
                out.setdefault(f"{key}_{sub}", item)
        else:
            out[key] = value
    return out


def load_settings(**overrides: Any) -> Settings:
    """Read settings from the environment and ``config.toml`` (``overrides`` win)."""
    return Settings(**overrides)
