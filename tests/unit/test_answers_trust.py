"""Answers a person can trust (issue 18): composed from memory for the bundled model, a
capable model's inventions caught, only statements as evidence, whose words answer.

Fast tests on hand-made hits, then the Answerer on a real store with a scripted model that
tries each invention seen in use."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bootstrap import Services, build_services
from app.settings import Settings
from memory.chat import ChatSession
from memory.compose import compose, dedupe_items, span
from memory.recall import Hit
from memory.verify import supported
from models.fakes import FakeChatModel, FakeEmbedder
from tests.conftest import write


def hit(text: str, *, speaker: str | None = None, score: float = 1.0, n: int = 1, **meta: object) -> Hit:
    return Hit(item_id=f"r{n}", tier="record", text=text, score=score, source="n.md",
               source_kind="markdown", timestamp=None, speaker=speaker, relevant=True,
               metadata=dict(meta))


ABOUT_ME = hit("My name is Ana Lima. I was born in Recife and I work as a nurse.")


def test_a_name_in_the_wrong_role_is_refused() -> None:
    q = "What is the name of my dentist?"
    assert not supported("The name of the dentist is Ana Lima. [1]", q, [ABOUT_ME])
    assert not supported("Your name is Ana Lima. [1]", q, [ABOUT_ME])
    assert compose(q, [ABOUT_ME]) is None
    dentist = hit("My dentist is Dr. Okafor, her clinic is on Rua Augusta.", n=2)
    assert supported("Your dentist is Dr. Okafor. [1]", q, [dentist, ABOUT_ME])
    assert compose(q, [dentist, ABOUT_ME]).text == (  # type: ignore[union-attr]
        "My dentist is Dr. Okafor, her clinic is on Rua Augusta. [1]"
    )


def test_names_of_one_sentence_must_come_from_one_memory() -> None:
    hits = [hit("Rita likes tea.", n=1), hit("Ana lives in Porto.", n=2)]
    assert not supported("Rita lives in Porto.", "Where does Rita live?", hits)
    assert supported("Ana lives in Porto. [2]", "Where does Ana live?", hits)


def test_invented_chatter_and_questions_are_refused() -> None:
    dave = [hit("Dave: my favourite band is Tame Impala, I saw them live in 2019.", speaker="Dave")]
    q = "What is Dave's favourite band?"
    assert not supported("Calvin: Hey Dave! … amazing music thingy … Answer: Cal!", q, dave)
    assert not supported("What is your favourite band? [1]", q, dave)
    assert not supported("I was born on [1]", "When was I born?", [hit("I was born on 3 May 1990.")])


def test_repeated_list_items_are_shown_once() -> None:
    assert dedupe_items("Sourdough, Bread, Sourdough, Sourdough, Bread, Sourdough") == "Sourdough, Bread"
    assert dedupe_items("- milk\n- eggs\n- milk") == "- milk\n- eggs"
    assert dedupe_items("Porto, Portugal") == "Porto, Portugal"


def test_questions_greetings_and_model_replies_are_not_evidence() -> None:
    hits = [
        hit("Where do I live and where do I work?", role="user", n=1),
        hit("You live in Lisbon and work at a bakery.", role="assistant", n=2),
        hit("What made you decide to get a snake? Cool, Jolene!", speaker="Deborah", n=3),
    ]
    assert compose("Where do I live?", hits) is None
    assert compose("Why did Jolene get a snake?", hits, speakers=("Deborah", "Jolene")) is None
    hits.append(hit("I moved to Porto in 2021 and I live near the river.", n=4))
    got = compose("Where do I live?", hits)
    assert got is not None and got.text == "I moved to Porto in 2021 and I live near the river. [4]"


def test_whose_words_answer() -> None:
    speakers = ("Caroline", "Melanie")
    race = hit("I ran a charity race last week and realized self-care is important.",
               speaker="Melanie")
    assert compose("What did Caroline realize after her charity race?", [race], speakers=speakers) is None
    got = compose("What did Melanie realize after her charity race?", [race], speakers=speakers)
    assert got is not None and "self-care is important" in got.text
    # Words addressed to the speaker asked about are about them, not what they said; and
    # a speaker's remark on what the other said says nothing of the speaker.
    told = hit("Caroline, you ran the charity race so well!", speaker="Melanie")
    assert compose("What did Caroline run?", [told], speakers=speakers) is None
    for remark in ("That charity race sounds great, Mel!", "The charity race looks so fun."):
        said = hit(remark, speaker="Caroline")
        assert compose("What did Caroline think of her charity race?", [said], speakers=speakers) is None


def test_a_quote_must_add_something_to_the_question() -> None:
    japan = hit("This was Japan. I loved how quiet the temples were.", speaker="John")
    got = compose("What did John love about Japan's temples?", [japan], speakers=("John",))
    assert got is not None and got.text == "I loved how quiet the temples were. [1]"
    assert compose("What about Japan?", [hit("This was Japan.")]) is None


def test_long_sentences_are_cut_only_at_clause_boundaries() -> None:
    long = (
        "After the long drive back from the coast with the kids asleep in the back seat, "
        "we finally stopped at the old bakery on Rua Augusta, where I bought the sourdough "
        "that my mother always liked, and then we went home"
    )
    got = span(long, {"bakery"}, {"where", "buy", "sourdough"})
    assert got.startswith("we finally stopped at the old bakery on Rua Augusta")
    assert not got.endswith((" on", " the", " at"))


# -- the Answerer on a real store --------------------------------------------------------------
@pytest.fixture
def make_services(settings: Settings):  # type: ignore[no-untyped-def]
    made: list[Services] = []

    def build(chat: FakeChatModel) -> Services:
        s = build_services(settings, chat_model=chat, embedder=FakeEmbedder())
        made.append(s)
        return s

    yield build
    for s in made:
        s.close()


def test_the_bundled_model_never_words_an_answer(make_services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    chat = FakeChatModel(["The name of the dentist is Ana Lima."])  # not capable
    svc = make_services(chat)
    svc.importer.run([write(tmp_path / "n" / "about-me.md", "# About me\n\nMy name is Ana Lima.\n")])
    answer = svc.answerer.ask("What is the name of my dentist?")
    assert (answer.known, answer.text) == (False, "I don't have anything in memory about that.")
    assert chat.prompts == []  # never asked


def test_a_capable_models_invention_is_replaced_by_memory(make_services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    chat = FakeChatModel(["The name of the dentist is Ana Lima. [1]"], capable=True)
    svc = make_services(chat)
    svc.importer.run([write(tmp_path / "n" / "about-me.md", "# About me\n\nMy name is Ana Lima.\n")])
    answer = svc.answerer.ask("What is the name of my dentist?")
    assert chat.prompts  # the model was asked ...
    assert "Ana Lima" not in answer.text  # ... and its invention was not shown
    assert not answer.known


def test_a_capable_models_supported_answer_is_kept(make_services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    chat = FakeChatModel(["Your dentist is Dr. Okafor. [1]"], capable=True)
    svc = make_services(chat)
    svc.importer.run([write(tmp_path / "n" / "health.md", "# Health\n\nMy dentist is Dr. Okafor.\n")])
    answer = svc.answerer.ask("Who is my dentist?")
    assert (answer.text, answer.method) == ("Your dentist is Dr. Okafor. [1]", "model")


def test_the_users_questions_in_chat_never_answer_later_questions(make_services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    svc = make_services(FakeChatModel(["ok"]))
    svc.importer.run([write(tmp_path / "n" / "work.md", "# Meetings\n\nThe team meeting is on Friday at 10:00 in room 4.\n")])
    session = ChatSession(svc.store, svc.recall, svc.indexer, lambda: svc.chat_model)
    "".join(session.reply("Where do I live and where do I work?").stream())
    "".join(session.reply("When is the team meeting and where?").stream())
    where = svc.answerer.ask("Where do I live?")
    assert "Where do I live" not in where.text and not where.known
    meeting = svc.answerer.ask("When is the Team Meeting?")
    assert meeting.text == "The team meeting is on Friday at 10:00 in room 4. [1]"
    assert all(h.metadata.get("role") != "user" for h in meeting.sources)


def test_an_empty_question_is_a_usage_error(app_ctx) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from app.cli import cli

    for text in ("", "   ", "\n\t"):
        result = CliRunner().invoke(cli, ["ask", text], obj=app_ctx)
        assert result.exit_code == 2, (text, result.output)
        assert "QUESTION is empty" in result.stderr
        assert CliRunner().invoke(cli, ["search", text], obj=app_ctx).exit_code == 2


class LongContextFake(FakeChatModel):
    """A fake with a real limit: a prompt over its context raises, as llama.cpp does."""

    def count_tokens(self, text: str) -> int:
        return max(1, len(text) // 4)

    def stream(self, messages, **kw):  # type: ignore[no-untyped-def, override]
        total = sum(self.count_tokens(m.content) for m in messages)
        if total > self.context_size:
            raise ValueError(f"Requested tokens ({total}) exceed context window")
        return super().stream(messages, **kw)


def test_a_question_longer_than_the_context_is_trimmed_for_the_model(make_services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    chat = LongContextFake(["Your dentist is Dr. Okafor. [1]"], capable=True, context_size=2048)
    svc = make_services(chat)
    svc.importer.run([write(tmp_path / "n" / "health.md", "# Health\n\nMy dentist is Dr. Okafor.\n")])
    question = "Who is my dentist? I need my dentist's name for a form. " * 1800  # ~100 KB
    answer = svc.answerer.ask(question)
    assert answer.text == "Your dentist is Dr. Okafor. [1]"
    assert answer.notice is not None and "first" in answer.notice and "\n" not in answer.notice
    asked = chat.prompts[-1][-1].content
    assert len(asked) < 3000 and asked.rstrip().endswith("…")


def test_related_memories_are_never_cut_mid_phrase() -> None:
    from memory.chat import acknowledgement, gist

    born = "I was born on 14 March 1991 in Lyon, at the old hospital near the river, after a long night."
    assert gist(born) == "I was born on 14 March 1991 in Lyon, at the old hospital near the river …"
    text = acknowledgement([hit(born), hit("My sister Rita lives in Porto. She has two cats.", n=2)])
    assert "born on [" not in text and "Porto. [2]" in text


def test_a_when_question_gets_the_date_a_relative_time_meant() -> None:
    park = Hit(item_id="r1", tier="record", text="Since we last spoke, I took my kids to a park yesterday.",
               score=1.0, source="chat", source_kind="locomo", timestamp="2023-08-28T14:00:00",
               speaker="Melanie", relevant=True)
    got = compose("When did Melanie go to the park?", [park], speakers=("Melanie", "Caroline"))
    assert got is not None
    assert got.text.endswith("[1] (yesterday: 27 August 2023)")
    from bench.answers import supported as bench_supported

    source = {"text": park.text, "timestamp": park.timestamp}
    assert bench_supported(got.text, [source])
    assert not bench_supported(got.text.replace("27 August", "26 August"), [source])
