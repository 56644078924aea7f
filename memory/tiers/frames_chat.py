"""Verb frames of facts stated the way chat messages state them: children in a list or a
greeting ("married with two kids", "I'm 42, divorced, one daughter", "Dad of three here")
giving up drink ("I stopped drinking two years ago"), a birthday by the age one turns
on it ("I turn 40 on the 2nd of March"), a home of one's whole life ("I've lived in Hull my
whole life": where one is from too), "now I'm in X" after a former home, and a move in the
base form only with its subject, and a note's "Currently learning X".

Read by ``memory.tiers.extract`` beside ``memory.tiers.frames_life``; each entry is data,
the engine applies the clause's subject, negation, tense and mood.
"""

from __future__ import annotations

import re

from memory.tiers.grammar import Frame, frame
from memory.tiers.lexicon import NUMBER_WORD_RE
from memory.tiers.phrases import (
    DATE,
    FOOD,
    MOVE_CHAIN,
    occupation,
    org,
    org_name,
    phrase,
    place,
)

_COUNT = r"(?i:a|one|two|three|four|five|six|seven|eight|nine|\d)"
_KIDS = (
    r"(?:(?i:young|little|small|grown|grown-up|teenage)\s+)?(?i:kids?|children|child|sons?|"
    r"daughters?|boys?|girls?)"
)
_ITEM_END = r"(?=\s*(?:$|[.,!;]))"
"""The end of a list's item: the children are the whole item ("two kids", not "two kids'
toys" or "two girls from Leeds")."""
_ELAPSED = (
    r"(?=\s*(?:$|[.,!;]|\s+(?:(?:about|around|almost|nearly|over)\s+)?(?:a|an|one|two|three|"
    r"four|five|six|seven|eight|nine|ten|a\s+few|a\s+couple\s+of|\d+)\s+(?:days?|weeks?|months?|"
    r"years?)\s+ago\b|\s+(?:last|this)\s+\w+|\s+in\s+(?:19|20)\d\d\b|\s+(?:completely|altogether|"
    r"for\s+good)\b))"
)
"""What may follow "stopped drinking" when the drinking itself (alcohol) was given up."""

_FORMER_HOME = re.compile(
    r"\b(?:used\s+to\s+live|I\s+lived|we\s+lived|moved\s+(?:away\s+)?from|(?:don't|do\s+not|no\s+"
    r"longer)\s+live\b)\b.*\bnow\b",
    re.I,
)
"""A former home and then "now": "I used to live in Leeds but now I'm in York"."""

_PLACE_CALLED = (
    r"\s+(?i:an?|the)\s+(?:[a-z]+\s+){0,2}?(?i:village|town|city|suburb|hamlet|neighbourhood|"
    rf"neighborhood|area)(?:\s+(?i:near|outside|in)\s+{place('y')})?,?\s+(?i:called|named)\s+"
    rf"{place('o')}"
)
"""'a village called Kidlington', 'a small town near Leeds called Otley': the name kept."""

_CURRENTLY = re.compile(r"^\s*(?:currently|still|now)\s+(?:learning|training)\b", re.I)
"""A note's subject-less "Currently learning X" (not a chat's "Reading the news, brb")."""

CHAT_FRAMES: tuple[Frame, ...] = (
    # "I'm a second-year student at Leeds studying history"
    frame(
        "studies",
        "a an",
        r"(?:\s+[\w-]+){0,3}?\s+(?i:student)\s+(?i:at|in)\s+"
        rf"{org_name('w')}\s+(?i:studying)\s+(?P<o>[a-z][a-z ]{{1,30}}?)"
        r"(?=\s*(?:$|[.,!;]))",
        "study",
        be=True,
        elliptical=False,
        third=True,
        extras=(("w", "studies_at", "org"),),
    ),
    # "I'm self-employed as a plumber", "freelance as a photographer"
    frame(
        "job_title",
        "self-employed freelance freelancing",
        rf"\s+(?i:as)\s+{occupation('o')}",
        "occupation_any",
        be=True,
    ),
    # "I'm head of marketing at Ocado" (no article before "head")
    frame(
        "job_title",
        "head",
        rf"\s+(?i:of)\s+(?P<o>[a-z]+(?:\s+[a-z]+)?)\s+(?i:at|for)\s+{org('w')}",
        "head_of",
        be=True,
        elliptical=False,
        extras=(("w", "works_at", "org"),),
    ),
    # "I'm off gluten these days" (not "off sugar for Lent", "off work")
    frame(
        "avoids",
        "off",
        rf"\s+(?P<o>{FOOD}(?:(?:,\s*|\s+and\s+|\s+or\s+){FOOD})*)\b"
        r"(?!\s+(?i:for|until|till|this|today|tonight|during|at)\b)",
        "avoid",
        confidence=0.7,
        be=True,
        elliptical=False,
    ),
    # "big into birdwatching lately", "really into jazz" (without "I'm")
    frame(
        "likes",
        "big really",
        rf"\s+(?i:into)\s+{phrase('o')}",
        "likes",
        confidence=0.7,
        be=True,
        negated="flip:dislikes",
    ),
    # "Currently learning to play the ukulele", "still training for the Paris marathon"
    frame(
        "activity",
        "learning training",
        r"(?P<o>\s+[^.!?;:\n]{2,120})",
        "activity",
        confidence=0.6,
        be=True,  # a complement as in memory.tiers.frames_taste (no new verb heads)
        cue=_CURRENTLY,
    ),
    # a base form needs its subject: "We move to Norwich in May", not advice ("Move to Bath.";
    # "moved", "moving" are read without one in memory.tiers.frames_life)
    frame(
        "lives_in",
        "move relocate",
        MOVE_CHAIN,
        "move",
        confidence=0.9,
        change=True,
        stative=False,
        future=True,
        negated="drop",
        elliptical=False,
    ),
    # "We live just outside Oxford, in a village called Kidlington"
    frame(
        "lives_in",
        "live lives living lived",
        rf"(?:\s+(?i:just\s+)?(?i:outside|near)\s+{place('x')},?)?\s+(?i:in){_PLACE_CALLED}",
        "place",
        past_heads="lived",
    ),
    # "I'm from a small town called Tomar", "grew up in a village called Mousehole"
    frame("from", "from", _PLACE_CALLED, "place", be=True),
    frame("from", "come comes grew_up", rf"\s+(?i:from|in){_PLACE_CALLED}", "place"),
    # "I've lived in Hull my whole life": Hull is home and where one is from
    frame(
        "from",
        "lived living",
        rf"\s+(?i:in)\s+{place('o')}\s+(?i:(?:my|our|his|her|their)\s+(?:whole|entire)\s+(?:life|lives)|all\s+(?:my|his|her|their|our)\s+(?:life|lives))"
        r"(?=\s*(?:$|[.,!;]))",
        "place",
        confidence=0.8,
    ),
    # "I used to live in Leeds but now I'm in York" (not "... now I'm in York for a week")
    frame(
        "lives_in",
        "in",
        rf"\s+{place('o')}(?:\s+(?i:now|these\s+days))?(?=\s*(?:$|[.,!;]))",
        "place",
        be=True,
        elliptical=False,
        third=False,
        change=True,
        cue=_FORMER_HOME,
    ),
    frame(
        "birthday",
        "turn turning",
        rf"\s+(?:\d{{1,3}}|{NUMBER_WORD_RE})(?P<pp>\s+(?i:on)\s+{DATE})(?=\s*(?:$|[.,!;]))",
        "born",
        future=True,
        stative=False,
    ),
    # "I'm married with two kids", "a teacher, married with two kids, living in Derby"
    frame(
        "has_children",
        "married",
        rf"\s+(?i:with)\s+(?P<o>{_COUNT}\s+{_KIDS}){_ITEM_END}",
        "children",
        confidence=0.8,
    ),
    # a list's item after "I am": "I'm 42, divorced, one daughter, ..." ("I'm two kids in a
    # trench coat" is no item: the children must end it)
    frame(
        "has_children",
        "one two three four five six",
        rf"\s+(?P<n>{_KIDS}){_ITEM_END}",
        "children_count",
        confidence=0.75,
        be=True,
        current_only=True,
        third=False,
    ),
    # a greeting's "Dad of three here", "Mum of one, a little boy called Finn"
    frame(
        "has_children",
        "mum mom dad mother father parent",
        rf"\s+(?i:of)\s+(?P<o>\d|{NUMBER_WORD_RE}|(?i:twins|triplets))\b(?:\s+(?:(?i:young|little|"
        r"grown)\s+)?(?P<n>(?i:kids|children|boys|girls|sons|daughters))\b"
        r"(?:,\s+(?P<names>[A-Z][a-z'-]+(?:(?:,\s*|\s+and\s+)[A-Z][a-z'-]+)+)(?=\s*(?:[.!]|$)))?)?"
        r"(?:\s+(?i:here|now))?" + _ITEM_END,
        "children_of",
        confidence=0.75,
        be=True,
        third=False,
    ),
    # "I stopped drinking two years ago" (not "stopped drinking coffee": the avoids frame)
    frame(
        "avoids",
        "stopped quit",
        r"\s+(?i:drinking)(?:\s+(?i:alcohol|booze))?" + _ELAPSED,
        "teetotal",
        change=True,
        stative=False,
    ),
    # "I'm a native Welsh speaker", a list's "native english speaker"
    frame(
        "speaks",
        "native a_native",
        r"\s+(?P<o>[A-Za-z][a-z]+)\s+(?i:speaker)\b",
        "languages",
        be=True,
    ),
    # "I know a little Arabic" (a quantifier, so not "I know Tom"; the value is a language)
    frame(
        "speaks",
        "know knows",
        r"\s+(?i:a\s+little|a\s+bit\s+of|some|basic|a\s+few\s+words\s+of)\s+"
        r"(?P<o>[A-Z][a-z]+)\b(?![\w'’-])",
        "languages",
    ),
)
