"""Readable text out of HTML: blocks, headings, lists and checkboxes, without scripts or menus.

Used by the HTML, Apple Journal, Evernote (ENML) and email importers. The HTML is parsed with
lxml's HTML parser (no network, no entity resolution); scripts, styles, navigation and other
non-content elements are dropped. The result keeps headings apart so importers can title
chunks with their heading path.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html

from importers.chunking import Section

DROP_TAGS = frozenset(
    {
        "script",
        "style",
        "nav",
        "noscript",
        "template",
        "head",
        "svg",
        "canvas",
        "iframe",
        "object",
        "embed",
        "button",
        "select",
        "map",
    }
)
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "aside",
        "header",
        "footer",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "figure",
        "figcaption",
        "address",
        "hr",
        "form",
        "fieldset",
        "details",
        "summary",
        "en-note",
        "center",
        "body",
        "html",
    }
)
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANKS = re.compile(r"\n{3,}")
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=", re.I)
_MARKER_ONLY = re.compile(r"^\s*(?:-\s*)?(?:\[[ x]\]\s*)?$")

# A hook may replace an element's text: returns a prefix for list items (checkbox state) or
# None to use the default rendering.
ItemMark = Callable[[etree._Element], str | None]


@dataclass(frozen=True)
class Block:
    """A heading (``level`` 1-6) or a paragraph of text (``level`` 0)."""

    level: int
    text: str


@dataclass
class HtmlDoc:
    """The readable content of an HTML document."""

    title: str | None
    blocks: list[Block] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks).strip()

    def sections(self) -> list[Section]:
        """Paragraphs grouped under their heading path (like Markdown sections)."""
        out: list[Section] = []
        stack: list[tuple[int, str]] = []
        buf: list[str] = []

        def flush() -> None:
            body = "\n\n".join(buf).strip()
            if body:
                out.append(Section(tuple(t for _, t in stack), body))
            buf.clear()

        for b in self.blocks:
            if b.level:
                flush()
                while stack and stack[-1][0] >= b.level:
                    stack.pop()
                stack.append((b.level, b.text))
            else:
                buf.append(b.text)
        flush()
        if not out and stack:  # a document of headings only
            out.append(Section((), "\n".join(t for _, t in stack)))
        return out


def parse_html(data: bytes | str) -> etree._Element | None:
    """An lxml HTML tree (None for empty input). Never fetches anything.

    Bytes with a BOM or a ``<meta charset>`` are decoded as declared; undeclared bytes are
    read as UTF-8 when they are valid UTF-8, else as Windows-1252 (lxml alone would assume
    Latin-1 and garble UTF-8 pages).
    """
    encoding: str | None = None
    if isinstance(data, str):
        data, encoding = data.encode("utf-8"), "utf-8"
    elif not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) and not _CHARSET.search(
        data[:4096]
    ):
        try:
            data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1252"
    if not data.strip():
        return None
    parser = lxml_html.HTMLParser(
        encoding=encoding,
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        recover=True,
        huge_tree=False,
    )
    try:
        return lxml_html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError, LookupError):
        return None


def html_title(root: etree._Element) -> str | None:
    node = root.find(".//title")
    if node is not None:
        text = _clean_inline("".join(node.itertext()))
        if text:
            return text
    return None


class _Renderer:
    def __init__(self, item_mark: ItemMark | None) -> None:
        self.blocks: list[Block] = []
        self.line: list[str] = []
        self.lines: list[str] = []
        self.item_mark = item_mark
        self.list_depth = 0
        self.cell_depth = 0  # inside a table cell, blocks (a <div> per line) stay on the row

    def text(self, s: str | None) -> None:
        if s:
            self.line.append(s)

    def newline(self) -> None:
        joined = _clean_inline("".join(self.line))
        if joined:
            self.lines.append(joined)
        self.line = []

    def soft_break(self) -> None:
        """A line break inside a list, unless the line holds only the item's marker."""
        if not _MARKER_ONLY.match("".join(self.line)):
            self.newline()

    def end_block(self) -> None:
        self.newline()
        if self.lines:
            self.blocks.append(Block(0, "\n".join(self.lines)))
        self.lines = []

    def heading(self, level: int, text: str) -> None:
        self.end_block()
        text = _clean_inline(text)
        if text:
            self.blocks.append(Block(level, text))

    def walk(self, el: etree._Element) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in DROP_TAGS or not isinstance(el.tag, str):
            self.text(el.tail)
            return
        if tag in HEADINGS:
            self.heading(HEADINGS[tag], "".join(el.itertext()))
            self.text(el.tail)
            return
        if tag == "br":
            self.newline()
            self.text(el.tail)
            return
        if tag == "img":
            alt = (el.get("alt") or "").strip()
            if alt:
                self.text(f" [image: {alt}] ")
            self.text(el.tail)
            return
        is_block = tag in BLOCK_TAGS
        in_cell = self.cell_depth > 0 and tag not in ("table", "tr", "li", "ul", "ol")
        if tag in ("ul", "ol"):
            self.newline()
            self.list_depth += 1
        elif tag in ("li", "dt", "dd", "tr"):
            self.newline()
        elif is_block and in_cell:
            self.text(" ")
        elif is_block:
            if self.list_depth:
                self.soft_break()
            else:
                self.end_block()
        if tag == "li":
            mark = self.item_mark(el) if self.item_mark else None
            self.text("  " * max(0, self.list_depth - 1) + (mark if mark is not None else "- "))
        elif tag in ("td", "th") and self.line:
            self.text(" | ")
        elif tag == "input" and (el.get("type") or "").lower() == "checkbox":
            self.text("[x] " if el.get("checked") is not None else "[ ] ")
        elif self.item_mark and tag not in ("li",):
            mark = self.item_mark(el)
            if mark:
                self.text(mark)
        self.text(el.text)
        self.cell_depth += tag in ("td", "th")
        for child in el:
            self.walk(child)
        self.cell_depth -= tag in ("td", "th")
        if tag in ("ul", "ol"):
            self.list_depth -= 1
            self.newline()
        elif tag in ("li", "dt", "dd", "tr"):
            self.newline()
        elif is_block and in_cell:
            self.text(" ")
        elif is_block:
            if self.list_depth:
                self.newline()
            else:
                self.end_block()
        self.text(el.tail)


def render(root: etree._Element, *, item_mark: ItemMark | None = None) -> list[Block]:
    """The readable blocks under ``root`` (its ``<body>`` when it is a whole document)."""
    body = root.find(".//body")
    start = body if body is not None else root
    r = _Renderer(item_mark)
    r.walk(start)
    r.end_block()
    return [b for b in r.blocks if b.text.strip()]


def html_to_doc(data: bytes | str, *, item_mark: ItemMark | None = None) -> HtmlDoc:
    """Parse HTML and return its title and readable blocks."""
    root = parse_html(data)
    if root is None:
        return HtmlDoc(title=None)
    return HtmlDoc(title=html_title(root), blocks=render(root, item_mark=item_mark))


def html_to_text(data: bytes | str) -> str:
    """HTML as plain readable text (paragraphs separated by blank lines)."""
    doc = html_to_doc(data)
    parts = []
    for b in doc.blocks:
        parts.append(b.text)
    return _BLANKS.sub("\n\n", "\n\n".join(parts)).strip()


def _clean_inline(s: str) -> str:
    return _SPACES.sub(" ", s.replace("\u200b", "")).strip()
