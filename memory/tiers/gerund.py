"""A gerund phrase that is the subject of a finite verb ("Going to meetings has given me a
lot", "Moving to Lisbon was the best thing I did"): the words after the gerund name an
activity talked about, not something the writer does or plans, so the subject-less clause
they start states nothing. An elliptical note ("Going to Japan in May.") has no finite verb
of its own and is still read, and so is a gerund the verb makes one's own ("Playing video
games is my main hobby"). Called by ``memory.tiers.extract``; pure functions.
"""

from __future__ import annotations

import re

__all__ = ["gerund_subject"]

_GERUND_SUBJECT = re.compile(
    r"^\s*[A-Za-z]+ing\b"
    r"(?:(?!\b(?:I|we|you|he|she|they|it|there|this|that|which|who|me|us)\b)[^.!?;:,])*?"
    r"\s(?:has|have|is|was|are|were|makes|made|gives|gave|helps|helped|keeps|kept|takes|took|"
    r"changed|feels|felt|means|meant|seems|seemed|became|becomes|costs|cost|saved|saves|must|would|"
    r"could|might|can|should|will)\b(?!')"
    r"(?!\s+(?:(?:one|some|two)\s+of\s+)?(?:my|our)\b)",
    re.I,
)


def gerund_subject(sentence: str) -> bool:
    """Whether ``sentence`` opens with a gerund phrase that is its subject.

    Args:
        sentence: one sentence as written.

    Returns:
        True for "Going to meetings and getting involved has given me a lot"; False for
        "Going to Japan in May." and "Going to Japan in May, it is booked".
    """
    return bool(_GERUND_SUBJECT.match(sentence))
