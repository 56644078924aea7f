"""Note heads and asides rewritten as the sentences they stand for, before clauses are cut.

People keep notes about themselves as keyed lines ("Allergies: nuts, latex", "Likes: hiking,
crosswords", "Brother: Kofi, lives in Accra", "Goal for this year: run a half marathon",
"About me: Ethan, 31, software developer") and write asides in brackets ("Judith (my
therapist) says...", "Home: Utrecht (since 2017)"). ``rewrite_heads`` turns a keyed line into
the first-person sentence it abbreviates ("My allergies are nuts, latex"), so the one
grammar of ``memory.tiers.clauses`` reads it; ``drop_asides`` turns a bracketed "my
<relation>" into an apposition and drops any other bracketed words (a number in brackets,
as in a phone's "(0)20", stays). A bare "Name: X", "Email: X" or "Phone: X" may head a card
about someone else: not read. Used by ``memory.tiers.clauses`` and
``memory.tiers.segments``.
"""

from __future__ import annotations

import re

from memory.tiers.phrases import PET, PET_PLURAL, REL, alt
from memory.tiers.predicates import RELATIONS
from memory.tiers.vocab import OCCUPATION_PHRASES, OCCUPATIONS

_HEAD = re.compile(
    r"^(?:(?P<said>(?i:full\s+name|name|birthday|bday|hometown|home\s+town))\s+is"
    r"|(?P<job>(?i:job|work|occupation))\s*:(?=\s+(?:an?\s+)?[a-z])"
    r"|(?P<keyed>(?i:allerg(?:y|ies)|diet|hobbies|hobby|interests|native\s+language|"
    r"first\s+language|home|hometown|favou?rite\s+[a-z]+(?:\s+[a-z]+)?))\s*:"
    r"|(?P<dob>(?i:dob|d\.o\.b\.?|date\s+of\s+birth))\s*:"
    r"|(?P<bday>(?i:birthday|b-?day))\s*:(?=\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Z][a-z]+"
    r"|[A-Z][a-z]+\s+\d{1,2}(?:st|nd|rd|th)?\b)[\s.,]*$)"
    r"|(?P<speaks>(?i:languages?(?:\s+spoken)?))\s*:"
    r"|(?P<meds>(?i:(?:current\s+)?(?:medications?|meds)))\s*:"
    r"|(?P<likes>(?i:likes|loves|things\s+I\s+(?:love|like|enjoy)))\s*:"
    r"|(?P<dislikes>(?i:dislikes|hates|things\s+I\s+(?:hate|dislike|can't\s+stand)))\s*:"
    r"|(?P<pets>(?i:pets?))\s*:(?=\s+(?:an?\s+|one\s+|two\s+|three\s+|four\s+|\d\s+)?[a-z])"
    r"|(?P<goal>(?i:goals?|resolutions?)(?:\s+(?i:for)\s+(?:(?i:this|next|the)\s+[a-z]+|"
    r"\d{4}))?)\s*:(?=\s+(?:to\s+)?[a-z]+\s)"
    r"|(?P<me>(?i:me|about\s+me|(?:quick\s+)?intro|me\s+in\s+a\s+nutshell|(?:a\s+)?bit\s+about"
    r"\s+me))\s*:(?!\s+(?i:I|I'm|my)\b)"
    rf"|(?P<rel>{REL})\s*:(?=\s+[A-Z][a-z])"
    r")\s+(?=\S)"
)
"""The keys of a note's line that stand for "my ...": "Allergies:", "Likes:", "Brother:"..."""
_FAV = re.compile(r"^(?i:fav|fave)\b")
_PROFILE_ITEM_SPLIT = re.compile(r"\s*,\s*")
_OCCUPATION_ITEM = re.compile(
    r"^(?:(?:senior|junior|lead|head|chief|freelance|retired|trainee)\s+)?(?:[a-z]+\s+)?"
    rf"(?:{alt(OCCUPATIONS)}|{alt(OCCUPATION_PHRASES)}|dev)s?$",
    re.I,
)


def _profile(items: str) -> str | None:
    """ "Ethan, 31, software developer." -> "I am Ethan, 31, a software developer." (an
    occupation in the list gets its article, so it reads as "I am a ..."); None unless it is
    a list of short items (a dialogue's "Me: I said no" is not a profile)."""
    parts = _PROFILE_ITEM_SPLIT.split(items.rstrip(" ."))
    if len(parts) == 1 and re.fullmatch(r"[1-9]\d", parts[0]):
        return f"I am {parts[0]}."  # "About me: 29" (an item of a list under "About me:")
    if len(parts) < 2 or any(len(p.split()) > 5 or p.split()[:1] == ["I"] for p in parts):
        return None
    out = []
    for part in parts:
        if _OCCUPATION_ITEM.match(part) and not re.match(r"(?i:an?|the)\s", part):
            part = ("an " if part[:1].lower() in "aeiou" else "a ") + part
        out.append(part)
    return "I am " + ", ".join(out) + "."


_INTRO = re.compile(r"^I\s+am\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?,\s+.+)$")
"""An introduction as a list: its bare occupation gets its article, as in "Me: ..."."""
_BORN_DATE = re.compile(
    r"\b((?i:born))\s+(?=\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2}\b|"
    r"(?:19|20)\d\d\b)"
)
"""'Born 14 February 1979 in Leeds': the date without its "on"."""


_NOT_BARE_JOB = frozenset(
    "dentist doctor gp vet physio optician hairdresser barber therapist plumber electrician "
    "mechanic builder cleaner nanny tutor lawyer solicitor accountant".split()
)
"""Occupations a diary names alone as an appointment or a visit ("Dentist.", "Plumber.")."""
_BARE_JOB = re.compile(r"^(?P<job>[A-Za-z][\w -]{1,40}?)(?:\s+(?i:by\s+day)(?:,.*)?)?[.!]*$")
_BEING = re.compile(
    r"^(?i:being)\s+(?i:an?)\s+(?P<job>[a-z][\w -]{1,40}?)\s+(?:is|has\s+been)\s+\w"
)
"""'Being a sous chef is brutal some weeks': the writer's occupation (not a wish or a
negation: ``_NOT_MINE``)."""
_NOT_MINE = re.compile(
    r"\b(?:not|never|n't|dream|goal|ambition|wish|hope|would|must|someday|one\s+day|I\s+imagine|"
    r"for\s+(?:you|him|her|them|my)|everyone|anyone|says|said|told|thinks)\b",
    re.I,
)
_AGE_JOB = re.compile(r"^(?P<age>[1-9]\d),\s+(?P<job>[A-Za-z][\w -]{1,40}?)(?=\s*(?:,|[.!]|$))")
"""A bio that opens with an age and an occupation: '35, teacher, ...'."""
_PET_PARENT = re.compile(
    rf"(?:^|(?<=,\s))(?:(?i:proud|crazy)\s+)?(?P<pet>{PET})\s+(?i:mum|mom|mam|dad|mama|papa|parent|"
    r"owner)\s+(?i:to|of)\s+(?=(?P<named>[A-Z])?)"
)
"""'Cat mum to Pixel', 'dog dad to a labrador called Bosun': the writer's pet."""
_LOVE_HATE = re.compile(
    r"^(?i:love|hate)\s+(?!(?i:you|u|it|this|that|the|your|him|her|them|and)\b)[^,]+,\s+"
    r"(?i:love|hate)\s+(?!(?i:you|u|it|this|that|the|your|him|her|them)\b)"
)
"""A bio's 'Love hiking, hate small talk' (both: a chat's 'Love a good fantasy' alone is left
to the chat, as are 'Love you', 'Love the photos')."""


def _fragment(text: str) -> str:
    """A bio's fragment as the writer's sentence: a bare occupation ("Nurse.", "Retired
    firefighter.", "Software engineer by day, DJ by night."), a pet's parent, "Love X"."""
    job = _BARE_JOB.match(text)
    if (
        job
        and _OCCUPATION_ITEM.match(job["job"])
        and job["job"].split()[-1].lower().rstrip("s") not in _NOT_BARE_JOB
    ):
        head = job["job"][0].lower() + job["job"][1:]
        article = "I am an " if head[:1] in "aeiou" else "I am a "
        return article + head + text[job.end("job") :]
    being = _BEING.match(text)
    if being and _OCCUPATION_ITEM.match(being["job"]) and not _NOT_MINE.search(text):
        occupation = str(being["job"])
        return f"I am {'an' if occupation[:1].lower() in 'aeiou' else 'a'} {occupation}."
    aged = _AGE_JOB.match(text)
    if aged and _OCCUPATION_ITEM.match(aged["job"]):
        occupation = aged["job"][0].lower() + aged["job"][1:]
        article = "an" if occupation[:1] in "aeiou" else "a"
        text = f"I am {aged['age']}, {article} {occupation}{text[aged.end() :]}"
    if _PET_PARENT.search(text):
        text = _PET_PARENT.sub(
            lambda m: f"I have a {m['pet'].lower()} called " if m["named"] else "I have ", text
        )
    if _LOVE_HATE.match(text):
        text = "I " + text[0].lower() + text[1:]
    return text


def rewrite_heads(text: str) -> str:
    """A note's keyed line as the sentence it stands for (see the module docstring)."""
    text = _fragment(_BORN_DATE.sub(r"\1 on ", _FAV.sub("Favourite", text)))
    if text[:9].lower() == "favourite" and re.match(r"(?i:favou?rite)\s+[a-z]+\s+is\s", text):
        text = "My f" + text[1:]  # "fav film is Paddington 2" -> "My favourite film is ..."
    m = _HEAD.match(text)
    if m is None:
        intro = _INTRO.match(text)  # "I am Freya, 31, vet, based in Norwich": as "Me:"
        return (_profile(intro.group(1)) or text) if intro else text
    rest = text[m.end() :]
    group = next(k for k, v in m.groupdict().items() if v is not None)
    if group == "job":  # "Work: data scientist at Booking.com"
        return f"I am {rest}" if re.match(r"an?\s", rest) else f"I am a {rest}"
    if group in ("dob", "bday"):  # "Birthday: 9 May" (a date alone, not "Birthday: Mum's party")
        return f"My birthday is {rest}"
    if group == "meds":  # "Current medication: sertraline for anxiety"
        return f"I am on {rest}"
    if group == "speaks":
        return f"I speak {rest}"
    if group in ("likes", "dislikes"):
        return f"I {'like' if group == 'likes' else 'dislike'} {rest}"
    if group == "pets":
        return f"I have {rest}"
    if group == "me":
        return _profile(rest) or text
    if group == "goal":
        head = " ".join(m.group("goal").lower().split())
        head = re.sub(r"^(goal|resolution)s\b", r"\1", head)
        return f"My {head} is {rest if rest.lower().startswith('to ') else 'to ' + rest}"
    if group == "rel":  # "Brother: Kofi, lives in Accra" -> "My brother Kofi, lives in Accra"
        role = " ".join(m.group("rel").lower().split())
        return f"My {role} {rest}" if role in RELATIONS else text
    head = " ".join((m.group("said") or m.group("keyed")).lower().split())
    verb = "are" if head.endswith(("ies", "bies", "ests")) else "is"
    return f"My {head} {verb} {rest}"


_HEADING = re.compile(r"^[ \t]*(?P<key>[A-Za-z][\w' ]{1,40}?)[ \t]*:[ \t]*$")
_BULLET = re.compile(r"^[ \t]*(?:[-*•]+|\d+[.)])[ \t]+(?=\S)")


def distribute_heads(text: str) -> str:
    """A key on a line of its own, over a bulleted list, given to each item it stands for:
    "Goals for this year:\n1. read 25 books" -> "Goals for this year: read 25 books" (only
    where the keyed item is rewritten by ``rewrite_heads``; other lists are left as they are)."""
    if ":" not in text or "\n" not in text:
        return text
    out: list[str] = []
    key = None
    for line in text.split("\n"):
        heading = _HEADING.match(line)
        bullet = _BULLET.match(line)
        if heading:
            key = heading.group("key")
        elif key and bullet:
            keyed = f"{key}: {line[bullet.end() :]}"
            if rewrite_heads(keyed) != keyed:
                line = keyed
        elif line.strip():
            key = None
        out.append(line)
    return "\n".join(out)


_ASIDE = re.compile(r"\s*\((?P<in>[^()]*)\)")
_AGE_ASIDE = re.compile(r"^\d{1,2}\s*(?:(?i:yrs?|years?|y/?o|mo(?:nths?)?))?$")
_NAME_BEFORE = re.compile(r"\b[A-Z][a-z'’-]+$")
_KIN_OR_PET = re.compile(
    rf"\b(?:{REL}|{PET}|{PET_PLURAL}|kids|children|sons|daughters|boys|girls)\b", re.I
)
_MY_REL_ASIDE = re.compile(rf"^(?i:my|our)\s+(?:[a-z]+\s+)?{REL}$")


def drop_asides(text: str) -> str:
    """ "Judith (my therapist) says" -> "Judith, my therapist, says"; "Utrecht (since 2017)"
    -> "Utrecht"; "+44 (0)20 7946 0000" is left whole."""
    if "(" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        inner = m.group("in").strip()
        if (
            _AGE_ASIDE.match(inner)
            and _NAME_BEFORE.search(m.string, 0, m.start())
            and _KIN_OR_PET.search(m.string)
        ):
            return ""  # "Leo (7) and Mia (4)": the ages are read by memory.tiers.bracket_ages
        if not re.search(r"[A-Za-z]", inner):
            return m.group(0)
        if _MY_REL_ASIDE.match(inner):
            return f", {inner},"
        return ""

    return _ASIDE.sub(one, text)
