"""Small text utilities shared by recall and answering: tokens, stopwords, a light stemmer
and the FTS5 query builder."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do
    does doesn't doing don't down during each few for from further had hadn't has hasn't
    have haven't having he he'd he'll he's her here here's hers herself him himself his how
    how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most
    mustn't my myself no nor not of off on once only or other ought our ours ourselves out
    over own same shan't she she'd she'll she's should shouldn't so some such than that
    that's the their theirs them themselves then there there's these they they'd they'll
    they're they've this those through to too under until up very was wasn't we we'd we'll
    we're we've were weren't what what's when when's where where's which while who who's
    whom why why's with won't would wouldn't you you'd you'll you're you've your yours
    yourself yourselves also just really s t d ll m re ve yes yeah oh ok okay hey hi hello
    thanks thank tell know please remember anything something everything would like get got
    go going
    """.split()
)

_TOKEN = re.compile(r"[\w][\w'’-]*", re.UNICODE)

_TITLES = ("Dr", "Mr", "Mrs", "Ms", "Mx", "Prof", "St", "Sr", "Jr", "Mt", "e.g", "i.e")
NOT_A_TITLE = "".join(rf"(?<!\b{re.escape(t)}\.)" for t in _TITLES)
"""Goes right after a sentence-ending ``.`` in a sentence-splitting pattern compiled with
``re.IGNORECASE``: "Dr. Feather" and "e.g. this" do not end a sentence."""


def fold(text: str) -> str:
    """Lowercase and strip accents, as the FTS5 tokenizer does."""
    if text.isascii():  # nothing to strip (most text): skip the per-character pass
        return text.lower()
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """Word tokens of ``text``, folded (apostrophes and inner hyphens kept)."""
    out = []
    for raw in _TOKEN.findall(fold(text)):
        tok = raw.replace("’", "'").strip("'-")
        tok = tok.removesuffix("'s")
        if tok:
            out.append(tok)
    return out


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stemmer, close enough to FTS5's porter for overlap checks."""
    for suffix in ("'s", "ies", "ing", "edly", "ed", "ly", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if suffix == "ies":
                return base + "y"
            if suffix in ("ing", "ed") and len(base) > 3 and base[-1] == base[-2]:
                return base[:-1]
            return base
    return word


def match_stem(word: str) -> str:
    """``stem`` without a final "e", for telling whether two words are the same word:
    ``stem`` makes "lives" "liv" but "live" "live"; both are "liv" here."""
    word = word.replace("-", "")  # "de-stress" and "destress"
    return stem(word).rstrip("e") or stem(word)


def content_terms(text: str) -> list[str]:
    """Distinct non-stopword tokens of ``text`` in order of appearance."""
    seen: dict[str, None] = {}
    for tok in tokens(text):
        if tok in STOPWORDS or (tok.isdigit() and len(tok) != 4):
            continue
        seen.setdefault(tok, None)
    return list(seen)


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression OR-ing the content terms of ``text`` (None if there are none).

    Each term is quoted, so user input can never be read as FTS5 syntax.
    """
    terms = content_terms(text)
    if not terms:
        return None
    return " OR ".join(quote_term(t) for t in terms)


def quote_term(term: str) -> str:
    """``term`` as one quoted FTS5 string (never read as FTS5 syntax)."""
    return '"' + term.replace('"', '""') + '"'
