"""A chat session whose turns become memory.

``ChatSession`` is the service behind ``mneme chat`` and the TUI chat screen. Each user turn is
stored and indexed at once (so it is recalled in later sessions), memories are recalled for
it, the reply streams from the chat model, and the reply is stored when it ends (also when
the user stops it). When the chat model fails (its process crashed or is restarting), the
turn is still stored and the reply quotes the memories instead, with a one-line ``notice``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from memory.answer import UNKNOWN_ANSWER, Answerer, fallback_notice
from memory.clock import Clock, system_clock
from memory.compose import ends_dangling, looks_like_question
from memory.errors import MnemeError
from memory.grounding import sentences
from memory.indexing import Indexer
from memory.prompts import (
    SYSTEM_SMALL_TALK,
    chat_messages,
    fit_question,
    memories_block,
    trimmed_notice,
)
from memory.recall import Hit, Recall
from memory.records import RecordIn, StoredRecord
from memory.store import EMBED_NEVER, MemoryStore, SourceIn
from memory.text import tokens
from memory.verify import supported
from models.base import ChatMessage, ChatModel
from models.errors import ModelError

log = logging.getLogger(__name__)

CHAT_KIND = "mneme-chat"
CHAT_URI_PREFIX = "mneme-chat:"
ASSISTANT_NAME = "Mneme"
UNSUPPORTED_NOTICE = "the model's answer was not backed by your memories; quoting them instead"


@dataclass
class Reply:
    """A reply in the making; iterate ``stream()`` to show it as it arrives."""

    hits: list[Hit]
    tokens: Iterator[str]
    on_done: Callable[[str, bool], None]
    notice: str | None = None
    """One line for the user: the model failed and the reply was quoted from memory
    instead, the message was trimmed for the model, or the model's answer was replaced."""
    model_failed: bool = False
    """True when the chat model failed (crashed, restarting, endpoint down)."""
    fallback: Callable[[], str] | None = None
    """The reply to give if the model fails while streaming."""
    verify: Callable[[str], str | None] | None = None
    """Checks the finished reply: returns what to say instead when it is not backed by
    memory (a capable model's answer to a question), else None."""
    verify_notice: str | None = UNSUPPORTED_NOTICE
    """The notice given when ``verify`` replaced the reply."""
    _parts: list[str] = field(default_factory=list)
    _done: bool = False

    def stream(self) -> Generator[str, None, None]:
        """Yield reply pieces; the reply is stored when the stream ends or is closed."""
        finished = False
        try:
            try:
                for piece in self.tokens:
                    self._parts.append(piece)
                    yield piece
            except ModelError as e:
                if self.fallback is None:
                    raise
                self.notice = fallback_notice(e)
                self.model_failed = True
                lead = "\n" if self._parts else ""
                self._parts = [self.fallback()]
                yield lead + self._parts[0]
            else:
                instead = self.verify(self.text) if self.verify is not None else None
                if instead is not None:
                    self.notice = self.verify_notice
                    self._parts = [instead]
                    yield "\n" + instead
            finished = True
        finally:
            close = getattr(self.tokens, "close", None)
            if close is not None:
                close()  # here, in the thread that read it (a model stream holds a lock)
            if not self._done:
                self._done = True
                self.on_done(self.text, not finished)

    @property
    def text(self) -> str:
        return "".join(self._parts).strip()


@dataclass(frozen=True)
class ConversationInfo:
    """A past chat session, for the resume list."""

    conversation: str
    title: str
    started: str | None
    last: str | None
    turns: int


class ChatSession:
    """One conversation with the user.

    Args:
        store: where turns are kept.
        recall: finds memories for each turn.
        indexer: indexes each turn as soon as it is stored.
        model: returns the chat model (called on first reply, so it can load lazily).
        conversation: resume this conversation id; a new one is started when None.
        user_name: the speaker name stored for the user's turns.
        k: memories recalled per turn.
        history_turns: earlier turns of this session given to the model.
        after_turn: called with the stored turns' record ids when a reply ends (the memory
            tiers consolidate them: ``TierServices.after_records``).
    """

    def __init__(
        self,
        store: MemoryStore,
        recall: Recall,
        indexer: Indexer | None,
        model: Callable[[], ChatModel],
        *,
        conversation: str | None = None,
        user_name: str = "me",
        k: int = 5,
        history_turns: int = 8,
        clock: Clock = system_clock,
        after_turn: Callable[[list[int]], None] | None = None,
    ) -> None:
        self.store = store
        self.after_turn = after_turn
        self.recall = recall
        self.indexer = indexer
        self._model = model
        self.clock = clock
        self.user_name = user_name
        self.k = k
        self.history_turns = history_turns
        self.conversation = conversation or self._new_id()
        self.history: list[ChatMessage] = []
        self._trimmed: int | None = None
        """Tokens of the last message given to the model, when it had to be cut."""
        self._history_ids: list[int] = []
        """The record of each ``history`` message, in step with it."""
        if conversation is not None:
            for rec in store.conversation_records(conversation):
                mine = rec.metadata.get("role") == "assistant"
                self._add_history(ChatMessage("assistant" if mine else "user", rec.text), rec.id)

    def _add_history(self, message: ChatMessage, record_id: int) -> None:
        self.history.append(message)
        self._history_ids.append(record_id)

    def _new_id(self) -> str:
        return "chat-" + self.clock().strftime("%Y%m%d-%H%M%S-%f")

    @property
    def uri(self) -> str:
        return CHAT_URI_PREFIX + self.conversation

    def remember(
        self, text: str, role: str, *, interrupted: bool = False, index: bool = True
    ) -> StoredRecord:
        """Store one turn as a memory record (committed at once) and, with ``index``, embed it.

        The user's turn is stored before the reply starts but embedded after it ends, so the
        embedding does not delay the first token (a crash in between leaves it pending for
        ``Indexer.index_pending``).
        """
        when: datetime = self.clock()
        meta: dict[str, object] = {"role": role}
        if interrupted:
            meta["interrupted"] = True
        rec = RecordIn(
            text=text,
            kind="chat_turn",
            speaker=self.user_name if role == "user" else ASSISTANT_NAME,
            conversation=self.conversation,
            event_time=when,
            metadata=meta,
        )
        title = text if role == "user" and not self.history else None
        res = self.store.append_records(
            SourceIn(uri=self.uri, kind=CHAT_KIND, content_hash="", title=title and title[:80]),
            [rec],
        )
        stored = self.store.records(list(res.new_record_ids))
        if role == "assistant":
            # Kept as the conversation's history, never recalled as a memory: only the
            # user's own words are memories (a small model's replies may be wrong).
            self.store.mark_embedded([r.id for r in stored], value=EMBED_NEVER)
        elif index:
            self._index(stored)
        return stored[0]

    def _index(self, records: list[StoredRecord]) -> None:
        if self.indexer is None or not records:
            return
        try:
            self.indexer.index_records(records)
        except MnemeError as e:  # indexing is derived; the turn stays pending
            log.warning("could not index chat turn now (%s); it stays pending", e)

    def recall_for(self, text: str, *, in_prompt: bool = True) -> list[Hit]:
        """Memories relevant to ``text``, leaving out this session's turns that the model is
        given as history (``in_prompt``: the last ``history_turns``). Earlier turns of the
        session, and every turn when no history is given (a model that is not capable
        answers from memories alone), are memories like any other."""
        seen = set(self._history_ids[-self.history_turns :]) if in_prompt else set()
        hits = self.recall.search(text, k=self.k * 2 + len(seen))
        return [h for h in hits if h.relevant and seen.isdisjoint(h.record_ids)][: self.k]

    def prompt_for(self, user_text: str) -> list[ChatMessage]:
        """The messages ``reply`` would give a capable model for ``user_text`` now; nothing
        is stored or reinforced (the chat benchmark feeds them to bare llama.cpp)."""
        model = self._model()
        return self._chat_prompt(user_text, self.recall_for(user_text, in_prompt=True), model)[1]

    def _chat_prompt(
        self, user_text: str, hits: list[Hit], model: ChatModel
    ) -> tuple[list[Hit], list[ChatMessage]]:
        """The memories that fit the model's budget, and the prompt built from them."""
        budget = max(256, model.context_size // 2)
        kept = memories_block(hits, model, budget // 2)
        history = self.history[-self.history_turns :]
        text, self._trimmed = fit_question(user_text, model)
        return kept, chat_messages(history, text, kept)

    def reply(self, user_text: str) -> Reply:
        """Store the user's turn, recall memories and start streaming the reply.

        A question that memory can answer goes through ``Answerer`` when the model is not
        capable, so the tiny default model cannot drown a stored fact in invented words.
        """
        model = self._model()
        hits = self.recall_for(user_text, in_prompt=model.capable)
        turn = self.remember(user_text, "user", index=False)
        tokens: Iterator[str]
        notice: str | None = None
        question = looks_like_question(user_text)
        answerer = Answerer(self.recall, model, k=self.k, self_names=(self.user_name,))

        def without_model(hits: list[Hit] = hits) -> str:
            if not question:
                return SMALL_TALK_REPLY if is_small_talk(user_text) else acknowledgement(hits)
            composed = answerer.compose(user_text, hits)
            return composed.text if composed is not None else UNKNOWN_ANSWER

        failed = False
        check: Callable[[str], str | None] | None = None
        check_notice: str | None = UNSUPPORTED_NOTICE
        if not model.capable and question:
            answer = answerer.answer_from(user_text, hits)
            hits, tokens, notice = answer.sources, answer.tokens, answer.notice
            failed = answer.model_failed
        elif not model.capable and is_small_talk(user_text):
            # The only words the tiny model says itself, and never a name or a number.
            tokens = model.stream(small_talk_messages(user_text), max_tokens=40, temperature=0.3)
            check, check_notice = _plain_small_talk, None
        elif not model.capable:
            tokens = iter([acknowledgement(hits)])
        else:
            try:
                hits, messages = self._chat_prompt(user_text, hits, model)
                tokens = model.stream(messages, max_tokens=300, temperature=0.3)
                if self._trimmed is not None:
                    notice = trimmed_notice(self._trimmed)
            except ModelError as e:  # the model is restarting: quote memory meanwhile
                tokens, notice = iter([without_model()]), fallback_notice(e)
                failed = True
            self.recall.note_used(hits)
        self._add_history(ChatMessage("user", user_text), turn.id)

        def done(text: str, interrupted: bool) -> None:
            self._index([turn])
            stored = [turn.id]
            if text:
                answer = self.remember(text, "assistant", interrupted=interrupted)
                self._add_history(ChatMessage("assistant", text), answer.id)
                stored.append(answer.id)
            if self.after_turn is not None:
                # Consolidation (memory tiers): facts and episodes from this turn.
                self.after_turn(stored)

        def verify(text: str) -> str | None:
            if not question or supported(text, user_text, hits):
                return None
            return without_model(hits)

        if model.capable:
            check = verify
        return Reply(
            hits=hits, tokens=tokens, on_done=done, notice=notice, model_failed=failed,
            fallback=lambda: without_model(hits),
            verify=None if failed else check,
            verify_notice=check_notice,
        )


SMALL_TALK = frozenset(
    """
    hi hello hey heya hiya yo morning evening afternoon night good day bye goodbye goodnight
    cya see later thanks thank thx ty you very much so a lot how are doing is it going what's
    up whats nice great cool ok okay fine well lol haha hah hehe yes no yeah yep nope sure
    welcome pleasure mneme there all bad not too
    """.split()
)
SMALL_TALK_REPLY = "Hello! Tell me about your day, or ask me what you told me before."


def is_small_talk(text: str) -> bool:
    """A greeting, thanks or goodbye that tells nothing ("hi!", "thanks a lot", "how are
    you?"): the only kind of message the tiny model answers in its own words."""
    words = tokens(text)
    return 0 < len(words) <= 8 and all(w in SMALL_TALK for w in words)


def small_talk_messages(user_text: str) -> list[ChatMessage]:
    return [ChatMessage("system", SYSTEM_SMALL_TALK), ChatMessage("user", user_text)]


_NAME_OR_NUMBER = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]|\d")


def _plain_small_talk(text: str) -> str | None:
    """None when the tiny model's small talk names no one and no number, else a plain reply
    instead (it must not slip a "fact" into a greeting). "I" and sentence openings aside,
    a capital letter starts a name."""
    named = any(_NAME_OR_NUMBER.search(s.strip()) for s in sentences(text))
    return SMALL_TALK_REPLY if named or not text.strip() else None


def acknowledgement(hits: list[Hit]) -> str:
    """What Mneme says to a statement when the chat model is too small to converse.

    The bundled 135M model replies to statements with invented facts ("Rita is an actress"),
    so it is not asked; the user hears what happened instead: the turn was remembered, and
    which earlier memories it connects to.
    """
    text = "Noted, I'll remember that."
    if hits:
        related = "; ".join(f"{gist(h.text)} [{n}]" for n, h in enumerate(hits[:3], 1))
        text += f" It connects to what I already know: {related}"
    return text


def gist(text: str, limit: int = 90) -> str:
    """The first sentence of ``text``, or its first clauses up to ``limit`` characters with
    "…" when it is longer: never a phrase cut in the middle ("I was born on [2]")."""
    first = (sentences(" ".join(text.split())) or [""])[0]
    if len(first) <= limit:
        return first
    cut = first[:limit]
    for mark in (", ", "; ", " - ", " – "):
        if mark in cut:
            return cut[: cut.rindex(mark)].rstrip() + " …"
    words = cut.rsplit(" ", 1)[0].rstrip(" ,;:").split()
    while len(words) > 1 and ends_dangling(" ".join(words)):
        words.pop()
    return " ".join(words) + " …"


def conversations(store: MemoryStore, limit: int = 100) -> list[ConversationInfo]:
    """Past chat sessions, most recent first."""
    rows = store.db.query(
        "SELECT r.conversation AS conversation, s.title AS title, MIN(r.event_time) AS started, "
        "MAX(r.event_time) AS last, COUNT(*) AS turns FROM records r "
        "JOIN sources s ON s.id = r.source_id WHERE s.kind = ? AND r.status = 'active' "
        "GROUP BY r.conversation ORDER BY last DESC, MAX(r.id) DESC LIMIT ?",
        (CHAT_KIND, limit),
    )
    return [
        ConversationInfo(
            conversation=str(r["conversation"]),
            title=str(r["title"] or r["conversation"]),
            started=r["started"],
            last=r["last"],
            turns=int(r["turns"]),
        )
        for r in rows
    ]


