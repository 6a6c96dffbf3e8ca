"""Very long articles: they complete, with memory that stays flat.

spaCy's peak memory grows with the characters it parses at once, so geomap
cuts long texts into pieces and streams them (see :mod:`geomap.extract.ner`).
The 20 MB run uses a small rule-based spaCy pipeline saved to disk (``--model
PATH``) so that it takes minutes, not the hour the statistical model needs; a
smaller text checks the real model's chunking. Set ``GEOMAP_TEST_FULL_SIZE=1``
to also run 20 MB through the default model.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geomap.extract.ner import MAX_BATCH_CHARS, MAX_CHUNK, SpacyModel, _batches, chunk_text

PLACES = ["Lisbon", "Madrid", "Rome", "Vienna", "Oslo", "Bergen", "Genoa", "Zadar", "Rijeka", "Porto"]
VERBS = ["flew to", "drove to", "sailed from", "met officials in", "stayed in", "left"]


def long_article(size: int, seed: int = 7) -> str:
    """A made-up travel log of about ``size`` characters, in paragraphs."""
    rng = random.Random(seed)
    parts = ["Convoy log", "", "RIJEKA, Croatia (Geomap Wire) — The convoy set off."]
    n, day = 0, 0
    while n < size:
        sents = []
        for _ in range(rng.randint(3, 8)):
            day += 1
            sents.append(f"The team {rng.choice(VERBS)} {rng.choice(PLACES)} on day {day}.")
        para = " ".join(sents)
        parts += ["", para]
        n += len(para) + 2
    return "\n".join(parts) + "\n"


def fast_model(path: Path) -> Path:
    """A blank English pipeline with a sentencizer and an entity ruler, saved to ``path``."""
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "GPE", "pattern": p} for p in PLACES])
    nlp.to_disk(path)
    return path


def geomap_script() -> list[str]:
    exe = shutil.which("geomap")
    return [exe] if exe else [sys.executable, "-c", "from geomap.cli import main; main()"]


def run_and_watch(cmd: list[str], cwd: Path, timeout: float) -> tuple[subprocess.CompletedProcess, int]:
    """Run ``cmd``; return it and its peak resident memory in bytes (polled with psutil)."""
    psutil = pytest.importorskip("psutil")
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    give_up = time.monotonic() + timeout
    try:
        p = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                peak = max(peak, p.memory_info().rss)
            except psutil.Error:
                pass
            if time.monotonic() > give_up:
                raise AssertionError(f"{cmd[1:3]} still running after {timeout} s (a hang?)")
            time.sleep(0.2)
        out, err = proc.communicate()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err), peak


# -- chunking, fast -------------------------------------------------------------------
def test_chunks_cover_the_text_exactly_and_cut_at_paragraphs():
    text = long_article(300_000)
    pieces = chunk_text(text)
    assert "".join(p for _, p in pieces) == text
    assert all(text[o : o + len(p)] == p for o, p in pieces)
    assert all(len(p) <= MAX_CHUNK for _, p in pieces) and len(pieces) >= 300_000 // MAX_CHUNK
    assert all(p.startswith("\n") or o == 0 for o, p in pieces)  # cut inside a blank line


def test_one_huge_line_is_still_cut():
    text = "word " * 200_000
    pieces = chunk_text(text)
    assert "".join(p for _, p in pieces) == text and max(len(p) for _, p in pieces) <= MAX_CHUNK


def test_batches_are_bounded_by_characters():
    pieces = [(0, "x" * n, True) for n in (10, 20_000, 20_000, 20_000, 60_000, 5)]
    batches = list(_batches(pieces, 32, MAX_BATCH_CHARS))
    assert [len(b) for b in batches] == [3, 1, 1, 1]
    assert all(sum(len(p) for _, p, _ in b) <= MAX_BATCH_CHARS or len(b) == 1 for b in batches)


def test_streaming_keeps_documents_apart(tmp_path):
    """Many short and a few long texts through one stream: each gets its own chunks, in order."""
    spacy = pytest.importorskip("spacy")
    model = SpacyModel(spacy.load(fast_model(tmp_path / "m")), batch_size=4)
    texts = [f"Rain in Oslo, day {i}." for i in range(9)]
    texts.insert(3, long_article(80_000, seed=1))
    texts.insert(7, long_article(60_000, seed=2))
    got = list(model.parse_many(texts))
    assert len(got) == len(texts)
    for text, chunks in zip(texts, got):
        assert "".join(c.doc.text for c in chunks) == text
        assert [c.offset for c in chunks] == [o for o, _ in chunk_text(text)]


# -- the real model on a long text ---------------------------------------------------------
@pytest.mark.slow
def test_real_model_offsets_stay_right_across_chunks():
    import geomap

    text = long_article(3 * MAX_CHUNK + 5000)
    result = geomap.geoparse(text, id="long")
    assert len(result.toponyms) > 100
    starts = [p.mention.start for p in result.toponyms]
    assert starts == sorted(starts)
    for p in result.toponyms:
        m = p.mention
        assert text[m.start : m.end] == m.text
        assert m.sentence_start <= m.start < m.end <= m.sentence_end
        assert text[m.sentence_start : m.sentence_end] == m.sentence
    # every chunk was looked at: places are found near the end too
    assert result.toponyms[-1].mention.start > len(text) - 2000


# -- 20 MB through the real command ----------------------------------------------------------
@pytest.mark.slow
def test_twenty_megabyte_article_completes_with_flat_memory(tmp_path):
    src = tmp_path / "log.txt"
    src.write_text(long_article(20_000_000), encoding="utf-8")
    model = fast_model(tmp_path / "fast-model")
    cmd = geomap_script() + ["map", str(src), "--model", str(model), "-o", str(tmp_path / "log.html"),
                             "--json", str(tmp_path / "log.json")]
    proc, peak = run_and_watch(cmd, tmp_path, timeout=1800)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert "no route inferred" in proc.stderr  # far too many places for route inference: said so
    assert peak < 2.5 * 2**30, f"peak RSS {peak / 2**30:.2f} GB"
    record = json.loads((tmp_path / "log.json").read_text(encoding="utf-8"))
    text = src.read_text(encoding="utf-8")
    assert len(record["toponyms"]) > 400_000
    for t in record["toponyms"][:: 997]:
        assert text[t["start"] : t["end"]] == t["name"]
    assert record["toponyms"][-1]["start"] > len(text) - 1000  # the end of the text was read
    assert "leaflet" in (tmp_path / "log.html").read_text(encoding="utf-8").lower()


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("GEOMAP_TEST_FULL_SIZE"), reason="set GEOMAP_TEST_FULL_SIZE=1 (takes ~30 min)")
def test_twenty_megabytes_with_the_default_model(tmp_path):
    src = tmp_path / "log.txt"
    src.write_text(long_article(20_000_000), encoding="utf-8")
    proc, peak = run_and_watch(geomap_script() + ["map", str(src), "-o", str(tmp_path / "log.html")],
                               tmp_path, timeout=4 * 3600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert peak < 3 * 2**30, f"peak RSS {peak / 2**30:.2f} GB"
