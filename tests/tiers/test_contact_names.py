"""A contact is found by every name its card gives, and Apple's labels name its numbers
(real import and consolidation, fake models)."""

from __future__ import annotations

from pathlib import Path

from app.bootstrap import Services

CARD = """BEGIN:VCARD
VERSION:4.0
FN;ALTID=1;LANGUAGE=en:Yamada Taro
FN;ALTID=1;LANGUAGE=ja:山田太郎
N;ALTID=1;LANGUAGE=en:Yamada;Taro;;;
NICKNAME:Taro-kun,Yama
TEL;TYPE=work:+81 3 1234 5678
item1.TEL:+81 3 8765 4321
item1.X-ABLabel:_$!<AssistantPhone>!$_
item2.TEL:+81 3 5555 0000
item2.X-ABLabel:_$!<HomeFAX>!$_
END:VCARD
"""


def test_every_name_of_a_card_finds_its_facts(tsvc: Services, tmp_path: Path) -> None:
    card = tmp_path / "taro.vcf"
    card.write_text(CARD, encoding="utf-8")
    tsvc.importer.run([card])
    assert tsvc.tiers is not None
    phones = {f.qualifier: f.object for f in tsvc.tiers.facts.listing() if f.predicate == "phone"}
    assert phones == {
        "work": "+81 3 1234 5678",
        "assistant": "+81 3 8765 4321",
        "home fax": "+81 3 5555 0000",
    }
    # each nickname of the list, and the name in the card's other language
    for name in ("Yamada Taro", "Taro Yamada", "Taro-kun", "Yama", "山田太郎"):
        dossier = tsvc.tiers.about(name)
        assert {f.object for f in dossier.facts} >= set(phones.values()), name
    assert tsvc.tiers.about("Taro-kun, Yama").facts == []  # the list is no name of its own
