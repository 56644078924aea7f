"""``MessageBubble``: one chat message; citations like [1] stand out and match the panel."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

CITATION = r"\[\d+\]"


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
        body = Text(self._text or "…")
        if self.role == "assistant":
            body.highlight_regex(CITATION, style="bold reverse")
        out.append_text(body)
        return out

    def append(self, piece: str) -> None:
        """Add a streamed piece to the message."""
        self._text += piece
        self.update(self._render_text())

    def set_text(self, text: str) -> None:
        """Replace the whole message."""
        self._text = text
        self.update(self._render_text())

    @property
    def text(self) -> str:
        return self._text
