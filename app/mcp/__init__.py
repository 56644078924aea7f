"""``mneme mcp``: Mneme's memory as an MCP server over stdio, for other AI tools.

Claude Desktop, IDE agents and any MCP client start ``mneme mcp`` and talk to it over its
stdin and stdout; nothing listens on a port. Its tools call the same use cases as the CLI
and the TUI (``app.services``), so the user's pins, fading and forgets hold as they do there.

- ``server``: builds the SDK's ``MCPServer`` with the tools and their annotations, and runs it;
- ``tools``: the tools themselves (arguments checked, services called, errors made plain);
- ``shapes``: what each tool returns (every result carries its sources).

Imported only by ``mneme mcp`` (``app.cli.mcp_cmd``), so the SDK never loads for other commands.
"""
