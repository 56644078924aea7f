"""Reading a server-sent-events stream strictly and within bounds.

Used by ``models.openai_compat`` for streamed chat completions. A chat server's stream is
lines of ``data: ...`` (plus ``event:``, ``id:``, ``retry:`` and ``:`` comment lines),
events ending at a blank line. Anything else means the other end is not a chat server (a web
page, a proxy's error, random bytes): ``SSEError`` says so at once instead of waiting for
the stream to end. A line is at most ``max_line`` bytes, so an endless line cannot fill
memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from models.errors import ModelError

FIELDS = ("data", "event", "id", "retry")


class SSEError(ModelError):
    """The bytes are not a server-sent-events stream."""


def sse_data(chunks: Iterable[bytes], *, max_line: int = 1 << 20) -> Iterator[str]:
    """The data of each event in ``chunks`` (the multi-line data of one event joined with
    newlines), as the events complete.

    Raises:
        SSEError: a line that is not an event field, not UTF-8, or longer than ``max_line``.
    """
    buffer = b""
    data: list[str] = []
    for chunk in chunks:
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        if len(buffer) > max_line:
            raise SSEError(f"a line over {max_line:,} bytes")
        for raw in lines:
            if len(raw) > max_line:
                raise SSEError(f"a line over {max_line:,} bytes")
            line = _decode(raw.rstrip(b"\r"))
            if not line:
                if data:
                    yield "\n".join(data)
                    data = []
                continue
            value = _field(line, "data")
            if value is not None:
                data.append(value)
    if buffer.strip():
        value = _field(_decode(buffer.rstrip(b"\r")), "data")
        if value is not None:
            data.append(value)
    if data:
        yield "\n".join(data)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise SSEError("bytes that are not UTF-8 text") from e


def _field(line: str, wanted: str) -> str | None:
    """The value of ``line`` when it is the field ``wanted``; None for another field or a
    comment; ``SSEError`` for a line that is no field at all."""
    if line.startswith(":"):
        return None
    name, colon, value = line.partition(":")
    if not colon or name not in FIELDS:
        raise SSEError(f"a line that is not server-sent events: {line[:40]!r}")
    if name != wanted:
        return None
    return value[1:] if value.startswith(" ") else value
