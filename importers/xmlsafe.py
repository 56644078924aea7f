"""Parsing XML from users' files without XXE: no DTD loading, no entities, no network.

Used by the Evernote and Tomboy importers. ``huge_tree`` stays off, so lxml's limits on
depth and text size protect against "billion laughs" style files.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from lxml import etree

from importers.errors import ParseError


def safe_parser(*, recover: bool = False) -> etree.XMLParser:
    """An XML parser that never resolves entities, loads DTDs or touches the network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=recover,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, where: str) -> etree._Element:
    """The root element of ``data``.

    Raises:
        ParseError: the XML is not well formed (with line and column).
    """
    try:
        root = etree.fromstring(data, parser=safe_parser())
    except etree.XMLSyntaxError as e:
        raise ParseError(where, f"not well-formed XML ({_describe(e)})") from e
    if root is None:
        raise ParseError(where, "empty XML document")
    return root


def iter_elements(data: bytes, tag: str, where: str) -> Iterator[etree._Element]:
    """Yield each ``tag`` element as it is completed, freeing the ones already seen.

    Raises:
        ParseError: the XML is not well formed.
    """
    try:
        for _, el in etree.iterparse(
            io.BytesIO(data),
            events=("end",),
            tag=tag,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
        ):
            yield el
            el.clear(keep_tail=True)
    except etree.XMLSyntaxError as e:
        raise ParseError(where, f"not well-formed XML ({_describe(e)})") from e


def _describe(e: etree.XMLSyntaxError) -> str:
    msg = str(e.msg or e).strip()
    line, col = e.position if e.position else (0, 0)
    if not line or "line " in msg:
        return msg
    return f"{msg}, line {line} column {col}"


def local(tag: object) -> str:
    """An element's tag without its namespace."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""
