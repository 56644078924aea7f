"""Mneme's memory tiers: episodes, facts that change over time, a persona profile, and
forgetting (fading by default, deleting only when asked).

Modules (one concept each):

- ``items``: item ids ``r12`` / ``f3`` / ``e7`` / ``p2``;
- ``decay``: Ebbinghaus retention, strength, pins (``Decay``);
- ``timex``, ``questions``: time expressions and what a question asks;
- ``predicates``, ``vocab``, ``rules``, ``extract``, ``llm_extract``: fact extraction;
- ``entities``, ``facts``, ``reconcile``, ``conflicts``: the fact tier;
- ``summarize``, ``episodes``: the episodic tier;
- ``persona``: the profile; ``about``: dossiers; ``inspect_item``: ``memory show``;
- ``search_index``: derived items' FTS and vectors; ``recall_hook``: recall over every tier;
- ``consolidate``: the incremental, resumable pipeline; ``forget``: real forgetting;
- ``services``: ``build_tiers`` and ``TierServices``, the API the CLI and the TUI call.

Nothing here imports a UI library or reads the environment; heavy libraries load lazily.
"""

from __future__ import annotations
