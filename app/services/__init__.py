"""Use cases shared by every front end (CLI, TUI, MCP server), one module per use case.

Each module holds the flow a front end would otherwise rebuild (the parse options and self
names of an import, the capable-model rule, confirm-and-remember...). It takes the composition
root's services (``app.bootstrap.Services``), returns plain data (core objects with
``as_json()``, or the frozen views of ``views``), never prints, prompts or imports a UI
library. Front ends render the result and collect input (passphrases, choices) through
callbacks. They reach the core only through here (an import-linter contract says so): the
core types they name are re-exported by the module that returns them.

- ``context``: the app factory (``AppContext``: settings and services, built on first use);
- ``views``: memory items, dossiers, details and previews as front ends show them;
- ``imports``: ``mneme import`` and the TUI's import screen;
- ``watch``: ``mneme watch`` and the TUI's background watcher;
- ``ask``: ``mneme ask`` / ``search``, one question on the TUI's prefill screen;
- ``chat``: chat sessions and past conversations;
- ``facts``: facts, conflicts, episodes, "what do I know about X";
- ``persona``: the profile and the user's feedback on it;
- ``items``: one item's details, pin / unpin;
- ``forget``: forgetting what the user names (plan, then execute);
- ``consolidate``: records into facts, episodes and persona;
- ``prefill``: filling forms, confirming answers, drafting replies;
- ``status``, ``reindex``: the status line's numbers; rebuilding the vector indexes;
- ``doctor_checks``: ``mneme doctor`` (``--check`` / ``--repair``);
- ``backup``, ``restore``, ``export``: the store's data in files of its own.

The modules a front end imports at start-up keep the core (``memory``, ``importers``) inside
their functions and name its types for annotations only, so ``mneme --help`` and the TUI's
first frame stay fast; a core class a front end needs at run time (an exception to catch)
resolves on first use. ``doctor_checks``, ``backup``, ``restore`` and ``export``, imported by
their commands only when they run, import the core at the top.
"""
