"""Country names and nationality adjectives.

A fact ``lives_in Berlin`` must not fill "Country of residence" with "Berlin": prefill
(``memory.prefill.service``) reads countries out of places and turns them into nationalities
for free-text country and nationality fields (select fields are checked against their own
options instead). Fact extraction reads "I'm Canadian" as being from Canada
(``country_of_demonym``).
"""

from __future__ import annotations

import re

from memory.text import fold

_NAMES = """
Afghanistan|Albania|Algeria|Andorra|Angola|Antigua and Barbuda|Argentina|Armenia|Australia|
Austria|Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|
Bolivia|Bosnia and Herzegovina|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|
Cabo Verde|Cape Verde|Cambodia|Cameroon|Canada|Central African Republic|Chad|Chile|China|
Colombia|Comoros|Congo|Costa Rica|Croatia|Cuba|Cyprus|Czechia|Czech Republic|Denmark|
Djibouti|Dominica|Dominican Republic|Ecuador|Egypt|El Salvador|Equatorial Guinea|Eritrea|
Estonia|Eswatini|Ethiopia|Fiji|Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|Greece|
Grenada|Guatemala|Guinea|Guinea-Bissau|Guyana|Haiti|Honduras|Hungary|Iceland|India|
Indonesia|Iran|Iraq|Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|Kazakhstan|Kenya|
Kiribati|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|
Lithuania|Luxembourg|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Marshall Islands|
Mauritania|Mauritius|Mexico|Micronesia|Moldova|Monaco|Mongolia|Montenegro|Morocco|
Mozambique|Myanmar|Namibia|Nauru|Nepal|Netherlands|Holland|New Zealand|Nicaragua|Niger|
Nigeria|North Korea|North Macedonia|Norway|Oman|Pakistan|Palau|Palestine|Panama|
Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda|
Saint Kitts and Nevis|Saint Lucia|Saint Vincent and the Grenadines|Samoa|San Marino|
Sao Tome and Principe|Saudi Arabia|Senegal|Serbia|Seychelles|Sierra Leone|Singapore|
Slovakia|Slovenia|Solomon Islands|Somalia|South Africa|South Korea|Korea|South Sudan|Spain|
Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|
Timor-Leste|Togo|Tonga|Trinidad and Tobago|Tunisia|Turkey|Turkiye|Turkmenistan|Tuvalu|
Uganda|Ukraine|United Arab Emirates|UAE|United Kingdom|UK|Great Britain|Britain|England|
Scotland|Wales|Northern Ireland|United States|United States of America|USA|US|America|
Uruguay|Uzbekistan|Vanuatu|Vatican City|Venezuela|Vietnam|Yemen|Zambia|Zimbabwe|
Puerto Rico|Hong Kong
"""
COUNTRIES: frozenset[str] = frozenset(
    fold(n.strip()) for n in _NAMES.replace("\n", "").split("|") if n.strip()
)


def country_in(value: str) -> str | None:
    """The country ``value`` names ("Sweden", "Porto, Portugal" -> "Portugal"), else None."""
    parts = [p.strip() for p in re.split(r",|\(|\)", value) if p.strip()]
    for part in reversed(parts):
        cleaned = re.sub(r"^the\s+", "", part, flags=re.I)
        if fold(cleaned) in COUNTRIES:
            return cleaned
    return None


DEMONYMS = {
    "afghanistan": "Afghan",
    "albania": "Albanian",
    "algeria": "Algerian",
    "argentina": "Argentine",
    "armenia": "Armenian",
    "australia": "Australian",
    "austria": "Austrian",
    "bangladesh": "Bangladeshi",
    "belgium": "Belgian",
    "bolivia": "Bolivian",
    "brazil": "Brazilian",
    "bulgaria": "Bulgarian",
    "canada": "Canadian",
    "chile": "Chilean",
    "china": "Chinese",
    "colombia": "Colombian",
    "croatia": "Croatian",
    "cuba": "Cuban",
    "cyprus": "Cypriot",
    "czechia": "Czech",
    "czech republic": "Czech",
    "denmark": "Danish",
    "ecuador": "Ecuadorian",
    "egypt": "Egyptian",
    "england": "English",
    "estonia": "Estonian",
    "ethiopia": "Ethiopian",
    "finland": "Finnish",
    "france": "French",
    "germany": "German",
    "ghana": "Ghanaian",
    "greece": "Greek",
    "hungary": "Hungarian",
    "iceland": "Icelandic",
    "india": "Indian",
    "indonesia": "Indonesian",
    "iran": "Iranian",
    "iraq": "Iraqi",
    "ireland": "Irish",
    "israel": "Israeli",
    "italy": "Italian",
    "jamaica": "Jamaican",
    "japan": "Japanese",
    "jordan": "Jordanian",
    "kenya": "Kenyan",
    "korea": "Korean",
    "south korea": "South Korean",
    "latvia": "Latvian",
    "lebanon": "Lebanese",
    "lithuania": "Lithuanian",
    "luxembourg": "Luxembourgish",
    "malaysia": "Malaysian",
    "mexico": "Mexican",
    "morocco": "Moroccan",
    "netherlands": "Dutch",
    "holland": "Dutch",
    "new zealand": "New Zealander",
    "nigeria": "Nigerian",
    "norway": "Norwegian",
    "pakistan": "Pakistani",
    "peru": "Peruvian",
    "philippines": "Filipino",
    "poland": "Polish",
    "portugal": "Portuguese",
    "romania": "Romanian",
    "russia": "Russian",
    "scotland": "Scottish",
    "serbia": "Serbian",
    "singapore": "Singaporean",
    "slovakia": "Slovak",
    "slovenia": "Slovenian",
    "south africa": "South African",
    "spain": "Spanish",
    "sweden": "Swedish",
    "switzerland": "Swiss",
    "syria": "Syrian",
    "taiwan": "Taiwanese",
    "thailand": "Thai",
    "tunisia": "Tunisian",
    "turkey": "Turkish",
    "ukraine": "Ukrainian",
    "united kingdom": "British",
    "uk": "British",
    "great britain": "British",
    "britain": "British",
    "united states": "American",
    "united states of america": "American",
    "usa": "American",
    "us": "American",
    "america": "American",
    "uruguay": "Uruguayan",
    "venezuela": "Venezuelan",
    "vietnam": "Vietnamese",
    "wales": "Welsh",
}


def demonym(country: str) -> str | None:
    """The nationality adjective of ``country`` ("France" -> "French"), when known."""
    return DEMONYMS.get(fold(country).strip())


_BY_DEMONYM: dict[str, str] = {}
for _country, _adjective in DEMONYMS.items():
    _BY_DEMONYM.setdefault(fold(_adjective), _country)
_DISPLAY = {
    "netherlands": "the Netherlands",
    "united states": "the United States",
    "united kingdom": "the United Kingdom",
    "philippines": "the Philippines",
}


def country_of_demonym(adjective: str) -> str | None:
    """The country a nationality adjective names ("Canadian" -> "Canada"), when known."""
    key = _BY_DEMONYM.get(fold(adjective).strip())
    if key is None:
        return None
    words = [w if w in ("of", "and", "the") else w.capitalize() for w in key.split()]
    return _DISPLAY.get(key) or " ".join(words)
