"""The one door from the app into the benchmarks: ``mneme bench`` (``app.cli.bench``) imports
this module, inside its command, and nothing else of ``bench``.

The direction is one way: the benchmarks build Mneme through the app (``app.bootstrap``,
``app.services``) and the app reaches the benchmarks only through here, when a command runs
(an import-linter contract in pyproject.toml says so).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from models.base import Embedder


def recall(
    dataset: Path,
    *,
    embedder: Embedder,
    conversations: Sequence[int] | None = None,
    ks: Sequence[int] = (),
    audit: Path | None = None,
    no_audit: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Mneme's recall on a LoCoMo-format file beside BM25 and vector baselines
    (``bench.recall.run_recall``; the JSON document it describes).

    Args:
        dataset: a LoCoMo-format JSON file.
        embedder: the embedder for Mneme and the vector baseline.
        conversations: indexes of the conversations to use (None: all).
        ks: cut-offs of turn-level recall (empty: 1, 5, 10, 20).
        audit: evidence corrections; default: the ``audit_errors.json`` beside the dataset,
            else the shared LoCoMo audit.
        no_audit: score the evidence exactly as the file gives it.
        progress: called with one line per step.
    """
    from bench.dataset import DEFAULT_AUDIT
    from bench.metrics import TURN_KS
    from bench.recall import run_recall

    chosen: Path | None
    if no_audit:
        chosen = None
    elif audit is not None:
        chosen = audit
    else:
        beside = dataset.parent / "audit_errors.json"
        chosen = beside if beside.is_file() else DEFAULT_AUDIT
    return run_recall(
        dataset,
        embedder=embedder,
        conversations=conversations,
        ks=ks or TURN_KS,
        audit=chosen,
        progress=progress,
    )
