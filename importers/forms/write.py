"""Writing a filled copy of a form: HTML with values set, a PDF with fields filled, or JSON.

Called by ``mneme prefill --out FILE`` and the TUI's save. The output kind follows the
output file's suffix; HTML and PDF copies need the original form's bytes (the values go
back into that file through each field's locator), JSON works for any form.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from importers.errors import ParseError
from importers.forms.html import fill_html
from importers.forms.pdf import fill_pdf
from memory.prefill.spec import Field, FormSpec


def filled_bytes(
    spec: FormSpec,
    values: Sequence[tuple[Field, str]],
    out_suffix: str,
    *,
    original: bytes | None,
    json_doc: dict[str, Any] | None = None,
) -> bytes:
    """The bytes of the filled copy for an output file ending in ``out_suffix``.

    Args:
        spec: the form that was filled.
        values: each field with the value to write ("" leaves it as it was).
        out_suffix: ``.html``/``.htm``, ``.pdf`` or ``.json``.
        original: the original form file's bytes (needed for HTML and PDF).
        json_doc: what to write for ``.json`` (defaults to ``{"fields": [...]}``).

    Raises:
        ParseError: the output kind does not fit the form (a PDF copy of an HTML form...).
    """
    suffix = out_suffix.lower()
    where = spec.source or "form"
    if suffix == ".json":
        doc = json_doc or {
            "fields": [{**f.as_json(), "value": v} for f, v in values],
        }
        return json.dumps(doc, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    if suffix in (".html", ".htm"):
        if spec.kind != "html" or original is None:
            raise ParseError(where, "only an HTML form can be written back as HTML (use .json)")
        return fill_html(original, where, values)
    if suffix == ".pdf":
        if spec.kind != "pdf" or original is None:
            raise ParseError(where, "only a PDF form can be written back as PDF (use .json)")
        return fill_pdf(original, where, values)
    raise ParseError(
        where,
        f"cannot write a filled form as {suffix or 'a file without suffix'}"
        " (use .html, .pdf or .json)",
    )


def write_filled(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (through a temporary file, so a failure leaves no half file).

    Raises:
        ParseError: the file cannot be written.
    """
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise ParseError(str(path), f"cannot write the filled form ({e.strerror or e})") from e
