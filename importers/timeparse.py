"""Parsing the many ways archives write dates, into aware UTC datetimes."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from dateutil import parser as du_parser

log = logging.getLogger(__name__)


def parse_datetime(value: str, *, dayfirst: bool = False) -> datetime | None:
    """Parse an ISO-8601 or common human date; None when it is not a date.

    Naive results are taken as UTC.
    """
    value = value.strip()
    if not value or len(value) > 64:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = du_parser.parse(value, dayfirst=dayfirst, fuzzy=False)
        except (ValueError, OverflowError):
            return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def from_timestamp(value: float | int | str | None) -> datetime | None:
    """POSIX seconds (or milliseconds, or microseconds) to an aware UTC datetime."""
    if value is None or value == "":
        return None
    try:
        num = float(value)
    except (TypeError, ValueError):
        return None
    if num > 1e14:
        num /= 1e6
    elif num > 1e11:
        num /= 1e3
    try:
        return datetime.fromtimestamp(num, UTC)
    except (OverflowError, OSError, ValueError):
        return None
