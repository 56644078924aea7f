"""Deterministic fact extraction: records in, candidate facts out (no database, no model).

``extract_facts`` reads a record sentence by sentence with the patterns of
``memory.tiers.rules``, resolves who the facts are about (the user for their own notes and
messages, the speaker in a chat with named people, a named third person), cleans and checks
each object, and reads time expressions relative to the record's own time. Candidates then go
to ``memory.tiers.reconcile``. ``extract_contact`` reads vCard contact records.

Called by ``memory.tiers.consolidate``; pure functions, so they are fast to test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from memory.clock import iso, parse_iso
from memory.records import StoredRecord
from memory.text import NOT_A_TITLE, fold, stem, tokens
from memory.tiers.predicates import RELATIONS, fact_sentence
from memory.tiers.rules import RULES, Rule, needed_vocabulary, rule_needs
from memory.tiers.timex import CalendarDate, find_time, parse_calendar_date
from memory.tiers.vocab import (
    ACTIVITY_VERBS,
    LANGUAGES,
    NOT_NAMES,
    OBJECT_REJECT_FIRST,
    OBJECT_REJECT_PREFIX,
    OCCUPATION_PHRASES,
    OCCUPATIONS,
    TRAILING_FILLER,
)

ASSISTANT_NAMES = frozenset({"mneme", "assistant", "chatgpt", "claude", "gpt", "bot"})


@dataclass(frozen=True)
class Speaker:
    """Who a record's first person is."""

    name: str
    is_self: bool


@dataclass(frozen=True)
class ExtractedFact:
    """A candidate fact read from one record, before reconciliation.

    Attributes:
        subject: the subject's name ("me" style names for the user are not used: see
            ``subject_is_self``).
        subject_is_self: the fact is about the user.
        predicate / object / object_key: the statement; ``object_key`` is the normalised
            object used to compare facts.
        qualifier: extra wording (the pet's species: "a puppy").
        object_kind: ``person`` or ``pet`` when the object is itself an entity.
        text: the readable sentence.
        change / negate / past: see ``memory.tiers.rules.Rule``.
        valid_from / valid_to: explicit times stated in the text (ISO), else None.
        observed_at: the record's time (ISO).
        quote: the sentence the fact was read from.
    """

    subject: str
    subject_is_self: bool
    predicate: str
    object: str
    object_key: str
    text: str
    record_id: int
    quote: str
    confidence: float = 0.8
    qualifier: str | None = None
    object_kind: str | None = None
    change: bool = False
    negate: bool = False
    past: bool = False
    valid_from: str | None = None
    valid_to: str | None = None
    observed_at: str | None = None
    extractor: str = "deterministic"


RelationResolver = Callable[[Speaker, str], "str | None"]
"""(speaker, canonical role) -> the one person with that role for the speaker, or None."""

_HYPOTHETICAL = re.compile(
    r"\b(?:if|wish|would|could|should|might|maybe|perhaps|whether|imagine|pretend|unless|"
    r"as if|suppose|supposing|dreamt|dreamed|when i was (?:a|little|young)|pretending|"
    r"said|says|told me|thinks|asked)\b|\?"
)
_HEDGE = re.compile(r"\b(?:i think|probably|i guess|kind of|sort of|i believe|apparently)\b")
_CHANGE_CUE = re.compile(
    r"\b(?:now|new|newly|anymore|any more|no longer|these days|nowadays|recently|since|"
    r"switched|changed)\b",
    re.I,
)
_QUESTION_START = re.compile(
    r"^(?:do|does|did|have|has|are|is|was|were|where|what|how|when|who|why|which|can|could|"
    r"would|will|should)\b",
    re.I,
)
_SENT_SPLIT = re.compile(rf"(?<=[.!?]){NOT_A_TITLE}[\"')\]]*\s+|\n+", re.IGNORECASE)
_CLAUSE_CUT = re.compile(
    r"\s*(?:[,;:()\"“”]|\s-\s|\s—\s|\s–\s|\b(?:and|but|because|so|since|when|while|which|who|"
    r"though|although|or|whenever|until|unless|cause|cuz|as well as)\b\s+(?=(?:i|we|it|she|he|"
    r"they|you|my|that|this|there|the|a|an|is|was|do|have|also|not|really)\b)|\b(?:because|"
    r"but|though|although|whenever|unless|especially)\b).*$",
    re.I,
)
_TRAILING = re.compile(
    r"(?:\s+(?:"
    + "|".join(re.escape(w) for w in sorted(TRAILING_FILLER, key=len, reverse=True))
    + r"))+\s*$",
    re.I,
)
_TIME_TAIL = re.compile(
    r"\s+(?:(?:last|this|next|every|each)\s+\w+|in\s+(?:19|20)\d{2}|yesterday|today|tonight|"
    r"tomorrow|(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|"
    r"a\s+few|a\s+couple\s+of|\d+)\s+\w+\s+ago|in\s+the\s+(?:morning|evening|afternoon|"
    r"night|summer|winter|spring|fall|autumn|past|meantime)|(?:in|over|during)\s+the\s+"
    r"(?:past|last)\s+(?:few\s+|couple\s+of\s+)?(?:day|week|month|year)s?)$",
    re.I,
)
_VAGUE = frozenset("it them this that these those him her one ones stuff things".split())
_HOBBIES = frozenset(
    """
    running swimming painting cycling hiking climbing surfing dancing drawing knitting cooking
    baking gardening meditating journaling skating skiing snowboarding camping fishing singing
    sculpting volunteering biking jogging boxing rowing sewing crocheting reading writing
    sketching woodworking kayaking sailing gaming yoga pottery photography birdwatching
    """.split()
)
_SELF_SWAP = {
    "my": "your",
    "me": "you",
    "myself": "yourself",
    "our": "your",
    "us": "you",
    "mine": "yours",
    "ours": "yours",
    "we": "you",
    "i": "you",
}
_OTHER_SWAP = {
    "my": "their",
    "me": "them",
    "myself": "themselves",
    "our": "their",
    "us": "them",
    "mine": "theirs",
    "ours": "theirs",
    "we": "they",
    "i": "they",
}
_WORD = re.compile(r"[A-Za-z']+")
_PLAN_REJECT_FIRST = frozenset(
    """
    say thank thanks know see hear ask tell let check share talk make show help hang catch
    give chat be have hear get keep remind send wish congratulate add mention point
    """.split()
)
_FAVORITE_REJECT = frozenset({"part", "moment", "memory", "way", "time", "one", "thing", "bit"})
_ORG_REJECT_HEAD = frozenset(
    "moment time weekend night day morning evening home living while bit lot minute hour "
    "moments times way same".split()
)
_INJURY = {
    "broke": "a broken",
    "fractured": "a fractured",
    "sprained": "a sprained",
    "injured": "an injured",
    "tore": "a torn",
    "dislocated": "a dislocated",
}
_JOB_PAST = re.compile(r"\b(?:former|retired|ex)\b", re.I)


def object_key(obj: str) -> str:
    """The normalised object used to tell "the same fact" apart: folded, stemmed words."""
    words = [stem(t) for t in tokens(obj) if t not in ("the", "a", "an")]
    return " ".join(words) or fold(obj).strip()


def sentences(text: str) -> list[str]:
    """The record's sentences, bullets stripped, curly apostrophes made straight."""
    text = text.replace("’", "'").replace("‘", "'")
    out = []
    for part in _SENT_SPLIT.split(text):
        part = re.sub(r"^\s*(?:[-*•>]+|\d+[.)])\s+", "", part).strip()
        if len(part) >= 6:
            out.append(part)
    return out


def record_speaker(rec: StoredRecord, is_self_name: Callable[[str], bool]) -> Speaker | None:
    """Who "I" is in ``rec``: the user, a named speaker, or None (no first person to read).

    The user: their own notes; a message whose speaker is "me" or one of their self names;
    a record marked ``self: true`` or ``role: user``. Assistant turns and unattributed
    messages have no first person Mneme may read as a fact.
    """
    meta = rec.metadata or {}
    role = str(meta.get("role") or "").lower()
    if role in ("assistant", "system", "tool"):
        return None
    speaker = (rec.speaker or "").strip()
    speaker = re.sub(r"\s*<[^>]*>\s*$", "", speaker).strip().strip('"')
    if speaker and fold(speaker) in ASSISTANT_NAMES and rec.kind == "chat_turn":
        return None
    if meta.get("self") is True or role == "user":
        return Speaker(speaker or "me", True)
    if speaker:
        return Speaker(speaker, is_self_name(speaker))
    if rec.kind == "note_chunk":
        return Speaker("me", True)
    return None


def _swap_pronouns(text: str, is_self: bool) -> str:
    table = _SELF_SWAP if is_self else _OTHER_SWAP

    def sub(m: re.Match[str]) -> str:
        word = m.group(0)
        return table.get(word.lower(), word)

    return _WORD.sub(sub, text)


def _clean_phrase(raw: str, max_words: int, *, keep_time: bool = False) -> str | None:
    """The object phrase cut to its clause, or None when it is vague or cut mid-phrase."""
    raw = raw.strip()
    text = _CLAUSE_CUT.sub("", raw)
    cut_at_comma = len(text) < len(raw) and raw[len(text) :].lstrip().startswith(",")
    if len(text) < len(raw) and raw[len(text) :].lstrip()[:1] in '"“”(':
        return None  # a quoted title or an aside was the point: do not keep half of it
    for _ in range(3):
        text = _TRAILING.sub("", text).strip()
        if not keep_time:
            text = _TIME_TAIL.sub("", text).strip()
    text = text.strip(" .,!;:'\"-")
    words = text.split()
    if not words or len(words) > max_words:
        return None
    first = words[0].lower().strip("'\"")
    if first in OBJECT_REJECT_FIRST or (first in ("to", "the", "a", "an") and len(words) == 1):
        return None
    lowered = {w.lower().strip(",.") for w in words}
    if lowered & {"you", "your", "yours", "you're", "ya", "u", "i", "i'm", "i've", "i'd", "im"}:
        return None
    if text.lower().startswith(OBJECT_REJECT_PREFIX):
        return None
    if words[-1].lower() in ("a", "an", "the", "and", "of", "to", "my", "our", "with", "for"):
        return None
    if lowered & _VAGUE:
        return None  # "holding them": means nothing out of its conversation
    if cut_at_comma and len(words) >= 2 and words[-2].lower() in ("a", "an", "the"):
        return None  # "a safe, inviting place" cut to "a safe"
    return text


def _clean_name(raw: str) -> str | None:
    name = re.sub(r"'s$", "", raw.strip(" ,.")).strip(" '")
    parts = name.split()
    if not parts or any(p.lower().strip("'") in NOT_NAMES for p in parts):
        # "Rita And" -> keep the first word when it is a name.
        if parts and parts[0].lower() not in NOT_NAMES:
            return parts[0]
        return None
    return name


def _clean_place(raw: str) -> str | None:
    place = raw.strip(" ,.'")
    place = re.sub(r"(?:\s+(?:de|da|do|di|del|la|le|van|von|der|of|and|&|on|am|im))+$", "", place)
    words = place.split()
    if not words or len(words) > 5:
        return None
    core = [w for w in words if w.lower() != "the"]
    if not core or any(w.lower().strip(",.'") in NOT_NAMES for w in core):
        return None
    return place


def _clean_org(raw: str) -> tuple[str, float] | None:
    org = raw.strip(" ,.'")
    words = org.split()
    if not words or len(words) > 5:
        return None
    if words[0].lower() in ("a", "an", "the") and len(words) > 1 and words[1][:1].islower():
        if words[-1].lower() in _ORG_REJECT_HEAD:
            return None
        return org, -0.2
    if any(w.lower() in NOT_NAMES for w in words if w.lower() not in ("the", "of", "and", "&")):
        return None
    return org, 0.0


def _occupation(raw: str) -> tuple[str, bool] | None:
    """The longest leading run of words ending in an occupation ("software engineer")."""
    words = [w.lower().strip("-") for w in raw.split()]
    past = bool(_JOB_PAST.search(raw))
    words = [
        w
        for w in words
        if w
        not in (
            "former",
            "retired",
            "ex",
            "proud",
            "happy",
            "full-time",
            "part-time",
            "freelance",
            "new",
        )
    ] or words
    text = " ".join(words)
    for phrase in OCCUPATION_PHRASES:
        if text.startswith(phrase):
            return phrase, past
    best = None
    for i, w in enumerate(words[:3]):
        if w in OCCUPATIONS or (w.endswith("s") and w[:-1] in OCCUPATIONS and False):
            best = " ".join(words[: i + 1])
    return (best, past) if best else None


def _occupation_any(raw: str) -> str | None:
    text = re.split(
        r"\b(?:at|for|in|with|and|but|since|because|so|who|where|which|from)\b|[,.;!]",
        raw,
        maxsplit=1,
    )[0]
    text = re.sub(r"^(?:an?|the)\s+", "", text.strip(), flags=re.I).strip()
    words = text.split()
    if not words or len(words) > 4 or words[0].lower() in OBJECT_REJECT_FIRST:
        return None
    return text


def _article(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun.lower()


@dataclass(frozen=True)
class _Ctx:
    rec: StoredRecord
    speaker: Speaker | None
    resolver: RelationResolver | None
    base: datetime | None
    observed: str | None


def _subject(rule: Rule, m: re.Match[str], ctx: _Ctx) -> Speaker | None:
    if not rule.third:
        return ctx.speaker
    g = m.groupdict()
    if g.get("sname"):
        name = _clean_name(g["sname"])
        return Speaker(name, False) if name else None
    if g.get("srel"):
        if ctx.speaker is None or ctx.resolver is None:
            return None
        role = RELATIONS.get(g["srel"].lower(), (g["srel"].lower(), False))[0]
        name = ctx.resolver(ctx.speaker, role)
        return Speaker(name, False) if name else None
    raw = g.get("sn") or ""
    name = _clean_name(raw)
    if not name or name != raw.strip():
        return None
    if ctx.speaker is not None and name == ctx.speaker.name:
        return ctx.speaker
    return Speaker(name, False)


def _objects(
    rule: Rule, m: re.Match[str], subject: Speaker, sent: str
) -> list[tuple[str, str, str | None, str | None, float, bool]]:
    """(object, key, qualifier, object_kind, confidence delta, past) for the rule's match."""
    g = m.groupdict()
    raw = (g.get("o") or "").strip()
    kind = rule.kind
    q = g.get("q")
    if kind == "place":
        place = _clean_place(raw)
        return [(place, object_key(place), None, None, 0.0, False)] if place else []
    if kind == "move_plan":
        place = _clean_place(raw)
        return (
            [(f"move to {place}", object_key(f"move to {place}"), None, None, 0.0, False)]
            if place
            else []
        )
    if kind == "org":
        got = _clean_org(raw)
        return [(got[0], object_key(got[0]), None, None, got[1], False)] if got else []
    if kind in ("person", "pet"):
        name = _clean_name(raw)
        if not name or (subject.is_self and name.lower() == subject.name.lower()):
            return []
        qual = _article(q) if (kind == "pet" and q) else None
        return [(name, object_key(name), qual, kind, 0.0, False)]
    if kind == "date":
        when = parse_calendar_date(raw)
        return [(when.display, when.key, None, None, 0.0, False)] if when else []
    if kind == "number":
        n = int(raw) if raw.isdigit() else 0
        return [(str(n), str(n), None, None, 0.0, False)] if 1 <= n <= 120 else []
    if kind in ("diet", "condition", "playable"):
        value = re.sub(r"\s+", " ", raw.lower())
        return [(value, object_key(value), None, None, 0.0, False)]
    if kind == "injury":
        part = raw.lower()
        if part in ("heart", "promise", "record", "news", "bank", "silence", "glasses", "phone"):
            return []
        value = f"{_INJURY.get((q or '').lower(), 'an injured')} {part}"
        return [(value, object_key(value), None, None, 0.0, False)]
    if kind == "org_of_occupation":
        got = _clean_org(raw) if _occupation(q or "") else None
        return [(got[0], object_key(got[0]), None, None, got[1], False)] if got else []
    if kind == "occupation":
        got_occ = _occupation(raw)
        if not got_occ:
            return []
        return [(got_occ[0], object_key(got_occ[0]), None, None, 0.0, got_occ[1])]
    if kind == "occupation_any":
        occ = _occupation_any(raw)
        return [(occ, object_key(occ), None, None, 0.0, False)] if occ else []
    if kind == "email":
        return [(raw, raw.lower(), None, None, 0.0, False)]
    if kind == "phone":
        digits = re.sub(r"\D", "", raw)
        return [(raw.strip(), digits, None, None, 0.0, False)] if 7 <= len(digits) <= 15 else []
    if kind == "languages":
        langs = [w for w in re.split(r",\s*|\s+and\s+", raw) if w.lower() in LANGUAGES]
        return [(lang, lang.lower(), None, None, 0.0, False) for lang in langs]
    if kind == "self_name":
        name = _clean_name(raw)
        return [(name, object_key(name), None, None, 0.0, False)] if name else []
    if kind in ("phrase", "thing", "phrase_short"):
        limit = {"phrase": 6, "thing": 6, "phrase_short": 4}[kind]
        phrase = _clean_phrase(raw, limit)
        if not phrase:
            return []
        phrase = _swap_pronouns(phrase, subject.is_self)
        return [(phrase, object_key(phrase), None, None, 0.0, False)]
    if kind in ("activity", "activity_start"):
        phrase = _clean_phrase(raw, 8)
        if phrase:
            phrase = re.sub(r"\s+for\s+(?:[\w-]+\s+){0,3}(?:day|week|month|year)s?$", "", phrase)
            phrase = re.sub(r"\s+(?:hard|so\s+hard|a\s+lot|lately|recently|again)$", "", phrase)
        words = phrase.split() if phrase else []
        if not words or words[-1].lower() in ("on", "at", "in", "with", "to", "for"):
            return []
        if len(words) == 1 and words[0].lower() not in _HOBBIES:
            return []  # "struggling", "playing": nothing to know without the conversation
        phrase = _swap_pronouns(" ".join(words), subject.is_self)
        return [(phrase, object_key(phrase), None, None, 0.0, False)]
    if kind in ("routine", "routine_every", "plan", "want"):
        phrase = _clean_phrase(raw, 10, keep_time=kind == "routine")
        if not phrase:
            return []
        first = phrase.split()[0].lower()
        if kind == "routine" and not any(
            phrase.lower().startswith(v + " ") or phrase.lower() == v for v in ACTIVITY_VERBS
        ):
            return []
        if kind in ("plan", "want") and first in _PLAN_REJECT_FIRST:
            return []
        if kind == "want" and len(phrase.split()) < 2:
            return []
        if kind == "routine_every":
            phrase = f"{phrase} every {(q or '').lower()}"
        phrase = _swap_pronouns(phrase, subject.is_self)
        return [(phrase, object_key(phrase), None, None, 0.0, False)]
    return []


def _predicate(rule: Rule, m: re.Match[str]) -> str | None:
    q = (m.groupdict().get("q") or "").lower().strip()
    if rule.predicate == "has_{q}":
        role = RELATIONS.get(re.sub(r"\s+", " ", q))
        return f"has_{role[0].replace(' ', '_')}" if role else None
    if rule.kind == "org_of_occupation":
        return rule.predicate
    if rule.predicate == "favorite_{q}":
        if not q or q.split()[-1] in _FAVORITE_REJECT:
            return None
        return "favorite_" + re.sub(r"\s+", "_", q)
    return rule.predicate


def _times(
    rule: Rule, m: re.Match[str], sent: str, ctx: _Ctx, change: bool
) -> tuple[str | None, str | None]:
    if ctx.base is None or rule.kind in ("date", "number"):
        return None, None
    window = sent[max(0, m.start() - 30) : m.end() + 40]
    span = find_time(window, ctx.base)
    if span is None:
        return None, None
    if rule.past or rule.negate:
        if span.relation in ("until", "till", "before", "by"):
            return None, iso(span.start)
        if span.relation in ("since", "from", "after"):
            return iso(span.start), None
        return (None, iso(span.end)) if rule.past else (None, iso(span.start))
    if span.relation in ("since", "from") or (span.relation == "at" and change):
        return iso(span.start), None
    if span.relation in ("until", "till", "before", "by"):
        return None, iso(span.start)
    return None, None


_CASE_TRAPS = frozenset("\u0130\u0131\u017f\u212a")
"""The letters Python's case-insensitive matching equates with ASCII ones (İ ı ſ K): where
they occur, a lower-cased sentence may lack a word a pattern still matches."""


def _facts_from_sentence(sent: str, ctx: _Ctx) -> Iterable[ExtractedFact]:
    if _QUESTION_START.match(sent) or sent.rstrip().endswith("?"):
        return
    lowered = sent.lower()
    hedge = 0.2 if _HEDGE.search(lowered) else 0.0
    cue = bool(_CHANGE_CUE.search(sent))
    # Skip the rules whose words the sentence lacks (``rule_needs``), when lower-casing maps
    # the sentence letter for letter as the patterns' case-insensitive parts compare it.
    present = (
        {w for w in needed_vocabulary() if w in lowered}
        if len(lowered) == len(sent) and _CASE_TRAPS.isdisjoint(sent)
        else None
    )
    for rule, needs in zip(RULES, rule_needs(), strict=True):
        if not rule.third and ctx.speaker is None:
            continue
        if present is not None and needs is not None and needs.isdisjoint(present):
            continue
        for m in rule.pattern.finditer(sent):
            if _HYPOTHETICAL.search(lowered[max(0, m.start() - 40) : m.start()]):
                continue
            subject = _subject(rule, m, ctx)
            predicate = _predicate(rule, m)
            if subject is None or predicate is None:
                continue
            change = (rule.change or cue) and not rule.past
            valid_from, valid_to = _times(rule, m, sent, ctx, change)
            for obj, key, qual, okind, delta, past in _objects(rule, m, subject, sent):
                is_past = rule.past or past
                text = fact_sentence(
                    predicate,
                    "You" if subject.is_self else subject.name,
                    obj,
                    is_self=subject.is_self,
                    qualifier=qual,
                    past=is_past,
                )
                yield ExtractedFact(
                    subject=subject.name,
                    subject_is_self=subject.is_self,
                    predicate=predicate,
                    object=obj,
                    object_key=key,
                    text=text,
                    record_id=ctx.rec.id,
                    quote=sent,
                    confidence=round(max(0.1, rule.confidence + delta - hedge), 3),
                    qualifier=qual,
                    object_kind=okind,
                    change=change and not rule.negate,
                    negate=rule.negate,
                    past=is_past,
                    valid_from=valid_from,
                    valid_to=valid_to,
                    observed_at=ctx.observed,
                )
            former = m.groupdict().get("p")
            if former and predicate == "lives_in":
                place = _clean_place(former)
                if place:
                    yield ExtractedFact(
                        subject=subject.name,
                        subject_is_self=subject.is_self,
                        predicate=predicate,
                        object=place,
                        object_key=object_key(place),
                        text=fact_sentence(
                            predicate,
                            "You" if subject.is_self else subject.name,
                            place,
                            is_self=subject.is_self,
                            past=True,
                        ),
                        record_id=ctx.rec.id,
                        quote=sent,
                        confidence=round(rule.confidence - hedge, 3),
                        past=True,
                        valid_to=valid_from or ctx.observed,
                        observed_at=ctx.observed,
                    )


def extract_facts(
    rec: StoredRecord,
    speaker: Speaker | None,
    *,
    resolver: RelationResolver | None = None,
) -> list[ExtractedFact]:
    """Candidate facts stated in ``rec`` (deduplicated; highest confidence kept).

    Args:
        rec: the record.
        speaker: who "I" is in it (``record_speaker``); None reads only third persons.
        resolver: finds the person behind "my sister" for third-person statements.
    """
    when = parse_iso(rec.event_time) or parse_iso(rec.created_at)
    ctx = _Ctx(rec, speaker, resolver, when, iso(when) if when else None)
    best: dict[tuple[str, str, str, bool, bool], ExtractedFact] = {}
    for sent in sentences(rec.text):
        for fact in _facts_from_sentence(sent, ctx):
            key = (fold(fact.subject), fact.predicate, fact.object_key, fact.negate, fact.past)
            old = best.get(key)
            if old is None or fact.confidence > old.confidence:
                best[key] = fact
    return list(best.values())


def extract_contact(rec: StoredRecord) -> list[ExtractedFact]:
    """Facts of a vCard contact record: emails, phones, birthday and organisation."""
    meta = rec.metadata or {}
    name = str(meta.get("name") or "").strip()
    if not name:
        return []
    when = parse_iso(rec.event_time) or parse_iso(rec.created_at)
    observed = iso(when) if when else None
    out: list[ExtractedFact] = []

    def add(predicate: str, obj: str, key: str) -> None:
        out.append(
            ExtractedFact(
                subject=name,
                subject_is_self=False,
                predicate=predicate,
                object=obj,
                object_key=key,
                text=fact_sentence(predicate, name, obj, is_self=False),
                record_id=rec.id,
                quote=rec.text[:300],
                confidence=0.95,
                observed_at=observed,
            )
        )

    for email in _as_list(meta.get("emails") or meta.get("email")):
        add("email", email, email.lower())
    for phone in _as_list(meta.get("phones") or meta.get("phone") or meta.get("tel")):
        digits = re.sub(r"\D", "", phone)
        if len(digits) >= 5:
            add("phone", phone, digits)
    bday = str(meta.get("birthday") or meta.get("bday") or "").strip()
    if bday:
        no_year = re.match(r"^--(\d{2})-?(\d{2})$", bday)
        parsed = (
            parse_calendar_date(f"2000-{no_year.group(1)}-{no_year.group(2)}")
            if no_year
            else parse_calendar_date(bday[:10]) or parse_calendar_date(bday)
        )
        if parsed:
            if no_year:
                parsed = CalendarDate(parsed.month, parsed.day, None)
            add("birthday", parsed.display, parsed.key)
    org = meta.get("org") or meta.get("organization")
    if isinstance(org, list):
        org = org[0] if org else None
    if org and str(org).strip():
        add("works_at", str(org).strip(), object_key(str(org)))
    title = meta.get("title")
    if isinstance(title, str) and title.strip() and len(title.split()) <= 6:
        add("job_title", title.strip(), object_key(title))
    return out


def _as_list(value: object) -> list[str]:
    """Strings of a metadata field: a list, a comma-separated string, or vCard-style
    ``{"value": ..., "types": [...]}`` items."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else str(value).split(",")
    out = []
    for item in items:
        text = item.get("value") if isinstance(item, dict) else item
        if text is not None and str(text).strip():
            out.append(str(text).strip())
    return out


def with_text(fact: ExtractedFact, subject_display: str) -> ExtractedFact:
    """``fact`` with its sentence re-worded for another subject display name."""
    return replace(
        fact,
        text=fact_sentence(
            fact.predicate,
            subject_display,
            fact.object,
            is_self=fact.subject_is_self,
            qualifier=fact.qualifier,
            past=fact.past,
        ),
    )
