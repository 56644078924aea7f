"""The form model prefill works on: a ``FormSpec`` of ``Field`` values.

Form readers (``importers.forms``) turn a question, a list of questions, a JSON/YAML field
list, an HTML form or a PDF AcroForm into a ``FormSpec``; ``memory.prefill.service`` fills
it; the writers in ``importers.forms`` use each field's ``locator`` to put values back into
a copy of the original. The model is pure data and lives in ``memory`` (like ``RecordIn``)
so both layers can use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FIELD_TYPES = frozenset(
    {
        "text",
        "textarea",
        "date",
        "datetime",
        "month",
        "email",
        "tel",
        "number",
        "url",
        "select",
        "radio",
        "checkbox",
        "password",
        "question",
    }
)
"""Kinds of field. ``question`` is a free-text question asked in words (one line of a list)."""

CHOICE_TYPES = frozenset({"select", "radio"})

_TYPE_ALIASES = {
    "string": "text",
    "str": "text",
    "input": "text",
    "search": "text",
    "multiline": "textarea",
    "longtext": "textarea",
    "phone": "tel",
    "telephone": "tel",
    "mail": "email",
    "e-mail": "email",
    "integer": "number",
    "int": "number",
    "float": "number",
    "choice": "select",
    "dropdown": "select",
    "combo": "select",
    "list": "select",
    "bool": "checkbox",
    "boolean": "checkbox",
    "check": "checkbox",
    "datetime-local": "datetime",
    "secret": "password",
}


def normalise_type(value: str | None) -> str:
    """A known field type for ``value`` (``"phone"`` -> ``"tel"``); unknown kinds are text."""
    kind = (value or "text").strip().lower()
    kind = _TYPE_ALIASES.get(kind, kind)
    return kind if kind in FIELD_TYPES else "text"


@dataclass(frozen=True)
class FieldOption:
    """One choice of a select, radio group or checkbox.

    Attributes:
        value: what is written back into the form when the option is chosen.
        label: what the user sees (falls back to ``value``).
    """

    value: str
    label: str = ""

    @property
    def text(self) -> str:
        """The label, or the value when there is no label."""
        return self.label or self.value


@dataclass(frozen=True)
class Field:
    """One field of a form (or one question).

    Attributes:
        name: the field's machine name (HTML ``name``/``id``, PDF field name, JSON ``name``).
        label: the words the user reads (label text, question, aria-label...).
        type: one of ``FIELD_TYPES``.
        options: the choices of a select or radio group (and the "on" value of a checkbox).
        required: the form marks the field required.
        locator: where the field is in the original file, for writing values back (an
            HTML element path, a PDF fully qualified field name, a JSON index).
        placeholder: the field's placeholder text (may show a date format like DD/MM/YYYY).
        autocomplete: the HTML ``autocomplete`` token(s), e.g. ``cc-number`` or ``email``.
        multiple: a select that takes several values.
        max_length: the longest value the form accepts, when it says.
        format: an explicit value format (a date pattern such as ``DD/MM/YYYY``).
        extra: anything format-specific a writer needs.
    """

    name: str
    label: str
    type: str = "text"
    options: tuple[FieldOption, ...] = ()
    required: bool = False
    locator: str = ""
    placeholder: str | None = None
    autocomplete: str | None = None
    multiple: bool = False
    max_length: int | None = None
    format: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def display(self) -> str:
        """The label, or the name when the form gives no label."""
        return self.label or self.name

    def as_json(self) -> dict[str, Any]:
        """The field as plain JSON (for ``--json`` and the JSON writer)."""
        out: dict[str, Any] = {"name": self.name, "label": self.label, "type": self.type}
        if self.options:
            out["options"] = [{"value": o.value, "label": o.text} for o in self.options]
        if self.required:
            out["required"] = True
        for key in ("placeholder", "autocomplete", "format", "max_length"):
            value = getattr(self, key)
            if value:
                out[key] = value
        return out


@dataclass(frozen=True)
class FormSpec:
    """A parsed form: its fields in order, and where it came from.

    Attributes:
        kind: ``question``, ``questions``, ``json``, ``yaml``, ``html`` or ``pdf``.
        fields: the fields, in the order the form shows them.
        source: the file's display path (None for a question typed on the command line).
        title: the form's title when it has one.
    """

    kind: str
    fields: tuple[Field, ...]
    source: str | None = None
    title: str | None = None

    def field(self, name: str) -> Field | None:
        """The first field called ``name`` (None if there is none)."""
        return next((f for f in self.fields if f.name == name), None)
