"""Which form fields Mneme never fills: secrets, payment details, national ids, security answers.

A field is sensitive when its type is ``password``, when its ``autocomplete`` token is a
payment or one-time-code token, or when its name, label or placeholder names a password, a
PIN, a card number, CVV or expiry, a national identity number (SSN, passport, national
insurance, NIF...), a bank account or IBAN, a one-time code, or a security question or
answer ("mother's maiden name", "name of your first pet"). The rules err towards leaving a
field alone. Used by ``memory.prefill.service`` before any value is looked up.
"""

from __future__ import annotations

import re

from memory.prefill.spec import Field
from memory.text import fold

SENSITIVE_AUTOCOMPLETE = frozenset(
    {
        "cc-number",
        "cc-csc",
        "cc-exp",
        "cc-exp-month",
        "cc-exp-year",
        "cc-type",
        "current-password",
        "new-password",
        "one-time-code",
    }
)

_PATTERNS: tuple[tuple[str, str], ...] = (
    ("password", r"\bpass ?(word|wd|code|phrase)\b|\bpwd\b"),
    ("PIN", r"\bpins?\b|\bpin (code|number)\b"),
    (
        "payment card",
        r"\b(credit|debit|payment|bank) ?card\b|\bcard (number|no|num|holder|verification)\b"
        r"|\bcc ?(num|number|no)\b|\bcvv2?\b|\bcvc2?\b|\bcsc\b|\bsecurity code\b"
        r"|\bexpir(y|ation|es)\b|\bexp (date|month|year)\b",
    ),
    (
        "national id",
        r"\bssn\b|\bsocial security\b|\bsocial insurance\b|\bnational (insurance|id|identity"
        r"|identification|registration)\b|\bnino\b|\bpassport\b|\bidentity (card|number|document)\b"
        r"|\bid (card|number|no|document)\b|\b(driver'?s?|driving) licen[cs]e\b|\btax (id|number"
        r"|identification|code|file)\b|\b(tin|nif|nie|cpf|cnpj|dni|bsn|nhs number|aadhaar|pan"
        r"|personnummer|codice fiscale|steuer ?id|insee|nir)\b|\bpersonal (identification|id"
        r"|identity) (number|code)\b|\bvisa number\b|\bresidence permit\b",
    ),
    (
        "bank account",
        r"\biban\b|\bbank account\b|\baccount (number|no)\b|\brouting (number|no)\b"
        r"|\bsort code\b|\bswift\b|\bbic\b|\baba number\b|\bbank details\b",
    ),
    (
        "security question",
        r"\bsecurity (question|answer)\b|\bsecret (question|answer)\b|\bmaiden name\b"
        r"|\bfirst (pet|car|school|teacher|job|concert|kiss)\b|\bchildhood (friend|nickname"
        r"|hero|street|best friend)\b|\bstreet (you|did you) grew up\b|\bstreet you grew up on\b"
        r"|\bcity (were you born|where you were born)\b|\bchallenge (question|answer)\b"
        r"|\bmemorable (word|answer|date|place)\b",
    ),
    (
        "one-time code",
        r"\bone ?time (code|password|pin)\b|\botp\b|\b2fa\b|\btwo ?factor\b|\bverification code\b"
        r"|\brecovery (code|key)\b|\bauth(entication)? code\b|\bapi key\b|\baccess token\b"
        r"|\bprivate key\b|\bsecret key\b",
    ),
)
_COMPILED = tuple((reason, re.compile(pattern)) for reason, pattern in _PATTERNS)


def _words(text: str) -> str:
    """Folded text with camelCase, underscores and punctuation turned into single spaces."""
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)
    text = fold(text).replace("’", "'")
    text = re.sub(r"[_\-./:;,()\[\]#*?!\"]+", " ", text)
    return " ".join(text.split())


def sensitive_reason(field: Field) -> str | None:
    """Why ``field`` must never be filled (e.g. ``"password"``), or None when it may be.

    Args:
        field: the form field.
    """
    if field.type == "password":
        return "password"
    tokens = set((field.autocomplete or "").lower().split())
    if tokens & SENSITIVE_AUTOCOMPLETE:
        return "payment card" if any(t.startswith("cc-") for t in tokens) else "password"
    for text in (field.label, field.name, field.placeholder or ""):
        words = _words(text)
        if not words:
            continue
        for reason, pattern in _COMPILED:
            if pattern.search(words):
                return reason
    return None
