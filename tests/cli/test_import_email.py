"""Issue 18 item 6, through the CLI on the real email fixtures: the records carry their
header, so search finds "the email with subject testing" with its sender in the text, and
`mneme memory show` shows who sent it and what it was about."""

from __future__ import annotations

import json

from click.testing import CliRunner

from app.cli import cli
from app.services.context import AppContext
from tests.conftest import FIXTURES


def invoke(ctx: AppContext, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), obj=ctx, catch_exceptions=False)


def hit_with(ctx: AppContext, query: str, needle: str) -> dict[str, object]:
    """The result among the top 3 for ``query`` whose text holds ``needle``."""
    data = json.loads(invoke(ctx, "search", query, "--json", "-k", "3").stdout)
    found = [h for h in data["results"] if needle in str(h["text"])]
    assert found, [h["text"] for h in data["results"]]
    return found[0]


def test_email_header_is_searchable_and_shown(app_ctx: AppContext) -> None:
    imported = json.loads(invoke(app_ctx, "import", str(FIXTURES / "email"), "--json").stdout)
    assert imported["failed"] == 0

    sent = hit_with(app_ctx, "subject testing", "Subject: testing\n")
    assert str(sent["text"]).startswith("From: foo@example.com\nSubject: testing\n")
    hit = hit_with(
        app_ctx, "subject of the email from Mallori Harrell", "Mallori Harrell"
    )
    assert str(hit["text"]).startswith(
        "From: Mallori Harrell <mallori@unstructured.io>\nSubject: Fake email with attachment\n"
    )

    shown = invoke(app_ctx, "memory", "show", str(hit["id"]))
    assert shown.exit_code == 0
    assert "From: Mallori Harrell <mallori@unstructured.io> Subject: Fake email with attachment" in (
        shown.output
    )
    full = json.loads(invoke(app_ctx, "memory", "show", str(hit["id"]), "--json").stdout)
    assert "Date: Fri, 23 Dec 2022 12:08:48 -0600" in full["text"]
    assert "To: Mallori Harrell <mallori@unstructured.io>" in full["text"]
