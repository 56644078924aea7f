"""The Textual TUI. ``MnemeApp`` is built by ``app.cli.chat``; screens live beside it."""
