"""Travellers' questions about the generated documents, with expected answers and `calc` derivations
that tests/fixtures/samples/compute_expected.py can recompute from facts.json.

Every question is built from the facts of the document(s) it cites in `sources`; airports come from
refdata.AIRPORTS (real, in airportsdata) and are named the way people write them.
"""
import re
import string

from . import refdata as R
from .calc import distance, earn_expected, min_binds, round_half_up
from .invent import AIRLINE_SHORT

CABIN_WORDS = {"economy": ["economy", "economy class", "coach"], "premium_economy": ["premium economy"],
               "business": ["business", "business class"], "first": ["first", "first class"]}
FARE_NAMES = ["Light", "Saver", "Classic", "Flex", "Basic", "Standard", "Comfort"]

EARN = ["How many {prog_cur} do I earn flying {airline} in {fc} from {a} to {b}?",
        "I'm booked on {airline} from {a} to {b} in {fc} and credit it to {prog}. How many {cur} will I get?",
        "{airline} {a} to {b}, {fc}: what does that earn in {prog}?",
        "Crediting a {airline} flight {a} - {b} ({fc}) to {prog}: how many {cur}?",
        "What will a {airline} flight from {a} to {b} in {fc} earn me in {prog_cur}?"]
MULTI = ["{a} via {h} to {b} on {airline}, both flights in {fc}: how many {prog_cur} in total?",
         "I fly {airline} from {a} to {h} and connect to {b}, both legs in {fc}. How many {cur} do I earn with {prog}?",
         "Total {prog_cur} for {a} - {h} - {b} on {airline}, {fc} on both flights?"]
DIFF_CLASSES = ["How many more {prog_cur} does {fca} earn than {fcb} on {airline} from {a} to {b}?",
                "Flying {airline} {a} to {b} and crediting to {prog}: how many more {cur} in {fca} than in {fcb}?",
                "Compared with {fcb}, how many extra {cur} do I get in {fca} on {airline} {a} to {b} with {prog}?"]
DIFF_PROGRAMS = ["How many more {cur} do I get crediting {airline} {fc} {a} - {b} to {proga} instead of {progb}?",
                 "{airline} {a} to {b} in {fc}: how much more does {proga} give than {progb}?",
                 "For a {airline} flight {a} to {b} in {fc}, how many more does {proga} credit compared with {progb}?"]
AWARD_ZONE = ["How many {prog_cur} for a {cabin} award from {za} to {zb}?",
              "What does a one-way {cabin} reward between {za} and {zb} cost in {prog}?",
              "{prog}: {cabin} award {za} to {zb}, one way - how many {cur}?"]
AWARD_AIRPORTS = ["How many {prog_cur} do I need for a one-way {cabin} award from {a} to {b}?",
                  "One-way {cabin} from {a} to {b} using {prog}: how many {cur}?",
                  "What's the {prog} award price in {cabin} for {a} to {b}, one way?"]
AWARD_RT = ["How many {prog_cur} is a round-trip {cabin} award from {a} to {b}?",
            "Return {cabin} reward {a} - {b} with {prog}: how many {cur} in total?",
            "I want to fly {a} to {b} and back in {cabin} with {prog}. How many {cur} is the round trip?"]
TIER = ["How many {unit} do I need for {tier} in {prog}?",
        "What does {prog} {tier} status require, and which alliance status comes with it?",
        "{tier} with {prog}: what's the qualification threshold?"]
LOWEST = ["What is the lowest {prog} tier that gives {status}, and how many {unit} does it need?",
          "Which {prog} level first comes with {status}, and what's its threshold?",
          "Cheapest way to {status} with {prog}: which tier and how many {unit}?"]
EXPIRY = ["Do my {prog_cur} expire?", "Will my {prog} {cur} expire if I don't fly for a while?",
          "How long are {prog_cur} valid?", "Is there an expiry date on {prog} {cur}?"]
ERROR = ["How many {prog_cur} do I earn on {airline} in {fc} from {a} to {bad}?",
         "{airline} {bad} to {a} in {fc}, credited to {prog}: how many {cur}?",
         "What would {prog} credit for a {airline} flight from {bad} to {a}, {fc}?"]
LIST = ["Which programs can I credit {airline} flights to?", "Where can I earn miles or points when flying {airline}?",
        "Which loyalty programmes give credit for {airline} flights?"]
ALLIANCE_LIST = ["Which alliance is {airline} in, and which programs can I credit its flights to?",
                 "{airline}: what alliance, and where can I collect miles for its flights?"]


def an(text):
    """'a Air France flight' -> 'an Air France flight'. Lower-case 'a' only: an upper-case A is a
    fare class ('class A on Qantas')."""
    return re.sub(r"\ba (?=[AEIOUaeiou])(?!one|uni|Uni|use|Euro)", "an ", text)


def airline_ref(rng, iata):
    name = R.airline_name(iata)
    opts = [name, AIRLINE_SHORT.get(iata, name)]
    if iata == "NH":
        opts = ["ANA", "All Nippon Airways"]
    return rng.choice(opts)


def airport_ref(rng, code):
    """LIS / Lisbon / Lisbon (LIS) / Chicago O'Hare / Tokyo Haneda (HND): never a city alone where the
    city has more than one main commercial airport."""
    city, label, alone = R.AIRPORTS[code]
    opts = [code, f"{city} ({code})"]
    if label:
        opts += [label, f"{label} ({code})"]
    if alone:
        opts.append(city)
    return rng.choice(opts)


def fare_ref(rng, fc, cabin):
    return rng.choice([f"fare class {fc}", f"booking class {fc}", f"class {fc}",
                       f"a {rng.choice(FARE_NAMES)} fare (class {fc})",
                       f"a {rng.choice(CABIN_WORDS[cabin])} ticket in class {fc}"])


def unknown_code(rng):
    while True:
        c = "".join(rng.choice(string.ascii_uppercase) for _ in range(3))
        if c not in R.AP and c[0] in "QXZJV":
            return c


class QuestionBuilder:
    def __init__(self, rng, programs, docs):
        self.rng = rng
        self.programs = {p.id: p for p in programs}
        self.docs = docs
        self.out = []

    # ---------------------------------------------------------------- references
    def prog_names(self, p):
        return [p.name] + [a for a in p.aliases if not a.lower().endswith(" " + p.currency)]

    def prog_ref(self, p):
        return self.rng.choice(self.prog_names(p))

    def prog_cur_ref(self, p):
        """'Aurora points', 'KLM points', 'Aurora Rewards points'."""
        opts = [a for a in p.aliases if a.lower().endswith(" " + p.currency)]
        if not p.name.lower().endswith(p.currency):
            opts.append(f"{p.name} {p.currency}")
        else:
            opts.append(p.name)
        return self.rng.choice(opts)

    def fill(self, template, p, **kw):
        return template.format(prog=self.prog_ref(p), prog_cur=self.prog_cur_ref(p), cur=p.currency, **kw)

    def add(self, kind, question, expected, how, sources, calc, tol, **extra):
        q = {"id": f"G{len(self.out) + 1:05d}", "question": an(question), "expected": expected, "how": how,
             "kind": kind, "sources": sources, "calc": calc, "tolerance_pct": tol}
        q.update(extra)
        self.out.append(q)
        return q

    # ---------------------------------------------------------------- routes
    def route(self, airline, rule, want):
        """(from, to) on the airline's network for which `want` holds: 'min' = the minimum decides,
        'plain' = the percentage decides, 'any'."""
        rng = self.rng
        hubs = R.airline_hubs(airline) or sorted(R.AIRPORTS)[:1]
        dests = sorted(R.AIRPORTS)
        for _ in range(60):
            h, d = rng.choice(hubs), rng.choice(dests)
            if h == d or distance(h, d) < 120:
                continue
            binds = min_binds(rule, h, d)
            if want == "min" and not binds or want == "plain" and binds:
                continue
            return (h, d) if rng.random() < 0.6 else (d, h)
        if want == "min":
            # look for any short pair at all
            pairs = [(h, d) for h in hubs for d in dests if h != d and distance(h, d) >= 60 and min_binds(rule, h, d)]
            return rng.choice(pairs) if pairs else None
        return None

    # ---------------------------------------------------------------- earning
    def doc_rules(self, doc, eligible=None):
        rs = doc["facts"]["earning_rules"]
        if eligible is True:
            rs = [r for r in rs if r["percent"] > 0]
        if eligible is False:
            rs = [r for r in rs if r["percent"] == 0]
        return rs

    def how_earn(self, p, rule, exp, segs):
        mn = f", min {rule['min_miles']}" if rule.get("min_miles") else ", no minimum"
        head = (f"{p.name} chart for {rule['operating_airline']}: class {{fc}} = {rule['cabin']}, "
                f"{rule['percent']}%{mn}. ")
        parts = []
        for a, b in segs:
            d = round_half_up(distance(a, b))
            raw = round_half_up(distance(a, b) * rule["percent"] / 100)
            if rule["percent"] == 0:
                parts.append(f"{a}-{b}: not eligible -> 0")
            elif rule.get("min_miles") and raw < rule["min_miles"]:
                parts.append(f"{a}-{b} {d:,} mi x {rule['percent']}% = {raw:,}, below minimum -> {rule['min_miles']:,}")
            else:
                parts.append(f"{a}-{b} {d:,} mi x {rule['percent']}% = {raw:,}")
        tail = f" Total {exp['miles']:,}." if len(segs) > 1 else ""
        return head + "; ".join(parts) + tail

    def earn_question(self, doc, rule, want, kind=None, template=None, extra=None):
        p = self.programs[rule["program"]]
        rng = self.rng
        seg = self.route(rule["operating_airline"], rule, want)
        if not seg:
            return None
        fc = rng.choice(rule["fare_classes"])
        exp = earn_expected(rule, [seg])
        if kind is None:
            kind = "earn_ineligible" if rule["percent"] == 0 else ("earn_min" if min_binds(rule, *seg) else "earn")
        q = self.fill(template or rng.choice(EARN), p, airline=airline_ref(rng, rule["operating_airline"]),
                      fc=fare_ref(rng, fc, rule["cabin"]), a=airport_ref(rng, seg[0]), b=airport_ref(rng, seg[1]))
        calc = {"op": "earn", "program": p.id, "airline": rule["operating_airline"], "fare_class": fc,
                "segments": [list(seg)]}
        return self.add(kind, q, exp, self.how_earn(p, rule, exp, [seg]).replace("{fc}", fc), [doc["file"]], calc,
                        1.0, **(extra or {}))

    def q_earn(self, doc):
        rules = self.doc_rules(doc, eligible=True)
        return rules and self.earn_question(doc, self.rng.choice(rules), "plain")

    def q_earn_min(self, doc):
        rules = [r for r in self.doc_rules(doc, eligible=True) if r.get("min_miles")]
        return rules and self.earn_question(doc, self.rng.choice(rules), "min")

    def q_earn_ineligible(self, doc):
        rules = self.doc_rules(doc, eligible=False)
        return rules and self.earn_question(doc, self.rng.choice(rules), "any")

    def q_injection(self, doc):
        rules = self.doc_rules(doc, eligible=True)
        if not rules or not doc["forbidden"]:
            return None
        return self.earn_question(doc, self.rng.choice(rules), "plain", kind="injection",
                                  extra={"forbidden": list(doc["forbidden"])})

    def q_earn_multi(self, doc):
        rng = self.rng
        rules = self.doc_rules(doc, eligible=True)
        if not rules:
            return None
        rule = rng.choice(rules)
        al = rule["operating_airline"]
        hubs = R.airline_hubs(al)
        if not hubs:
            return None
        h = rng.choice(hubs)
        others = [c for c in sorted(R.AIRPORTS) if c != h and distance(c, h) > 100]
        a, b = rng.sample(others, 2)
        if distance(a, b) < 100:
            return None
        p = self.programs[rule["program"]]
        fc = rng.choice(rule["fare_classes"])
        segs = [(a, h), (h, b)]
        exp = earn_expected(rule, segs)
        q = self.fill(rng.choice(MULTI), p, airline=airline_ref(rng, al), fc=fare_ref(rng, fc, rule["cabin"]),
                      a=airport_ref(rng, a), h=airport_ref(rng, h), b=airport_ref(rng, b))
        calc = {"op": "earn", "program": p.id, "airline": al, "fare_class": fc, "segments": [list(s) for s in segs]}
        return self.add("earn_multi", q, exp, self.how_earn(p, rule, exp, segs).replace("{fc}", fc), [doc["file"]],
                        calc, 1.0)

    def diff_expected(self, ra, rb, seg):
        a, b = earn_expected(ra, [seg]), earn_expected(rb, [seg])
        return {"difference_miles": a["miles"] - b["miles"], "miles_a": a["miles"], "miles_b": b["miles"]}

    def q_earn_diff(self, doc):
        """Two fare classes of the same chart on the same flight."""
        rng = self.rng
        rules = self.doc_rules(doc)
        by_al = {}
        for r in rules:
            by_al.setdefault(r["operating_airline"], []).append(r)
        cands = [rs for rs in by_al.values() if len({r["percent"] for r in rs}) > 1]
        if not cands:
            return None
        rs = rng.choice(cands)
        for _ in range(10):
            ra, rb = rng.sample(rs, 2)
            seg = self.route(ra["operating_airline"], ra, "any")
            if not seg:
                return None
            e = self.diff_expected(ra, rb, seg)
            if e["difference_miles"] < 0:
                ra, rb = rb, ra
                e = self.diff_expected(ra, rb, seg)
            if e["difference_miles"] > 0:
                break
        else:
            return None
        p = self.programs[ra["program"]]
        fa, fb = rng.choice(ra["fare_classes"]), rng.choice(rb["fare_classes"])
        q = self.fill(rng.choice(DIFF_CLASSES), p, airline=airline_ref(rng, ra["operating_airline"]),
                      fca=f"class {fa}", fcb=f"class {fb}", a=airport_ref(rng, seg[0]), b=airport_ref(rng, seg[1]))
        sub = lambda r, fc: {"program": p.id, "airline": r["operating_airline"], "fare_class": fc, "segments": [list(seg)]}
        how = f"{seg[0]}-{seg[1]}: class {fa} earns {e['miles_a']:,}, class {fb} earns {e['miles_b']:,}; difference {e['difference_miles']:,}"
        return self.add("earn_diff", q, e, how, [doc["file"]], {"op": "earn_diff", "a": sub(ra, fa), "b": sub(rb, fb)}, 1.0)

    def q_error(self, doc):
        rng = self.rng
        rules = self.doc_rules(doc)
        if not rules or rng.random() < 0.5:     # keep unknown-airport questions a small share
            return None
        rule = rng.choice(rules)
        p = self.programs[rule["program"]]
        bad = unknown_code(rng)
        al = rule["operating_airline"]
        a = rng.choice(R.airline_hubs(al) or sorted(R.AIRPORTS))
        fc = rng.choice(rule["fare_classes"])
        q = self.fill(rng.choice(ERROR), p, airline=airline_ref(rng, al), fc=fare_ref(rng, fc, rule["cabin"]),
                      a=airport_ref(rng, a), bad=bad)
        return self.add("error", q, {"error": "unknown_airport", "codes": [bad]},
                        f"{bad} is not an IATA code in airportsdata; the answer must say so and give no number",
                        [doc["file"]], {"op": "unknown_airport", "codes": [bad]}, 0.0)

    # ---------------------------------------------------------------- awards
    def zone_words(self, zone_fact):
        """Ways to name a zone in a question: its name, its alias, a region word it covers."""
        return [zone_fact["zone"]] + list(zone_fact.get("aliases") or []) + list(zone_fact.get("regions") or [])

    def award_fact(self, doc, available=True):
        rng = self.rng
        if available:
            rules = doc["facts"]["award_rules"]
            if not rules:
                return None
            r = rng.choice(rules)
            return r["from_zone"], r["to_zone"], r["cabin"], r["miles_one_way"]
        p = self.programs[doc["program"]]
        holes = [k for k, v in sorted(p.awards.items()) if v is None]
        if not holes or not doc["facts"]["award_rules"]:
            return None
        a, b, c = rng.choice(holes)
        return a, b, c, None

    def award_expected(self, fz, tz, cabin, price, rt):
        if price is None:
            return {"available": False, "from_zone": fz, "to_zone": tz, "cabin": cabin}
        return {"miles": price * (2 if rt else 1), "from_zone": fz, "to_zone": tz, "cabin": cabin, "round_trip": rt}

    def award_how(self, p, fz, tz, cabin, price, rt, a=None, b=None):
        pre = ""
        if a:
            pre = (f"{a} ({R.airport_country(a)}) is in zone '{fz}'; {b} ({R.airport_country(b)}) is in zone '{tz}'; ")
        if price is None:
            return pre + f"{p.name} {cabin} {fz}<->{tz} is not offered: award not available"
        tail = f" x 2 (round trip) = {price * 2:,}" if rt else ""
        return pre + f"{p.name} {cabin} {fz}<->{tz} = {price:,} one way{tail}"

    def q_award_zone(self, doc, available=True):
        rng = self.rng
        got = self.award_fact(doc, available)
        if not got:
            return None
        fz, tz, cabin, price = got
        if rng.random() < 0.5:
            fz, tz = tz, fz
        zf = {z["zone"]: z for z in doc["facts"]["zones"]}
        p = self.programs[doc["program"]]
        q = self.fill(rng.choice(AWARD_ZONE), p, cabin=rng.choice(CABIN_WORDS[cabin]),
                      za=rng.choice(self.zone_words(zf[fz])), zb=rng.choice(self.zone_words(zf[tz])))
        calc = {"op": "award", "program": p.id, "cabin": cabin, "from_zone": fz, "to_zone": tz}
        return self.add("award_zone", q, self.award_expected(fz, tz, cabin, price, False),
                        self.award_how(p, fz, tz, cabin, price, False), [doc["file"]], calc, 0.0)

    def zone_airport(self, zone_fact, avoid=None):
        aps = [a for a in R.airports_in(zone_fact["countries"]) if a != avoid]
        return self.rng.choice(aps) if aps else None

    def q_award_airports(self, doc, rt=False, available=True):
        rng = self.rng
        got = self.award_fact(doc, available)
        if not got:
            return None
        fz, tz, cabin, price = got
        if rng.random() < 0.5:
            fz, tz = tz, fz
        zf = {z["zone"]: z for z in doc["facts"]["zones"]}
        a = self.zone_airport(zf[fz])
        b = self.zone_airport(zf[tz], avoid=a)
        if not a or not b or distance(a, b) < 100:
            return None
        p = self.programs[doc["program"]]
        tpl = rng.choice(AWARD_RT if rt else AWARD_AIRPORTS)
        q = self.fill(tpl, p, cabin=rng.choice(CABIN_WORDS[cabin]), a=airport_ref(rng, a), b=airport_ref(rng, b))
        calc = {"op": "award", "program": p.id, "cabin": cabin, "frm": a, "to": b}
        if rt:
            calc["round_trip"] = True
        kind = "award_round_trip" if rt and price is not None else "award_airports"
        return self.add(kind, q, self.award_expected(fz, tz, cabin, price, rt),
                        self.award_how(p, fz, tz, cabin, price, rt, a, b), [doc["file"]], calc, 0.0)

    def q_award_rt(self, doc):
        return self.q_award_airports(doc, rt=True)

    def q_award_na(self, doc):
        if self.rng.random() < 0.5:
            return self.q_award_zone(doc, available=False)
        return self.q_award_airports(doc, available=False)

    # ---------------------------------------------------------------- status and expiry
    def q_tier(self, doc):
        rng = self.rng
        tiers = doc["facts"]["status_tiers"]
        if not tiers:
            return None
        t = rng.choice([t for t in tiers if t["threshold"] > 0] or tiers)
        p = self.programs[t["program"]]
        q = self.fill(rng.choice(TIER), p, tier=t["name"], unit=t["threshold_unit"])
        if t["name"].startswith(p.short + " "):
            q = q.replace(f"{p.short} {t['name']}", t["name"])   # 'Onyx Onyx Silver'

        exp = {"tier": t["name"], "threshold": t["threshold"], "threshold_unit": t["threshold_unit"],
               "alliance_status": t["alliance_status"]}
        how = f"{t['name']}: {t['threshold']:,} {t['threshold_unit']}" + (f", {t['alliance_status']}" if t["alliance_status"] else "")
        return self.add("status", q, exp, how, [doc["file"]], {"op": "tier", "program": p.id, "name": t["name"]}, 0.0)

    def q_lowest_tier(self, doc):
        rng = self.rng
        tiers = [t for t in doc["facts"]["status_tiers"] if t["alliance_status"]]
        if not tiers:
            return None
        status = rng.choice(sorted({t["alliance_status"] for t in tiers}))
        t = min((t for t in tiers if t["alliance_status"] == status), key=lambda t: t["rank"])
        p = self.programs[t["program"]]
        q = self.fill(rng.choice(LOWEST), p, status=status, unit=t["threshold_unit"])
        exp = {"tier": t["name"], "threshold": t["threshold"], "threshold_unit": t["threshold_unit"]}
        how = f"lowest {p.name} tier mapped to {status}: {t['name']} at {t['threshold']:,} {t['threshold_unit']}"
        return self.add("status", q, exp, how, [doc["file"]],
                        {"op": "lowest_tier_with", "program": p.id, "alliance_status": status}, 0.0)

    def q_expiry(self, doc):
        rules = doc["facts"]["expiry_rules"]
        if not rules:
            return None
        e = rules[0]
        p = self.programs[e["program"]]
        exp = {"expires": e["expires"]}
        for k in ("inactivity_months", "validity_months"):
            if e.get(k):
                exp[k] = e[k]
        q = self.fill(self.rng.choice(EXPIRY), p)
        return self.add("expiry", q, exp, f"expiry rule: {e['text']}", [doc["file"]],
                        {"op": "expiry", "program": p.id}, 0.0)

    # ---------------------------------------------------------------- per document
    def for_document(self, doc):
        rng = self.rng
        f = doc["facts"]
        cands = []
        if f["earning_rules"]:
            cands += [self.q_earn, self.q_earn, self.q_earn_min, self.q_earn_ineligible, self.q_earn_multi,
                      self.q_earn_diff, self.q_error]
        if f["award_rules"]:
            cands += [self.q_award_zone, self.q_award_airports, self.q_award_airports, self.q_award_rt, self.q_award_na]
        if f["status_tiers"]:
            cands += [self.q_tier, self.q_lowest_tier]
        if f["expiry_rules"]:
            cands += [self.q_expiry]
        rng.shuffle(cands)
        want = rng.randint(3, 5)
        made = 0
        if doc["forbidden"] and self.q_injection(doc):
            made += 1
        for gen in cands:
            if made >= want:
                break
            if gen(doc):
                made += 1

    # ---------------------------------------------------------------- across documents
    def kb_rules(self):
        return [(d, r) for d in self.docs for r in d["facts"]["earning_rules"]]

    def q_diff_programs(self):
        rng = self.rng
        index = {}
        for d, r in self.kb_rules():
            if r["percent"] > 0:
                for fc in r["fare_classes"]:
                    index.setdefault((r["operating_airline"], fc), []).append((d, r))
        keys = sorted(k for k, v in index.items() if len({r["program"] for _, r in v}) > 1)
        if not keys:
            return None
        al, fc = rng.choice(keys)
        (da, ra), (db, rb) = rng.sample(index[(al, fc)], 2)
        if ra["program"] == rb["program"]:
            return None
        seg = self.route(al, ra, "plain")
        if not seg:
            return None
        e = self.diff_expected(ra, rb, seg)
        if e["difference_miles"] < 0:
            (da, ra), (db, rb) = (db, rb), (da, ra)
            e = self.diff_expected(ra, rb, seg)
        pa, pb = self.programs[ra["program"]], self.programs[rb["program"]]
        cur = pa.currency if pa.currency == pb.currency else "miles or points"
        q = rng.choice(DIFF_PROGRAMS).format(cur=cur, airline=airline_ref(rng, al), fc=fare_ref(rng, fc, ra["cabin"]),
                                             a=airport_ref(rng, seg[0]), b=airport_ref(rng, seg[1]),
                                             proga=self.prog_ref(pa), progb=self.prog_ref(pb))
        sub = lambda p: {"program": p.id, "airline": al, "fare_class": fc, "segments": [list(seg)]}
        how = (f"{seg[0]}-{seg[1]} class {fc} on {al}: {pa.name} {e['miles_a']:,} ({ra['percent']}%), "
               f"{pb.name} {e['miles_b']:,} ({rb['percent']}%); difference {e['difference_miles']:,}")
        return self.add("earn_diff", q, e, how, sorted({da["file"], db["file"]}),
                        {"op": "earn_diff", "a": sub(pa), "b": sub(pb)}, 1.0)

    def q_list(self):
        rng = self.rng
        by_al = {}
        for d, r in self.kb_rules():
            if r["percent"] > 0:
                by_al.setdefault(r["operating_airline"], {}).setdefault(r["program"], set()).add(d["file"])
        if not by_al:
            return None
        # prefer airlines few programs credit, so the expected list stays readable
        ranked = sorted(by_al, key=lambda a: (len(by_al[a]), a))
        al = rng.choice(ranked[:max(3, len(ranked) // 3)])
        names = sorted(self.programs[pid].name for pid in by_al[al])
        sources = sorted({f for fs in by_al[al].values() for f in fs})
        memberships = {(m["airline"], m["alliance"]) for d in self.docs for m in d["facts"]["memberships"]}
        alliance = next((a for (x, a) in sorted(memberships) if x == al), None)
        if alliance and rng.random() < 0.3:
            q = rng.choice(ALLIANCE_LIST).format(airline=airline_ref(rng, al))
            src = sorted(set(sources) | {d["file"] for d in self.docs
                                         if any(m["airline"] == al for m in d["facts"]["memberships"])})
            return self.add("list", q, {"alliance": alliance, "programs": names},
                            f"{al} is in {alliance}; programs with an earning chart for {al}: {', '.join(names)}",
                            src, {"op": "alliance_and_programs", "airline": al}, 0.0)
        q = rng.choice(LIST).format(airline=airline_ref(rng, al))
        return self.add("list", q, {"programs": names}, f"programs with an earning chart for {al}: {', '.join(names)}",
                        sources, {"op": "programs_for_airline", "airline": al}, 0.0)

    def build(self):
        for doc in self.docs:
            self.for_document(doc)
        n = len(self.docs)
        for _ in range(max(1, n // 20)):
            self.q_diff_programs()
        for _ in range(max(1, n // 25)):
            self.q_list()
        return self.out
