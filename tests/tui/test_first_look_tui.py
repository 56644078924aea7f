"""What a new user sees (issue 19), at 120x40 and at 80x24: an email attendee reads as a name
and an address, an import preview's reasons read in full and say what importing *would* do,
the prefill answer's header is not cut, and the footer shows every key, F1 first, never cut.

Each test looks at the screen's text as the terminal shows it (``screen_lines``), on real
SQLite and Chroma with the real importers and fake models.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.command import CommandList
from textual.widgets import DataTable, Footer, Input, OptionList

from app.services import imports
from models.fakes import FakeChatModel
from tests.tui.helpers import make_app, region_lines, seed, settle, wait_ready

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]

MEETING = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VEVENT
UID:meeting-1@example.com
DTSTAMP:20240301T100000Z
DTSTART:20240305T150000Z
DTEND:20240305T160000Z
SUMMARY:Budget review
LOCATION:Room 4
ATTENDEE;CN="Doe, John";PARTSTAT=ACCEPTED:mailto:johndoe@example.com
ATTENDEE:mailto:alice@example.com
END:VEVENT
END:VCALENDAR
"""


def words(text: str) -> list[str]:
    return text.split()


def shows_in_full(lines: list[str], text: str) -> bool:
    """Every word of ``text`` is on screen, in order (wrapping may break lines between them)."""
    screen = " ".join(" ".join(line.split()) for line in lines)
    pattern = r"\W+".join(re.escape(w) for w in re.split(r"\W+", text) if w)
    return re.search(pattern, screen) is not None


async def type_into(pilot, selector: str, text: str) -> None:  # type: ignore[no-untyped-def]
    box = pilot.app.screen.query_one(selector, Input)
    box.focus()
    box.value = text
    await pilot.press("enter")
    await settle(pilot.app, pilot)


# -- 1. F3: an email attendee is a name and an address, not a Python dict ----------------
@pytest.mark.parametrize("size", SIZES)
async def test_an_event_attendee_reads_as_name_and_address(
    size: tuple[int, int], tmp_path: Path
) -> None:
    (tmp_path / "meeting.ics").write_text(MEETING, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await wait_ready(app, pilot)
        assert app.services is not None
        report = imports.run_import(app.services, [tmp_path / "meeting.ics"])
        assert report.summary["added"] == 1
        await pilot.press("f3")
        await type_into(pilot, "#lookup", "Budget review")
        options = app.screen.query_one("#dossier", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        episode = next(p for p in prompts if " episode " in p)
        assert "John Doe <johndoe@example.com>, alice@example.com" in episode
        options.highlighted = prompts.index(episode)
        await settle(app, pilot)
        lines = region_lines(app, options)
        assert not any("{'name'" in line or "'address'" in line for line in lines)
        assert shows_in_full(lines, "John Doe <johndoe@example.com>, alice@example.com")


# -- 2. F5: why a file failed reads in full ----------------------------------------------
async def preview(pilot, paths: list[Path]):  # type: ignore[no-untyped-def]
    """Open F5, choose ``paths`` and preview; the report."""
    app = pilot.app
    await wait_ready(app, pilot)
    await pilot.press("f5")
    await settle(app, pilot)
    for path in paths:
        await type_into(pilot, "#path-input", str(path))
    await pilot.press("ctrl+t")
    await settle(app, pilot)
    report = app.screen.report
    assert report is not None and report.dry_run
    return report


def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "family.md").write_text("# Family\n\nMy sister Rita lives in Porto.\n")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    (folder / "archive.zip").write_bytes(b"PK\x03\x04 not really a zip")
    return folder


@pytest.mark.parametrize("size", SIZES)
async def test_an_import_preview_shows_every_reason_in_full(
    size: tuple[int, int], tmp_path: Path
) -> None:
    app = make_app(browse_root=tmp_path)
    async with app.run_test(size=size) as pilot:
        report = await preview(pilot, [inbox(tmp_path), tmp_path / "gone"])
        failed = [f for f in report.files if f.status == "failed"]
        assert len(failed) == 3 and all(f.reason for f in failed)
        table = app.screen.query_one("#report", DataTable)
        for f in failed:  # each failed file's row, scrolled to as the user would
            assert f.reason is not None
            table.move_cursor(row=report.files.index(f))
            await settle(app, pilot)
            lines = region_lines(app, table)
            assert shows_in_full(lines, f.reason), (f.path, f.reason, lines)


# -- 3. F5: a preview says what importing would do ----------------------------------------
@pytest.mark.parametrize("size", SIZES)
async def test_an_import_preview_says_would_add(size: tuple[int, int], tmp_path: Path) -> None:
    app = make_app(browse_root=tmp_path)
    async with app.run_test(size=size) as pilot:
        report = await preview(pilot, [inbox(tmp_path)])
        assert [f.status for f in report.files if f.path.endswith("family.md")] == ["added"]
        table = app.screen.query_one("#report", DataTable)
        shown = "\n".join(region_lines(app, table))
        assert "would add" in shown and "added" not in shown
        summary = region_lines(app, app.screen.query_one("#import-summary"))
        assert shows_in_full(summary, "nothing was written")
        assert shows_in_full(summary, "would add 1, would update 0, unchanged 0")
        assert not any("added" in line for line in summary)
        assert app.services is not None and app.services.store.counts()["records"] == 0


# -- 4. F6: the answer's header wraps, nothing cut --------------------------------------
@pytest.mark.parametrize("size", SIZES)
async def test_the_prefill_answer_header_is_not_cut(size: tuple[int, int]) -> None:
    app = make_app(FakeChatModel(["Rita lives in Porto [1]."]))
    async with app.run_test(size=size) as pilot:
        await wait_ready(app, pilot)
        assert app.services is not None
        seed(app.services)
        await pilot.press("f6")
        await type_into(pilot, "#question", "Where does Rita live?")
        status = str(app.screen.query_one("#prefill-status").render())
        assert status.startswith("✔ Known — proposed answer (") and status.endswith("sources)")
        column = region_lines(app, app.screen.query_one("#prefill-body"))
        assert shows_in_full(column, status), (status, column)
        assert shows_in_full(column, "Rita lives in Porto.")


# -- 5. the footer: F1…F6 first, every key shown, the palette key whole -------------------
MODES = ("chat", "memory", "persona", "import", "prefill")


@pytest.mark.parametrize("size", SIZES)
async def test_the_footer_shows_every_key_f1_first(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await wait_ready(app, pilot)
        for mode in MODES:
            await app.action_show(mode)
            await settle(app, pilot)
            footer = app.screen.query_one(Footer)
            lines = [" ".join(line.split()) for line in region_lines(app, footer)]
            assert lines[0].startswith(
                "F1 Help F2 Chat F3 Memory F4 Persona F5 Import F6 Prefill"
            ), (mode, lines)
            assert lines[0].endswith("▏^p palette"), (mode, lines)  # whole, nothing after it
            shown = [
                (node, b)
                for node, b, _, _ in app.screen.active_bindings.values()
                if b.show and not (node is app and b.key.startswith("f"))
            ]
            text = " ".join(lines)
            for _, b in shown:
                assert f"{app.get_key_display(b)} {b.description}" in text, (mode, b)
            assert len(lines) <= 2  # one line where it fits, two at most at 80 columns
            own = [b for node, b in shown if node is app.screen]
            if len(lines) == 2:  # the app's keys, then the screen's on a line of their own
                assert lines[1].startswith(f"{app.get_key_display(own[0])} {own[0].description}")
            else:  # the screen's keys right after F6
                after = lines[0].split("F6 Prefill ", 1)[1]
                assert after.startswith(f"{app.get_key_display(own[0])} {own[0].description}")


# -- the palette (80x24 walk): Mneme's screens first and on screen, each command once ------
async def open_palette(pilot) -> list[str]:  # type: ignore[no-untyped-def]
    """Open the palette; wait until it has listed every command; return their titles."""
    await pilot.press("ctrl+p")
    for _ in range(500):
        if pilot.app.screen.has_class("-ready"):
            break
        await pilot.pause(0.01)
    else:
        raise AssertionError("the command palette never listed its commands")
    await settle(pilot.app, pilot)
    options = pilot.app.screen.query_one(CommandList)
    return [
        str(options.get_option_at_index(i).prompt).split("\n")[0]
        for i in range(options.option_count)
    ]


@pytest.mark.parametrize("size", SIZES)
async def test_the_palette_lists_mneme_screens_first(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await wait_ready(app, pilot)
        titles = await open_palette(pilot)
        screens = ["Help", "Chat", "Memory browser", "Persona", "Import", "Prefill"]
        assert titles[:6] == screens, titles
        assert titles.count("Quit") == 1, titles  # Mneme's Quit, not Textual's as well
        assert {"Keys", "Theme"} <= set(titles[6:]), titles  # Textual's, after Mneme's
        bar = re.compile(r"[▁▂▃▄▅▆▇█]+")  # the list's scrollbar, at the right of some lines
        shown = [bar.sub("", line) for line in region_lines(app, app.screen.query_one(CommandList))]
        for title, key in zip(screens, ("F1", "F2", "F3", "F4", "F5", "F6"), strict=True):
            assert any(line.strip() == title for line in shown), (title, shown)
            assert any(line.rstrip().endswith(f"({key})") for line in shown), (key, shown)


# -- the 80x24 walk: hints fit their boxes, a form's field names are never split ----------
HINTED = {"memory": ["#lookup"], "import": ["#path-input"], "prefill": ["#question", "#form-input"]}


@pytest.mark.parametrize("size", SIZES)
async def test_every_input_hint_fits_its_box(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await wait_ready(app, pilot)
        for mode, selectors in HINTED.items():
            await app.action_show(mode)
            await settle(app, pilot)
            for selector in selectors:
                box = app.screen.query_one(selector, Input)
                hint = box.placeholder
                shown = " ".join(region_lines(app, box))
                assert hint in shown, (mode, selector, hint, shown)  # whole, not cut
                assert len(hint.split()) >= 2, (mode, selector, hint)  # a hint, not a stub
        if size == (120, 40):  # room for the full wording
            await app.action_show("memory")
            await settle(app, pilot)
            lookup = app.screen.query_one("#lookup", Input)
            assert lookup.placeholder == "What do I know about… (a person, place or topic)"


FORM = Path(__file__).parents[1] / "data" / "prefill" / "form.json"


@pytest.mark.parametrize("size", SIZES)
async def test_a_form_field_name_is_never_split_mid_word(size: tuple[int, int]) -> None:
    app = make_app(FakeChatModel(["I don't know."]))
    async with app.run_test(size=size) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        await type_into(pilot, "#form-input", str(FORM))
        table = app.screen.query_one("#form-fields", DataTable)
        assert table.row_count == 6
        shown = region_lines(app, table)
        cells = set()
        for line in shown:
            cells.update(line.split())
        for label in ("Full name", "Country of residence", "IBAN for reimbursement"):
            for word in label.split():
                assert word in cells, (word, shown)
