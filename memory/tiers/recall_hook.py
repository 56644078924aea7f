"""Recall over every tier: the collaborator ``memory.recall.Recall`` calls (``tiers=``).

``TierRecall.rerank`` takes the record hits hybrid recall found and

- weights each by its retention (``memory.tiers.decay``) and leaves faded ones out unless
  ``include_faded``;
- boosts derived items of the period a question names ("in 2023", "last March", "before I
  moved") and lowers the others (records too for "before/after I moved", which needs the
  facts; recall itself favours records dated in a named period);
- adds derived hits (facts, episodes, persona statements) with ``tier`` set and
  ``record_ids`` = their provenance; facts that answer what the question asks ("where do I
  live" -> ``lives_in`` of the user) are boosted and marked relevant, current facts above
  history; an attribute question gets every current value of the kind asked in one hit,
  and a question naming a contact label ("cell phone") the value with that label
  (``memory.tiers.attributes``).

``used(hits)`` reinforces the items an answer used (called by ``Answerer`` / chat through
``Recall.note_used``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from memory.clock import Clock, parse_iso, system_clock
from memory.db import Database
from memory.recall import Hit
from memory.text import content_terms, fold, stem, tokens
from memory.tiers.attributes import answer_hits
from memory.tiers.decay import Decay, ItemState
from memory.tiers.entities import Entities
from memory.tiers.episodes import Episodes
from memory.tiers.facts import Fact, FactStore
from memory.tiers.persona import Persona
from memory.tiers.questions import QuestionContext, overlaps, read_question
from memory.tiers.search_index import TierIndex

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TierRecallSettings:
    """Weights of derived hits and of time-aware ranking."""

    candidates: int = 40
    bm25_weight: float = 0.45
    vector_weight: float = 0.55
    min_cosine: float = 0.42
    min_cosine_with_words: float = 0.25
    fact_current: float = 1.0
    fact_conflict: float = 0.8
    fact_history: float = 0.65
    episode: float = 0.85
    persona: float = 1.0
    intent_boost: float = 1.6
    in_period: float = 1.4
    out_of_period: float = 0.6


class TierRecall:
    """Retention, time and derived tiers for recall.

    Args:
        db: the Mneme database.
        index: the derived-item search index.
        facts / episodes / persona / entities: the tiers.
        decay: retention of every item.
        clock: "now" (questions' periods are relative to it).
        settings: weights.
    """

    def __init__(
        self,
        db: Database,
        index: TierIndex,
        facts: FactStore,
        episodes: Episodes,
        persona: Persona,
        entities: Entities,
        decay: Decay,
        clock: Clock = system_clock,
        settings: TierRecallSettings | None = None,
    ) -> None:
        self.db = db
        self.index = index
        self.facts = facts
        self.episodes = episodes
        self.persona = persona
        self.entities = entities
        self.decay = decay
        self.clock = clock
        self.settings = settings or TierRecallSettings()

    # -- the hook -----------------------------------------------------------------------
    def rerank(
        self,
        query: str,
        qvec: np.ndarray,
        hits: Sequence[Hit],
        *,
        include_faded: bool = False,
        limit: int = 60,
    ) -> list[Hit]:
        """Record hits re-weighted (faded ones dropped) plus derived hits; unsorted."""
        ctx = self.context(query)
        # Recall already favours records dated in a period the query names ("in 2023");
        # only periods that need the facts ("before I moved") are applied to records here.
        record_ctx = ctx if ctx.anchor is not None else replace(ctx, window=None)
        states = self.decay.states(h.item_id for h in hits)
        out: list[Hit] = []
        for hit in hits:
            st = states.get(hit.item_id)
            if st is not None and st.faded and not include_faded:
                continue
            out.append(self._adjust(hit, st, record_ctx, hit.timestamp, hit.timestamp))
        out += self.derived_hits(query, qvec, ctx, include_faded=include_faded)
        return out

    def used(self, hits: Sequence[Hit]) -> None:
        """The answer used these items: reinforce them (a faded one is restored)."""
        ids = [h.item_id for h in hits if h.item_id[:1] in "rfep"]
        ids += [f"f{i}" for h in hits for i in h.metadata.get("fact_ids", ())]
        if ids:
            self.decay.recalled(ids)

    # -- context ------------------------------------------------------------------------
    def context(self, query: str) -> QuestionContext:
        ctx = read_question(query, self.clock())
        if ctx.anchor is None:
            return ctx
        relation, predicate = ctx.anchor
        when = self._anchor_time(predicate)
        if when is None:
            return ctx
        window = (None, when) if relation == "before" else (when, None)
        return replace(ctx, window=window)

    def _anchor_time(self, predicate: str) -> Any:
        me = self.entities.find("me")
        if me is None:
            return None
        changed = self.facts.where(
            "f.subject_id = ? AND f.predicate = ? AND f.status = 'superseded' AND f.valid_to IS "
            "NOT NULL",
            (me.id, predicate),
        )
        if changed:
            return parse_iso(max(f.valid_to for f in changed if f.valid_to))
        current = self.facts.current(me.id, predicate)
        return parse_iso(current[0].valid_from) if current else None

    # -- weighting ----------------------------------------------------------------------
    def _adjust(
        self,
        hit: Hit,
        state: ItemState | None,
        ctx: QuestionContext,
        start: str | None,
        end: str | None,
        *,
        extra: float = 1.0,
        relevant: bool | None = None,
        why: Sequence[str] = (),
    ) -> Hit:
        s = self.settings
        weight = extra
        reasons = list(hit.why) + list(why)
        meta = dict(hit.metadata)
        if state is not None:
            weight *= self.decay.rank_weight(state)
            meta.update(retention=round(state.retention, 4), pinned=state.pinned, faded=state.faded)
            if state.faded:
                reasons.append("faded")
            elif state.retention < 0.5:
                reasons.append(f"retention {state.retention:.2f}")
        if ctx.window is not None and (start or end):
            if overlaps(start, end, ctx.window):
                weight *= s.in_period
                reasons.append(f"in period: {ctx.window_text}")
            else:
                weight *= s.out_of_period
        return replace(
            hit,
            score=hit.score * weight,
            metadata=meta,
            why=tuple(reasons),
            relevant=hit.relevant if relevant is None else relevant,
        )

    def derived_hits(
        self, query: str, qvec: np.ndarray, ctx: QuestionContext, *, include_faded: bool = False
    ) -> list[Hit]:
        """Facts, episodes and persona statements matching ``query``."""
        s = self.settings
        found = self.index.search(query, qvec, s.candidates)
        if not found:
            return []
        fact_ids = [int(i[1:]) for i in found if i.startswith("f")]
        episode_ids = [int(i[1:]) for i in found if i.startswith("e")]
        persona_ids = [int(i[1:]) for i in found if i.startswith("p")]
        facts = self.facts.many(fact_ids)
        evidence = self.facts.evidence(list(facts))
        began = self._began_by_change(list(facts))
        episodes = self.episodes.many(episode_ids)
        statements = self.persona.many(persona_ids)
        states = self.decay.states(found)
        terms = {stem(t) for t in content_terms(query)}
        out: list[Hit] = []
        for item, (b, c) in found.items():
            st = states.get(item)
            if st is None or (st.faded and not include_faded):
                continue
            base = s.bm25_weight * b + s.vector_weight * c
            relevant = c >= s.min_cosine or (b > 0 and c >= s.min_cosine_with_words)
            why = [f"meaning {c:.2f}"]
            hit: Hit | None = None
            if item.startswith("f") and int(item[1:]) in facts:
                fact = facts[int(item[1:])]
                if fact.status == "retired":
                    continue
                weight = {"current": s.fact_current, "conflict": s.fact_conflict}.get(
                    fact.status, s.fact_history
                )
                start = fact.valid_from if fact.id in began else None
                known_span = start is not None or fact.valid_to is not None
                if (
                    ctx.window is not None
                    and known_span
                    and not overlaps(start, fact.valid_to, ctx.window)
                ):
                    # Known not to hold in the period asked about: history, not the answer.
                    weight *= s.out_of_period
                    relevant = False
                else:
                    if ctx.window is not None and fact.status == "superseded":
                        weight = s.fact_current  # in the period asked about, it was current
                    if ctx.wants(fact.predicate) and self._subject_matches(fact, ctx):
                        weight *= s.intent_boost
                        relevant = True
                        why.insert(0, f"answers: {fact.predicate.replace('_', ' ')}")
                    elif ctx.names and not _mentions(fact.text + " " + fact.subject, ctx.names):
                        # A question about someone else is not answered by this fact.
                        weight *= 0.5
                        relevant = False
                evs = evidence.get(fact.id, [])
                first = evs[0] if evs else None
                hit = Hit(
                    item_id=item,
                    tier="fact",
                    text=fact.text,
                    score=base,
                    source=first.source if first else "facts",
                    source_kind=first.source_kind if first else "fact",
                    timestamp=fact.valid_from or fact.observed_at,
                    record_ids=tuple(e.record_id for e in evs if e.role == "supports"),
                    cosine=c,
                    bm25=b,
                    metadata={
                        "status": fact.status,
                        "predicate": fact.predicate,
                        "subject": fact.subject,
                        "subject_id": fact.subject_id,
                        "object": fact.object,
                        "qualifier": fact.qualifier,
                    },
                )
                hit = self._adjust(
                    hit, st, ctx, start, fact.valid_to, extra=weight, relevant=relevant, why=why
                )
            elif item.startswith("e") and int(item[1:]) in episodes:
                ep = episodes[int(item[1:])]
                hit = Hit(
                    item_id=item,
                    tier="episode",
                    text=f"{ep.title}: {ep.summary}",
                    score=base,
                    source=ep.title,
                    source_kind=ep.kind,
                    timestamp=ep.start_time,
                    title=ep.title,
                    conversation=ep.conversation,
                    record_ids=ep.record_ids,
                    cosine=c,
                    bm25=b,
                    metadata={"kind": ep.kind, "participants": list(ep.participants)},
                )
                hit = self._adjust(
                    hit,
                    st,
                    ctx,
                    ep.start_time,
                    ep.end_time or ep.start_time,
                    extra=s.episode,
                    relevant=relevant,
                    why=why,
                )
            elif item.startswith("p") and int(item[1:]) in statements:
                stmt = statements[int(item[1:])]
                if stmt.status not in ("current", "confirmed"):
                    continue
                weight = s.persona
                predicate = stmt.key.split(":", 1)[0]
                if ctx.about_self and ctx.wants(predicate):
                    weight *= s.intent_boost * 0.9
                    relevant = True
                elif ctx.names and not _mentions(stmt.text, ctx.names):
                    weight *= 0.5
                    relevant = False
                hit = Hit(
                    item_id=item,
                    tier="persona",
                    text=stmt.text,
                    score=base,
                    source="persona",
                    source_kind="persona",
                    timestamp=stmt.created_at,
                    title=f"persona: {stmt.section}",
                    record_ids=stmt.record_ids,
                    cosine=c,
                    bm25=b,
                    metadata={"section": stmt.section, "status": stmt.status},
                )
                hit = self._adjust(
                    hit, st, ctx, None, None, extra=weight, relevant=relevant, why=why
                )
            if hit is not None:
                matched = tuple(t for t in tokens(hit.text) if stem(t) in terms)
                out.append(replace(hit, matched_terms=tuple(dict.fromkeys(matched))))
        out = answer_hits(self._drop_unsupported(out, include_faded), query, self.facts)
        # A persona statement that only repeats a fact adds nothing next to it.
        fact_texts = {h.text for h in out if h.tier == "fact"}
        return [h for h in out if h.tier != "persona" or h.text not in fact_texts]

    def _drop_unsupported(self, hits: list[Hit], include_faded: bool) -> list[Hit]:
        """Derived items whose evidence is all gone from active memory (its file was deleted
        and the source marked removed, or superseded by an edit) fade with it: left out of
        default recall, still found with ``include_faded``."""
        ids = sorted({rid for h in hits for rid in h.record_ids})
        if not ids:
            return hits
        active: set[int] = set()
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            active.update(
                int(r[0])
                for r in self.db.execute(
                    f"SELECT id FROM records WHERE status = 'active' AND id IN ({marks})", part
                )
            )
        out = []
        for hit in hits:
            if hit.record_ids and not active.intersection(hit.record_ids):
                if not include_faded:
                    continue
                hit = replace(hit, why=(*hit.why, "its sources were removed"))
            out.append(hit)
        return out

    def _subject_matches(self, fact: Fact, ctx: QuestionContext) -> bool:
        if fact.subject_is_self:
            return ctx.about_self or not ctx.names
        return any(
            n.lower() == fact.subject.lower() or n.lower() in fact.subject.lower().split()
            for n in ctx.names
        )

    def _began_by_change(self, fact_ids: Sequence[int]) -> set[int]:
        """Facts whose ``valid_from`` is a real start (they replaced an earlier value)."""
        if not fact_ids:
            return set()
        marks = ",".join("?" * len(fact_ids))
        return {
            int(r[0])
            for r in self.db.execute(
                f"SELECT DISTINCT superseded_by FROM facts WHERE superseded_by IN ({marks})",
                list(fact_ids),
            )
        }


def _mentions(text: str, names: Sequence[str]) -> bool:
    words = set(tokens(text))
    return any(fold(n) in words for n in names)
