"""What the status bar shows: the model, the store's size and the background work under way.

``MnemeApp`` owns one ``StatusInfo`` and publishes a new one (on its ``status_signal``)
whenever something changes; ``StatusBar`` widgets render it. Plain data, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class TaskInfo:
    """One piece of background work (model loading, an import, the watcher, consolidation).

    Attributes:
        key: a stable id ("models", "import", "watch", "consolidate").
        label: what the user reads ("importing", "loading models").
        done: items finished so far (None when unknown).
        total: items in all (None when unknown).
        detail: a short extra word ("3 folders", a file name).
    """

    key: str
    label: str
    done: int | None = None
    total: int | None = None
    detail: str = ""

    def render(self, width: int = 8) -> str:
        """``importing ▰▰▰▱▱▱▱▱ 3/8``, ``watching 2 folders · added a.md`` or
        ``loading models…``."""
        if self.total:
            done = max(0, min(self.total, self.done or 0))
            filled = round(width * done / self.total)
            bar = "▰" * filled + "▱" * (width - filled)
            text = f"{self.label} {bar} {done}/{self.total}"
        elif self.detail:
            return f"{self.label} · {self.detail}"
        else:
            text = f"{self.label}…"
        return f"{text} {self.detail}".rstrip()


@dataclass(frozen=True)
class StatusInfo:
    """Everything the status bar shows."""

    model: str = "…"
    records: int | None = None
    sources: int | None = None
    models_ready: bool = False
    services_ready: bool = False
    error: str | None = None
    tasks: tuple[TaskInfo, ...] = ()

    def with_task(self, task: TaskInfo) -> StatusInfo:
        """This status with ``task`` added or replaced (same key)."""
        others = tuple(t for t in self.tasks if t.key != task.key)
        return replace(self, tasks=(*others, task))

    def without_task(self, key: str) -> StatusInfo:
        """This status with the task ``key`` finished."""
        return replace(self, tasks=tuple(t for t in self.tasks if t.key != key))

    def render(self) -> str:
        """One line: ``model · 1,234 memories · 56 sources · ready │ importing 3/8``."""
        if self.error:
            state = "not started (see the notification)"
        elif not self.services_ready:
            state = "starting…"
        elif not self.models_ready:
            state = "loading models…"
        else:
            state = "ready"
        parts = [self.model]
        if self.records is not None and self.sources is not None:
            parts.append(f"{self.records:,} memor{'y' if self.records == 1 else 'ies'}")
            parts.append(f"{self.sources:,} source{'' if self.sources == 1 else 's'}")
        parts.append(state)
        line = " · ".join(parts)
        for task in self.tasks:
            if task.key == "models":
                continue
            line += " │ " + task.render()
        return line
