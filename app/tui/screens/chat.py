"""The chat screen: talk to the local model; see which memories each reply uses.

Replies stream from a thread worker (``ChatSession.reply``) as ``Token`` messages; Esc stops
them. The side panel lists the memories recalled for the turn, numbered like the reply's
[1] [2] citations; selecting one opens its details. Past conversations can be searched and
resumed (Ctrl+O). Every turn is stored as memory by ``ChatSession``; after a reply the app
schedules consolidation for when the user is idle.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import ListView
from textual.worker import Worker, WorkerState, get_current_worker

from app.services import chat
from app.tui.screens.base import MnemeScreen
from app.tui.widgets.bubble import MessageBubble
from app.tui.widgets.chat_input import ChatInput
from app.tui.widgets.memory_panel import MemoryItem, MemoryPanel
from models.errors import MnemeError

if TYPE_CHECKING:
    from app.bootstrap import Services
    from app.services.ask import Hit
    from app.services.chat import ChatSession

GREETING = (
    "Hi! Tell me about your life, or ask what you told me before. "
    "Enter sends, Ctrl+J adds a line, Esc stops a reply, Ctrl+O opens past conversations."
)


class ChatScreen(MnemeScreen):
    """Chat with memory: replies stream in; the side panel shows what was recalled."""

    BINDINGS = [
        Binding("escape", "stop", "Stop", show=True),
        Binding("ctrl+n", "new_chat", "New", show=True),
        Binding("ctrl+o", "conversations", "Chats", show=True),
        Binding("ctrl+r", "focus_recalled", "Recalled", show=True),
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

    @dataclass
    class Notice(Message):
        """One line about the reply (the message was trimmed for the model...)."""

        text: str

    @dataclass
    class ModelStopped(Message):
        """The chat model failed during the reply, which was quoted from memory instead."""

        notice: str

    @dataclass
    class ConversationLoaded(Message):
        session: ChatSession
        title: str

    def __init__(self) -> None:
        super().__init__()
        self.session: ChatSession | None = None
        self._bubble: MessageBubble | None = None
        self._reply_worker: Worker[None] | None = None
        self._queued: list[str] = []
        """Typed before the services were ready."""
        self._waiting: list[str] = []
        """Typed while a reply was streaming, answered in order after it."""

    def compose_body(self) -> Iterable[Widget]:
        yield Horizontal(
            Vertical(VerticalScroll(id="chat-log"), ChatInput(id="chat-input"), id="chat-main"),
            MemoryPanel(id="memory-panel"),
            id="chat-body",
        )

    def on_mount(self) -> None:
        super().on_mount()
        panel = self.query_one("#memory-panel", MemoryPanel)
        panel.border_title = "Recalled"
        self.query_one("#chat-input", ChatInput).focus()
        self.query_one("#chat-log", VerticalScroll).mount(MessageBubble("assistant", GREETING))

    # -- services ---------------------------------------------------------------------
    def on_services(self, services: Services) -> None:
        queued, self._queued = self._queued, []
        for text in queued:
            self._send(text)

    def services_ready(self) -> None:
        """Send what was typed while the services were being built."""
        if self.services is not None:
            self.on_services(self.services)

    def _ensure_session(self, services: Services) -> ChatSession:
        if self.session is None:
            self.session = chat.new_session(services)
        return self.session

    # -- sending ----------------------------------------------------------------------
    @on(ChatInput.Submitted)
    def on_submitted(self, event: ChatInput.Submitted) -> None:
        self.mneme.pause_background()  # the user is active: consolidation can wait
        log = self.query_one("#chat-log", VerticalScroll)
        log.mount(MessageBubble("user", event.text))
        log.scroll_end(animate=False)
        if self.services is None:
            self._queued.append(event.text)
            self.notify("Mneme is still starting; your message will be sent when ready.")
            return
        self._send(event.text)

    def _send(self, text: str) -> None:
        services = self.services
        if services is None:
            self._queued.append(text)
            return
        if self._reply_worker is not None and self._reply_worker.is_running:
            # Answered in turn once the reply under way ends (nothing typed goes unanswered).
            self._waiting.append(text)
            self.notify("Queued: I'll answer it when this reply ends (Esc stops it).")
            return
        log = self.query_one("#chat-log", VerticalScroll)
        self._bubble = MessageBubble("assistant")
        log.mount(self._bubble)
        log.scroll_end(animate=False)
        self._reply_worker = self.stream_reply(self._ensure_session(services), text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reply", name="Reply")
    def stream_reply(self, session: ChatSession, text: str) -> None:
        """Recall, then stream the reply (thread worker; results go back as messages)."""
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
            if reply.notice and reply.model_failed:
                self.post_message(self.ModelStopped(reply.notice))
            elif reply.notice:
                self.post_message(self.Notice(reply.notice))
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
        self.mneme.refresh_counts()
        self.mneme.schedule_consolidation()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """When a reply's worker has ended, answer what was typed meanwhile."""
        if event.worker is self._reply_worker and event.state in (
            WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED
        ) and self._waiting:
            self._send(self._waiting.pop(0))

    @on(ReplyFailed)
    def on_reply_failed(self, event: ReplyFailed) -> None:
        if self._bubble is not None:
            self._bubble.set_text("(no reply)")
        self._bubble = None
        self.notify(event.error, title="Reply failed", severity="error", timeout=10)

    @on(Notice)
    def on_notice(self, event: Notice) -> None:
        self.notify(event.text, timeout=8)

    @on(ModelStopped)
    def on_model_stopped(self, event: ModelStopped) -> None:
        self.mneme.model_stopped(event.notice)

    # -- recalled memories ------------------------------------------------------------
    @on(ListView.Selected, "#memory-panel")
    def on_memory_selected(self, event: ListView.Selected) -> None:
        item = event.item
        if isinstance(item, MemoryItem):
            self.mneme.open_item(item.hit.item_id, item.hit.why)

    # -- conversations ----------------------------------------------------------------
    def action_conversations(self) -> None:
        from app.tui.screens.conversations import ConversationsScreen

        if self.require_services() is None:
            return
        self.app.push_screen(ConversationsScreen(), self._resume)

    def _resume(self, conversation: str | None) -> None:
        if conversation and self.services is not None:
            self.action_stop()
            self.load_conversation(self.services, conversation)

    @work(thread=True, exclusive=True, exit_on_error=False, group="conversation", name="Resume")
    def load_conversation(self, services: Services, conversation: str) -> None:
        """Open ``conversation`` (thread worker)."""
        try:
            session = chat.new_session(services, conversation)
            title = chat.conversation_title(services, conversation)
            self.post_message(self.ConversationLoaded(session, title))
        except MnemeError as e:
            self.post_message(self.ReplyFailed(str(e)))

    @on(ConversationLoaded)
    def on_conversation_loaded(self, event: ConversationLoaded) -> None:
        self.session = event.session
        log = self.query_one("#chat-log", VerticalScroll)
        log.remove_children()
        bubbles = [MessageBubble(m.role, m.content) for m in event.session.history]
        log.mount_all(bubbles or [MessageBubble("assistant", "(this conversation is empty)")])
        log.scroll_end(animate=False)
        self.query_one("#memory-panel", MemoryPanel).show([])
        self.notify(f"Resumed “{event.title}”.")
        self.query_one("#chat-input", ChatInput).focus()

    def on_key(self, event: events.Key) -> None:
        """Typing while the recalled panel has the focus goes to the input."""
        inp = self.query_one("#chat-input", ChatInput)
        if (
            event.is_printable
            and event.character
            and event.character != "?"
            and self.focused is not inp
            and isinstance(self.focused, MemoryPanel)
        ):
            event.stop()
            inp.focus()
            inp.insert(event.character)

    # -- actions ----------------------------------------------------------------------
    def action_stop(self) -> None:
        """Stop the reply being generated (what came so far is kept)."""
        if self._reply_worker is not None and self._reply_worker.is_running:
            self._reply_worker.cancel()

    def action_new_chat(self) -> None:
        """Start a new conversation."""
        self.action_stop()
        self._waiting.clear()
        self.session = None
        log = self.query_one("#chat-log", VerticalScroll)
        log.remove_children()
        log.mount(MessageBubble("assistant", "New conversation. " + GREETING))
        self.query_one("#memory-panel", MemoryPanel).show([])
        self.query_one("#chat-input", ChatInput).focus()

    def action_focus_recalled(self) -> None:
        """Move the focus to the recalled memories (Enter opens one)."""
        panel = self.query_one("#memory-panel", MemoryPanel)
        if panel.index is None and len(panel):
            panel.index = 0
        panel.focus()
