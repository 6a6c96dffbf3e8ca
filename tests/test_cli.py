"""The command line through click's CliRunner (every command documented)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import cli

ROOT = Path(__file__).resolve().parents[1]

STORY = (
    "Orchestra ends tour in Vienna\n\n"
    "VIENNA, Austria (Geomap Wire) — The touring orchestra flew from Lisbon to Madrid on Monday. "
    "On Wednesday the musicians travelled to Rome, and on Friday they arrived in Vienna for the final concert.\n"
)


@pytest.fixture
def runner():
    return CliRunner()


def _commands(group, prefix=()):
    for name, cmd in group.commands.items():
        yield prefix + (name,), cmd
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, prefix + (name,))


@pytest.mark.parametrize("path", [p for p, _ in _commands(cli)] + [()], ids=lambda p: " ".join(p) or "geomap")
def test_every_command_has_help(runner, path):
    res = runner.invoke(cli, list(path) + ["--help"])
    assert res.exit_code == 0, res.output
    assert "Usage:" in res.output
    # every command and option is documented
    cmd = cli
    for name in path:
        cmd = cmd.commands[name]
    assert (cmd.help or "").strip()
    for param in cmd.params:
        if getattr(param, "param_type_name", "") == "option" and not param.hidden and param.name != "help":
            assert (param.help or "").strip() or param.is_flag and param.name in ("version",), param.name


def test_version(runner):
    res = runner.invoke(cli, ["--version"])
    assert res.exit_code == 0 and "version" in res.output


def test_map_writes_html_and_formats(runner, tmp_path):
    src = tmp_path / "tour.txt"
    src.write_text(STORY, encoding="utf-8")
    out = tmp_path / "tour.html"
    res = runner.invoke(cli, ["map", str(src), "-o", str(out), "--geojson", str(tmp_path / "t.geojson"),
                              "--csv", str(tmp_path / "t.csv"), "--json", str(tmp_path / "t.json")])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert "leaflet" in html.lower() and "Vienna" in html
    gj = json.loads((tmp_path / "t.geojson").read_text())
    assert gj["type"] == "FeatureCollection"
    rec = json.loads((tmp_path / "t.json").read_text())
    assert rec["id"] == "tour"
    assert "name" in (tmp_path / "t.csv").read_text().splitlines()[0]


def test_map_default_output_goes_to_outputs(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tour.txt").write_text(STORY, encoding="utf-8")
    res = runner.invoke(cli, ["map", "tour.txt"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "outputs" / "tour.html").exists()


def test_map_missing_file_is_one_line_error(runner, tmp_path):
    res = runner.invoke(cli, ["map", str(tmp_path / "nope.txt")])
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    assert "nope.txt" in res.output


def test_geoparse_contract_from_jsonl(runner, tmp_path):
    src = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"id": "a", "text": STORY, "extra": 1}),
        "{not json",
        json.dumps({"id": "b"}),
        json.dumps({"id": "c", "text": "Nothing happened at all."}),
    ]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = runner.invoke(cli, ["geoparse", str(src), "-o", str(out), "-q"])
    assert res.exit_code == 0, res.output
    assert ":2" in res.output and ":3" in res.output  # bad lines reported with their numbers
    recs = [json.loads(l) for l in out.read_text().splitlines()]
    assert [r["id"] for r in recs] == ["a", "c"]
    a = recs[0]
    text = STORY
    for t in a["toponyms"]:
        assert set(t) >= {"start", "end", "name", "lat", "lon", "geonameid", "country_code", "feature", "score", "role"}
        assert text[t["start"] : t["end"]] == t["name"]
    for s in a["route"]:
        assert set(s) >= {"name", "lat", "lon", "start", "end"}
    assert recs[1]["toponyms"] == [] and recs[1]["route"] == []


def test_geoparse_resume_skips_written_ids(runner, tmp_path):
    src = tmp_path / "docs.jsonl"
    src.write_text("\n".join(json.dumps({"id": i, "text": f"They drove to Madrid on day {i}."}) for i in "xyz") + "\n")
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"id": "x", "toponyms": [], "route": []}) + "\n" + '{"id": "y", "topo')  # killed mid-line
    res = runner.invoke(cli, ["geoparse", str(src), "-o", str(out), "-q"])
    assert res.exit_code == 0, res.output
    ids = [json.loads(l)["id"] for l in out.read_text().splitlines()]
    assert ids == ["x", "y", "z"]


def test_geoparse_folder_and_text_file(runner, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "one.txt").write_text("A ship reached Lisbon.", encoding="utf-8")
    (d / "two.txt").write_text("A train left Madrid.", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    res = runner.invoke(cli, ["geoparse", str(d), "-o", str(out), "-q"])
    assert res.exit_code == 0, res.output
    assert [json.loads(l)["id"] for l in out.read_text().splitlines()] == ["one", "two"]
    out2 = tmp_path / "o2.jsonl"
    res = runner.invoke(cli, ["geoparse", str(d / "one.txt"), "-o", str(out2), "-q"])
    assert res.exit_code == 0 and json.loads(out2.read_text())["id"] == "one"


def test_gazetteer_build_replaces_an_unusable_file(runner, tmp_path, monkeypatch):
    import geomap.gazetteer.build as build

    calls = []

    class Report:
        rows, names, bytes, seconds = 1, 1, 1e6, 0.1

    monkeypatch.setattr(build, "build_gazetteer", lambda path: calls.append(path) or Report())
    (tmp_path / "gazetteer.sqlite3").write_text("not a database")
    res = runner.invoke(cli, ["gazetteer", "build", "--cache-dir", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "rebuilding" in res.output and calls


def test_gazetteer_lookup(runner):
    res = runner.invoke(cli, ["gazetteer", "lookup", "Lisbon", "-n", "3"])
    assert res.exit_code == 0, res.output
    assert "PT" in res.output


def test_evaluate_with_predictions(runner, tmp_path):
    gold = tmp_path / "gold.jsonl"
    text = "They flew to Lisbon."
    s = text.index("Lisbon")
    gold.write_text(json.dumps({"id": "d1", "corpus": "mine", "text": text, "toponyms": [
        {"start": s, "end": s + 6, "name": "Lisbon", "lat": 38.72, "lon": -9.13, "geonameid": 2267057}]}) + "\n")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"id": "d1", "toponyms": [
        {"start": s, "end": s + 6, "name": "Lisbon", "lat": 38.7, "lon": -9.1}], "route": []}) + "\n")
    res = runner.invoke(cli, ["evaluate", str(gold), "--pred", str(pred), "--json"])
    assert res.exit_code == 0, res.output
    rep = json.loads(res.output)[0]
    assert rep  # structure checked in test_evaluate.py
    res = runner.invoke(cli, ["evaluate", str(gold)])
    assert res.exit_code == 0, res.output
    assert "mine" in res.output
