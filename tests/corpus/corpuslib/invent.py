"""Invent loyalty programs: names, earning charts, zones, award prices, status tiers, expiry, and how
their content is split over 2-4 documents. Only the programs are made up; the airlines, alliances,
countries and airports come from refdata.py.
"""
import math
import re
from dataclasses import dataclass, field
from typing import List, Optional

from . import refdata as R
from .calc import round_half_up

CABINS = ["first", "business", "premium_economy", "economy"]

SHORT_NAMES = """Aurora Meridian Zenith Halcyon Solstice Cirrus Nimbus Albatross Kestrel Osprey Pelican Heron
Cormorant Tern Petrel Skylark Starling Compass Lodestar Orbit Vantage Odyssey Mistral Sirocco Zephyr Monsoon
Tradewind Cumulus Stratus Azure Cobalt Saffron Amber Coral Onyx Opal Topaz Quartz Garnet Cedar Juniper Laurel
Maple Magnolia Lotus Orchid Protea Acacia Baobab Sequoia Tamarind Nomad Wayfarer Pathfinder Caravel Galleon
Beacon Harbor Lighthouse Keystone Cornerstone Ridgeline Glacier Fjord Tundra Savanna Mesa Canyon Estuary Lagoon
Archipelago Equinox Eclipse Comet Nova Quasar Pulsar Vega Altair Sirius Rigel Orion Lyra Draco Cygnus Andromeda
Cassiopeia Kite Gannet Puffin Plover Curlew Avocet Hummingbird Tanager Oriole Finch Wren Larkspur Bramble Thistle
Heather Sorrel Velvet Marble Granite Basalt Obsidian Sandstone Ember Radiant Lumen Halo Prism Vertex Apex Crestline
Trillium Meadow Willow Aspen Birch Alder Rowan Hazel Linden Cypress Sable Ermine Lynx Ocelot Ibis Egret Stork
Flamingo Toucan Macaw""".split()

NAME_SUFFIXES = ["Rewards", "Club", "Miles", "Plus", "Loyalty", "Frequent Flyer", "Circle", "Privileges", "Flyer"]
CURRENCIES = ["miles", "miles", "miles", "points", "points", "points", "credits", "stars"]
SYLLABLES = ["ka", "lo", "ve", "ri", "na", "sol", "mar", "tel", "vin", "dor", "ae", "lu", "zen", "qua", "ori",
             "bel", "cas", "fen", "ly", "ra", "mi", "to", "sen", "par", "dal", "eo", "nis", "tra"]

AIRLINE_SHORT = {"NH": "ANA", "KL": "KLM", "LX": "SWISS", "AA": "American", "DL": "Delta", "UA": "United",
                 "TG": "Thai", "LO": "LOT", "TP": "TAP", "AV": "Avianca", "MS": "EgyptAir"}

LETTERS_BY_CABIN = {
    "first": list("FAR"),
    "business": list("JCDZPIR"),
    "premium_economy": list("WENPG"),
    "economy": list("YBMHKLQTVSNOGUXE"),
}
PERCENTS = {
    "first": [150, 175, 200, 250, 300],
    "business": [100, 110, 125, 140, 150, 175, 200],
    "premium_economy": [75, 100, 110, 115, 125, 150],
    "economy": [100, 80, 75, 70, 60, 50, 40, 30, 25, 10],
}


@dataclass
class Chart:
    airline: str
    groups: List[dict]           # {"classes": [..], "cabin": .., "percent": ..}, best first


@dataclass
class Zone:
    name: str
    countries: List[str]
    regions: List[str]
    aliases: List[str]
    bases: List[str]             # BASE_REGIONS names it is made of


@dataclass
class DocPlan:
    charts: List[Chart]
    award: bool = False
    tiers: bool = False
    expiry: bool = False


@dataclass
class Program:
    id: str
    name: str
    short: str
    currency: str
    operator: str
    aliases: List[str]
    charts: List[Chart] = field(default_factory=list)
    zones: List[Zone] = field(default_factory=list)
    award_shape: str = "origin"
    awards: dict = field(default_factory=dict)       # (from_zone, to_zone, cabin) -> one-way price or None
    award_cabins: List[str] = field(default_factory=list)
    origins: List[str] = field(default_factory=list)  # zones the chart lists prices from
    tiers: List[dict] = field(default_factory=list)
    tier_unit: str = ""
    expiry: dict = field(default_factory=dict)
    docs: List[DocPlan] = field(default_factory=list)

    def fact(self):
        return {"id": self.id, "name": self.name, "operator_airline": self.operator,
                "currency": self.currency, "aliases": list(self.aliases)}


def norm(s):
    return re.sub(r"[^a-z0-9]", "", s.lower())


class Namer:
    """Hands out program names that are unique (after normalisation) across one corpus, including
    every alias, because score.py resolves a program by any of its names."""

    def __init__(self, rng):
        self.rng = rng
        self.words = list(SHORT_NAMES)
        rng.shuffle(self.words)
        self.taken = {norm(n) for n, *_ in R.AIRLINES.values()} | {norm(a) for a in R.ALLIANCE_STATUS}
        self.operator_alias_used = set()

    def _pseudo_word(self):
        while True:
            w = "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.choice([2, 3]))).capitalize()
            if norm(w) not in self.taken and len(w) >= 5:
                return w

    def short_name(self):
        while self.words:
            w = self.words.pop()
            if norm(w) not in self.taken:
                return w
        return self._pseudo_word()

    def program(self, operator):
        rng = self.rng
        short = self.short_name()
        suffix = rng.choice(NAME_SUFFIXES)
        name = f"{short}{suffix}" if suffix == "Miles" and rng.random() < 0.3 else f"{short} {suffix}"
        currency = rng.choice(CURRENCIES)
        pid = re.sub(r"[^a-z0-9]+", "_", re.sub(r"([a-z])([A-Z])", r"\1 \2", name).lower()).strip("_")
        aliases = []
        for a in [short, f"{short} {currency}"]:
            if norm(a) != norm(name) and norm(a) not in self.taken and a not in aliases:
                aliases.append(a)
        # "<airline> miles" names one program only: the first one invented for that operator
        op_alias = f"{AIRLINE_SHORT.get(operator, R.airline_name(operator))} {currency}"
        if operator not in self.operator_alias_used and norm(op_alias) not in self.taken:
            aliases.append(op_alias)
            self.operator_alias_used.add(operator)
        for n in [name, pid] + aliases:
            self.taken.add(norm(n))
        return Program(id=pid, name=name, short=short, currency=currency, operator=operator, aliases=aliases)


# ------------------------------------------------------------------------------------------ earning

def invent_chart(rng, airline):
    """Fare-class groups for one operating airline: distinct letters, rates falling with the fare."""
    cabins = ["economy"]
    if rng.random() < 0.9:
        cabins.insert(0, "business")
    if rng.random() < 0.45:
        cabins.insert(len(cabins) - 1, "premium_economy")
    if "business" in cabins and rng.random() < 0.3:
        cabins.insert(0, "first")
    used, groups = set(), []
    for cabin in cabins:
        pool = [c for c in LETTERS_BY_CABIN[cabin] if c not in used]
        n_groups = {"first": 1, "business": rng.choice([1, 1, 2, 2, 3]), "premium_economy": rng.choice([1, 1, 2]),
                    "economy": rng.choice([2, 3, 3, 4, 5])}[cabin]
        percents = sorted(rng.sample(PERCENTS[cabin][:-1] if cabin == "economy" else PERCENTS[cabin],
                                     min(n_groups, len(PERCENTS[cabin]) - 1)), reverse=True)
        if cabin == "economy" and rng.random() < 0.55:
            percents[-1] = 0          # the cheapest economy fares earn nothing
        rng.shuffle(pool)
        for i, pct in enumerate(percents):
            left = len(pool) - (len(percents) - i - 1)
            k = max(1, min(left, rng.choice([1, 2, 2, 3, 3, 4, 5])))
            classes, pool = pool[:k], pool[k:]
            if not classes:
                break
            used.update(classes)
            groups.append({"classes": classes, "cabin": cabin, "percent": pct})
    return Chart(airline=airline, groups=groups)


def clone_chart(rng, chart, airline):
    """A sister airline's chart: same structure, sometimes one rate changed (realistic for groups
    like LH/LX/OS, and it lets one sentence or heading cover two airlines)."""
    groups = [dict(g, classes=list(g["classes"])) for g in chart.groups]
    if rng.random() < 0.4:
        g = rng.choice(groups)
        if g["percent"] > 0:
            g["percent"] = rng.choice([p for p in PERCENTS[g["cabin"]] if p > 0])
            groups.sort(key=lambda x: (CABINS.index(x["cabin"]), -x["percent"]))
    return Chart(airline=airline, groups=groups)


def partner_airlines(rng, operator, k):
    """Partners: mostly the operator's alliance, sometimes a non-aligned carrier."""
    alliance = R.airline_alliance(operator)
    same = sorted(c for c in R.AIRLINES if c != operator and alliance and R.airline_alliance(c) == alliance)
    others = sorted(c for c in R.AIRLINES if c != operator and R.airline_alliance(c) is None)
    if not alliance:
        others = sorted(c for c in R.AIRLINES if c != operator)
    picks = []
    while len(picks) < k:
        pool = same if same and rng.random() < 0.8 else others
        c = rng.choice(pool)
        if c not in picks:
            picks.append(c)
    return picks


def invent_charts(rng, program, n_charts):
    airlines = []
    if rng.random() < 0.6:
        airlines.append(program.operator)
    airlines += partner_airlines(rng, program.operator, n_charts - len(airlines))
    charts = []
    for al in airlines:
        if charts and rng.random() < 0.3:
            charts.append(clone_chart(rng, rng.choice(charts), al))
        else:
            charts.append(invent_chart(rng, al))
    return charts


# ------------------------------------------------------------------------------------------ zones

BIG_COUNTRIES = {"US", "CA", "TR", "AU", "IN", "CN", "BR", "JP", "MX", "DE", "ES", "GB", "FR", "IT", "SA", "ZA",
                 "AR", "CO", "ID"}


def _zone_name(bases):
    for word, covers in R.MACRO_REGIONS.items():
        if sorted(covers) == sorted(bases) and len(bases) > 1:
            return word
    if len(bases) == 1:
        return bases[0]
    return " & ".join(bases)


def _covered_macros(bases):
    """Region words whose base regions all lie in the zone (a zone of Western, Southern, Northern and
    Eastern Europe covers "Europe")."""
    return [w for w, covers in R.MACRO_REGIONS.items() if all(b in bases for b in covers)]


def invent_zones(rng, operator):
    """4-8 zones with disjoint country lists; the operator's country is in the first (home) zone."""
    home_c = R.airline_country(operator)
    names = [b for b, _ in R.BASE_REGIONS]
    countries = {b: list(cs) for b, cs in R.BASE_REGIONS}
    home_base = next(b for b, cs in R.BASE_REGIONS if home_c in cs)
    zones = []
    if home_c in BIG_COUNTRIES and rng.random() < 0.4:
        nm = R.COUNTRIES[home_c]
        zones.append(Zone(name=rng.choice([nm, f"Domestic {nm}"]), countries=[home_c], regions=[], aliases=[], bases=[]))
        countries[home_base] = [c for c in countries[home_base] if c != home_c]
    chosen = set(rng.sample(names, rng.randint(4, 8))) | {home_base}
    order = [b for b in names if b in chosen]
    i = 0
    while i < len(order):
        group = [order[i]]
        while (i + len(group) < len(order) and len(group) < 4 and rng.random() < 0.5
               and names.index(order[i + len(group)]) == names.index(group[-1]) + 1
               and R.CLUSTER[order[i + len(group)]] == R.CLUSTER[group[0]]):
            group.append(order[i + len(group)])
        i += len(group)
        cs = []
        for b in group:
            pool = countries[b]
            if not pool:
                continue
            keep = pool if len(pool) <= 3 or rng.random() < 0.5 else pool[:max(2, len(pool) - rng.randint(1, 3))]
            if home_c in pool and home_c not in keep:
                keep = keep + [home_c]
            cs += keep
        if not cs:
            continue
        name = _zone_name(group)
        zones.append(Zone(name=name, countries=cs, regions=_covered_macros(group), aliases=[], bases=group))
    _ensure_home_first(zones, home_c)
    _name_zones(rng, zones)
    return zones


def _ensure_home_first(zones, home_c):
    idx = next(i for i, z in enumerate(zones) if home_c in z.countries)
    zones.insert(0, zones.pop(idx))


def _name_zones(rng, zones):
    """Descriptive names; sometimes a 'Zone N' alias, sometimes 'Zone N' as the name itself."""
    style = rng.choice(["plain", "plain", "alias_num", "alias_letter", "numbered"])
    seen = set()
    for i, z in enumerate(zones, 1):
        if z.name in seen:
            z.name = f"{z.name} {i}"
        seen.add(z.name)
        if style == "alias_num":
            z.aliases = [f"Zone {i}"]
        elif style == "alias_letter":
            z.aliases = [f"Zone {chr(64 + i)}"]
        elif style == "numbered":
            if z.name not in z.regions and z.bases:
                z.regions = sorted(set(z.regions) | ({z.name} if z.name in R.MACRO_REGIONS else set()))
            z.name = f"Zone {i}"


# ------------------------------------------------------------------------------------------ awards

def _centroid(zone):
    aps = R.airports_in(zone.countries) or ["FRA"]
    lat = sum(R.AP[a]["lat"] for a in aps) / len(aps)
    lon = sum(R.AP[a]["lon"] for a in aps) / len(aps)
    return lat, lon


def _zone_distance(z1, z2):
    (a1, o1), (a2, o2) = _centroid(z1), _centroid(z2)
    f1, f2 = math.radians(a1), math.radians(a2)
    h = math.sin((f2 - f1) / 2) ** 2 + math.cos(f1) * math.cos(f2) * math.sin(math.radians(o2 - o1) / 2) ** 2
    return max(600.0, 2 * 3958.8 * math.asin(math.sqrt(h)))


def _round_to(x, step):
    return max(step, int(round_half_up(x / step)) * step)


def award_prices(rng, z1, z2, cabins, factor):
    d = _zone_distance(z1, z2)
    eco = min(_round_to(4000 + d * factor, 2500), 90000)
    out = {"economy": eco}
    if "premium_economy" in cabins:
        out["premium_economy"] = _round_to(eco * rng.uniform(1.4, 1.8), 2500)
    out["business"] = _round_to(eco * rng.uniform(2.0, 2.8), 5000)
    if "first" in cabins:
        out["first"] = None if d < 1500 else _round_to(out["business"] * rng.uniform(1.3, 1.6), 5000)
    for c in ("premium_economy", "business"):
        if c in out and rng.random() < 0.08:
            out[c] = None                     # "not offered" cells
    return out


def invent_awards(rng, program):
    zones = program.zones
    cabins = ["economy"] + (["premium_economy"] if rng.random() < 0.4 else []) + ["business"] + \
             (["first"] if rng.random() < 0.5 else [])
    program.award_cabins = cabins
    shape = rng.choice(["origin", "origin", "two_origins", "matrix"])
    if shape == "matrix":
        zones = zones[:5]
    program.award_shape = shape
    factor = rng.uniform(3.0, 6.0)
    pairs = []
    if shape == "matrix":
        program.origins = [z.name for z in zones]
        pairs = [(a, b) for i, a in enumerate(zones) for b in zones[i:]]
    else:
        home = zones[0]
        program.origins = [home.name]
        pairs = [(home, z) for z in zones]
        if shape == "two_origins" and len(zones) > 2:
            second = rng.choice(zones[1:])
            program.origins.append(second.name)
            dests = [z for z in zones[1:] if rng.random() < 0.6 or z is second]
            pairs += [(second, z) for z in dests]
    for a, b in pairs:
        for cabin, price in award_prices(rng, a, b, cabins, factor).items():
            program.awards[(a.name, b.name, cabin)] = price


# ------------------------------------------------------------------------------------------ status

TIER_SETS = [["Silver", "Gold", "Platinum"], ["Blue", "Silver", "Gold", "Platinum"],
             ["Explorer", "Voyager", "Navigator", "Ambassador"], ["Bronze", "Silver", "Gold"],
             ["Jade", "Sapphire", "Diamond"], ["Member", "Select", "Premier", "Premier Plus"],
             ["Club", "Club Plus", "Club Max"], ["Red", "Silver", "Gold", "Black"],
             ["Classic", "Elite", "Elite Plus", "Elite Prime"], ["Basic", "Frequent", "Executive", "Chairman"]]
TIER_UNITS = {  # unit: thresholds for up to 5 ranks (the first may be 0 = on enrolment)
    "PQP": [4000, 8000, 12000, 18000, 24000],
    "Tier Points": [300, 600, 1200, 2000, 3000],
    "qualifying dollars": [3000, 6000, 9000, 15000, 20000],
    "segments": [12, 25, 40, 60, 90],
    "status credits": [250, 450, 700, 1400, 2500],
    "status miles": [25000, 40000, 60000, 80000, 125000],
    "qualifying points": [20000, 35000, 50000, 75000, 100000],
}


def invent_tiers(rng, program):
    names = list(rng.choice(TIER_SETS))
    if rng.random() < 0.3:
        names = [f"{program.short} {n}" for n in names]
    unit = rng.choice(sorted(TIER_UNITS))
    base = TIER_UNITS[unit]
    scale = rng.choice([1, 1, 1.5, 2]) if unit != "segments" else 1
    alliance = R.airline_alliance(program.operator)
    statuses = R.ALLIANCE_STATUS.get(alliance, [])
    start0 = rng.random() < 0.25
    tiers = []
    for rank, name in enumerate(names, 1):
        th = 0 if (start0 and rank == 1) else int(base[rank - 1] * scale)
        tiers.append({"program": program.id, "name": name, "rank": rank, "threshold": th,
                      "threshold_unit": unit, "alliance_status": None})
    if statuses:
        # higher tiers map onto higher alliance levels; the lowest tier sometimes gets none
        first = 1 if (start0 or rng.random() < 0.4) else 0
        n, k = len(tiers) - first, len(statuses)
        for i, t in enumerate(tiers[first:]):
            level = min(k - 1, i) if n <= k else int(i * (k - 1) / (n - 1) + 0.5)
            t["alliance_status"] = statuses[level]
    program.tiers = tiers
    program.tier_unit = unit


# ------------------------------------------------------------------------------------------ expiry

def invent_expiry(rng):
    kind = rng.choice(["inactivity", "inactivity", "validity", "never"])
    if kind == "inactivity":
        return {"expires": True, "inactivity_months": rng.choice([12, 18, 24, 36]), "validity_months": None}
    if kind == "validity":
        return {"expires": True, "inactivity_months": None, "validity_months": rng.choice([24, 36, 48, 60])}
    return {"expires": False, "inactivity_months": None, "validity_months": None}


# ------------------------------------------------------------------------------------------ whole program

def plan_docs(rng, program, n_docs):
    """Split the program's content over n_docs documents: one holds the award chart, the others the
    earning charts; tiers and expiry go into any of them."""
    if n_docs == 1:
        return [DocPlan(charts=list(program.charts), award=True, tiers=True, expiry=True)]
    earn_docs = [DocPlan(charts=[]) for _ in range(n_docs - 1)]
    for i, ch in enumerate(program.charts):
        target = earn_docs[i] if i < len(earn_docs) else rng.choice(earn_docs)
        target.charts.append(ch)
    docs = earn_docs + [DocPlan(charts=[], award=True)]
    rng.shuffle(docs)
    rng.choice(docs).tiers = True
    rng.choice(docs).expiry = True
    return docs


def invent_program(rng, namer, n_docs):
    operator = rng.choice(sorted(R.AIRLINES))
    p = namer.program(operator)
    n_charts = max(n_docs - 1, rng.choice([1, 2, 2, 3, 3, 4]))
    p.charts = invent_charts(rng, p, n_charts)
    p.zones = invent_zones(rng, operator)
    invent_awards(rng, p)
    invent_tiers(rng, p)
    p.expiry = invent_expiry(rng)
    p.docs = plan_docs(rng, p, n_docs)
    return p
