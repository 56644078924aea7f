"""Architecture: the core packages stay free of UI libraries and load no heavy model
library at import time; the import-linter contracts hold."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    return {line.split(".")[0] for line in out.splitlines()}


def test_core_imports_no_ui_and_no_heavy_model_library() -> None:
    mods = loaded_after(
        "import memory, importers, models, memory.recall, memory.answer, memory.chat, "
        "importers.pipeline, models.llama, models.embedder, models.locate"
    )
    for banned in ("textual", "click", "rich", "torch", "llama_cpp", "sentence_transformers", "transformers", "chromadb"):
        assert banned not in mods, banned


def test_cli_help_does_not_load_models_or_textual() -> None:
    mods = loaded_after("from app.cli import cli")
    for banned in ("textual", "torch", "llama_cpp", "sentence_transformers", "chromadb", "pydantic_settings"):
        assert banned not in mods, banned


def test_import_linter_contracts_hold() -> None:
    """Every contract of pyproject.toml is checked and kept (adding one needs no edit here)."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "importlinter"
    ]["contracts"]
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    kept = {line.rsplit(" KEPT", 1)[0] for line in result.stdout.splitlines() if " KEPT" in line}
    assert kept == {c["name"] for c in contracts}, result.stdout
    assert f"Contracts: {len(contracts)} kept, 0 broken." in result.stdout


def test_core_reads_no_environment_variables() -> None:
    offenders = []
    for pkg in ("memory", "importers", "models"):
        for path in (ROOT / pkg).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if "os.environ" in text or "os.getenv" in text:
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_ruff_and_mypy_are_clean() -> None:
    """The style and type checks the Makefile's ``lint`` and ``typecheck`` run, in CI too."""
    bin_dir = Path(sys.executable).parent
    ruff = subprocess.run([str(bin_dir / "ruff"), "check", "."], capture_output=True, text=True, cwd=ROOT)
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr
    mypy = subprocess.run(
        [str(bin_dir / "mypy"), "memory", "app", "bench", "importers", "models"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
