#!/usr/bin/env python3
"""Facts precision and recall per phenomenon of a generated corpus.

Usage: phenomena.py CORPUS_DIR EXPORT_JSON

CORPUS_DIR is the output of generate.py (its facts.json lists, per document, the
phenomena it shows in `notes`, e.g. "earning as bullets; minimum 600 (asterisk)");
EXPORT_JSON is the extracted facts ({"facts": …}, the shape of GET /v1/graph/facts,
each fact with source.document_name). Every document is scored alone against the facts
extracted from it, with the scorer of tests/fixtures/samples/score.py; one line per
phenomenon (numbers in the notes read as N) and per format, weakest recall first.
"""
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fixtures" / "samples"))
import score  # noqa: E402


def phenomena(doc):
    tags = set()
    for note in (doc.get("notes") or "").split(";"):
        note = re.sub(r"\s*\((?:html|markdown|text|pdf|png|image-only pdf)\)$", "", note.strip())
        note = re.sub(r"\d[\d,]*", "N", note)
        if note and not note.startswith("earning for "):
            tags.add(note)
    tags.add("format " + score.doc_label(doc))
    return tags


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    corpus = json.loads(Path(argv[1], "facts.json").read_text())
    export = json.loads(Path(argv[2]).read_text())
    facts = export.get("facts", export)
    by_name = defaultdict(lambda: defaultdict(list))
    for category, items in facts.items():
        for item in items:
            name = (item.get("source") or {}).get("document_name", "")
            by_name[name][category].append(item)
    totals = defaultdict(lambda: [0, 0, 0, 0])  # documents, expected, actual, correct
    for doc in corpus["documents"]:
        one = dict(corpus)
        one["documents"] = [doc]
        name = Path(doc["file"]).name
        result = score.score_facts(one, {"facts": by_name.get(name, {})})
        for tag in phenomena(doc):
            total = totals[tag]
            total[0] += 1
            total[1] += result["expected"]
            total[2] += result["actual"]
            total[3] += result["correct"]
    rows = []
    for tag, (docs, expected, actual, correct) in totals.items():
        recall = correct / expected if expected else 1.0
        precision = correct / actual if actual else 1.0
        rows.append((recall, tag, docs, precision))
    for recall, tag, docs, precision in sorted(rows):
        print(f"{recall:6.3f} recall {precision:6.3f} precision {docs:4d} docs  {tag}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
