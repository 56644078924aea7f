"""``mneme prefill`` and ``mneme draft`` through CliRunner against a scripted memory."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html
from pypdf import PdfReader

from app.cli import cli
from app.services.context import AppContext
from tests.prefill.conftest import DATA, PDF_FORM, Script


def run(ctx: AppContext, *args: str, input: str | bytes | None = None):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, list(args), obj=ctx, input=input, catch_exceptions=False)
    return result


def facts(ctx: AppContext, predicate: str) -> dict[str, str]:
    tiers = ctx.services.tiers
    assert tiers is not None
    return {
        f.object: f.status for f in tiers.facts.listing(history=True) if f.predicate == predicate
    }


def test_json_shape(ctx: AppContext) -> None:
    result = run(ctx, "prefill", str(DATA / "signup.html"), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"fields"}
    for item in data["fields"]:
        assert {"name", "label", "value", "status", "confidence", "sources"} <= set(item)
        assert item["status"] in ("filled", "unknown", "sensitive")
        assert isinstance(item["sources"], list)
    by = {f["name"]: f for f in data["fields"]}
    assert by["city"]["value"] == "Berlin"
    assert by["city"]["sources"][0]["id"].startswith("f")
    assert {"id", "tier", "text", "source", "timestamp"} <= set(by["city"]["sources"][0])
    assert by["city"]["history"][0]["status"] == "superseded"
    assert by["password"]["status"] == "sensitive" and by["password"]["value"] == ""


def test_one_question_and_stdin(ctx: AppContext) -> None:
    one = json.loads(run(ctx, "prefill", "What is your dietary restriction?", "--json").output)
    assert [(f["value"], f["status"]) for f in one["fields"]] == [("vegetarian", "filled")]
    piped = json.loads(run(ctx, "prefill", "-", "--json", input='["Where do you live?"]').output)
    assert piped["fields"][0]["value"] == "Berlin"


def test_table_output(ctx: AppContext) -> None:
    result = run(ctx, "prefill", str(DATA / "form.json"))
    assert result.exit_code == 0
    assert "Conference registration" in result.output
    assert "Ana Moreau" in result.output and "sensitive" in result.output
    assert "filled" in result.output and "unknown" in result.output


def test_out_writes_filled_html(ctx: AppContext, tmp_path: Path) -> None:
    out = tmp_path / "filled.html"
    result = run(ctx, "prefill", str(DATA / "signup.html"), "--out", str(out))
    assert result.exit_code == 0, result.output
    doc = lxml_html.fromstring(out.read_bytes())
    assert doc.get_element_by_id("fname").get("value") == "Ana"
    assert doc.get_element_by_id("city").get("value") == "Berlin"
    assert doc.xpath("//select[@name='diet']/option[@selected]")[0].text == "Vegetarian"
    assert doc.get_element_by_id("allergies").text == "peanuts"
    assert doc.get_element_by_id("pw").get("value") is None
    assert doc.get_element_by_id("ssn").get("value") is None


def test_out_writes_filled_pdf(ctx: AppContext, tmp_path: Path) -> None:
    out = tmp_path / "filled.pdf"
    result = run(ctx, "prefill", str(PDF_FORM), "--out", str(out))
    assert result.exit_code == 0, result.output
    fields = {
        k: v.get("/V") for k, v in PdfReader(io.BytesIO(out.read_bytes())).get_fields().items()
    }
    assert fields["First Name"] == "Ana"
    assert fields["Last Name"] == "Moreau"
    assert fields["Birthday"] == "1991-03-14"
    assert fields["Nationality"] == "French"
    assert fields["gdpr"] == "/Off"  # consent left alone


def test_out_json_and_refusing_a_wrong_kind(ctx: AppContext, tmp_path: Path) -> None:
    out = tmp_path / "answers.json"
    assert run(ctx, "prefill", str(DATA / "questions.txt"), "--out", str(out)).exit_code == 0
    assert json.loads(out.read_text())["fields"][0]["value"] == "vegetarian"
    bad = run(ctx, "prefill", str(DATA / "questions.txt"), "--out", str(tmp_path / "x.pdf"))
    assert bad.exit_code == 1 and "only a PDF form" in bad.output
    assert not (tmp_path / "x.pdf").exists()


def test_bad_form_is_one_line_error(ctx: AppContext, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{oops", encoding="utf-8")
    result = run(ctx, "prefill", str(broken))
    assert result.exit_code == 1
    assert f"Error: {broken}: not valid JSON" in result.output


def test_interactive_accept_reinforces_and_edit_supersedes(ctx: AppContext) -> None:
    tiers = ctx.services.tiers
    assert tiers is not None
    [diet] = [f for f in tiers.facts.listing() if f.predicate == "diet"]
    before = tiers.decay.state(diet.item_id).strength
    form = ["What is your dietary restriction?", "City", "Favourite colour", "Passport number"]
    path = ctx.services.settings.data_dir / "q.json"
    path.write_text(json.dumps(form), encoding="utf-8")
    # accept the diet, edit the city, enter a colour for the unknown field; the passport is
    # sensitive and never asked.
    answers = "a\ne\nMunich\ne\nteal\n"
    result = run(ctx, "prefill", str(path), "--interactive", "--json", input=answers)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    values = [(f["value"], f["status"]) for f in data["fields"]]
    assert values == [
        ("vegetarian", "filled"),
        ("Munich", "filled"),
        ("teal", "filled"),
        ("", "sensitive"),
    ]
    # accepted: the same fact, reinforced (stronger), not a duplicate
    assert facts(ctx, "diet") == {"vegetarian": "current"}
    assert tiers.decay.state(diet.item_id).strength > before
    # edited: supersedes Berlin, which stays as history
    assert facts(ctx, "lives_in") == {
        "Lisbon": "superseded",
        "Berlin": "superseded",
        "Munich": "current",
    }
    [munich] = [f for f in tiers.facts.listing() if f.object == "Munich"]
    assert munich.extractor == "user"
    # a new fact for a field memory did not know
    assert facts(ctx, "favorite_colour") == {"teal": "current"}


def test_interactive_skip_changes_nothing(ctx: AppContext) -> None:
    before = facts(ctx, "lives_in")
    result = run(ctx, "prefill", "Where do you live?", "--interactive", input="s\n")
    assert result.exit_code == 0
    assert facts(ctx, "lives_in") == before


def test_draft_replies_in_the_users_voice(ctx: AppContext, tmp_path: Path) -> None:
    script = Script(ctx.services)
    for text in ("hey! sounds great 😊 see you soon", "hey, running late 😅", "haha yes! 😊"):
        script.record(text, "2024-08-01", speaker="me", kind="message")
    msg = tmp_path / "msg.txt"
    msg.write_text(
        "From: Rita <rita@example.org>\n\nDinner on Friday! Do you have any dietary restrictions? "
        "And what is your favourite wine?\n",
        encoding="utf-8",
    )
    data = json.loads(run(ctx, "draft", "--reply-to", str(msg), "--json").output)
    assert {"draft", "facts", "style"} <= set(data)
    assert "vegetarian" in data["draft"]
    assert "check" in data["draft"]  # the wine is unknown: said, not invented
    assert data["draft"].lower().startswith("hey rita")
    assert "😊" in data["draft"]
    assert data["facts"][0]["text"] == "You are vegetarian."
    assert data["style"]["greeting"] == "hey" and data["style"]["emoji_rate"] == 1.0
    assert data["method"] == "template"
    plain = run(ctx, "draft", "--reply-to", "-", input="Where do you live these days?")
    assert "I live in Berlin" in plain.output and "Based on" in plain.output


def test_draft_with_a_capable_model_is_checked_for_invented_words(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from models.fakes import FakeChatModel
    from tests.conftest import fake_factory
    from tests.prefill.conftest import ana

    msg = tmp_path / "msg.txt"
    msg.write_text("Are you vegetarian these days?", encoding="utf-8")
    grounded = FakeChatModel(["Yes, I am vegetarian."], capable=True)
    ctx = AppContext(factory=fake_factory(grounded))
    try:
        ana(Script(ctx.services))
        data = json.loads(run(ctx, "draft", "--reply-to", str(msg), "--json").output)
        assert (data["method"], data["draft"]) == ("model", "Yes, I am vegetarian.")
        assert "- I am vegetarian." in grounded.prompts[-1][-1].content  # the facts were given
        inventive = FakeChatModel(
            ["Yes! I became vegan in Tokyo with my husband Raoul."], capable=True
        )
        ctx.services._chat_model = inventive  # a newly configured model
        data = json.loads(run(ctx, "draft", "--reply-to", str(msg), "--json").output)
        assert data["method"] == "template"
        assert "Tokyo" not in data["draft"] and "vegetarian" in data["draft"]
    finally:
        ctx.close()


@pytest.mark.parametrize(
    "message,expected",
    [
        ("Are you still living in Porto?", "I live in Berlin"),
        ("Hey! where do you live now?", "I live in Berlin"),
        ("And what's your new email address, I lost it.", "ana.moreau@example.org"),
        ("I was wondering where you live now, since you moved.", "I live in Berlin"),
        ("Are you still working at Tidewave?", "Northwind"),
    ],
)
def test_draft_finds_the_questions_people_write(ctx: AppContext, message: str, expected: str) -> None:
    data = json.loads(run(ctx, "draft", "--reply-to", "-", "--json", input=message).output)
    assert data["questions"], message
    assert all(q["status"] == "filled" for q in data["questions"]), data["questions"]
    assert expected in data["draft"], data["draft"]
