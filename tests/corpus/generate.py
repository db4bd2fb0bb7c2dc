#!/usr/bin/env python3
"""Generate a test corpus of loyalty-program documents, their facts and questions.

    python3 tests/corpus/generate.py --seed 1 --count 150 --out /tmp/corpus

writes OUT/documents/ (COUNT documents in html, markdown, text, pdf, png and image-only pdf),
OUT/facts.json and OUT/questions.jsonl in the schema of tests/fixtures/samples, so that
`python3 tests/fixtures/samples/compute_expected.py OUT` recomputes every expected answer.
The same seed and count always give the same files.
"""
import argparse
import json
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from corpuslib import phrasing as P  # noqa: E402
from corpuslib.compose import Composer  # noqa: E402
from corpuslib.invent import Namer, invent_program  # noqa: E402
from corpuslib.questions import QuestionBuilder  # noqa: E402
from corpuslib.render_markup import render_html, render_markdown, render_text  # noqa: E402
from corpuslib.render_print import render_pdf, render_png, render_scan_pdf  # noqa: E402

FORMATS = ["html", "markdown", "text", "pdf", "png", "pdf_scan"]
EXT = {"html": "html", "markdown": "md", "text": "txt", "pdf": "pdf", "png": "png", "pdf_scan": "pdf"}

CONVENTIONS = {
    "distance": "great-circle (haversine) statute miles, Earth radius 3958.8 mi, coordinates from PyPI airportsdata (IATA)",
    "earning": "earned = round_half_up(distance * percent / 100); if percent > 0 and min_miles is set: "
               "earned = max(earned, min_miles); percent 0 = not eligible -> 0; multi-segment = sum of segments",
    "award_rules": "symmetric: from_zone/to_zone may be swapped; miles_one_way is per passenger; round trip = "
                   "2 x one-way; a missing (program, zone pair, cabin) = award not available",
    "zones": "an airport maps to the program zone whose countries list contains the airport's ISO country code",
}


def doc_counts(rng, count):
    """Documents per program: 2-4 each, adding up to exactly `count`."""
    out, left = [], count
    while left > 0:
        n = rng.choice([2, 3, 3, 4])
        if left - n == 1:
            n += 1 if n < 4 else -1
        n = min(n, left)
        out.append(n)
        left -= n
    return out


def choose_language(rng, program, plan):
    """A few documents in German, Spanish or French: only content whose facts survive translation
    (earning tables, tiers with units kept in English, expiry), never an award chart."""
    if plan.award or not plan.charts or rng.random() > 0.12:
        return "en"
    if plan.tiers and program.tier_unit not in P.FOREIGN_TIER_UNITS:
        return "en"
    return rng.choice(["de", "es", "fr"])


def choose_name_mode(rng):
    r = rng.random()
    return "normal" if r < 0.85 else ("title_only" if r < 0.95 else "filename_only")


def file_stem(program, plan, fmt, taken):
    if plan.award and not plan.charts:
        slug = "award_chart"
    elif plan.charts and (plan.award or plan.tiers or plan.expiry):
        slug = "programme_guide"
    else:
        slug = "earning_" + "_".join(c.airline.lower() for c in plan.charts)
    stem = f"{program.id}_{slug}" + ("_scan" if fmt in ("png", "pdf_scan") else "")
    base, i = stem, 2
    while stem in taken:
        stem, i = f"{base}_{i}", i + 1
    taken.add(stem)
    return stem


def render(doc, fmt, rng, path):
    if fmt == "html":
        open(path, "w", encoding="utf-8").write(render_html(doc, rng))
    elif fmt == "markdown":
        open(path, "w", encoding="utf-8").write(render_markdown(doc, rng))
    elif fmt == "text":
        open(path, "w", encoding="utf-8").write(render_text(doc, rng))
    elif fmt == "pdf":
        render_pdf(doc, rng, path)
    elif fmt == "png":
        render_png(doc, rng, path)
    else:
        render_scan_pdf(doc, rng, path)


def doc_entry(file, fmt, program, comp):
    entry = {"file": file, "format": "pdf" if fmt == "pdf_scan" else fmt,
             "ocr_required": fmt in ("png", "pdf_scan"), "programs": [program.id],
             "notes": "; ".join(comp.notes) + f" ({'image-only pdf' if fmt == 'pdf_scan' else fmt})"}
    if comp.adversarial:
        entry["adversarial_content"] = " ".join(comp.adversarial)
    entry["facts"] = comp.facts.d
    return entry


def generate(seed, count, out):
    rng = random.Random(seed)
    os.makedirs(os.path.join(out, "documents"), exist_ok=True)
    namer = Namer(rng)
    programs, entries, records, taken = [], [], [], set()
    fmt_cycle = []
    for n_docs in doc_counts(rng, count):
        p = invent_program(rng, namer, n_docs)
        programs.append(p)
        for plan in p.docs:
            if not fmt_cycle:
                # shuffled rounds of all six formats keep the shares roughly equal at any count
                fmt_cycle = list(FORMATS)
                rng.shuffle(fmt_cycle)
            fmt = fmt_cycle.pop()
            drng = random.Random(f"{seed}/{len(entries)}")     # one stream per document
            lang = choose_language(drng, p, plan)
            comp = Composer(drng, p, plan, fmt, lang, choose_name_mode(drng))
            stem = file_stem(p, plan, fmt, taken)
            doc = comp.compose(stem)
            file = f"documents/{stem}.{EXT[fmt]}"
            render(doc, fmt, drng, os.path.join(out, file))
            entry = doc_entry(file, fmt, p, comp)
            entries.append(entry)
            records.append({"file": file, "program": p.id, "facts": entry["facts"], "forbidden": comp.forbidden})
    written = {os.path.basename(e["file"]) for e in entries}
    for stale in sorted(set(os.listdir(os.path.join(out, "documents"))) - written):
        os.remove(os.path.join(out, "documents", stale))      # left over from an earlier run into OUT
    facts = {"schema_version": 1, "set": f"generated-seed{seed}-count{count}", "conventions": CONVENTIONS,
             "documents": entries}
    with open(os.path.join(out, "facts.json"), "w", encoding="utf-8") as f:
        json.dump(facts, f, indent=2, ensure_ascii=False)
        f.write("\n")
    questions = QuestionBuilder(random.Random(f"{seed}/questions"), programs, records).build()
    with open(os.path.join(out, "questions.jsonl"), "w", encoding="utf-8") as f:
        for q in questions:
            f.write(json.dumps(q, ensure_ascii=False) + "\n")
    return len(entries), len(questions)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, required=True, help="number of documents")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    if a.count < 1:
        ap.error("--count must be at least 1")
    t0 = time.time()
    n_docs, n_q = generate(a.seed, a.count, a.out)
    print(f"wrote {n_docs} documents and {n_q} questions to {a.out} in {time.time() - t0:.1f}s")


if __name__ == "__main__":
    main()
