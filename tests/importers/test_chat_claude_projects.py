"""The projects.json of a Claude.ai export (projects with description, instructions and
documents); its shape written for the test in our own words."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from app.bootstrap import Services
from importers.formats.claude_projects import PARSER
from importers.registry import detect
from tests.conftest import write
from tests.importers.chat_helpers import parse, source

PROJECTS = [
    {
        "uuid": "p-1",
        "name": "Lisbon move",
        "description": "Planning the move in May",
        "is_private": True,
        "prompt_template": "Answer in Portuguese when I ask for letters.",
        "created_at": "2024-03-12T21:05:09.000000+00:00",
        "updated_at": "2024-03-13T08:00:00.000000+00:00",
        "creator": {"uuid": "u-1", "full_name": "Ana"},
        "docs": [
            {
                "uuid": "d-1",
                "filename": "budget.md",
                "content": "Rent: 1200 EUR. Movers: 800 EUR.",
                "created_at": "2024-03-12T22:00:00.000000+00:00",
            },
            {"uuid": "d-2", "filename": "empty.txt", "content": ""},
        ],
    },
    {
        "uuid": "p-2",
        "name": "How to use Claude",
        "description": "",
        "prompt_template": "",
        "docs": [],
    },
]


def test_claude_projects_become_notes(services: Services, tmp_path: Path) -> None:
    """projects.json was 'unsupported format (JSON of unknown shape)': project instructions
    and documents the user wrote were lost."""
    path = write(tmp_path / "projects.json", json.dumps(PROJECTS))
    assert detect(source(path)) is PARSER
    parsed = parse(PARSER, path)
    about, budget = parsed.records
    assert about.text == (
        "Claude project Lisbon move\n\nDescription: Planning the move in May\n\n"
        "Instructions: Answer in Portuguese when I ask for letters."
    )
    assert (budget.title, budget.text) == (
        "Lisbon move / budget.md",
        "Rent: 1200 EUR. Movers: 800 EUR.",
    )
    assert budget.event_time == datetime(2024, 3, 12, 22, 0, tzinfo=UTC)
    assert {about.conversation, budget.conversation} == {"claude-project:p-1"}
    (result,) = services.importer.run([path]).files
    assert (result.status, result.new_records, result.format) == ("added", 2, "claude_projects")
