"""Where batch work runs: in this process, or on a Dask cluster.

An engine turns a stream of :class:`~geomap.batch.Document` into a stream of
output records (the ``geomap geoparse`` JSON Lines contract), **in input
order**, whatever runs where:

- :class:`LocalEngine` runs the pipeline in this process (spaCy batches with
  ``nlp.pipe``);
- :class:`DaskEngine` sends chunks of documents to a ``dask.distributed``
  cluster (a :class:`~distributed.LocalCluster` of N single-threaded worker
  processes when no scheduler address is given). Each worker builds the
  pipeline once (model and gazetteer loaded once per worker, cached in the
  worker process) and keeps it for every later chunk; the client keeps a
  bounded number of chunks in flight, so memory stays flat.

What is sent to workers is a :class:`PipelineSpec`, a small picklable recipe
(a factory and its keyword arguments), rather than a loaded pipeline:

>>> spec = PipelineSpec.of(batch_size=8)
>>> spec == PipelineSpec.of(batch_size=8)   # equal recipes share a worker's cached pipeline
True
>>> spec.build().batch_size
8
"""

from __future__ import annotations

import logging
import threading
import uuid
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, Protocol, runtime_checkable

from .batch import Document
from .errors import GeomapError
from .pipeline import Pipeline

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client

__all__ = [
    "Engine",
    "EngineError",
    "PipelineSpec",
    "LocalEngine",
    "DaskEngine",
    "make_engine",
    "geoparse_records",
]

log = logging.getLogger(__name__)

class EngineError(GeomapError):
    """A batch engine could not be started (Dask missing, scheduler unreachable...)."""

    exit_code = 2


@runtime_checkable
class Engine(Protocol):
    """Runs a pipeline over documents and yields their records in input order."""

    def map(self, pipeline: Any, documents: Iterable[Document]) -> Iterator[dict]:  # pragma: no cover
        ...

    def close(self) -> None:  # pragma: no cover
        ...


# -- the recipe ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class PipelineSpec:
    """A picklable recipe for a :class:`~geomap.pipeline.Pipeline`.

    ``factory(**kwargs)`` builds the pipeline. Specs compare and hash by value,
    so a worker that already built the pipeline for an equal spec reuses it
    (one model and gazetteer load per worker process, across runs too).

    Parameters
    ----------
    factory
        A module-level callable (it is pickled by reference), default
        :class:`~geomap.pipeline.Pipeline`.
    kwargs
        Its keyword arguments as sorted ``(name, value)`` pairs; values must be
        picklable and hashable (strings, numbers, :class:`~geomap.config.Settings`).
    """

    factory: Callable[..., Pipeline] = Pipeline
    kwargs: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, factory: Callable[..., Pipeline] = Pipeline, /, **kwargs: Any) -> "PipelineSpec":
        """``PipelineSpec.of(make_pipeline, model="en_core_web_sm", batch_size=16)``."""
        return cls(factory, tuple(sorted(kwargs.items())))

    def build(self) -> Pipeline:
        """Build the pipeline (its parts still load lazily, on first use)."""
        return self.factory(**dict(self.kwargs))


def as_pipeline(pipeline: Any) -> Pipeline:
    """A :class:`Pipeline` from a pipeline, a :class:`PipelineSpec` or a factory."""
    if isinstance(pipeline, Pipeline):
        return pipeline
    if isinstance(pipeline, PipelineSpec):
        return pipeline.build()
    if callable(pipeline):
        return pipeline()
    raise TypeError(f"expected a Pipeline, a PipelineSpec or a factory, got {type(pipeline).__name__}")


def shippable(pipeline: Any) -> Any:
    """What to send to workers for ``pipeline``: a :class:`PipelineSpec` when the
    pipeline only uses geomap's default parts (cheap to send, rebuilt and cached
    on each worker), else the object itself (pickled once per worker)."""
    if isinstance(pipeline, Pipeline) and all(
        getattr(pipeline, name, None) is None for name in ("_extractor", "_geocoder", "_resolver", "_router")
    ):
        return PipelineSpec.of(Pipeline, settings=pipeline.settings, batch_size=pipeline.batch_size)
    return pipeline


def geoparse_records(pipeline: Pipeline, documents: Iterable[Document]) -> Iterator[dict]:
    """Records for ``documents`` in order, with the NER pass batched.

    The pipeline's ``geoparse_many`` pulls documents lazily, so this streams.
    """
    for result in pipeline.geoparse_many(d.article() for d in documents):
        yield result.to_record()


# -- in this process -----------------------------------------------------------------------------
class LocalEngine:
    """Run in this process: one pipeline, spaCy batches of ``pipeline.batch_size``.

    >>> LocalEngine().map  # doctest: +ELLIPSIS
    <bound method LocalEngine.map of LocalEngine()>
    """

    def __repr__(self) -> str:
        return "LocalEngine()"

    def map(self, pipeline: Any, documents: Iterable[Document]) -> Iterator[dict]:
        """Yield one record per document, in order."""
        return geoparse_records(as_pipeline(pipeline), documents)

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> "LocalEngine":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- on a Dask cluster ---------------------------------------------------------------------------
# Worker side: the pipelines this worker process built, most recent last. A few
# are kept (one per distinct recipe), so a long-lived cluster running many jobs
# does not pile up spaCy models.
_WORKER_CACHE_SIZE = 2
_worker_pipelines: "OrderedDict[Any, tuple[Pipeline, threading.Lock]]" = OrderedDict()
_worker_lock = threading.Lock()


def _worker_pipeline(key: Any, recipe: Any) -> tuple[Pipeline, threading.Lock]:
    with _worker_lock:
        hit = _worker_pipelines.get(key)
        if hit is not None:
            _worker_pipelines.move_to_end(key)
            return hit
        entry = (as_pipeline(recipe), threading.Lock())
        _worker_pipelines[key] = entry
        while len(_worker_pipelines) > _WORKER_CACHE_SIZE:
            _worker_pipelines.popitem(last=False)
        return entry


def _run_chunk(key: Any, recipe: Any, docs: list[tuple[str, str, str]]) -> list[dict]:
    """Geoparse a chunk of ``(id, text, where)`` on a worker (runs there)."""
    pipe, lock = _worker_pipeline(key, recipe)
    with lock:  # a pipeline is used by one thread at a time
        return list(geoparse_records(pipe, (Document(*d) for d in docs)))


def _warm(key: Any, recipe: Any) -> str:
    """Build the worker's pipeline and load its model and gazetteer (runs there)."""
    pipe, lock = _worker_pipeline(key, recipe)
    with lock:
        pipe.geoparse("Warming up in Paris.", id="warm-up")
    return "ok"


def _quiet_dask_logs() -> None:
    """Keep Dask's start/stop chatter (INFO) out of geomap's output unless the
    user asked for INFO logs (``geomap -v``)."""
    if logging.getLogger().getEffectiveLevel() > logging.INFO:
        for name in ("distributed", "bokeh", "tornado"):
            lg = logging.getLogger(name)
            if lg.getEffectiveLevel() < logging.WARNING:
                lg.setLevel(logging.WARNING)


def _worker_environ() -> Any:
    """Dask's settings for the environment of the worker processes a nanny starts,
    less ``MALLOC_TRIM_THRESHOLD_``: setting it turns off glibc's adaptive
    ``mmap`` threshold, so every numpy temporary of spaCy's layers is mapped and
    unmapped again (a fifth slower). ``OMP_NUM_THREADS=1`` and the like stay."""
    import dask

    key = "distributed.nanny.pre-spawn-environ"
    environ = {k: v for k, v in (dask.config.get(key, default=None) or {}).items() if k != "MALLOC_TRIM_THRESHOLD_"}
    return dask.config.set({key: environ})


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise EngineError(
            "the Dask engine needs dask.distributed: pip install 'geomap[dask]'"
        ) from exc
    return distributed


class DaskEngine:
    """Run on a ``dask.distributed`` cluster.

    Parameters
    ----------
    scheduler
        A scheduler address (``"tcp://10.0.0.5:8786"``), a connected
        :class:`distributed.Client`, or ``None`` to start a
        :class:`distributed.LocalCluster` on this machine.
    workers
        Worker processes of the local cluster (default: one per core);
        ignored with a scheduler.
    chunk_size
        Documents per task. Smaller chunks balance load better; larger ones
        cost less scheduling. Each chunk is one spaCy ``nlp.pipe`` stream.
    window
        Chunks in flight or waiting to be written, at most (default: four per
        worker). Bounds the client's memory whatever the corpus size.
    cluster_options
        Extra keyword arguments for :class:`distributed.LocalCluster`.

    Each worker process builds the pipeline once and reuses it; results come
    back to the client, which yields them in input order. Use as a context
    manager (or call :meth:`close`) to stop a local cluster it started.
    """

    def __init__(
        self,
        scheduler: "str | Client | None" = None,
        *,
        workers: int | None = None,
        chunk_size: int = 16,
        window: int | None = None,
        cluster_options: Mapping[str, Any] | None = None,
    ) -> None:
        if chunk_size < 1:
            raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
        if workers is not None and workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.scheduler = scheduler
        self.workers = workers
        self.chunk_size = chunk_size
        self.window = window
        self.cluster_options = dict(cluster_options or {})
        self._given_client = scheduler is not None and not isinstance(scheduler, str)
        self._client: "Client | None" = scheduler if self._given_client else None  # type: ignore[assignment]
        self._owned: list[Any] = []  # what this engine started and must close
        self._recipes: dict[int, tuple[Any, Any, Any]] = {}  # id(pipeline) -> (pipeline, key, recipe)

    def __repr__(self) -> str:
        where = self.scheduler if isinstance(self.scheduler, str) else ("client" if self._given_client else "local")
        return f"DaskEngine({where!r}, workers={self.workers}, chunk_size={self.chunk_size})"

    # -- life cycle ----------------------------------------------------------------------------
    @property
    def client(self) -> "Client":
        """The Dask client (the local cluster is started on first use)."""
        if self._client is None:
            distributed = _import_distributed()
            if self.scheduler is None:
                import os

                opts: dict[str, Any] = {
                    "n_workers": self.workers or os.cpu_count() or 1,
                    "threads_per_worker": 1,
                    "processes": True,
                    "dashboard_address": None,
                    # no dashboard, and the scheduler's HTTP endpoint on any free port
                    "scheduler_kwargs": {"dashboard": False, "dashboard_address": ":0"},
                    "silence_logs": logging.ERROR,
                }
                opts.update(self.cluster_options)
                _quiet_dask_logs()
                with _worker_environ():
                    cluster = distributed.LocalCluster(**opts)
                self._owned.append(cluster)
                self._client = distributed.Client(cluster)
            else:
                try:
                    self._client = distributed.Client(self.scheduler, timeout="30s")
                except OSError as exc:
                    raise EngineError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from exc
            self._owned.insert(0, self._client)
        return self._client

    def close(self) -> None:
        """Close the client and the local cluster this engine started (if any)."""
        while self._owned:
            thing = self._owned.pop(0)
            try:
                thing.close()
            except Exception as exc:  # closing is best effort, but say so
                log.warning("closing %r failed: %s", thing, exc)
        if not self._given_client:
            self._client = None
        self._recipes.clear()

    def __enter__(self) -> "DaskEngine":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def n_workers(self) -> int:
        """Workers currently connected to the scheduler."""
        return len(self.client.scheduler_info().get("workers", {}))

    # -- running -------------------------------------------------------------------------------
    def _recipe(self, pipeline: Any) -> tuple[Any, Any]:
        hit = self._recipes.get(id(pipeline))
        if hit is not None and hit[0] is pipeline:
            return hit[1], hit[2]
        ship = shippable(pipeline)
        if isinstance(ship, PipelineSpec):
            key: Any = ship
            recipe: Any = ship
        else:  # a custom pipeline: pickled once, sent to every worker
            key = f"pipeline-{uuid.uuid4().hex}"
            recipe = self.client.scatter(ship, broadcast=True, hash=False)
        self._recipes[id(pipeline)] = (pipeline, key, recipe)
        return key, recipe

    def warm(self, pipeline: Any) -> int:
        """Load the pipeline on every worker now (else each loads on its first
        chunk); returns the number of workers warmed."""
        client = self.client
        key, recipe = self._recipe(pipeline)
        workers = list(client.scheduler_info().get("workers", {}))
        futures = [
            client.submit(_warm, key, recipe, workers=[w], allow_other_workers=False, pure=False) for w in workers
        ]
        client.gather(futures)
        return len(futures)

    def map(self, pipeline: Any, documents: Iterable[Document]) -> Iterator[dict]:
        """Yield one record per document, in input order, computed on the cluster."""
        distributed = _import_distributed()
        client = self.client
        key, recipe = self._recipe(pipeline)
        window = self.window or max(4, 4 * max(1, self.n_workers()))
        docs = iter(documents)
        in_flight: dict[Any, int] = {}
        done: dict[int, list[dict]] = {}
        seq_out = 0
        seq_in = 0
        queue = distributed.as_completed()

        def submit() -> bool:
            nonlocal seq_in
            chunk = [(d.id, d.text, d.where) for d in islice(docs, self.chunk_size)]
            if not chunk:
                return False
            fut = client.submit(_run_chunk, key, recipe, chunk, pure=False)
            in_flight[fut] = seq_in
            queue.add(fut)
            seq_in += 1
            return True

        more = True
        try:
            while more and len(in_flight) < window:
                more = submit()
            for fut in queue:
                seq = in_flight.pop(fut)
                done[seq] = fut.result()
                fut.release()
                while seq_out in done:
                    yield from done.pop(seq_out)
                    seq_out += 1
                while more and len(in_flight) + len(done) < window:
                    more = submit()
        finally:
            for fut in in_flight:
                fut.cancel()


def make_engine(
    engine: "str | Engine | None" = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    chunk_size: int | None = None,
) -> Engine:
    """An engine from the CLI's words.

    ``"local"`` with one worker (the default) runs in this process;
    ``"local"`` with several workers, or ``"dask"`` without a scheduler, starts
    a Dask LocalCluster of ``workers`` single-threaded processes (default: one
    per core); ``"dask"`` with a ``scheduler`` address joins that cluster. An
    :class:`Engine` passes through.

    >>> make_engine("local")
    LocalEngine()
    >>> make_engine("dask", workers=2)
    DaskEngine('local', workers=2, chunk_size=16)
    """
    if engine is not None and not isinstance(engine, str):
        return engine
    name = (engine or "local").lower()
    extra = {"chunk_size": chunk_size} if chunk_size else {}
    if name == "local":
        if scheduler:
            raise EngineError("--scheduler needs --engine dask")
        return LocalEngine() if (workers or 1) <= 1 else DaskEngine(workers=workers, **extra)
    if name == "dask":
        if scheduler and workers:
            warnings.warn("--workers is ignored with --scheduler (the cluster has its own workers)", stacklevel=2)
        return DaskEngine(scheduler, workers=None if scheduler else workers, **extra)
    raise EngineError(f"unknown engine {engine!r}: use 'local' or 'dask'")
