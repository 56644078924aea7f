"""Widgets of the chat screen: the multi-line input, message bubbles, the memory panel."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import ListItem, ListView, Static, TextArea

from memory.recall import Hit


class ChatInput(TextArea):
    """Multi-line input: Enter sends, Ctrl+J (or Alt+Enter) starts a new line."""

    @dataclass
    class Submitted(Message):
        """The user sent ``text``."""

        input: ChatInput
        text: str

    def __init__(self, **kwargs: object) -> None:
        super().__init__(soft_wrap=True, show_line_numbers=False, **kwargs)  # type: ignore[arg-type]

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            text = self.text.strip()
            if text:
                self.post_message(self.Submitted(self, text))
                self.clear()
            return
        if event.key in ("ctrl+j", "alt+enter", "shift+enter"):
            event.stop()
            event.prevent_default()
            self.insert("\n")
            return
        await super()._on_key(event)


class MessageBubble(Static):
    """One chat message; assistant bubbles grow as tokens stream in."""

    def __init__(self, role: str, text: str = "", **kwargs: object) -> None:
        super().__init__(markup=False, classes=f"bubble {role}", **kwargs)  # type: ignore[arg-type]
        self.role = role
        self._text = text
        self.update(self._render_text())

    def _render_text(self) -> Text:
        who = "You" if self.role == "user" else "Mneme"
        out = Text()
        out.append(f"{who}\n", style="bold")
        out.append(self._text or "…")
        return out

    def append(self, piece: str) -> None:
        self._text += piece
        self.update(self._render_text())

    def set_text(self, text: str) -> None:
        self._text = text
        self.update(self._render_text())

    @property
    def text(self) -> str:
        return self._text


def retention_bar(value: float, width: int = 8) -> str:
    filled = max(0, min(width, round(value * width)))
    return "█" * filled + "░" * (width - filled)


class MemoryItem(ListItem):
    """One recalled memory in the side panel."""

    def __init__(self, n: int, hit: Hit) -> None:
        self.hit = hit
        date = (hit.timestamp or "undated")[:10]
        source = hit.source.rsplit("/", 1)[-1]
        body = " ".join(hit.text.split())
        if len(body) > 140:
            body = body[:139] + "…"
        text = Text()
        text.append(f"[{n}] ", style="bold")
        text.append(f"{hit.tier} · {source} · {date}\n", style="dim")
        if hit.speaker:
            text.append(f"{hit.speaker}: ", style="italic")
        text.append(body + "\n")
        retention = float(hit.metadata.get("retention", 1.0)) if hit.metadata else 1.0
        text.append(f"{retention_bar(retention)} ", style="green")
        text.append("; ".join(hit.why), style="dim")
        super().__init__(Static(text, markup=False))


class MemoryPanel(ListView):
    """The memories recalled for the current turn."""

    def show(self, hits: list[Hit]) -> None:
        self.clear()
        for n, hit in enumerate(hits, 1):
            self.append(MemoryItem(n, hit))
        self.border_title = f"Recalled ({len(hits)})"
