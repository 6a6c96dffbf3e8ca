"""Many documents: read inputs as a stream, geoparse them, write JSON Lines.

Input can be one text file (its id is the file stem), a folder of ``.txt``
files, or a JSON Lines file of ``{"id", "text", ...}`` objects. Bad lines are
reported with their line numbers while every good document is processed.
Output is written one line per document as soon as it is ready; a rerun with
the same output skips the ids already written (``resume``), and a line cut
short by a killed run is dropped and redone.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator

from .errors import InputError, OutputError
from .models import Article

__all__ = ["Document", "InputProblem", "BatchReport", "iter_documents", "read_done_ids", "write_results"]

TEXT_SUFFIXES = (".txt", ".md", ".text", ".html", ".htm")


@dataclass(frozen=True)
class Document:
    """One input document: its id, its text and where it came from."""

    id: str
    text: str
    where: str = ""

    def article(self) -> Article:
        from .article import article_from_text

        return article_from_text(self.text, id=self.id, source=self.where or None)


@dataclass(frozen=True)
class InputProblem:
    """A document that could not be read (``where`` is "file:line")."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class BatchReport:
    """What a batch run did."""

    written: int = 0
    skipped: int = 0
    problems: list[InputProblem] = field(default_factory=list)
    output: str = ""


def _is_jsonl(path: Path) -> bool:
    return path.suffix.lower() in (".jsonl", ".ndjson") or (
        path.suffix.lower() == ".json" and _first_char(path) == "{"
    )


def _first_char(path: Path) -> str:
    with open(path, "rb") as fh:
        head = fh.read(4096).lstrip()
    return head[:1].decode("ascii", "replace")


def iter_documents(
    source: str | os.PathLike[str],
    *,
    on_problem: Callable[[InputProblem], None] | None = None,
) -> Iterator[Document]:
    """Stream the documents of ``source`` (a text file, a folder, a JSON Lines
    file, or ``"-"`` for standard input).

    Problems (malformed JSON, a line without ``"text"``, an unreadable file) go to
    ``on_problem`` and the stream goes on; with no ``on_problem`` they raise
    :class:`~geomap.errors.InputError`.
    """

    def problem(where: str, message: str) -> None:
        p = InputProblem(where, message)
        if on_problem is None:
            raise InputError(str(p))
        on_problem(p)

    if str(source) == "-":
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        from .article import decode_bytes

        text = decode_bytes(data)
        if text.lstrip().startswith("{"):
            yield from _jsonl_lines(iter(text.splitlines()), "<stdin>", problem)
        else:
            yield Document("stdin", text, "<stdin>")
        return
    path = Path(source)
    if not path.exists():
        raise InputError(f"no such file or folder: {path}")
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
        if not files:
            raise InputError(f"folder {path} holds no {', '.join(TEXT_SUFFIXES)} files")
        for f in files:
            try:
                yield _file_document(f)
            except InputError as exc:
                problem(str(f), str(exc))
        return
    if _is_jsonl(path):
        with open(path, "r", encoding="utf-8", errors="replace", newline="") as fh:
            yield from _jsonl_lines(fh, str(path), problem)
        return
    yield _file_document(path)


def _file_document(path: Path) -> Document:
    from .article import load_article

    art = load_article(path)
    return Document(art.id, art.text, str(path))


def _jsonl_lines(lines: Iterable[str], name: str, problem: Callable[[str, str], None]) -> Iterator[Document]:
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{name}:{n}"
        try:
            obj = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            problem(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            problem(where, "expected a JSON object with \"id\" and \"text\"")
            continue
        text = obj.get("text")
        if not isinstance(text, str):
            problem(where, "no \"text\" field" if text is None else "\"text\" is not a string")
            continue
        if not text.strip():
            problem(where, "\"text\" is empty")
            continue
        doc_id = obj.get("id")
        yield Document(str(doc_id) if doc_id is not None else f"line{n}", text, where)


def read_done_ids(out_path: str | os.PathLike[str], *, repair: bool = True, into: Any = None) -> Any:
    """Ids already written to ``out_path``, added to ``into`` (any object with
    ``add``, such as :class:`~geomap.idset.IdSet`; a new ``set`` by default).
    A last line cut short by a killed run is removed (when ``repair``) so that
    document is done again."""
    path = Path(out_path)
    done = into if into is not None else set()
    if not path.exists():
        return done
    good_end = 0
    with open(path, "rb") as fh:
        pos = 0
        for raw in fh:
            pos += len(raw)
            if not raw.endswith(b"\n"):
                break
            try:
                done.add(str(json.loads(raw)["id"]))
            except (ValueError, KeyError, TypeError):
                break
            good_end = pos
    if repair and good_end < path.stat().st_size:
        with open(path, "r+b") as fh:
            fh.truncate(good_end)
    return done


def write_results(records: Iterable[dict], out: IO[str]) -> int:
    """Write records as JSON Lines, flushing each line; returns the count."""
    n = 0
    try:
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False, allow_nan=False) + "\n")
            out.flush()
            n += 1
    except OSError as exc:
        raise OutputError(f"cannot write output: {exc}") from exc
    return n
