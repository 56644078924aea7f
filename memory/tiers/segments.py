"""The words around a clause's verb: a sentence normalised, cut into segments, and the
auxiliaries read off a predicate.

``normalise`` spells contractions out ("I'm" -> "I am") and joins names in apposition to
their noun ("my wife, Clara," -> "my wife Clara"); ``segments`` cuts a sentence where
clauses may start (coordinators, commas, subordinators that a subject follows, relative
pronouns); ``auxiliaries`` reads "have been", "don't", "used to", "no longer", "would",
"usually"... off the start of a predicate as flags. Used by ``memory.tiers.clauses``.
"""

from __future__ import annotations

import functools
import re

from memory.tiers.heads import drop_asides
from memory.tiers.lexicon import (
    ADVERBS,
    BE,
    BE_PAST,
    DO,
    FUTURE,
    HABITUAL,
    HAVE,
    HEDGES,
    MODALS,
    NUMBER_WORD_RE,
    PARTICIPLES,
    REPORTING,
    SUBORDINATORS,
)
from memory.tiers.phrases import NAME_WORD, PET, PET_ADJ, REL, REL_ADJ, name, names

# -- normalising -----------------------------------------------------------------------------
_CONTRACTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.I), r)
    for p, r in (
        (r"\bi'm\b", "I am"),
        (r"\b(i|we|you|they)'ve\b", r"\1 have"),
        (r"\b(i|we|you|they|he|she)'ll\b", r"\1 will"),
        (
            r"\b(i|we|you|they|he|she)'d\s+(?=(?:been|had|never|already|just|lived|worked)\b)",
            r"\1 had ",
        ),
        (r"\b(i|we|you|they|he|she)'d\b", r"\1 would"),
        (r"\b(we|you|they)'re\b", r"\1 are"),
        (r"\b(he|she|it|that|there|who|what|where)'s\b", r"\1 is"),
        (r"\b(name|birthday|bday|email|number|dream|goal|plan)'s\b", r"\1 is"),
        # "my husband's called Raj", "Russian's my first language": "'s" before these
        # words is "is", never a possessive.
        (r"\b([A-Za-z]+)'s(?=\s+(?:called|named|my|our|an?|from|not|originally)\b)", r"\1 is"),
        (r"\bcan(?:'t|not)\b", "can not"),
        (r"\bwon't\b", "will not"),
        (r"\bain't\b", "am not"),
        (r"\b(do|does|did|is|are|was|were|have|has|had|would|could|should|must)n't\b", r"\1 not"),
    )
)
"""Contractions with an apostrophe (tried only on text that has one)."""
_PLAIN_CONTRACTIONS: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (word, re.compile(p, re.I), r)
    for word, p, r in (
        ("wanna", r"\bwanna\b", "want to"),
        ("gonna", r"\bgonna\b", "going to"),
        ("any more", r"\bany more\b", "anymore"),
    )
)
_LOWER_I = re.compile(r"(?<![\w'])i(?![\w'])")
_NOUNS = rf"(?:{REL}|{PET})"
_AGED_NAMED = re.compile(
    rf"\b(?i:an?)\s+(\d{{1,2}}|{NUMBER_WORD_RE})[- ](?i:years?)[- ](?i:old)\s+((?:[a-z]+\s+)?"
    rf"{_NOUNS})(\s+(?i:called|named)|,)\s+({NAME_WORD})\b(?!\s+[A-Z])"
)
"""'a 3-year-old daughter called Ella' -> 'a daughter called Ella, who is 3' (the age is
the named one's)."""
_APPOSED = (
    # "my wife, Clara, is" -> "my wife Clara is"; "a sister, Mei, who" -> "a sister Mei, who"
    (
        re.compile(
            rf"\b((?i:my|our|a|an|two|three|four|one)\s+(?:(?i:two|three|four)\s+)?"
            rf"(?:(?:{REL_ADJ}|{PET_ADJ})\s+)*{_NOUNS}s?),"
            rf"\s+({names('n')})(,\s+(?=[a-z])(?!(?:and|but|who|which|so|or)\b))?"
        ),
        r"\1 \2 ",
    ),
    # "Luna, my rescue beagle, is" -> "my rescue beagle Luna is"
    (
        re.compile(
            rf"^({name('n')}),\s+((?i:my|our)\s+(?:(?:{REL_ADJ}|{PET_ADJ})\s+)*{_NOUNS}),\s+"
            r"(?=[a-z])"
        ),
        r"\3 \1 ",
    ),
    # "diabetic, type 1" -> "type 1 diabetic" (the type belongs to the condition)
    (re.compile(r"\b(?i:diabetic),\s+((?i:type)\s+[12])\b(?!\s*\w)"), r"\1 diabetic"),
)


_CALLED_REL = re.compile(
    rf"\b({_NOUNS}s?)\s+(?:that|which|who)\s+is\s+((?i:called|named))\b", re.I
)
"""'a cat that's called Pickle' -> 'a cat called Pickle'."""
_PERSON_NAMED = re.compile(
    rf"\b((?i:my|our)\s+(?:{REL_ADJ}\s+)*{REL}),\s+(?i:an?)\s+(?:[a-z]+\s+)?"
    r"(?i:guy|man|woman|lady|girl|bloke|chap|person|fellow|gentleman)\s+(?i:called|named)\s+"
    rf"({name('n', words=3)}),?"
)
"""'my landlord, a guy named Viktor, never...' -> 'my landlord Viktor never...'."""
_BECAUSE = re.compile(r"(?<![\w/])(?:bc|b/c|cuz|coz)(?![\w/])")
"""Chat spellings of "because", lower case only ("Vancouver, BC" is a province)."""
_FREE_OF = re.compile(r"\b(gluten|dairy|lactose|sugar)\s+(free)\b", re.I)
"""'gluten free' -> 'gluten-free' (the diet word)."""
_FAVE = re.compile(r"(?:^|(?<=my\s)|(?<=our\s))(?:fave|fav)\b(?=\s+[a-z])", re.I)
_HAS_TO_BE = re.compile(
    r"\b(favou?rite\s+[\w-]+(?:\s+[\w-]+)?)\s+(?:has\s+to|would\s+have\s+to|has\s+got\s+to|"
    r"(?:has\s+)?gotta)\s+be\b",
    re.I,
)
"""'my fave food has to be ramen' -> 'my favourite food is ramen'."""
_EVER = re.compile(r"(?i)\b(favou?rite\s+[a-z]+)\s+(?:ever|of\s+all\s+time)\b")
"""'my favourite film ever', 'Favourite film of all time:' -> 'favourite film'."""
_EMOJI = re.compile(
    r"\s*[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]+"
    r"(?=\s*(?:$|[.,;!?]|[\U0001F000-\U0001FAFF]))"
)
"""Emoji ending a clause ("ramen 🍜"): no part of its object (one used as a word stays)."""
_KIN_NAME = re.compile(rf"^((?i:{REL}))'s\s+(?=name\s+is\b)")
"""A chat's "mum's name is Rosa" without its "my": the writer's mum."""
_GAPPED_NAME = re.compile(
    rf"\b((?i:my|our)\s+(?i:{REL})'s\s+name\s+is\s+{NAME_WORD}(?:\s+{NAME_WORD})?,?\s+"
    rf"(?:and\s+)?)(?:((?i:my|our))\s+)?((?i:{REL}))'s\s+is\s+(?={NAME_WORD})"
)
"""'my mum's name is Rosa, dad's is Henrik' -> '..., my dad's name is Henrik'."""
_BOY_GIRL = re.compile(
    r"\b((?i:have|has|had|got)\s+(?i:a)\s+)(?:(?i:little|baby|young)\s+)?((?i:boy|girl))"
    r"(?=\s+(?i:called|named)\s+[A-Z][\w'-]*\b(?!\s+(?i:in|at|on|from|who|that|whose)\b)"
    r"|,\s+[A-Z][\w'-]*\b(?=\s*(?:,|[.!]|$)))"
)
"""'We have a little boy called Noah' (or ', Oscar,') -> 'We have a son called Noah'."""
_YO = re.compile(r"\b(\d{1,2})\s*(?:yo|y/o|yr\s+old|yrs\s+old)\b(?=\s+[a-z])", re.I)
"""'a 2yo daughter' -> 'a 2-year-old daughter'."""
_TIMES_A = re.compile(r"\b([2-9])\s*x\s+(a|per)\s+(day|week|month)\b", re.I)
"""'3x a week' -> '3 times a week'."""
_SPACES = re.compile(r"\s+")
_IM = re.compile(r"\bim\b(?=\s+[a-z])", re.I)
_CHAT_TAIL = re.compile(
    r"(?:,?\s+(?:(?i:tbh|tbf|ngl|lol|lmao|haha+|fyi|btw|idk)|rn|atm|x+)\b)+(?=\s*[.!]*\s*$)"
)
"""Chat words that end a message ("doing a masters at UCL rn"): no part of an object."""


_GREETING_FROM = re.compile(
    r"^((?i:greetings|hello|hi|hiya|love|postcard|news|updates?|reporting|waving))\s+(?i:from)\b"
)
"""'Greetings from Rome!' is sent from a trip: no origin."""
_FROM_NOW_IN = re.compile(
    r"(\b(?:(?i:originally)|I\s+am|(?i:i\s+come))\s+(?i:from)\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*),\s+(?:(?i:but)\s+)?(?i:now)\s+(?i:in)\s+"
    r"(?=[A-Z])"
)
"""'originally from Durban, now in Cape Town' -> '..., now living in Cape Town'."""
_GLAD_WORD = re.compile(r"\b(?:glad|happy|grateful|thankful|lucky|relieved)\b")
_GLAD = re.compile(
    r"^I\s+am\s+(?:so\s+|really\s+|very\s+|just\s+)?(?:glad|happy|grateful|thankful|lucky|"
    r"relieved)\s+(?:that\s+)?(?=(?:I|we)\s+(?!(?:would|could|might|will|can|should)\b)\w)"
)
"""'I'm so glad we live in X now': the writer's clause after a feeling about it."""


@functools.lru_cache(maxsize=4096)
def normalise(sentence: str) -> str:
    """Straight quotes, contractions spelled out ("I'm" -> "I am"), "i" -> "I", and names
    in apposition joined to their noun ("my wife, Clara," -> "my wife Clara")."""
    text = sentence.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = _EMOJI.sub("", text) if _EMOJI.search(text) else text
    text = _CHAT_TAIL.sub("", drop_asides(text).replace(" @ ", " at "))
    if "'" in text:
        for pattern, repl in _CONTRACTIONS:
            text = pattern.sub(repl, text)
    lowered = text.lower()
    for word, pattern, repl in _PLAIN_CONTRACTIONS:
        if word in lowered:
            text = pattern.sub(repl, text)
    if "bc" in text or "b/c" in text or "cuz" in text or "coz" in text:
        text = _BECAUSE.sub("because", text)
    if "'s name is" in text:
        text = _KIN_NAME.sub(r"My \1's ", text)
        text = _GAPPED_NAME.sub(lambda m: f"{m[1]}{m[2] or 'my'} {m[3]}'s name is ", text)
    if "fav" in lowered:
        text = _HAS_TO_BE.sub(r"\1 is", _FAVE.sub("favourite", text))
        text = _EVER.sub(r"\1", text)
    if " free" in lowered:
        text = _FREE_OF.sub(r"\1-\2", text)
    if "im " in lowered:
        text = _IM.sub("I am", text)
    if " from " in text:
        text = _GREETING_FROM.sub(r"\1 sent out of", text)
    if "now in " in text:
        text = _FROM_NOW_IN.sub(r"\1, now living in ", text)
    if _GLAD_WORD.search(lowered):
        text = _GLAD.sub("", text)
    if "i" in text:
        text = _LOWER_I.sub("I", text)
    if re.search(r"\d\s*(?:yo|y/o|yrs?\s+old|x\s)", text, re.I):
        text = _TIMES_A.sub(r"\1 times \2 \3", _YO.sub(r"\1-year-old", text))
    if "year-old" in text or "year old" in text:
        text = _AGED_NAMED.sub(r"a \2\3 \4, who is \1", text)
    if " boy" in text or " girl" in text:
        text = _BOY_GIRL.sub(
            lambda m: m[1] + ("son" if m[2].lower() == "boy" else "daughter"), text
        )
    if " called " in text or " named " in text:
        text = _CALLED_REL.sub(r"\1 \2", text)
        text = _PERSON_NAMED.sub(r"\1 \2", text)
    if "," in text:
        for pattern, repl in _APPOSED:
            text = pattern.sub(repl, text)
    return _SPACES.sub(" ", text).strip()


# -- segments -------------------------------------------------------------------------------
_BOUNDARY = re.compile(
    r"\s*(?:;|\s[-–—]\s|:\s)\s*"
    r"|,?\s+\b(?P<coord>and\s+then|and\s+also|but\s+also|and|but|yet|plus|or|nor|so)\b\s+"
    r"|,?\s+\b(?P<sub>because|since|as|while|whereas|although|though|until|till|when|whenever"
    r"|before|after|if|unless|whether|who|which|whom|whose|where|that)\b\s+"
    r"|,\s*(?=\S)",
    re.I,
)
_CHILDHOOD_AFTER = re.compile(
    r"I\s+was\s+(?:a\s+(?:kid|child|teenager|teen|baby|boy|girl|student)|little|young|younger|"
    r"small|growing\s+up)\b",
    re.I,
)
_PAIR_WITH_ME = re.compile(r"^\s*(?:[A-Z][\w'’-]+|(?i:my|our)(?:\s+[\w'’-]+){1,3})\s*$")
_NAME_GIVEN = re.compile(r"(?i)\b(?:name|is|are|was|were|am)\b|\bname['’]s\b")
"""A part that is already a clause ("My name's Tom"), never the first of a pair with "I"."""
_SUBJECT_NEXT = re.compile(r"(?:I|we|he|she|they|it|you|my|our|his|her|their|the)\b", re.I)


def segments(text: str) -> list[tuple[str, str]]:
    """``(boundary, segment)`` pairs: the word (or punctuation) before each part."""
    out: list[tuple[str, str]] = []
    pos = 0
    boundary = ""
    for m in _BOUNDARY.finditer(text):
        word = (m.group("coord") or m.group("sub") or "").lower()
        after = text[m.end() :]
        if word in SUBORDINATORS and not _SUBJECT_NEXT.match(after):
            continue  # "since 2016", "as a chef", "until six": not a clause
        if (
            word in ("when", "as")
            and _CHILDHOOD_AFTER.match(after)
            and not text[pos : m.start()].strip()
        ):
            continue  # "When I was little, I lived in Kenya": read as one fronted phrase
        if word == "that" and not _relative_that(text[: m.start()], after):
            continue
        if word in ("or", "nor") and not _SUBJECT_NEXT.match(after):
            continue
        if (
            word == "and"
            and _PAIR_WITH_ME.match(text[pos : m.start()])
            and not _NAME_GIVEN.search(text[pos : m.start()])
            and after[:2] == "I "
        ):
            continue  # "Julia and I got married": one subject
        if word == "and" and _one_subject(text[pos : m.start()], after):
            continue  # "Me and my husband Ian live...", "Kim and Leo moved...": one subject
        out.append((boundary, text[pos : m.start()]))
        boundary = word or m.group(0).strip() or ","
        pos = m.end()
    out.append((boundary, text[pos:]))
    return [(b, s.strip(" ,")) for b, s in out if s.strip(" ,.!?")]


_ME_AND = re.compile(r"^\s*(?i:me)\s*$")
_NAME_ONLY = re.compile(rf"^\s*{name('n', words=1)}\s*$")
_THEIR_KIN = re.compile(
    rf"^(?:his|her|their)\s+(?:{REL})s?\s+(?:[a-z]+ly\s+|just\s+|both\s+)?[a-z]+\b"
)
"""'Mark and his wife live in Perth': one subject, Mark's and his wife's."""
_NAME_THEN_VERB = re.compile(rf"^{name('n', words=1)}\s+(?:[a-z]+ly\s+|just\s+|both\s+)?[a-z]+s?\b")


def _one_subject(before: str, after: str) -> bool:
    """ "Me and my husband", "Kim and Leo moved": "and" joins the parts of one subject."""
    if _ME_AND.match(before):
        return re.match(r"(?i:my|our)\b", after) is not None
    return bool(
        _NAME_ONLY.match(before) and (_NAME_THEN_VERB.match(after) or _THEIR_KIN.match(after))
    )


def _relative_that(before: str, after: str) -> bool:
    """ "a charity that helps": a relative clause; "I love that idea", "said that": not."""
    prev = re.findall(r"[\w'-]+", before[-30:])
    if not prev or prev[-1].lower() in REPORTING or prev[-1][:1].isupper():
        return False
    nxt = re.match(r"[a-z]+", after)
    return nxt is not None and nxt.group(0) not in ("is", "was", "the", "a", "an", "my")


# -- auxiliaries ------------------------------------------------------------------------------
_WORD = re.compile(r"\s*([A-Za-z']+)(?![^\W\d_])")
"""A word of ASCII letters, whole ("Amélie" is no "Am")."""


def _participle_follows(rest: str, pos: int) -> bool:
    """A past participle comes next, maybe after adverbs ("have just started")."""
    for m in _WORD.finditer(rest, pos):
        w = m.group(1).lower()
        if w in ADVERBS or w in HABITUAL or w in ("not", "never", "already"):
            continue
        return w in PARTICIPLES or w.endswith("ed")
    return False


def auxiliaries(rest: str) -> tuple[dict[str, bool], str]:
    """Flags read from the auxiliaries and adverbs opening ``rest``, and what follows them."""
    flags = dict.fromkeys(
        (
            "be",
            "be_past",
            "perfect",
            "past_aux",
            "negated",
            "ended",
            "modal",
            "future",
            "used_to",
            "habitual",
            "hedged",
        ),
        False,
    )
    pos = 0
    while True:
        m = _WORD.match(rest, pos)
        if not m:
            break
        w = m.group(1).lower()
        nxt_m = _WORD.match(rest, m.end())
        nxt = nxt_m.group(1).lower() if nxt_m else ""
        if w in BE:
            flags["be"] = True
            flags["be_past"] = flags["be_past"] or (w in BE_PAST and not flags["perfect"])
        elif w in HAVE and w != "having" and _participle_follows(rest, m.end()):
            flags["perfect"] = True
            flags["past_aux"] = flags["past_aux"] or w == "had"
            if nxt == "been":
                flags["be"] = True
                pos = nxt_m.end() if nxt_m else m.end()
                continue
        elif w in DO and nxt in ("not", "never"):
            pass
        elif w in MODALS:
            flags["modal"] = True
        elif w in FUTURE:
            flags["future"] = True
        elif w == "can":
            pass
        elif w == "used" and nxt == "to":
            flags["used_to"] = True
            pos = nxt_m.end() if nxt_m else m.end()
            continue
        elif w == "no" and nxt == "longer":
            flags["negated"] = flags["ended"] = True
            pos = nxt_m.end() if nxt_m else m.end()
            continue
        elif w in ("not", "never"):
            flags["negated"] = True
        elif w in HABITUAL:
            flags["habitual"] = True
        elif w in HEDGES:
            flags["hedged"] = True
        elif w in ADVERBS or (w.endswith("ly") and len(w) > 4 and w not in ("only", "early")):
            pass
        elif w == "got" and nxt.endswith("ed"):
            pass  # "got promoted", "got married": a passive
        else:
            break
        pos = m.end()
    return flags, rest[pos:].lstrip(" ,")
