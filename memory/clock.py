"""Time helpers. Every timestamp Mneme stores is an ISO-8601 string in UTC.

A ``Clock`` is passed down from the composition root so tests can inject time (decay,
"last March"); nothing in ``memory`` calls ``datetime.now()`` directly.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def to_utc(value: datetime) -> datetime:
    """Make ``value`` aware and in UTC (naive values are taken as UTC)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def iso(value: datetime | None) -> str | None:
    """ISO-8601 UTC string with seconds, or None."""
    if value is None:
        return None
    return to_utc(value).isoformat(timespec="seconds")


def parse_iso(value: str | None) -> datetime | None:
    """Parse a stored timestamp back to an aware datetime (None stays None)."""
    if not value:
        return None
    try:
        return to_utc(datetime.fromisoformat(value))
    except ValueError:
        return None
