"""``mneme mcp``: serve Mneme's memory to other AI tools over MCP (stdio)."""

from __future__ import annotations

import sys

import click

from app.cli.context import AppContext, pass_app


@click.command("mcp")
@pass_app
def mcp_command(app: AppContext) -> None:
    """Serve your memory to AI tools (Claude Desktop, IDE agents) over MCP on stdin/stdout.

    An MCP client starts this command itself; nothing listens on a port. Tools:
    search_memory, ask, about, list_facts and prefill read memory; remember and forget
    change it and are switched off unless config.toml says `[mcp]` `allow_writes = true`
    (or MNEME_MCP_ALLOW_WRITES=true). Logs go to the log file, never to stdout.

    \b
    Example (Claude Desktop's claude_desktop_config.json):
      {"mcpServers": {"mneme": {"command": "mneme", "args": ["mcp"]}}}
    Example (with remember and forget allowed, for this run only):
      MNEME_MCP_ALLOW_WRITES=true mneme mcp
    """
    from pydantic import ValidationError

    try:
        app.settings  # noqa: B018  (read now: a bad config.toml is one line, not a traceback)
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in e.errors()
        )
        raise click.ClickException(f"the settings are not valid ({problems})") from e
    if sys.stdin.isatty():  # run by hand: say what it waits for (on stderr, never stdout)
        click.echo(
            "mneme mcp speaks the Model Context Protocol on stdin/stdout: an MCP client starts "
            "it (see `mneme mcp --help`). Ctrl+D stops it.",
            err=True,
        )
    from app.mcp.server import serve

    serve(app)


COMMANDS = [mcp_command]
