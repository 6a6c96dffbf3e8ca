"""Where geomap's errors come from, on an annotated corpus (needs ../shared).

    python scripts/error_analysis.py ../shared/corpora/lgl.jsonl [--pred PRED.jsonl] [--save PRED.jsonl]

Prints the error classes (missed, false positive, unresolved, wrong place),
the most frequent names in each, and for wrong places / unresolved whether the
gazetteer has any entry within 161 km of the gold point (coverage vs choice).
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("gold")
    ap.add_argument("--pred")
    ap.add_argument("--save")
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args(argv)
    if not Path(args.gold).exists():
        print(f"skipped: {args.gold} not found (../shared absent?)")
        return 0
    import geomap
    from geomap.evaluate.docs import load_gold, load_predictions
    from geomap.evaluate.resolution import error_classes
    from geomap.resolve import haversine_km

    gold = load_gold(args.gold)
    if args.pred:
        preds = load_predictions(args.pred)
    else:
        pipe = geomap.Pipeline()
        recs = [r.to_record() for r in pipe.geoparse_many(geomap.as_article(g.text, id=g.id) for g in gold)]
        if args.save:
            with open(args.save, "w") as fh:
                for r in recs:
                    fh.write(json.dumps(r) + "\n")
        preds = {r["id"]: r for r in recs}
    errs = error_classes(gold, preds)
    by = collections.Counter(e.cls for e in errs)
    print("classes:", dict(by))
    gz = geomap.Pipeline().gazetteer
    for cls in ("missed", "false_positive", "unresolved", "wrong_place"):
        names = collections.Counter((e.gold_name if cls != "false_positive" else e.pred_name) for e in errs if e.cls == cls)
        print(f"\n== {cls} ({by[cls]}): " + ", ".join(f"{n} {c}" for n, c in names.most_common(args.top)))
    # coverage: for unresolved and wrong places, is any candidate within 161 km?
    golds = {g.id: g for g in gold}
    cover = collections.Counter()
    for e in errs:
        if e.cls not in ("unresolved", "wrong_place"):
            continue
        g = next(t for t in golds[e.id].toponyms if t.start == e.gold_start and t.end == e.gold_end)
        cands = gz.lookup(e.pred_name or e.gold_name, limit=200) if (e.pred_name or e.gold_name) else []
        ok = any(haversine_km(c.lat, c.lon, g.lat, g.lon) <= 161 for c in cands)
        cover[(e.cls, "choice" if ok else "coverage")] += 1
    print("\ncoverage vs choice:", dict(cover))
    return 0


if __name__ == "__main__":
    sys.exit(main())
