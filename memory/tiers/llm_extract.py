"""Fact extraction with a capable chat model, under a JSON schema, kept only when grounded.

Used by consolidation only when the configured chat model is capable (a user GGUF or an
OpenAI-compatible endpoint); the bundled tiny model is never asked. The model's output is
parsed at this trust boundary with pydantic, and a fact is kept only when its object's words
occur in the record and its subject is the speaker or a name in the record.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable

from pydantic import BaseModel, Field, ValidationError

from memory.clock import iso, parse_iso
from memory.errors import MnemeError
from memory.records import StoredRecord
from memory.text import content_terms, stem
from memory.tiers.entities import SELF_WORDS
from memory.tiers.extracted import ExtractedFact, Speaker
from memory.tiers.predicates import PREDICATES, RELATIONS, fact_sentence, favorite_predicate
from models.base import ChatMessage, ChatModel

log = logging.getLogger(__name__)

ALLOWED = sorted(
    [*(p for p in PREDICATES if p not in ("routine",)), "favorite", "relationship", "routine"]
)
SCHEMA = {
    "type": "object",
    "properties": {
        "facts": {
            "type": "array",
            "maxItems": 8,
            "items": {
                "type": "object",
                "properties": {
                    "subject": {"type": "string"},
                    "predicate": {"type": "string", "enum": ALLOWED},
                    "object": {"type": "string"},
                    "detail": {"type": "string"},
                    "changed": {"type": "boolean"},
                },
                "required": ["subject", "predicate", "object"],
            },
        }
    },
    "required": ["facts"],
}
SYSTEM = (
    "You extract lasting personal facts from one message. Reply with JSON only. "
    "subject: 'I' for the writer, else the person's name as written. predicate: one of "
    + ", ".join(ALLOWED)
    + ". For 'favorite' put the kind of thing in detail (e.g. drink); for 'relationship' put "
    "the role (sister, friend...) in detail and the person's name in object. changed: true "
    "when the text says it changed (moved, new job, no longer). Use the text's own words. "
    "Only facts the text states; an empty list when there are none."
)


class _LLMFact(BaseModel):
    subject: str = Field(max_length=80)
    predicate: str
    object: str = Field(max_length=120)
    detail: str = Field(default="", max_length=40)
    changed: bool = False


class _LLMFacts(BaseModel):
    facts: list[_LLMFact] = Field(default_factory=list)


def grounded(obj: str, text: str) -> bool:
    """Every content word of ``obj`` occurs in ``text`` (stemmed)."""
    words = {stem(t) for t in content_terms(obj)}
    have = {stem(t) for t in content_terms(text)}
    return bool(words) and words <= have


class LLMExtractor:
    """Asks a capable chat model for facts.

    Args:
        model: returns the chat model when it is capable, else None.
    """

    def __init__(self, model: Callable[[], ChatModel | None]) -> None:
        self._model = model

    def available(self) -> bool:
        model = self._model()
        return model is not None and model.capable

    def extract(self, rec: StoredRecord, speaker: Speaker | None) -> list[ExtractedFact]:
        model = self._model()
        if model is None or not model.capable or speaker is None:
            return []
        when = parse_iso(rec.event_time) or parse_iso(rec.created_at)
        prompt = (
            f"Writer: {speaker.name}\nDate: {iso(when) or 'unknown'}\nMessage: {rec.text[:2000]}"
        )
        try:
            raw = model.complete(
                [ChatMessage("system", SYSTEM), ChatMessage("user", prompt)],
                json_schema=SCHEMA,
                max_tokens=400,
                temperature=0.0,
            )
            parsed = _LLMFacts.model_validate(json.loads(raw))
        except (ValueError, ValidationError) as e:
            log.info("r%s: model facts unreadable (%s); deterministic facts only", rec.id, e)
            return []
        except MnemeError as e:
            log.warning("r%s: model fact extraction failed: %s", rec.id, e)
            return []
        out = []
        for item in parsed.facts:
            fact = self._to_fact(item, rec, speaker, iso(when) if when else None)
            if fact is not None:
                out.append(fact)
        return out

    def _to_fact(
        self, item: _LLMFact, rec: StoredRecord, speaker: Speaker, observed: str | None
    ) -> ExtractedFact | None:
        obj = " ".join(item.object.split()).strip(" .")
        if not obj or not grounded(obj, rec.text):
            return None
        subject = item.subject.strip()
        is_self = subject.lower() in SELF_WORDS or subject == speaker.name
        if is_self:
            name, self_flag = speaker.name, speaker.is_self
        elif re.search(r"\b" + re.escape(subject) + r"\b", rec.text) and subject[:1].isupper():
            name, self_flag = subject, False
        else:
            return None
        predicate = item.predicate
        qualifier = None
        object_kind = None
        if predicate == "favorite":
            thing = re.sub(r"[^a-z ]", "", item.detail.lower()).strip().replace(" ", "_")
            if not thing:
                return None
            predicate = favorite_predicate(thing)
        elif predicate == "relationship":
            role = RELATIONS.get(item.detail.lower().strip())
            if role is None:
                return None
            predicate = f"has_{role[0].replace(' ', '_')}"
            object_kind = "person"
        elif predicate not in PREDICATES:
            return None
        display = "You" if self_flag else name
        from memory.tiers.objects import object_key  # with the grammar: only when reading

        return ExtractedFact(
            subject=name,
            subject_is_self=self_flag,
            predicate=predicate,
            object=obj,
            object_key=object_key(obj),
            text=fact_sentence(predicate, display, obj, is_self=self_flag, qualifier=qualifier),
            record_id=rec.id,
            quote=rec.text[:300],
            confidence=0.7,
            object_kind=object_kind,
            change=item.changed,
            observed_at=observed,
            extractor="llm",
        )
