"""Score route inference on a gold travel file, document by document.

``geomap evaluate GOLD.jsonl`` scores the whole pipeline (recognition,
resolution and route). This script isolates the route step: with
``--toponyms gold`` (the default) the inferrer is given the gold toponyms as
resolved places, so its errors are its own; with ``--toponyms pipeline`` it
runs the real pipeline (offline gazetteer) as ``geomap evaluate`` does. The
metrics are :func:`geomap.evaluate.routes.score_route`'s: stop P/R/F1 after
collapsing stops within 50 km, and Kendall's τ-b of the matched stops.

Usage::

    python examples/routes/score_routes.py examples/routes/travel_heldout.jsonl -v
    python examples/routes/score_routes.py examples/routes/travel_gold.jsonl --toponyms pipeline
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from geomap.evaluate.docs import RoutePoint
from geomap.evaluate.routes import route_scores, score_route
from geomap.models import Article, Candidate, Mention, Place, Route, Span
from geomap.route import RouteInferrer
from geomap.route.text import sentence_index, split_sentences


def gold_places(doc: dict[str, Any]) -> list[Place]:
    """Resolved places built from the gold toponyms (gold spans and coordinates)."""
    text = doc["text"]
    sents = split_sentences(text)
    out = []
    for t in doc["toponyms"]:
        s = sents[sentence_index(sents, t["start"])]
        fclass, _, fcode = (t.get("feature") or "").partition(".")
        c = Candidate(t["name"], t["lat"], t["lon"], t.get("geonameid"), t.get("country_code"),
                      fclass or None, fcode or None, admin1=t.get("admin1"))
        out.append(Place(Mention(t["start"], t["end"], t["name"], s.text, s.start, s.end), c, score=1.0))
    return out


def route_from_gold_toponyms(doc: dict[str, Any], inferrer: RouteInferrer | None = None) -> Route:
    dl = Span(*doc["dateline"]) if doc.get("dateline") else None
    article = Article(doc["text"], id=doc["id"], dateline=dl)
    return (inferrer or RouteInferrer()).route(article, gold_places(doc))


def route_from_pipeline(doc: dict[str, Any], pipeline: Any) -> Route:
    return pipeline.geoparse(doc["text"], id=doc["id"]).route


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", type=Path)
    ap.add_argument("--toponyms", choices=("gold", "pipeline"), default="gold")
    ap.add_argument("-v", "--verbose", action="store_true", help="show every document, not only the wrong ones")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = ap.parse_args(argv)
    docs = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    pipeline = None
    if args.toponyms == "pipeline":
        from geomap.pipeline import Pipeline

        pipeline = Pipeline()
    scores = []
    for d in docs:
        route = route_from_gold_toponyms(d) if pipeline is None else route_from_pipeline(d, pipeline)
        gold = [RoutePoint(r["name"], r["lat"], r["lon"], r["seq"]) for r in d["route"]]
        pred = [RoutePoint(s.name, s.lat, s.lon, s.seq or 0) for s in route.stops]
        sc = score_route(gold, pred)
        scores.append(sc)
        perfect = sc.stops.f1 == 1.0 and (sc.tau is None or sc.tau > 0.999)
        if args.verbose or not perfect:
            print(f"{d['id']:28s} F1={sc.stops.f1:.2f} tau={'-' if sc.tau is None else f'{sc.tau:.2f}'}")
            print(f"{'':4s}gold: {' → '.join(r['name'] + '/' + r['role'][:4] for r in d['route']) or '(none)'}")
            print(f"{'':4s}pred: {' → '.join(s.name + '/' + s.role.value[:4] for s in route.stops) or '(none)'}")
    total = route_scores(scores)
    summary = {
        "docs": total.n_docs,
        "stop_p": round(total.micro.precision, 3),
        "stop_r": round(total.micro.recall, 3),
        "stop_f1": round(total.micro.f1, 3),
        "tau_b": None if total.tau_mean is None else round(total.tau_mean, 3),
        "tau_docs": total.n_tau_docs,
    }
    print(json.dumps(summary) if args.json else "  ".join(f"{k}={v}" for k, v in summary.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
