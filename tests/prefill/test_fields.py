"""Field-level rules: sensitive fields, label -> predicate mapping, value formats."""

from __future__ import annotations

from datetime import date

import pytest

from memory.prefill.formats import fit_value, format_date, match_option
from memory.prefill.intents import intent_for
from memory.prefill.sensitive import sensitive_reason
from memory.prefill.spec import Field, FieldOption


def f(label: str, type: str = "text", **kw) -> Field:  # type: ignore[no-untyped-def]
    return Field(name=kw.pop("name", "x"), label=label, type=type, **kw)


@pytest.mark.parametrize(
    ("field", "reason"),
    [
        (f("Choose a password", "password"), "password"),
        (f("Password"), "password"),
        (f("Card number"), "payment card"),
        (f("Name on card", autocomplete="cc-name"), None),
        (f("Number", autocomplete="cc-number"), "payment card"),
        (f("CVV"), "payment card"),
        (f("Expiry date"), "payment card"),
        (f("Social security number"), "national id"),
        (f("Passport number"), "national id"),
        (f("NIF"), "national id"),
        (f("National insurance number"), "national id"),
        (f("x", name="ssn"), "national id"),
        (f("IBAN"), "bank account"),
        (f("Bank account number"), "bank account"),
        (f("Mother's maiden name"), "security question"),
        (f("What was the name of your first pet?", "question"), "security question"),
        (f("Security answer"), "security question"),
        (f("PIN"), "PIN"),
        (f("Verification code"), "one-time code"),
        (f("Pet's name"), None),
        (f("Spinning class"), None),
        (f("Dietary restriction"), None),
        (f("First name"), None),
    ],
)
def test_sensitive_fields(field: Field, reason: str | None) -> None:
    assert sensitive_reason(field) == reason


@pytest.mark.parametrize(
    ("label", "type", "key"),
    [
        ("First name", "text", "given_name"),
        ("Surname", "text", "family_name"),
        ("Full name", "text", "full_name"),
        ("Email address", "text", "email"),
        ("Contact", "email", "email"),
        ("Mobile", "text", "phone"),
        ("Date of birth", "text", "birthday"),
        ("City", "text", "city"),
        ("Where do you live?", "question", "city"),
        ("Employer", "text", "employer"),
        ("Job title", "text", "job_title"),
        ("Dietary restriction", "text", "diet"),
        ("What is your dietary restriction?", "question", "diet"),
        ("Allergies", "textarea", "allergies"),
        ("Do you have any allergies?", "question", "allergies"),
        ("Emergency contact", "text", "emergency_contact"),
        ("Emergency contact phone", "text", "emergency_contact"),
        ("Pet's name", "text", "pets"),
        ("What is your partner's name?", "question", "relation_partner"),
        ("Spouse", "text", "relation_spouse"),
        ("Spouse's name", "text", "relation_spouse"),
        ("Favourite colour", "text", "favorite_colour"),
        ("Nationality", "select", "nationality"),
        ("Is Oscar your pet?", "question", None),
        ("What did you paint last week?", "question", None),
        ("What are your plans for your finished screenplay?", "question", None),
        ("What are your plans?", "question", "goals"),
    ],
)
def test_label_intents(label: str, type: str, key: str | None) -> None:
    intent = intent_for(f(label, type))
    assert (intent.key if intent else None) == key


def test_subject_names_read_as_you_in_questions() -> None:
    intent = intent_for(f("What is Caroline's favourite book?", "question"), ["Caroline"])
    assert intent is not None and intent.predicates[0] == "favorite_book"
    assert intent_for(f("What pets does Melanie have?", "question"), ["Melanie"]).key == "pets"  # type: ignore[union-attr]
    assert intent_for(f("What pets does Melanie have?", "question"), ["Caroline"]) is None


def test_autocomplete_wins_over_label() -> None:
    assert intent_for(f("Your details", autocomplete="family-name")).key == "family_name"  # type: ignore[union-attr]


def test_dates_follow_the_field() -> None:
    assert format_date(date(1991, 3, 4), "DD/MM/YYYY") == "04/03/1991"
    assert format_date(date(1991, 3, 4), "M/D/YY") == "3/4/91"
    assert fit_value(f("Birthday", "date"), "14 March 1991") == "1991-03-14"
    assert fit_value(f("Date of birth", placeholder="DD.MM.YYYY"), "14 March 1991") == "14.03.1991"
    assert fit_value(f("Birthday", "date"), "March 14") is None


def test_emails_phones_numbers() -> None:
    assert fit_value(f("E", "email"), "write to ana@example.org please") == "ana@example.org"
    assert fit_value(f("E", "email"), "Ana Moreau") is None
    assert fit_value(f("P", "tel"), "+351 912 345 678") == "+351 912 345 678"
    assert fit_value(f("P", "tel"), "call me") is None
    assert fit_value(f("N", "number"), "two kids") == "2"


def test_options_must_match() -> None:
    opts = tuple(
        FieldOption(v, t)
        for v, t in [
            ("", "-- choose --"),
            ("veg", "Vegetarian"),
            ("vegan", "Vegan"),
            ("gf", "Gluten-free"),
        ]
    )
    select = f("Diet", "select", options=opts)
    assert fit_value(select, "vegetarian") == "veg"
    assert fit_value(select, "strict vegan") == "vegan"
    assert fit_value(select, "gluten free") == "gf"
    assert fit_value(select, "Vegetarion") == "veg"  # a near spelling
    assert fit_value(select, "pescatarian") is None
    assert fit_value(select, "choose") is None  # the placeholder is never chosen
    assert match_option(opts, "") is None
    assert fit_value(f("Agree", "checkbox"), "yes") is None  # consent stays with the user
