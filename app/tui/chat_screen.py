"""The chat screen: talk to the local model; see which memories each reply uses."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import Worker, get_current_worker

from app.tui.widgets import ChatInput, MemoryPanel, MessageBubble
from memory.chat import ChatSession
from memory.recall import Hit
from models.errors import MnemeError


class ChatScreen(Screen[None]):
    """Chat with memory: replies stream in; the side panel shows what was recalled."""

    BINDINGS = [
        Binding("escape", "stop", "Stop reply", show=True),
        Binding("ctrl+n", "new_chat", "New chat", show=True),
    ]

    @dataclass
    class Recalled(Message):
        hits: list[Hit]

    @dataclass
    class Token(Message):
        piece: str

    @dataclass
    class ReplyDone(Message):
        text: str
        stopped: bool

    @dataclass
    class ReplyFailed(Message):
        error: str

    def __init__(self) -> None:
        super().__init__()
        self.session: ChatSession | None = None
        self._bubble: MessageBubble | None = None
        self._reply_worker: Worker[None] | None = None
        self._queued: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="chat-body"):
            with Vertical(id="chat-main"):
                yield VerticalScroll(id="chat-log")
                yield ChatInput(id="chat-input")
            yield MemoryPanel(id="memory-panel")
        yield Static("Loading models…", id="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#memory-panel", MemoryPanel).border_title = "Recalled"
        self.query_one("#chat-input", ChatInput).focus()
        log = self.query_one("#chat-log", VerticalScroll)
        log.mount(
            MessageBubble(
                "assistant",
                "Hi! Tell me about your life, or ask what you told me before. "
                "Enter sends, Ctrl+J adds a line, Esc stops a reply.",
            )
        )

    # -- services ---------------------------------------------------------------------
    def services_ready(self) -> None:
        """Called by the app when the store and models are available."""
        self.query_one("#status-line", Static).update(self.app.status_text())  # type: ignore[attr-defined]
        queued, self._queued = self._queued, []
        for text in queued:
            self._send(text)

    def _ensure_session(self) -> ChatSession:
        if self.session is None:
            services = self.app.services  # type: ignore[attr-defined]
            names = services.settings.self_names
            self.session = ChatSession(
                services.store,
                services.recall,
                services.indexer,
                lambda: services.chat_model,
                user_name=names[0] if names else "me",
                k=services.settings.answer_memories,
            )
        return self.session

    # -- sending ----------------------------------------------------------------------
    @on(ChatInput.Submitted)
    def on_submitted(self, event: ChatInput.Submitted) -> None:
        log = self.query_one("#chat-log", VerticalScroll)
        log.mount(MessageBubble("user", event.text))
        log.scroll_end(animate=False)
        if self.app.services is None:  # type: ignore[attr-defined]
            self._queued.append(event.text)
            self.notify("Models are still loading; your message will be sent when ready.")
            return
        self._send(event.text)

    def _send(self, text: str) -> None:
        if self._reply_worker is not None and self._reply_worker.is_running:
            self.notify("Wait for the reply to finish (Esc stops it).", severity="warning")
            return
        log = self.query_one("#chat-log", VerticalScroll)
        self._bubble = MessageBubble("assistant")
        log.mount(self._bubble)
        log.scroll_end(animate=False)
        self._reply_worker = self.stream_reply(self._ensure_session(), text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reply")
    def stream_reply(self, session: ChatSession, text: str) -> None:
        worker = get_current_worker()
        try:
            reply = session.reply(text)
            self.post_message(self.Recalled(reply.hits))
            stream = reply.stream()
            stopped = False
            for piece in stream:
                if worker.is_cancelled:
                    stopped = True
                    break
                self.post_message(self.Token(piece))
            stream.close()
            self.post_message(self.ReplyDone(reply.text, stopped))
        except MnemeError as e:
            self.post_message(self.ReplyFailed(str(e)))

    @on(Recalled)
    def on_recalled(self, event: Recalled) -> None:
        self.query_one("#memory-panel", MemoryPanel).show(event.hits)

    @on(Token)
    def on_token(self, event: Token) -> None:
        if self._bubble is not None:
            self._bubble.append(event.piece)
            self.query_one("#chat-log", VerticalScroll).scroll_end(animate=False)

    @on(ReplyDone)
    def on_reply_done(self, event: ReplyDone) -> None:
        if self._bubble is not None:
            text = event.text or "(no reply)"
            self._bubble.set_text(text + ("  [stopped]" if event.stopped else ""))
        self._bubble = None
        self.query_one("#status-line", Static).update(self.app.status_text())  # type: ignore[attr-defined]

    @on(ReplyFailed)
    def on_reply_failed(self, event: ReplyFailed) -> None:
        if self._bubble is not None:
            self._bubble.set_text("(no reply)")
        self._bubble = None
        self.notify(event.error, title="Reply failed", severity="error", timeout=10)

    # -- actions ----------------------------------------------------------------------
    def action_stop(self) -> None:
        if self._reply_worker is not None and self._reply_worker.is_running:
            self._reply_worker.cancel()

    def action_new_chat(self) -> None:
        self.action_stop()
        self.session = None
        log = self.query_one("#chat-log", VerticalScroll)
        log.remove_children()
        self.query_one("#memory-panel", MemoryPanel).show([])
        self.notify("Started a new conversation.")
