"""Unit tests for geomap.evaluate on tiny hand-made documents."""

from __future__ import annotations

import json
import math

import pytest

from geomap.errors import InputError
from geomap.evaluate import (
    RoutePoint,
    Toponym,
    collapse_stops,
    error_auc,
    error_classes,
    evaluate_docs,
    evaluate_files,
    haversine_km,
    kendall_tau_b,
    match_spans,
    prf,
    score_route,
)
from geomap.evaluate.metrics import MAX_ERROR_KM, match_one_to_one

TEXT = "The ferry left Bergen at dawn and reached Tromso two days later."
BERGEN = (60.39, 5.32)
TROMSO = (69.65, 18.96)
KM_PER_DEG_LAT = math.pi * 6371.0088 / 180


def top(name, coords=None, *, text=TEXT, start=None, end=None, **extra):
    """A toponym dict for ``name`` as written in ``text`` (coords None = no entry)."""
    s = text.index(name) if start is None else start
    e = s + len(name) if end is None else end
    lat, lon = coords if coords else (None, None)
    return {"start": s, "end": e, "name": text[s:e], "lat": lat, "lon": lon, "geonameid": None, **extra}


def gold_doc(toponyms, *, id="d1", corpus="tiny", text=TEXT, **extra):
    return {"id": id, "corpus": corpus, "text": text, "toponyms": toponyms, **extra}


def pred_doc(toponyms, *, id="d1", route=None):
    return {"id": id, "toponyms": toponyms, "route": route or []}


GOLD = gold_doc([top("Bergen", BERGEN), top("Tromso", TROMSO)])


def evaluate(gold, preds, **kw):
    kw.setdefault("on_missing", "ignore")
    return evaluate_docs(gold if isinstance(gold, list) else [gold], preds, **kw).overall


# --- metrics -------------------------------------------------------------------------------


def test_haversine_paris_london():
    assert haversine_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(344, abs=1)
    assert haversine_km(0, 0, 1, 0) == pytest.approx(KM_PER_DEG_LAT)
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * 6371.0088)


def test_auc_known_numbers():
    assert error_auc([0, 0]) == 0.0
    assert error_auc([20038, 0]) == pytest.approx(0.5)  # y = [0, 1] over x = [0, 1]
    e = math.e - 1  # ln(1 + e) = 1
    assert error_auc([e]) == pytest.approx(1 / math.log(20039))
    # y = [0, a, 1] with a = 1/ln(20039): trapezoid = (0 + a)/4 + (a + 1)/4
    a = 1 / math.log(20039)
    assert error_auc([20038, 0, e]) == pytest.approx((2 * a + 1) / 4)
    assert error_auc([]) is None
    with pytest.raises(ValueError):
        error_auc([-1])


def test_kendall_tau_b():
    assert kendall_tau_b([1, 2, 3, 4], [10, 20, 30, 40]) == 1.0
    assert kendall_tau_b([1, 2, 3, 4], [4, 3, 2, 1]) == -1.0
    # ties in y: C=5, D=0, n0=6, n2=1 -> 5 / sqrt(6 * 5)
    assert kendall_tau_b([1, 2, 3, 4], [1, 1, 2, 3]) == pytest.approx(5 / math.sqrt(30))
    # ties on both sides
    x, y = [1, 1, 2, 3, 3], [2, 1, 1, 3, 3]
    stats = pytest.importorskip("scipy.stats")
    assert kendall_tau_b(x, y) == pytest.approx(stats.kendalltau(x, y).statistic)
    assert kendall_tau_b([1], [1]) is None
    assert kendall_tau_b([1, 1, 1], [1, 2, 3]) is None
    with pytest.raises(ValueError):
        kendall_tau_b([1, 2], [1])


def test_prf_zero_division():
    assert prf(0, 0, 0).f1 == 1.0
    assert (prf(0, 0, 2).precision, prf(0, 0, 2).recall, prf(0, 0, 2).f1) == (0.0, 0.0, 0.0)
    with pytest.raises(ValueError):
        prf(3, 2, 5)


def test_matching_is_maximum_not_just_greedy():
    # greedy largest-overlap-first would pair (b, p) and strand a and q
    pairs = match_one_to_one([("a", "p", 2), ("b", "p", 15), ("b", "q", 2)])
    assert sorted(pairs) == [("a", "p"), ("b", "q")]
    gold = [Toponym(0, 5), Toponym(5, 20)]
    pred = [Toponym(3, 20), Toponym(18, 25)]
    assert match_spans(gold, pred, "overlap") == [(0, 0), (1, 1)]


def test_overlap_prefers_best_covering_prediction():
    gold = [Toponym(10, 20)]
    assert match_spans(gold, [Toponym(12, 30), Toponym(10, 20)]) == [(0, 1)]


# --- recognition ---------------------------------------------------------------------------


def test_perfect_predictions():
    r = evaluate(GOLD, [pred_doc(GOLD["toponyms"])])
    for scores in (r.recognition_strict, r.recognition_overlap, r.f1_161):
        assert (scores.precision, scores.recall, scores.f1) == (1.0, 1.0, 1.0)
    assert r.resolution.accuracy_161 == 1.0
    assert r.resolution.auc == 0.0
    assert r.resolution.mean_km == 0.0 and r.resolution.median_km == 0.0


def test_empty_predictions():
    r = evaluate(GOLD, [pred_doc([])])
    assert r.recognition_strict.f1 == 0.0 and r.recognition_strict.recall == 0.0
    assert r.recognition_overlap.f1 == 0.0 and r.f1_161.f1 == 0.0
    assert r.resolution.n == 0 and r.resolution.accuracy_161 is None
    assert r.n_pred == 0 and r.n_gold == 2 and r.n_gold_coords == 2


def test_strict_vs_overlap():
    # "Bergen at" overlaps Bergen but is not the same span
    pred = [top("Bergen at", BERGEN), top("Tromso", TROMSO)]
    r = evaluate(GOLD, [pred_doc(pred)])
    assert r.recognition_strict.tp == 1 and r.recognition_strict.f1 == 0.5
    assert r.recognition_overlap.tp == 2 and r.recognition_overlap.f1 == 1.0


def test_two_predictions_on_one_gold_leave_one_false_positive():
    gold = gold_doc([top("Bergen", BERGEN)])
    pred = [top("Bergen", BERGEN), top("ergen", BERGEN, start=TEXT.index("ergen"))]
    r = evaluate(gold, [pred_doc(pred)])
    assert r.recognition_overlap.tp == 1
    assert r.recognition_overlap.precision == 0.5 and r.recognition_overlap.recall == 1.0
    assert r.f1_161.precision == 0.5
    classes = [e.cls for e in error_classes([gold], [pred_doc(pred)])]
    assert classes == ["correct", "false_positive"]


# --- resolution ----------------------------------------------------------------------------


def test_200_km_miss():
    off = (BERGEN[0] + 200 / KM_PER_DEG_LAT, BERGEN[1])
    gold = gold_doc([top("Bergen", BERGEN)])
    r = evaluate(gold, [pred_doc([top("Bergen", off)])])
    assert r.resolution.accuracy_161 == 0.0
    assert r.resolution.mean_km == pytest.approx(200, abs=0.01)
    assert r.f1_161.tp == 0 and r.recognition_overlap.tp == 1
    [rec] = error_classes([gold], [pred_doc([top("Bergen", off)])])
    assert rec.cls == "wrong_place" and rec.error_km == pytest.approx(200, abs=0.01)


def test_unresolved_match_is_a_20039_km_miss():
    gold = gold_doc([top("Bergen", BERGEN), top("Tromso", TROMSO)])
    pred = pred_doc([top("Bergen"), top("Tromso", TROMSO)])
    r = evaluate(gold, [pred])
    assert r.resolution.n == 2 and r.resolution.n_unresolved == 1
    assert r.resolution.accuracy_161 == 0.5
    assert r.resolution.mean_km == pytest.approx(MAX_ERROR_KM / 2)
    assert r.n_pred_unresolved == 1
    assert r.f1_161.tp == 1
    assert [e.cls for e in error_classes([gold], [pred])] == ["unresolved", "correct"]
    assert error_classes([gold], [pred])[0].error_km == MAX_ERROR_KM


def test_gold_without_coordinates_counts_for_f1_but_not_resolution():
    gold = gold_doc([top("Bergen"), top("Tromso", TROMSO)])
    r = evaluate(gold, [pred_doc([top("Bergen", BERGEN), top("Tromso", TROMSO)])])
    assert r.n_gold_coords == 1 and r.resolution.n == 1
    assert r.f1_161.f1 == 1.0


def test_error_classes_missed_and_false_positive():
    gold = gold_doc([top("Bergen", BERGEN)])
    pred = pred_doc([top("ferry", (1.0, 1.0))])
    recs = error_classes([gold], {"d1": pred})
    assert [(r.cls, r.gold_name, r.pred_name) for r in recs] == [
        ("missed", "Bergen", None),
        ("false_positive", None, "ferry"),
    ]


# --- routes --------------------------------------------------------------------------------

OSLO, DRAMMEN, OSLO_AIRPORT, TRONDHEIM = (59.91, 10.75), (59.74, 10.20), (60.19, 11.10), (63.43, 10.39)


def stop(name, coords, seq):
    return {"name": name, "lat": coords[0], "lon": coords[1], "seq": seq}


def test_route_collapse_consecutive_stops_within_50_km():
    pts = [RoutePoint("Oslo", *OSLO, 0), RoutePoint("Oslo airport", *OSLO_AIRPORT, 1),
           RoutePoint("Trondheim", *TRONDHEIM, 2), RoutePoint("Oslo", *OSLO, 3)]
    assert [p.name for p in collapse_stops(pts)] == ["Oslo", "Trondheim", "Oslo"]
    # a collapsed run on one side matches a single stop on the other
    s = score_route([pts[0], pts[2]], pts[:3])
    assert s.stops.f1 == 1.0 and s.tau == 1.0


def test_route_metrics_and_order():
    rtext = "The envoy went from Oslo to Trondheim, then on to Bergen."
    route = [stop("Oslo", OSLO, 1), stop("Trondheim", TRONDHEIM, 2), stop("Bergen", BERGEN, 3)]
    gold = gold_doc([], text=rtext, route=route)
    reversed_route = [dict(s, seq=4 - s["seq"]) for s in route]
    r = evaluate(gold, [pred_doc([], route=reversed_route)]).routes
    assert r.micro.f1 == 1.0 and r.tau_mean == -1.0 and r.n_tau_docs == 1
    partial = [stop("Oslo", OSLO, 0), stop("Drammen far away", (0.0, 0.0), 1)]
    r = evaluate(gold, [pred_doc([], route=partial)]).routes
    assert r.micro.tp == 1 and r.micro.precision == 0.5 and r.micro.recall == pytest.approx(1 / 3)
    assert r.tau_mean is None and r.n_tau_skipped == 1


def test_empty_gold_route_vs_empty_prediction():
    both_empty = gold_doc([], id="a", route=[])
    pred_only = gold_doc([], id="b", route=[])
    gold_only = gold_doc([], id="c", route=[stop("Oslo", OSLO, 0)])
    no_route_key = gold_doc([], id="d")
    preds = [pred_doc([], id="a"), pred_doc([], id="b", route=[stop("Oslo", OSLO, 0)]), pred_doc([], id="c")]
    report = evaluate_docs([both_empty, pred_only, gold_only, no_route_key], preds, on_missing="ignore")
    r = report.overall.routes
    assert r.n_docs == 3  # the doc without a "route" key is not a route doc
    assert r.macro_f1 == pytest.approx(1 / 3)
    assert r.micro.tp == 0 and r.micro.n_pred == 1 and r.micro.n_gold == 1
    assert evaluate(both_empty, [pred_doc([], id="a")]).routes.macro_f1 == 1.0
    assert evaluate(GOLD, [pred_doc([])]).routes is None


# --- files, ids, report --------------------------------------------------------------------


def write_jsonl(path, docs):
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def test_pred_file_matched_by_id_missing_ids_are_empty(tmp_path):
    g2 = gold_doc([top("Tromso", TROMSO)], id="d2")
    gold = write_jsonl(tmp_path / "gold.jsonl", [GOLD, g2])
    # d2 first, d1 absent, plus an id with no gold
    pred = write_jsonl(tmp_path / "pred.jsonl", [pred_doc([top("Tromso", TROMSO)], id="d2"),
                                                 pred_doc([], id="zzz")])
    with pytest.warns(UserWarning, match="1 of 2 gold documents have no prediction"):
        report = evaluate_files(gold, pred_path=pred)
    c = report.corpus("tiny")
    assert c.n_docs == 2 and c.recognition_strict.tp == 1
    assert c.recognition_strict.recall == pytest.approx(1 / 3)
    assert report.n_missing_predictions == 1 and report.n_extra_predictions == 1
    with pytest.raises(InputError, match="no prediction"):
        evaluate_files(gold, pred_path=pred, on_missing="raise")


def test_geoparse_fn_and_progress(tmp_path):
    gold = write_jsonl(tmp_path / "mini.jsonl", [dict(GOLD, corpus=None)])
    seen, calls = [], []

    def fake_geoparse(docs):
        seen.extend(docs)
        for doc_id, _text in docs:
            yield pred_doc(GOLD["toponyms"], id=doc_id)

    report = evaluate_files(gold, geoparse_fn=fake_geoparse, progress=lambda n, t: calls.append((n, t)))
    assert seen == [("d1", TEXT)]
    assert calls == [(1, 1)]
    assert [c.corpus for c in report.corpora] == ["mini"]  # file stem when no corpus field
    assert report.overall.f1_161.f1 == 1.0


def test_report_to_dict_and_table(tmp_path):
    other = gold_doc([top("Tromso", TROMSO)], id="x", corpus="other", route=[stop("Tromso", TROMSO, 0)])
    report = evaluate_docs([GOLD, other], [pred_doc(GOLD["toponyms"]), pred_doc([], id="x")])
    d = report.to_dict()
    assert json.loads(json.dumps(d)) == d
    assert [c["corpus"] for c in d["corpora"]] == ["tiny", "other"]
    assert d["corpora"][1]["resolution"]["auc"] is None
    table = report.to_table()
    for word in ("tiny", "other", "ALL", "F1@161", "acc@161", "AUC", "stop F1", "tau-b"):
        assert word in table
    assert str(report) == table
    with pytest.raises(InputError, match="no corpus"):
        report.corpus("nope")


def test_input_errors(tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", [GOLD])
    with pytest.raises(InputError, match="exactly one"):
        evaluate_files(gold)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "d1", "toponyms": []}\n{not json\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:2"):
        evaluate_files(gold, pred_path=bad)
    dup = write_jsonl(tmp_path / "dup.jsonl", [GOLD, GOLD])
    with pytest.raises(InputError, match="duplicate"):
        evaluate_files(dup, pred_path=gold)
    with pytest.raises(InputError, match="cannot read"):
        evaluate_files(tmp_path / "absent.jsonl", pred_path=gold)
    with pytest.raises(InputError, match="lat"):
        evaluate_docs([gold_doc([top("Bergen", (95.0, 0.0))])], [])
