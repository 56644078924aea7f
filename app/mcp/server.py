"""The MCP server: the SDK's ``MCPServer`` with Mneme's tools and their annotations, over stdio.

``serve`` is what ``mneme mcp`` runs. It sends the log to Mneme's log file before the SDK
is set up (the SDK would otherwise log to stderr), registers the tools of
``app.mcp.tools.MnemeTools``, starts building the services in the background (so the first
call does not wait for the embedder), and serves on stdin/stdout until the client closes
them. Nothing listens on a port, and nothing but the protocol is written to stdout (the SDK
points the process's stdout at stderr while it serves, so a stray print cannot corrupt it).
"""

from __future__ import annotations

import inspect
import logging
import threading
from typing import TYPE_CHECKING, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import ValidationError

from app.mcp.tools import MAX_K, MnemeTools

if TYPE_CHECKING:
    from mcp.server.mcpserver.context import Context
    from mcp.types import CallToolResult, InputRequiredResult

    from app.services.context import AppContext

log = logging.getLogger(__name__)

INSTRUCTIONS = (
    "Mneme is the user's personal memory: their notes, chats, mail and files, kept on this "
    "machine. Use search_memory to find what they wrote, ask for an answer with its sources, "
    "about for what is known about a person, place or topic, list_facts for the facts with "
    "their validity, prefill to fill form fields from memory. Cite the sources you use (each "
    "has an id, source, timestamp and quote). When memory holds nothing, say so; never guess."
)

READ_TOOLS: tuple[tuple[str, str, str], ...] = (
    (
        "search_memory",
        "Search memory",
        "The memories (notes, messages, facts, episodes, the user's profile) that best match "
        f"a query, best first, each with its id, source, timestamp and quote. k is capped at "
        f"{MAX_K}. Faded memories are left out unless include_faded is true; pinned ones "
        "never fade.",
    ),
    (
        "ask",
        "Ask memory",
        "Answer a question from the user's memory, citing the memories it rests on. "
        "known=false means memory holds nothing that answers it (the answer says so).",
    ),
    (
        "about",
        "What is known about",
        'Everything known about a person, place or topic ("me" for the user): current facts, '
        "what used to be true, open conflicts, a timeline of episodes, profile statements, "
        "the records that mention it, and their sources.",
    ),
    (
        "list_facts",
        "List facts",
        "The facts read from the user's memory (all, or about one person, place or thing), "
        "with their validity dates, status and the quotes they were read from. history=true "
        "adds superseded facts.",
    ),
    (
        "prefill",
        "Prefill fields",
        'Fill form fields or questions from memory: give labels ("email", "date of birth") or '
        'questions ("What is my dietary restriction?"). Each comes back with its value, status '
        "(filled, unknown or sensitive), confidence and sources. Passwords, card numbers, "
        "national ids and security answers are never filled.",
    ),
)

REMEMBER = (
    "Store a text as the user's own record (like a note they wrote), then consolidate it "
    "into facts and their profile. Use the user's words; the same text is stored once."
)
FORGET = (
    "Delete for good an item (r12, f3, e7, p2) or a whole source, with everything derived "
    "only from it. A dry run by default: it lists what would be deleted and deletes nothing. "
    "dry_run=false deletes; a forget that reaches further than it names also needs "
    "confirm_wide=true. Ask the user first."
)
SWITCHED_OFF = " (Switched off: the user has not allowed MCP writes; calls are refused.)"


class MnemeServer(MCPServer[Any]):
    """The SDK's server, with plain messages for bad arguments: an argument the tool does not
    take is refused (not ignored), and a value that fails validation is one line naming the
    argument ("k: Input should be a valid integer... (got 'lots')") instead of pydantic's
    multi-line report with its links."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parameters: dict[str, tuple[str, ...]] = {}
        """Each tool's argument names, as its function declares them."""

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None
    ) -> CallToolResult | InputRequiredResult:
        """Run tool ``name``; see ``MCPServer.call_tool``.

        Raises:
            ToolError: an unknown tool or argument, an argument that fails validation, or
                the tool's own refusal.
        """
        known = self.parameters.get(name)
        unknown = sorted(set(arguments) - set(known)) if known is not None else []
        if unknown:
            raise ToolError(
                f"Error executing tool {name}: unknown argument{'s' if len(unknown) > 1 else ''} "
                f"{', '.join(unknown)} ({name} takes {', '.join(known or ())})"
            )
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as e:
            if isinstance(e.__cause__, ValidationError):
                plain = argument_problems(e.__cause__)
                raise ToolError(f"Error executing tool {name}: {plain}") from e.__cause__
            raise


def argument_problems(error: ValidationError) -> str:
    """A validation error of a tool's arguments on one line: each argument and its problem,
    with the value given (cut short) when there was one."""
    problems = []
    for err in error.errors(include_url=False):
        where = "".join(
            f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p))
            for i, p in enumerate(err["loc"])
        )
        if err["type"] == "missing":
            problems.append(f"{where or 'arguments'}: required")
            continue
        given = repr(err.get("input"))
        given = given if len(given) <= 40 else given[:39] + "…"
        problems.append(f"{where or 'arguments'}: {err['msg']} (got {given})")
    return "; ".join(problems)


def mneme_version() -> str:
    """The installed Mneme version ("" when it is not installed, e.g. run from a checkout)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mneme")
    except PackageNotFoundError:
        return ""


def build_server(tools: MnemeTools) -> MnemeServer:
    """The SDK server with every tool: read-only ones marked ``readOnlyHint``, ``remember``
    a write, ``forget`` a destructive write."""
    from mcp.types import ToolAnnotations

    server = MnemeServer(
        "mneme",
        title="Mneme",
        instructions=INSTRUCTIONS,
        version=mneme_version(),
        log_level="WARNING",
    )
    for name, title, description in READ_TOOLS:
        server.add_tool(
            getattr(tools, name),
            name=name,
            title=title,
            description=description,
            annotations=ToolAnnotations(
                title=title, read_only_hint=True, destructive_hint=False, open_world_hint=False
            ),
        )
    off = "" if tools.allow_writes else SWITCHED_OFF
    server.add_tool(
        tools.remember,
        name="remember",
        title="Remember",
        description=REMEMBER + off,
        annotations=ToolAnnotations(
            title="Remember",
            read_only_hint=False,
            destructive_hint=False,
            idempotent_hint=True,
            open_world_hint=False,
        ),
    )
    server.add_tool(
        tools.forget,
        name="forget",
        title="Forget",
        description=FORGET + off,
        annotations=ToolAnnotations(
            title="Forget",
            read_only_hint=False,
            destructive_hint=True,
            idempotent_hint=False,
            open_world_hint=False,
        ),
    )
    for name in (*(t[0] for t in READ_TOOLS), "remember", "forget"):
        server.parameters[name] = tuple(inspect.signature(getattr(tools, name)).parameters)
    return server


def serve(app: AppContext) -> None:
    """Serve Mneme's tools over stdin/stdout until the client closes them, then close the
    services (the chat model's process, the store).

    Raises:
        MnemeError: the settings cannot be read.
    """
    from app.logging_setup import configure_logging

    settings = app.settings
    configure_logging(settings.log_path, settings.log_level)  # before the SDK's own set-up
    tools = MnemeTools(app, allow_writes=settings.mcp.allow_writes)
    server = build_server(tools)
    log.info("mneme mcp: serving over stdio (writes %s)", "on" if tools.allow_writes else "off")
    threading.Thread(target=tools.warm_up, name="mneme-mcp-warm-up", daemon=True).start()
    try:
        server.run("stdio")
    finally:
        tools.close()
