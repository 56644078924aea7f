"""The TUI draws its first frame before the core loads: importing the app and every screen
loads neither the memory/importers packages nor any model library (they load in the
start-up worker, after the first frame). Speed itself is measured by bench/tui_startup.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENS = (
    "app.tui.app",
    "app.tui.screens.browser",
    "app.tui.screens.persona",
    "app.tui.screens.import_screen",
    "app.tui.screens.prefill",
    "app.tui.screens.memory_detail",
    "app.tui.screens.forget",
    "app.tui.screens.conversations",
    "app.tui.screens.conflict",
    "app.tui.screens.help",
)


def test_the_tui_imports_no_core_and_no_model_library() -> None:
    code = "import sys\n" + "".join(f"import {m}\n" for m in SCREENS)
    code += "print('\\n'.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    loaded = {line.split(".")[0] for line in out.splitlines()}
    for banned in (
        "memory",
        "importers",
        "chromadb",
        "torch",
        "llama_cpp",
        "sentence_transformers",
        "transformers",
        "sqlite_utils",
    ):
        assert banned not in loaded, banned
