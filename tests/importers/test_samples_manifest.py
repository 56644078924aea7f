"""``tests/data/samples``: every copied sample has its row in SOURCES.tsv (where it came from,
the commit and the licence) and imports through the real pipeline as the format of its
folder."""

from __future__ import annotations

import csv
from pathlib import Path

from app.bootstrap import Services

SAMPLES = Path(__file__).parents[1] / "data" / "samples"
# the folder a sample sits in -> the parser that must read it
FORMAT = {
    "whatsapp": "whatsapp",
    "icalendar": "icalendar",
    "vcard": "vcard",
    "email": "email",
    "evernote": "evernote",
    "roam": "roam",
    "pdf": "pdf",
}
REFUSED = {"mailparser_mail_outlook_1.msg"}  # an Outlook .msg: fails, with the reason


def _rows() -> list[dict[str, str]]:
    with (SAMPLES / "SOURCES.tsv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_every_sample_has_its_source_and_licence() -> None:
    rows = _rows()
    listed = {(r["folder"], r["file"]) for r in rows}
    on_disk = {
        (p.parent.name, p.name) for p in SAMPLES.rglob("*") if p.is_file() and p.parent != SAMPLES
    }
    assert listed == on_disk
    for r in rows:
        assert r["repository"].count("/") == 1 and r["path"] and r["license"]
        assert len(r["commit"]) == 40
        assert r["license"].split("-")[0] in ("MIT", "Apache", "BSD", "CC0", "CC")


def test_every_sample_imports_as_its_format(services: Services) -> None:
    paths = sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.parent != SAMPLES)
    report = services.importer.run(paths)
    by_name = {Path(f.path).name: f for f in report.files}
    assert len(by_name) == len(paths)
    for path in paths:
        result = by_name[path.name]
        if path.name in REFUSED:
            assert result.status == "failed" and result.reason
            continue
        assert result.status == "added", (path.name, result.status, result.reason)
        assert result.format == FORMAT[path.parent.name], path.name
        assert result.new_records > 0, path.name
