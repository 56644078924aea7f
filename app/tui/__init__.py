"""The Textual TUI. ``MnemeApp`` is built by ``app.cli.chat``; screens live beside it.

Screens and the app call the use cases of ``app.services`` from their thread workers and
render what comes back (``app.services.views`` and the core's results); what stays here is
the TUI's own: widgets, how items and reports are drawn, key bindings and messages.
"""
