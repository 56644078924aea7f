""""What did James say?" through the CLI on a real WhatsApp export: a person's own messages
answer it, quoted with their name, whatever their words ("Hi here" shares none with the
question, so recall alone did not count it relevant and the answer was "I don't have
anything in memory about that"; the TUI showed "Recalled (0)")."""

from __future__ import annotations

import json

from click.testing import CliRunner

from app.cli import cli
from app.services.context import AppContext
from tests.conftest import FIXTURES

CHAT = FIXTURES / "whatsapp" / "langchain_examples_whatsapp_chat.txt"


def ask(ctx: AppContext, question: str) -> dict[str, object]:
    out = CliRunner().invoke(cli, ["ask", question, "--json"], obj=ctx, catch_exceptions=False)
    return json.loads(out.stdout)


def test_what_a_speaker_said_is_their_own_messages(app_ctx: AppContext) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(CHAT)], obj=app_ctx).exit_code == 0
    said = ask(app_ctx, "What did James say?")
    assert said["known"] is True
    assert str(said["answer"]).startswith("James: Hi here [1]")
    sources = said["sources"]
    assert isinstance(sources, list) and sources[0]["source"].endswith(CHAT.name)


def test_what_a_speaker_said_about_something_needs_those_words(app_ctx: AppContext) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(CHAT)], obj=app_ctx).exit_code == 0
    assert ask(app_ctx, "What did James say about the weather?")["known"] is False
    # Nobody of that name speaks in the chat: no one's messages are taken for theirs.
    assert "Hi here" not in str(ask(app_ctx, "What did Priya say?")["answer"])
