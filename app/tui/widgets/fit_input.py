"""``FitInput``: an input whose placeholder is the longest of its wordings that fits.

At 80 columns the memory browser's look-up box, the import screen's path box and the
prefill screen's boxes are narrow; a long placeholder was cut mid-word ("What do I know").
Each gets shorter wordings of the same hint, and shows the longest that fits its width.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual import events
from textual.widgets import Input

CURSOR = 1
"""The cell the cursor takes at the end of the text."""


class FitInput(Input):
    """An input with several wordings of its placeholder, longest first."""

    def __init__(self, *placeholders: str, **kwargs: Any) -> None:
        super().__init__(placeholder=placeholders[0], **kwargs)
        self.placeholders = placeholders

    def fitting(self, width: int) -> str:
        """The longest wording that fits ``width`` cells (the shortest if none does)."""
        for text in self.placeholders:
            if cell_len(text) + CURSOR <= width:
                return text
        return self.placeholders[-1]

    def on_resize(self, event: events.Resize) -> None:
        self.placeholder = self.fitting(self.content_size.width)
