"""Prefill: propose a value for every field of a form from memory, with evidence, or say
"unknown".

``Prefiller.fill(form, subject=None)`` is the service behind ``mneme prefill``, the TUI's
prefill screen and ``bench.prefill``. Per field, in order:

1. sensitive fields (passwords, card numbers, national ids, security answers...) are
   flagged and left empty, before memory is even looked at;
2. the field's label is mapped to fact predicates (``memory.prefill.intents``) and the
   subject's *current* facts answer it, best retention first; superseded facts are shown
   as history and never offered as the value;
3. a field with a known meaning and no fact ("Food allergies") is filled from the
   subject's own sentence that states it, cut to a span that fits the field ("allergic to
   peanuts" -> "peanuts", ``memory.prefill.spans``), else it stays unknown;
4. free-text questions with no fact are answered from the persona (the user's profile),
   then from the subject's own words in episodes and records (``memory.prefill.answers``),
   cut to the span the question's type asks for when one fits ("Who ...?" a name, "What
   did X research?" the object of "research"); else a chat model may shorten the quote, and
   its words are kept only when every one of them is in the quoted evidence;
5. the value must fit the field (``memory.prefill.formats``): date formats, emails, phone
   numbers, one of a select's options. Otherwise the field stays ``unknown``.

Nothing is generated from nowhere: every filled value is a fact's object, a persona
statement, or words quoted from a memory.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from memory.grounding import sentences
from memory.prefill.answers import (
    Quote,
    QuotePolicy,
    addressed,
    first_person,
    question_terms,
    quote_answer,
    speaks_as,
)
from memory.prefill.extractive import shorten_with_model
from memory.prefill.formats import DATE_FIELD_TYPES, date_pattern, fit_value, parse_full_date
from memory.prefill.intents import Intent, intent_for
from memory.prefill.result import Evidence, FieldResult, PrefillResult
from memory.prefill.sensitive import sensitive_reason
from memory.prefill.sources import MemoryView, Subject
from memory.prefill.spans import field_span, question_span
from memory.prefill.spec import Field, FormSpec
from memory.text import stem, tokens
from memory.tiers.countries import country_in, demonym
from memory.tiers.facts import Fact
from memory.tiers.persona import Statement
from models.base import ChatMessage, ChatModel
from models.errors import ModelError, ModelUnavailableError

log = logging.getLogger(__name__)


def free_text(field: Field) -> bool:
    """A field a quoted sentence may answer: a question, a textarea, or a text field whose
    label is a question (a short label such as "City" wants a fact, not a sentence)."""
    if field.type in ("question", "textarea"):
        return True
    label = field.label.strip()
    return field.type == "text" and (label.endswith("?") or len(label.split()) >= 4)


@dataclass(frozen=True)
class PrefillPolicy:
    """Thresholds of prefill (the same for every user)."""

    quote: QuotePolicy = dataclasses.field(default_factory=QuotePolicy)
    recall_k: int = 20
    fact_confidence_cap: float = 0.95
    persona_confidence: float = 0.7
    quote_confidence_cap: float = 0.6
    span_confidence: float = 0.55


class Prefiller:
    """Fills forms from memory.

    Args:
        view: read access to facts, persona, episodes and records.
        model: returns the chat model to shorten quotes with, or None for the deterministic
            path only (called lazily, once per fill).
        policy: thresholds.
    """

    def __init__(
        self,
        view: MemoryView,
        model: Callable[[], ChatModel | None] | None = None,
        policy: PrefillPolicy | None = None,
    ) -> None:
        self.view = view
        self.model = model
        self.policy = policy or PrefillPolicy()

    def fill(
        self, form: FormSpec, subject: str | None = None, *, use_model: bool = True
    ) -> PrefillResult:
        """Propose a value for every field of ``form``.

        Args:
            form: the parsed form.
            subject: whose form it is (None: the user).
            use_model: let the chat model shorten quoted answers (False: deterministic).
        """
        who = self.view.subject(subject)
        chosen = self.model() if (use_model and self.model is not None) else None
        model = _FailsOnce(chosen) if chosen is not None else None
        results = tuple(self.fill_field(f, who, model) for f in form.fields)  # type: ignore[arg-type]
        notice = model.notice if model is not None else None
        return PrefillResult(form=form, fields=results, subject=who.label, notice=notice)

    def fill_field(self, field: Field, who: Subject, model: ChatModel | None = None) -> FieldResult:
        """The proposal for one field (see the module docstring for the order)."""
        reason = sensitive_reason(field)
        if reason is not None:
            return FieldResult(field, status="sensitive", reason=f"{reason}: never filled")
        if field.type == "checkbox":
            return FieldResult(field, reason="yes/no and consent boxes are left to you")
        intent = intent_for(field, who.names)
        predicate = intent.predicates[0] if intent else None
        history: tuple[Evidence, ...] = ()
        why_not = ""
        if intent is not None:
            found, history, why_not = self._from_facts(field, intent, who)
            if found is not None:
                return found
        if intent is not None and not free_text(field):
            spoken = self._from_own_words(field, intent, who)
            if spoken is not None:
                return FieldResult(
                    field,
                    value=spoken.value,
                    status="filled",
                    confidence=spoken.confidence,
                    sources=spoken.sources,
                    history=history,
                    method=spoken.method,
                    predicate=predicate,
                )
        if free_text(field):
            quoted = self._from_persona(field, who) or self._from_records(field, who, model)
            if quoted is not None:
                return FieldResult(
                    field,
                    value=quoted.value,
                    status="filled",
                    confidence=quoted.confidence,
                    sources=quoted.sources,
                    history=history,
                    method=quoted.method,
                    predicate=predicate,
                )
        return FieldResult(
            field,
            history=history,
            reason=why_not or "memory does not hold this",
            predicate=predicate,
        )

    # -- facts ----------------------------------------------------------------------------
    def _from_facts(
        self, field: Field, intent: Intent, who: Subject
    ) -> tuple[FieldResult | None, tuple[Evidence, ...], str]:
        current, old = self.view.facts(who, intent.predicates)
        history = tuple(ev for f in old[:5] for ev in self.view.fact_evidence(f)[:1])
        if not current:
            return None, history, ""
        raw, used = _fact_value(intent, current, question=field.type == "question")
        if raw is None:
            return None, history, f"memory has {current[0].object!r}, not what this field asks"
        if intent.value == "country" and field.type not in ("select", "radio"):
            country = country_in(raw) or ""
            raw = (demonym(country) or country) if intent.key == "nationality" else country
        if (
            intent.value == "date"
            and field.type not in DATE_FIELD_TYPES
            and not date_pattern(field)
        ):
            day = parse_full_date(raw)
            raw = day.isoformat() if day is not None else raw
        value = fit_value(field, raw) if raw else None
        if value is None and raw and intent.key == "nationality":
            adjective = demonym(country_in(raw) or raw)  # "France" -> "French"
            value = fit_value(field, adjective) if adjective else None
        if value is None:
            return None, history, f"memory has {raw or current[0].object!r}, which does not fit"
        evidence = tuple(ev for f in used for ev in self.view.fact_evidence(f))
        best = used[0]
        confidence = min(
            self.policy.fact_confidence_cap, best.confidence * self.view.retention(best.item_id)
        )
        result = FieldResult(
            field,
            value=value,
            status="filled",
            confidence=confidence,
            sources=evidence,
            history=history,
            method="fact",
            predicate=best.predicate,
        )
        return result, history, ""

    # -- persona --------------------------------------------------------------------------
    def _from_persona(self, field: Field, who: Subject) -> _Found | None:
        """A persona statement covering the question's words (the user's own profile only)."""
        if not who.is_self:
            return None
        terms = {stem(t) for t in question_terms(field.label, who.names)}
        if not terms:
            return None
        need = min(self.policy.quote.min_terms, len(terms))
        best: Statement | None = None
        best_cov = 0.0
        for st in self.view.persona():
            matched = terms & {stem(t) for t in tokens(st.text)}
            coverage = len(matched) / len(terms)
            ok = len(matched) >= need and coverage >= self.policy.quote.min_coverage
            if ok and coverage > best_cov:
                best, best_cov = st, coverage
        if best is None:
            return None
        value = fit_value(field, best.text)
        if value is None:
            return None
        ev = Evidence(
            item_id=best.item_id,
            tier="persona",
            text=best.text,
            source="your profile",
            timestamp=best.created_at,
            record_ids=best.record_ids,
        )
        return _Found(value, self.policy.persona_confidence * best_cov, (ev,), "persona")

    # -- records and episodes -------------------------------------------------------------
    def _from_records(self, field: Field, who: Subject, model: ChatModel | None) -> _Found | None:
        question = field.label or field.name
        hits = self.view.search(question, k=self.policy.recall_k)
        quote = quote_answer(
            question,
            hits,
            speakers=who.speakers,
            subject_names=who.names,
            include_unsigned=who.is_self,
            policy=self.policy.quote,
        )
        if quote is None:
            return None
        value, method = quote.value, "episode" if quote.hit.metadata.get("episode") else "record"
        span = question_span(question, quote.sentence, who.names)
        if span is not None and fit_value(field, span) is not None:
            return _Found(
                fit_value(field, span) or span,
                self._quote_confidence(quote),
                _quote_evidence(quote),
                "span",
            )
        if model is not None:
            short = shorten_with_model(model, question, quote.sentence)
            if short:
                value, method = short, "model"
        fitted = fit_value(field, value)
        if fitted is None:
            return None
        return _Found(fitted, self._quote_confidence(quote), _quote_evidence(quote), method)

    def _from_own_words(self, field: Field, intent: Intent, who: Subject) -> _Found | None:
        """No fact answers a field with a known meaning: the subject's own sentence that
        states it, cut to the span that fits the field (``memory.prefill.spans``)."""
        label = field.label or field.name
        hits = self.view.search(f"{label} {intent.query}", k=self.policy.recall_k)
        for hit in hits:
            if hit.tier != "record" or not speaks_as(
                hit, who.speakers, include_unsigned=who.is_self
            ):
                continue
            for sentence in sentences(hit.text):
                if addressed(sentence) or not first_person(sentence, elliptical=True):
                    continue
                values = field_span(intent, label, sentence, hit.timestamp)
                if not values:
                    continue
                raw = ", ".join(values) if intent.value in ("list", "pets") else values[0]
                value = fit_value(field, raw)
                if value is None:
                    continue
                ev = Evidence(
                    item_id=hit.item_id,
                    tier="record",
                    text=sentence,
                    source=hit.source,
                    timestamp=hit.timestamp,
                    record_ids=hit.record_ids,
                )
                return _Found(value, self.policy.span_confidence, (ev,), "span")
        return None

    def _quote_confidence(self, quote: Quote) -> float:
        return min(self.policy.quote_confidence_cap, 0.35 + 0.3 * quote.coverage)


@dataclass(frozen=True)
class _Found:
    value: str
    confidence: float
    sources: tuple[Evidence, ...]
    method: str


def _quote_evidence(quote: Quote) -> tuple[Evidence, ...]:
    hit = quote.hit
    out = [
        Evidence(
            item_id=hit.item_id,
            tier="record",
            text=quote.sentence,
            source=hit.source,
            timestamp=hit.timestamp,
            record_ids=hit.record_ids,
        )
    ]
    episode = hit.metadata.get("episode")
    if isinstance(episode, str):
        out.append(
            Evidence(
                item_id=episode,
                tier="episode",
                text=hit.title or "",
                source=hit.source,
                timestamp=hit.timestamp,
            )
        )
    return tuple(out)


def _fact_value(
    intent: Intent, facts: Sequence[Fact], *, question: bool
) -> tuple[str | None, list[Fact]]:
    """The raw value the facts give for ``intent`` and the facts used."""
    best = facts[0]
    if intent.value == "given":
        parts = best.object.split()
        return (parts[0] if parts else None), [best]
    if intent.value == "family":
        parts = best.object.split()
        return (parts[-1] if len(parts) >= 2 else None), [best]
    if intent.value == "pets":
        names = [
            f"{f.object} ({f.qualifier})" if question and f.qualifier else f.object for f in facts
        ]
        return ", ".join(dict.fromkeys(names)), list(facts)
    if intent.value == "list":
        same = [f for f in facts if f.predicate == best.predicate]
        return ", ".join(dict.fromkeys(f.object for f in same)), same
    return best.object, [best]


__all__ = ["PrefillPolicy", "Prefiller", "free_text"]


class _FailsOnce:
    """The chat model for one fill: after its first failure (a crash, an endpoint down) it is
    not asked again, and ``notice`` says why the rest was filled without it."""

    def __init__(self, model: ChatModel) -> None:
        self.model = model
        self.notice: str | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)

    def complete(self, messages: Sequence[ChatMessage], **kwargs: Any) -> str:
        if self.notice is not None:
            raise ModelUnavailableError(self.notice)
        try:
            return self.model.complete(messages, **kwargs)
        except ModelError as e:
            self.notice = f"{e}; filled from your memories without the model"
            raise
