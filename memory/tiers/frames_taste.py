"""Verb frames of tastes and habits: likes and dislikes, games and instruments, diet,
allergies and health, languages, routines, activities, plans and goals (the model is
``memory.tiers.grammar.Frame``).

Read by ``memory.tiers.extract``; each entry is data, the engine applies the clause's
subject, negation, tense and mood.
"""

from __future__ import annotations

import re

from memory.tiers.grammar import Frame, frame
from memory.tiers.phrases import (
    CONDITION,
    DIET,
    FOOD,
    PLAYABLE,
    phrase,
    place,
    verb_phrase,
)

_TIME_TO_COME = re.compile(
    r"\b(?:next\s+(?:week|month|year|spring|summer|autumn|fall|winter|weekend)|(?:this|in\s+the)\s+"
    r"(?:spring|summer|autumn|fall|winter)|in\s+(?:january|february|march|april|may|june|july|"
    r"august|september|october|november|december)|later\s+this\s+(?:year|month|week)|in\s+(?:a|one|"
    r"two|three|four|a\s+few|a\s+couple\s+of|\d+)\s+(?:days?|weeks?|months?))\b",
    re.I,
)
"""A time to come: with one, "we're going to Iceland" or "I'm getting married" is a plan."""

_NOT_A_DIET = (
    r"(?!\s+(?:food|recipe|restaurant|option|meal|dish|place|cafe|café|bakery|burger|spot|"
    r"menu|festival|market|friends?|cookbook))"
)
"""A diet word before a noun is no diet of one's own ("went to a vegan place")."""

_AN_EPISODE = (
    r"(?!\s+(?:(?:for\s+(?:a|an|one|two|three|four|five|six|a\s+few|a\s+couple\s+of|\d+)\s+"
    r"(?:days?|weeks?|months?|years?)|once)\b))"
)
"""A bounded past episode is no current diet ("went vegan for a month once")."""

_WHERE_SPOKEN = r"(?:\s+(?i:fluently|well|natively|at\s+home|at\s+work))?"
"""After a language: "German at home and English at work" (both spoken)."""
_SEVERE = r"(?i:terrible|awful|bad|severe|mild|chronic|really\s+bad)"
"""How bad a condition is ("asthma and mild eczema"): no part of its name."""

TASTE_FRAMES: tuple[Frame, ...] = (
    # -- preferences ---------------------------------------------------------------------------
    frame(
        "likes",
        "love loves loved like likes liked enjoy enjoys enjoyed adore adores adored",
        rf"\s+{phrase('o')}",
        "likes",
        confidence=0.7,
        past_heads="loved liked enjoyed adored",
        episodic_past=True,
        negated="flip:dislikes",
        be=False,
        elliptical=False,
    ),
    frame(
        "dislikes",
        "hate hates dislike dislikes detest detests loathe loathes despise despises",
        rf"\s+{phrase('o')}",
        "likes",
        confidence=0.75,
        past_heads="hated disliked",
        episodic_past=True,
        be=False,
        elliptical=False,
    ),
    frame("dislikes", "stand bear", rf"\s+{phrase('o')}", "likes", confidence=0.75, negated="only"),
    frame(
        "likes",
        "a",
        rf"(?:\s+(?i:big|huge|massive|great|real))?\s+(?i:fan)\s+(?i:of)\s+{phrase('o')}",
        "likes",
        confidence=0.75,
        be=True,
        negated="flip:dislikes",
    ),
    frame(
        "likes",
        "a",
        r"\s+(?:(?i:big|huge|massive|great|real|die-hard|lifelong|diehard)\s+)?"
        r"(?P<o>[A-Z][\w'&-]*(?:\s+[A-Z][\w'&-]*){0,2}|(?!(?:big|huge|massive|great|real|total|"
        r"true|die-hard|diehard|lifelong)\b)[a-z]+)\s+(?i:fan)\b(?!\s+of\b)",
        "likes",
        confidence=0.7,
        be=True,
        negated="flip:dislikes",
    ),
    frame(
        "likes",
        "big huge massive",
        rf"\s+(?i:fan)\s+(?i:of)\s+{phrase('o')}",
        "likes",
        confidence=0.7,
        be=True,
        negated="flip:dislikes",
    ),
    frame(
        "likes",
        "into",
        rf"\s+{phrase('o')}",
        "likes",
        confidence=0.7,
        be=True,
        negated="flip:dislikes",
        elliptical=False,
    ),
    frame(
        "likes",
        "obsessed passionate crazy keen mad",
        rf"\s+(?i:with|about|on)\s+{phrase('o')}",
        "likes",
        confidence=0.7,
        be=True,
        negated="flip:dislikes",
        elliptical=False,
    ),
    frame(
        "likes",
        "prefer prefers",
        r"\s+(?P<o>[^.!?;,]{1,40}?)(?:\s+(?i:to|over)\s|\s*(?:$|[.,!;]))",
        "likes",
        confidence=0.65,
    ),
    frame(
        "likes",
        "gone went fallen stopped given gave",
        rf"\s+(?i:off|out\s+of\s+love\s+with|liking|up(?!\s+{FOOD}\b))\s+" + phrase("o"),
        "likes",
        confidence=0.75,
        stative=False,
        negated="drop",
        ends=True,
    ),
    frame(
        "plays",
        "play plays playing played",
        r"\s+(?P<o>(?:(?i:five|six|seven|eleven|5|6|7|11)-a-side\s+|(?i:beach|indoor|touch|walking|"
        rf"ice|field|street)\s+)?{PLAYABLE})\b(?:\s+(?i:and|&)\s+(?:(?i:a\s+(?:bit|little)\s+of|"
        rf"some)\s+)?(?P<o2>(?i:the\s+)?{PLAYABLE})\b)?",
        "playable",
        confidence=0.8,
        past_heads="played",
        episodic_past=True,
        extras=(("o2", "plays", "playable"),),
    ),
    # -- health and diet ------------------------------------------------------------------------
    frame(
        "diet",
        "#diet",
        rf"(?:(?i:an?)\s+)?(?:(?i:strict|full|proper|committed|lifelong)\s+)?(?P<o>{DIET})(?![\w-])"
        + _NOT_A_DIET,
        "diet",
        be=True,
        negated="end",
    ),
    frame(
        "diet",
        "went gone became become turned switched decided",
        r"(?:\s+(?i:to\s+being|to\s+go|to))?\s+(?:(?i:an?)\s+)?(?:(?i:fully|completely|full)\s+)?"
        rf"(?P<o>{DIET})(?![\w-])" + _NOT_A_DIET + _AN_EPISODE,
        "diet",
        change=True,
        stative=False,
    ),
    frame(
        "diet",
        "eat follow keep on",
        rf"\s+(?:(?i:an?|the)\s+)?(?:(?i:strict)\s+)?(?P<o>{DIET})(?:\s+(?i:diet))?(?![\w-])",
        "diet",
        confidence=0.8,
    ),
    frame(
        "allergic_to",
        "allergic",
        rf"\s+(?i:to)\s+{phrase('o', 80)}",
        "allergens",
        confidence=0.9,
        be=True,
    ),
    frame(
        "allergic_to",
        "have has got had",
        r"\s+(?:(?i:an?|some|severe|serious|bad|mild|slight|terrible|nasty|minor|major|strong|"
        r"real|life-threatening|food)\s+)*"
        rf"(?:(?i:allerg(?:y|ies))\s+(?i:to)\s+{phrase('o', 80)}|(?P<n>[a-z]+(?:\s[a-z]+)?)\s+"
        r"(?i:allerg(?:y|ies))\b(?P<more>.*))",
        "allergens",
        confidence=0.85,
    ),
    frame(
        "health",
        "#intolerant",
        r"(?:(?i:very|severely|quite|a\s+bit|slightly)\s+)?(?P<o>[a-zA-Z]+)[\s-]+(?i:intolerant)\b"
        r"(?!\s+(?i:people|person|folks|guests|customers|friends|kids|children|ones)\b)",
        "intolerance",
        be=True,
    ),
    frame(
        "health",
        "intolerant",
        r"\s+(?i:to|of)\s+(?P<o>[a-z]+)\b",
        "intolerance",
        be=True,
    ),
    frame(
        "health",
        "have has got",
        r"\s+(?:(?i:an?|some)\s+)?(?:(?i:mild|slight|bad|severe)\s+)?(?P<o>[a-z]+)\s+"
        r"(?i:intolerance)\b",
        "intolerance",
    ),
    frame(
        "health",
        "#health_adj",
        r"(?:(?i:an?)\s+)?(?P<o>(?:(?i:type)\s+[12]\s+)?[a-zA-Z-]+)(?=\s*(?:$|[.,!;]|\s(?:and|but|"
        r"so|since|too|here)\b))",
        "health_adj",
        be=True,
    ),
    frame(
        "health",
        "have has had got get gets suffer suffers live lives struggle struggles deal deals",
        rf"(?:\s+(?i:from|with))?(?:\s+{_SEVERE})?"
        rf"\s+(?P<o>{CONDITION}(?:\s*(?:,|and)\s+(?:{_SEVERE}\s+)?{CONDITION})*)\b",
        "conditions",
        confidence=0.8,
    ),
    frame(
        "health",
        "diagnosed",
        r"\s+(?i:with)\s+(?P<o>[a-zA-Z][\w' -]{1,40}?)(?=\s*(?:$|[.,!;]|and\s|but\s|last\s|"
        r"this\s|in\s|at\s|when\s|after\s))",
        "condition",
        stative=False,
    ),
    frame(
        "health",
        "broke fractured sprained injured tore dislocated",
        r"\s+(?i:my)\s+(?P<o>(?:(?i:left|right)\s+)?(?:[a-z]+|[A-Z]{2,5}))\b",
        "injury",
        confidence=0.8,
        stative=False,
    ),
    frame(
        "avoids",
        "eat eats drink drinks touch eaten drunk touched",
        rf"\s+{phrase('o', 60)}",
        "avoid",
        confidence=0.8,
        negated="only",
    ),
    frame(
        "avoids",
        "have",
        rf"\s+(?:(?i:any|anything\s+with|anything\s+containing)\s+)?(?P<o>{FOOD}(?:(?:,\s*|\s+or\s+|\s+and\s+){FOOD})*)\b"
        r"(?!\s+(?i:in|at|on|left|today|tonight)\b)",
        "avoid",
        confidence=0.75,
        negated="only",
    ),
    frame(
        "avoids",
        "avoid avoids",
        rf"\s+(?:(?i:any|all)\s+)?(?P<o>{FOOD}(?:(?:,\s*|\s+or\s+|\s+and\s+){FOOD})*)\b"
        r"(?!\s+(?i:for(?!\s+(?:[a-z-]+\s+){0,2}reasons\b)|with|at|in|on)\b)",
        "avoid",
        confidence=0.75,
        elliptical=False,
    ),
    frame(
        "avoids",
        "do",
        rf"\s+(?P<o>{FOOD}(?:(?:,\s*|\s+or\s+|\s+and\s+){FOOD})*)\b"
        r"(?!\s+(?i:for(?!\s+(?:[a-z-]+\s+){0,2}reasons\b)|with|at)\b)",
        "avoid",
        confidence=0.7,
        negated="only",
    ),
    frame("avoids", "teetotal", r"(?P<o>)", "teetotal", confidence=0.8, be=True),
    frame(
        "avoids",
        "drink",
        r"(?P<o>)(?:\s+(?i:at\s+all|anymore|any\s+more|alcohol))?\s*(?:[.!]|$)",
        "teetotal",
        confidence=0.75,
        negated="only",
        cue=re.compile(
            r"\bdrink(?:\s+(?:at\s+all|anymore|any\s+more|alcohol))?\s*(?:[.!]|$)", re.I
        ),
    ),
    frame(
        "avoids",
        "gave given cut",
        rf"\s+(?i:up|out)\s+(?P<o>{FOOD}(?:(?:,\s*|\s+or\s+|\s+and\s+){FOOD})*)\b",
        "avoid",
        change=True,
        stative=False,
    ),
    frame(
        "avoids",
        "stay stays staying keep keeps steer steers",
        rf"\s+(?i:away\s+from|clear\s+of)\s+(?P<o>{FOOD}(?:(?:,\s*|\s+or\s+|\s+and\s+){FOOD})*)\b",
        "avoid",
        confidence=0.8,
        elliptical=False,
    ),
    frame(
        "avoids",
        "stopped quit",
        r"\s+(?i:eating|drinking)\s+" + phrase("o", 60),
        "avoid",
        change=True,
        stative=False,
    ),
    frame(
        "speaks",
        "speak speaks",
        r"\s+(?:(?i:fluent|some|a\s+little|a\s+bit\s+of|basic|good|decent)\s+)?"
        rf"(?P<o>[A-Za-z][a-z]+{_WHERE_SPOKEN}(?:(?:,\s*|\s+and\s+|,\s+and\s+)"
        rf"(?:(?i:a\s+bit\s+of|some|a\s+little)\s+)?[A-Za-z][a-z]+{_WHERE_SPOKEN})*)",
        "languages",
    ),
    frame(
        "speaks",
        "fluent bilingual trilingual",
        r"\s+(?i:in)\s+(?:(?i:both|either)\s+)?(?P<o>[A-Za-z][a-z]+(?:(?:,\s*|\s+and\s+|,\s+and\s+)"
        r"[A-Za-z][a-z]+)*)",
        "languages",
        be=True,
    ),
    frame(
        "speaks",
        "grew_up raised",
        r"\s+(?:(?i:bilingual|trilingual)\s+(?i:in)|(?i:speaking))\s+(?:(?i:both)\s+)?"
        r"(?P<o>[A-Za-z][a-z]+(?:(?:,\s*|\s+and\s+|,\s+and\s+)[A-Za-z][a-z]+)*)",
        "languages",
        stative=False,
    ),
    frame(
        "speaks",
        "get gets getting",
        r"\s+(?i:by)\s+(?i:in)\s+(?P<o>[A-Za-z][a-z]+(?:(?:,\s*|\s+and\s+|,\s+and\s+)[A-Za-z][a-z]+)*)",
        "languages",
    ),
    # -- routines, activities, plans and goals -------------------------------------------------
    frame("routine", "#routine", rf"{verb_phrase('o')}", "routine", confidence=0.6),
    frame(
        "activity",
        "learning taking practicing practising training volunteering knitting building "
        "writing reading doing working_on",
        r"(?P<o>(?:\s+[^.!?;:\n]{2,120})?)",
        "activity",
        confidence=0.65,
        be=True,
        elliptical=False,
    ),
    frame(
        "activity",
        "took taken picked started began",
        r"\s+(?:(?i:up)\s+)?(?P<o>[a-z][^.!?;:\n]{2,60})",
        "activity_start",
        confidence=0.65,
        change=True,
        stative=False,
    ),
    frame(
        "plans",
        "planning hoping intending aiming going",
        rf"\s+(?:(?i:to)|(?<=planning)\s+(?i:on))\s+{verb_phrase('o')}",
        "plan",
        confidence=0.7,
        be=True,
        future=True,
        current_only=True,
    ),
    frame(
        "plans",
        "planning",
        rf"\s+(?i:a|an|our|my)\s+(?:[a-z]+\s+)?(?P<o>(?i:trip|visit|holiday|vacation|move|"
        rf"journey)\s+(?i:to)\s+{place('p')})",
        "phrase_plan",
        confidence=0.7,
        be=True,
        future=True,
    ),
    frame(
        "plans",
        "getting starting having",
        r"\s+(?P<o>(?:(?i:married|engaged)|(?i:an?|my|our)\s+(?!(?:bit|lot|look|go|chat|"
        r"word|break|drink|coffee|nap|rest)\b)[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}?))"
        r"(?=\s+(?:in|next|this|later|on|at)\b|\s*(?:$|[.,!;]))",
        "progressive_plan",
        confidence=0.65,
        be=True,
        future=True,
        current_only=True,
        elliptical=False,
        cue=_TIME_TO_COME,
    ),
    frame(
        "plans",
        "going heading flying off",
        rf"\s+(?i:to)\s+(?P<o>{place('p')})",
        "progressive_plan",
        confidence=0.65,
        be=True,
        future=True,
        current_only=True,
        elliptical=True,  # "Going to Japan in May." (with a time to come)
        cue=_TIME_TO_COME,
    ),
    frame(
        "plans",
        "plan plans intend intends aim aims hope",
        rf"\s+(?i:to)\s+{verb_phrase('o')}",
        "plan",
        confidence=0.65,
        current_only=True,
    ),
    frame(
        "plans",
        "decided",
        rf"\s+(?i:to)\s+{verb_phrase('o')}",
        "plan",
        confidence=0.7,
        stative=False,
    ),
    frame(
        "goal",
        "want wants",
        rf"\s+(?i:to)\s+{verb_phrase('o')}",
        "want",
        confidence=0.55,
        elliptical=False,
    ),
)
