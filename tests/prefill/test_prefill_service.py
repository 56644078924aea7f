"""Prefill against a scripted memory: facts, history, sensitive fields, options, quotes."""

from __future__ import annotations

from app.bootstrap import Services
from app.services.prefill import build_prefiller
from importers.forms import read_form
from memory.prefill.spec import Field, FieldOption, FormSpec
from tests.prefill.conftest import DATA, PDF_FORM, Script


def fill(svc: Services, *fields: Field):  # type: ignore[no-untyped-def]
    result = build_prefiller(svc).fill(FormSpec("json", tuple(fields)))
    return {f.field.name: f for f in result.fields}


def test_html_form_known_unknown_and_sensitive(svc: Services) -> None:
    result = build_prefiller(svc).fill(read_form(str(DATA / "signup.html")))
    got = {f.field.name: f for f in result.fields}
    values = {n: (f.status, f.value) for n, f in got.items()}
    assert values["first_name"] == ("filled", "Ana")
    assert values["last_name"] == ("filled", "Moreau")
    assert values["email"] == ("filled", "ana.moreau@example.org")
    assert values["phone"] == ("filled", "+351 912 345 678")
    assert values["dob"] == ("filled", "14/03/1991")  # the placeholder's DD/MM/YYYY
    assert values["city"] == ("filled", "Berlin")
    assert values["employer"] == ("filled", "Northwind")
    assert values["diet"] == ("filled", "veg")  # an option value, not the raw fact
    assert values["allergies"] == ("filled", "peanuts")
    for name in ("shirt", "contact", "newsletter"):
        assert values[name] == ("unknown", ""), name
    for name in ("password", "ssn", "cardnum", "security_answer"):
        assert values[name] == ("sensitive", ""), name
        assert got[name].confidence == 0 and not got[name].sources
    # Evidence: the fact first, then the record it was read from, with dates.
    city = got["city"]
    assert city.sources[0].tier == "fact" and city.sources[0].text.startswith("You live in Berlin")
    assert city.sources[1].tier == "record" and city.sources[1].timestamp.startswith("2024-05-02")
    assert 0 < city.confidence <= 0.95


def test_superseded_fact_is_history_never_the_value(svc: Services) -> None:
    got = fill(svc, Field("city", "City"), Field("q", "Where do you work?", "question"))
    assert got["city"].value == "Berlin"
    assert [h.text for h in got["city"].history] == ["You lived in Lisbon until May 2024."]
    assert all(h.status == "superseded" for h in got["city"].history)
    assert got["q"].value == "Northwind"
    assert "Tidewave" not in got["q"].value and got["q"].history[0].text.startswith(
        "You worked at Tidewave"
    )


def test_pdf_form(svc: Services) -> None:
    result = build_prefiller(svc).fill(read_form(str(PDF_FORM)))
    values = {f.field.name: (f.status, f.value) for f in result.fields}
    assert values["First Name"] == ("filled", "Ana")
    assert values["Last Name"] == ("filled", "Moreau")
    assert values["Birthday"] == ("filled", "1991-03-14")  # a text field: ISO
    assert values["female"] == ("unknown", "")  # gender is not in memory
    assert values["gdpr"] == ("unknown", "")  # consent is the user's
    assert values["Nationality"] == ("filled", "French")  # from France, as the option says


def test_select_options_are_respected(svc: Services) -> None:
    opts = lambda *names: tuple(FieldOption(n.lower(), n) for n in names)  # noqa: E731
    got = fill(
        svc,
        Field("country", "Country of residence", "select", options=opts("Portugal", "Germany")),
        Field("diet", "Diet", "select", options=opts("Vegan", "Omnivore")),
        Field("city", "City", "radio", options=opts("Lisbon", "Berlin")),
        Field("country2", "Country of residence"),
    )
    assert got["country"].status == "unknown"  # Berlin is not a country option
    assert got["diet"].status == "unknown"  # vegetarian is neither option
    assert (got["city"].status, got["city"].value) == ("filled", "berlin")
    assert got["country2"].status == "unknown" and "Berlin" in got["country2"].reason


def test_question_list_with_sensitive_and_unknown(svc: Services) -> None:
    result = build_prefiller(svc).fill(read_form(str(DATA / "questions.txt")))
    assert [(f.status, f.value) for f in result.fields] == [
        ("filled", "vegetarian"),
        ("filled", "peanuts"),
        ("unknown", ""),
        ("sensitive", ""),
    ]


def test_free_question_quotes_the_users_own_words_only(svc: Services) -> None:
    got = fill(
        svc,
        Field("a", "What did you paint last weekend?", "question"),
        Field("b", "What did you think of the concert and the drummer?", "question"),
        Field("c", "Which boat did you sail last summer?", "question"),
    )
    # The quoted sentence, cut to the object of "paint" (a span of the user's own words).
    assert (got["a"].status, got["a"].value, got["a"].method) == (
        "filled",
        "sunset over the river",
        "span",
    )
    assert got["a"].sources[0].tier == "record"
    assert got["a"].sources[0].text.startswith("I painted a sunset over the river")
    assert got["b"].status == "unknown"  # only Rita talked about the concert
    assert got["c"].status == "unknown"


def test_another_subject_uses_their_facts(svc: Services) -> None:
    script = Script(svc)
    script.fact("lives_in", "Porto", "2024-03-01", subject="Rita")
    result = build_prefiller(svc).fill(
        FormSpec("json", (Field("c", "City"), Field("e", "Email"))), "Rita"
    )
    assert [(f.status, f.value) for f in result.fields] == [("filled", "Porto"), ("unknown", "")]
    assert result.subject == "Rita"


def test_model_may_shorten_a_quote_but_never_invent(svc: Services) -> None:
    from app.services.prefill import memory_view
    from memory.prefill.service import Prefiller
    from models.fakes import FakeChatModel

    # A question no typed span answers ("Tell me about ..."): the model may shorten the quote.
    question = Field("a", "Tell me about your painting last weekend", "question")
    copied = Prefiller(memory_view(svc), model=lambda: FakeChatModel(["I painted a sunset."]))
    [got] = copied.fill(FormSpec("json", (question,))).fields
    assert (got.value, got.method) == ("sunset", "model")
    assert got.sources[0].text.startswith("I painted a sunset over the river")
    invented = Prefiller(memory_view(svc), model=lambda: FakeChatModel(["A portrait of Bob."]))
    [kept] = invented.fill(FormSpec("json", (question,))).fields
    assert kept.method == "record" and "sunset" in kept.value and "Bob" not in kept.value
    # no quote, no model call: the model never answers a question memory cannot
    asked = FakeChatModel(["Paris"])
    [unknown] = (
        Prefiller(memory_view(svc), model=lambda: asked)
        .fill(FormSpec("json", (Field("b", "Which boat did you sail last summer?", "question"),)))
        .fields
    )
    assert unknown.status == "unknown" and asked.prompts == []
