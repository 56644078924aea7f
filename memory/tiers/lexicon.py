"""The function words the clause grammar reads: auxiliaries, adverbs, subordinators,
pronouns, titles, number words, and the words that mark a clause as not stating a fact.

Generic English, never tuned to a test set. Used by ``memory.tiers.clauses`` (subjects and
auxiliaries), ``memory.tiers.phrases`` (noun phrases) and ``memory.tiers.values`` (value
checks).
"""

from __future__ import annotations

import re

from memory.dates.words import CARDINALS

ASSISTANT_NAMES = frozenset({"mneme", "assistant", "chatgpt", "claude", "gpt", "bot"})
"""Speakers whose chat turns are an assistant's words, never the user's facts."""


def words(text: str) -> frozenset[str]:
    """A frozenset of the whitespace-separated words of ``text``."""
    return frozenset(text.split())


BE = words("am are is was were be been being")
BE_PAST = words("was were")
HAVE = words("have has had having")
DO = words("do does did")
MODALS = words("would could might may should must shall ought")
"""Modal verbs that make a clause hypothetical ("I would live in Rome")."""
FUTURE = words("will gonna")
NEGATIONS = words("not never no")
PRONOUN_SUBJECTS = words(
    "he she they it you this that these those there who everyone everybody someone somebody "
    "people nobody noone anyone one"
)
PRONOUNS = words(
    "i me my mine myself we us our ours you your yours he him his she her hers they them their "
    "theirs it its this that these those someone somebody anyone anybody everyone everybody "
    "nobody nothing something anything everything"
)

ADVERBS = words(
    """
    just recently finally actually now also still currently officially already happily
    proudly really truly absolutely totally both all even originally honestly definitely
    literally basically seriously genuinely newly even again too then lately so very pretty
    quite kinda mainly mostly
    """
)
"""Adverbs skipped between the subject and the verb ("I just moved", "I'm currently based")."""
HABITUAL = words("usually always normally regularly typically often generally sometimes mostly")
"""Adverbs that make a clause a routine ("I usually run before work")."""
HEDGES = words(
    "maybe perhaps probably possibly apparently supposedly allegedly reportedly presumably "
    "hopefully ideally someday eventually"
)
"""Words that leave a clause unsure: it states no fact."""
HEDGE_PHRASES = re.compile(
    r"\b(?:i\s+(?:think|guess|believe|suppose|reckon|imagine|assume|feel\s+like)|kind\s+of|"
    r"sort\s+of|not\s+sure|one\s+day|some\s+day|someday|in\s+the\s+future|i\s+wonder|"
    r"who\s+knows|if\s+only|dreams?\s+of|dreaming\s+of|would\s+love|'d\s+love|would\s+like|"
    r"(?:nearly|almost)\s+(?:[a-z]+ed|quit|left|took|got|went|became|made|lost|bought|sold|"
    r"gave|ran|fell|broke|let)|(?:nearly|almost)\s+(?:been|gotten)\s+[a-z]+ed)\b",
    re.I,
)
"""Phrases that leave a clause unsure or wished for ("I nearly moved to Leeds": no move)."""
REPORTING = words(
    """
    said says say saying told tells tell telling thinks think thought believes believe
    claims claim claimed reckons reckon heard hears asked asks asking wonder wonders wondered
    wish wishes wished imagine imagined pretend pretended pretending dreamt dreamed dream
    dreaming suppose supposed hope hopes guess guessed insists insisted mentioned mentions
    joked jokes rumoured rumored apparently feels felt knows know knew wants want sure
    doubt doubts if unless whether suppose supposing
    """
)
"""Words that, before a clause's subject, make it someone's report, belief or wish."""
STORY = re.compile(
    r"\b(?:novel|book|film|movie|story|show|series|episode|game|play|dream|nightmare|"
    r"documentary|podcast|song|comic|manga|anime|character|plot|script)s?\b",
    re.I,
)
"""A fronted "In the novel, ..." makes what follows fiction."""

COORDINATORS = ("and then", "and also", "but also", "and", "but", "yet", "plus", "or", "nor")
SUBORDINATORS = words(
    "because since as while whereas although though until till when whenever before after"
)
"""Words that open a subordinate clause when a subject follows ("since I moved")."""
CONDITIONALS = words("if unless whether")
RELATIVES = words("who which whom whose where")

DISCOURSE = words(
    """
    and but so well oh ok okay yeah yes yep yup no also plus btw lol lmao haha hehe omg ugh hey
    hi hello wow anyway anyways honestly actually seriously sadly luckily thankfully
    fortunately unfortunately finally lately recently currently now then today tonight
    yesterday nowadays meanwhile besides still update news ps guess fun fact obviously
    naturally personally sure right true good great cool nice fyi tbh ngl imo fwiw
    """
)
"""Words that may open a sentence before its subject ("Honestly, I ...")."""
FRONT_PREPOSITIONS = words(
    "in on at since after before by for during from until till over around as of back"
)
"""Prepositions that open a fronted adverbial ("Since March I've ...", "After university I ...")."""
TIME_WORDS = words("last this these next every each most some")

GREETINGS = words("hi hello hey hiya howdy greetings morning evening")
TITLES = ("Dr", "Mr", "Mrs", "Ms", "Mx", "Prof", "Sir", "Dame", "Fr", "Rev")

PARTICIPLES = words(
    """
    been had got gotten gone done made taken known grown become given seen left lost kept
    found taught bought brought spoken eaten drunk begun run quit broken fallen written
    ridden swum worn won held met paid read sold sent spent stood told understood thought
    felt heard led meant put set shut hurt cut let come
    """
)
"""Irregular past participles: "have" before one is an auxiliary ("I have been")."""

NUMBER_WORDS = CARDINALS
NUMBER_WORD_RE = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|"
    r"four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
)


def number_value(text: str) -> int | None:
    """``34`` for "34" or "thirty-four" (None when it is not a number)."""
    text = text.strip().lower()
    if text.isdigit():
        return int(text)
    total = 0
    for part in re.split(r"[- ]+", text):
        if part not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[part]
    return total or None


WEEKDAYS = words("monday tuesday wednesday thursday friday saturday sunday weekend weekends")
MONTH_NAMES = words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
HOLIDAYS = words("christmas easter halloween thanksgiving xmas eid diwali hanukkah ramadan")
