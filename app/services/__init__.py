"""Use cases shared by every front end (CLI, TUI, MCP server), one module per use case.

Each module holds the flow a front end would otherwise rebuild: it takes settings and the
composition root's services, returns plain data with ``as_json()``, never prints, prompts or
imports a UI library. Front ends render the result and collect input (passphrases, choices)
through callbacks.

- ``doctor_checks``: ``mneme doctor --check`` / ``--repair``;
- ``backup``: ``mneme backup`` (encrypted snapshots, the passphrase in the keyring);
- ``restore``: ``mneme restore`` (a backup back into an empty home, verified);
- ``export``: ``mneme export`` (every memory with its provenance, JSONL or Markdown).
"""
