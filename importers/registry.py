"""The list of importers and format detection by content.

``detect`` asks every parser how sure it is and picks the surest; a tie goes to the parser
listed first (more specific formats are listed before generic ones).
"""

from __future__ import annotations

import logging

from importers.base import Parser
from importers.errors import ImportFailure
from importers.formats import (
    apple_journal,
    canvas,
    chatgpt,
    claude,
    claude_projects,
    dayone,
    discord,
    discord_package,
    eml,
    evernote,
    google_chat,
    html,
    ics,
    imessage,
    imessage_txt,
    joplin,
    jsonl_chat,
    keep,
    locomo,
    markdown,
    mbox,
    messenger,
    meta_html,
    notes_apps,
    orgmode,
    pdf,
    roam,
    signal,
    slack,
    table,
    takeout_activity,
    takeout_activity_html,
    takeout_chrome,
    telegram,
    telegram_html,
    text,
    tomboy,
    vcard,
    whatsapp,
)
from importers.source import SourceFile

log = logging.getLogger(__name__)

PARSERS: tuple[Parser, ...] = (
    locomo.PARSER,
    # chat archives: JSON formats told apart by their keys, then zips, then text layouts
    chatgpt.PARSER,
    claude.PARSER,
    claude_projects.PARSER,
    telegram.PARSER,
    messenger.PARSER,
    discord.PARSER,
    discord_package.PARSER,
    slack.PARSER,
    google_chat.PARSER,
    imessage.PARSER,
    imessage_txt.PARSER,
    telegram_html.PARSER,
    meta_html.PARSER,
    signal.PARSER,
    whatsapp.PARSER,
    jsonl_chat.PARSER,
    # notes and files: content-sniffed formats first, generic HTML, Org and text last
    keep.PARSER,
    dayone.PARSER,
    notes_apps.SIMPLENOTE,
    notes_apps.STANDARD_NOTES,
    joplin.PARSER,
    roam.PARSER,
    takeout_activity.PARSER,
    takeout_activity_html.PARSER,
    takeout_chrome.PARSER,
    canvas.PARSER,
    evernote.PARSER,
    tomboy.PARSER,
    pdf.PARSER,
    ics.PARSER,
    vcard.PARSER,
    mbox.PARSER,
    eml.PARSER,
    apple_journal.PARSER,
    html.PARSER,
    orgmode.PARSER,
    table.PARSER,
    markdown.PARSER,
    text.PARSER,
)


def detect(f: SourceFile, parsers: tuple[Parser, ...] = PARSERS) -> Parser | None:
    """The parser most confident it can read ``f``, or None."""
    best: Parser | None = None
    best_score = 0.0
    for parser in parsers:
        try:
            score = parser.sniff(f)
        except ImportFailure as e:
            log.debug("%s: %s sniff failed: %s", f.display, parser.name, e)
            continue
        except Exception:  # a parser bug in sniff must not hide the file from the others
            log.warning("%s: %s sniff crashed", f.display, parser.name, exc_info=True)
            continue
        if score > best_score:
            best, best_score = parser, score
    return best


def parser_named(name: str) -> Parser | None:
    return next((p for p in PARSERS if p.name == name), None)
