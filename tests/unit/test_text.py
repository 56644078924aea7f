from __future__ import annotations

from memory.text import content_terms, fts_query, stem, tokens


def test_content_terms_drop_stopwords_and_keep_years() -> None:
    assert content_terms("Where does Rita live? In 2023, my sister's café 42") == [
        "rita", "live", "2023", "sister", "cafe",
    ]


def test_fts_query_quotes_terms_so_syntax_cannot_leak() -> None:
    assert fts_query('NEAR(") AND rita*') == '"near" OR "rita"'
    assert fts_query("what is it?") is None


def test_stem_and_tokens() -> None:
    assert stem("lives") == stem("live") or stem("lives") == "liv"
    assert stem("stopped") == "stop"
    assert tokens("Rita’s CAFÉ") == ["rita", "cafe"]
