"""Query reading (people, terms), candidate scoring, and recall over a chat archive (the
date grammar itself is tested in ``test_dates``)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from app.bootstrap import Services
from memory.dates import find_dates
from memory.expected import PLACE, TIME, expected_kind, holding, names_place, states_time
from memory.lexical import LexicalSearch, closed_compounds
from memory.query import (
    analyse,
    asks_for_many,
    named_people,
    speaking,
    without_people,
)
from memory.ranking import Candidate, RankingSettings, neighbour_links, score_candidates
from memory.recall import Recall, RecallSettings

TINY = Path(__file__).resolve().parents[1] / "data" / "locomo" / "locomo_tiny.json"


def test_named_people_and_terms() -> None:
    names = ["Melanie", "Caroline Smith", "me", "Al"]
    assert named_people("What did Melanie's kids like?", names) == ("Melanie",)
    assert named_people("Where does caroline live?", names) == ("Caroline Smith",)
    assert named_people("Tell me about Al and me", names) == ()  # too short / a stopword
    info = analyse("What did Melanie paint on 13 October 2023?")
    assert "paint" in info.terms and len(info.dates) == 1


def test_the_query_vector_is_made_without_the_speakers_names() -> None:
    names = ["Melanie", "Caroline Smith", "me"]
    assert without_people("What do Melanie's kids like?", names) == "What do kids like?"
    assert without_people("Where did CAROLINE smith move from?", names) == "Where did move from?"
    assert without_people("What did Maria paint?", names) == "What did Maria paint?"  # no speaker
    assert without_people("Melanie?", names) == "Melanie?"  # nothing would be left


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("What do Melanie's kids like?", "Melanie"),  # one name: theirs
        ("What did Jon say about Gina's progress with her store?", "Jon"),
        ("According to Gina, what makes Jon a perfect mentor?", "Gina"),
        ("What book did Caroline recommend to Melanie?", "Caroline"),
        ("What does Jon tell Gina he won't do?", "Jon"),
        ("How does Gina describe the studio that Jon has opened?", "Gina"),
        ("What do Jon and Gina both have in common?", None),
        ("What movies have both Caroline and Melanie seen?", None),
        ("Where does Maria live?", None),  # not a speaker of the store
    ],
)
def test_the_speaker_a_question_asks_about(question: str, speaker: str | None) -> None:
    assert speaking(question, ["Melanie", "Caroline", "Jon", "Gina"]) == speaker


@pytest.mark.parametrize(
    ("question", "many"),
    [
        ("What activities does Melanie partake in?", True),
        ("Which cities has Jon visited?", True),
        ("What has Melanie painted?", True),
        ("Where has Maria made friends?", True),
        ("What do Jon and Gina both have in common?", True),
        ("What types of pottery have they made?", True),
        ("What kind of art does Caroline make?", False),
        ("What does Melanie's son like?", False),
        ("How long has Tim been playing the piano?", False),
        ("What does Melanie say running has been great for?", False),
        ("Where did Caroline move from?", False),
    ],
)
def test_questions_asking_for_several_things(question: str, many: bool) -> None:
    assert asks_for_many(question) is many


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("When did Joanna plan to go over to Nate's?", TIME),
        ("How long has Nate had his turtles?", TIME),
        ("What year did John start surfing?", TIME),
        ("How many years has Tim played the violin?", TIME),
        ("Where did Caroline move from?", PLACE),
        ("Which city was John in before traveling to Chicago?", PLACE),
        ("What European countries has Maria been to?", PLACE),
        ("How many children does Melanie have?", None),
        ("What did Maria do when she was young?", None),  # "when" not asked
        ("What does Nate want to do when he goes over to Joanna's place?", None),
    ],
)
def test_the_kind_of_answer_a_question_expects(question: str, kind: str | None) -> None:
    assert expected_kind(question) == kind


@pytest.mark.parametrize(
    ("text", "timely"),
    [
        ("Alright, see you tomorrow!", True),
        ("I won another regional tournament last week.", True),
        ("I've had them for 3 years now.", True),
        ("We moved here two years ago.", True),
        ("I started writing it in May 2022.", True),
        ("Sure thing, I can give it to you.", False),
        ("I have 3 turtles and a dog.", False),
    ],
)
def test_a_message_that_states_a_time(text: str, timely: bool) -> None:
    assert states_time(text) is timely


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("I took my turtles to the beach in Tampa yesterday!", True),
        ("I snapped that pic on my trip to the Smoky Mountains last year.", True),
        ("We visited Edinburgh and loved it.", True),
        ("I'm moving in May, then back to Nate's place.", False),  # a month, a speaker
        ("Thanks, Joanna! I went to the park with my kids.", False),
        ("See you on Monday at the studio.", False),
    ],
)
def test_a_message_that_names_a_place(text: str, place: bool) -> None:
    assert names_place(text, ["nate", "joanna"]) is place


def _cand(rid: int, **kw: object) -> Candidate:
    base = {"kind": "message", "conversation": "c1", "speaker": "Ann", "day": None}
    base.update(kw)
    return Candidate(record_id=rid, **base)  # type: ignore[arg-type]


def test_a_lone_record_scores_its_fused_score_plus_the_session_share() -> None:
    s = RankingSettings()
    out = score_candidates([_cand(1, conversation=None, bm25=4.0, cosine=0.5)], settings=s)
    fused = s.bm25_weight + s.vector_weight * 0.5
    assert out[1].fused == pytest.approx(fused)
    assert out[1].score == pytest.approx(fused * (1 + s.session_weight))


def test_a_reply_gains_from_the_question_it_answers() -> None:
    question = _cand(1, bm25=5.0, cosine=0.6, asks=True, next_id=2)
    reply = _cand(2, bm25=0.0, cosine=0.1, prev_id=1, next_id=3)
    other = _cand(3, bm25=0.0, cosine=0.3, prev_id=2, conversation="c2")
    out = score_candidates([question, reply, other])
    assert out[2].score > out[3].score
    assert "reply to a matching question" in out[2].reasons
    # a statement (no question mark) passes on less
    flat = score_candidates([question._replace(asks=False), reply, other])
    assert flat[2].score < out[2].score


def test_speaker_boost_only_for_one_named_speaker() -> None:
    a = _cand(1, speaker="Ann", cosine=0.4, conversation="x")
    b = _cand(2, speaker="Bob", cosine=0.45, conversation="y")
    plain = score_candidates([a, b])
    assert plain[2].score > plain[1].score
    named = score_candidates([a, b], named_speakers=["Ann"])
    assert named[1].score > named[2].score and "said by Ann" in named[1].reasons
    both = score_candidates([a, b], named_speakers=["Ann", "Bob"])
    assert both[2].score > both[1].score


def test_session_mates_of_the_best_match_rise() -> None:
    best = _cand(1, cosine=0.9, conversation="s1")
    mate = _cand(2, cosine=0.3, conversation="s1")
    stranger = _cand(3, cosine=0.35, conversation="s2")
    out = score_candidates([best, mate, stranger])
    assert out[2].score > out[3].score


def test_a_session_where_several_messages_match_outranks_one_lucky_match() -> None:
    lucky = _cand(1, cosine=0.5, conversation="s1")
    filler = _cand(2, cosine=0.0, conversation="s1")
    several = [_cand(10 + i, cosine=0.46, conversation="s2") for i in range(3)]
    out = score_candidates([lucky, filler, *several])
    assert out[10].score > out[1].score  # s2's best is weaker alone, but s2 matches thrice
    alone = score_candidates(
        [lucky, filler, *several], settings=RankingSettings(session_support=0.0)
    )
    assert alone[1].score > alone[10].score


def test_dates_named_in_the_query_favour_that_time() -> None:
    spans = find_dates("on 13 October, 2023")
    then = _cand(1, cosine=0.3, day=date(2023, 10, 13), conversation="a")
    later = _cand(2, cosine=0.3, day=date(2023, 10, 18), conversation="b")
    other = _cand(3, cosine=0.4, day=date(2023, 3, 1), conversation="c")
    out = score_candidates([then, later, other], dates=spans)
    assert out[1].score > out[2].score > out[3].score
    assert "from the time asked about" in out[1].reasons


def test_a_named_date_lifts_the_conversation_of_that_day() -> None:
    spans = find_dates("as mentioned on 3 June, 2023")
    # Session "d" is of that day: its reply matches the question's words poorly, the
    # other session's message better.
    opened = _cand(1, cosine=0.1, day=date(2023, 6, 3), conversation="d")
    reply = _cand(2, cosine=0.3, day=None, conversation="d")
    elsewhere = _cand(3, cosine=0.45, day=date(2023, 5, 1), conversation="e")
    plain = score_candidates([opened, reply, elsewhere])
    assert plain[3].score > plain[2].score
    out = score_candidates([opened, reply, elsewhere], dates=spans)
    assert out[2].score > out[3].score


def test_a_record_holding_the_answer_kind_rises() -> None:
    words = _cand(1, bm25=1.0, cosine=0.3, conversation="a")
    tomorrow = _cand(2, bm25=0.5, cosine=0.4, conversation="b", holds=TIME)
    out = score_candidates([words, tomorrow])
    assert out[2].score > out[1].score and "says when" in out[2].reasons
    off = score_candidates([words, tomorrow], settings=RankingSettings(answer_boost=0.0))
    assert off[1].score > off[2].score


def test_neighbour_links_stay_in_one_conversation() -> None:
    rows = [(10, 1, 0, "a"), (11, 1, 1, "a"), (12, 1, 2, "b"), (13, 2, 3, "b")]
    assert neighbour_links(rows) == {
        10: (None, 11),
        11: (10, None),
        12: (None, None),
        13: (None, None),
    }


# -- recall over an imported LoCoMo-format archive (fake embedder, real SQLite + Chroma) ----
@pytest.fixture
def archive(services: Services, tmp_path: Path) -> dict[str, int]:
    path = tmp_path / "chats.json"
    path.write_text(TINY.read_text(encoding="utf-8"), encoding="utf-8")
    report = services.importer.run([path])
    assert report.records_added == 13
    return {
        f"{conv.split(':')[0]}/{ext}": int(rid)
        for rid, conv, ext in services.db.execute(
            "SELECT id, conversation, external_id FROM records"
        )
    }


def _top(recall: Recall, query: str, k: int = 5) -> list[int]:
    return [h.record_ids[0] for h in recall.search(query, k) if h.tier == "record"]


def test_reply_found_through_its_question(services: Services, archive: dict[str, int]) -> None:
    hits = services.recall.search("How long did Ben practise for the recital?", 5)
    records = [h for h in hits if h.tier == "record"]
    ids = [h.record_ids[0] for h in records]
    assert archive["tiny-1/D2:3"] in ids[:3]  # "About six weeks..." shares no query word
    answer = next(h for h in records if h.record_ids[0] == archive["tiny-1/D2:3"])
    assert "reply to a matching question" in answer.why


def test_a_named_date_brings_that_day_forward(services: Services, archive: dict[str, int]) -> None:
    ids = _top(services.recall, "What did Cleo say on 15 October, 2023?")
    assert ids[0] == archive["tiny-2/D2:1"]


def test_exact_and_approximate_vectors_agree(services: Services, archive: dict[str, int]) -> None:
    approx = Recall(
        services.store,
        services.index,
        services.embedder,
        RecallSettings(exact_max_vectors=0),
    )
    exact = Recall(services.store, services.index, services.embedder)
    for query in ("grey kitten keyboard", "sourdough focaccia", "Dolomites hiking sister"):
        assert _top(exact, query) == _top(approx, query)


def test_exact_vectors_follow_new_records(services: Services, archive: dict[str, int], tmp_path: Path) -> None:
    assert _top(services.recall, "tango lessons in Buenos Aires") != []
    more = json.loads(TINY.read_text(encoding="utf-8"))[:1]
    more[0]["sample_id"] = "tiny-3"
    more[0]["conversation"]["session_1"].append(
        {"speaker": "Ben", "dia_id": "D1:5", "text": "I booked tango lessons in Buenos Aires."}
    )
    extra = tmp_path / "more.json"
    extra.write_text(json.dumps(more), encoding="utf-8")
    services.importer.run([extra])
    new_id = int(services.db.scalar(
        "SELECT id FROM records WHERE text = 'I booked tango lessons in Buenos Aires.'"
    ))
    assert _top(services.recall, "tango lessons in Buenos Aires")[0] == new_id


def test_a_result_list_spans_conversations_once_one_has_filled_its_share() -> None:
    from memory.candidates import CandidateRow, spread_conversations

    def row(conv: str | None) -> CandidateRow:
        return CandidateRow("message", conv, "me", None, False)

    # Best first: six from "a", then one each from "b" and a record with no conversation.
    order = [1, 2, 3, 4, 5, 6, 7, 8]
    rows = {i: row("a") for i in range(1, 7)} | {7: row("b"), 8: row(None)}
    assert spread_conversations(order, rows, 4, 2) == [1, 2, 7, 8]
    # Too few others: the records passed over fill the list, best first.
    assert spread_conversations(order, rows, 6, 2) == [1, 2, 7, 8, 3, 4]
    assert spread_conversations(order, rows, 4, 0) == [1, 2, 3, 4]  # 0: no limit
    assert spread_conversations(order, rows, 20, 8) == order


PLANS = [
    {
        "sample_id": "plans",
        "conversation": {
            "speaker_a": "Ada",
            "speaker_b": "Ben",
            "session_1_date_time": "1:56 pm on 8 May, 2023",
            "session_1": [
                {"speaker": "Ben", "dia_id": "D1:1", "text": "My turtles love to play in the garden."},
                {"speaker": "Ada", "dia_id": "D1:2", "text": "I want to watch your turtles play in the garden!"},
                {"speaker": "Ben", "dia_id": "D1:3", "text": "They play all day, you would love them."},
            ],
            "session_2_date_time": "7:10 pm on 20 June, 2023",
            "session_2": [
                {"speaker": "Ada", "dia_id": "D2:1", "text": "Can I come over and watch your turtles?"},
                {"speaker": "Ben", "dia_id": "D2:2", "text": "Of course, they would be glad to see you."},
                {"speaker": "Ada", "dia_id": "D2:3", "text": "Great, see you tomorrow then!"},
            ],
        },
        "qa": [],
    }
]


def test_a_when_question_finds_the_message_that_says_when(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "plans.json"
    path.write_text(json.dumps(PLANS), encoding="utf-8")
    services.importer.run([path])
    rid = {
        ext: int(i) for i, ext in services.db.execute("SELECT id, external_id FROM records")
    }
    assert holding(services.db, list(rid.values()), TIME) == {rid["D2:3"]}
    question = "When did Ada plan to watch Ben's turtles play?"
    plain = Recall(
        services.store,
        services.index,
        services.embedder,
        RecallSettings(ranking=RankingSettings(answer_boost=0.0)),
    )
    # "see you tomorrow" shares no word with the question: without the rule, two messages
    # that only repeat its words ("They play all day") rank above it.
    assert rid["D2:3"] not in _top(plain, question, 4)
    top = _top(Recall(services.store, services.index, services.embedder), question, 4)
    assert rid["D2:3"] in top and rid["D1:3"] not in top


TRIPS = [
    {
        "sample_id": "trips",
        "conversation": {
            "speaker_a": "Ada",
            "speaker_b": "Ben",
            "session_1_date_time": "1:56 pm on 8 May, 2023",
            "session_1": [
                {"speaker": "Ben", "dia_id": "D1:1", "text": "I want to visit my aunt someday."},
                {"speaker": "Ada", "dia_id": "D1:2", "text": "That sounds like a long trip."},
                {"speaker": "Ben", "dia_id": "D1:3", "text": "I need to save some money first."},
            ],
            "session_2_date_time": "7:10 pm on 20 June, 2023",
            "session_2": [
                {"speaker": "Ben", "dia_id": "D2:1", "text": "I took my turtles to the beach in Tampa!"},
                {"speaker": "Ada", "dia_id": "D2:2", "text": "They must have loved the sand."},
            ],
        },
        "qa": [],
    }
]


def test_a_where_question_finds_the_message_that_names_a_place(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "trips.json"
    path.write_text(json.dumps(TRIPS), encoding="utf-8")
    services.importer.run([path])
    rid = {
        ext: int(i) for i, ext in services.db.execute("SELECT id, external_id FROM records")
    }
    assert holding(services.db, list(rid.values()), PLACE, ["ada", "ben"]) == {rid["D2:1"]}
    question = "What state did Ben visit?"
    plain = Recall(
        services.store,
        services.index,
        services.embedder,
        RecallSettings(ranking=RankingSettings(answer_boost=0.0)),
    )
    # "the beach in Tampa" shares no word with the question: without the rule, the message
    # that repeats one of its words and that message's neighbour come first.
    assert rid["D2:1"] not in _top(plain, question, 2)
    assert rid["D2:1"] in _top(Recall(services.store, services.index, services.embedder), question, 2)


def test_an_open_compound_also_matches_its_closed_spelling() -> None:
    assert closed_compounds("What type of ice cream does Joanna make?") == [
        "icecream",
        "joannamake",
    ]
    assert closed_compounds("ice, cream") == []  # not adjacent words
    assert closed_compounds("Caroline and Melanie") == []  # a stopword


def test_ice_cream_finds_icecream(services: Services, tmp_path: Path) -> None:
    trips = json.loads(json.dumps(TRIPS))
    trips[0]["conversation"]["session_2"].append(
        {"speaker": "Ada", "dia_id": "D2:3", "text": "Coconut icecream is the best!"}
    )
    path = tmp_path / "trips.json"
    path.write_text(json.dumps(trips), encoding="utf-8")
    services.importer.run([path])
    rid = {
        ext: int(i) for i, ext in services.db.execute("SELECT id, external_id FROM records")
    }
    found = LexicalSearch(services.db).search("What type of ice cream does Ben like?", 5)
    assert rid["D2:3"] in found


def test_only_messages_are_read_for_the_answer_kind(services: Services, notes_dir: Path) -> None:
    # A note chunk nearly always holds a date or a name somewhere: it gains nothing, and the
    # fact read from it keeps its place above it.
    services.importer.run([notes_dir])
    hits = services.recall.search("Where does Rita live?", 5)
    assert not any("names a place" in h.why for h in hits)
    assert hits[0].tier == "fact" and hits[0].text == "Rita lives in Porto."
