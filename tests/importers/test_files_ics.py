"""iCalendar on the real fixtures: UTC times with the original zone kept, all-day events,
bounded recurrence expansion (RRULE, EXDATE, moved occurrences), readable sentences."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.bootstrap import Services
from tests.importers.notes_helpers import FIXTURES, parse_fixture

ICS = FIXTURES / "icalendar"


def test_utc_event_shown_in_the_calendar_zone() -> None:
    parsed = parse_fixture(ICS / "icalendar_alarm_google_future.ics")
    assert parsed.kind == "icalendar"
    assert parsed.title == "Nicco Kunzmann"
    (rec,) = parsed.records
    assert rec.kind == "event" and rec.speaker is None
    assert rec.title == "event with alarms"
    assert rec.event_time == datetime(2024, 10, 4, 18, 15, tzinfo=UTC)
    assert rec.text == "event with alarms on 2024-10-04 19:15-20:00 (Europe/London)."
    m = rec.metadata
    assert (m["start"], m["end"]) == ("2024-10-04T18:15:00+00:00", "2024-10-04T19:00:00+00:00")
    assert m["timezone"] == "Europe/London" and m["all_day"] is False
    assert m["uid"] == "79fs7pkqvht9m5igs0vjv1sfra@google.com"
    assert m["rrule"] is None and m["recurrence_id"] is None


def test_custom_vtimezone_is_converted_to_utc() -> None:
    (rec,) = parse_fixture(ICS / "icalendar_america_new_york.ics").records
    assert rec.event_time == datetime(2014, 8, 29, 12, 0, tzinfo=UTC)  # 08:00 EDT
    assert rec.text == "an event with a custom tz name on 2014-08-29 08:00-10:00 (custom_America/New_York)."
    assert rec.metadata["start_local"] == "2014-08-29T08:00:00-04:00"


def test_all_day_events_with_location_and_notes() -> None:
    parsed = parse_fixture(ICS / "icalendar_example.ics")
    assert [r.text for r in parsed.records] == [
        "New Year's Day on 2022-01-01 (all day). Notes: Happy New Year!",
        "Orthodox Christmas at Russia on 2022-01-07 (all day). Notes: It is Christmas again!",
        "International Women's Day on 2022-03-08 (all day). Notes: May the feminine be honoured!",
    ]
    first = parsed.records[0]
    assert first.event_time == datetime(2022, 1, 1, tzinfo=UTC)
    assert first.metadata["all_day"] is True
    assert (first.metadata["start"], first.metadata["end"]) == ("2022-01-01", "2022-01-02")


def test_open_ended_weekly_rule_is_bounded_and_says_so() -> None:
    parsed = parse_fixture(ICS / "icalendar_x_location.ics")
    assert len(parsed.records) == 200
    assert parsed.warnings == [
        "recurring event 'BFE33ADD-5553-48B5-B5A5-F9DA5CA4C393': only the first 200 occurrences imported"
    ]
    first, second = parsed.records[:2]
    assert first.event_time == datetime(2016, 10, 28, 12, 0, tzinfo=UTC)  # 14:00 CEST
    assert second.event_time == datetime(2016, 10, 31, 13, 0, tzinfo=UTC)  # Monday, 14:00 CET
    assert second.text == (
        "Daily Sync at Roadstar 16, 12764 Happyville, Denmark on 2016-10-31 14:00-14:30 "
        "(Europe/Zurich). Notes: Some Description"
    )
    assert second.metadata["rrule"] == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    assert second.metadata["recurrence_id"] == "2016-10-31T13:00:00+00:00"
    assert second.metadata["expanded"]["max_occurrences"] == 200
    assert len({r.external_id for r in parsed.records}) == 200
    assert {r.conversation for r in parsed.records} == {
        f"file:{ICS / 'icalendar_x_location.ics'}#BFE33ADD-5553-48B5-B5A5-F9DA5CA4C393"
    }


CAL = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:test
BEGIN:VEVENT
UID:dentist
SUMMARY:Dentist appointment
DTSTART;TZID=Europe/Lisbon:20240301T150000
DTEND;TZID=Europe/Lisbon:20240301T160000
LOCATION:Clinic X
DESCRIPTION:Bring the X-rays.
ATTENDEE;CN=Rita Silva;PARTSTAT=ACCEPTED:mailto:rita@example.com
END:VEVENT
BEGIN:VEVENT
UID:yoga
SUMMARY:Yoga
DTSTART:20240304T180000Z
DURATION:PT1H
RRULE:FREQ=WEEKLY;COUNT=4
EXDATE:20240311T180000Z
END:VEVENT
BEGIN:VEVENT
UID:yoga
RECURRENCE-ID:20240318T180000Z
SUMMARY:Yoga (moved)
DTSTART:20240319T190000Z
DURATION:PT1H
END:VEVENT
BEGIN:VEVENT
UID:trip
SUMMARY:Porto trip
DTSTART;VALUE=DATE:20240405
DTEND;VALUE=DATE:20240408
END:VEVENT
END:VCALENDAR
"""


def test_zones_attendees_exdate_moved_occurrence_and_multi_day(tmp_path: Path) -> None:
    p = tmp_path / "mine.ics"
    p.write_text(CAL)
    parsed = parse_fixture(p)
    assert [(r.title, r.event_time) for r in parsed.records] == [
        ("Dentist appointment", datetime(2024, 3, 1, 15, 0, tzinfo=UTC)),  # Lisbon = UTC+0 in March
        ("Yoga", datetime(2024, 3, 4, 18, 0, tzinfo=UTC)),
        ("Yoga (moved)", datetime(2024, 3, 19, 19, 0, tzinfo=UTC)),
        ("Yoga", datetime(2024, 3, 25, 18, 0, tzinfo=UTC)),
        ("Porto trip", datetime(2024, 4, 5, tzinfo=UTC)),
    ]
    dentist = parsed.records[0]
    assert dentist.text == (
        "Dentist appointment at Clinic X on 2024-03-01 15:00-16:00 (Europe/Lisbon). "
        "With: Rita Silva. Notes: Bring the X-rays."
    )
    assert dentist.metadata["attendees"] == [
        {"name": "Rita Silva", "address": "rita@example.com", "status": "ACCEPTED"}
    ]
    assert dentist.metadata["location"] == "Clinic X"
    moved = parsed.records[2]
    assert moved.metadata["recurrence_id"] == "2024-03-18T18:00:00+00:00"
    assert moved.metadata["rrule"] == "FREQ=WEEKLY;COUNT=4"
    assert parsed.records[4].text == "Porto trip on 2024-04-05 to 2024-04-07 (all day)."
    assert parsed.warnings == []


def test_a_calendar_without_events_is_skipped_with_the_reason(services: Services) -> None:
    report = services.importer.run([ICS / "icalendar_calendar_with_unicode.ics"])
    (result,) = report.files
    assert (result.status, result.reason) == ("skipped", "no text to import (calendar has no events)")


def test_reimporting_a_calendar_adds_nothing(services: Services) -> None:
    first = services.importer.run([ICS])
    assert first.records_added == 1 + 1 + 1 + 3 + 200
    again = services.importer.run([ICS])
    assert again.records_added == 0 and again.summary["unchanged"] == 5
