"""PDF forms (AcroForm, through pypdf): read the fields, and write a filled copy.

Reading takes every terminal field of the AcroForm: text (``/Tx``; multiline ones are
textareas, password-flagged ones passwords), check boxes and radio groups (``/Btn``; push
buttons are skipped), choices (``/Ch``, with their options) and leaves signatures out. A
field's label is its tooltip (``/TU``), else the page text just left of (or above) its
widget, else its name made readable. A check box or radio button is labelled by the text just
right of it ("Female", "Agree to privacy policy"). The locator is the fully qualified field
name.

Writing sets the values with pypdf's ``update_page_form_field_values`` and sets
``NeedAppearances`` so viewers redraw the fields. Used by ``importers.forms`` and
``importers.forms.write``.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from importers.errors import ParseError
from importers.forms.html import FALSE_WORDS, TRUE_WORDS, humanise
from memory.prefill.spec import Field, FieldOption, FormSpec

log = logging.getLogger(__name__)

FF_MULTILINE = 1 << 12
FF_PASSWORD = 1 << 13
FF_RADIO = 1 << 15
FF_PUSHBUTTON = 1 << 16
FF_MULTISELECT = 1 << 21
ROW_TOLERANCE = 6.0
"""How far (points) a label's baseline may sit from a widget's middle to be on its row."""
ABOVE_TOLERANCE = 26.0
"""How far (points) above a widget a label may sit."""


@dataclass(frozen=True)
class _Text:
    text: str
    x: float
    y: float


@dataclass(frozen=True)
class _Widget:
    field_name: str
    rect: tuple[float, float, float, float]
    page: int
    states: tuple[str, ...]


def _open(data: bytes, where: str) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PdfStreamError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ParseError(where, "encrypted PDF; decrypt it first")
        _ = len(reader.pages)
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError) as e:
        raise ParseError(where, f"not a readable PDF ({e})") from e
    return reader


def _qualified(obj: Any) -> str:
    parts = []
    node = obj
    seen = 0
    while node is not None and seen < 32:
        if "/T" in node:
            parts.append(str(node["/T"]))
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
        seen += 1
    return ".".join(reversed(parts))


def _page_texts(page: Any) -> list[_Text]:
    out: list[_Text] = []

    def visit(text: str, cm: Any, tm: Any, _font: Any, _size: Any) -> None:
        clean = " ".join(text.split())
        if clean:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            out.append(_Text(clean, float(x), float(y)))

    try:
        page.extract_text(visitor_text=visit)
    except (ValueError, KeyError, TypeError) as e:  # a broken content stream: no labels
        log.info("no page text for labels: %s", e)
    return out


def _widgets(reader: Any) -> dict[str, list[_Widget]]:
    found: dict[str, list[_Widget]] = {}
    for number, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Widget":
                continue
            name = _qualified(annot)
            rect = tuple(float(v) for v in annot.get("/Rect", (0, 0, 0, 0)))
            ap = annot.get("/AP")
            normal = ap.get_object().get("/N") if ap is not None else None
            states: tuple[str, ...] = ()
            if normal is not None and hasattr(normal.get_object(), "keys"):
                keys = [str(k) for k in normal.get_object()]
                if not any(k in ("/Type", "/Subtype", "/BBox") for k in keys):
                    states = tuple(keys)
            found.setdefault(name, []).append(_Widget(name, rect, number, states))  # type: ignore[arg-type]
    return found


def _left_text(rect: tuple[float, ...], texts: list[_Text]) -> str:
    x0, y0, _x1, y1 = rect
    middle = (y0 + y1) / 2
    row = [t for t in texts if abs(t.y - middle) <= max(ROW_TOLERANCE, (y1 - y0) / 2) and t.x < x0]
    if row:
        return max(row, key=lambda t: t.x).text
    above = [t for t in texts if 0 <= t.y - y1 <= ABOVE_TOLERANCE and abs(t.x - x0) <= 24]
    return min(above, key=lambda t: t.y - y1).text if above else ""


def _right_text(rect: tuple[float, ...], texts: list[_Text]) -> str:
    _x0, y0, x1, y1 = rect
    middle = (y0 + y1) / 2
    row = [
        t
        for t in texts
        if abs(t.y - middle) <= max(ROW_TOLERANCE, (y1 - y0) / 2) and 0 <= t.x - x1 <= 40
    ]
    return min(row, key=lambda t: t.x).text if row else ""


def _label(text: str) -> str:
    return text.strip().rstrip(":*").strip()


def parse_pdf_form(data: bytes, where: str) -> FormSpec:
    """The fillable fields of a PDF's AcroForm.

    Raises:
        ParseError: not a readable PDF, encrypted, or no form fields.
    """
    reader = _open(data, where)
    try:
        raw_fields = reader.get_fields() or {}
    except (ValueError, KeyError, TypeError) as e:
        raise ParseError(where, f"the PDF's form is damaged ({e})") from e
    if not raw_fields:
        raise ParseError(where, "the PDF has no fillable form fields (no AcroForm)")
    widgets = _widgets(reader)
    texts: dict[int, list[_Text]] = {}

    def page_texts(n: int) -> list[_Text]:
        if n not in texts:
            texts[n] = _page_texts(reader.pages[n])
        return texts[n]

    fields: list[Field] = []
    for name, raw in raw_fields.items():
        kind = raw.get("/FT")
        if kind is None or kind == "/Sig":
            continue  # a parent node of other fields, or a signature
        flags = int(raw.get("/Ff", 0) or 0)
        own = widgets.get(name, [])
        first = own[0] if own else None
        near = _label(_left_text(first.rect, page_texts(first.page))) if first else ""
        tooltip = _label(str(raw.get("/TU", "") or ""))
        label = tooltip or near or humanise(name)
        common: dict[str, Any] = {"name": name, "locator": name, "label": label}
        if kind == "/Tx":
            max_len = raw.get("/MaxLen")
            kind_name = (
                "password"
                if flags & FF_PASSWORD
                else "textarea"
                if flags & FF_MULTILINE
                else "text"
            )
            fields.append(
                Field(type=kind_name, max_length=int(max_len) if max_len else None, **common)
            )
        elif kind == "/Btn":
            if flags & FF_PUSHBUTTON:
                continue
            states = [str(s) for s in raw.get("/_States_", []) if str(s) != "/Off"]
            if flags & FF_RADIO:
                options = []
                for state in states:
                    widget = next((w for w in own if state in w.states), None)
                    text = _right_text(widget.rect, page_texts(widget.page)) if widget else ""
                    options.append(
                        FieldOption(value=state.lstrip("/"), label=text or state.lstrip("/"))
                    )
                group = tooltip or (near if near else humanise(name))
                fields.append(
                    Field(type="radio", options=tuple(options), **{**common, "label": group})
                )
            else:
                on = states[0].lstrip("/") if states else "Yes"
                text = _right_text(first.rect, page_texts(first.page)) if first else ""
                box_label = tooltip or text or near or humanise(name)
                fields.append(
                    Field(
                        type="checkbox",
                        options=(FieldOption(value=on, label=box_label),),
                        **{**common, "label": box_label},
                    )
                )
        elif kind == "/Ch":
            options = []
            for opt in raw.get("/Opt", []) or []:
                opt = opt.get_object() if hasattr(opt, "get_object") else opt
                if isinstance(opt, list | tuple) and len(opt) == 2:
                    options.append(FieldOption(value=str(opt[0]), label=str(opt[1])))
                else:
                    options.append(FieldOption(value=str(opt), label=str(opt)))
            fields.append(
                Field(
                    type="select",
                    options=tuple(options),
                    multiple=bool(flags & FF_MULTISELECT),
                    **common,
                )
            )
    if not fields:
        raise ParseError(where, "the PDF's form has no fields Mneme can fill")
    title = reader.metadata.title if reader.metadata and reader.metadata.title else None
    return FormSpec(kind="pdf", fields=tuple(fields), source=where, title=title)


def fill_pdf(data: bytes, where: str, values: Sequence[tuple[Field, str]]) -> bytes:
    """A copy of the PDF with ``values`` in its form fields (empty values are left out).

    Check boxes take yes/no words; radio groups and choices take one of their option
    values. ``NeedAppearances`` is set so viewers draw the new values.

    Raises:
        ParseError: the PDF cannot be read or written.
    """
    from pypdf import PdfWriter
    from pypdf.errors import PdfReadError, PyPdfError
    from pypdf.generic import NameObject

    reader = _open(data, where)
    updates: dict[str, str] = {}
    names: dict[str, str] = {}
    for field, value in values:
        if not value:
            continue
        if field.type == "checkbox":
            word = value.strip().lower()
            on = field.options[0].value if field.options else "Yes"
            if word in TRUE_WORDS or word == on.lower():
                updates[field.locator] = names[field.locator] = "/" + on
            elif word in FALSE_WORDS:
                updates[field.locator] = names[field.locator] = "/Off"
        elif field.type == "radio":
            updates[field.locator] = names[field.locator] = "/" + value.lstrip("/")
        else:
            updates[field.locator] = value
    try:
        writer = PdfWriter(clone_from=reader)
        if updates:
            writer.update_page_form_field_values(None, updates, auto_regenerate=False)
        writer.set_need_appearances_writer(True)
        for name, state in names.items():  # radio/checkbox values are names, not strings
            for page in writer.pages:
                for ref in page.get("/Annots") or []:
                    annot = ref.get_object()
                    parent = annot.get("/Parent")
                    target = (
                        parent.get_object() if parent is not None and "/T" not in annot else annot
                    )
                    if _qualified(target) == name:
                        target[NameObject("/V")] = NameObject(state)
        out = io.BytesIO()
        writer.write(out)
    except (PyPdfError, PdfReadError, ValueError, KeyError, TypeError) as e:
        raise ParseError(where, f"could not write the filled PDF ({e})") from e
    return out.getvalue()
