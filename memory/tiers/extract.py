"""Deterministic fact extraction: records in, candidate facts out (no database, no model).

``extract_facts`` reads a record sentence by sentence. Each sentence is cut into clauses
(``memory.tiers.clauses``: subject, negation, tense, mood); each clause's predicate is
matched against the verb frames (``memory.tiers.frames_life``, ``memory.tiers.frames_taste``)
by its first word, possessive subjects ("my name is ...") against ``POSSESSIVES``, and the
whole sentence against the noun-phrase rules ("my sister Rita"). What the frames capture
becomes objects (``memory.tiers.objects``) that must be plausible for their predicate
(``memory.tiers.values``); times are read relative to the record's own time. A clause that
is a question, a wish, a condition, a report or a guess states nothing.

Candidates then go to ``memory.tiers.reconcile``. Called by ``memory.tiers.consolidate``
(and by prefill, to read a span out of the user's own sentence); pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from memory.clock import iso, parse_iso
from memory.records import StoredRecord
from memory.text import NOT_A_TITLE, fold
from memory.tiers.allergy import allergen_avoided
from memory.tiers.answers import rewrite_answers
from memory.tiers.bracket_ages import bracket_ages, pair_ages
from memory.tiers.builders import build
from memory.tiers.clauses import Clause, Subject, before_question, clauses, normalise
from memory.tiers.especially import singled_out
from memory.tiers.extracted import ExtractedFact
from memory.tiers.frames_chat import CHAT_FRAMES
from memory.tiers.frames_life import LIFE_FRAMES
from memory.tiers.frames_taste import TASTE_FRAMES
from memory.tiers.frames_work import WORK_FRAMES
from memory.tiers.gerund import gerund_subject
from memory.tiers.grammar import Frame
from memory.tiers.heads import distribute_heads, rewrite_heads
from memory.tiers.initials import join_initials
from memory.tiers.lexicon import ASSISTANT_NAMES
from memory.tiers.naming import ClauseFact, Departed, Speaker, possessive_facts
from memory.tiers.nouns import Antecedents, noun_facts
from memory.tiers.objects import Context, Value, object_key
from memory.tiers.predicates import RELATIONS, fact_sentence
from memory.tiers.timex import find_time
from memory.tiers.triggers import (
    COPULAR_HEADS,
    VERB_HEADS,
    class_frames,
    frames_for,
    has_trigger,
)
from memory.tiers.values import plausible
from memory.tiers.vocab import STUDY_FIELDS

__all__ = [
    "ASSISTANT_NAMES",
    "ExtractedFact",
    "Speaker",
    "extract_facts",
    "object_key",
    "record_speaker",
    "sentences",
    "with_text",
]

FRAMES: tuple[Frame, ...] = LIFE_FRAMES + WORK_FRAMES + TASTE_FRAMES + CHAT_FRAMES


RelationResolver = Callable[[Speaker, str], "str | None"]
"""(speaker, canonical role) -> the one person with that role for the speaker, or None."""

_QUESTION_START = re.compile(
    r"^(?:(?:where|what|how|when|who|whom|whose|why|which)(?:\s+(?!(?:I|we|you|he|she|they|it)\b)"
    r"\w+)?\s+(?:do|does|did|is|are|"
    r"was|were|can|could|would|will|should|have|has)\b|(?:do|does|did|have|has|are|is|was|were|"
    r"can|could|would|will|should)\s+(?:you|I|we|he|she|they|it|your|my|there)\b)",
    re.I,
)
"""A question without its question mark ("Where do you live", "Do you work at Acme")."""
_SENT_SPLIT = re.compile(rf"(?<=[.!?]){NOT_A_TITLE}[\"')\]]*\s+|\n+", re.IGNORECASE)
_CHANGE_CUE = re.compile(
    r"\b(?:now|new|newly|anymore|no longer|these days|nowadays|recently|since|switched|"
    r"changed|just)\b",
    re.I,
)

_NOT_NOW = frozenset({"before", "until", "till", "when", "whenever", "once"})
_ESP = re.compile(r"\besp\.\s+", re.I)


def sentences(text: str) -> list[str]:
    """The record's sentences, bullets stripped, curly apostrophes made straight."""
    text = distribute_heads(rewrite_answers(text.replace("’", "'").replace("‘", "'")))
    text = _ESP.sub("especially ", text)  # "jazz, esp. Coltrane": no sentence ends there
    out = []
    for part in join_initials(_SENT_SPLIT.split(text)):
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


@dataclass(frozen=True)
class _Ctx:
    rec: StoredRecord
    speaker: Speaker | None
    resolver: RelationResolver | None
    base: datetime | None
    observed: str | None


def _who(subject: Subject, ctx: _Ctx) -> Speaker | None:
    """The fact subject of a clause subject (None: nobody Mneme can name)."""
    if subject.kind in ("speaker", "none"):
        return ctx.speaker
    if subject.kind in ("name", "relation", "pet") and subject.name:
        if ctx.speaker is not None and fold(subject.name) == fold(ctx.speaker.name):
            return ctx.speaker
        return Speaker(subject.name, False)
    if subject.kind == "relation" and subject.role and ctx.speaker and ctx.resolver:
        role = RELATIONS.get(subject.role, (subject.role, False))[0]
        found = ctx.resolver(ctx.speaker, role)
        return Speaker(found, False) if found else None
    return None


def _past(frame: Frame, clause: Clause, head: str) -> bool | None:
    """Whether a frame's fact is a former one; None when it states an episode only."""
    if frame.past or clause.used_to or clause.childhood:
        return True
    simple_past = head.lower() in frame.past_heads and not clause.perfect
    if frame.episodic_past and simple_past and not clause.used_to:
        return None
    if not frame.stative:
        return False
    return simple_past or clause.past_aux or (clause.be_past and not clause.perfect)


def _frame_facts(clause: Clause, who: Speaker, ctx: _Ctx, sent: str) -> Iterable[ClauseFact]:
    third = not (who.is_self or (ctx.speaker is not None and who == ctx.speaker))
    for frame in frames_for(clause.rest) + class_frames(clause):
        if frame.be is True and not (clause.be or clause.subject.kind == "none"):
            continue
        if frame.be is False and clause.be:
            continue
        if clause.subject.kind == "none" and not frame.elliptical:
            continue
        if third and not frame.third:
            continue
        m = frame.pattern.match(clause.rest)
        if m is None:
            continue
        predicate = frame.predicate
        negate = False
        if clause.negated:
            if frame.negated.startswith("flip:"):
                predicate = frame.negated[5:]
            elif frame.negated == "end" and clause.ended:
                negate = True
            elif frame.negated != "only":
                continue
        elif frame.negated == "only":
            continue
        if clause.future and not frame.future:
            continue
        if frame.cue is not None and not frame.cue.search(sent):
            continue
        head = m.groupdict().get("v") or ""
        past = _past(frame, clause, head)
        if past is None or (past and frame.current_only):
            continue
        if frame.current_only and clause.after in _NOT_NOW:
            continue  # "... before I'm 40": an age to come, not the speaker's age
        negate = negate or frame.ends
        change = (frame.change or bool(_CHANGE_CUE.search(clause.text))) and not past
        bctx = Context(head, who.is_self, clause.frequency)
        groups = m.groupdict()
        values = build(frame.kind, groups, bctx)
        student = any(v.object.split()[-1:] == ["student"] for v in values if not v.predicate)
        if frame.predicate == "job_title" and student:
            yield from _student_field(values, who, frame.confidence, past)
            values = []
        for value in values:
            yield ClauseFact(
                who,
                value.predicate or predicate,
                value,
                frame.confidence,
                change,
                negate,
                past or value.past,
            )
        for group, extra_pred, kind in frame.extras if (values or student) else ():
            if not groups.get(group) and not groups.get(f"{group}_g"):
                continue
            pred = "studies_at" if (student and extra_pred == "works_at") else extra_pred
            sub = {"o": groups.get(group), "o_g": groups.get(f"{group}_g")}
            for value in build(kind, sub, bctx):
                yield ClauseFact(who, pred, value, frame.confidence, change, negate, past)


def _student_field(
    values: list[Value], who: Speaker, confidence: float, past: bool | None
) -> Iterable[ClauseFact]:
    """ "a nursing student at King's": what the student studies (a known field only)."""
    for v in values:
        words = v.object.lower().split()
        field = STUDY_FIELDS.get(words[-2]) if len(words) >= 2 else None
        if field:
            value = Value(field, object_key(field))
            yield ClauseFact(who, "studies", value, confidence, False, False, bool(past))


_CLINICIANS = frozenset({"doctor", "gp", "dentist", "therapist", "nurse", "consultant"})
_DIAGNOSED = re.compile(
    r"^(?:says|said|told\s+me|tells\s+me|confirmed|has\s+confirmed)\s+(?:that\s+)?(?P<c>I\s.+)$",
    re.I,
)


def _diagnosis(clause: Clause, ctx: _Ctx, sent: str) -> Iterable[ClauseFact]:
    """ "My doctor told me I have high cholesterol": a clinician's word about the speaker's
    health is a fact about it (any other report is not: "She said I'm vegan")."""
    m = _DIAGNOSED.match(clause.rest)
    if (
        m is None
        or ctx.speaker is None
        or clause.unsure
        or clause.negated
        or clause.subject.kind != "relation"
        or clause.subject.role not in _CLINICIANS
    ):
        return
    for inner in clauses(m.group("c"), VERB_HEADS, COPULAR_HEADS):
        if inner.subject.kind == "speaker" and not inner.unsure:
            for fact in _frame_facts(inner, ctx.speaker, ctx, sent):
                if fact.predicate in ("health", "allergic_to"):
                    yield fact


def _facts_from_sentence(sent: str, ctx: _Ctx, before: list[Clause]) -> Iterable[ExtractedFact]:
    """Facts of one sentence (``before``: the clauses of the sentence before it, where "her
    name is Pip" finds its kitten)."""
    sent = before_question(sent)
    if not sent or _QUESTION_START.match(sent) or not has_trigger(sent):
        return
    found: list[tuple[ClauseFact, str]] = []
    parsed = clauses(sent, VERB_HEADS, COPULAR_HEADS)
    named = Antecedents()  # "My best friend is called Aoife and she lives in Cork"
    talked_about = gerund_subject(sent)  # "Going to meetings has given me a lot"
    for i, clause in enumerate(parsed):
        if clause.unsure or (talked_about and clause.subject.kind == "none"):
            named.last = None
            continue
        clause = replace(clause, subject=named.subject(clause))
        who = _who(clause.subject, ctx)
        facts: list[ClauseFact] = []
        if clause.subject.kind != "none":
            facts = possessive_facts(clause, before + parsed[:i], ctx.speaker)
        named.saw(clause, facts)
        found += [(f, clause.text) for f in facts]
        if who is not None:
            own = list(_frame_facts(clause, who, ctx, sent))
            named.saw_pets(own)  # "I have a spaniel named Bailey, she's 3"
            found += [(f, clause.text) for f in own]
            if clause.subject.also:  # "Kim and Leo moved to Malmö": Leo too
                also = Speaker(clause.subject.also, False)
                found += [(f, clause.text) for f in _frame_facts(clause, also, ctx, sent)]
        found += [(f, clause.text) for f in _diagnosis(clause, ctx, sent)]
    if not any(c.unsure for c in parsed[:1]):
        found += [(f, sent) for f in noun_facts(rewrite_heads(normalise(sent)), ctx.speaker)]
    found = allergen_avoided(found, parsed)  # "I can't eat kiwi, I'm allergic"
    found = pair_ages(bracket_ages(found, sent), normalise(sent))  # "Leo (7)", "are 7 and 4"
    found = singled_out(found, sent)  # "I love jazz, especially Miles Davis"
    gone = Departed(parsed)  # "My old cat Tigger died": a former pet, not a current one
    found = [(replace(f, past=True) if f in gone else f, t) for f, t in found] if gone else found
    for fact, text in found:
        made = _make(fact, sent, text, ctx)
        if made is not None:
            yield made


def _times(fact: ClauseFact, text: str, ctx: _Ctx) -> tuple[str | None, str | None]:
    if ctx.base is None or fact.predicate in ("birthday", "age", "birth_year"):
        return None, None
    span = find_time(text, ctx.base)
    if span is None:
        return None, None
    if fact.past or fact.negate:
        if span.relation in ("until", "till", "before", "by"):
            return None, iso(span.start)
        if span.relation in ("since", "from", "after"):
            return iso(span.start), None
        return (None, iso(span.end)) if fact.past else (None, iso(span.start))
    if span.relation in ("since", "from") or (span.relation == "at" and fact.change):
        return iso(span.start), None
    if span.relation in ("until", "till", "before", "by"):
        return None, iso(span.start)
    return None, None


def _make(fact: ClauseFact, sent: str, text: str, ctx: _Ctx) -> ExtractedFact | None:
    value: Value = fact.value
    if not plausible(fact.predicate, value.object):
        return None
    who = fact.subject
    change = fact.change if value.change is None else value.change
    valid_from, valid_to = _times(replace(fact, change=change), text, ctx)
    if value.past and fact.change is True and value.change is False:
        valid_from, valid_to = None, valid_from or ctx.observed  # "moved from A": A ended then
    return ExtractedFact(
        subject=who.name,
        subject_is_self=who.is_self,
        predicate=fact.predicate,
        object=value.object,
        object_key=value.key,
        text=fact_sentence(
            fact.predicate,
            "You" if who.is_self else who.name,
            value.object,
            is_self=who.is_self,
            qualifier=value.qualifier,
            past=fact.past,
        ),
        record_id=ctx.rec.id,
        quote=sent,
        confidence=round(max(0.1, fact.confidence + value.confidence), 3),
        qualifier=value.qualifier,
        object_kind=value.object_kind,
        change=change and not fact.negate and not fact.past,
        negate=fact.negate,
        past=fact.past,
        valid_from=valid_from,
        valid_to=valid_to,
        observed_at=ctx.observed,
    )


def _last_clauses(sent: str) -> list[Clause]:
    """The clauses of a sentence, for the next one's "her name is ..." (none for a sentence
    that was skipped)."""
    if not has_trigger(sent):
        return []
    return clauses(sent, VERB_HEADS, COPULAR_HEADS)


def extract_facts(
    rec: StoredRecord,
    speaker: Speaker | None,
    *,
    resolver: RelationResolver | None = None,
) -> list[ExtractedFact]:
    """Candidate facts stated in ``rec`` (deduplicated; highest confidence kept; a verb
    frame's reading wins over a noun phrase's for the same object).

    Args:
        rec: the record.
        speaker: who "I" is in it (``record_speaker``); None reads only third persons.
        resolver: finds the person behind "my sister" for third-person statements.
    """
    when = parse_iso(rec.event_time) or parse_iso(rec.created_at)
    ctx = _Ctx(rec, speaker, resolver, when, iso(when) if when else None)
    best: dict[tuple[str, str, str, bool, bool], ExtractedFact] = {}
    before: list[Clause] = []
    for sent in sentences(rec.text):
        for fact in _facts_from_sentence(sent, ctx, before):
            key = (fold(fact.subject), fact.predicate, fact.object_key, fact.negate, fact.past)
            old = best.get(key)
            if old is None or fact.confidence > old.confidence:
                best[key] = fact
        before = _last_clauses(sent)
    stated = {(s, p, o) for (s, p, o, negate, past) in best if negate or past}
    return [
        f
        for (s, p, o, negate, past), f in best.items()
        if negate or past or (s, p, o) not in stated or f.change
    ]


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
