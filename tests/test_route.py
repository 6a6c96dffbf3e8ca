"""Tests for geomap.route: cues, time, containment, geometry and the gold travel set.

All sentences here were written for these tests. The gold set lives in
``examples/routes/travel_gold.jsonl`` (built by ``examples/routes/build_gold.py``).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from geomap.models import Article, Candidate, Mention, Place, Role, Route, Span
from geomap.protocols import Router
from geomap.route import RouteInferrer, leg_paths, route_line
from geomap.route.cues import find_cue
from geomap.route.geometry import haversine_km, unwrap_lons
from geomap.route.subject import find_subject
from geomap.route.temporal import Clock, find_times, reference_weekday
from geomap.route.text import sentence_index, split_sentences
from geomap.route.timeline import build_timeline

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "examples" / "routes" / "travel_gold.jsonl"
ROUTE_KM = 50.0

# -- helpers ---------------------------------------------------------------------------

# name: (lat, lon, geonameid, "class.code", country, admin1)
WORLD: dict[str, tuple[float, float, int | None, str, str | None, str | None]] = {
    "Oslo": (59.913, 10.746, 3143244, "P.PPLC", "NO", "12"),
    "Bergen": (60.393, 5.324, 3161732, "P.PPLA", "NO", "46"),
    "Tromsø": (69.649, 18.957, 3133880, "P.PPLA", "NO", "54"),
    "Norway": (62.0, 10.0, 3144096, "A.PCLI", "NO", None),
    "Sweden": (62.0, 15.0, 2661886, "A.PCLI", "SE", None),
    "Stockholm": (59.329, 18.069, 2673730, "P.PPLC", "SE", "26"),
    "Paris": (48.853, 2.349, 2988507, "P.PPLC", "FR", "11"),
    "Versailles": (48.805, 2.135, 2969679, "P.PPLA", "FR", "11"),
    "Eiffel Tower": (48.858, 2.294, None, "S.TOWR", "FR", "11"),
    "Lyon": (45.748, 4.847, 2996944, "P.PPLA", "FR", "84"),
    "France": (46.0, 2.0, 3017382, "A.PCLI", "FR", None),
    "Ukraine": (49.0, 32.0, 690791, "A.PCLI", "UA", None),
    "United States": (39.76, -98.5, 6252001, "A.PCLI", "US", None),
    "Warsaw": (52.23, 21.012, 756135, "P.PPLC", "PL", "78"),
    "Tokyo": (35.690, 139.692, 1850147, "P.PPLC", "JP", "40"),
    "Honolulu": (21.307, -157.858, 5856195, "P.PPLA", "US", "HI"),
    "Anchorage": (61.218, -149.900, 5879400, "P.PPL", "US", "AK"),
    "Lima": (-12.043, -77.028, 3936456, "P.PPLC", "PE", "LMA"),
    "Quito": (-0.230, -78.525, 3652462, "P.PPLC", "EC", "18"),
    "Cusco": (-13.532, -71.967, 3941584, "P.PPLA", "PE", "08"),
    "Peru": (-10.0, -76.0, 3932488, "A.PCLI", "PE", None),
    "Bavaria": (49.0, 11.5, 2951839, "A.ADM1", "DE", "02"),
    "Munich": (48.137, 11.575, 2867714, "P.PPLA", "DE", "02"),
    "Chile": (-30.0, -71.0, 3895114, "A.PCLI", "CL", None),
    "Santiago": (-33.457, -70.648, 3871336, "P.PPLC", "CL", "12"),
    "Madrid": (40.417, -3.703, 3117735, "P.PPLC", "ES", "29"),
    "Seoul": (37.566, 126.978, 1835848, "P.PPLC", "KR", "11"),
    "South Korea": (36.5, 127.75, 1835841, "A.PCLI", "KR", None),
}


def candidate(name: str, lat: float, lon: float, gid: int | None, feature: str | None,
              cc: str | None = None, admin1: str | None = None) -> Candidate:
    fclass, _, fcode = (feature or "").partition(".")
    return Candidate(name, lat, lon, gid, cc, fclass or None, fcode or None, admin1=admin1)


def places_for(text: str, names: list[str]) -> list[Place]:
    """Places for each name (searched in order after the previous one), from WORLD."""
    sents = split_sentences(text)
    out, pos = [], 0
    for name in names:
        m = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)").search(text, pos)
        assert m, f"{name!r} not in text after {pos}"
        pos = m.end()
        s = sents[sentence_index(sents, m.start())]
        key = name if name in WORLD else name.title()
        lat, lon, gid, feat, cc, a1 = WORLD[key]
        mention = Mention(m.start(), m.end(), name, s.text, s.start, s.end)
        out.append(Place(mention, candidate(key, lat, lon, gid, feat, cc, a1), score=1.0))
    return out


def route_of(text: str, names: list[str], **article_kw: Any) -> Route:
    return RouteInferrer().route(Article(text, **article_kw), places_for(text, names))


def stop_names(route: Route) -> list[str]:
    return [s.place.name for s in route.stops]


def load_gold() -> list[dict]:
    with GOLD.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def gold_places(doc: dict) -> list[Place]:
    """Places built from the gold toponyms (gold spans and coordinates)."""
    text = doc["text"]
    sents = split_sentences(text)
    out = []
    for t in doc["toponyms"]:
        s = sents[sentence_index(sents, t["start"])]
        m = Mention(t["start"], t["end"], t["name"], s.text, s.start, s.end)
        c = candidate(t["name"], t["lat"], t["lon"], t["geonameid"], t.get("feature"), t.get("country_code"),
                      t.get("admin1"))
        out.append(Place(m, c, score=1.0))
    return out


def run_gold(doc: dict, inferrer: RouteInferrer | None = None) -> Route:
    dl = Span(*doc["dateline"]) if doc.get("dateline") else None
    article = Article(doc["text"], id=doc["id"], dateline=dl)
    return (inferrer or RouteInferrer()).route(article, gold_places(doc))


def _collapse(points: list[tuple[float, float, int]]) -> list[tuple[float, float, int]]:
    kept: list[tuple[float, float, int]] = []
    for p in points:
        if not kept or haversine_km(kept[-1][0], kept[-1][1], p[0], p[1]) > ROUTE_KM:
            kept.append(p)
    return kept


def _tau_b(x: list[float], y: list[float]) -> float | None:
    n = len(x)
    if n < 2:
        return None
    conc = disc = tx = ty = 0
    for i in range(n):
        for j in range(i + 1, n):
            dx, dy = x[i] - x[j], y[i] - y[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                tx += 1
            elif dy == 0:
                ty += 1
            elif dx * dy > 0:
                conc += 1
            else:
                disc += 1
    denom = math.sqrt((conc + disc + tx) * (conc + disc + ty))
    return None if denom == 0 else (conc - disc) / denom


def score_route(gold: list[dict], route: Route) -> dict[str, Any]:
    """Stop matches within 50 km (one-to-one, nearest first) after collapsing
    consecutive stops within 50 km, and Kendall's τ-b of the matched orders."""
    g = _collapse([(r["lat"], r["lon"], r["seq"]) for r in sorted(gold, key=lambda r: r["seq"])])
    p = _collapse([(s.lat, s.lon, s.seq) for s in route.stops])
    links = sorted(
        (haversine_km(a[0], a[1], b[0], b[1]), i, j)
        for i, a in enumerate(g)
        for j, b in enumerate(p)
        if haversine_km(a[0], a[1], b[0], b[1]) <= ROUTE_KM
    )
    used_g, used_p, pairs = set(), set(), []
    for _, i, j in links:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    pairs.sort()
    tau = _tau_b([g[i][2] for i, _ in pairs], [p[j][2] for _, j in pairs])
    return {"tp": len(pairs), "n_pred": len(p), "n_gold": len(g), "tau": tau}


def gold_scores(inferrer: RouteInferrer | None = None) -> dict[str, Any]:
    docs = load_gold()
    tp = n_pred = n_gold = 0
    taus = []
    per_doc = {}
    for d in docs:
        s = score_route(d["route"], run_gold(d, inferrer))
        per_doc[d["id"]] = s
        tp, n_pred, n_gold = tp + s["tp"], n_pred + s["n_pred"], n_gold + s["n_gold"]
        if s["tau"] is not None:
            taus.append(s["tau"])
    precision = tp / n_pred if n_pred else 1.0
    recall = tp / n_gold if n_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tau": sum(taus) / len(taus),
            "n_docs": len(docs), "per_doc": per_doc}
