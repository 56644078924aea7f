"""What prefill proposes for a form: per field a value, its status, confidence and evidence.

``FieldResult`` / ``PrefillResult`` are built by ``memory.prefill.service`` and printed by
``mneme prefill`` (table or ``--json``), written back by ``importers.forms.write`` and
reviewed in the TUI's prefill screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from memory.prefill.spec import Field, FormSpec

Status = Literal["filled", "unknown", "sensitive"]


@dataclass(frozen=True)
class Evidence:
    """One piece of memory a value rests on.

    Attributes:
        item_id: the memory item (``f3`` fact, ``p2`` persona, ``e7`` episode, ``r12`` record).
        tier: ``fact``, ``persona``, ``episode`` or ``record``.
        text: the fact's sentence, or the quoted words of the record or summary.
        source: where it comes from (a file, ``chat of <date>``, a fact's first record).
        timestamp: when it was said or became true (ISO), when known.
        status: a fact's status (``current``, ``superseded``...), else None.
        valid_from: when a fact became true, when known.
        valid_to: when a superseded fact stopped being true, when known.
        record_ids: the records that support it.
    """

    item_id: str
    tier: str
    text: str
    source: str = ""
    timestamp: str | None = None
    status: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    record_ids: tuple[int, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """``{"id", "tier", "text", "source", "timestamp"}`` plus a fact's status and validity."""
        out: dict[str, Any] = {
            "id": self.item_id,
            "tier": self.tier,
            "text": self.text,
            "source": self.source,
            "timestamp": self.timestamp,
        }
        if self.status:
            out["status"] = self.status
            out["valid_from"] = self.valid_from
            out["valid_to"] = self.valid_to
        return out


@dataclass(frozen=True)
class FieldResult:
    """The proposal for one field.

    Attributes:
        field: the form field.
        value: the proposed value ("" unless ``status`` is ``filled``).
        status: ``filled``, ``unknown`` or ``sensitive``.
        confidence: 0..1 (0 for unknown and sensitive fields).
        sources: the evidence the value rests on, best first.
        history: superseded facts that once answered the field (never offered as the value).
        method: how the value was found (``fact``, ``persona``, ``episode``, ``record``,
            ``model``), or ``none``.
        reason: why a field is unknown or sensitive, in words.
        predicate: the fact predicate the field was mapped to, if any.
    """

    field: Field
    value: str = ""
    status: Status = "unknown"
    confidence: float = 0.0
    sources: tuple[Evidence, ...] = ()
    history: tuple[Evidence, ...] = ()
    method: str = "none"
    reason: str = ""
    predicate: str | None = None

    @property
    def shown(self) -> str:
        """The value as the user reads it: a select's option label rather than its code."""
        if self.field.type in ("select", "radio"):
            for opt in self.field.options:
                if opt.value == self.value:
                    return opt.text
        return self.value

    def as_json(self) -> dict[str, Any]:
        """``{"name", "label", "value", "status", "confidence", "sources"}`` plus extras."""
        out: dict[str, Any] = {
            "name": self.field.name,
            "label": self.field.label,
            "value": self.value,
            "status": self.status,
            "confidence": round(self.confidence, 3),
            "sources": [e.as_json() for e in self.sources],
            "type": self.field.type,
            "method": self.method,
            "reason": self.reason,
            "history": [e.as_json() for e in self.history],
        }
        if self.predicate:
            out["predicate"] = self.predicate
        if self.field.options:
            out["options"] = [{"value": o.value, "label": o.text} for o in self.field.options]
            out["value_label"] = self.shown
        return out


@dataclass(frozen=True)
class PrefillResult:
    """A filled form: the form and one ``FieldResult`` per field, in the form's order."""

    form: FormSpec
    fields: tuple[FieldResult, ...]
    subject: str = "you"
    notes: tuple[str, ...] = field(default_factory=tuple)
    notice: str | None = None
    """Set when the chat model failed during the fill (the fields were filled without it)."""

    def as_json(self) -> dict[str, Any]:
        """``{"fields": [...]}`` (plus the form's kind, source, subject and any notice)."""
        return {
            "fields": [f.as_json() for f in self.fields],
            "form": {"kind": self.form.kind, "source": self.form.source, "title": self.form.title},
            "subject": self.subject,
            "counts": self.counts(),
            "notice": self.notice,
        }

    def counts(self) -> dict[str, int]:
        """How many fields are filled, unknown and sensitive."""
        out = {"filled": 0, "unknown": 0, "sensitive": 0}
        for f in self.fields:
            out[f.status] += 1
        return out

    def values(self) -> list[tuple[Field, str]]:
        """Each field with its proposed value ("" when not filled), for the writers."""
        return [(f.field, f.value if f.status == "filled" else "") for f in self.fields]
