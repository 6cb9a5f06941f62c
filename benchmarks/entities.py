"""Benchmark: people and places on ../shared/entities-gold, with its README's document-level score.

Prints precision, recall and F1 for people and for places, articles per second
and start-up time; then the people found in the benchmark's other 58 articles, which
the rules were not written against, as judged by hand (``heldout_people.json``);
then the variant pairs (merged / kept apart).
Run with `invoke bench-entities`.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOLD = ROOT.parent / "shared" / "entities-gold"
TEXTS = ROOT.parent / "shared" / "extraction-benchmark" / "ground-truth.json"
HELD_OUT = Path(__file__).resolve().parent / "heldout_people.json"


def normal(name: str) -> str:
    return re.sub(r"['’]s$", "", name.strip()).casefold()


def score(predicted: list[str], gold: list[dict], optional: list[str]) -> tuple[int, int, int]:
    """(tp, fp, fn) for one article and one kind, by the gold set's README."""
    found = set()
    fp = 0
    optional_names = {normal(o) for o in optional}
    for name in predicted:
        key = normal(name)
        match = next((i for i, g in enumerate(gold) if key in {normal(f) for f in [g["canonical"], *g.get("forms", [])]}), None)
        if match is not None:
            found.add(match)
        elif key not in optional_names:
            fp += 1
    return len(found), fp, len(gold) - len(found)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def held_out(extract, texts: dict) -> tuple[int, int, int, list[str]]:
    """(articles, people found, of them judged not people, names found that nobody judged yet) over the
    benchmark articles dev.json does not hold, as heldout_people.json judges them."""
    judged = json.loads(HELD_OUT.read_text(encoding="utf-8"))["articles"]
    found = not_people = 0
    unjudged = []
    for key, article in judged.items():
        for name in extract(texts[key]["articleBody"]).people:
            found += 1
            not_people += name in article["not_people"]
            if name not in article["people"] and name not in article["not_people"]:
                unjudged.append(name)
    return len(judged), found, not_people, unjudged


def main(show_errors: bool = False) -> None:
    started = time.perf_counter()
    from newsarchive.entities.extract import extract
    from newsarchive.entities.gazetteer import default_gazetteer, first_names

    default_gazetteer()
    first_names()
    startup = time.perf_counter() - started

    gold = json.loads((GOLD / "dev.json").read_text(encoding="utf-8"))["articles"]
    texts = json.loads(TEXTS.read_text(encoding="utf-8"))
    totals = {"people": [0, 0, 0], "places": [0, 0, 0]}
    started = time.perf_counter()
    results = [(article, extract(texts[article["id"]]["articleBody"])) for article in gold]
    seconds = time.perf_counter() - started
    for article, found in results:
        optional = article.get("optional", [])
        for kind, predicted, expected in (("people", found.people, article["persons"]), ("places", found.places, article["places"])):
            tp, fp, fn = score(list(predicted), expected, optional)
            totals[kind] = [a + b for a, b in zip(totals[kind], (tp, fp, fn), strict=True)]
            if show_errors:
                wrong = [n for n in predicted if score([n], expected, optional)[1]]
                missed = [g["canonical"] for g in expected if not score(list(predicted), [g], optional)[0]]
                if wrong or missed:
                    print(f"{article['id'][:8]} {kind}: +{wrong} -{missed}")

    print(f"Names and places: {len(gold)} articles of dev.json, rules and gazetteer (no statistical model)\n")
    print(f"{'kind':<8} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
    for kind, (tp, fp, fn) in totals.items():
        p, r, f = prf(tp, fp, fn)
        print(f"{kind:<8} {p:>6.3f} {r:>6.3f} {f:>6.3f} {tp:>5} {fp:>5} {fn:>5}")
    print(f"\n{len(gold) / seconds:.0f} articles/s; start-up (loading gazetteer and names) {startup:.2f} s")

    articles, found, not_people, unjudged = held_out(extract, texts)
    print(
        f"\nPeople in the {articles} other benchmark articles (held out; judged by hand, {HELD_OUT.name}): "
        f"{found} found, {not_people} not people (precision {1 - not_people / found:.3f})"
        + (f"; not judged yet: {', '.join(unjudged)}" if unjudged else "")
    )

    from newsarchive.entities.resolve import same_entity

    for title, name in (("Variant pairs", "variants.json"), ("Cross-script pairs", "cross-script.json")):
        pairs = json.loads((GOLD / name).read_text(encoding="utf-8"))
        print(f"\n{title} ({name})")
        for group, want in (("same", True), ("different", False)):
            right = [p for p in pairs[group] if same_entity(p["a"], p["b"], p["kind"]) == want]
            wrong = [f"{p['a']} / {p['b']}" for p in pairs[group] if p not in right]
            label = "merged" if want else "kept apart"
            print(f"{group:<10} {len(right)}/{len(pairs[group])} {label}" + (f"; wrong: {', '.join(wrong)}" if wrong else ""))


if __name__ == "__main__":
    main(show_errors="--errors" in sys.argv)
