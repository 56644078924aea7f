"""Reading forms and questions for prefill, and writing filled copies.

``read_form`` is the one entry point the CLI and the TUI use: given what the user typed (a
question, a path, or ``-`` with the stdin text) it returns a ``memory.prefill.spec.FormSpec``.
One module per input kind: ``questions`` (a question, a text list), ``structured`` (JSON /
YAML), ``html`` and ``pdf``; ``write`` writes the filled copy. Readers are pure: they read
bytes and return data, never touching the database.
"""

from __future__ import annotations

from pathlib import Path

from importers.errors import ParseError
from importers.forms.html import parse_html_form
from importers.forms.pdf import parse_pdf_form
from importers.forms.questions import parse_question, parse_question_lines
from importers.forms.structured import form_from_data, parse_json_form, parse_yaml_form
from memory.prefill.spec import FormSpec

FORM_SUFFIXES = (".txt", ".json", ".yaml", ".yml", ".html", ".htm", ".pdf")
MAX_FORM_BYTES = 50 * 1024 * 1024


def parse_form_bytes(data: bytes, where: str, suffix: str = "") -> FormSpec:
    """A form from a file's bytes; ``suffix`` (``.pdf``...) picks the reader, else the content.

    Raises:
        ParseError: the content is not a form of the kind it claims (or of any kind).
    """
    suffix = suffix.lower()
    if suffix == ".pdf" or (not suffix and data.lstrip()[:5] == b"%PDF-"):
        return parse_pdf_form(data, where)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ParseError(where, f"not UTF-8 text (byte 0x{data[e.start]:02x} at {e.start})") from e
    if suffix in (".html", ".htm"):
        return parse_html_form(data, where)
    if suffix == ".json":
        return parse_json_form(text, where)
    if suffix in (".yaml", ".yml"):
        return parse_yaml_form(text, where)
    if suffix == ".txt":
        return parse_question_lines(text, where)
    return _sniff_text(data, text, where)


def _sniff_text(data: bytes, text: str, where: str) -> FormSpec:
    if not text.strip():
        raise ParseError(where, "empty input: no form and no question")
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<form", "<input", "<label", "<select")):
        return parse_html_form(data, where)
    if head.startswith(("[", "{")):
        return parse_json_form(text, where)
    import yaml

    try:
        data_obj = yaml.safe_load(text)
    except yaml.YAMLError:
        data_obj = None
    if isinstance(data_obj, list | dict):
        return form_from_data(data_obj, where, kind="yaml")
    if "\n" in text.strip():
        return parse_question_lines(text, where)
    return parse_question(text)


def read_form(arg: str, *, stdin_bytes: bytes | None = None) -> FormSpec:
    """The form the user means by ``arg``.

    Args:
        arg: a path to a form file (``.txt/.json/.yaml/.yml/.html/.htm/.pdf``), ``-`` for
            ``stdin_bytes``, or otherwise one question.
        stdin_bytes: what was read from standard input when ``arg`` is ``-``.

    Raises:
        ParseError: the file is missing, too big or not a form.
    """
    if arg == "-":
        if stdin_bytes is None:
            raise ParseError("stdin", "nothing was read from standard input")
        return parse_form_bytes(stdin_bytes, "stdin")
    path = Path(arg).expanduser()
    looks_like_path = path.suffix.lower() in FORM_SUFFIXES and "\n" not in arg
    if path.is_file():
        size = path.stat().st_size
        if size > MAX_FORM_BYTES:
            raise ParseError(str(path), f"the file is too big for a form ({size} bytes)")
        try:
            data = path.read_bytes()
        except OSError as e:
            raise ParseError(str(path), f"cannot read file ({e.strerror or e})") from e
        return parse_form_bytes(data, str(path), path.suffix)
    if looks_like_path and not arg.rstrip().endswith("?"):
        raise ParseError(str(path), "no such file")
    return parse_question(arg)


__all__ = ["FORM_SUFFIXES", "parse_form_bytes", "read_form"]
