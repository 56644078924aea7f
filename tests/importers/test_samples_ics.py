"""iCalendar files written by other projects (``tests/data/samples/icalendar``, see
``tests/data/samples/SOURCES.tsv``): broken values, to-dos, undated events, quoted zones."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from app.bootstrap import Services
from importers.formats.ics import PARSER
from importers.registry import detect
from tests.conftest import write
from tests.importers.chat_helpers import parse, source, texts

SAMPLES = Path(__file__).parents[1] / "data" / "samples" / "icalendar"


def test_an_event_with_a_spaced_dtend_is_not_lost() -> None:
    """vobject_0050.ics (a Salesforce export) writes ``DTEND: 20240812T223000Z``; the
    recurrence reader skipped the whole event over it, and the file imported 0 records with
    no warning."""
    parsed = parse(PARSER, SAMPLES / "vobject_vobject_0050.ics")
    (rec,) = parsed.records
    assert rec.text == (
        "Personal: Open a new account at POJOAQUE on 2024-08-12 21:30-22:30 (UTC). "
        "Notes: Personal: Open a new account"
    )
    assert rec.event_time == datetime(2024, 8, 12, 21, 30, tzinfo=UTC)
    assert rec.metadata["end"] == "2024-08-12T22:30:00+00:00"


def test_a_value_that_stays_unreadable_is_dropped_with_a_warning(tmp_path: Path) -> None:
    path = write(
        tmp_path / "cal.ics",
        "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:a1\nSUMMARY:Dentist\n"
        "DTSTART:20240301T150000Z\nDTEND:next tuesday\nEND:VEVENT\nEND:VCALENDAR\n",
    )
    parsed = parse(PARSER, path)
    assert texts(parsed) == ["Dentist on 2024-03-01 15:00 (UTC)."]
    assert parsed.warnings == ["'Dentist': unreadable DTEND 'next tuesday'; ignored"]


def test_a_todo_becomes_a_record_dated_by_its_due_date() -> None:
    """vobject's vtodo.ics (the RFC 5545 example) imported nothing: 'calendar has no events'."""
    parsed = parse(PARSER, SAMPLES / "vobject_vtodo.ics")
    (rec,) = parsed.records
    assert rec.text == (
        "To do: Submit Quebec Income Tax Return for 2006 (due 2007-05-01). Status: needs action."
    )
    assert rec.kind == "event" and rec.event_time == datetime(2007, 5, 1, tzinfo=UTC)
    assert rec.metadata["todo"] is True
    assert rec.metadata["categories"] == ["FAMILY", "FINANCE"]
    assert parsed.warnings == []


def test_an_event_without_a_start_is_kept_undated() -> None:
    """vobject's simple_test.ics: a VEVENT with only a SUMMARY was dropped ('no event has a
    start date')."""
    parsed = parse(PARSER, SAMPLES / "vobject_simple_test.ics")
    (rec,) = parsed.records
    assert rec.text == "Bastille Day Party (no date given)."
    assert rec.event_time is None and rec.metadata["undated"] is True


def test_a_quoted_zone_name_keeps_its_commas_plain() -> None:
    """ms_tzid.ics: ``TZID="Canberra, Melbourne, Sydney"`` read as 'Canberra\\, Melbourne...'."""
    (rec,) = parse(PARSER, SAMPLES / "vobject_ms_tzid.ics").records
    assert rec.text == "Event on 2008-05-30 15:00 (Canberra, Melbourne, Sydney)."
    assert rec.event_time == datetime(2008, 5, 30, 5, 0, tzinfo=UTC)


def test_a_weekly_series_with_exceptions_from_radicale() -> None:
    path = SAMPLES / "vobject_radicale-0827.ics"
    assert detect(source(path)) is PARSER
    parsed = parse(PARSER, path)
    assert len(parsed.records) == 28 and parsed.warnings == []
    first = parsed.records[0]
    assert first.text == (
        "Cours Balboa at Some place, Some where on 2017-10-09 20:30-21:30 (Europe/Paris)."
    )
    assert first.event_time == datetime(2017, 10, 9, 18, 30, tzinfo=UTC)
    assert parsed.records[2].event_time == datetime(2017, 11, 6, 19, 30, tzinfo=UTC)  # CET


def test_several_calendars_in_one_file_are_read_together(tmp_path: Path) -> None:
    """Concatenated exports ('BEGIN:VCALENDAR ... END:VCALENDAR' twice) were refused as
    'not a valid iCalendar file (Found multiple components ...)'."""
    one = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:{uid}\nSUMMARY:{what}\n"
        "DTSTART;VALUE=DATE:{day}\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    path = write(
        tmp_path / "both.ics",
        one.format(uid="w1", what="Work offsite", day="20240304")
        + one.format(uid="h1", what="Mum's birthday", day="20240310"),
    )
    parsed = parse(PARSER, path)
    assert texts(parsed) == [
        "Work offsite on 2024-03-04 (all day).",
        "Mum's birthday on 2024-03-10 (all day).",
    ]
    assert parsed.records[1].metadata["start"] == date(2024, 3, 10).isoformat()
    assert parsed.warnings == ["2 calendars in one file; read together"]


def test_the_samples_import_through_the_pipeline(services: Services) -> None:
    paths = sorted(SAMPLES.glob("*.ics"))
    report = services.importer.run(paths)
    assert [f.status for f in report.files] == ["added"] * len(paths)
    assert sum(f.new_records for f in report.files) == 1 + 28 + 1 + 1 + 1


def test_a_day_start_with_a_timed_end_does_not_stop_the_calendar(tmp_path: Path) -> None:
    """One event with DTSTART a date and DTEND a date-time made the whole file fail with
    "cannot read the calendar's events (can't compare datetime.datetime to datetime.date)"."""
    path = write(
        tmp_path / "cal.ics",
        "BEGIN:VCALENDAR\nVERSION:2.0\n"
        "BEGIN:VEVENT\nUID:a\nSUMMARY:Holiday\nDTSTART;VALUE=DATE:20240301\n"
        "DTEND:20240301T100000Z\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:b\nSUMMARY:Call Ana\nDTSTART:20240302T090000Z\nEND:VEVENT\n"
        "END:VCALENDAR\n",
    )
    parsed = parse(PARSER, path)
    assert texts(parsed) == [
        "Holiday on 2024-03-01 (all day).",
        "Call Ana on 2024-03-02 09:00 (UTC).",
    ]
    assert parsed.warnings == ["'Holiday': DTEND is not of DTSTART's kind (date/time); ignored"]


def test_an_event_the_recurrence_reader_skips_is_read_on_its_own(tmp_path: Path) -> None:
    """An unreadable EXDATE on a one-off event made the recurrence reader drop the event
    without a word."""
    path = write(
        tmp_path / "cal.ics",
        "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\nSUMMARY:Team lunch\n"
        "DTSTART:20240301T120000Z\nEXDATE:garbage\nEND:VEVENT\nEND:VCALENDAR\n",
    )
    parsed = parse(PARSER, path)
    assert texts(parsed) == ["Team lunch on 2024-03-01 12:00 (UTC)."]
    assert parsed.warnings == ["'Team lunch': the recurrence reader skipped it; read on its own"]


def test_journal_entries_are_kept(tmp_path: Path) -> None:
    """VJOURNAL entries (a diary kept in Evolution or Thunderbird) were not read at all; a
    calendar of them was 'calendar has no events'."""
    path = write(
        tmp_path / "diary.ics",
        "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VJOURNAL\nUID:j1\nDTSTART;VALUE=DATE:20240312\n"
        "SUMMARY:Dinner with Ben\nDESCRIPTION:We finally tried the place on Rua X.\n"
        "END:VJOURNAL\nBEGIN:VJOURNAL\nUID:j2\nEND:VJOURNAL\nEND:VCALENDAR\n",
    )
    parsed = parse(PARSER, path)
    (rec,) = parsed.records
    assert rec.text == "Journal (2024-03-12): Dinner with Ben. We finally tried the place on Rua X."
    assert rec.event_time == datetime(2024, 3, 12, tzinfo=UTC) and rec.metadata["journal"] is True
    assert parsed.warnings == []
