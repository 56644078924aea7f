"""A "when" question gets the date its quote meant (issue 18, answers fit the question):
relative times resolved on the day the memory was said, as the memory gives them, and the
day it was said when the quote gives no time; each note is checked by ``bench.answers``."""

from __future__ import annotations

from bench.answers import supported
from memory.compose import compose
from memory.kinds import resolve_relative, time_note, wanted_kind
from memory.recall import Hit

SPEAKERS = ("Caroline", "Melanie")


def said(text: str, stamp: str, *, speaker: str = "Caroline", n: int = 1) -> Hit:
    return Hit(item_id=f"r{n}", tier="record", text=text, score=1.0, source="chat",
               source_kind="locomo", timestamp=stamp, speaker=speaker, relevant=True)


def test_a_weekday_or_a_week_is_given_relative_to_the_day_it_was_said() -> None:
    monday = "2023-08-14T10:00:00"  # a Monday
    assert resolve_relative("last Friday", monday) == "11 August 2023, the Friday before 14 August 2023"
    assert resolve_relative("last Tues", monday) == "8 August 2023, the Tuesday before 14 August 2023"
    assert resolve_relative("next Sat", monday) == "19 August 2023, the Saturday after 14 August 2023"
    assert resolve_relative("next weekend", monday) == "the weekend after 14 August 2023"
    assert resolve_relative("last weekend", monday) == "the weekend before 14 August 2023"
    assert resolve_relative("this month", monday) == "August 2023"
    assert resolve_relative("this year", monday) == "2023"
    assert resolve_relative("yesterday", monday) == "13 August 2023"
    assert resolve_relative("last Friday", None) is None


def test_a_season_or_weeks_ago_are_resolved_on_the_day_said() -> None:
    august, october = "2023-08-11T10:00:00", "2023-10-11T10:00:00"
    assert resolve_relative("last summer", august) == "the summer of 2022"  # still summer
    assert resolve_relative("last summer", october) == "the summer of 2023"  # summer is over
    assert resolve_relative("next summer", august) == "the summer of 2024"
    assert resolve_relative("two weeks ago", august) == "28 July 2023, two weeks before 11 August 2023"
    assert resolve_relative("a week ago", august) == "4 August 2023, one week before 11 August 2023"
    # winter spans two years: only the day it was said is noted
    assert time_note("Max and I went camping last winter.", august) == "(said on 11 August 2023)"


def test_a_quote_without_a_time_gets_the_day_it_was_said() -> None:
    assert time_note("I went to a LGBTQ support group.", "2023-05-08T13:56:00") == "(said on 8 May 2023)"
    assert time_note("I was born on 3 May 1990.", "2023-05-08T13:56:00") is None  # it says when
    assert time_note("I went to a LGBTQ support group.", None) is None
    # a note's date is when its file was saved, not when what it says happened
    assert time_note("I went to a LGBTQ support group.", "2023-05-08T13:56:00", said=False) is None
    hit = said("I went to a LGBTQ support group and it was so powerful.", "2023-05-08T13:56:00")
    got = compose("When did Caroline go to the LGBTQ support group?", [hit], speakers=SPEAKERS)
    assert got is not None and got.text.endswith("[1] (said on 8 May 2023)")
    source = {"text": hit.text, "timestamp": hit.timestamp}
    assert supported(got.text, [source])
    assert not supported(got.text.replace("8 May", "7 May"), [source])
    assert not supported(got.text.replace(" [1]", ""), [source])  # a note needs its citation


def test_last_friday_is_the_friday_before_the_day_said() -> None:
    hit = said("Last Fri I finally took my kids to a pottery workshop.", "2023-07-15T10:00:00",
               speaker="Melanie")
    got = compose("When did Melanie go to the pottery workshop?", [hit], speakers=SPEAKERS)
    assert got is not None
    assert got.text.endswith("[1] (Last Fri: 14 July 2023, the Friday before 15 July 2023)")
    assert supported(got.text, [{"text": hit.text, "timestamp": hit.timestamp}])


def test_when_inside_a_question_asks_no_time() -> None:
    assert wanted_kind("When did Melanie paint a sunrise?") == "time"
    assert wanted_kind("What year did John start surfing?") == "time"
    assert wanted_kind("Who supports Caroline when she has a negative experience?") == "person"
    assert wanted_kind("What does Maria say she feels when doing upside-down yoga poses?") is None


def test_an_undated_message_answers_when_only_if_it_names_the_event() -> None:
    family = said("Family time matters to me.", "2023-06-27T10:00:00", speaker="Melanie")
    assert compose("When did Melanie's family go on a roadtrip?", [family], speakers=SPEAKERS) is None


def test_how_often_is_answered_by_a_frequency() -> None:
    assert wanted_kind("How often does Maria work out with her family?") == "often"
    family = said("Family is important - I rely on them for strength during tough times.",
                  "2023-06-27T10:00:00", speaker="Melanie")
    q = "How often does Melanie rely on her family?"
    assert compose(q, [family], speakers=SPEAKERS) is None  # "tough times" is no frequency
    beach = said("Seeing my kids' faces so happy at the beach was the best! We don't go often, "
                 "usually only once or twice a year.", "2023-06-27T10:00:00", speaker="Melanie")
    got = compose("How often does Melanie go to the beach with her kids?", [beach], speakers=SPEAKERS)
    assert got is not None and "once or twice a year. [1]" in got.text
