"""LoCoMo-format conversation archives (a JSON list of long two-person chats).

The format comes from the LoCoMo benchmark (Maharana et al., 2024): a JSON list whose items
hold a ``sample_id`` and a ``conversation`` with ``speaker_a``, ``speaker_b``, ``session_N``
(lists of turns ``{"speaker", "dia_id", "text"}``, plus ``blip_caption``/``img_url``/``query``
when an image is shared) and ``session_N_date_time`` ("1:56 pm on 8 May, 2023"). Mneme reads
it as the user's chat archive; ``bench.recall`` imports it through the normal pipeline.

Every turn becomes one ``message`` record:

- ``speaker``: the turn's speaker; ``text``: the turn's words, plus
  ``[shares image: <caption>]`` when the speaker shared a captioned image;
- ``event_time``: the session's date and time, plus ``TURN_STEP`` per turn index, so turns
  keep their order when sorted by time;
- ``conversation``: ``"<sample_id>:session_<N>"``; ``external_id``: the ``dia_id``;
- ``metadata``: ``sample_id``, ``session``, ``dia_id`` (and ``img_url``, ``query``,
  ``blip_caption`` for images).

All conversations of a file go into one ``ParsedFile`` titled with the file name (records
carry their own ``sample_id``), so a file is stored, deduplicated and superseded as a whole
like any other file. ``session_N_date_time`` keys without a matching ``session_N`` (LoCoMo has
such leftovers) are ignored; the QA, summaries and observations are not imported (they are
annotations, not the user's chats).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from importers.base import ParsedFile, ParseOptions
from importers.errors import ParseError
from importers.source import SourceFile
from importers.timeparse import parse_datetime
from memory.records import RecordIn

TURN_STEP = timedelta(seconds=10)
"""Added to the session's time per turn index, to keep the turns' order."""
MAX_SNIFF_BYTES = 256 * 1024 * 1024
"""Files larger than this are not parsed just to sniff them."""

_SESSION_KEY = re.compile(r"^session_(\d+)$")
_LOCOMO_TIME = re.compile(
    r"^\s*(\d{1,2})[:.](\d{2})\s*([ap])\.?\s*m\.?\s+on\s+(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})\s*$",
    re.I,
)
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}


def parse_session_time(value: str) -> datetime | None:
    """Parse a LoCoMo session time ("1:56 pm on 8 May, 2023") as an aware UTC datetime.

    Other spellings fall back to the generic date parser; None when it is not a date.
    """
    m = _LOCOMO_TIME.match(value)
    if m:
        hour, minute, half, day, month_name, year = m.groups()
        month = _MONTHS.get(month_name.lower())
        h = int(hour) % 12 + (12 if half.lower() == "p" else 0)
        if month is not None:
            try:
                return datetime(int(year), month, int(day), h, int(minute), tzinfo=UTC)
            except ValueError:
                return None
    return parse_datetime(value.replace(" on ", " "))


def _session_numbers(conv: dict[str, Any]) -> list[int]:
    return sorted(
        int(m.group(1)) for k in conv if (m := _SESSION_KEY.match(k)) and isinstance(conv[k], list)
    )


def looks_like_locomo(data: Any) -> bool:
    """True for a JSON list whose items hold a ``conversation`` with speakers and sessions."""
    if not isinstance(data, list) or not data:
        return False
    for item in data:
        conv = item.get("conversation") if isinstance(item, dict) else None
        if not isinstance(conv, dict) or "speaker_a" not in conv or not _session_numbers(conv):
            return False
    return True


def _turn_record(
    turn: dict[str, Any], sample_id: str, n: int, index: int, when: datetime | None
) -> RecordIn | None:
    speaker = turn.get("speaker")
    text = turn.get("text")
    text = text.strip() if isinstance(text, str) else ""
    caption = turn.get("blip_caption")
    caption = caption.strip() if isinstance(caption, str) else ""
    if caption:
        text = f"{text} [shares image: {caption}]".strip()
    if not text:
        return None
    dia_id = turn.get("dia_id")
    dia_id = str(dia_id) if dia_id is not None else f"D{n}:{index + 1}"
    meta: dict[str, Any] = {"sample_id": sample_id, "session": n, "dia_id": dia_id}
    for key in ("img_url", "query", "blip_caption"):
        if turn.get(key):
            meta[key] = turn[key]
    return RecordIn(
        text=text,
        kind="message",
        speaker=str(speaker) if speaker else None,
        conversation=f"{sample_id}:session_{n}",
        event_time=when + index * TURN_STEP if when is not None else None,
        external_id=dia_id,
        metadata=meta,
    )


def conversation_records(
    item: dict[str, Any], position: int, warnings: list[str]
) -> list[RecordIn]:
    """The records of one LoCoMo conversation (``position`` names it when it has no id)."""
    sample_id = str(item.get("sample_id") or f"conversation_{position}")
    conv = item["conversation"]
    records: list[RecordIn] = []
    for n in _session_numbers(conv):
        raw_time = conv.get(f"session_{n}_date_time")
        when = parse_session_time(raw_time) if isinstance(raw_time, str) else None
        if when is None:
            warnings.append(
                f"{sample_id} session {n}: no readable date ({raw_time!r}); turns left undated"
            )
        skipped = 0
        for index, turn in enumerate(conv[f"session_{n}"]):
            rec = _turn_record(turn, sample_id, n, index, when) if isinstance(turn, dict) else None
            if rec is None:
                skipped += 1
            else:
                records.append(rec)
        if skipped:
            warnings.append(f"{sample_id} session {n}: {skipped} turn(s) without text skipped")
    return records


class LocomoParser:
    """LoCoMo-format conversation archives (``.json``), sniffed by content."""

    name = "locomo"
    description = "LoCoMo-format chat archives (JSON list of conversations with sessions)"

    def sniff(self, f: SourceFile) -> float:
        if f.size > MAX_SNIFF_BYTES:
            return 0.0
        head = f.head(64).lstrip(b"\xef\xbb\xbf \t\r\n")
        if not head.startswith(b"["):
            return 0.0
        data = f.read_bytes()
        if b'"conversation"' not in data or b'"speaker_a"' not in data:
            return 0.0
        try:
            parsed = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            return 0.0
        return 0.95 if looks_like_locomo(parsed) else 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        try:
            data = json.loads(f.read_text())
        except ValueError as e:
            raise ParseError(f.display, f"not valid JSON ({e})") from e
        if not looks_like_locomo(data):
            raise ParseError(
                f.display,
                "not a LoCoMo archive (expected a JSON list of objects whose `conversation` "
                "holds `speaker_a` and `session_N` turn lists)",
            )
        warnings: list[str] = []
        records: list[RecordIn] = []
        samples: list[str] = []
        for position, item in enumerate(data):
            records.extend(conversation_records(item, position, warnings))
            samples.append(str(item.get("sample_id") or f"conversation_{position}"))
        return ParsedFile(
            kind=self.name,
            records=records,
            title=f.name,
            warnings=warnings,
            metadata={"conversations": samples},
        )


PARSER = LocomoParser()
