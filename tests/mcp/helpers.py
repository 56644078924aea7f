"""Helpers for the MCP tests: reading tool results as a client sees them."""

from __future__ import annotations

from typing import Any

from mcp.types import CallToolResult

SOURCE_KEYS = {"id", "source", "timestamp", "quote"}


def ok(result: CallToolResult) -> dict[str, Any]:
    """The structured result of a call that must have succeeded."""
    assert not result.is_error, result.content
    assert result.structured_content is not None
    return result.structured_content


def refused(result: CallToolResult) -> str:
    """The message of a call that must have failed (an MCP tool error, never a traceback)."""
    assert result.is_error, result.structured_content
    text = "\n".join(getattr(c, "text", "") for c in result.content)
    assert "Traceback" not in text and 'File "' not in text, text
    return text


def assert_sources(sources: list[dict[str, Any]]) -> None:
    """Every source names its item, where it came from, when, and its words."""
    assert sources
    for s in sources:
        assert set(s) >= SOURCE_KEYS, s
        assert s["id"][0] in "rfep" and s["id"][1:].isdigit(), s
        assert s["source"] and s["quote"], s
