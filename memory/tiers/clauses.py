"""Clauses: a sentence cut into the statements it makes, each with its subject and mood.

"I am vegetarian and allergic to peanuts" makes two statements about the speaker; "My
brother Tomás lives in Valencia and works as a chef" two about Tomás; "Just moved to
Lisbon" one about the speaker with the "I" dropped; "I wish I lived by the sea" none.
``clauses(sentence, heads)`` returns ``Clause`` items: the subject (the speaker, a named
person or pet, a relation, a possessive such as "my name", or someone Mneme cannot name),
the auxiliaries read as flags (negated, modal, used to, perfect, habitual...) and ``rest``,
the predicate the frames of ``memory.tiers.frames`` are matched against from its start.

The grammar, in short: a sentence is segments joined by coordinators, commas, subordinators
and relative pronouns. A segment with its own subject starts a clause; one that starts with
a verb (or, after "I am ...", with a complement such as "allergic") shares the subject of the
clause before it; a relative clause ("who lives in Taipei") takes its antecedent as subject;
anything else continues the object of the clause before ("cats and dust mites"). Fronted
adverbials ("Since March", "Every Sunday", "Honestly,") are read before the subject; a
report, belief, wish or condition there ("She said", "If", "I wish") makes the clause
unsure. Used by ``memory.tiers.extract``.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from memory.text import fold
from memory.tiers.lexicon import (
    ADVERBS,
    BE,
    BE_PAST,
    CONDITIONALS,
    DISCOURSE,
    DO,
    FRONT_PREPOSITIONS,
    FUTURE,
    GREETINGS,
    HABITUAL,
    HAVE,
    HEDGE_PHRASES,
    HEDGES,
    MODALS,
    PARTICIPLES,
    PRONOUN_SUBJECTS,
    RELATIVES,
    REPORTING,
    STORY,
    SUBORDINATORS,
    TIME_WORDS,
)
from memory.tiers.phrases import NAME_WORD, PET, PET_ADJ, REL, REL_ADJ, TITLE, UP, name


@dataclass(frozen=True)
class Subject:
    """Who a clause is about.

    ``kind``: ``speaker`` (I, we), ``name`` (a named person or thing), ``relation`` ("my
    sister", maybe with ``name``), ``pet`` ("our greyhound Pepper"), ``possessive`` ("my
    name", ``role`` is the head noun), ``naming`` ("my sister's name", "her name"), ``other``
    (a pronoun or a noun phrase Mneme cannot name), ``none`` (no subject written: the
    speaker's, in an elliptical "Moved to Lisbon") or ``fragment`` (no subject and no verb
    Mneme reads).
    """

    kind: str
    name: str | None = None
    role: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Clause:
    """One statement of a sentence (see the module docstring)."""

    subject: Subject
    rest: str
    text: str
    be: bool = False
    be_past: bool = False
    perfect: bool = False
    past_aux: bool = False
    negated: bool = False
    ended: bool = False
    modal: bool = False
    future: bool = False
    used_to: bool = False
    habitual: bool = False
    hedged: bool = False
    childhood: bool = False
    greeting: bool = False
    frequency: str = ""
    inherited: bool = False

    @property
    def unsure(self) -> bool:
        """A wish, a condition, a report or a guess: nothing it says is a fact."""
        return self.hedged or self.modal


# -- normalising -----------------------------------------------------------------------------
_CONTRACTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.I), r)
    for p, r in (
        (r"\bi'm\b", "I am"),
        (r"\bim\b(?=\s+[a-z])", "I am"),
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
        (r"\bcan(?:'t|not)\b", "can not"),
        (r"\bwon't\b", "will not"),
        (r"\bain't\b", "am not"),
        (r"\b(do|does|did|is|are|was|were|have|has|had|would|could|should|must)n't\b", r"\1 not"),
        (r"\bwanna\b", "want to"),
        (r"\bgonna\b", "going to"),
        (r"\bany more\b", "anymore"),
    )
)
_LOWER_I = re.compile(r"(?<![\w'])i(?![\w'])")
_NOUNS = rf"(?:{REL}|{PET})"
_APPOSED = (
    # "my wife, Clara, is" -> "my wife Clara is"; "a sister, Mei, who" -> "a sister Mei, who"
    (
        re.compile(
            rf"\b((?i:my|our|a|an|two|three|four|one)\s+(?:(?:{REL_ADJ}|{PET_ADJ})\s+)*{_NOUNS}s?),"
            rf"\s+({name('n')})(,\s+(?=[a-z])(?!(?:and|but|who|which|so|or)\b))?"
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
)


def normalise(sentence: str) -> str:
    """Straight quotes, contractions spelled out ("I'm" -> "I am"), "i" -> "I", and names
    in apposition joined to their noun ("my wife, Clara," -> "my wife Clara")."""
    text = sentence.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    for pattern, repl in _CONTRACTIONS:
        text = pattern.sub(repl, text)
    text = _LOWER_I.sub("I", text)
    for pattern, repl in _APPOSED:
        text = pattern.sub(repl, text)
    return re.sub(r"\s+", " ", text).strip()


# -- segments -------------------------------------------------------------------------------
_BOUNDARY = re.compile(
    r"\s*(?:;|\s[-–—]\s|:\s)\s*"
    r"|,?\s+\b(?P<coord>and\s+then|and\s+also|but\s+also|and|but|yet|plus|or|nor|so)\b\s+"
    r"|,?\s+\b(?P<sub>because|since|as|while|whereas|although|though|until|till|when|whenever"
    r"|if|unless|whether|who|which|whom|whose|where|that)\b\s+"
    r"|,\s*(?=\S)",
    re.I,
)
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
        if word == "that" and not _relative_that(text[: m.start()], after):
            continue
        if word in ("or", "nor") and not _SUBJECT_NEXT.match(after):
            continue
        out.append((boundary, text[pos : m.start()]))
        boundary = word or m.group(0).strip() or ","
        pos = m.end()
    out.append((boundary, text[pos:]))
    return [(b, s.strip(" ,")) for b, s in out if s.strip(" ,.!?")]


def _relative_that(before: str, after: str) -> bool:
    """ "a charity that helps": a relative clause; "I love that idea", "said that": not."""
    prev = re.findall(r"[\w'-]+", before[-30:])
    if not prev or prev[-1].lower() in REPORTING or prev[-1][:1].isupper():
        return False
    nxt = re.match(r"[a-z]+", after)
    return bool(nxt) and nxt.group(0) not in ("is", "was", "the", "a", "an", "my")


# -- subjects -------------------------------------------------------------------------------
_FRONT = re.compile(r"^(?:(?P<word>[A-Za-z]+)(?P<punct>[,!]+)?\s+)", re.I)
_CHILDHOOD = re.compile(
    r"^(?:when|as)\s+I\s+was\s+(?:a\s+(?:kid|child|teenager|teen|baby|boy|girl|student)|"
    r"little|young|younger|small|growing\s+up)\s*,?\s*",
    re.I,
)
_EVERY = re.compile(
    r"^((?:every|each)\s+(?:single\s+|other\s+)?[a-z]+|on\s+[a-z]+days|most\s+[a-z]+s)\s*,?\s+",
    re.I,
)
_SELF_SUBJECT = re.compile(
    rf"^(?:(?:(?i:my|our)\s+[\w'’ -]{{1,30}}?|{NAME_WORD})\s+and\s+I\b|"
    rf"(?i:me)\s+and\s+(?i:my|our)\s+(?:{REL_ADJ}\s+)?{_NOUNS}(?:\s+{NAME_WORD})?|I\b|(?i:we)\b)"
)
_KIN_SUBJECT = re.compile(
    rf"^(?i:my|our)\s+(?:(?:{REL_ADJ}|{PET_ADJ})\s+)*(?:(?P<role>{REL})|(?P<pet>{PET}))"
    rf"(?P<naming>'s\s+(?i:full\s+)?name)?(?:\s+(?!(?:And|But)\b){name('name')})?\b(?!')"
)
_ANY_NAMED = re.compile(rf"^(?i:my|our)\s+[\w-]+(?:'s)?(?:\s+[\w-]+)?\s+{name('name')}\b")
_POSSESSIVE = re.compile(
    rf"^(?:(?:(?i:my|our)|(?P<owner>{NAME_WORD}(?:\s+{NAME_WORD})?)'s)\s+"
    r"(?P<head>(?:[\w'-]+\s+){0,3}?(?:full\s+name|name|birthday|bday|b-day|"
    r"e-?mail(?:\s+address)?|(?:phone|mobile|cell|home|work)\s+number|number|mobile|"
    r"native\s+language|first\s+language|mother\s+tongue|goal|dream|ambition|aim|plan|"
    r"resolution|hometown|home\s+town|home|job|employer|allergies|allergy|diet|hobbies|hobby|"
    r"interests|"
    r"favou?rite\s+[\w-]+(?:\s+[\w-]+)?))|(?P<home>Home))(?=\s+(?:is|are|was|has|falls|:)\b)",
)
_ANAPHOR = re.compile(r"^(?i:his|her|its|their)\s+(?i:full\s+)?name\b")
_NAME_SUBJECT = re.compile(
    rf"^(?P<name>(?:{TITLE}\s+)?[{UP}][\w'’.-]*(?:\s+[{UP}][\w'’-]*){{0,2}})\s+"
)
_OTHER_SUBJECT = re.compile(
    r"^(?:(?:" + "|".join(sorted(PRONOUN_SUBJECTS)) + r")\b|(?:the|a|an|his|her|their|your|"
    r"this|that|these|those)\s+(?:[\w'-]+\s+){0,3}?(?=(?:is|was|are|were|has|had|lives|works|"
    r"moved|loves|hates|says|said|thinks|keeps|does|will|would|can)\b))",
    re.I,
)
_VERBISH = re.compile(
    r"(?:am|is|are|was|were|has|have|had|does|did|will|would|can|could|just|also|still|"
    r"never|not|always|usually|really|[a-z]+(?:s|ed))\b"
)


@dataclass
class _Front:
    hedged: bool = False
    childhood: bool = False
    greeting: bool = False
    habitual: bool = False
    frequency: str = ""


_COMMON_CAPITALS = frozenset(
    """
    lots life work home today tomorrow tonight yesterday everything nothing something things
    family friends people kids everyone art music food dinner lunch breakfast weekend books
    movies films games songs pictures photos parents dogs cats plans days weeks moments
    memories stories animals sports holidays vacations trips classes lessons
    """.split()
)
"""Capitalised words at a sentence start that are not somebody's name."""
_NOT_SUBJECT_NAMES = (
    ADVERBS
    | HABITUAL
    | DISCOURSE
    | HEDGES
    | GREETINGS
    | PRONOUN_SUBJECTS
    | {"i", "we", "my", "our"}
)


def _strip_front(seg: str) -> tuple[str, _Front]:
    """Read fronted material off ``seg``: discourse words, adverbs, time and place phrases."""
    front = _Front()
    text = seg
    for _ in range(8):
        m = _CHILDHOOD.match(text)
        if m:
            front.childhood = True
            text = text[m.end() :]
            continue
        m = _EVERY.match(text)
        if m:
            front.frequency = m.group(1)
            text = text[m.end() :]
            continue
        m = _FRONT.match(text)
        if not m:
            break
        word = m.group("word").lower()
        if word in GREETINGS:
            front.greeting = True
        elif word in CONDITIONALS or word in REPORTING or word in HEDGES:
            front.hedged = True
        elif word in DISCOURSE or word in ADVERBS or (word.endswith("ly") and len(word) > 4):
            pass
        elif word in HABITUAL:
            front.habitual = True
        elif word in FRONT_PREPOSITIONS or word in TIME_WORDS:
            pp = _fronted_phrase(text)
            if pp is None:
                break
            if STORY.search(text[:pp]):
                front.hedged = True
            text = text[pp:]
            continue
        else:
            break
        text = text[m.end() :]
    return text, front


def _fronted_phrase(text: str) -> int | None:
    """The end of a fronted phrase ("After university", "Since last summer,") when a
    subject follows it within five words, else None."""
    for m in re.finditer(r"[,]?\s+", text):
        head = text[: m.start()]
        if len(head.split()) > 5:
            return None
        after = text[m.end() :]
        if "," in m.group(0) or _SELF_SUBJECT.match(after) or _KIN_SUBJECT.match(after):
            return m.end()
    return None


def subject_of(seg: str) -> tuple[Subject | None, str]:
    """The subject ``seg`` opens with (None: none written) and the text after it."""
    for pattern, kind in ((_SELF_SUBJECT, "speaker"),):
        m = pattern.match(seg)
        if m:
            return Subject(kind, text=m.group(0)), seg[m.end() :]
    m = _KIN_SUBJECT.match(seg)
    if m:
        role = (m.group("role") or m.group("pet") or "").lower()
        kind = "naming" if m.group("naming") else ("relation" if m.group("role") else "pet")
        return Subject(
            kind, name=m.group("name"), role=" ".join(role.split()), text=m.group(0)
        ), seg[m.end() :]
    m = _POSSESSIVE.match(seg)
    if m:
        head = " ".join((m.group("head") or "home").lower().split())
        owner = m.group("owner")
        return Subject("possessive", name=owner, role=head, text=m.group(0)), seg[m.end() :]
    m = _ANAPHOR.match(seg)
    if m:
        return Subject("naming", role=None, text=m.group(0)), seg[m.end() :]
    m = _ANY_NAMED.match(seg)
    if m and _VERBISH.match(seg[m.end() :].lstrip()):
        return Subject("name", name=m.group("name"), text=m.group(0)), seg[m.end() :]
    m = _NAME_SUBJECT.match(seg)
    first = m.group("name").split()[0].lower() if m else ""
    single = m is not None and " " not in m.group("name")
    common = single and (first.endswith(("ing", "'s")) or first in _COMMON_CAPITALS)
    if m and _VERBISH.match(seg[m.end() :]) and first not in _NOT_SUBJECT_NAMES and not common:
        return Subject("name", name=m.group("name"), text=m.group("name")), seg[m.end() - 1 :]
    m = _OTHER_SUBJECT.match(seg)
    if m:
        return Subject("other", text=m.group(0)), seg[m.end() :]
    return None, seg


# -- auxiliaries ------------------------------------------------------------------------------
_WORD = re.compile(r"\s*([A-Za-z']+)")


def _participle_follows(rest: str, pos: int) -> bool:
    """A past participle comes next, maybe after adverbs ("have just started")."""
    for m in _WORD.finditer(rest, pos):
        w = m.group(1).lower()
        if w in ADVERBS or w in ("not", "never", "already"):
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


# -- clauses ----------------------------------------------------------------------------------
_FICTION = re.compile(
    r"^(?:in|on)\s+(?:the|a|this|that|my)\s+(?:\w+\s+)?"
    + STORY.pattern
    + r"|"
    + STORY.pattern
    + r"\s+(?:is|was)\s+about\b",
    re.I,
)


_GERUND_SUBJECT = re.compile(
    r"^[a-z]+ing\b[^,;.!?]*?\b(?:is|was|are|were|has|makes|made|helps|helped|can|will|should|"
    r"feels?|felt|seems?|keeps?|gives?|brings?)\b",
    re.I,
)
"""A clause opening with a gerund that a verb follows ("Taking care of yourself is vital"):
the gerund is its subject, not a dropped "I"."""


def _antecedent(before: str) -> Subject:
    """The subject of a relative clause: the noun phrase just before "who"."""
    kin = list(re.finditer(_KIN_SUBJECT.pattern[1:], before))
    if kin and kin[-1].end() >= len(before.rstrip(" ,")) - 1:
        m = kin[-1]
        role = (m.group("role") or m.group("pet") or "").lower()
        kind = "relation" if m.group("role") else "pet"
        return Subject(kind, name=m.group("name"), role=" ".join(role.split()), text=m.group(0))
    named = re.search(rf"({name('n')})\s*,?\s*$", before)
    if named and named.group(1).split()[0].lower() not in ("i", "my", "our"):
        return Subject("name", name=named.group(1), text=named.group(1))
    return Subject("other", text=before[-30:])


def clauses(
    sentence: str, verb_heads: Collection[str], copular_heads: Collection[str]
) -> list[Clause]:
    """The clauses of one sentence (see the module docstring).

    Args:
        sentence: the sentence (normalised here).
        verb_heads: words a verb phrase may start with (a segment starting with one shares
            the subject before it).
        copular_heads: words a complement of "to be" may start with ("allergic", "vegan").
    """
    text = normalise(sentence)
    fiction = bool(_FICTION.search(text))
    out: list[Clause] = []
    main: Clause | None = None
    for boundary, seg in segments(text):
        core, front = _strip_front(seg)
        hedged = front.hedged or fiction or boundary in CONDITIONALS
        if boundary in RELATIVES or boundary == "that":
            prev = out[-1].subject.text + " " + out[-1].rest if out else ""
            subject = _antecedent(prev) if boundary in ("who", "whom", "that") else Subject("other")
            if boundary == "that" and subject.kind not in ("relation", "name"):
                subject = Subject("other")
            flags, rest = auxiliaries(core)
            out.append(_clause(subject, rest, seg, flags, front, hedged))
            continue
        subject, after = subject_of(core)
        if subject is not None:
            flags, rest = auxiliaries(after)
            clause = _clause(subject, rest, seg, flags, front, hedged)
            out.append(clause)
            main = clause
            continue
        flags, rest = auxiliaries(core)
        lead_m = re.match(r"[\w'-]+", rest)
        lead = fold(lead_m.group(0)) if lead_m else ""
        aux = any(flags[k] for k in ("be", "perfect", "negated", "modal", "future", "used_to"))
        starts_verb = (lead in verb_heads or aux) and not (boundary == "," and lead == "like")
        hard_break = boundary in (";", "-", "–", "—", ":")
        if hard_break and not aux:
            main = None  # a new statement: its subject is not the one before
        if main is not None and starts_verb:
            inherited = _clause(main.subject, rest, seg, flags, front, hedged or main.unsure)
            out.append(replace(inherited, modal=main.modal or inherited.modal, inherited=True))
        elif (
            main is not None and (main.be or main.subject.kind == "none") and lead in copular_heads
        ):
            out.append(
                replace(main, rest=rest, text=seg, inherited=True, hedged=main.hedged or hedged)
            )
        elif (
            main is None
            and (not out or hard_break)
            and (lead in verb_heads or (lead in copular_heads and lead not in ("a", "an", "the")))
            and not _GERUND_SUBJECT.match(core)
        ):
            main = _clause(Subject("none"), rest, seg, flags, front, hedged)
            out.append(main)
        elif out:
            last = out[-1]
            joiner = ", " if boundary in (",", ";") else f" {boundary} "
            out[-1] = replace(
                last, rest=f"{last.rest}{joiner}{seg}", text=f"{last.text}{joiner}{seg}"
            )
        else:
            out.append(_clause(Subject("fragment"), rest, seg, flags, front, hedged))
    return out


def _clause(
    subject: Subject, rest: str, seg: str, flags: dict[str, bool], front: _Front, hedged: bool
) -> Clause:
    lowered = seg.lower()
    unsure = hedged or flags["hedged"] or bool(HEDGE_PHRASES.search(lowered))
    ended = flags["ended"] or (flags["negated"] and "anymore" in lowered)
    return Clause(
        subject=subject,
        rest=rest.strip(),
        text=seg,
        be=flags["be"],
        be_past=flags["be_past"],
        perfect=flags["perfect"],
        past_aux=flags["past_aux"],
        negated=flags["negated"],
        ended=ended,
        modal=flags["modal"],
        future=flags["future"],
        used_to=flags["used_to"],
        habitual=flags["habitual"] or front.habitual or bool(front.frequency),
        hedged=unsure,
        childhood=front.childhood,
        greeting=front.greeting,
        frequency=front.frequency,
    )
