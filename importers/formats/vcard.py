"""vCard address books (``.vcf``): one ``contact`` record per card.

The text is a readable summary ("Contact: John Doe. Phone: ... Email: ... Birthday: ...
Works at ... Address: ...") and the metadata holds the fields (name, emails, phones,
birthday, org, title, addresses, urls, notes, uid). These records later become people and
facts. Parsing is done by ``importers.vcf`` (folding, QUOTED-PRINTABLE, CHARSET, 2.1 params).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from importers.base import ParsedFile, ParseOptions
from importers.errors import ParseError
from importers.source import SourceFile
from importers.vcf import Prop, components, parse_cards, text_list, unescape
from memory.records import RecordIn

_BDAY = re.compile(r"^(\d{4}|--)-?(\d{2})-?(\d{2})")
SKIP_TYPES = {"pref", "internet", "voice", "x400"}


def birthday(value: str) -> str | None:
    """``19800322``/``1980-03-22``/``--0322`` as ``1980-03-22``/``--03-22``."""
    m = _BDAY.match(value.strip())
    if not m:
        return value.strip() or None
    year, month, day = m.groups()
    try:
        if year != "--":
            return date(int(year), int(month), int(day)).isoformat()
        date(2000, int(month), int(day))
        return f"--{month}-{day}"
    except ValueError:
        return value.strip() or None


def ab_labels(props: list[Prop]) -> dict[str, str]:
    """Apple's custom labels: ``item2.X-ABLabel:Lisbon office`` names ``item2.TEL``'s kind
    (``_$!<HomePage>!$_`` is Apple's own ``homepage``)."""
    out = {}
    for p in props:
        if p.name == "X-ABLABEL" and p.group:
            label = unescape(p.value).strip()
            inner = re.fullmatch(r"_\$!<(.+)>!\$_", label)
            out[p.group.lower()] = (inner.group(1) if inner else label).lower()
    return out


def _typed(prop: Prop, labels: dict[str, str] | None = None) -> dict[str, Any]:
    value = unescape(prop.value).strip()
    if prop.name == "TEL" and value.lower().startswith("tel:"):
        value = value[4:]
    if prop.name == "EMAIL" and value.lower().startswith("mailto:"):
        value = value[7:]
    types = [t for t in prop.types if t not in SKIP_TYPES]
    label = (labels or {}).get((prop.group or "").lower())
    if label and label not in types:
        types.append(label)
    return {"value": value, "types": types, "pref": "pref" in prop.types or "PREF" in prop.params}


def _label(item: dict[str, Any]) -> str:
    kinds = ", ".join(t for t in item["types"] if not t.startswith("x-"))
    return f"{item['value']} ({kinds})" if kinds else item["value"]


def card_fields(props: list[Prop]) -> dict[str, Any]:
    """The fields Mneme keeps from one card."""
    out: dict[str, Any] = {
        "name": None,
        "structured_name": None,
        "nickname": None,
        "emails": [],
        "phones": [],
        "birthday": None,
        "anniversary": None,
        "org": None,
        "title": None,
        "role": None,
        "addresses": [],
        "urls": [],
        "notes": [],
        "uid": None,
        "categories": [],
        "impp": [],
        "other_names": [],
        "kind": None,
        "members": [],
    }
    labels = ab_labels(props)
    for p in props:
        enc = [e.upper() for e in p.params.get("ENCODING", [])]
        if "BASE64" in enc or "B" in enc or p.name in ("PHOTO", "LOGO", "SOUND", "KEY"):
            continue
        if p.name == "FN":
            name = unescape(p.value).strip() or None
            if out["name"] is None:
                out["name"] = name
            elif name and name != out["name"]:  # vCard 4.0: the name in another language
                out["other_names"].append(name)
        elif p.name == "KIND":
            out["kind"] = unescape(p.value).strip().lower() or None
        elif p.name == "MEMBER":
            member = unescape(p.value).strip()
            member = member[7:] if member.lower().startswith("mailto:") else member
            if member:
                out["members"].append(member)
        elif p.name == "N":
            parts = components(p.value) + [""] * 5
            family, given, additional, prefix, suffix = parts[:5]
            out["structured_name"] = {
                "family": family,
                "given": given,
                "additional": additional,
                "prefix": prefix,
                "suffix": suffix,
            }
        elif p.name == "NICKNAME":  # a list: "Johnny,JQP" is two nicknames ("\\," is a comma)
            out["nickname"] = ", ".join(n for n in text_list(p.value) if n) or None
        elif p.name == "EMAIL":
            item = _typed(p, labels)
            if item["value"]:
                out["emails"].append(item)
        elif p.name == "TEL":
            item = _typed(p, labels)
            if item["value"]:
                out["phones"].append(item)
        elif p.name == "BDAY":
            out["birthday"] = birthday(p.value)
        elif p.name in (
            "ANNIVERSARY",
            "X-ANNIVERSARY",
            "X-MS-ANNIVERSARY",
            "X-EVOLUTION-ANNIVERSARY",
        ):
            out["anniversary"] = out["anniversary"] or birthday(p.value)
        elif p.name == "ORG":
            org = [c for c in components(p.value) if c]
            if org and out["org"] is None:
                out["org"] = " - ".join(org)
        elif p.name == "TITLE":
            out["title"] = unescape(p.value).strip() or None
        elif p.name == "ROLE":
            out["role"] = unescape(p.value).strip() or None
        elif p.name == "ADR":
            parts = components(p.value) + [""] * 7
            pobox, ext, street, city, region, code, country = parts[:7]
            region_code = " ".join(x for x in (region, code) if x)
            pieces = [pobox, ext, street, city, region_code, country]
            text = ", ".join(x.replace("\n", ", ").strip(" ,") for x in pieces if x.strip(" ,"))
            if text:
                out["addresses"].append(
                    {"value": text, "types": [t for t in p.types if t not in SKIP_TYPES]}
                )
        elif p.name == "URL":
            url = unescape(p.value).strip()
            if url:
                out["urls"].append(url)
        elif p.name == "NOTE":
            note = unescape(p.value).strip()
            if note:
                out["notes"].append(note)
        elif p.name == "UID":
            out["uid"] = unescape(p.value).strip() or None
        elif p.name == "CATEGORIES":
            out["categories"].extend(c.strip() for c in unescape(p.value).split(",") if c.strip())
        elif p.name in ("IMPP", "X-AIM", "X-MS-IMADDRESS", "X-JABBER", "X-SKYPE"):
            handle = unescape(p.value).strip()
            if handle:
                out["impp"].append(handle)
    for key in ("urls", "notes", "categories", "impp"):
        out[key] = list(dict.fromkeys(out[key]))
    if out["name"] is None and out["structured_name"]:
        n = out["structured_name"]
        full = " ".join(
            x for x in (n["prefix"], n["given"], n["additional"], n["family"], n["suffix"]) if x
        )
        out["name"] = full or None
    return out


def _sentence(s: str) -> str:
    return s if s.endswith((".", "!", "?")) else s + "."


def summary(c: dict[str, Any]) -> str:
    """The readable sentence(s) of one contact."""
    who = (
        c["name"]
        or (c["emails"][0]["value"] if c["emails"] else None)
        or (c["phones"][0]["value"] if c["phones"] else "unnamed contact")
    )
    label = "Group" if c.get("kind") == "group" else "Contact"
    also = f" (also {', '.join(c['other_names'])})" if c.get("other_names") else ""
    parts = [_sentence(f"{label}: {who}{also}")]
    if c.get("members"):
        parts.append("Members: " + ", ".join(c["members"]) + ".")
    if c["nickname"]:
        parts.append(_sentence(f"Nickname: {c['nickname']}"))
    if c["phones"]:
        parts.append("Phone: " + "; ".join(_label(p) for p in c["phones"]) + ".")
    if c["emails"]:
        parts.append("Email: " + "; ".join(_label(e) for e in c["emails"]) + ".")
    if c["birthday"]:
        parts.append(f"Birthday: {c['birthday']}.")
    if c["org"] or c["title"]:
        job = c["title"] or c["role"]
        if job and c["org"]:
            parts.append(_sentence(f"Works at {c['org']} as {job}"))
        elif c["org"]:
            parts.append(_sentence(f"Works at {c['org']}"))
        else:
            parts.append(f"Job title: {job}.")
    if c["addresses"]:
        parts.append(_sentence("Address: " + "; ".join(_label(a) for a in c["addresses"])))
    if c["urls"]:
        parts.append(_sentence("Web: " + ", ".join(c["urls"])))
    if c["notes"]:
        parts.append("Notes: " + " ".join(c["notes"]))
    return " ".join(parts)


class VcardParser:
    """vCard files (one or many contacts)."""

    name = "vcard"
    description = "Contacts (.vcf vCard 2.1/3.0/4.0): names, phones, emails, birthdays"

    def sniff(self, f: SourceFile) -> float:
        head = f.head(4096).lstrip(b"\xef\xbb\xbf \t\r\n").upper()
        if head.startswith(b"BEGIN:VCARD"):
            return 0.95
        if f.suffix in (".vcf", ".vcard"):
            return 0.6
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        data = f.read_bytes()
        if f.looks_binary():
            raise ParseError(f.display, "binary data, not a vCard file")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("latin-1")  # old 2.1 exports are often Windows-1252/Latin-1
        cards = parse_cards(text)
        if not cards:
            raise ParseError(f.display, "no BEGIN:VCARD ... END:VCARD block found")
        records: list[RecordIn] = []
        warnings: list[str] = []
        for n, props in enumerate(cards, 1):
            c = card_fields(props)
            if not (c["name"] or c["emails"] or c["phones"]):
                warnings.append(f"card {n} has no name, email or phone; skipped")
                continue
            records.append(
                RecordIn(
                    text=summary(c),
                    kind="contact",
                    speaker=None,
                    conversation=f.uri,
                    title=c["name"] or (c["emails"] or c["phones"])[0]["value"],
                    event_time=None,
                    external_id=c["uid"],
                    metadata={**c, "card_index": n},
                )
            )
        return ParsedFile(
            kind=self.name,
            records=records,
            title=records[0].title if len(records) == 1 else f"{f.stem} ({len(records)} contacts)",
            warnings=warnings,
            metadata={"cards": len(cards)},
        )


PARSER = VcardParser()
