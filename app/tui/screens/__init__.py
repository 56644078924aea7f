"""The TUI's screens: one module per screen (chat, memory browser, persona, import, prefill)
and per modal (details, forget, conversations, conflict, edit, help)."""
