"""Run the pipeline over a stream of documents into a JSON Lines file.

Memory stays flat whatever the corpus size: documents are read, geoparsed in
spaCy batches (in this process or on Dask workers, see :mod:`geomap.engines`)
and written one line at a time, in input order.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Callable, Iterator

from .batch import (
    TEXT_SUFFIXES,
    BatchReport,
    Document,
    InputProblem,
    iter_documents,
    read_done_ids,
    write_results,
)
from .errors import OutputError
from .idset import IdSet
from .pipeline import Pipeline

if TYPE_CHECKING:  # pragma: no cover
    from .engines import Engine, PipelineSpec

__all__ = ["geoparse_to_jsonl", "count_documents"]


def count_documents(source: str | os.PathLike[str]) -> int | None:
    """A cheap count for the progress bar (lines of a JSON Lines file, files
    of a folder); ``None`` when unknown (standard input)."""
    if str(source) == "-":
        return None
    p = Path(source)
    if p.is_dir():
        return sum(1 for f in p.iterdir() if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES)
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
    pipeline: "Pipeline | PipelineSpec | Callable[[], Pipeline]",
    source: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    resume: bool = True,
    progress: bool = True,
    engine: "Engine | str | None" = None,
) -> BatchReport:
    """Geoparse every document of ``source`` into ``output`` (JSON Lines).

    Documents are read, geoparsed and written as a stream (memory stays flat
    whatever the corpus size), one line per document in input order, each
    line flushed as soon as it is ready. With ``resume`` the ids already in
    ``output`` are skipped (and a line cut short by a killed run is redone),
    so a killed run can be restarted and loses nothing; this holds for every
    engine, since the writing is always done here.

    Parameters
    ----------
    pipeline
        A :class:`Pipeline`, or a recipe for one
        (:class:`~geomap.engines.PipelineSpec` or a factory): the Dask engine
        builds it once on each worker.
    source, output
        See :func:`~geomap.batch.iter_documents`; ``output`` may be ``"-"``
        (standard output, no resume).
    resume
        Skip the ids already written to ``output``.
    progress
        Show a progress bar (documents/s and an ETA) on standard error.
    engine
        Where the work runs: ``None``/``"local"`` (this process), ``"dask"``
        (a local Dask cluster) or any :class:`~geomap.engines.Engine`. An
        engine given by name is closed at the end; one passed in is left open.

    Returns
    -------
    BatchReport
        Counts of documents written and skipped, and the input problems.
    """
    from .engines import make_engine

    own_engine = engine is None or isinstance(engine, str)
    runner = make_engine(engine)
    report = BatchReport(output=str(output))
    done = IdSet()  # ~8 bytes an id: memory stays flat over millions of documents
    if resume and str(output) != "-":
        read_done_ids(output, into=done)
    bar = _progress_bar(count_documents(source)) if progress else None

    def on_problem(p: InputProblem) -> None:
        report.problems.append(p)
        if bar is not None:
            bar.update(1)

    def todo() -> Iterator[Document]:
        for doc in iter_documents(source, on_problem=on_problem):
            if doc.id in done:
                report.skipped += 1
                if bar is not None:
                    bar.update(1)
                continue
            done.add(doc.id)
            yield doc

    def records() -> Iterator[dict]:
        for rec in runner.map(pipeline, todo()):
            if bar is not None:
                bar.update(1)
            yield rec

    try:
        with _open_output(output, append=resume and bool(done)) as fh:
            report.written = write_results(records(), fh)
    finally:
        if bar is not None:
            bar.close()
        if own_engine:
            runner.close()
    return report


def _progress_bar(total: int | None) -> Any:
    """A tqdm bar on stderr (documents/s and an ETA); silent when not a terminal."""
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", desc="geoparse", file=sys.stderr, dynamic_ncols=True,
                smoothing=0.1, disable=None)
