"""Engines: in this process, and on a 2-worker Dask LocalCluster (slow tests).

The Dask tests compare against the local run exactly, on sentences written
here; no timing is asserted.
"""

from __future__ import annotations

import json
import os

import pytest

from batch_fakes import fake_pipeline
from geomap.batch import Document
from geomap.config import Settings
from geomap.engines import (
    DaskEngine,
    EngineError,
    LocalEngine,
    PipelineSpec,
    as_pipeline,
    make_engine,
    shippable,
)
from geomap.pipeline import Pipeline

DOCS = [
    Document("trip", "The delegation flew from Lisbon to Madrid on Monday, then drove on to Seville."),
    Document("quiet", "Nothing of note happened at the meeting."),
    Document("port", "Fog closed the harbour of Porto, and ships waited off the coast of Portugal."),
    Document("tour", "After two nights in Vienna the orchestra took the train to Prague and Berlin."),
    Document("storm", "Heavy rain fell on Manila while the typhoon moved towards Taiwan."),
    Document("border", "Trucks queued at the border between France and Spain near Irun."),
]


# -- no cluster needed -----------------------------------------------------------------------------
def test_spec_compares_by_value_and_builds_a_pipeline():
    a = PipelineSpec.of(Pipeline, batch_size=4, model="m")
    b = PipelineSpec.of(Pipeline, model="m", batch_size=4)
    assert a == b and hash(a) == hash(b)
    pipe = a.build()
    assert isinstance(pipe, Pipeline) and pipe.batch_size == 4 and pipe.settings.model == "m"


def test_as_pipeline_accepts_pipelines_specs_and_factories():
    pipe = fake_pipeline()
    assert as_pipeline(pipe) is pipe
    assert isinstance(as_pipeline(PipelineSpec.of(fake_pipeline)), Pipeline)
    assert isinstance(as_pipeline(fake_pipeline), Pipeline)
    with pytest.raises(TypeError, match="PipelineSpec"):
        as_pipeline(42)


def test_default_pipelines_travel_as_recipes_custom_ones_as_themselves():
    settings = Settings(cache_dir="/somewhere")
    spec = shippable(Pipeline(settings=settings, batch_size=8))
    assert spec == PipelineSpec.of(Pipeline, settings=settings, batch_size=8)
    custom = fake_pipeline()
    assert shippable(custom) is custom


def test_make_engine_from_cli_words():
    assert isinstance(make_engine(None), LocalEngine)
    assert isinstance(make_engine("local", workers=1), LocalEngine)
    eng = make_engine("local", workers=3, chunk_size=5)
    assert isinstance(eng, DaskEngine) and eng.workers == 3 and eng.chunk_size == 5
    assert make_engine("dask", scheduler="tcp://127.0.0.1:1").scheduler == "tcp://127.0.0.1:1"
    given = LocalEngine()
    assert make_engine(given) is given
    with pytest.raises(EngineError, match="--engine dask"):
        make_engine("local", scheduler="tcp://127.0.0.1:1")
    with pytest.raises(EngineError, match="unknown engine"):
        make_engine("spark")
    with pytest.warns(UserWarning, match="--workers is ignored"):
        make_engine("dask", workers=2, scheduler="tcp://127.0.0.1:1")


def test_dask_engine_checks_its_arguments_without_starting_anything():
    with pytest.raises(ValueError):
        DaskEngine(chunk_size=0)
    with pytest.raises(ValueError):
        DaskEngine(workers=0)
    assert "local" in repr(DaskEngine(workers=2))


def test_local_engine_keeps_order():
    recs = list(LocalEngine().map(fake_pipeline(), DOCS))
    assert [r["id"] for r in recs] == [d.id for d in DOCS]
    assert [t["name"] for t in recs[0]["toponyms"]] == ["Lisbon", "Madrid", "Seville"]


# -- a real 2-worker LocalCluster ------------------------------------------------------------------
@pytest.fixture(scope="module")
def cache_env(tmp_path_factory):
    """The test cache dir (as in conftest), set before the workers start so they inherit it."""
    cache = os.environ.get("GEOMAP_TEST_CACHE") or str(tmp_path_factory.getbasetemp() / "geomap-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GEOMAP_CACHE_DIR", cache)
        yield cache


@pytest.fixture(scope="module")
def client(cache_env):
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def spec(cache_env):
    return PipelineSpec.of(Pipeline, settings=Settings(cache_dir=cache_env), batch_size=4)


@pytest.fixture(scope="module")
def local_records(spec):
    return list(LocalEngine().map(spec, DOCS))


@pytest.mark.slow
def test_dask_results_are_identical_to_the_local_run(client, spec, local_records):
    engine = DaskEngine(client, chunk_size=2)
    assert engine.warm(spec) == 2
    recs = list(engine.map(spec, DOCS))
    assert recs == local_records
    assert any(r["toponyms"] for r in recs)
    # One pipeline per worker process, kept for the next run.
    assert list(engine.map(spec, DOCS[:2])) == local_records[:2]
    counts = client.run(lambda: len(__import__("geomap.engines").engines._worker_pipelines))
    assert sorted(counts.values()) == [1, 1]
    dirs = client.run(lambda: os.environ.get("GEOMAP_CACHE_DIR"))
    assert set(dirs.values()) == {str(spec.build().settings.cache_dir)}
    engine.close()
    assert client.status == "running"  # a client passed in is left open


@pytest.mark.slow
def test_dask_keeps_order_and_a_bounded_window(client, spec, local_records):
    consumed: list[int] = []

    def docs():
        for i, d in enumerate(DOCS):
            consumed.append(i)
            yield d

    engine = DaskEngine(client, chunk_size=1, window=2)
    stream = engine.map(spec, docs())
    first = next(stream)
    # Only the chunks of the window have been read when the first result comes back.
    assert len(consumed) <= 3
    assert [first, *stream] == local_records
    assert list(engine.map(spec, iter(()))) == []


@pytest.mark.slow
def test_a_custom_pipeline_is_shipped_to_the_workers(client):
    engine = DaskEngine(client, chunk_size=2)
    recs = list(engine.map(fake_pipeline(), DOCS))
    assert recs == list(LocalEngine().map(fake_pipeline(), DOCS))


@pytest.mark.slow
def test_cli_on_a_dask_scheduler_matches_the_local_cli_and_resumes(client, tmp_path):
    from click.testing import CliRunner

    from geomap.cli import cli

    src = tmp_path / "docs.jsonl"
    src.write_text("\n".join(json.dumps({"id": d.id, "text": d.text}) for d in DOCS) + "\n", encoding="utf-8")
    runner = CliRunner()
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    res = runner.invoke(cli, ["geoparse", str(src), "-o", str(local), "-q"])
    assert res.exit_code == 0, res.output
    address = client.scheduler.address
    # A previous run was killed after two documents, in the middle of the third.
    lines = local.read_text(encoding="utf-8").splitlines(keepends=True)
    remote.write_text("".join(lines[:2]) + lines[2][:15], encoding="utf-8")
    res = runner.invoke(cli, ["geoparse", str(src), "-o", str(remote), "-q", "--engine", "dask",
                              "--scheduler", address, "--chunk-size", "2"])
    assert res.exit_code == 0, res.output
    assert remote.read_text(encoding="utf-8") == local.read_text(encoding="utf-8")


def test_scheduler_with_local_engine_is_a_usage_error(tmp_path):
    from click.testing import CliRunner

    from geomap.cli import cli

    src = tmp_path / "docs.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Rain in Lisbon."}) + "\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["geoparse", str(src), "-o", str(tmp_path / "o.jsonl"),
                                   "--scheduler", "tcp://127.0.0.1:1"])
    assert res.exit_code == 2
    assert "--engine dask" in res.output
