"""Bad input through the real command line: a one-line error and a documented
exit code, or a sensible result; never a traceback, never a hang.

Most cases go through click's CliRunner; a few run the installed ``geomap``
script in a subprocess (with a timeout, so a hang fails the test). Every text
here was written for these tests.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import cli

STORY = (
    "Relief convoy reaches Vienna\n\n"
    "The relief convoy left Lisbon on Monday and crossed into Madrid by nightfall. "
    "On Thursday the drivers reached Vienna.\n"
)
NO_PLACES = "The committee met again today and agreed to meet again tomorrow.\n"

N_DOCS = 1500

#: Exit codes documented in geomap.cli's docstring.
EXIT_INPUT, EXIT_OUTPUT, EXIT_MODEL, EXIT_INTERRUPTED = 2, 3, 5, 130


@pytest.fixture
def runner():
    return CliRunner()


def one_line_error(res, code: int) -> str:
    """The run failed with ``code`` and said why in exactly one line, without a traceback."""
    out = res.output
    assert res.exit_code == code, out
    assert "Traceback" not in out, out
    errors = [line for line in out.splitlines() if line.startswith("geomap: error:")]
    assert len(errors) == 1, out
    return errors[0]


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def run_map(runner, src: Path, tmp_path: Path, *extra: str):
    out = tmp_path / "out.html"
    rec = tmp_path / "out.json"
    res = runner.invoke(cli, ["map", str(src), "-o", str(out), "--json", str(rec), *extra])
    return res, out, rec


# -- unreadable input ----------------------------------------------------------------
@pytest.mark.parametrize(
    "name, data, why",
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b"  \n\t\r\n   \n", "is empty"),
        ("blank-utf16.txt", "   \n \n".encode("utf-16"), "is empty"),
        ("photo.txt", bytes(range(256)) * 40, "binary"),
        ("archive.dat", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(300), "binary"),
        ("page.html", b"<html><head><script>go()</script></head><body></body></html>", "no visible text"),
    ],
)
def test_unusable_article_is_one_line_exit_2(runner, tmp_path, name, data, why):
    res, out, _ = run_map(runner, write(tmp_path / name, data), tmp_path)
    line = one_line_error(res, EXIT_INPUT)
    assert why in line and name in line
    assert not out.exists()


def test_missing_file_and_folder(runner, tmp_path):
    line = one_line_error(runner.invoke(cli, ["map", str(tmp_path / "gone.txt")]), EXIT_INPUT)
    assert "no such file" in line and "gone.txt" in line
    line = one_line_error(runner.invoke(cli, ["map", str(tmp_path)]), EXIT_INPUT)
    assert "directory" in line
    line = one_line_error(runner.invoke(cli, ["geoparse", str(tmp_path / "gone"), "-o", str(tmp_path / "o.jsonl")]),
                          EXIT_INPUT)
    assert "no such file" in line


# -- text that must be read correctly --------------------------------------------------
@pytest.mark.parametrize(
    "encoding, bom",
    [("latin-1", b""), ("cp1252", b""), ("utf-16", b""), ("utf-16-be", b"\xfe\xff"), ("utf-8-sig", b""),
     ("utf-32", b"")],
)
def test_encodings_are_detected_and_decoded(runner, tmp_path, encoding, bom):
    text = "Storm over the Alps\n\nThe climbers left Zürich on Monday and reached Genève on Friday.\n"
    src = write(tmp_path / "alps.txt", bom + text.encode(encoding))
    res, out, rec = run_map(runner, src, tmp_path)
    assert res.exit_code == 0, res.output
    record = json.loads(rec.read_text(encoding="utf-8"))
    names = [t["name"] for t in record["toponyms"]]
    assert "Zürich" in names
    for t in record["toponyms"]:
        assert text[t["start"] : t["end"]] == t["name"]


def test_html_page_is_read_for_its_visible_text(runner, tmp_path):
    page = (
        "<!DOCTYPE html><html><head><title>Convoy</title><script>var x = 'Berlin';</script></head>"
        "<body><nav>Home | Paris office</nav><h1>Relief convoy reaches Vienna</h1>"
        "<p>The relief convoy left Lisbon on Monday and reached Vienna on Thursday.</p></body></html>"
    )
    for name in ("story.html", "story.txt", "story"):  # named as HTML, as text, or not at all
        res, out, rec = run_map(runner, write(tmp_path / name, page), tmp_path)
        assert res.exit_code == 0, res.output
        names = {t["name"] for t in json.loads(rec.read_text())["toponyms"]}
        assert {"Lisbon", "Vienna"} <= names and not names & {"Berlin", "Paris"}, (name, names)


@pytest.mark.parametrize(
    "text",
    [
        "Die Reisenden fuhren am Montag von Berlin nach München und dann weiter nach Wien.\n",
        "Путешественники выехали из Москвы в Казань, а затем в Екатеринбург.\n",
        "旅行者们周一从北京出发，周三抵达上海。\n",
        "المسافرون غادروا القاهرة متجهين إلى الإسكندرية.\n",
        "🚂 → 🗺️ ✈️ " * 50 + "\n",
    ],
    ids=["german", "russian", "chinese", "arabic", "emoji"],
)
def test_non_english_text_gives_a_result(runner, tmp_path, text):
    res, out, rec = run_map(runner, write(tmp_path / "story.txt", text), tmp_path)
    assert res.exit_code == 0, res.output
    record = json.loads(rec.read_text(encoding="utf-8"))
    for t in record["toponyms"]:
        assert text[t["start"] : t["end"]] == t["name"]
        assert t["lat"] is None or -90 <= t["lat"] <= 90
    assert "leaflet" in out.read_text(encoding="utf-8").lower()


def test_text_without_places_exits_0_with_a_map_that_says_so(runner, tmp_path):
    res, out, rec = run_map(runner, write(tmp_path / "minutes.txt", NO_PLACES), tmp_path)
    assert res.exit_code == 0, res.output
    assert "No places found" in out.read_text(encoding="utf-8")
    assert "0 places" in res.output and "route: none" in res.output
    assert json.loads(rec.read_text())["toponyms"] == []


# -- outputs that cannot be written ------------------------------------------------------
@pytest.fixture
def blocker(tmp_path) -> Path:
    """A regular file: nothing can be written below it (even as root)."""
    return write(tmp_path / "blocker", "I am a file")


@pytest.fixture
def no_pipeline(monkeypatch):
    """Fail the test if a command builds the pipeline: output checks must come first."""
    import geomap.cli.geoparse_cmd as g
    import geomap.cli.map_cmd as m

    def boom(**_):
        raise AssertionError("the pipeline was built before the output path was checked")

    monkeypatch.setattr(m, "make_pipeline", boom)
    monkeypatch.setattr(g, "make_pipeline", boom)


@pytest.mark.parametrize("option", ["-o", "--geojson", "--csv", "--json"])
@pytest.mark.parametrize("where", ["folder", "under-a-file", "deep-under-a-file"])
def test_unwritable_map_outputs_fail_fast_with_exit_3(runner, tmp_path, blocker, no_pipeline, option, where):
    src = write(tmp_path / "story.txt", STORY)
    target = {"folder": tmp_path, "under-a-file": blocker / "x.out",
              "deep-under-a-file": blocker / "a" / "b" / "x.out"}[where]
    args = ["map", str(src), option, str(target)]
    if option != "-o":
        args += ["-o", str(tmp_path / "fine.html")]
    line = one_line_error(runner.invoke(cli, args), EXIT_OUTPUT)
    assert str(target) in line
    assert ("is a folder" in line) if where == "folder" else ("is a file, not a folder" in line)


@pytest.mark.parametrize("where", ["folder", "under-a-file"])
def test_unwritable_geoparse_output_fails_fast_with_exit_3(runner, tmp_path, blocker, no_pipeline, where):
    src = write(tmp_path / "story.txt", STORY)
    target = tmp_path if where == "folder" else blocker / "out.jsonl"
    one_line_error(runner.invoke(cli, ["geoparse", str(src), "-o", str(target)]), EXIT_OUTPUT)


def test_default_output_under_a_file_fails_with_exit_3(runner, tmp_path, monkeypatch, no_pipeline):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "outputs", "a file where the outputs folder should be")
    write(tmp_path / "story.txt", STORY)
    line = one_line_error(runner.invoke(cli, ["map", "story.txt"]), EXIT_OUTPUT)
    assert "outputs" in line


# -- JSON Lines batches --------------------------------------------------------------------
def test_bad_jsonl_lines_are_reported_with_line_numbers_and_good_ones_processed(runner, tmp_path):
    lines = [
        json.dumps({"id": "good1", "text": STORY}),
        '{"id": "cut", "text": "The ferry left Ha',          # 2 malformed (cut short)
        json.dumps({"id": "notext"}),                          # 3 no "text"
        json.dumps({"id": "empty", "text": ""}),               # 4 empty text
        json.dumps({"id": "blank", "text": " \n\t "}),         # 5 whitespace only
        json.dumps(["not", "an", "object"]),                  # 6 not an object
        json.dumps({"id": "num", "text": 42}),                # 7 text not a string
        "",                                                    # 8 blank line: ignored
        json.dumps({"id": "good2", "text": NO_PLACES}),
        "\ufeffnot json at all",                              # 10
        json.dumps({"id": "good3", "text": "Rain fell on Oslo all week."}),
    ]
    src = tmp_path / "docs.jsonl"
    src.write_bytes("\n".join(lines).encode("utf-8") + b"\n\xff\xfe{broken bytes}\n")  # 12: not UTF-8 either
    out = tmp_path / "out.jsonl"
    res = runner.invoke(cli, ["geoparse", str(src), "-o", str(out), "-q"])
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output
    skipped = [line for line in res.output.splitlines() if line.startswith("geomap: skipped")]
    numbers = sorted(int(line.split(":")[2]) for line in skipped)
    assert numbers == [2, 3, 4, 5, 6, 7, 10, 12], res.output
    assert any("malformed JSON" in line for line in skipped)
    assert any('no "text" field' in line for line in skipped)
    assert any('"text" is empty' in line for line in skipped)
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == ["good1", "good2", "good3"]


def test_jsonl_with_only_bad_lines_exits_2(runner, tmp_path):
    src = write(tmp_path / "bad.jsonl", '{"id": 1}\n{oops\n')
    res = runner.invoke(cli, ["geoparse", str(src), "-o", str(tmp_path / "o.jsonl"), "-q"])
    assert res.exit_code == EXIT_INPUT and "Traceback" not in res.output
    assert "bad.jsonl:1" in res.output and "bad.jsonl:2" in res.output


def test_folder_with_unreadable_files_keeps_going(runner, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    write(d / "a.txt", STORY)
    write(d / "b.txt", b"")
    write(d / "c.txt", bytes(range(256)) * 8)
    write(d / "d.txt", NO_PLACES)
    out = tmp_path / "o.jsonl"
    res = runner.invoke(cli, ["geoparse", str(d), "-o", str(out), "-q"])
    assert res.exit_code == 0, res.output
    assert "b.txt" in res.output and "c.txt" in res.output
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["a", "d"]


# -- failures inside the program --------------------------------------------------------------
def test_missing_spacy_model_exits_5(runner, tmp_path):
    src = write(tmp_path / "story.txt", STORY)
    line = one_line_error(runner.invoke(cli, ["map", str(src), "-o", str(tmp_path / "m.html"),
                                              "--model", "nope"]), EXIT_MODEL)
    assert "'nope'" in line and "not installed" in line
    line = one_line_error(runner.invoke(cli, ["geoparse", str(src), "-o", str(tmp_path / "o.jsonl"),
                                              "--model", "nope", "-q"]), EXIT_MODEL)
    assert "'nope'" in line


def _raise_in_geoparse(monkeypatch, exc: BaseException) -> None:
    from geomap.pipeline import Pipeline

    def explode(self, *a, **k):
        raise exc

    monkeypatch.setattr(Pipeline, "geoparse", explode)
    monkeypatch.setattr(Pipeline, "geoparse_many", explode)


def test_ctrl_c_exits_130_without_traceback(runner, tmp_path, monkeypatch):
    _raise_in_geoparse(monkeypatch, KeyboardInterrupt())
    src = write(tmp_path / "story.txt", STORY)
    for args in (["map", str(src), "-o", str(tmp_path / "m.html")],
                 ["geoparse", str(src), "-o", str(tmp_path / "o.jsonl"), "-q"]):
        res = runner.invoke(cli, args)
        assert res.exit_code == EXIT_INTERRUPTED, res.output
        assert res.output.strip().splitlines()[-1] == "geomap: interrupted"
        assert "Traceback" not in res.output


def test_unexpected_exception_is_one_line_and_traceback_with_verbose(runner, tmp_path, monkeypatch):
    _raise_in_geoparse(monkeypatch, RuntimeError("something\n   broke inside"))
    src = write(tmp_path / "story.txt", STORY)
    args = ["map", str(src), "-o", str(tmp_path / "m.html")]
    line = one_line_error(runner.invoke(cli, args), 1)
    assert line == "geomap: error: unexpected RuntimeError: something broke inside (run with -v for details)"
    for flags in (["-v"], ["-vv"]):
        res = runner.invoke(cli, flags + args)
        assert res.exit_code == 1
        assert "Traceback (most recent call last)" in res.output and "RuntimeError" in res.output


def test_geomap_errors_show_their_traceback_only_with_vv(runner, tmp_path):
    res = runner.invoke(cli, ["-vv", "map", str(tmp_path / "gone.txt")])
    assert res.exit_code == EXIT_INPUT and "Traceback" in res.output
    res = runner.invoke(cli, ["-v", "map", str(tmp_path / "gone.txt")])
    assert res.exit_code == EXIT_INPUT and "Traceback" not in res.output


# -- the real script in a subprocess ------------------------------------------------------------
def geomap_script() -> list[str]:
    exe = shutil.which("geomap")
    return [exe] if exe else [sys.executable, "-c", "from geomap.cli import main; main()"]


def run_geomap(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(geomap_script() + list(args), cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PYTHONWARNINGS": "ignore"})


@pytest.mark.parametrize(
    "setup, args, code, words",
    [
        (None, ["map", "gone.txt"], EXIT_INPUT, "no such file"),
        ("binary", ["map", "photo.txt"], EXIT_INPUT, "binary"),
        ("story", ["map", "story.txt", "-o", "story.txt/x.html"], EXIT_OUTPUT, "not a folder"),
        ("story", ["map", "story.txt", "-o", "m.html", "--model", "nope"], EXIT_MODEL, "'nope'"),
    ],
    ids=["missing", "binary", "unwritable", "no-model"],
)
def test_real_script_errors(tmp_path, setup, args, code, words):
    if setup == "binary":
        write(tmp_path / "photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    elif setup == "story":
        write(tmp_path / "story.txt", STORY)
    proc = run_geomap(*args, cwd=tmp_path)
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [x for x in proc.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("geomap: error:") and words in lines[0], proc.stderr


def test_real_script_latin1_and_no_places(tmp_path):
    write(tmp_path / "alps.txt", "The climbers left Zürich for Genève.\n".encode("latin-1"))
    proc = run_geomap("map", "alps.txt", "-o", "alps.html", "--json", "alps.json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Zürich" in [t["name"] for t in json.loads((tmp_path / "alps.json").read_text())["toponyms"]]
    write(tmp_path / "minutes.txt", NO_PLACES)
    proc = run_geomap("map", "minutes.txt", "-o", "minutes.html", cwd=tmp_path)
    assert proc.returncode == 0 and "No places found" in (tmp_path / "minutes.html").read_text()


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name != "posix", reason="needs POSIX signals")
def test_real_script_ctrl_c_exits_130_and_keeps_whole_lines(tmp_path):
    docs = tmp_path / "docs.jsonl"
    with open(docs, "w", encoding="utf-8") as fh:
        for i in range(N_DOCS):
            fh.write(json.dumps({"id": f"d{i}", "text": f"Day {i}: the courier rode from Lisbon to Porto."}) + "\n")
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(geomap_script() + ["geoparse", str(docs), "-o", str(out), "-q", "--batch-size", "4"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        give_up = time.monotonic() + 240
        while not (out.exists() and out.stat().st_size > 0):  # wait until it is busy writing
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < give_up, "geoparse never started writing"
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == EXIT_INTERRUPTED, stderr
    assert "Traceback" not in stderr and stderr.strip().splitlines()[-1] == "geomap: interrupted"
    done = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert 0 < len(done) < N_DOCS
    # A rerun resumes where the interrupted one stopped and loses nothing.
    again = run_geomap("geoparse", str(docs), "-o", str(out), "-q", cwd=tmp_path, timeout=600)
    assert again.returncode == 0, again.stderr
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(ids, key=lambda s: int(s[1:])) == [f"d{i}" for i in range(N_DOCS)]
