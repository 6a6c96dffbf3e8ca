"""Run the pipeline over a stream of documents into a JSON Lines file.

Memory stays flat whatever the corpus size: documents are read, geoparsed in
spaCy batches and written one line at a time.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import IO, Iterator

from .batch import BatchReport, Document, InputProblem, iter_documents, read_done_ids, write_results
from .errors import OutputError
from .pipeline import Pipeline

__all__ = ["geoparse_to_jsonl", "count_documents"]


def count_documents(source: str | os.PathLike[str]) -> int | None:
    """A cheap count for the progress bar (lines of a JSON Lines file, files
    of a folder); ``None`` when unknown (standard input)."""
    if str(source) == "-":
        return None
    p = Path(source)
    if p.is_dir():
        return sum(1 for f in p.iterdir() if f.is_file())
    if p.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        with open(p, "rb") as fh:
            return sum(1 for line in fh if line.strip())
    return 1


@contextlib.contextmanager
def _open_output(output: str | os.PathLike[str], append: bool) -> Iterator[IO[str]]:
    if str(output) == "-":
        yield sys.stdout
        return
    path = Path(output)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(path, "a" if append else "w", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    with fh:
        yield fh
        fh.flush()
        with contextlib.suppress(OSError):
            os.fsync(fh.fileno())


def geoparse_to_jsonl(
    pipeline: Pipeline,
    source: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    resume: bool = True,
    progress: bool = True,
) -> BatchReport:
    """Geoparse every document of ``source`` into ``output`` (JSON Lines).

    With ``resume`` the ids already in ``output`` are skipped, so a killed run
    can be restarted and loses nothing. Returns a :class:`BatchReport`.
    """
    report = BatchReport(output=str(output))
    done = read_done_ids(output) if resume and str(output) != "-" else set()
    report.problems = []

    def on_problem(p: InputProblem) -> None:
        report.problems.append(p)

    def todo() -> Iterator[Document]:
        for doc in iter_documents(source, on_problem=on_problem):
            if doc.id in done:
                report.skipped += 1
                continue
            done.add(doc.id)
            yield doc

    total = count_documents(source)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=total, unit="doc", desc="geoparse", file=sys.stderr, dynamic_ncols=True,
                   disable=None)

    def records() -> Iterator[dict]:
        for result in pipeline.geoparse_many(d.article() for d in todo()):
            if bar is not None:
                bar.update(1 + report.skipped - getattr(bar, "_skipped_seen", 0))
                bar._skipped_seen = report.skipped  # type: ignore[attr-defined]
            yield result.to_record()

    with _open_output(output, append=resume and bool(done)) as fh:
        report.written = write_results(records(), fh)
    if bar is not None:
        bar.close()
    return report
