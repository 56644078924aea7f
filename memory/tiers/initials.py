"""Initials inside a name: "Ursula K. Le Guin", "J. R. R. Tolkien" end no sentence.

The sentence splitter of ``memory.tiers.extract`` cuts after every ``.`` followed by a
space; ``join_initials`` puts back together the parts it cut at a single capital letter
(an initial) when the next part opens with a capitalised word that is no common sentence
opener ("I", "My", "Then", "The" ...): "My favourite author is Ursula K. Le Guin." stays
one sentence, while "My blood group is O. I live in Leeds." stays two.
"""

from __future__ import annotations

import re

from memory.text import STOPWORDS, fold

_ENDS_WITH_INITIAL = re.compile(r"(?:^|[\s(])[A-Z]\.$")
_FIRST_WORD = re.compile(r"[\"'(]?([A-Z][\w'’-]*)")


def _name_goes_on(part: str) -> bool:
    """Whether ``part`` opens with a capitalised word that can go on a name."""
    m = _FIRST_WORD.match(part)
    if m is None:
        return False
    if len(m.group(1)) == 1 and part[m.end() : m.end() + 1] == ".":
        return True  # another initial: "T. S. Eliot"
    return fold(m.group(1)) not in STOPWORDS


def join_initials(parts: list[str]) -> list[str]:
    """``parts`` (split at sentence ends) with the cuts after an initial undone."""
    out: list[str] = []
    for part in parts:
        if out and _ENDS_WITH_INITIAL.search(out[-1].rstrip()) and _name_goes_on(part):
            out[-1] = f"{out[-1].rstrip()} {part}"
        else:
            out.append(part)
    return out
