"""Reading an iCalendar file for ``importers.formats.ics``: loading and the parts the
recurrence expander does not show.

- A file may hold several VCALENDARs one after another (some exporters concatenate calendars);
  their components are read together, and a warning says how many there were.
- A date or time the strict parser rejects (``DTEND: 20240812T223000Z``, with a space, as
  Salesforce writes it) is read again without the stray spaces; one that still cannot be read
  is dropped with a warning naming the event. The expander skips a whole event over one broken
  value, so without this the event was lost without a word. So is a DTEND that is a time
  when DTSTART is a day (or the reverse), which stopped the whole calendar.
- To-dos (VTODO) become ``event`` records flagged ``metadata.todo = True``, dated by their
  due date (else their start, else when they were completed); journal entries (VJOURNAL)
  become records flagged ``metadata.journal = True``, dated by their start.
- An event with no readable start still becomes a record, undated, instead of being dropped.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from importers.errors import ParseError
from importers.source import SourceFile
from memory.records import RecordIn

TIME_PROPS = ("DTSTART", "DTEND", "DUE", "RECURRENCE-ID", "DURATION", "COMPLETED")
_READ_ERRORS = (ValueError, KeyError, IndexError, TypeError, AttributeError)


def load(f: SourceFile, data: bytes) -> tuple[Any, list[str]]:
    """The calendar in ``data`` (several VCALENDARs merged into the first) and warnings.

    Raises:
        ParseError: not iCalendar at all, or no VCALENDAR in it.
    """
    import icalendar

    try:
        found = icalendar.Calendar.from_ical(data, multiple=True)
    except _READ_ERRORS as e:
        raise ParseError(f.display, f"not a valid iCalendar file ({e})") from e
    cals = [c for c in found if getattr(c, "name", "") == "VCALENDAR"]
    if not cals:
        names = sorted({str(getattr(c, "name", "?")) for c in found})
        holds = f"; it holds only {', '.join(names)}" if names else ""
        raise ParseError(f.display, f"not an iCalendar file (no VCALENDAR{holds})")
    cal = cals[0]
    for extra in cals[1:]:
        for sub in extra.subcomponents:
            cal.add_component(sub)
    warnings = [f"{len(cals)} calendars in one file; read together"] if len(cals) > 1 else []
    warnings.extend(repair(cal))
    return cal, warnings


def label(component: Any) -> str:
    """How a warning names an event or to-do: its summary, else its UID."""
    for name in ("SUMMARY", "UID"):
        value = component.get(name)
        if value is not None and str(value).strip():
            return repr(str(value).strip())
    return f"a {component.name}"


def repair(cal: Any) -> list[str]:
    """Read again, without stray spaces, the date values the parser rejected; drop the
    ones that still cannot be read. Returns a warning for each value dropped."""
    from icalendar.prop import vBroken, vDDDTypes

    warnings: list[str] = []
    for comp in cal.walk():
        if comp.name not in ("VEVENT", "VTODO", "VJOURNAL"):
            continue
        for name in TIME_PROPS:
            value = comp.get(name)
            if not isinstance(value, vBroken):
                continue
            raw = str(value).strip()
            params = dict(value.params)
            del comp[name]
            try:
                fixed = vDDDTypes.from_ical(raw, timezone=params.get("TZID"))
            except _READ_ERRORS:
                warnings.append(f"{label(comp)}: unreadable {name} {raw!r}; ignored")
                continue
            comp.add(name, fixed, parameters=params)
        start, end = _date(comp, "DTSTART"), _date(comp, "DTEND")
        if start is not None and end is not None and (
            isinstance(start, datetime) != isinstance(end, datetime)
        ):  # a day start with a timed end (or back): nothing can compare the two
            del comp["DTEND"]
            warnings.append(f"{label(comp)}: DTEND is not of DTSTART's kind (date/time); ignored")
    return warnings


def _date(component: Any, name: str) -> date | datetime | None:
    value = getattr(component.get(name), "dt", None)
    return value if isinstance(value, date) else None


def _utc(value: date | datetime) -> datetime:
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _show(value: date | datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value.isoformat()


def _text(component: Any, name: str) -> str | None:
    value = component.get(name)
    text = str(value).strip() if value is not None and not isinstance(value, list) else ""
    return text or None


def todo_record(f: SourceFile, todo: Any) -> RecordIn:
    """One VTODO as an ``event`` record: ``"To do: X (due 2007-05-01). Status: needs action."``"""
    summary = _text(todo, "SUMMARY")
    due, start, done = _date(todo, "DUE"), _date(todo, "DTSTART"), _date(todo, "COMPLETED")
    status = _text(todo, "STATUS")
    cats = todo.get("CATEGORIES")
    cat_list = cats if isinstance(cats, list) else [cats] if cats is not None else []
    categories = [str(c) for item in cat_list for c in getattr(item, "cats", [item])]
    text = f"To do: {summary or 'untitled'}"
    if due is not None:
        text += f" (due {_show(due)})"
    elif start is not None:
        text += f" (from {_show(start)})"
    text += "."
    if status:
        text += f" Status: {status.lower().replace('-', ' ')}."
    if done is not None:
        text += f" Completed {_show(done)}."
    description = _text(todo, "DESCRIPTION")
    if description:
        text += f" Notes: {description}"
    uid = _text(todo, "UID")
    at = due or start or done
    return RecordIn(
        text=text,
        kind="event",
        conversation=f"{f.uri}#{uid}" if uid else f.uri,
        title=summary,
        event_time=_utc(at) if at is not None else None,
        external_id=f"todo:{uid}" if uid else None,
        metadata={
            "todo": True,
            "uid": uid,
            "due": due.isoformat() if due is not None else None,
            "start": start.isoformat() if start is not None else None,
            "completed": done.isoformat() if done is not None else None,
            "status": status,
            "categories": categories,
            "location": _text(todo, "LOCATION"),
        },
    )


def journal_record(f: SourceFile, entry: Any) -> RecordIn | None:
    """One VJOURNAL (a diary entry kept in a calendar) as a record dated by its DTSTART."""
    summary = _text(entry, "SUMMARY")
    description = _text(entry, "DESCRIPTION")
    if not (summary or description):
        return None
    start = _date(entry, "DTSTART")
    text = f"Journal ({_show(start)}): " if start is not None else "Journal: "
    text += ". ".join(x for x in (summary, description) if x)
    uid = _text(entry, "UID")
    return RecordIn(
        text=text,
        kind="event",
        conversation=f"{f.uri}#{uid}" if uid else f.uri,
        title=summary,
        event_time=_utc(start) if start is not None else None,
        external_id=f"journal:{uid}" if uid else None,
        metadata={"journal": True, "uid": uid, "start": start.isoformat() if start else None},
    )


def undated_record(f: SourceFile, event: Any) -> RecordIn | None:
    """An event with no readable start, as an undated record (None if it says nothing)."""
    summary = _text(event, "SUMMARY")
    location = _text(event, "LOCATION")
    description = _text(event, "DESCRIPTION")
    if not (summary or location or description):
        return None
    text = summary or "Event"
    if location:
        text += " at " + location.replace("\n", ", ")
    text += " (no date given)."
    if description:
        text += f" Notes: {description}"
    uid = _text(event, "UID")
    return RecordIn(
        text=text,
        kind="event",
        conversation=f"{f.uri}#{uid}" if uid else f.uri,
        title=summary,
        external_id=f"undated:{uid}" if uid else None,
        metadata={"uid": uid, "location": location, "undated": True},
    )
