"""Reusable widgets of the TUI (chat input, message bubbles, memory panel, status bar)."""

from __future__ import annotations

from app.tui.widgets.bubble import MessageBubble
from app.tui.widgets.chat_input import ChatInput
from app.tui.widgets.item_render import item_text, retention_bar
from app.tui.widgets.memory_panel import MemoryItem, MemoryPanel
from app.tui.widgets.status_bar import StatusBar

__all__ = [
    "ChatInput",
    "MemoryItem",
    "MemoryPanel",
    "MessageBubble",
    "StatusBar",
    "item_text",
    "retention_bar",
]
