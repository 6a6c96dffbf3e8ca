"""The batch runner: streaming, order, resume after a killed run (fake pipeline, no spaCy)."""

from __future__ import annotations

import json

import pytest

from batch_fakes import fake_pipeline
from geomap.engines import LocalEngine, PipelineSpec
from geomap.runner import count_documents, geoparse_to_jsonl

TEXTS = [
    "The ferry left Lisbon at dawn.",
    "Nothing happened at all.",
    "A train ran from Madrid to Seville.",
    "Fog closed the port of Porto.",
    "Lisbon and Porto traded goods.",
]


def _corpus(path, n=len(TEXTS), start=0):
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(start, start + n):
            fh.write(json.dumps({"id": f"d{i}", "text": TEXTS[i % len(TEXTS)]}) + "\n")
    return path


def _ids(path):
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_writes_one_record_per_document_in_order(tmp_path):
    src = _corpus(tmp_path / "in.jsonl")
    out = tmp_path / "out" / "res.jsonl"
    report = geoparse_to_jsonl(fake_pipeline(), src, out, progress=False)
    assert report.written == 5 and report.skipped == 0 and not report.problems
    assert _ids(out) == [f"d{i}" for i in range(5)]
    rec = json.loads(out.read_text(encoding="utf-8").splitlines()[2])
    assert [t["name"] for t in rec["toponyms"]] == ["Madrid", "Seville"]
    assert TEXTS[2][rec["toponyms"][0]["start"] : rec["toponyms"][0]["end"]] == "Madrid"


def test_output_is_written_while_input_is_still_being_read(tmp_path):
    src = _corpus(tmp_path / "in.jsonl")
    out = tmp_path / "res.jsonl"
    seen: list[tuple[str, int]] = []

    def on_extract(article):
        lines = out.read_text(encoding="utf-8").count("\n") if out.exists() else 0
        seen.append((article.id, lines))

    geoparse_to_jsonl(fake_pipeline(on_extract), src, out, progress=False)
    # When document i is geoparsed, the i documents before it are already on disk.
    assert seen == [(f"d{i}", i) for i in range(5)]


def test_resume_skips_ids_already_written(tmp_path):
    src = _corpus(tmp_path / "in.jsonl")
    out = tmp_path / "res.jsonl"
    geoparse_to_jsonl(fake_pipeline(), _corpus(tmp_path / "first.jsonl", 2), out, progress=False)
    calls: list[str] = []
    report = geoparse_to_jsonl(fake_pipeline(lambda a: calls.append(a.id)), src, out, progress=False)
    assert calls == ["d2", "d3", "d4"]
    assert report.skipped == 2 and report.written == 3
    assert _ids(out) == [f"d{i}" for i in range(5)]


def test_a_killed_run_loses_nothing(tmp_path):
    src = _corpus(tmp_path / "in.jsonl")
    out = tmp_path / "res.jsonl"

    def die_on_d3(article):
        if article.id == "d3":
            raise KeyboardInterrupt  # the run is killed while working on d3

    with pytest.raises(KeyboardInterrupt):
        geoparse_to_jsonl(fake_pipeline(die_on_d3), src, out, progress=False)
    assert _ids(out) == ["d0", "d1", "d2"]
    # A kill in the middle of a write leaves half a line: it is dropped and redone.
    with open(out, "a", encoding="utf-8") as fh:
        fh.write('{"id": "d3", "topon')
    report = geoparse_to_jsonl(fake_pipeline(), src, out, progress=False)
    assert report.skipped == 3 and report.written == 2
    assert _ids(out) == [f"d{i}" for i in range(5)]


def test_no_resume_starts_over(tmp_path):
    src = _corpus(tmp_path / "in.jsonl", 2)
    out = tmp_path / "res.jsonl"
    geoparse_to_jsonl(fake_pipeline(), src, out, progress=False)
    report = geoparse_to_jsonl(fake_pipeline(), src, out, resume=False, progress=False)
    assert report.written == 2 and _ids(out) == ["d0", "d1"]


def test_repeated_ids_in_the_input_are_done_once(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": "same", "text": t}) for t in TEXTS[:3]) + "\n", encoding="utf-8")
    out = tmp_path / "res.jsonl"
    report = geoparse_to_jsonl(fake_pipeline(), src, out, progress=False)
    assert report.written == 1 and report.skipped == 2


def test_bad_lines_are_reported_and_the_rest_written(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": TEXTS[0]}) + "\n{broken\n" + json.dumps({"id": "b", "text": TEXTS[2]})
                   + "\n", encoding="utf-8")
    out = tmp_path / "res.jsonl"
    report = geoparse_to_jsonl(fake_pipeline(), src, out, progress=True)
    assert [p.where.rsplit(":", 1)[1] for p in report.problems] == ["2"]
    assert _ids(out) == ["a", "b"]


def test_standard_output(tmp_path, capsys):
    src = _corpus(tmp_path / "in.jsonl", 2)
    report = geoparse_to_jsonl(fake_pipeline(), src, "-", progress=False)
    assert report.written == 2
    assert [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()] == ["d0", "d1"]


def test_a_recipe_and_an_engine_can_be_given(tmp_path):
    src = _corpus(tmp_path / "in.jsonl", 3)
    out = tmp_path / "res.jsonl"
    spec = PipelineSpec.of(fake_pipeline)
    with LocalEngine() as engine:
        report = geoparse_to_jsonl(spec, src, out, progress=False, engine=engine)
    assert report.written == 3
    out2 = tmp_path / "res2.jsonl"
    geoparse_to_jsonl(fake_pipeline, src, out2, progress=False, engine="local")
    assert out.read_text(encoding="utf-8") == out2.read_text(encoding="utf-8")


def test_count_documents(tmp_path):
    assert count_documents(_corpus(tmp_path / "in.jsonl", 4)) == 4
    d = tmp_path / "folder"
    d.mkdir()
    for name in ("a.txt", "b.md", "c.png"):
        (d / name).write_text("x", encoding="utf-8")
    assert count_documents(d) == 2
    assert count_documents("-") is None
