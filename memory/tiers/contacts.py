"""Facts of a vCard contact record: phones and emails with their labels, birthday, work.

A contact's numbers and emails keep their type labels as qualifiers ("cell", "work", "fax",
"home"), one fact per value: "John Doe's cell phone number is 905-555-1234". The contact's other
names (given + family name from ``N:``, the nickname, the ``FN:``) travel with each fact as
``subject_aliases``, so the person is found by any of them. Used by
``memory.tiers.consolidate`` for records of kind ``contact`` (``importers.formats.vcard``).
"""

from __future__ import annotations

import re
from typing import Any

from memory.clock import iso, parse_iso
from memory.records import StoredRecord
from memory.tiers.extracted import ExtractedFact
from memory.tiers.objects import object_key
from memory.tiers.predicates import fact_sentence
from memory.tiers.timex import CalendarDate, parse_calendar_date

LABELS = {
    "cell": "cell",
    "mobile": "mobile",
    "iphone": "mobile",
    "work": "work",
    "home": "home",
    "fax": "fax",
    "pager": "pager",
    "main": "main",
    "other": "other",
    "personal": "personal",
    "assistantphone": "assistant",
    "assistant": "assistant",
    "homefax": "home fax",
    "workfax": "work fax",
}
"""vCard ``TYPE`` values kept as labels (``voice``, ``pref``, ``internet`` say nothing)."""


def contact_label(types: object) -> str | None:
    """The label of a phone or email from its vCard types ("cell"; "work" and "fax" ->
    "work fax")."""
    if not isinstance(types, (list, tuple)):
        return None
    found = [LABELS[t.lower()] for t in types if isinstance(t, str) and t.lower() in LABELS]
    found = list(dict.fromkeys(w for label in found for w in label.split()))
    if "fax" in found:
        return " ".join([*(f for f in found if f in ("work", "home")), "fax"])
    return found[0] if found else None


def contact_aliases(meta: dict[str, Any]) -> tuple[str, ...]:
    """Other names of a contact: given + family name, given + additional + family, each
    nickname ("Johnny, JQP" is two), the formatted name and the names it has in other
    languages (vCard 4.0 ``FN`` with ``ALTID``: ``other_names``)."""
    out: list[str] = []
    n = meta.get("structured_name")
    if isinstance(n, dict):
        given, family = str(n.get("given") or "").strip(), str(n.get("family") or "").strip()
        additional = str(n.get("additional") or "").replace(",", " ").strip()
        if given and family:
            out.append(f"{given} {family}")
            if additional:
                out.append(" ".join(f"{given} {additional} {family}".split()))
        elif given or family:
            out.append(given or family)
    out.extend(n.strip() for n in str(meta.get("nickname") or "").split(","))
    out.append(str(meta.get("name") or "").strip())
    others = meta.get("other_names")
    if isinstance(others, (list, tuple)):
        out.extend(str(n).strip() for n in others)
    return tuple(dict.fromkeys(a for a in out if a))


def _items(value: object) -> list[tuple[str, str | None]]:
    """(value, label) of a metadata field: a list, a comma-separated string, or vCard-style
    ``{"value": ..., "types": [...]}`` items."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else str(value).split(",")
    out = []
    for item in items:
        if isinstance(item, dict):
            text, label = item.get("value"), contact_label(item.get("types"))
        else:
            text, label = item, None
        if text is not None and str(text).strip():
            out.append((str(text).strip(), label))
    return out


def extract_contact(rec: StoredRecord) -> list[ExtractedFact]:
    """Facts of a vCard contact record: emails and phones (one per value, labelled),
    birthday, organisation and title."""
    meta = rec.metadata or {}
    name = str(meta.get("name") or "").strip()
    if not name:
        return []
    when = parse_iso(rec.event_time) or parse_iso(rec.created_at)
    observed = iso(when) if when else None
    aliases = tuple(a for a in contact_aliases(meta) if a != name)
    out: list[ExtractedFact] = []
    seen: set[tuple[str, str]] = set()

    def add(predicate: str, obj: str, key: str, label: str | None = None) -> None:
        if (predicate, key) in seen:
            return
        seen.add((predicate, key))
        out.append(
            ExtractedFact(
                subject=name,
                subject_is_self=False,
                predicate=predicate,
                object=obj,
                object_key=key,
                text=fact_sentence(predicate, name, obj, is_self=False, qualifier=label),
                record_id=rec.id,
                quote=rec.text[:300],
                confidence=0.95,
                qualifier=label,
                observed_at=observed,
                subject_aliases=aliases,
            )
        )

    for email, label in _items(meta.get("emails") or meta.get("email")):
        add("email", email, email.lower(), label)
    for phone, label in _items(meta.get("phones") or meta.get("phone") or meta.get("tel")):
        digits = re.sub(r"\D", "", phone)
        if len(digits) >= 5:
            add("phone", phone, digits, label)
    bday = str(meta.get("birthday") or meta.get("bday") or "").strip()
    if bday:
        no_year = re.match(r"^--(\d{2})-?(\d{2})$", bday)
        parsed = (
            parse_calendar_date(f"2000-{no_year.group(1)}-{no_year.group(2)}")
            if no_year
            else parse_calendar_date(bday[:10]) or parse_calendar_date(bday)
        )
        if parsed:
            if no_year:
                parsed = CalendarDate(parsed.month, parsed.day, None)
            add("birthday", parsed.display, parsed.key)
    org = meta.get("org") or meta.get("organization")
    if isinstance(org, list):
        org = org[0] if org else None
    if org and str(org).strip():
        add("works_at", str(org).strip(), object_key(str(org)))
    title = meta.get("title")
    if isinstance(title, str) and title.strip() and len(title.split()) <= 6:
        add("job_title", title.strip(), object_key(title))
    return out
