"""``memory.dates``: the one date grammar of recall, the tiers and prefill.

Query spans (``find_dates``), time expressions relative to a moment (``find_time(s)``) and
stated dates (``parse_calendar_date``, ``parse_full_date``, ``month_year``) share their words
(``memory.dates.words``); each is tested here once.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from memory.dates import (
    MONTHS,
    CalendarDate,
    DateSpan,
    find_dates,
    find_time,
    find_times,
    month_year,
    parse_calendar_date,
    parse_full_date,
)

BASE = datetime(2024, 6, 15, tzinfo=UTC)


def _spans(text: str) -> list[tuple[str, str, bool]]:
    return [(str(s.start), str(s.end), s.any_year) for s in find_dates(text)]


# -- the periods a recall query names ----------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What did Mel show on October 13, 2023?", [("2023-10-13", "2023-10-13", False)]),
        ("found on 1 February, 2023", [("2023-02-01", "2023-02-01", False)]),
        ("finished on 8th December, 2023", [("2023-12-08", "2023-12-08", False)]),
        ("taken on December 1,2023", [("2023-12-01", "2023-12-01", False)]),
        ("what happened on 2023-10-13", [("2023-10-13", "2023-10-13", False)]),
        ("in July 2023", [("2023-07-01", "2023-07-31", False)]),
        ("camping in July?", [("2000-07-01", "2000-07-31", True)]),
        ("the beach in 2023", [("2023-01-01", "2023-12-31", False)]),
        ("visited in summer 2021", [("2021-06-01", "2021-08-31", False)]),
        ("winter 2022 in the mountains", [("2022-12-01", "2023-02-28", False)]),
        ("the week before August 3, 2023", [("2023-07-27", "2023-08-03", False)]),
        ("two weeks before August 11, 2023", [("2023-07-28", "2023-08-11", False)]),
        ("a couple of days after 3 Sept 2023", [("2023-09-03", "2023-09-05", False)]),
        (
            "between August 11 and August 15 2023",
            [("2023-08-11", "2023-08-11", False), ("2023-08-15", "2023-08-15", False)],
        ),
        ("on 29 February", [("2000-02-29", "2000-02-29", True)]),
        ("I may go", []),
        ("we march on", []),
        ("nothing dated here", []),
    ],
)
def test_find_dates(text: str, expected: list[tuple[str, str, bool]]) -> None:
    assert _spans(text) == expected


def test_date_span_distance() -> None:
    span = DateSpan(date(2023, 10, 13), date(2023, 10, 13))
    assert span.days_from(date(2023, 10, 13), after=10, before=1) == 0
    assert span.days_from(date(2023, 10, 12), after=10, before=1) == 0
    assert span.days_from(date(2023, 10, 11), after=10, before=1) is None
    assert span.days_from(date(2023, 10, 20), after=10, before=1) == 7
    assert span.days_from(date(2023, 10, 30), after=10, before=1) is None
    july = find_dates("in July")[0]
    assert july.days_from(date(2019, 7, 20), after=10, before=1) == 0
    assert july.days_from(date(2019, 8, 3), after=10, before=1) == 3
    assert find_dates("on 13 October, 2023")[0].text == "13 October, 2023"


# -- time expressions relative to a moment ----------------------------------------------
def test_time_expressions_relative_to_the_record() -> None:
    assert find_time("last March", BASE).start == datetime(2024, 3, 1, tzinfo=UTC)  # type: ignore[union-attr]
    assert find_time("last March", datetime(2024, 2, 1, tzinfo=UTC)).start.year == 2023  # type: ignore[union-attr]
    span = find_time("since 2019", BASE)
    assert span is not None and span.relation == "since" and span.window() == (span.start, None)
    assert find_time("two weeks ago", BASE).start.date().isoformat() == "2024-05-29"  # type: ignore[union-attr]
    assert find_time("I may go", BASE) is None
    assert find_time("I have 2023 reasons", BASE) is None


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("yesterday", "2024-06-14", "2024-06-15"),
        ("a couple of days ago", "2024-06-13", "2024-06-14"),
        ("three months ago", "2024-03-01", "2024-04-01"),
        ("last week", "2024-06-03", "2024-06-10"),
        ("next Friday", "2024-06-21", "2024-06-22"),
        ("on 14 May", "2024-05-14", "2024-05-15"),
        ("14 July", "2023-07-14", "2023-07-15"),  # no year: the latest one before the moment
        ("Sept 2021", "2021-09-01", "2021-10-01"),
        ("2024-02-29", "2024-02-29", "2024-03-01"),
    ],
)
def test_find_time_spans(text: str, start: str, end: str) -> None:
    span = find_time(text, BASE)
    assert span is not None
    assert (span.start.date().isoformat(), span.end.date().isoformat()) == (start, end)


def test_find_times_in_text_order_with_relations() -> None:
    spans = find_times("I lived there from 2019 until last March, and moved in May 2024.", BASE)
    assert [(s.relation, s.start.date().isoformat()) for s in spans] == [
        ("from", "2019-01-01"),
        ("until", "2024-03-01"),
        ("at", "2024-05-01"),
    ]
    before = find_time("before 2024", BASE)
    assert before is not None and before.window() == (None, before.start)


# -- stated dates ------------------------------------------------------------------------
def test_stated_calendar_dates() -> None:
    assert parse_calendar_date("May 14th, 1990") == CalendarDate(5, 14, 1990)
    assert parse_calendar_date("May 14th, 1990").key == "05-14"  # type: ignore[union-attr]
    assert parse_calendar_date("14 May") == parse_calendar_date("May 14") == CalendarDate(5, 14)
    assert parse_calendar_date("the 3rd of February.") == CalendarDate(2, 3)
    assert parse_calendar_date("1990-05-14") == CalendarDate(5, 14, 1990)
    assert parse_calendar_date("31 February") is None
    assert parse_calendar_date("sometime") is None
    assert CalendarDate(2, 3, 1991).display == "3 February 1991"


def test_dateparser_reads_the_forms_the_patterns_do_not() -> None:
    # "14/05/1990" is no pattern of ours: dateparser reads it (day first, as written).
    assert parse_calendar_date("14/05/1990") == CalendarDate(5, 14, 1990)
    assert parse_full_date("14 March 1991") == date(1991, 3, 14)
    assert parse_full_date("born 1991-03-04 in Porto") == date(1991, 3, 4)
    assert parse_full_date("March 14") is None  # no year: not a full date
    assert parse_full_date("1991-02-30") is None


def test_month_year_and_month_names() -> None:
    assert month_year("2024-05-03T10:00:00+00:00") == "May 2024"
    assert month_year(datetime(2023, 12, 1, tzinfo=UTC)) == "December 2023"
    assert month_year(None) == ""
    assert month_year("not a time") == "not a time"
    assert MONTHS["sept"] == MONTHS["september"] == MONTHS["sep"] == 9
