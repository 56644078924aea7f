"""Making a remembered value fit its field: dates in the form's format, emails, phone numbers,
numbers, and choices that must be one of the field's options.

``fit_value(field, value)`` returns the value as the field wants it, or None when the value
cannot honestly be put there (a birthday without a year in a date field, a city in a
select of countries, text where an email is asked). Used by ``memory.prefill.service``.
"""

from __future__ import annotations

import difflib
import re
from datetime import date

from memory.dates import parse_full_date
from memory.dates.words import CARDINALS
from memory.prefill.spec import Field, FieldOption
from memory.text import fold

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+?\(?\d[\d ().-]{5,}\d")
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
DATE_FIELD_TYPES = frozenset({"date", "datetime", "month"})
_PATTERN_TOKEN = re.compile(r"(YYYY|YY|MM|DD|M|D)", re.I)
_DATE_PATTERN = re.compile(
    r"^\s*(?:dd|d|mm|m|yyyy|yy)(?:[./ -](?:dd|d|mm|m|yyyy|yy)){1,2}\s*$", re.I
)
_NUMBER_WORDS = {**{w: n for w, n in CARDINALS.items() if n <= 10}, "a": 1, "an": 1}
MIN_FUZZY = 0.86


def date_pattern(field: Field) -> str | None:
    """The field's date pattern (``DD/MM/YYYY``...) from its format or placeholder."""
    for text in (field.format, field.placeholder):
        if text and _DATE_PATTERN.match(text):
            return text.strip()
    return None


def wants_date(field: Field) -> bool:
    """True when the field takes a date (by type or by a date-pattern placeholder)."""
    return field.type in DATE_FIELD_TYPES or date_pattern(field) is not None


def format_date(day: date, pattern: str | None) -> str:
    """``day`` written with ``pattern`` (``DD/MM/YYYY``, ``MM-DD-YY``...); ISO without one."""
    if not pattern:
        return day.isoformat()
    parts = {
        "YYYY": f"{day.year:04d}",
        "YY": f"{day.year % 100:02d}",
        "MM": f"{day.month:02d}",
        "M": str(day.month),
        "DD": f"{day.day:02d}",
        "D": str(day.day),
    }
    return _PATTERN_TOKEN.sub(lambda m: parts[m.group(1).upper()], pattern)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


def match_option(options: tuple[FieldOption, ...], value: str) -> FieldOption | None:
    """The option ``value`` means: same text, a whole-word containment, or a near spelling.

    Placeholder options ("-- choose --", empty values) are never chosen. None when no option
    fits (the field then stays unknown rather than taking a wrong choice).
    """
    real = [o for o in options if o.value.strip() and _norm(o.text)]
    wanted = _norm(value)
    if not wanted or not real:
        return None
    for opt in real:
        if wanted in (_norm(opt.text), _norm(opt.value)):
            return opt
    contained = [
        o
        for o in real
        if re.search(rf"\b{re.escape(_norm(o.text))}\b", wanted)
        or re.search(rf"\b{re.escape(wanted)}\b", _norm(o.text))
    ]
    if len(contained) == 1:
        return contained[0]
    best: tuple[float, FieldOption | None] = (0.0, None)
    for opt in real:
        ratio = difflib.SequenceMatcher(None, wanted, _norm(opt.text)).ratio()
        if ratio > best[0]:
            best = (ratio, opt)
    return best[1] if best[0] >= MIN_FUZZY else None


def _number(value: str) -> str | None:
    m = NUMBER.search(value)
    if m:
        return m.group(0).replace(",", ".")
    for word in _norm(value).split():
        if word in _NUMBER_WORDS and word not in ("a", "an"):
            return str(_NUMBER_WORDS[word])
    return None


def fit_value(field: Field, value: str) -> str | None:
    """``value`` as ``field`` takes it, or None when it does not fit.

    Args:
        field: the form field.
        value: the remembered value (a fact's object, a quoted sentence...).
    """
    value = " ".join(value.split())
    if not value:
        return None
    if field.type in ("select", "radio"):
        if field.multiple:
            chosen = [match_option(field.options, part) for part in re.split(r",|;| and ", value)]
            picked = list(dict.fromkeys(o.value for o in chosen if o is not None))
            return "; ".join(picked) if picked else None
        option = match_option(field.options, value)
        return option.value if option is not None else None
    if field.type == "checkbox":
        return None  # consent and yes/no boxes are the user's call
    if field.type == "email":
        m = EMAIL.search(value)
        return m.group(0) if m else None
    if field.type == "tel":
        m = PHONE.search(value)
        digits = re.sub(r"\D", "", m.group(0)) if m else ""
        return m.group(0).strip() if m and len(digits) >= 6 else None
    if field.type == "number":
        return _number(value)
    if field.type == "url":
        m = re.search(r"https?://\S+", value)
        return m.group(0) if m else None
    if wants_date(field):
        day = parse_full_date(value)
        if day is None:
            return None
        if field.type == "date":
            return day.isoformat()  # an HTML date input always takes ISO
        if field.type == "month":
            return day.isoformat()[:7]
        return format_date(day, date_pattern(field))
    if field.max_length and len(value) > field.max_length:
        return None
    return value
