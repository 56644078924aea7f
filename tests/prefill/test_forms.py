"""Reading forms and questions (importers.forms) and writing filled copies."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from importers.errors import ParseError
from importers.forms import parse_form_bytes, read_form
from importers.forms.write import filled_bytes, write_filled
from memory.prefill.spec import normalise_type
from tests.conftest import FIXTURES

DATA = Path(__file__).resolve().parents[1] / "data" / "prefill"
PDF_FORM = FIXTURES / "pdf" / "pypdf_libreoffice-form.pdf"


def by_name(spec):  # type: ignore[no-untyped-def]
    return {f.name: f for f in spec.fields}


def test_one_question_is_a_form_of_one_field() -> None:
    spec = read_form("What is your dietary restriction?")
    assert spec.kind == "question"
    assert [(f.name, f.label, f.type) for f in spec.fields] == [
        ("q1", "What is your dietary restriction?", "question")
    ]


def test_text_list_skips_comments_blanks_and_list_markers() -> None:
    spec = read_form(str(DATA / "questions.txt"))
    assert spec.kind == "questions"
    assert [f.label for f in spec.fields] == [
        "What is your dietary restriction?",
        "Do you have any allergies?",
        "What is your partner's name?",
        "What is your passport number?",
    ]


def test_json_list_of_questions_and_json_form_with_options() -> None:
    questions = read_form(str(DATA / "questions.json"))
    assert [f.label for f in questions.fields] == [
        "Where do you live?",
        "What is your email address?",
    ]
    form = read_form(str(DATA / "form.json"))
    assert form.title == "Conference registration"
    fields = by_name(form)
    assert fields["email"].type == "email"
    assert fields["full_name"].required
    assert [o.value for o in fields["country"].options] == [
        "Germany",
        "France",
        "Portugal",
        "Spain",
    ]
    assert fields["birthday"].type == "date"
    assert fields["country"].locator == "2"


def test_yaml_form_mixes_fields_and_questions() -> None:
    fields = read_form(str(DATA / "form.yaml")).fields
    assert [(f.name, f.label, f.type) for f in fields] == [
        ("job", "Job title", "text"),
        ("company", "Where do you work?", "text"),
        ("pet", "Pet's name", "text"),
        ("pin", "Card PIN", "password"),
        ("q5", "What is your dietary restriction?", "question"),
    ]


def test_html_labels_from_every_source_and_skipped_controls() -> None:
    spec = read_form(str(DATA / "signup.html"))
    assert spec.kind == "html" and spec.title == "Volunteer sign-up"
    fields = by_name(spec)
    assert "csrf" not in fields  # hidden
    assert all(f.type not in ("submit", "button") for f in spec.fields)
    assert fields["first_name"].label == "First name"  # <label for>
    assert fields["first_name"].required
    assert fields["first_name"].autocomplete == "given-name"
    assert fields["email"].label == "Email address"  # wrapping <label>
    assert fields["phone"].label == "Mobile phone"  # aria-label
    assert fields["phone"].type == "tel"
    assert fields["dob"].placeholder == "DD/MM/YYYY"
    assert fields["diet"].type == "select"
    assert [(o.value, o.text) for o in fields["diet"].options][2] == ("veg", "Vegetarian")
    assert fields["contact"].type == "radio" and fields["contact"].label == "Preferred contact"
    assert [(o.value, o.text) for o in fields["contact"].options] == [
        ("email", "Email"),
        ("phone", "Phone"),
    ]
    assert fields["allergies"].type == "textarea"
    assert fields["password"].type == "password"
    assert fields["newsletter"].type == "checkbox"
    assert fields["newsletter"].label == "Send me the newsletter"


def test_html_placeholder_and_name_fallbacks() -> None:
    html = b"""<form><input name="home_town" placeholder="Your home town">
    <input name="favouriteColour"><label>Nickname</label><input name="nick"></form>"""
    fields = parse_form_bytes(html, "x.html", ".html").fields
    assert [f.label for f in fields] == ["Your home town", "Favourite colour", "Nickname"]


def test_pdf_acroform_fields_types_options_and_labels() -> None:
    spec = read_form(str(PDF_FORM))
    assert spec.kind == "pdf"
    fields = by_name(spec)
    assert fields["First Name"].type == "text"
    assert fields["Birthday"].label == "Birthday"
    assert fields["female"].type == "radio"
    assert fields["female"].label == "Gender"  # text just above the group
    assert [(o.value, o.text) for o in fields["female"].options] == [("1", "Female"), ("2", "Male")]
    assert fields["gdpr"].type == "checkbox"
    assert fields["gdpr"].label == "Agree to privacy policy"  # text right of the box
    assert fields["Nationality"].type == "select"
    assert "French" in [o.value for o in fields["Nationality"].options]
    assert fields["First Name_2"].type == "textarea"  # multiline flag


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("bad.json", b"{not json", "not valid JSON"),
        ("bad.json", b'{"a": 1}', "expected a list of questions or fields"),
        ("bad.json", b"[]", "the form has no fields"),
        ("bad.json", b"[42]", "item 1 is a int"),
        ("bad.json", b'[{"type": "text"}]', "neither a name nor a label"),
        ("bad.yaml", b"- a\n- [b\n", "not valid YAML"),
        ("bad.html", b"<html><body><p>No form here</p></body></html>", "no fillable form fields"),
        ("bad.txt", b"# only a comment\n\n", "no questions found"),
        ("bad.pdf", b"%PDF-1.4 garbage", "not a readable PDF"),
        (
            "notes.pdf",
            (FIXTURES / "pdf" / "pypdf_crazyones.pdf").read_bytes(),
            "no fillable form fields",
        ),
    ],
)
def test_bad_input_names_the_file_and_the_problem(
    tmp_path: Path, name: str, data: bytes, problem: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ParseError) as err:
        read_form(str(path))
    assert str(path) in str(err.value)
    assert problem in str(err.value)


def test_missing_form_file_is_an_error_but_a_question_is_not(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="no such file"):
        read_form(str(tmp_path / "missing.html"))
    assert read_form("Which city do you live in?").kind == "question"


def test_stdin_is_sniffed_by_content() -> None:
    assert read_form("-", stdin_bytes=b"<form><input name='email'></form>").kind == "html"
    assert read_form("-", stdin_bytes=b'["Where do you live?"]').kind == "json"
    assert read_form("-", stdin_bytes=b"- name: a\n  label: A\n").kind == "yaml"
    assert (
        read_form("-", stdin_bytes=b"Where do you live?\nWhat is your email?\n").kind == "questions"
    )
    assert read_form("-", stdin_bytes=PDF_FORM.read_bytes()).kind == "pdf"
    with pytest.raises(ParseError, match="stdin"):
        read_form("-", stdin_bytes=b"   ")


def test_type_aliases() -> None:
    assert normalise_type("phone") == "tel"
    assert normalise_type("dropdown") == "select"
    assert normalise_type("weird") == "text"


def test_filled_html_has_values_selected_options_checked_boxes_and_text(tmp_path: Path) -> None:
    original = (DATA / "signup.html").read_bytes()
    spec = read_form(str(DATA / "signup.html"))
    wanted = {
        "first_name": "Ana",
        "email": "ana@example.org",
        "diet": "veg",
        "contact": "phone",
        "allergies": "peanuts",
        "newsletter": "yes",
    }
    values = [(f, wanted.get(f.name, "")) for f in spec.fields]
    out = tmp_path / "filled.html"
    write_filled(out, filled_bytes(spec, values, ".html", original=original))
    again = read_form(str(out))
    assert [f.name for f in again.fields] == [f.name for f in spec.fields]
    from lxml import html as lxml_html

    doc = lxml_html.fromstring(out.read_bytes())
    assert doc.get_element_by_id("fname").get("value") == "Ana"
    assert doc.xpath("//input[@name='email']")[0].get("value") == "ana@example.org"
    assert doc.xpath("//select[@name='diet']/option[@selected]")[0].get("value") == "veg"
    assert doc.xpath("//input[@name='contact'][@checked]")[0].get("value") == "phone"
    assert doc.get_element_by_id("allergies").text == "peanuts"
    assert doc.xpath("//input[@name='newsletter']")[0].get("checked") is not None
    assert doc.get_element_by_id("lname").get("value") is None  # empty values leave fields alone
    assert doc.xpath("//input[@name='csrf']")[0].get("value") == "abc123"


def test_filled_pdf_reads_back_with_the_values(tmp_path: Path) -> None:
    spec = read_form(str(PDF_FORM))
    wanted = {
        "Last Name": "Moreau",
        "Birthday": "1991-03-14",
        "female": "1",
        "Nationality": "French",
        "gdpr": "yes",
    }
    data = filled_bytes(
        spec,
        [(f, wanted.get(f.name, "")) for f in spec.fields],
        ".pdf",
        original=PDF_FORM.read_bytes(),
    )
    reader = PdfReader(io.BytesIO(data))
    got = {k: v.get("/V") for k, v in reader.get_fields().items()}
    assert got["Last Name"] == "Moreau"
    assert got["Birthday"] == "1991-03-14"
    assert got["Nationality"] == "French"
    assert got["female"] == "/1"
    assert got["gdpr"] == "/Yes"
    assert got["First Name"] == "Alice"  # left as it was
    assert reader.trailer["/Root"]["/AcroForm"]["/NeedAppearances"]


def test_json_copy_for_any_form_and_refusals() -> None:
    spec = read_form(str(DATA / "form.json"))
    doc = json.loads(filled_bytes(spec, [(f, "x") for f in spec.fields], ".json", original=None))
    assert [f["value"] for f in doc["fields"]] == ["x"] * len(spec.fields)
    with pytest.raises(ParseError, match="only an HTML form"):
        filled_bytes(spec, [], ".html", original=b"")
    with pytest.raises(ParseError, match="only a PDF form"):
        filled_bytes(spec, [], ".pdf", original=b"")
    with pytest.raises(ParseError, match=r"cannot write a filled form as \.docx"):
        filled_bytes(spec, [], ".docx", original=b"")
