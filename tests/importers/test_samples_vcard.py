"""vCards written by other projects (``tests/data/samples/vcard``, see
``tests/data/samples/SOURCES.tsv``): vCard 4.0 names in two languages, groups, nickname
lists, Apple/Lotus/iPhone exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.formats.vcard import PARSER
from importers.registry import detect
from tests.importers.chat_helpers import parse, source

SAMPLES = Path(__file__).parents[1] / "data" / "samples" / "vcard"


def _one(name: str) -> str:
    (rec,) = parse(PARSER, SAMPLES / name).records
    return rec.text


def test_a_name_in_a_second_language_is_kept() -> None:
    """vCard 4.0 ALTID names: the Japanese FN of 'Yamada Taro' was dropped."""
    assert _one("vobject_vcard40_multilang.vcf") == "Contact: Yamada Taro (also 山田太郎)."


def test_a_group_card_lists_its_members() -> None:
    assert _one("vobject_vcard40_group.vcf") == (
        "Group: The Doe Family. Members: urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6, "
        "urn:uuid:b8767877-b4a1-4c70-9acc-505d3819e519, kid@example.com."
    )


def test_a_nickname_list_and_no_doubled_full_stops() -> None:
    text = _one("vobject_vcard40_full.vcf")
    assert text.startswith(
        "Contact: Dr. John Q. Public, III (also John Q. Public). Nickname: Johnny, JQP. "
    )
    assert "U.S.A.." not in text and "(home). Web: http://www.example.com/~jqpublic. " in text
    assert _one("vobject_vcard40_location.vcf") == (
        "Contact: Empire State Building. Phone: +1-212-736-3100. "
        "Address: 350 Fifth Avenue, New York, NY 10118, U.S.A. Web: http://www.esbnyc.com."
    )


def test_an_escaped_comma_stays_inside_one_nickname() -> None:
    assert "Nickname: Johny,JayJay. " in _one("ezvcard_John_Doe_LOTUS_NOTES.vcf")


@pytest.mark.parametrize(
    "name", ["ezvcard_John_Doe_IPHONE.vcf", "ezvcard_John_Doe_MAC_ADDRESS_BOOK.vcf"]
)
def test_apple_exports_with_grouped_items(name: str) -> None:
    path = SAMPLES / name
    assert detect(source(path)) is PARSER
    text = _one(name)
    assert "905-555-1234 (cell)" in text and "905-888-1234 (home, fax)" in text
    assert "Works at IBM - Accounting as Money Counter." in text
    assert "Street4, Building 6, Floor 8, New York, 12345, USA (work)" in text
    assert "Birthday: 2012-06-06." in text


def test_apple_labels_name_their_grouped_phone_and_email(tmp_path: Path) -> None:
    """``item2.TEL`` with ``item2.X-ABLabel:_$!<AssistantPhone>!$_`` (ez-vcard's iPhone card)
    or a custom label ('Lisbon office') lost its label: the phone read with no kind."""
    assert "905-222-1234 (assistantphone)." in _one("ezvcard_John_Doe_IPHONE.vcf")
    path = tmp_path / "ana.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\n"
        "item1.EMAIL;type=INTERNET;type=pref:ana@example.com\r\nitem1.X-ABLabel:_$!<Other>!$_\r\n"
        "item2.TEL:+351 912 000 000\r\nitem2.X-ABLabel:Lisbon office\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    (rec,) = parse(PARSER, path).records
    assert rec.text == "Contact: Ana. Phone: +351 912 000 000 (lisbon office). Email: ana@example.com (other)."
