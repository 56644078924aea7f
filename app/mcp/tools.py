"""The MCP tools: arguments checked, the same services as the CLI called, errors made plain.

``MnemeTools`` holds the app factory (``AppContext``) and the write switch
(``mcp.allow_writes``). Each public method is one tool; ``app.mcp.server`` registers them
with the SDK, which validates the arguments against the signatures below (a wrong type, a
missing or too long argument is refused with the argument's name) and runs each call on a
worker thread. Calls run one at a time (the store has one writer). A ``MnemeError`` (an
unknown id, a form item that is not a question, a forget that reaches too far...) becomes
the tool's error message; anything unexpected is logged to the log file and the client
gets the SDK's one-line "Error executing tool NAME", never a traceback.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from app.mcp import shapes
from app.services import ask as ask_service
from app.services import facts as facts_service
from app.services import forget as forget_service
from app.services import items as items_service
from app.services import prefill as prefill_service
from app.services import remember as remember_service
from models.errors import MnemeError

if TYPE_CHECKING:
    from app.bootstrap import Services
    from app.services.context import AppContext
    from app.services.forget import ForgetPlan

log = logging.getLogger(__name__)

MAX_K = 50
"""The most memories one ``search_memory`` returns; a larger ``k`` is capped, not refused."""
MAX_QUERY_CHARS = 2000
MAX_FIELDS = 100
MAX_FACTS = 200
MAX_MEMORIES = 20
MAX_SOURCES = 40
MAX_PER_SOURCE = 30

WRITES_OFF = (
    "{tool} is switched off: MCP clients may not change your memory unless you turn writes "
    "on ([mcp] allow_writes = true in {config}, or MNEME_MCP_ALLOW_WRITES=true) and restart "
    "`mneme mcp`"
)

Query = Annotated[
    str, Field(min_length=1, max_length=MAX_QUERY_CHARS, description="What to look for")
]
Question = Annotated[
    str, Field(min_length=1, max_length=MAX_QUERY_CHARS, description="A question to memory")
]
Subject = Annotated[
    str,
    Field(
        min_length=1,
        max_length=200,
        description='A person, place or topic; "me" for the user',
    ),
]
IncludeFaded = Annotated[
    bool, Field(description="Also use memories that faded from lack of use (as --include-faded)")
]


class MnemeTools:
    """The tools of ``mneme mcp``.

    Args:
        app: the app factory (services are built on the first call).
        allow_writes: ``mcp.allow_writes``: whether ``remember`` and ``forget`` may run.
    """

    def __init__(self, app: AppContext, *, allow_writes: bool) -> None:
        self.app = app
        self.allow_writes = allow_writes
        self._lock = threading.Lock()
        self._closed = False

    @contextmanager
    def _services(self, tool: str) -> Iterator[Services]:
        """The services, one call at a time; Mneme's errors become the tool's message."""
        with self._lock:
            if self._closed:
                raise ToolError("the server is shutting down")
            try:
                yield self.app.services
            except MnemeError as e:
                log.info("mcp %s refused: %s", tool, e)
                raise ToolError(str(e)) from e
            except sqlite3.DatabaseError as e:
                log.error("mcp %s: database failure", tool, exc_info=True)
                raise ToolError(
                    f"the database failed ({e}); nothing more was written. "
                    "Run `mneme doctor --check`"
                ) from e

    def warm_up(self) -> None:
        """Build the services and load the embedder and the vector indexes now, so the first
        call is quick (run in the background at start; the first call waits for it). A
        failure is logged here and reported by the first call that needs the services."""
        with self._lock:
            if self._closed:
                return
            try:
                ask_service.warm_up(self.app.services)
            except (MnemeError, sqlite3.DatabaseError, OSError) as e:
                log.warning("mcp warm-up failed (the first call will say why): %s", e)

    def close(self) -> None:
        """Close the services once the current call (or the warm-up) is done."""
        with self._lock:
            self._closed = True
            self.app.close()

    def _writes(self, tool: str) -> None:
        if not self.allow_writes:
            raise ToolError(WRITES_OFF.format(tool=tool, config=self.app.settings.config_path))

    # -- read-only ---------------------------------------------------------------------------
    def search_memory(
        self,
        query: Query,
        k: Annotated[
            int | None,
            Field(ge=1, description=f"How many memories (default 10; at most {MAX_K})"),
        ] = None,
        include_faded: IncludeFaded = False,
    ) -> shapes.SearchResult:
        """The memories that best match ``query`` (``mneme search``)."""
        text = _words(query, "query")
        notice = None
        with self._services("search_memory") as services:
            want = k or services.settings.search_results
            if want > MAX_K:
                notice = f"k={want} was capped at {MAX_K}"
                want = MAX_K
            hits = ask_service.search(services, text, want, include_faded=include_faded)
            # As `mneme search` warns: the vector server is down, these are keyword matches.
            fallback = services.recall.notice
        notice = "; ".join(n for n in (notice, fallback) if n) or None
        return shapes.SearchResult(
            query=text,
            k=want,
            include_faded=include_faded,
            notice=notice,
            results=[shapes.memory(h) for h in hits],
        )

    def ask(self, question: Question, include_faded: IncludeFaded = False) -> shapes.AskResult:
        """An answer from memory with its sources (``mneme ask``)."""
        text = _words(question, "question")
        with self._services("ask") as services:
            found = ask_service.ask(services, text, include_faded=include_faded)
            return shapes.answer(text, found)  # reads the answer to its end

    def about(self, subject: Subject, include_faded: IncludeFaded = False) -> shapes.AboutResult:
        """Everything known about ``subject`` (``mneme about``)."""
        name = _words(subject, "subject")
        with self._services("about") as services:
            dossier = facts_service.about(services, name, include_faded=include_faded)
            data = dossier.as_json()

            def facts(found: list[Any]) -> list[shapes.FactOut]:
                return [shapes.fact(f, dossier.evidence.get(f.id, [])) for f in found[:MAX_FACTS]]

            timeline = [
                shapes.EpisodeOut(
                    id=e["id"],
                    title=e["title"],
                    summary=shapes.clip(e["summary"]),
                    start=e["start"],
                    end=e["end"],
                    participants=list(e["participants"]),
                    records=list(e["records"]),
                )
                for e in data["timeline"][:MAX_MEMORIES]
            ]
            persona = [
                shapes.StatementOut(
                    id=s["id"],
                    section=s["section"],
                    text=s["text"],
                    status=s["status"],
                    facts=list(s["facts"]),
                    records=list(s["sources"]),
                )
                for s in data["persona"][:MAX_MEMORIES]
            ]
            memories = [shapes.record_source(r) for r in data["memories"][:MAX_MEMORIES]]
            out_facts = facts(dossier.facts)
            history = facts(dossier.history)
            conflicts = facts(dossier.conflicts)
            behind = [r for e in timeline for r in e.records[:3]]
            behind += [r for s in persona for r in s.records[:3]]
            sources = [s for f in (*out_facts, *history, *conflicts) for s in f.sources]
            sources += memories
            sources += [
                shapes.item(v) for v in items_service.evidence_items(services, behind[:MAX_SOURCES])
            ]
        return shapes.AboutResult(
            subject=name,
            known=bool(data["known"]),
            facts=out_facts,
            history=history,
            conflicts=conflicts,
            timeline=timeline,
            persona=persona,
            memories=memories,
            memories_total=len(data["memories"]),
            truncated=any(
                len(data[key]) > limit
                for key, limit in (
                    ("facts", MAX_FACTS),
                    ("history", MAX_FACTS),
                    ("conflicts", MAX_FACTS),
                    ("timeline", MAX_MEMORIES),
                    ("persona", MAX_MEMORIES),
                    ("memories", MAX_MEMORIES),
                )
            ),
            sources=shapes.unique(sources, MAX_SOURCES),
        )

    def list_facts(
        self,
        about: Annotated[
            str | None,
            Field(max_length=200, description="Only facts about this person, place or thing"),
        ] = None,
        history: Annotated[
            bool, Field(description="Also superseded facts (what used to be true)")
        ] = False,
    ) -> shapes.FactsResult:
        """The facts, with validity and sources (``mneme facts``)."""
        who = about.strip() if about and about.strip() else None
        with self._services("list_facts") as services:
            found, evidence = facts_service.facts(services, about=who, history=history)
            listed = [shapes.fact(f, evidence.get(f.id, [])) for f in found[:MAX_FACTS]]
        return shapes.FactsResult(
            about=who,
            history=history,
            total=len(found),
            truncated=len(found) > MAX_FACTS,
            facts=listed,
        )

    def prefill(
        self,
        fields: Annotated[
            list[Annotated[str, Field(max_length=MAX_QUERY_CHARS)]],
            Field(
                min_length=1,
                max_length=MAX_FIELDS,
                description='Questions ("What is my email?") or field labels ("email")',
            ),
        ],
        subject: Annotated[
            str | None,
            Field(max_length=200, description="Fill for this person instead of the user"),
        ] = None,
    ) -> shapes.PrefillOut:
        """Values from memory for form fields or questions (``mneme prefill``)."""
        who = subject.strip() if subject and subject.strip() else None
        with self._services("prefill") as services:
            opened = prefill_service.listed_form(fields)
            result = prefill_service.fill(services, opened.form, who)
        return shapes.prefill(result)

    # -- writes ------------------------------------------------------------------------------
    def remember(
        self,
        text: Annotated[
            str,
            Field(
                min_length=1,
                max_length=remember_service.MAX_TEXT_CHARS,
                description="What to remember, in the user's words",
            ),
        ],
    ) -> shapes.RememberOut:
        """Store ``text`` as the user's own record and consolidate it."""
        self._writes("remember")
        with self._services("remember") as services:
            done = remember_service.remember(services, text, via="mcp")
        summary = done.summary
        return shapes.RememberOut(
            id=done.record_id,
            source=done.source,
            timestamp=done.timestamp,
            consolidation=summary,
            facts=[shapes.FactBrief(**f) for f in done.facts],
            sources=[
                shapes.Source(
                    id=done.record_id,
                    source=done.source,
                    timestamp=done.timestamp,
                    quote=shapes.clip(done.text),
                )
            ],
        )

    def forget(
        self,
        item: Annotated[
            str | None,
            Field(max_length=40, description="An item id: r12, f3, e7 or p2"),
        ] = None,
        source: Annotated[
            str | None,
            Field(
                max_length=4096,
                description="A source as results show it (a file path, mneme:remembered)",
            ),
        ] = None,
        dry_run: Annotated[
            bool, Field(description="Only list what would be deleted (the default)")
        ] = True,
        confirm_wide: Annotated[
            bool,
            Field(description="Confirm a forget that reaches further than it names (--yes-all)"),
        ] = False,
    ) -> shapes.ForgetOut:
        """Delete an item or a source for good (``mneme forget``); a dry run by default."""
        self._writes("forget")
        item = item.strip() if item and item.strip() else None
        source = source.strip() if source and source.strip() else None
        if (item is None) == (source is None):
            raise ToolError(
                "name exactly one thing to forget: item (an id such as r12 or f3) or source "
                "(a file path or source as results show it)"
            )
        with self._services("forget") as services:
            planned = forget_service.plan(services, item=item, source=source)
            # The facts, episodes and statements it deletes, as sources (read before they go).
            data = planned.as_json()
            derived = [f["id"] for f in data["facts"]]
            derived += [*data["episodes_deleted"], *data["persona_statements"]]
            items = items_service.evidence_items(services, derived[:MAX_SOURCES])
            extra = [shapes.item(v) for v in items]
            if dry_run:
                wide = "; ".join(planned.scope.wide if planned.scope else [])
                message = "Dry run: nothing was deleted. Call again with dry_run=false to delete"
                message += f" it; it also needs confirm_wide=true ({wide})." if wide else " it."
                return _forget_out(planned, extra, executed=False, message=message)
            if planned.needs_yes_all and not confirm_wide:
                raise ToolError(
                    f"forget {planned.target} reaches further than it names: "
                    f"{'; '.join(planned.scope.wide if planned.scope else [])}. Nothing was "
                    "deleted; look at the dry run, then call again with confirm_wide=true to "
                    "delete all of it"
                )
            done = forget_service.execute(services, planned, allow_wide=confirm_wide)
            return _forget_out(
                done, extra, executed=True, message=f"Forgot {done.target} for good."
            )


def _words(value: str, name: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise ToolError(f"{name} is empty")
    return text


def _forget_out(
    plan: ForgetPlan, derived: list[shapes.Source], *, executed: bool, message: str
) -> shapes.ForgetOut:
    data = plan.as_json()
    counts = dict(data.get("counts") or {})
    counts.setdefault("vectors", int(data.get("vectors", 0)))
    status = "deleted" if executed else "would be deleted"
    return shapes.ForgetOut(
        target=plan.target,
        dry_run=not executed,
        executed=executed,
        needs_confirmation=plan.needs_yes_all,
        wide=list(data.get("wide", [])),
        counts={str(k): int(v) for k, v in counts.items()},
        facts=[shapes.FactBrief(id=f["id"], text=f["text"], status=status) for f in data["facts"]],
        per_source=[
            {**p, "source": shapes.display(str(p.get("source", "")))}
            for p in data.get("per_source", [])[:MAX_PER_SOURCE]
        ],
        message=message,
        sources=[shapes.record_source(r) for r in data.get("records", [])] + derived,
    )
