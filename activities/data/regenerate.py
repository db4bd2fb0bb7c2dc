#!/usr/bin/env python3
"""Regenerate countries.csv and airports.csv from PyPI packages.

    pip install pycountry airportsdata
    python3 activities/data/regenerate.py

countries.csv comes from `pycountry` (ISO 3166-1) plus the common English aliases below and
pycountry's Spanish, Portuguese, French, German and Italian names;
airports.csv comes from `airportsdata` (`airportsdata.load("IATA")`). airlines.csv and
programs.csv are curated by hand and are not touched by this script.
"""

import csv
import gettext
import os
import sys
import unicodedata

import airportsdata
import pycountry

HERE = os.path.dirname(os.path.abspath(__file__))

# Display names where pycountry's name (or common_name) is not the short form documents use.
# pycountry's own names stay as aliases.
NAME_OVERRIDES = {
    "BN": "Brunei",
    "CD": "Democratic Republic of the Congo",
    "FK": "Falkland Islands",
    "FM": "Micronesia",
    "MF": "Saint Martin",
    "PS": "Palestine",
    "RU": "Russia",
    "SX": "Sint Maarten",
    "VA": "Vatican City",
    "VG": "British Virgin Islands",
    "VI": "U.S. Virgin Islands",
}

# Common English aliases that documents use, beyond pycountry's name, common and official names.
EXTRA_ALIASES = {
    "AE": ["UAE", "U.A.E.", "United Arab Emirates"],
    "BA": ["Bosnia"],
    "BO": ["Bolivia"],
    "BN": ["Brunei Darussalam"],
    "BS": ["The Bahamas"],
    "CD": ["DR Congo", "DRC", "Congo-Kinshasa", "Congo, Democratic Republic of the"],
    "CG": ["Republic of the Congo", "Congo-Brazzaville", "Congo Republic"],
    "CI": ["Ivory Coast", "Cote d'Ivoire"],
    "CN": ["People's Republic of China", "PRC", "Mainland China", "China mainland"],
    "CV": ["Cape Verde"],
    "CZ": ["Czech Republic"],
    "DE": ["Federal Republic of Germany"],
    "FM": ["Federated States of Micronesia"],
    "GB": ["UK", "U.K.", "Great Britain", "Britain", "England", "Scotland", "Wales",
           "Northern Ireland", "United Kingdom of Great Britain and Northern Ireland"],
    "GM": ["The Gambia"],
    "HK": ["Hong Kong SAR", "Hong Kong SAR, China", "Hongkong", "Hong Kong, China"],
    "IE": ["Republic of Ireland", "Eire"],
    "IR": ["Iran", "Persia"],
    "KN": ["St Kitts and Nevis", "Saint Kitts", "St Kitts"],
    "KP": ["DPRK", "Korea, North", "Democratic People's Republic of Korea"],
    "KR": ["Korea", "Republic of Korea", "Korea, Republic of", "Korea, South"],
    "LA": ["Laos", "Lao PDR", "Lao"],
    "LC": ["St Lucia"],
    "MD": ["Moldova"],
    "MK": ["Macedonia"],
    "MM": ["Burma"],
    "MO": ["Macau", "Macao SAR", "Macau SAR", "Macao, China"],
    "NL": ["Holland", "The Netherlands"],
    "PS": ["State of Palestine", "Palestinian Territories", "Palestinian Territory"],
    "RU": ["Russian Federation"],
    "SA": ["KSA"],
    "SY": ["Syria"],
    "SZ": ["Swaziland"],
    "TL": ["East Timor"],
    "TR": ["Turkey", "Turkiye", "Republic of Turkey"],
    "TW": ["Taiwan", "Chinese Taipei", "Taiwan, China"],
    "TZ": ["Tanzania"],
    "US": ["USA", "US", "U.S.", "U.S.A.", "United States of America", "America"],
    "VA": ["Vatican", "Holy See", "Vatican City State"],
    "VC": ["St Vincent and the Grenadines", "Saint Vincent", "St Vincent"],
    "VE": ["Venezuela"],
    "VG": ["BVI", "Virgin Islands, British"],
    "VI": ["US Virgin Islands", "USVI", "Virgin Islands, U.S."],
    "VN": ["Vietnam", "Viet Nam"],
}


# Names in the languages loyalty pages come in (pycountry's own translations), so that a
# zone listed as "Alemania, Francia, Japón" is read; without accents too, as OCR and ASCII
# typing leave them ("Espana", "Japon").
LANGUAGES = ["es", "pt", "fr", "de", "it"]

# More languages, for pages written in them ("Польща, Чехія, Угорщина", "Poljska, Češka"):
# a name here that is another country's name or too short to be safe in English text is
# left out (see `safe_names`).
MORE_LANGUAGES = [
    "nl", "ca", "pl", "cs", "sk", "hr", "sr", "sr@latin", "bs", "sl", "hu", "ro", "bg", "mk",
    "uk", "ru", "be", "el", "tr", "az", "ka", "hy", "kk", "uz", "ky", "tg", "mn", "ar", "he",
    "fa", "ur", "hi", "bn", "ne", "si", "ta", "th", "lo", "km", "my", "vi", "id", "ms", "fil",
    "zh_CN", "zh_TW", "ja", "ko", "sw", "am", "so", "da", "sv", "nb_NO", "fi", "is", "et", "lv",
    "lt", "mt", "sq",
]

# Common names in those languages that pycountry's translations lack.
EXTRA_TRANSLATIONS = {
    "KR": ["Corea del Sur", "Coreia do Sul", "Corée du Sud", "Südkorea", "Corea del Sud"],
    "US": ["Estados Unidos", "EE. UU.", "EEUU", "États-Unis", "Stati Uniti"],
    "GB": ["Reino Unido", "Royaume-Uni", "Regno Unito", "Großbritannien"],
    "RU": ["Rusia", "Rússia", "Russie", "Russland", "Russia"],
    "TW": ["Taiwán", "Taiwan"],
    "VN": ["Vietnã"],
    "AE": ["Об'єднані Арабські Емірати", "ОАЕ", "ОАЭ"],
    "GB": ["Великобританія", "Великобритания", "Velika Britanija", "Britanija"],
    "US": ["США", "Sjedinjene Američke Države"],
    "KR": ["Південна Корея", "Южная Корея", "Južna Koreja", "Korea Południowa", "Güney Kore"],
}

# Short or ordinary words of other languages that English text uses otherwise.
NOT_MORE_ALIASES = {
    "Indie", "Mali", "Island", "Irak", "Iran", "Chad", "Oman", "Peru", "Swiss", "Norra", "Siri",
    "Domov", "cqDw",
}

# Translations that are ordinary words or places of another country in English text
# ("Island" is Iceland in German; "Granada" is Grenada in Spanish).
NOT_ALIASES = {"Island", "Granada", "Jersey", "Guernsey", "Man", "Georgia"}


def plain(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def translations(country):
    names = []
    for lang in LANGUAGES:
        t = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for english in [getattr(country, "common_name", None), country.name]:
            if english:
                names.append(t.gettext(english))
    names += EXTRA_TRANSLATIONS.get(country.alpha_2, [])
    out = []
    for name in names:
        # "Corea, República de": an inverted official form is no name a page writes.
        if "," in name or name in NOT_ALIASES:
            continue
        for variant in (name, plain(name)):
            if variant not in out:
                out.append(variant)
    return out


def key(name):
    return "".join(ch for ch in plain(name).lower() if ch.isalnum())


def more_translations(country):
    names = []
    for lang in MORE_LANGUAGES:
        t = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for english in [getattr(country, "common_name", None), country.name]:
            if english:
                name = t.gettext(english)
                # "Koreja, Republika": an inverted official form is no name a page writes.
                if "," not in name and name not in names:
                    names.append(name)
    return names


def city_keys():
    """The cities airports serve, which a name of a country in another language must not
    be ("Tunis" is Tunisia in Albanian)."""
    keys = set()
    for airport in airportsdata.load("IATA").values():
        for part in airport["city"].split(","):
            keys.add(key(part))
    return keys


def safe_names(candidates, taken):
    """The names of `candidates` ({code: [name]}) that name one country only, are no other
    country's name already (`taken`: key -> code) nor a city's, and are long enough to be
    safe: four letters, or three with a letter outside ASCII ("Đức")."""
    owners = {}
    for code, names in candidates.items():
        for name in names:
            owners.setdefault(key(name), set()).add(code)
    cities = city_keys()
    safe = {}
    for code, names in candidates.items():
        kept = []
        for name in names:
            k = key(name)
            if owners[k] != {code} or taken.get(k, code) != code or name in NOT_MORE_ALIASES:
                continue
            if k in cities:
                continue
            letters = sum(ch.isalpha() for ch in name)
            if letters < 3 or (letters == 3 and name.isascii()):
                continue
            kept.append(name)
        safe[code] = kept
    return safe


def countries():
    rows = []
    base = {}
    for c in pycountry.countries:
        code = c.alpha_2
        common = getattr(c, "common_name", None)
        name = NAME_OVERRIDES.get(code) or common or c.name
        aliases = []
        for a in [c.name, common, getattr(c, "official_name", None), *EXTRA_ALIASES.get(code, []),
                  *translations(c)]:
            if a and a != name and a not in aliases:
                aliases.append(a)
        if name.startswith("Saint ") and "St " + name[6:] not in aliases:
            aliases.append("St " + name[6:])
        base[code] = (name, aliases)
    taken = {key(n): code for code, (name, aliases) in base.items() for n in [name, *aliases]}
    more = safe_names({c.alpha_2: more_translations(c) for c in pycountry.countries}, taken)
    for code, (name, aliases) in base.items():
        for a in more[code]:
            for variant in (a, plain(a)):
                if variant != name and variant not in aliases and key(variant) not in (
                    key(x) for x in aliases
                ):
                    aliases.append(variant)
        rows.append((code, name, "|".join(aliases)))
    rows.sort()
    with open(os.path.join(HERE, "countries.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["iso2", "name", "aliases"])
        w.writerows(rows)
    return len(rows)


# Other names of an airport's city that documents and travellers use, added after the
# city as "city, other name" (each part of the field names the city).
CITY_ALIASES = {
    "BLR": ["Bengaluru"],
    "BOM": ["Bombay"],
    "CCU": ["Calcutta"],
    "CEB": ["Cebu"],
    "COK": ["Kochi"],
    "DEL": ["Delhi"],
    "DMM": ["Dammam"],
    "DPS": ["Denpasar", "Bali"],
    "DVO": ["Davao"],
    "GOI": ["Goa"],
    "GOX": ["Goa"],
    "MAA": ["Madras"],
    "NQZ": ["Nur-Sultan"],
    "RGN": ["Rangoon"],
    "SGN": ["Saigon"],
}


def with_city_aliases(iata, city):
    parts = [part.strip() for part in city.split(",")]
    extra = [name for name in CITY_ALIASES.get(iata, []) if name not in parts]
    return ", ".join([city] + extra) if extra else city


def airports():
    data = airportsdata.load("IATA")
    rows = []
    for iata, a in sorted(data.items()):
        if not iata:
            continue
        city = with_city_aliases(iata, a["city"])
        rows.append((iata, a["name"], city, a["country"], repr(a["lat"]), repr(a["lon"])))
    with open(os.path.join(HERE, "airports.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["iata", "name", "city", "country", "lat", "lon"])
        w.writerows(rows)
    return len(rows)


if __name__ == "__main__":
    import importlib.metadata as md

    n_c = countries()
    # `--countries` leaves airports.csv as it is (at the airportsdata version it records).
    n_a = 0 if "--countries" in sys.argv else airports()
    print(f"countries.csv: {n_c} rows (pycountry {md.version('pycountry')})")
    print(f"airports.csv: {n_a} rows (airportsdata {md.version('airportsdata')})")
