"""Forms written as JSON or YAML: a list of questions or a list of field descriptions.

Accepted shapes (the same for JSON and YAML):

- ``["What is your name?", "Email"]``: questions;
- ``[{"name": "email", "label": "Email", "type": "email", "required": true}, ...]``: fields
  (``label`` may also be spelt ``question``, ``title`` or ``text``; ``options`` is a list of
  strings or of ``{"value", "label"}``);
- ``{"title": "...", "fields": [...]}`` or ``{"questions": [...]}``;
- ``{"first_name": "First name", ...}``: field names mapped to labels.

Called by ``importers.forms``; the field's locator is its index in the list, which the JSON
writer uses.
"""

from __future__ import annotations

import json
from typing import Any

from importers.errors import ParseError
from importers.forms.questions import question_field
from memory.prefill.spec import Field, FieldOption, FormSpec, normalise_type

MAX_FIELDS = 2000
_LABEL_KEYS = ("label", "question", "title", "text", "prompt", "description")


def parse_json_form(text: str, where: str) -> FormSpec:
    """A form from JSON text.

    Raises:
        ParseError: invalid JSON or a shape that is not a form.
    """
    try:
        data = json.loads(text)
    except ValueError as e:
        raise ParseError(where, f"not valid JSON ({e})") from e
    return form_from_data(data, where, kind="json")


def parse_yaml_form(text: str, where: str) -> FormSpec:
    """A form from YAML text (safe loader only).

    Raises:
        ParseError: invalid YAML or a shape that is not a form.
    """
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        problem = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise ParseError(where, f"not valid YAML ({problem})") from e
    return form_from_data(data, where, kind="yaml")


def form_from_data(data: Any, where: str, *, kind: str) -> FormSpec:
    """A ``FormSpec`` from decoded JSON/YAML data (see the module docstring for shapes).

    Raises:
        ParseError: the data is not one of the accepted shapes.
    """
    title: str | None = None
    if isinstance(data, dict):
        title = _text(data.get("title")) or None
        if "fields" in data or "questions" in data:
            data = data.get("fields", data.get("questions"))
        elif data and all(isinstance(v, str) for v in data.values()):
            data = [{"name": str(k), "label": v} for k, v in data.items()]
        else:
            raise ParseError(
                where, "expected a list of questions or fields, or an object with `fields`"
            )
    if not isinstance(data, list):
        raise ParseError(where, "expected a list of questions or fields")
    if not data:
        raise ParseError(where, "the form has no fields")
    if len(data) > MAX_FIELDS:
        raise ParseError(where, f"more than {MAX_FIELDS} fields")
    fields: list[Field] = []
    seen: set[str] = set()
    for index, item in enumerate(data):
        if isinstance(item, str):
            if not item.strip():
                raise ParseError(where, f"item {index + 1} is an empty question")
            built = question_field(item, index + 1)
        elif isinstance(item, dict):
            built = _field(item, index, where)
        else:
            raise ParseError(
                where, f"item {index + 1} is a {type(item).__name__}, not a question or field"
            )
        if built.name in seen:
            raise ParseError(where, f"two fields are named {built.name!r}")
        seen.add(built.name)
        fields.append(built)
    return FormSpec(kind=kind, fields=tuple(fields), source=where, title=title)


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _field(item: dict[str, Any], index: int, where: str) -> Field:
    label = next((_text(item[k]) for k in _LABEL_KEYS if _text(item.get(k))), "")
    name = _text(item.get("name") or item.get("id") or item.get("key"))
    if not name and not label:
        raise ParseError(where, f"field {index + 1} has neither a name nor a label")
    kind = normalise_type(_text(item.get("type")) or ("question" if not name else "text"))
    options = _options(item.get("options", item.get("choices")), index, where)
    if options and kind not in ("select", "radio", "checkbox"):
        kind = "select"
    max_length = item.get("max_length", item.get("maxlength"))
    return Field(
        name=name or f"q{index + 1}",
        label=label,
        type=kind,
        options=options,
        required=bool(item.get("required", False)),
        locator=str(index),
        placeholder=_text(item.get("placeholder")) or None,
        autocomplete=_text(item.get("autocomplete")) or None,
        multiple=bool(item.get("multiple", False)),
        max_length=int(max_length) if isinstance(max_length, int) else None,
        format=_text(item.get("format")) or None,
    )


def _options(raw: Any, index: int, where: str) -> tuple[FieldOption, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ParseError(where, f"field {index + 1}: `options` must be a list")
    out: list[FieldOption] = []
    for opt in raw:
        if isinstance(opt, dict):
            value = _text(opt.get("value", opt.get("label")))
            out.append(FieldOption(value=value, label=_text(opt.get("label")) or value))
        elif isinstance(opt, str | int | float | bool):
            out.append(FieldOption(value=_text(opt), label=_text(opt)))
        else:
            raise ParseError(where, f"field {index + 1}: an option is not a string or object")
    return tuple(out)
