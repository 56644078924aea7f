"""Issue 15: the ChatGPT and Claude importers no longer import each other (they share
``importers.formats.conversations``), and the importers run no SQL of their own: the store's
methods hold it (``importers.pipeline`` used to query ``self.store.db``)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("module", "other"),
    [("importers.formats.claude", "chatgpt"), ("importers.formats.chatgpt", "claude")],
)
def test_chat_export_importers_do_not_import_each_other(module: str, other: str) -> None:
    code = (
        f"import sys; import {module}; "
        f"print('importers.formats.{other}' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_importers_reach_the_database_only_through_the_store() -> None:
    offenders = []
    for path in sorted((ROOT / "importers").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "db":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
