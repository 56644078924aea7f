"""What the MCP tools return: pydantic models (the SDK publishes them as output schemas) and
the conversions from what the services return.

Every result carries its sources as ``Source`` (``id``, ``source``, ``timestamp``,
``quote``): the item id a client can pass back (``r12`` record, ``f3`` fact, ``e7`` episode,
``p2`` persona statement), where it came from (a file path, ``chat of <date>``,
``mneme:remembered``...), when, and the words it rests on. Called by ``app.mcp.tools``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from app.services.ask import Answer, Hit
    from app.services.facts import Evidence, Fact
    from app.services.prefill import FieldResult, PrefillResult
    from app.services.views import ItemView

QUOTE_CHARS = 600
"""A quote longer than this is cut (the full text is one ``search_memory`` away)."""


def clip(text: str, limit: int = QUOTE_CHARS) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class Source(BaseModel):
    """One memory a result rests on."""

    id: str = Field(description="Item id: r12 (record), f3 (fact), e7 (episode), p2 (persona)")
    source: str = Field(description="Where it came from: a file path, a chat, mneme:remembered")
    timestamp: str | None = Field(default=None, description="When it happened or was written")
    quote: str = Field(description="The words it rests on (cut at 600 characters)")


class Memory(Source):
    """A recalled memory: a source with its rank and its state."""

    tier: str = Field(description="record, fact, episode or persona")
    score: float = 0.0
    speaker: str | None = None
    relevant: bool = Field(default=False, description="Recall judged it relevant to the query")
    pinned: bool = Field(default=False, description="The user pinned it: it never fades")
    retention: float = Field(default=1.0, description="1.0 fresh .. 0 faded")
    records: list[str] = Field(
        default_factory=list, description="For a fact, episode or persona item: its records"
    )


class SearchResult(BaseModel):
    query: str
    k: int = Field(description="How many results were asked for, after capping")
    include_faded: bool
    notice: str | None = Field(
        default=None,
        description="That k was capped, or that the vector server is down and these are "
        "keyword matches only",
    )
    results: list[Memory]


class AskResult(BaseModel):
    question: str
    answer: str
    known: bool = Field(description="False: memory holds nothing that answers it")
    method: str = Field(description="fact, extractive, model or abstain")
    notice: str | None = None
    sources: list[Memory]


class FactOut(BaseModel):
    id: str
    subject: str
    predicate: str
    object: str
    text: str
    status: str = Field(description="current, superseded, conflict or retired")
    valid_from: str | None = None
    valid_to: str | None = None
    confidence: float
    sources: list[Source]


class FactsResult(BaseModel):
    about: str | None
    history: bool
    total: int
    truncated: bool
    facts: list[FactOut]


class EpisodeOut(BaseModel):
    id: str
    title: str
    summary: str
    start: str | None = None
    end: str | None = None
    participants: list[str]
    records: list[str]


class StatementOut(BaseModel):
    id: str
    section: str
    text: str
    status: str
    facts: list[str]
    records: list[str]


class AboutResult(BaseModel):
    subject: str
    known: bool = Field(description="False: nothing stored names the subject")
    facts: list[FactOut]
    history: list[FactOut] = Field(description="What used to be true (superseded facts)")
    conflicts: list[FactOut]
    timeline: list[EpisodeOut]
    persona: list[StatementOut]
    memories: list[Source] = Field(description="Records that mention the subject")
    memories_total: int
    truncated: bool = Field(
        description="A list was cut (at most 200 facts per list, 20 episodes, statements "
        "and records)"
    )
    sources: list[Source] = Field(description="Everything above rests on these")


class FieldOut(BaseModel):
    name: str
    label: str
    value: str = Field(description='"" unless status is filled')
    status: str = Field(description="filled, unknown or sensitive (never filled)")
    confidence: float
    method: str
    reason: str
    sources: list[Source]
    history: list[Source] = Field(description="Superseded answers, never offered as the value")


class PrefillOut(BaseModel):
    subject: str
    counts: dict[str, int]
    notice: str | None = None
    fields: list[FieldOut]


class FactBrief(BaseModel):
    id: str
    text: str
    status: str


class RememberOut(BaseModel):
    id: str = Field(description="The record the text was stored as")
    source: str
    timestamp: str | None
    consolidation: str = Field(description="What consolidation made of it")
    facts: list[FactBrief] = Field(description="Facts read from it")
    sources: list[Source]


class ForgetOut(BaseModel):
    target: str
    dry_run: bool
    executed: bool
    needs_confirmation: bool = Field(
        description="It reaches further than it names: run again with confirm_wide=true"
    )
    wide: list[str] = Field(description="Why it needs confirm_wide")
    counts: dict[str, int]
    facts: list[FactBrief]
    per_source: list[dict[str, Any]]
    message: str
    sources: list[Source] = Field(
        description="What it deletes: the records (at most 200 listed), then the facts, "
        "episodes and profile statements (at most 40)"
    )


# -- conversions ---------------------------------------------------------------------------
def memory(hit: Hit) -> Memory:
    """A recalled hit as a ``Memory``."""
    meta = hit.metadata or {}
    try:
        retention = max(0.0, min(1.0, float(meta.get("retention", 1.0))))
    except (TypeError, ValueError):
        retention = 1.0
    return Memory(
        id=hit.item_id,
        source=hit.source,
        timestamp=hit.timestamp,
        quote=clip(hit.text),
        tier=hit.tier,
        score=round(hit.score, 4),
        speaker=hit.speaker,
        relevant=hit.relevant,
        pinned=bool(meta.get("pinned", False)),
        retention=round(retention, 3),
        records=[] if hit.tier == "record" else [f"r{i}" for i in hit.record_ids],
    )


def answer(question: str, found: Answer) -> AskResult:
    """An answer (its text read to the end) with the memories it cites."""
    return AskResult(
        question=question,
        answer=found.text,
        known=found.known,
        method=found.method,
        notice=found.notice,
        sources=[memory(h) for h in found.sources],
    )


def evidence(ev: Evidence) -> Source:
    """A fact's evidence (a record and the quote the fact was read from)."""
    data = ev.as_json()
    return Source(
        id=str(data["id"]),
        source=str(data.get("source") or ""),
        timestamp=data.get("timestamp"),
        quote=clip(str(data.get("quote") or "")),
    )


def fact(f: Fact, evs: Sequence[Evidence]) -> FactOut:
    """A fact with its evidence (``mneme facts --json``'s item, fewer fields)."""
    data = f.as_json()
    return FactOut(
        id=str(data["id"]),
        subject=str(data["subject"]),
        predicate=str(data["predicate"]),
        object=str(data["object"]),
        text=str(data["text"]),
        status=str(data["status"]),
        valid_from=data.get("valid_from"),
        valid_to=data.get("valid_to"),
        confidence=float(data["confidence"]),
        sources=[evidence(e) for e in evs],
    )


def item(view: ItemView) -> Source:
    """A front end's item view as a source."""
    return Source(
        id=view.item_id, source=view.source, timestamp=view.timestamp, quote=clip(view.text)
    )


def display(uri: str) -> str:
    """A source uri as results show it (a file's path without ``file:``)."""
    return uri[5:] if uri.startswith("file:") else uri


def record_source(data: dict[str, Any]) -> Source:
    """A record as plain data (``id``, ``source``, ``text``, ``timestamp``) as a source."""
    return Source(
        id=str(data.get("id", "")),
        source=display(str(data.get("source") or "")),
        timestamp=data.get("timestamp"),
        quote=clip(str(data.get("text") or data.get("quote") or "")),
    )


def unique(sources: Iterable[Source], limit: int) -> list[Source]:
    """``sources`` without repeats (by id), the first ``limit``."""
    seen: dict[str, Source] = {}
    for s in sources:
        seen.setdefault(s.id, s)
        if len(seen) >= limit:
            break
    return list(seen.values())


def prefill(result: PrefillResult) -> PrefillOut:
    """A filled form: every field with its value, status, confidence and evidence."""

    def field(fr: FieldResult) -> FieldOut:
        return FieldOut(
            name=fr.field.name,
            label=fr.field.label,
            value=fr.value if fr.status == "filled" else "",
            status=fr.status,
            confidence=round(fr.confidence, 3),
            method=fr.method,
            reason=fr.reason,
            sources=[record_source(e.as_json()) for e in fr.sources],
            history=[record_source(e.as_json()) for e in fr.history],
        )

    return PrefillOut(
        subject=result.subject,
        counts=result.counts(),
        notice=result.notice,
        fields=[field(fr) for fr in result.fields],
    )
