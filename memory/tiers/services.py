"""The memory tiers as one set of services, for the CLI and the TUI.

``build_tiers`` wires the tier modules together (called once by ``app.bootstrap``);
``TierServices`` is what front ends call. Every method is UI-free and returns plain data or
frozen dataclasses with ``as_json()``:

- ``about(subject, include_faded=False) -> Dossier``: "what do I know about X";
- ``facts.listing(about=None, history=False) -> list[Fact]`` (``fact.as_json(evidence)``);
- ``persona.sections(section=None)``; ``persona_feedback(item, "confirm"|"reject"|"edit", text)``;
- ``episodes.listing(since=None)``;
- ``show(item) -> dict`` (``mneme memory show``); ``pin(item)`` / ``unpin(item)``;
- ``conflicts.open()``; ``resolve_conflict(cid, keep=|reject=|keep_both=)``;
- ``forget(item=|source=|about=, dry_run=False) -> ForgetPlan``;
- ``consolidate(progress=None, cancel=None) -> ConsolidationReport`` (also run on idle);
- ``recall_hook``: passed to ``memory.recall.Recall(tiers=...)``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from memory.clock import Clock, system_clock
from memory.db import Database
from memory.store import MemoryStore
from memory.tiers.about import About, Dossier
from memory.tiers.conflicts import Conflicts, ConflictView
from memory.tiers.consolidate import Cancel, ConsolidationReport, Consolidator, ProgressSink
from memory.tiers.corrections import correct
from memory.tiers.decay import Decay, DecayPolicy, ItemState
from memory.tiers.entities import Entities
from memory.tiers.episodes import EpisodePolicy, Episodes
from memory.tiers.extracted import ExtractedFact
from memory.tiers.facts import FactStore
from memory.tiers.forget import ForgetPlan, Forgetter
from memory.tiers.inspect_item import show_item
from memory.tiers.items import parse_item_id
from memory.tiers.llm_extract import LLMExtractor
from memory.tiers.persona import Persona, PersonaError, Statement
from memory.tiers.recall_hook import TierRecall
from memory.tiers.reconcile import Outcome, Reconciler
from memory.tiers.search_index import DerivedVectorIndex, TierIndex
from memory.tiers.summarize import Summarizer
from memory.vectors import VectorIndex
from models.base import ChatModel, Embedder


@dataclass
class TierServices:
    """The memory tiers, ready to use."""

    db: Database
    decay: Decay
    entities: Entities
    facts: FactStore
    conflicts: Conflicts
    episodes: Episodes
    persona: Persona
    index: TierIndex
    consolidator: Consolidator
    forgetter: Forgetter
    about_service: About
    recall_hook: TierRecall

    def about(self, subject: str, *, include_faded: bool = False) -> Dossier:
        """The dossier of ``subject`` (``Dossier.known`` False: abstain)."""
        return self.about_service.about(subject, include_faded=include_faded)

    def show(self, item: str) -> dict[str, Any]:
        """``mneme memory show``: tier, strength, retention, evidence, history."""
        return show_item(
            item,
            store=self.consolidator.store,
            facts=self.facts,
            episodes=self.episodes,
            persona=self.persona,
            conflicts=self.conflicts,
            decay=self.decay,
        )

    def pin(self, item: str) -> ItemState:
        return self.decay.pin(item, True)

    def unpin(self, item: str) -> ItemState:
        return self.decay.pin(item, False)

    def resolve_conflict(
        self,
        conflict_id: str | int,
        *,
        keep: str | None = None,
        reject: str | None = None,
        keep_both: bool = False,
    ) -> ConflictView:
        """Resolve a conflict, then bring the persona and the search index up to date."""
        view = self.conflicts.resolve(conflict_id, keep=keep, reject=reject, keep_both=keep_both)
        self.persona.rebuild(f"{view.conflict_id} resolved")
        self.index.embed_pending()
        return view

    def persona_feedback(self, item: str, action: str, text: str | None = None) -> Statement:
        """``confirm`` (reinforce), ``reject`` (retire with its facts) or ``edit`` (supersede;
        the new wording also becomes facts that supersede the old ones, with the correction
        as their evidence: ``memory.tiers.corrections``)."""
        if action == "confirm":
            st = self.persona.confirm(item)
        elif action == "reject":
            st = self.persona.reject(item)
        elif action == "edit":
            old = self.persona.get(parse_item_id(item).id)
            st = self.persona.edit(item, text or "")
            correct(
                db=self.db,
                store=self.consolidator.store,
                facts=self.facts,
                reconciler=self.consolidator.reconciler,
                decay=self.decay,
                clock=self.decay.clock,
                old=old,
                new=st,
                resolve=self._keep_users_fact,
            )
            self.persona.rebuild(f"{st.item_id} corrected")
            st = self.persona.get(st.id)
        else:
            raise PersonaError(f"unknown persona action {action!r} (confirm, reject or edit)")
        self.index.embed_pending()
        return st

    def _keep_users_fact(self, fact_id: int) -> None:
        """Resolve the conflict ``fact_id`` raised in its favour (the user said so)."""
        conflict = next((c for c in self.conflicts.open() if c.fact.id == fact_id), None)
        if conflict is not None:
            self.resolve_conflict(conflict.id, keep=f"f{fact_id}")

    def forget(
        self,
        *,
        item: str | None = None,
        source: str | None = None,
        about: str | None = None,
        dry_run: bool = False,
        allow_wide: bool = False,
    ) -> ForgetPlan:
        """Real forgetting (``dry_run``: only the plan; ``allow_wide``: ``--yes-all``)."""
        return self.forgetter.forget(
            item=item, source=source, about=about, dry_run=dry_run, allow_wide=allow_wide
        )

    def reconcile(self, fact: ExtractedFact) -> Outcome:
        """Add, reinforce, supersede or queue as a conflict one fact the user stated (prefill's
        confirmed answers), in one transaction."""
        with self.db.transaction():
            return self.consolidator.reconciler.apply(fact)

    def pending(self) -> int:
        """The most records waiting for any consolidation step (0: up to date)."""
        return max(self.consolidator.pending().values(), default=0)

    def consolidate(
        self, progress: ProgressSink | None = None, cancel: Cancel | None = None
    ) -> ConsolidationReport:
        """Consolidate everything pending now."""
        return self.consolidator.run(progress=progress, cancel=cancel)

    def after_records(self, record_ids: Sequence[int]) -> None:
        """For ``Importer(after_import=...)`` and ``ChatSession(after_turn=...)``."""
        self.consolidator.after_records(record_ids)


def build_tiers(
    db: Database,
    store: MemoryStore,
    record_vectors: VectorIndex,
    embedder: Embedder,
    *,
    chroma_path: Path,
    clock: Clock = system_clock,
    self_names: Sequence[str] = (),
    model: Callable[[], ChatModel | None] | None = None,
    decay_policy: DecayPolicy | None = None,
    episode_policy: EpisodePolicy | None = None,
) -> TierServices:
    """Wire the tiers.

    Args:
        db / store: the Mneme database and record store.
        record_vectors: the record vector index.
        embedder: the records' embedder (derived items use the same vector space).
        chroma_path: Chroma's folder (derived items get their own collection there).
        clock: "now".
        self_names: the names the user goes by.
        model: returns the chat model when it is capable (LLM facts, model summaries), else
            None; never loads the bundled model.
    """
    decay = Decay(db, clock, decay_policy)
    entities = Entities(db, clock, self_names)
    derived = DerivedVectorIndex(chroma_path, embedder.identity, server=record_vectors.server)
    index = TierIndex(db, derived, embedder)
    facts = FactStore(db, entities, index, clock)
    reconciler = Reconciler(db, facts, entities, decay, clock)
    conflicts = Conflicts(db, facts, decay, clock)
    summarizer = Summarizer(embedder, model)
    episodes = Episodes(
        db,
        store,
        record_vectors,
        embedder,
        index,
        decay,
        summarizer,
        self_names=self_names,
        clock=clock,
        policy=episode_policy,
    )
    index.item_vectors = episodes.centroids
    persona = Persona(db, facts, entities, index, decay, self_names=self_names, clock=clock)
    about = About(db, store, facts, entities, episodes, persona, decay)
    consolidator = Consolidator(
        db,
        store,
        entities,
        facts,
        reconciler,
        episodes,
        persona,
        index,
        decay,
        record_vectors,
        llm=LLMExtractor(model) if model is not None else None,
        clock=clock,
    )
    forgetter = Forgetter(
        db, store, facts, entities, episodes, persona, about, index, record_vectors, decay, clock
    )
    hook = TierRecall(db, index, facts, episodes, persona, entities, decay, clock)
    return TierServices(
        db=db,
        decay=decay,
        entities=entities,
        facts=facts,
        conflicts=conflicts,
        episodes=episodes,
        persona=persona,
        index=index,
        consolidator=consolidator,
        forgetter=forgetter,
        about_service=about,
        recall_hook=hook,
    )
