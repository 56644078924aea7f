"""The TUI's screens: one module per screen (chat, memory browser, persona, import, prefill)
and per modal (details, conversations, confirm, conflict, edit, help)."""
