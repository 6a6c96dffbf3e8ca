"""Reading documents as a stream, finding what a killed run already wrote."""

from __future__ import annotations

import io
import json

import pytest

from geomap.batch import Document, InputProblem, iter_documents, read_done_ids, write_results
from geomap.errors import InputError, OutputError


def _jsonl(path, *objs_or_lines):
    lines = [o if isinstance(o, str) else json.dumps(o) for o in objs_or_lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_documents_keep_order_and_report_bad_lines(tmp_path):
    src = _jsonl(
        tmp_path / "in.jsonl",
        {"id": 1, "text": "A tram ran through Lisbon."},
        "{oops",
        {"id": "b"},
        {"text": "No id here, in Porto."},
        ["not", "an", "object"],
        {"id": "c", "text": 5},
    )
    problems: list[InputProblem] = []
    docs = list(iter_documents(src, on_problem=problems.append))
    assert [(d.id, d.text) for d in docs] == [("1", "A tram ran through Lisbon."), ("line4", "No id here, in Porto.")]
    assert [p.where.rsplit(":", 1)[1] for p in problems] == ["2", "3", "5", "6"]
    assert "malformed JSON" in problems[0].message


def test_bad_line_raises_without_a_handler(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", "{oops")
    with pytest.raises(InputError, match=":1"):
        list(iter_documents(src))


def test_documents_are_read_lazily(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", *({"id": i, "text": f"Day {i} in Madrid."} for i in range(3)))
    stream = iter_documents(src)
    assert next(stream).id == "0"
    # Appending after the first read shows the file is read as a stream, not up front.
    with open(src, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "late", "text": "Late news from Seville."}) + "\n")
    assert [d.id for d in stream] == ["1", "2", "late"]


def test_folder_and_single_file(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "b.txt").write_text("A bus left Madrid.", encoding="utf-8")
    (d / "a.txt").write_text("A boat reached Porto.", encoding="utf-8")
    (d / "notes.bin").write_bytes(b"\x00\x01")
    assert [doc.id for doc in iter_documents(d)] == ["a", "b"]
    assert [doc.id for doc in iter_documents(d / "b.txt")] == ["b"]


def test_missing_input_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(iter_documents(tmp_path / "nope.jsonl"))


def test_done_ids_of_a_missing_file_is_empty(tmp_path):
    assert read_done_ids(tmp_path / "out.jsonl") == set()


def test_done_ids_repairs_a_line_cut_short(tmp_path):
    out = tmp_path / "out.jsonl"
    good = json.dumps({"id": "x", "toponyms": []}) + "\n" + json.dumps({"id": 7, "toponyms": []}) + "\n"
    out.write_text(good + '{"id": "y", "topo', encoding="utf-8")
    assert read_done_ids(out) == {"x", "7"}
    assert out.read_text(encoding="utf-8") == good


def test_done_ids_without_repair_leaves_the_file(tmp_path):
    out = tmp_path / "out.jsonl"
    text = json.dumps({"id": "x"}) + "\n" + '{"id": "y"'
    out.write_text(text, encoding="utf-8")
    assert read_done_ids(out, repair=False) == {"x"}
    assert out.read_text(encoding="utf-8") == text


def test_done_ids_stop_at_a_garbled_line(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"id": "x"}) + "\nnot json\n" + json.dumps({"id": "z"}) + "\n", encoding="utf-8")
    assert read_done_ids(out) == {"x"}
    assert out.read_text(encoding="utf-8") == json.dumps({"id": "x"}) + "\n"


class _Recorder(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.flushed: list[int] = []

    def flush(self) -> None:
        self.flushed.append(self.getvalue().count("\n"))
        super().flush()


def test_write_results_flushes_every_line():
    out = _Recorder()
    assert write_results(({"id": str(i)} for i in range(3)), out) == 3
    assert out.flushed == [1, 2, 3]
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == ["0", "1", "2"]


def test_write_results_keeps_unicode_and_refuses_nan():
    out = io.StringIO()
    write_results([{"id": "é", "name": "Kraków"}], out)
    assert "Kraków" in out.getvalue()
    with pytest.raises(ValueError):
        write_results([{"id": "n", "lat": float("nan")}], io.StringIO())


def test_write_results_turns_os_errors_into_output_errors():
    class Full(io.StringIO):
        def write(self, s: str) -> int:
            raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="No space left"):
        write_results([{"id": "a"}], Full())


def test_document_article_keeps_id_and_text():
    art = Document("d1", "Rain fell on Seville.", "x.jsonl:1").article()
    assert art.id == "d1" and art.text == "Rain fell on Seville."
