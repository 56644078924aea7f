"""More chat-screen flows: citations match the panel, details of a recalled memory, resuming
and searching past conversations, the status line, typing "?" in the input."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from app.tui.screens.chat import ChatScreen
from app.tui.screens.conversations import ConversationsScreen
from app.tui.screens.help import HelpScreen
from app.tui.screens.memory_detail import MemoryDetailScreen
from app.tui.widgets import ChatInput, MemoryItem, MemoryPanel, MessageBubble, StatusBar
from models.fakes import FakeChatModel
from tests.tui.helpers import make_app, seed, settle, visible_text, wait_ready


async def send(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    inp = pilot.app.screen.query_one(ChatInput)
    inp.focus()
    inp.insert(text)
    await pilot.press("enter")
    await settle(pilot.app, pilot)


async def test_citations_are_numbered_like_the_recalled_panel() -> None:
    chat = FakeChatModel(["Rita lives in Porto [1] and loves orchids [2]."], capable=True)
    app = make_app(chat)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        assert app.services is not None
        seed(app.services)
        await send(pilot, "Tell me about Rita")
        items = list(app.screen.query_one(MemoryPanel).query(MemoryItem))
        assert [i.n for i in items] == list(range(1, len(items) + 1))
        # The prompt numbered the memories exactly as the panel does.
        system = chat.prompts[-1][0].content
        for item in items:
            assert f"[{item.n}]" in system and " ".join(item.hit.text.split())[:40] in system
        panel_text = visible_text(items[0].query_one(Static))
        first = items[0].hit
        assert panel_text.startswith(f"[1] {first.item_id} {first.tier} · ")
        assert first.source.rsplit("/", 1)[-1] in panel_text
        assert "█" in panel_text and "100%" in panel_text and "meaning" in panel_text


async def test_selecting_a_recalled_memory_opens_its_details() -> None:
    app = make_app(FakeChatModel(["She lives in Porto [1]."], capable=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        assert app.services is not None
        seed(app.services)
        await send(pilot, "Where does Rita live?")
        await pilot.press("ctrl+r")
        assert isinstance(app.focused, MemoryPanel)
        first = app.screen.query_one(MemoryPanel).query(MemoryItem).first()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MemoryDetailScreen)
        body = visible_text(app.screen.query_one("#detail-body", Static))
        assert first.hit.text in body
        assert "/home/me/" in body and "Evidence" in body and "History" in body
        assert "Matched" in body
        await pilot.press("escape")
        assert isinstance(app.screen, ChatScreen)


async def test_resume_a_past_conversation_found_by_search() -> None:
    chat = FakeChatModel(["Noted."], capable=True)
    app = make_app(chat)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        await send(pilot, "We adopted a beagle called Biscuit.")
        await pilot.press("ctrl+n")
        await send(pilot, "The tax forms are due in April.")
        await pilot.press("ctrl+n")
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert isinstance(app.screen, ConversationsScreen)
        options = app.screen.query_one("#conv-list", OptionList)
        assert options.option_count == 2
        await pilot.press(*"beagle")
        await settle(app, pilot)
        assert options.option_count == 1
        assert "Biscuit" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ChatScreen)
        texts = [(b.role, b.text) for b in app.screen.query(MessageBubble)]
        assert texts == [("user", "We adopted a beagle called Biscuit."), ("assistant", "Noted.")]
        # The resumed conversation continues: the model sees its history.
        await send(pilot, "What is the dog called?")
        contents = [m.content for m in chat.prompts[-1]]
        assert "We adopted a beagle called Biscuit." in contents


async def test_status_line_shows_model_store_size_and_state() -> None:
    app = make_app(FakeChatModel(["ok"], capable=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        bar = app.screen.query_one(StatusBar)
        assert visible_text(bar) == "SmolLM2-135M (bundled) · 0 memories · 0 sources · ready"
        await send(pilot, "I like green tea.")
        assert "2 memories · 1 source ·" in visible_text(bar)


async def test_question_mark_types_into_the_input_and_f1_opens_help() -> None:
    app = make_app(FakeChatModel(["ok"]))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("w", "h", "y", "question_mark")
        assert app.screen.query_one(ChatInput).text == "why?"
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ChatScreen)


async def test_typing_in_the_recalled_panel_goes_to_the_input() -> None:
    app = make_app(FakeChatModel(["ok [1]"], capable=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        seed(app.services)
        await send(pilot, "Rita Porto")
        await pilot.press("ctrl+r")
        assert isinstance(app.focused, MemoryPanel)
        await pilot.press("h", "i")
        assert isinstance(app.focused, ChatInput) and app.focused.text == "hi"


async def test_you_can_type_while_a_reply_streams() -> None:
    class Slow(FakeChatModel):
        def stream(self, messages, **kw):  # type: ignore[no-untyped-def, override]
            import time

            for piece in super().stream(messages, **kw):
                time.sleep(0.05)
                yield piece

    app = make_app(Slow(["word " * 100], chunk=5, capable=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        inp = app.screen.query_one(ChatInput)
        inp.insert("tell me a story")
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.screen._reply_worker is not None and app.screen._reply_worker.is_running
        await pilot.press("n", "e", "x", "t")
        assert inp.text == "next"
        assert app.screen._reply_worker.is_running  # still streaming while we typed
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen.query(MessageBubble).last().text.endswith("[stopped]")
