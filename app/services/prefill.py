"""Filling forms from memory, confirming answers, and drafting replies in the user's voice.

One flow for ``mneme prefill`` / ``mneme draft`` and the TUI's prefill screen: open a form
(a file, stdin or pasted text; its bytes are kept so a filled copy keeps the rest), ``fill``
it (every field with its evidence, ``unknown`` when memory does not hold it, sensitive
fields never filled), let the user accept or edit a value (``confirm``: the answer becomes a
fact through the tiers' reconciliation, reinforcing or superseding what was known), and
write a filled copy. The chat model is offered only when it is capable
(``Services.capable_chat_model``); with the bundled tiny model prefill stays on its
deterministic path. The core is imported inside the functions (module docstring of
``app.services``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from models.errors import MnemeError

if TYPE_CHECKING:
    from app.bootstrap import Services
    from memory.prefill.draft import Draft as Draft
    from memory.prefill.draft import Drafter
    from memory.prefill.result import FieldResult as FieldResult
    from memory.prefill.result import PrefillResult as PrefillResult
    from memory.prefill.service import Prefiller
    from memory.prefill.sources import MemoryView
    from memory.prefill.spec import FormSpec as FormSpec


class NotAnOption(MnemeError):
    """A value for a select or radio field that matches none of its options."""


@dataclass(frozen=True)
class OpenedForm:
    """A form to fill and the bytes it came from (None for a single question)."""

    form: FormSpec
    original: bytes | None


@dataclass(frozen=True)
class Confirmed:
    """A field after the user accepted or edited its value, and what memory made of it."""

    field: FieldResult
    summary: str


def memory_view(services: Services) -> MemoryView:
    """Read access to every tier for prefill."""
    from memory.prefill.sources import MemoryView

    return MemoryView(services.store, services.recall, services.tiers, services.settings.self_names)


def build_prefiller(services: Services) -> Prefiller:
    """The form filler for ``services``."""
    from memory.prefill.service import Prefiller

    return Prefiller(memory_view(services), model=services.capable_chat_model)


def build_drafter(services: Services) -> Drafter:
    """The reply drafter for ``services``."""
    from memory.prefill.draft import Drafter

    return Drafter(memory_view(services), model=services.capable_chat_model)


# -- forms --------------------------------------------------------------------------------
def open_form(form_input: str, *, stdin_bytes: bytes | None = None) -> OpenedForm:
    """The form ``form_input`` names: a form file, ``-`` (``stdin_bytes``), or one question.

    Raises:
        ParseError: the file is missing, too big or not a form.
    """
    from importers.forms import read_form

    form = read_form(form_input, stdin_bytes=stdin_bytes)
    if form_input == "-":
        return OpenedForm(form, stdin_bytes)
    path = Path(form_input).expanduser()
    return OpenedForm(form, path.read_bytes() if path.is_file() else None)


def pasted_form(text: str) -> OpenedForm:
    """A pasted form: questions one per line, JSON, YAML or HTML.

    Raises:
        ParseError: the text is not a form.
    """
    from importers.forms import parse_form_bytes

    original = text.encode("utf-8")
    return OpenedForm(parse_form_bytes(original, "pasted form"), original)


def fill(services: Services, form: FormSpec, subject: str | None = None) -> PrefillResult:
    """A proposal with its evidence for every field of ``form``, for the user or for
    ``subject`` (a name in their memories)."""
    return build_prefiller(services).fill(form, subject)


def confirm(
    services: Services,
    fr: FieldResult,
    value: str,
    *,
    edited: bool,
    subject: str | None = None,
) -> Confirmed:
    """The user accepted (``edited`` False) or entered ``value`` for ``fr``: it becomes a fact
    about the user (or ``subject``), and the field shows it as theirs.

    Raises:
        NotAnOption: a select or radio field and ``value`` is none of its options.
    """
    from memory.prefill.confirm import remember_answer
    from memory.prefill.formats import fit_value

    field = fr.field
    if field.type in ("select", "radio"):
        fitted = fit_value(field, value)
        if fitted is None:
            choices = ", ".join(o.text for o in field.options if o.value)
            raise NotAnOption(f"{value!r} is not one of the options ({choices})")
        value = fitted
    who = memory_view(services).subject(subject)
    saved = remember_answer(services.tiers, services.store, who, field, value)
    done = replace(
        fr,
        value=value,
        status="filled",
        confidence=1.0,
        method="user" if edited else fr.method,
        reason="entered by you" if edited else "confirmed by you",
    )
    return Confirmed(done, saved.summary)


def write_copy(result: PrefillResult, path: Path, original: bytes | None) -> None:
    """Write a filled copy of the form to ``path`` (.html for an HTML form, .pdf for a PDF
    form, .json for any).

    Raises:
        ParseError: the copy cannot be made or written.
    """
    from importers.forms.write import filled_bytes, write_filled

    data = filled_bytes(
        result.form, result.values(), path.suffix, original=original, json_doc=result.as_json()
    )
    write_filled(path, data)


# -- replies ------------------------------------------------------------------------------
def draft(services: Services, message: str) -> Draft:
    """A reply to ``message`` in the user's voice, from what memory holds.

    Raises:
        MnemeError: the message is empty.
    """
    if not message.strip():
        raise MnemeError("the message to reply to is empty")
    return build_drafter(services).draft(message)
