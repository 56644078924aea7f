"""Attribute questions: every current fact of the kind asked, and the label asked for.

"What am I allergic to?" is answered from every current ``allergic_to`` fact of the user,
not from the one that happened to match best: ``answer_hits`` folds the fact hits that
answer a question about a many-valued predicate into one hit that states all its current
values ("You are allergic to peanuts and shellfish."), citing every record behind them. "What
is John Doe's cell phone number?" names a label: the phone or email whose label (qualifier)
matches is preferred, and the others no longer answer. Used by
``memory.tiers.recall_hook`` on the hits it hands to recall (and so to ``memory.answer``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from memory.recall import Hit
from memory.text import tokens
from memory.tiers.facts import Fact, FactStore
from memory.tiers.predicates import fact_sentence, spec_for

LABEL_WORDS = {
    "cell": "cell",
    "cellphone": "cell",
    "mobile": "cell",
    "work": "work",
    "office": "work",
    "business": "work",
    "home": "home",
    "landline": "home",
    "fax": "fax",
    "personal": "personal",
    "private": "personal",
    "pager": "pager",
}
"""Words of a question that name a contact label, and the label they mean."""
LABELLED = ("phone", "email")


def asked_label(question: str) -> str | None:
    """The contact label a question names ("cell" for "What is Ana's mobile number?")."""
    for word in tokens(question):
        if word in LABEL_WORDS:
            return LABEL_WORDS[word]
    return None


def label_matches(qualifier: str | None, label: str) -> bool:
    """Whether a fact's label is the one asked for ("mobile" is a "cell" label)."""
    words = {LABEL_WORDS.get(w, w) for w in re.findall(r"[a-z]+", (qualifier or "").lower())}
    if label == "fax" or "fax" not in words:
        return label in words
    return False


def join_values(values: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    items = list(dict.fromkeys(values))
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _answers(hit: Hit) -> bool:
    return hit.tier == "fact" and any(w.startswith("answers:") for w in hit.why)


def _prefer_label(hits: list[Hit], label: str | None) -> list[Hit]:
    if label is None:
        return hits
    labelled = [h for h in hits if _answers(h) and h.metadata.get("predicate") in LABELLED]
    if not any(label_matches(h.metadata.get("qualifier"), label) for h in labelled):
        return hits
    out = []
    for hit in hits:
        if hit in labelled:
            if label_matches(hit.metadata.get("qualifier"), label):
                hit = replace(hit, score=hit.score * 1.3, why=(*hit.why, f"label: {label}"))
            else:
                hit = replace(hit, score=hit.score * 0.6, relevant=False)
        out.append(hit)
    return out


def _combined(hit: Hit, facts: list[Fact], store: FactStore) -> Hit:
    first = facts[0]
    display = "You" if first.subject_is_self else first.subject
    if any(f.qualifier for f in facts):
        text = " ".join(f.text for f in facts)
    else:
        text = fact_sentence(
            first.predicate,
            display,
            join_values([f.object for f in facts]),
            is_self=first.subject_is_self,
        )
    evidence = store.evidence([f.id for f in facts])
    record_ids = tuple(
        dict.fromkeys(
            e.record_id for f in facts for e in evidence.get(f.id, []) if e.role == "supports"
        )
    )
    meta = dict(hit.metadata)
    meta.update(
        object=join_values([f.object for f in facts]),
        fact_ids=[f.id for f in facts],
    )
    return replace(
        hit,
        text=text,
        record_ids=record_ids or hit.record_ids,
        metadata=meta,
        why=(*hit.why, f"all {len(facts)} current values"),
    )


def answer_hits(hits: list[Hit], question: str, store: FactStore) -> list[Hit]:
    """``hits`` with the label asked for preferred and the answers about a many-valued
    predicate folded into one hit per subject (see the module docstring)."""
    hits = _prefer_label(hits, asked_label(question))
    groups: dict[tuple[int, str], list[Hit]] = {}
    for hit in hits:
        predicate = str(hit.metadata.get("predicate") or "")
        subject_id = hit.metadata.get("subject_id")
        if (
            _answers(hit)
            and hit.relevant
            and hit.metadata.get("status") == "current"
            and isinstance(subject_id, int)
            and not spec_for(predicate).single
            and predicate not in LABELLED
        ):
            groups.setdefault((subject_id, predicate), []).append(hit)
    if not groups:
        return hits
    replaced: dict[str, Hit] = {}
    dropped: set[str] = set()
    for (subject_id, predicate), group in groups.items():
        current = store.current(subject_id, predicate)
        if len(current) < 2:
            continue
        best = max(group, key=lambda h: h.score)
        replaced[best.item_id] = _combined(best, current, store)
        dropped |= {h.item_id for h in group if h.item_id != best.item_id}
        dropped |= {f"f{f.id}" for f in current if f"f{f.id}" != best.item_id}
    return [replaced.get(h.item_id, h) for h in hits if h.item_id not in dropped]
