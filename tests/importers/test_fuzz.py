"""Property-based tests: every importer in the registry (chat, notes and files alike) gets
malformed input (random bytes, truncated real samples, mutated real samples) and must either
return a ParsedFile or raise ParseError, never anything else. ``sniff`` must return a score in
[0, 1] or raise an ImportFailure."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers.base import ParsedFile, ParseOptions, Parser
from importers.errors import ImportFailure, ParseError
from importers.registry import PARSERS
from importers.source import SourceFile
from memory.records import RecordIn
from tests.conftest import FIXTURES

MAX_SAMPLE = 64_000
SAMPLES: list[tuple[str, bytes]] = sorted(
    (p.name, p.read_bytes())
    for p in FIXTURES.rglob("*")
    if p.is_file() and p.stat().st_size <= MAX_SAMPLE
)
NAMES = sorted({name for name, _ in SAMPLES} | {"notes.txt", "data.json", "x", "a.zip"})


@st.composite
def malformed(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file name and malformed content for it."""
    kind = draw(st.sampled_from(["random", "truncated", "mutated"]))
    if kind == "random":
        return draw(st.sampled_from(NAMES)), draw(st.binary(max_size=4096))
    name, sample = draw(st.sampled_from(SAMPLES))
    if kind == "truncated":
        return name, sample[: draw(st.integers(0, max(0, len(sample) - 1)))]
    data = bytearray(sample)
    for _ in range(draw(st.integers(1, 8))):
        pos = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["flip", "insert", "delete"]))
        if op == "insert" or not data:
            data[pos:pos] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 64))]
        else:
            i = min(pos, len(data) - 1)
            data[i] ^= draw(st.integers(1, 255))
    return name, bytes(data)


def in_memory(name: str, data: bytes) -> SourceFile:
    return SourceFile(
        uri=f"mem:{name}", display=f"fuzz/{name}", name=name, size=len(data), mtime=None,
        reader=lambda: data,
    )


def check(parser: Parser, name: str, data: bytes) -> None:
    f = in_memory(name, data)
    try:
        score = parser.sniff(f)
    except ImportFailure:
        score = None
    if score is not None:
        assert 0.0 <= score <= 1.0
    try:
        parsed = parser.parse(f, ParseOptions())
    except ParseError as e:
        assert e.where == f.display and e.problem
        return
    assert isinstance(parsed, ParsedFile)
    assert all(isinstance(r, RecordIn) and isinstance(r.text, str) for r in parsed.records)


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.name)
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
@given(case=malformed())
def test_malformed_input_gives_a_parse_error_or_a_result(
    parser: Parser, case: tuple[str, bytes]
) -> None:
    check(parser, *case)


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.name)
def test_every_real_sample_cut_in_half(parser: Parser) -> None:
    for name, data in SAMPLES:
        check(parser, name, data[: len(data) // 2])
