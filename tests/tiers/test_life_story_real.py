"""Integration (real bundled MiniLM + SmolLM2 GGUF, real SQLite + Chroma): a year of journal
notes with a move, a job change, a new pet, a changed preference and one contradiction."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from app.bootstrap import Services, build_services
from app.cli import cli
from app.services.context import AppContext
from app.settings import Settings
from tests.tiers.conftest import LIFE_STORY

pytestmark = pytest.mark.integration


@pytest.fixture
def story(settings: Settings, real_chat, real_embedder) -> Iterator[AppContext]:  # type: ignore[no-untyped-def]
    services: dict[str, Services] = {}

    def factory(s: Settings) -> Services:
        services["svc"] = build_services(s, chat_model=real_chat, embedder=real_embedder)
        return services["svc"]

    ctx = AppContext(factory=factory)
    result = CliRunner().invoke(cli, ["import", str(LIFE_STORY), "--json"], obj=ctx)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["added"] == 198
    yield ctx
    ctx.close()


def cli_json(ctx: AppContext, *args: str):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, list(args), obj=ctx, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_year_is_remembered_with_its_changes(story: AppContext) -> None:
    current = {(f["predicate"], f["object"]) for f in cli_json(story, "facts", "--json")
               if f["status"] == "current"}
    assert current >= {
        ("lives_in", "Berlin"), ("works_at", "Northwind"), ("job_title", "product manager"),
        ("has_pet", "Biscuit"), ("likes", "green tea"), ("dislikes", "coffee"),
        ("allergic_to", "peanuts"), ("has_sister", "Rita"), ("diet", "vegetarian"),
        ("birthday", "14 May"), ("has_friend", "Tom"),
    }
    history = {f["object"]: f for f in cli_json(story, "facts", "--history", "--json")
               if f["status"] == "superseded"}
    lisbon = history["Lisbon"]
    assert lisbon["valid_from"].startswith("2024-01-03") and lisbon["valid_to"].startswith("2024-05-11")
    assert lisbon["text"] == "You lived in Lisbon until May 2024."
    assert history["Tidewave"]["valid_to"].startswith("2024-03-15")
    assert history["coffee"]["predicate"] == "likes"

    [conflict] = cli_json(story, "conflicts", "--json")
    assert {f["object"] for f in conflict["facts"]} == {"14 May", "2 June"}


def test_where_do_i_live_answers_the_new_city(story: AppContext) -> None:
    answer = cli_json(story, "ask", "--json", "where do I live")
    assert answer["known"] is True
    assert "Berlin" in answer["answer"] and "Lisbon" not in answer["answer"]
    assert answer["sources"][0]["id"].startswith("f")
    before = cli_json(story, "ask", "--json", "Where did I live before I moved?")
    assert "Lisbon" in before["answer"]
    assert cli_json(story, "ask", "--json", "What is the capital of Mongolia?")["known"] is False
    about = cli_json(story, "about", "Biscuit", "--json")
    assert about["known"] and about["facts"][0]["text"] == "You have a puppy named Biscuit."
