"""The prefill benchmark's scoring and forms (no models; the run itself is bench-only)."""

from __future__ import annotations

import json

from bench.prefill import build_forms, contains, normalise, token_f1
from tests.conftest import LOCOMO


def test_scoring() -> None:
    assert normalise("The Perseid meteor-shower!") == "perseid meteorshower"
    assert token_f1("adoption agencies", "Adoption agencies") == 1.0
    assert round(token_f1("researching adoption agencies", "Adoption agencies"), 2) == 0.8
    assert token_f1("", "x") == 0.0
    assert contains("a gift from my grandma in my home country, Sweden.", "Sweden")
    assert not contains("Swedish", "Sweden")


def test_forms_per_speaker_from_locomo() -> None:
    sample = json.loads(LOCOMO.read_text(encoding="utf-8"))[0]
    forms, dropped = build_forms(sample)
    assert set(forms) == {"Caroline", "Melanie"}
    for speaker, items in forms.items():
        other = next(s for s in forms if s != speaker)
        answerable = [i for i in items if i.kind == "answerable"]
        assert answerable and all(i.category in (1, 4) and i.gold for i in answerable)
        assert all(speaker in i.label and other not in i.label for i in answerable)
        adversarial = [i for i in items if i.kind == "adversarial"]
        assert adversarial and all(i.gold is None and speaker in i.label for i in adversarial)
        labels = [i.label for i in items if i.kind == "generic"]
        assert "Passport number" in labels and f"What is {other}'s blood type?" in labels
    assert dropped == []  # none of the generic attributes is mentioned in conv-26
