"""iCalendar files (``.ics``): each event (VEVENT) becomes an ``event`` record, and so does
each to-do (VTODO; see ``importers.formats.ics_calendar`` for loading, repairs and to-dos).

Times are converted to UTC (``event_time``) and the original time zone is kept in metadata;
all-day events keep their dates. Recurring events (RRULE/RDATE/EXDATE, moved occurrences)
are expanded with ``recurring-ical-events`` over a bounded window: from the first event up to
two years after the last non-recurring event (or the last series start), at most
``MAX_PER_SERIES`` occurrences per series; the metadata says how a series was expanded.
The record text is a readable sentence, e.g. "Dentist appointment at Clinic X on 2024-03-01
15:00-16:00 (Europe/Lisbon). Notes: ...". These records later become episodic memories.
"""

from __future__ import annotations

import itertools
import logging
from collections import Counter
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from importers.base import ParsedFile, ParseOptions
from importers.errors import ParseError
from importers.formats import ics_calendar
from importers.source import SourceFile
from memory.records import RecordIn

log = logging.getLogger(__name__)

MAX_PER_SERIES = 200
MAX_OCCURRENCES = 20_000
HORIZON = timedelta(days=730)


def to_utc(value: date | datetime) -> datetime:
    """A DATE or DATE-TIME as an aware UTC datetime (floating times are taken as UTC)."""
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def tz_name(prop: Any) -> str | None:
    """The time zone a DTSTART was written in (its TZID, or the tzinfo's name)."""
    if prop is None:
        return None
    tzid = prop.params.get("TZID") if hasattr(prop, "params") else None
    if tzid:
        return str(tzid).replace("\\,", ",")  # a quoted TZID keeps its commas escaped
    value = getattr(prop, "dt", None)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return "floating"
        key = getattr(value.tzinfo, "key", None)
        if key:
            return str(key)
        if value.utcoffset() == timedelta(0):
            return "UTC"
        return str(value.tzname() or value.tzinfo)
    return None


def _text(component: Any, name: str) -> str | None:
    value = component.get(name)
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0] if value else None
    text = str(value).strip() if value is not None else ""
    return text or None


def _attendees(component: Any) -> list[dict[str, str]]:
    raw = component.get("ATTENDEE")
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for item in items:
        addr = str(item)
        if addr.lower().startswith("mailto:"):
            addr = addr[7:]
        params = getattr(item, "params", {})
        name = str(params.get("CN", "")).strip()
        status = str(params.get("PARTSTAT", "")).strip()
        entry = {"name": name, "address": addr.strip()}
        if status:
            entry["status"] = status
        out.append(entry)
    return out


def _local(value: date | datetime, tz: tzinfo | None) -> datetime | date:
    if isinstance(value, datetime) and value.tzinfo is not None and tz is not None:
        return value.astimezone(tz)
    return value


def when_phrase(
    start: date | datetime, end: date | datetime | None, all_day: bool, zone: str | None
) -> str:
    """``"2024-03-01 15:00-16:00 (Europe/Lisbon)"`` or ``"2022-01-01 (all day)"``."""
    if all_day:
        s = start.isoformat()[:10]
        if end is not None:
            last = end - timedelta(days=1)
            if last > start:
                return f"{s} to {last.isoformat()[:10]} (all day)"
        return f"{s} (all day)"
    assert isinstance(start, datetime)
    s = start.strftime("%Y-%m-%d %H:%M")
    if isinstance(end, datetime) and end > start:
        tail = (
            end.strftime("%H:%M") if end.date() == start.date() else end.strftime("%Y-%m-%d %H:%M")
        )
        sep = "-" if end.date() == start.date() else " to "
        s = f"{s}{sep}{tail}"
    zone_label = zone if zone and zone != "floating" else None
    return f"{s} ({zone_label})" if zone_label else s


def event_sentence(
    summary: str | None,
    location: str | None,
    when: str,
    attendees: list[dict[str, str]],
    description: str | None,
) -> str:
    """The readable sentence of one event."""
    text = summary or "Event"
    if location:
        text += " at " + location.replace("\n", ", ")
    text += f" on {when}."
    if attendees:
        names = [a["name"] or a["address"] for a in attendees if a["name"] or a["address"]]
        if names:
            text += " With: " + ", ".join(names) + "."
    if description:
        text += " Notes: " + description.strip()
    return text


class IcsParser:
    """iCalendar files: events with time zones and recurrence."""

    name = "icalendar"
    description = "Calendars (.ics): events with time zones, all-day events and recurrence"

    def sniff(self, f: SourceFile) -> float:
        head = f.head(2048).lstrip(b"\xef\xbb\xbf \t\r\n")
        if head[:15].upper() == b"BEGIN:VCALENDAR":
            return 0.95
        if f.suffix in (".ics", ".ical", ".ifb", ".icalendar"):
            return 0.6
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        import recurring_ical_events

        data = f.read_bytes()
        if f.looks_binary():
            raise ParseError(f.display, "binary data, not a calendar")
        cal, warnings = ics_calendar.load(f, data)
        cal_name = _text(cal, "X-WR-CALNAME")
        events = list(cal.walk("VEVENT"))
        extra = [ics_calendar.todo_record(f, todo) for todo in cal.walk("VTODO")]
        journals = (ics_calendar.journal_record(f, j) for j in cal.walk("VJOURNAL"))
        extra.extend(j for j in journals if j is not None)
        series: dict[str, str | None] = {}
        single_starts: list[datetime] = []
        series_starts: list[datetime] = []
        singles: list[Any] = []
        for ev in events:
            prop = ev.get("DTSTART")
            if prop is None or not isinstance(getattr(prop, "dt", None), (date, datetime)):
                undated = ics_calendar.undated_record(f, ev)
                if undated is not None:
                    extra.append(undated)
                continue
            uid = _text(ev, "UID") or ""
            rrule = ev.get("RRULE")
            recurring = rrule is not None or ev.get("RDATE") is not None
            start = to_utc(prop.dt)
            if recurring:
                series[uid] = rrule.to_ical().decode() if rrule is not None else "RDATE"
                series_starts.append(start)
            elif ev.get("RECURRENCE-ID") is None:
                single_starts.append(start)
                singles.append(ev)
        all_starts = single_starts + series_starts
        if not all_starts:
            if not events and not extra:
                warnings.append("calendar has no events")
            elif not extra:
                warnings.append("no event has a start date")
            return ParsedFile(
                kind=self.name, records=extra, title=cal_name or f.stem, warnings=warnings
            )
        first = min(all_starts)
        horizon = max(single_starts or series_starts) + HORIZON
        try:
            query = recurring_ical_events.of(cal, skip_bad_series=True)
            occurrences = query.after(first - timedelta(days=1))
            records, truncated = self._records(f, occurrences, series, horizon, warnings)
            records.extend(self._missed(f, singles, records, series, horizon, warnings))
        except ParseError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError) as e:
            raise ParseError(f.display, f"cannot read the calendar's events ({e})") from e
        except Exception as e:
            raise ParseError(
                f.display, f"cannot expand recurring events ({type(e).__name__}: {e})"
            ) from e
        for uid in truncated:
            warnings.append(
                f"recurring event {uid!r}: only the first {MAX_PER_SERIES} occurrences imported"
            )
        return ParsedFile(
            kind=self.name,
            records=records + extra,
            title=cal_name or f.stem,
            warnings=warnings,
            metadata={
                "calendar": cal_name,
                "events": len(events),
                "window": {"start": first.isoformat(), "end": horizon.isoformat()},
            },
        )

    def _records(
        self,
        f: SourceFile,
        occurrences: Any,
        series: dict[str, str | None],
        horizon: datetime,
        warnings: list[str],
    ) -> tuple[list[RecordIn], list[str]]:
        per_uid: Counter[str] = Counter()
        truncated: list[str] = []
        records: list[RecordIn] = []
        for n, ev in enumerate(itertools.islice(occurrences, MAX_OCCURRENCES + 1)):
            if n == MAX_OCCURRENCES:
                warnings.append(f"stopped after {MAX_OCCURRENCES} occurrences")
                break
            start_prop = ev.get("DTSTART")
            start = getattr(start_prop, "dt", None)
            if not isinstance(start, (date, datetime)):
                continue
            start_utc = to_utc(start)
            if start_utc > horizon:
                break
            uid = _text(ev, "UID") or ""
            recurring = uid in series
            if recurring:
                per_uid[uid] += 1
                if per_uid[uid] > MAX_PER_SERIES:
                    if uid not in truncated:
                        truncated.append(uid)
                    continue
            records.append(
                self._record(f, ev, start, start_prop, uid, series.get(uid), recurring, horizon)
            )
        return records, truncated

    def _missed(
        self,
        f: SourceFile,
        singles: list[Any],
        records: list[RecordIn],
        series: dict[str, str | None],
        horizon: datetime,
        warnings: list[str],
    ) -> list[RecordIn]:
        """The one-off events the expander left out (it skips an event it cannot read),
        each read on its own, with a warning."""
        seen = {(r.metadata.get("uid") or "", r.metadata.get("start")) for r in records}
        out: list[RecordIn] = []
        for ev in singles:
            prop = ev.get("DTSTART")
            start = prop.dt
            uid = _text(ev, "UID") or ""
            key = (uid, to_utc(start).isoformat() if isinstance(start, datetime) else None)
            if key in seen or (uid, start.isoformat()) in seen or to_utc(start) > horizon:
                continue
            out.append(self._record(f, ev, start, prop, uid, None, False, horizon))
            warnings.append(
                f"{ics_calendar.label(ev)}: the recurrence reader skipped it; read on its own"
            )
        return out

    def _record(
        self,
        f: SourceFile,
        ev: Any,
        start: date | datetime,
        start_prop: Any,
        uid: str,
        rrule: str | None,
        recurring: bool,
        horizon: datetime,
    ) -> RecordIn:
        all_day = not isinstance(start, datetime)
        end_prop = ev.get("DTEND")
        end = getattr(end_prop, "dt", None)
        if end is None and ev.get("DURATION") is not None:
            end = start + ev.get("DURATION").dt
        if all_day and (end is None or not isinstance(end, date) or end <= start):
            end = start + timedelta(days=1)
        zone = tz_name(start_prop)
        tz = start.tzinfo if isinstance(start, datetime) else None
        local_end = _local(end, tz) if end is not None else None
        summary = _text(ev, "SUMMARY")
        location = _text(ev, "LOCATION")
        description = _text(ev, "DESCRIPTION")
        attendees = _attendees(ev)
        organizer = _text(ev, "ORGANIZER")
        rid = ev.get("RECURRENCE-ID")
        recurrence_id = to_utc(rid.dt).isoformat() if recurring and rid is not None else None
        when = when_phrase(start, local_end, all_day, zone)
        meta: dict[str, Any] = {
            "start": to_utc(start).isoformat() if not all_day else start.isoformat(),
            "end": (to_utc(end).isoformat() if not all_day else end.isoformat())
            if end is not None
            else None,
            "start_local": start.isoformat(),
            "timezone": zone,
            "all_day": all_day,
            "location": location,
            "attendees": attendees,
            "organizer": organizer[7:]
            if organizer and organizer.lower().startswith("mailto:")
            else organizer,
            "uid": uid or None,
            "rrule": rrule,
            "recurrence_id": recurrence_id,
            "status": _text(ev, "STATUS"),
        }
        if recurring:
            meta["expanded"] = {
                "until": horizon.isoformat(),
                "max_occurrences": MAX_PER_SERIES,
                "note": "recurring event expanded up to two years after the calendar's "
                f"last event, at most {MAX_PER_SERIES} occurrences",
            }
        return RecordIn(
            text=event_sentence(summary, location, when, attendees, description),
            kind="event",
            conversation=f"{f.uri}#{uid}" if uid else f.uri,
            title=summary,
            event_time=to_utc(start),
            external_id=f"{uid}@{to_utc(start).isoformat()}" if uid else None,
            metadata=meta,
        )


PARSER = IcsParser()
