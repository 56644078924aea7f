"""Clauses: a sentence cut into the statements it makes, each with its subject and mood.

"I am vegetarian and allergic to peanuts" makes two statements about the speaker; "My
brother Tomás lives in Valencia and works as a chef" two about Tomás; "Just moved to
Lisbon" one about the speaker with the "I" dropped; "I wish I lived by the sea" none.
``clauses(sentence, heads)`` returns ``Clause`` items: the subject (``memory.tiers.subjects``),
the auxiliaries read as flags (negated, modal, used to, perfect, habitual...:
``memory.tiers.segments``) and ``rest``, the predicate the frames of
``memory.tiers.frames_life`` and ``memory.tiers.frames_taste`` are matched against from its
start.

The grammar, in short: a sentence is segments joined by coordinators, commas, subordinators
and relative pronouns. A segment with its own subject starts a clause; one that starts with
a verb (or, after "I am ...", with a complement such as "allergic") shares the subject of the
clause before it; a relative clause ("who lives in Taipei") takes its antecedent as subject;
anything else continues the object of the clause before ("cats and dust mites"). Fronted
adverbials ("Since March", "Every Sunday", "Honestly,") are read before the subject; a
report, belief, wish or condition there ("She said", "If", "I wish") makes the clause
unsure. Used by ``memory.tiers.extract`` and ``memory.prefill.spans``.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from memory.text import fold
from memory.tiers.heads import rewrite_heads
from memory.tiers.lexicon import (
    CONDITIONALS,
    HEDGE_PHRASES,
    NUMBER_WORD_RE,
    RELATIVES,
    STORY,
    SUBORDINATORS,
)
from memory.tiers.phrases import NAME_WORD, place
from memory.tiers.segments import auxiliaries, normalise, segments
from memory.tiers.subjects import Front, Subject, antecedent, strip_front, subject_of

__all__ = ["Clause", "Subject", "before_question", "clauses", "normalise"]

_LEAD = re.compile(r"[\w'-]+")
_GREETING_ONLY = re.compile(
    r"^(?i:hi|hello|hey|hiya|howdy|greetings)(?:\s+(?i:there|all|everyone|everybody|folks|guys))?"
    r"[!.]?$"
)


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
    after: str = ""
    """The subordinator the clause follows ("before" in "... before I'm 40"), else ""."""

    @property
    def unsure(self) -> bool:
        """A wish, a condition, a report or a guess: nothing it says is a fact."""
        return self.hedged or self.modal


_HARD_BREAK = re.compile(r"\s[-–—]\s|;\s*")


def before_question(sent: str) -> str:
    """The statement a question is appended to ("I'm vegan - any good places near here?"
    -> "I'm vegan"); "" when the sentence is a question as a whole."""
    if not sent.rstrip().endswith("?"):
        return sent
    parts = _HARD_BREAK.split(sent)
    return "" if len(parts) < 2 else " - ".join(parts[:-1]).strip()


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


_NAME_HERE = re.compile(rf"^{NAME_WORD}(?:\s+{NAME_WORD})?\s+here\s*[.!]*$")
"""A message signed at its start: "Oksana here." (read as an introduction)."""


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
    text = rewrite_heads(normalise(sentence))
    fiction = bool(_FICTION.search(text))
    out: list[Clause] = []
    main: Clause | None = None
    greeted = False
    for boundary, seg in segments(text):
        core, front = strip_front(seg)
        if greeted:
            front.greeting = True  # "Hi, I'm Tomasz": the greeting stood alone before
        greeted = _GREETING_ONLY.match(seg) is not None
        if greeted:
            continue
        hedged = front.hedged or fiction or boundary in CONDITIONALS
        where = _where_clause(boundary, core, out[-1] if out else None, front, hedged)
        if where is not None:
            out.append(where)
            continue
        if boundary in RELATIVES or boundary == "that":
            prev = out[-1].subject.text + " " + out[-1].rest if out else ""
            subject = antecedent(prev) if boundary in ("who", "whom", "that") else Subject("other")
            if boundary == "that" and subject.kind not in ("relation", "name"):
                subject = Subject("other")
            flags, rest = auxiliaries(core)
            out.append(_clause(subject, rest, seg, flags, front, hedged))
            continue
        if not out and _NAME_HERE.match(core) and front.greeting:
            # "Hey all, Oksana here." (not "Looky here, I got a pup")
            flags, _ = auxiliaries("")
            front.greeting = True
            out.append(_clause(Subject("none"), core, seg, {**flags, "be": True}, front, hedged))
            continue
        if main is not None and main.be and _CHILD_ITEM.match(core):
            # "I'm 42, divorced, one daughter, ...": a list's item, not a subject "one"
            out.append(replace(main, rest=core, text=seg, inherited=True))
            continue
        opened, after = subject_of(core)
        if opened is not None:
            subject = opened
            flags, rest = auxiliaries(after)
            clause = _clause(subject, rest, seg, flags, front, hedged)
            clause = replace(clause, after=boundary if boundary in SUBORDINATORS else "")
            out.append(clause)
            main = clause
            continue
        flags, rest = auxiliaries(core)
        lead_m = _LEAD.match(rest)
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
            main is not None
            and (main.be or main.subject.kind == "none")
            and (lead in copular_heads or _NUMBER_ITEM.match(rest) is not None)
        ):
            out.append(
                replace(main, rest=rest, text=seg, inherited=True, hedged=main.hedged or hedged)
            )
        elif (
            main is None
            and (not out or hard_break or _after_chat_opener(out, boundary, lead))
            and (
                lead in verb_heads
                or aux
                or (lead in copular_heads and lead not in ("a", "an", "the"))
                or _FAN_OF.match(rest) is not None
            )
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


_CHAT_OPENER = re.compile(
    r"^(?:sorry|thanks|thank\s+you|ugh|update|quick\s+update|big\s+news|news|ok|okay|anyway|"
    r"yay|phew|finally)\b",
    re.I,
)


def _after_chat_opener(out: list[Clause], boundary: str, lead: str) -> bool:
    """ "sorry for the late reply, just moved to Bath": after an apology or a greeting of the
    chat, a verb in the past opens a clause of its own (the writer's, subject dropped)."""
    return (
        boundary == ","
        and len(out) == 1
        and out[0].subject.kind == "fragment"
        and _CHAT_OPENER.match(out[0].text) is not None
        and lead.endswith("ed")
    )


_NUMBER_ITEM = re.compile(rf"^(?:\d{{1,3}}|{NUMBER_WORD_RE})\s*$", re.I)
"""A bare number in a list after "I am" ("I'm Lucía, 29, from Seville"): an age."""
_CHILD_ITEM = re.compile(
    r"^(?:one|two|three|four|five|six)\s+(?:(?:young|little|small|grown-up|teenage)\s+)?"
    r"(?:kids?|children|child|sons?|daughters?|boys?|girls?)\s*[.!]?$",
    re.I,
)
"""Children as an item of the list after "I am" ("I'm 42, divorced, one daughter")."""
_FAN_OF = re.compile(r"^(?i:an?)\s+(?:(?i:big|huge|massive|great|real)\s+)?(?i:fan)\s+(?i:of)\s")
"""A note's "(Not) a big fan of X": the writer's taste with its "I am" dropped."""
_PLACE_END = re.compile(rf"\b(?:in|to|from|at|of)\s+{place('p')}\s*$")
_VERB_ONLY = re.compile(r"^[a-z]+(?:\s+up)?[.!]?$")


def _where_clause(
    boundary: str, core: str, before: Clause | None, front: Front, hedged: bool
) -> Clause | None:
    """ "moved back to Coimbra, where I grew up": the relative clause's own subject, its verb
    taking the place before "where" ("grew up in Coimbra"); None for any other clause."""
    if boundary != "where" or before is None:
        return None
    place_m = _PLACE_END.search(before.rest.rstrip(" ,"))
    opened, after = subject_of(core)
    if place_m is None or opened is None or opened.kind != "speaker":
        return None
    flags, rest = auxiliaries(after)
    if not _VERB_ONLY.match(rest):
        return None  # "where I met my wife": the place is not the verb's
    rest = f"{rest.rstrip(' .!')} in {place_m.group('p')}"
    return _clause(opened, rest, core, flags, front, hedged or before.unsure)


def _clause(
    subject: Subject, rest: str, seg: str, flags: dict[str, bool], front: Front, hedged: bool
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
