"""HTML forms: read their fields with labels, and write a filled copy.

Reading finds every ``input``, ``select`` and ``textarea`` of the page (inside forms or
not), skipping hidden, submit, button, reset, image and file inputs. A field's label comes
from, in order: ``<label for=id>``, a wrapping ``<label>``, ``aria-labelledby``,
``aria-label``, a label just before the control, ``placeholder``, ``title``, and finally the
``name`` made readable. Radio buttons sharing a name become one ``radio`` field whose
options are the buttons (labelled the same way); a group's label is its ``<fieldset>``
legend. Each field's locator is the control's XPath in the page, so the writer finds it again
in the same file.

The page is parsed with lxml's HTML parser without network access. Used by
``importers.forms`` (reading) and ``importers.forms.write`` (the filled copy).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from importers.errors import ParseError
from memory.prefill.spec import Field, FieldOption, FormSpec, normalise_type

SKIPPED_INPUTS = frozenset({"hidden", "submit", "button", "reset", "image", "file"})
TRUE_WORDS = frozenset({"yes", "true", "on", "1", "checked", "y", "x"})
FALSE_WORDS = frozenset({"no", "false", "off", "0", "unchecked", "n"})
_WS = re.compile(r"\s+")
_CONTROLS = ("input", "select", "textarea")


def _parse(data: bytes, where: str) -> Any:
    if not data.strip():
        raise ParseError(where, "the HTML file is empty")
    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        return lxml_html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise ParseError(where, f"not readable HTML ({e})") from e


def _clean(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip().rstrip(":*").strip()


def _own_text(el: Any) -> str:
    """The text of ``el`` without the text of controls inside it (select options...)."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.tag in ("select", "textarea", "option", "script", "style"):
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return _clean(" ".join(parts))


def humanise(name: str) -> str:
    """``first_name`` / ``firstName`` / ``user[email]`` -> ``First name`` / ``Email``."""
    base = re.sub(r"\]$", "", name).split("[")[-1]
    base = re.sub(r"([a-z])([A-Z])", r"\1 \2", base)
    base = _clean(re.sub(r"[_\-.]+", " ", base))
    base = re.sub(r"\s+\d+$", "", base) or base
    return base[:1].upper() + base[1:].lower() if base else name


class _Labels:
    """Label lookup for one document."""

    def __init__(self, root: Any) -> None:
        self.by_for: dict[str, str] = {}
        for label in root.iter("label"):
            target = label.get("for")
            if target and target not in self.by_for:
                self.by_for[target] = _own_text(label)
        self.by_id = {
            el.get("id"): el for el in root.iter() if isinstance(el.tag, str) and el.get("id")
        }

    def label(self, el: Any) -> str:
        el_id = el.get("id")
        if el_id and self.by_for.get(el_id):
            return self.by_for[el_id]
        for parent in el.iterancestors("label"):
            text = _own_text(parent)
            if text:
                return text
        ref = el.get("aria-labelledby")
        if ref:
            texts = [_own_text(self.by_id[i]) for i in ref.split() if i in self.by_id]
            if any(texts):
                return " ".join(t for t in texts if t)
        if _clean(el.get("aria-label")):
            return _clean(el.get("aria-label"))
        prev = el.getprevious()
        if prev is not None and prev.tag == "label" and not prev.get("for"):
            text = _own_text(prev)
            if text:
                return text
        for attr in ("placeholder", "title"):
            if _clean(el.get(attr)):
                return _clean(el.get(attr))
        return ""


def _legend(el: Any) -> str:
    for fieldset in el.iterancestors("fieldset"):
        legend = fieldset.find("legend")
        if legend is not None and _own_text(legend):
            return _own_text(legend)
    return ""


def _required(el: Any) -> bool:
    return el.get("required") is not None or el.get("aria-required") == "true"


def _max_length(el: Any) -> int | None:
    value = el.get("maxlength")
    return int(value) if value and value.isdigit() else None


def parse_html_form(data: bytes, where: str) -> FormSpec:
    """The fillable fields of an HTML page.

    Raises:
        ParseError: the file is not HTML or holds no fillable field.
    """
    root = _parse(data, where)
    tree = root.getroottree()
    labels = _Labels(root)
    fields: list[Field] = []
    radios: dict[tuple[Any, str], list[Any]] = {}
    order: list[tuple[str, Any]] = []
    for el in root.iter(*_CONTROLS):
        if el.get("disabled") is not None:
            continue
        if el.tag == "input":
            kind = (el.get("type") or "text").strip().lower()
            if kind in SKIPPED_INPUTS:
                continue
            if kind == "radio":
                name = el.get("name") or el.get("id") or f"radio{len(radios) + 1}"
                key = (el.get("form") or next(el.iterancestors("form"), None), name)
                if key not in radios:
                    radios[key] = []
                    order.append(("radio", key))
                radios[key].append(el)
                continue
        order.append(("control", el))
    for what, item in order:
        if what == "radio":
            fields.append(_radio_field(item[1], radios[item], labels, tree))
        else:
            fields.append(_control_field(item, labels, tree))
    if not fields:
        raise ParseError(where, "no fillable form fields (input, select, textarea) found")
    title_el = root.find(".//title")
    title = _clean(title_el.text_content()) if title_el is not None else ""
    return FormSpec(kind="html", fields=tuple(fields), source=where, title=title or None)


def _control_field(el: Any, labels: _Labels, tree: Any) -> Field:
    name = el.get("name") or el.get("id") or ""
    label = labels.label(el)
    common: dict[str, Any] = {
        "name": name or (humanise(label) if label else el.tag),
        "label": label or humanise(name),
        "required": _required(el),
        "locator": tree.getpath(el),
        "placeholder": _clean(el.get("placeholder")) or None,
        "autocomplete": _clean(el.get("autocomplete")) or None,
        "max_length": _max_length(el),
    }
    if el.tag == "textarea":
        return Field(type="textarea", **common)
    if el.tag == "select":
        options = tuple(
            FieldOption(
                value=opt.get("value")
                if opt.get("value") is not None
                else _clean(opt.text_content()),
                label=_clean(opt.text_content()),
            )
            for opt in el.iter("option")
        )
        return Field(
            type="select", options=options, multiple=el.get("multiple") is not None, **common
        )
    kind = (el.get("type") or "text").strip().lower()
    if kind == "checkbox":
        value = el.get("value") or "on"
        return Field(
            type="checkbox", options=(FieldOption(value=value, label=common["label"]),), **common
        )
    return Field(type=normalise_type(kind), **common)


def _radio_field(name: str, buttons: list[Any], labels: _Labels, tree: Any) -> Field:
    options = []
    locators = {}
    for button in buttons:
        value = button.get("value") or "on"
        options.append(FieldOption(value=value, label=labels.label(button) or value))
        locators[value] = tree.getpath(button)
    first = buttons[0]
    label = _legend(first) or _clean(first.get("aria-label")) or humanise(name)
    return Field(
        name=name,
        label=label,
        type="radio",
        options=tuple(options),
        required=any(_required(b) for b in buttons),
        locator=tree.getpath(first),
        extra={"option_locators": locators},
    )


def fill_html(data: bytes, where: str, values: Sequence[tuple[Field, str]]) -> bytes:
    """A copy of the HTML page with ``values`` set (empty values leave a field as it is).

    Text inputs get a ``value`` attribute, textareas their text, selects the ``selected``
    option(s), radios and checkboxes ``checked``.

    Raises:
        ParseError: the page is not HTML, or a field's locator no longer finds it.
    """
    root = _parse(data, where)
    for field, value in values:
        if not value:
            continue
        found = root.getroottree().xpath(field.locator) if field.locator.startswith("/") else []
        if not found:
            raise ParseError(where, f"field {field.name!r} is not in the page any more")
        el = found[0]
        if field.type == "radio":
            _check_radio(root, field, value)
        elif field.type == "checkbox":
            _check_box(el, value)
        elif el.tag == "select":
            wanted = {v.strip() for v in value.split(";")} if field.multiple else {value}
            for opt in el.iter("option"):
                opt_value = (
                    opt.get("value") if opt.get("value") is not None else _clean(opt.text_content())
                )
                if opt_value in wanted:
                    opt.set("selected", "selected")
                elif "selected" in opt.attrib:
                    del opt.attrib["selected"]
        elif el.tag == "textarea":
            for child in list(el):
                el.remove(child)
            el.text = value
        else:
            el.set("value", value)
    doctype = root.getroottree().docinfo.doctype
    text = lxml_html.tostring(root, encoding="unicode", doctype=doctype or None)
    return text.encode("utf-8")


def _check_radio(root: Any, field: Field, value: str) -> None:
    locators: dict[str, str] = field.extra.get("option_locators", {})
    if value not in locators:
        raise ParseError("form", f"{value!r} is not an option of {field.name!r}")
    for option_value, path in locators.items():
        found = root.getroottree().xpath(path)
        if not found:
            continue
        if option_value == value:
            found[0].set("checked", "checked")
        elif "checked" in found[0].attrib:
            del found[0].attrib["checked"]


def _check_box(el: Any, value: str) -> None:
    word = value.strip().lower()
    on_value = (el.get("value") or "on").lower()
    if word in TRUE_WORDS or word == on_value:
        el.set("checked", "checked")
    elif word in FALSE_WORDS and "checked" in el.attrib:
        del el.attrib["checked"]
