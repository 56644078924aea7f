"""Mneme's front ends: the click CLI, the Textual TUI, settings and the composition root."""
