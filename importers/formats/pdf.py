"""PDF documents (pypdf): the text of each page, chunked, with the page number in metadata.

An encrypted PDF is first opened with the empty user password (a PDF locked only by an owner
password, as bank statements often are, opens in any reader without asking); otherwise it
needs ``ParseOptions.password``; without it (or with a wrong one) the file
fails with a clear reason. Pages without a text layer (scans) are named in the warnings; a PDF
with no text at all is skipped with that reason. No OCR is attempted.
"""

from __future__ import annotations

import io
import logging
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from importers.base import ParsedFile, ParseOptions
from importers.chunking import split_long
from importers.errors import ParseError
from importers.source import SourceFile
from memory.records import RecordIn

log = logging.getLogger(__name__)

_PDF_DATE = re.compile(
    r"^D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([+\-Z])?(\d{2})?'?(\d{2})?"
)
_WS = re.compile(r"[ \t]+")
MAX_PAGES = 5000


def pdf_date(value: object) -> datetime | None:
    """A PDF date string (``D:20230210004947-05'00'``) as an aware UTC datetime."""
    m = _PDF_DATE.match(str(value or "").strip())
    if not m:
        return None
    y, mo, d, hh, mm, ss, sign, oh, om = m.groups()
    try:
        tz = UTC
        if sign in ("+", "-") and oh:
            delta = timedelta(hours=int(oh), minutes=int(om or 0))
            tz = timezone(delta if sign == "+" else -delta)
        return datetime(
            int(y), int(mo or 1), int(d or 1), int(hh or 0), int(mm or 0), int(ss or 0), tzinfo=tz
        ).astimezone(UTC)
    except ValueError:
        return None


def _clean(text: str) -> str:
    lines = [_WS.sub(" ", line).strip() for line in text.replace("\r", "\n").splitlines()]
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


class PdfParser:
    """PDF files with a text layer."""

    name = "pdf"
    description = "PDF documents (text per page; encrypted PDFs need --password)"

    def sniff(self, f: SourceFile) -> float:
        head = f.head(1024)
        if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
            return 0.95
        if f.suffix == ".pdf":
            return 0.5
        return 0.0

    def _open(self, f: SourceFile, opts: ParseOptions) -> Any:
        from pypdf import PdfReader
        from pypdf.errors import FileNotDecryptedError, PdfReadError, PdfStreamError

        try:
            reader = PdfReader(io.BytesIO(f.read_bytes()), strict=False)
            # an owner password alone (printing/copying limits: bank statements, tickets)
            # leaves the empty user password, which every reader tries first
            if reader.is_encrypted and not reader.decrypt(""):
                if not opts.password:
                    raise ParseError(f.display, "encrypted PDF; pass --password")
                if not reader.decrypt(opts.password):
                    raise ParseError(f.display, "encrypted PDF; the password does not open it")
            _ = len(reader.pages)
        except ParseError:
            raise
        except FileNotDecryptedError as e:
            raise ParseError(f.display, "encrypted PDF; pass --password") from e
        except (PdfReadError, PdfStreamError) as e:
            raise ParseError(f.display, f"not a readable PDF ({e})") from e
        except (
            ValueError,
            TypeError,
            KeyError,
            IndexError,
            AttributeError,
            AssertionError,
            OSError,
            ZeroDivisionError,
        ) as e:
            raise ParseError(f.display, f"not a readable PDF ({type(e).__name__}: {e})") from e
        except NotImplementedError as e:
            raise ParseError(f.display, f"unsupported PDF feature ({e})") from e
        return reader

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        reader = self._open(f, opts)
        warnings: list[str] = []
        info: dict[str, Any] = {}
        try:
            meta = reader.metadata or {}
            info = {str(k).lstrip("/"): str(v) for k, v in meta.items()}
        except Exception as e:  # noqa: BLE001 - a broken info dict must not lose the text
            warnings.append(f"document info unreadable ({type(e).__name__}); title from file name")
        title = (info.get("Title") or "").strip() or f.stem
        if title.lower().endswith((".pdf", ".doc", ".docx")) or title.lower() == "untitled":
            title = f.stem
        when = pdf_date(info.get("CreationDate")) or pdf_date(info.get("ModDate"))
        date_from = "pdf metadata"
        if when is None and f.mtime is not None:
            when, date_from = datetime.fromtimestamp(f.mtime, UTC), "file time"
        records: list[RecordIn] = []
        pages = reader.pages
        n_pages = len(pages)
        empty: list[int] = []
        for index in range(min(n_pages, MAX_PAGES)):
            number = index + 1
            try:
                raw = pages[index].extract_text() or ""
            except Exception as e:  # noqa: BLE001 - pypdf raises many types on broken pages
                warnings.append(f"page {number} could not be read ({type(e).__name__})")
                continue
            text = _clean(raw)
            if not text:
                empty.append(number)
                continue
            for piece in split_long(text, opts.chunk_chars):
                records.append(
                    RecordIn(
                        text=piece,
                        kind="file_chunk",
                        speaker=(info.get("Author") or None),
                        conversation=f.uri,
                        title=f"{title} (page {number})",
                        event_time=when,
                        metadata={"page": number, "pages": n_pages},
                    )
                )
        if n_pages > MAX_PAGES:
            warnings.append(f"only the first {MAX_PAGES} of {n_pages} pages were read")
        if empty and records:
            warnings.extend(f"page {n} has no text layer (scanned?)" for n in empty)
        elif empty and not records:
            warnings.append(f"no page has a text layer (scanned?); {n_pages} pages")
        return ParsedFile(
            kind=self.name,
            records=records,
            title=title,
            warnings=warnings,
            metadata={
                "pages": n_pages,
                "info": info,
                "date_from": date_from if when else "unknown",
                "encrypted": bool(reader.is_encrypted),
            },
        )


PARSER = PdfParser()
