"""A small, forgiving vCard reader (versions 2.1, 3.0 and 4.0).

Handles line folding (a continuation line starts with a space or tab), vCard 2.1
QUOTED-PRINTABLE soft line breaks (a line ending in ``=`` continues on the next), bare 2.1
parameters (``TEL;CELL;PREF``), ``CHARSET``, BASE64 blobs (skipped), group prefixes
(``item1.EMAIL``) and backslash escapes. Used by ``importers.formats.vcard``.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass, field

_NAME = re.compile(r"^(?:([A-Za-z0-9-]+)\.)?([A-Za-z0-9-]+)$")


@dataclass
class Prop:
    """One content line: ``NAME;PARAM=VALUE:value``."""

    name: str
    params: dict[str, list[str]] = field(default_factory=dict)
    value: str = ""
    group: str | None = None  # "item1" in "item1.TEL": Apple ties a label to it this way

    @property
    def types(self) -> list[str]:
        return [t.lower() for t in self.params.get("TYPE", [])]


def unfold(text: str) -> list[str]:
    """Logical lines: folded lines joined, QUOTED-PRINTABLE soft breaks joined."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines: list[str] = []
    qp_open = False
    for line in raw:
        if qp_open and lines:
            lines[-1] = lines[-1][:-1] + line  # drop the soft-break "="
        elif line[:1] in (" ", "\t") and lines:
            lines[-1] += line[1:]
        else:
            lines.append(line)
        last = lines[-1] if lines else ""
        head = last.split(":", 1)[0].upper()
        qp_open = "QUOTED-PRINTABLE" in head and ":" in last and last.endswith("=")
    return lines


def _split_unescaped(s: str, sep: str) -> list[str]:
    out, buf, esc = [], [], False
    for ch in s:
        if esc:
            buf.append("\\" + ch)
            esc = False
        elif ch == "\\":
            esc = True
        elif ch == sep:
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    if esc:
        buf.append("\\")
    out.append("".join(buf))
    return out


def unescape(s: str) -> str:
    """vCard text escapes: ``\\n``, ``\\,``, ``\\;``, ``\\\\``, ``\\:``."""
    return re.sub(r"\\([nN,;:\\\"])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), s)


def parse_line(line: str) -> Prop | None:
    """One logical line as a ``Prop`` (None for lines that are not properties)."""
    if ":" not in line:
        return None
    # The value starts at the first ":" outside a quoted parameter value.
    in_quote = False
    cut = -1
    for i, ch in enumerate(line):
        if ch == '"':
            in_quote = not in_quote
        elif ch == ":" and not in_quote:
            cut = i
            break
    if cut < 0:
        return None
    head, value = line[:cut], line[cut + 1 :]
    parts = head.split(";")
    m = _NAME.match(parts[0].strip())
    if not m:
        return None
    params: dict[str, list[str]] = {}
    for p in parts[1:]:
        p = p.strip()
        if not p:
            continue
        if "=" in p:
            k, v = p.split("=", 1)
            key = k.strip().upper()
            vals = [x.strip().strip('"') for x in v.split(",")]
        else:  # vCard 2.1 bare parameter: a type, an encoding or a charset
            bare = p.upper()
            if bare in ("QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"):
                key, vals = "ENCODING", [bare]
            else:
                key, vals = "TYPE", [p]
        params.setdefault(key, []).extend(v for v in vals if v)
    if "TYPE" in params:
        params["TYPE"] = [t for v in params["TYPE"] for t in v.split(",") if t]
    prop = Prop(m.group(2).upper(), params, value, m.group(1))
    enc = [e.upper() for e in params.get("ENCODING", [])]
    if "QUOTED-PRINTABLE" in enc:
        charset = (params.get("CHARSET") or ["utf-8"])[0]
        raw = quopri.decodestring(value.encode("latin-1", "replace"))
        try:
            prop.value = raw.decode(charset, errors="replace")
        except LookupError:
            prop.value = raw.decode("utf-8", errors="replace")
        prop.value = prop.value.replace("\r\n", "\n")
    return prop


def parse_cards(text: str) -> list[list[Prop]]:
    """Every ``BEGIN:VCARD`` ... ``END:VCARD`` block as a list of properties."""
    cards: list[list[Prop]] = []
    current: list[Prop] | None = None
    depth = 0
    for line in unfold(text):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            depth += 1
            if depth == 1:
                current = []
            continue
        if upper == "END:VCARD":
            depth = max(0, depth - 1)
            if depth == 0 and current is not None:
                cards.append(current)
                current = None
            continue
        if current is None or depth != 1 or not line.strip():
            continue
        prop = parse_line(line)
        if prop is not None:
            current.append(prop)
    if current:
        cards.append(current)  # a last card without END:VCARD
    return cards


def text_list(value: str) -> list[str]:
    """A list value (``NICKNAME``, ``CATEGORIES``) split at unescaped ``,``."""
    return [unescape(p).strip() for p in _split_unescaped(value, ",")]


def components(value: str) -> list[str]:
    """A structured value (``N``, ``ADR``, ``ORG``) split at unescaped ``;``."""
    return [unescape(p).strip() for p in _split_unescaped(value, ";")]
