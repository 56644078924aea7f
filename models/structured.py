"""Structured (JSON-schema) output over the OpenAI-compatible chat API.

Used by ``models.openai_compat``. Servers differ in how they take a JSON schema: OpenAI,
vLLM, Ollama and llama.cpp's C++ server take ``response_format`` ``json_schema``;
llama-cpp-python's server takes only its own ``json_object`` + ``schema``; others take
neither. ``SCHEMA_MODES`` lists the ways to ask, best first; the caller moves to the next
when a server rejects one (``rejects_format``). Whatever the server did, the reply is parsed
and validated here (``validated_json``): a server may accept a format and ignore it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from models.base import ChatMessage

SCHEMA_MODES = ("json_schema", "json_object", "prompt")
"""Ways to ask for JSON, best first (see the module docs)."""


class SchemaReplyError(ValueError):
    """A reply that is not JSON valid under the schema asked for."""


def schema_request(
    body: dict[str, Any], messages: Sequence[ChatMessage], schema: dict[str, Any], mode: str
) -> dict[str, Any]:
    """``body`` asking for JSON valid under ``schema`` in ``mode`` (the schema goes into
    ``response_format``, or into the prompt when the server cannot constrain its output)."""
    out = dict(body)
    if mode == "json_schema":
        out["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": "output", "schema": schema},
        }
    elif mode == "json_object":
        out["response_format"] = {"type": "json_object", "schema": schema}
    else:
        rule = "Reply with one JSON value only, valid under this JSON schema: " + json.dumps(
            schema
        )
        out["messages"] = [ChatMessage("system", rule).as_dict()] + [
            m.as_dict() for m in messages
        ]
    return out


def rejects_format(status: int | None, detail: str) -> bool:
    """The server refused a request because of its ``response_format`` (its status and the
    first line of its error message)."""
    if status not in (400, 422, 500, 501):
        return False
    text = detail.lower()
    return "response_format" in text or "json_schema" in text or "json_object" in text


def validated_json(text: str, schema: dict[str, Any]) -> str:
    """The JSON value of ``text``, valid under ``schema``, as compact JSON text.

    Raises:
        SchemaReplyError: no JSON value in ``text``, or one the schema rejects.
    """
    import jsonschema

    value = json_in(text)
    if value is None:
        raise SchemaReplyError("the reply is not JSON")
    try:
        jsonschema.validate(value, schema)
    except jsonschema.ValidationError as e:
        raise SchemaReplyError(f"the JSON does not match the schema: {e.message}") from e
    return json.dumps(value, ensure_ascii=False)


def json_in(text: str) -> Any:
    """The JSON value in a reply: the whole text, else the span from its first ``{`` or
    ``[`` to the last matching bracket (a reply in code fences or with a sentence around).
    None when there is none."""
    stripped = text.strip()
    try:
        return json.loads(stripped)
    except ValueError:
        pass
    for open_, close in (("{", "}"), ("[", "]")):
        start, end = stripped.find(open_), stripped.rfind(close)
        if 0 <= start < end:
            try:
                return json.loads(stripped[start : end + 1])
            except ValueError:
                continue
    return None
