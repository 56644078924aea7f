"""vCard on the real fixtures (2.1, 3.0, 4.0): names, phones, emails, birthdays, orgs,
addresses, QUOTED-PRINTABLE with soft breaks, folded lines, several cards per file."""

from __future__ import annotations

from pathlib import Path

from importers.vcf import parse_cards, unfold
from tests.importers.notes_helpers import FIXTURES, parse_fixture

VCF = FIXTURES / "vcard"


def test_gmail_card_fields_and_summary() -> None:
    parsed = parse_fixture(VCF / "ezvcard_John_Doe_GMAIL.vcf")
    assert parsed.kind == "vcard"
    (rec,) = parsed.records
    assert rec.kind == "contact" and rec.speaker is None
    assert rec.title == "Mr. John Richter, James Doe Sr."
    m = rec.metadata
    assert m["name"] == "Mr. John Richter, James Doe Sr."
    assert m["structured_name"]["given"] == "John" and m["structured_name"]["family"] == "Doe"
    assert m["emails"] == [{"value": "john.doe@ibm.com", "types": ["home"], "pref": False}]
    assert [p["value"] for p in m["phones"]] == ["905-555-1234", "905-666-1234"]
    assert m["birthday"] == "1980-03-22"
    assert (m["org"], m["title"]) == ("IBM", "Money Counter")
    assert m["addresses"] == [
        {
            "value": "Crescent moon drive, 555-asd, Nice Area, Albaney, New York 12345, "
            "United States of America",
            "types": ["home"],
        }
    ]
    assert m["urls"] == ["http://www.ibm.com"]
    assert m["notes"][0].endswith("POSSIBILITY OF SUCH DAMAGE.\nFavotire Color: Blue")
    assert rec.text.startswith(
        "Contact: Mr. John Richter, James Doe Sr. Phone: 905-555-1234 (cell); 905-666-1234 (home). "
        "Email: john.doe@ibm.com (home). Birthday: 1980-03-22. Works at IBM as Money Counter. "
        "Address: Crescent moon drive, 555-asd, Nice Area, Albaney, New York 12345, "
        "United States of America (home). Web: http://www.ibm.com. Notes: THIS SOFTWARE"
    )


def test_outlook_21_quoted_printable_and_bare_params() -> None:
    (rec,) = parse_fixture(VCF / "ezvcard_outlook-2007.vcf").records
    m = rec.metadata
    assert m["name"] == "Mr. Michael Angstadt Jr." and m["nickname"] == "Mike"
    assert m["birthday"] == "1922-03-10"
    assert m["org"] == "TheCompany - TheDepartment"
    assert [(p["value"], p["types"]) for p in m["phones"]] == [
        ("(111) 555-1111", ["work"]),
        ("(111) 555-2222", ["home"]),
        ("(111) 555-4444", ["cell"]),
        ("(111) 555-3333", ["work", "fax"]),
    ]
    assert m["notes"] == [
        "This is the NOTE field\t\nI assume it encodes this text inside a NOTE vCard type.\n"
        "But I'm not sure because there's text formatting going on here.\n"
        "It does not preserve the formatting"
    ]
    assert m["addresses"][0]["value"] == "TheOffice, 222 Broadway, New York, NY 99999, USA"
    assert m["urls"] == ["http://mikeangstadt.name"]  # the same URL twice is kept once


def test_android_export_with_utf8_quoted_printable_and_soft_breaks() -> None:
    parsed = parse_fixture(VCF / "ezvcard_John_Doe_ANDROID.vcf")
    assert [r.title for r in parsed.records] == [
        "john.doe@company.com",
        "jane.doe@company.com",
        "Ñ Ñ Ñ Ñ Ñ",
        "Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ",
        "Ñ Ñ Ñ Ñ",
        "ÑÑÑÑ",
    ]
    bob = parsed.records[4].metadata
    assert [e["value"] for e in bob["emails"]] == ["bob@company.com", "Ñ" * 14]
    assert bob["org"] == "Ñ" * 12
    assert parsed.records[0].text == "Contact: john.doe@company.com. Email: john.doe@company.com."


def test_several_cards_and_rfc6350_example() -> None:
    parsed = parse_fixture(VCF / "ezvcard_gmail-list.vcf")
    assert [r.text for r in parsed.records] == [
        "Contact: Arnold Smith. Email: asmithk@gmail.com.",
        "Contact: Chris Beatle. Email: chrisy55d@yahoo.com.",
        "Contact: Doug White. Email: dwhite@gmail.com.",
    ]
    assert parsed.title == "ezvcard_gmail-list (3 contacts)"
    (simon,) = parse_fixture(VCF / "ezvcard_rfc6350-example.vcf").records
    assert simon.metadata["birthday"] == "--02-03"
    assert simon.metadata["phones"][0]["value"] == "+1-418-656-9254;ext=102"
    assert simon.metadata["addresses"][0]["value"] == (
        "Suite D2-630, 2875 Laurier, Quebec, QC G1V 2M2, Canada"
    )


def test_evolution_card_escapes_and_uid() -> None:
    (rec,) = parse_fixture(VCF / "ezvcard_John_Doe_EVOLUTION.vcf").records
    assert rec.external_id == "477343c8e6bf375a9bac1f96a5000837"
    assert rec.metadata["org"] == "IBM - Accounting - Dungeon"
    assert rec.metadata["phones"][0] == {"value": "905-666-1234", "types": ["cell"], "pref": False}
    assert "johnny5@aol.com" in rec.metadata["impp"]


def test_unfolding_rules() -> None:
    assert unfold("NOTE:a\r\n b\r\n\tc\r\nFN:x") == ["NOTE:abc", "FN:x"]
    assert unfold("NOTE;ENCODING=QUOTED-PRINTABLE:one=\n=20two\nFN:x") == [
        "NOTE;ENCODING=QUOTED-PRINTABLE:one=20two",
        "FN:x",
    ]
    (card,) = parse_cards("BEGIN:VCARD\nitem1.EMAIL;type=INTERNET:a@b.c\nEND:VCARD\n")
    assert card[0].name == "EMAIL" and card[0].value == "a@b.c"


def test_a_card_without_end_is_still_read(tmp_path: Path) -> None:
    p = tmp_path / "cut.vcf"
    p.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Rita Silva\nTEL:+351 912 345 678\n")
    (rec,) = parse_fixture(p).records
    assert rec.text == "Contact: Rita Silva. Phone: +351 912 345 678."
