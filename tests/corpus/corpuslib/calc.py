"""The calculation rules of tests/fixtures/samples/README.md, written out again on purpose.

The generator computes every expected answer here, from the facts it wrote; compute_expected.py then
recomputes them from facts.json. Two independent implementations agreeing is the check.
"""
import math
from decimal import Decimal, ROUND_HALF_UP

from .refdata import AP

R_MI = 3958.8


def round_half_up(x):
    return int(Decimal(repr(x)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def distance(a, b):
    """Great-circle distance in statute miles between two IATA airports."""
    p1, p2 = AP[a], AP[b]
    f1, f2 = math.radians(p1["lat"]), math.radians(p2["lat"])
    dphi, dl = f2 - f1, math.radians(p2["lon"] - p1["lon"])
    h = math.sin(dphi / 2) ** 2 + math.cos(f1) * math.cos(f2) * math.sin(dl / 2) ** 2
    return 2 * R_MI * math.asin(math.sqrt(h))


def earn_segment(rule, a, b):
    """(distance rounded, miles earned) for one flight under one earning rule."""
    d = distance(a, b)
    m = round_half_up(d * rule["percent"] / 100)
    if rule["percent"] > 0 and rule.get("min_miles"):
        m = max(m, rule["min_miles"])
    return round_half_up(d), m


def min_binds(rule, a, b):
    """True when the rule's minimum, not the percentage, decides the miles for a->b."""
    if not rule.get("min_miles") or rule["percent"] == 0:
        return False
    return round_half_up(distance(a, b) * rule["percent"] / 100) < rule["min_miles"]


def earn_expected(rule, segments):
    """The `expected` object of an earning question, in compute_expected.py's shape."""
    out, total = [], 0
    for a, b in segments:
        d, m = earn_segment(rule, a, b)
        out.append({"from": a, "to": b, "distance_miles": d, "miles": m})
        total += m
    res = {"miles": total, "percent": rule["percent"], "cabin": rule["cabin"], "eligible": rule["percent"] > 0}
    if len(out) == 1:
        res["distance_miles"] = out[0]["distance_miles"]
    else:
        res["segments"] = out
    return res
