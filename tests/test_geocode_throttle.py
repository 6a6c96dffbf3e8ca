"""The cross-process request throttle (a lock file that remembers the last request)."""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from geomap.errors import GeocoderUnavailable
from geomap.geocode.throttle import SharedThrottle

fcntl = pytest.importorskip("fcntl")


class FakeClock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now
        self.naps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, s: float) -> None:
        self.naps.append(s)
        self.now += s


def throttle(path, delay=1.0, clock=None, **kw) -> SharedThrottle:
    clock = clock or FakeClock()
    return SharedThrottle(path, delay, clock=clock, sleep=clock.sleep, **kw)


def test_first_request_does_not_wait_and_later_ones_are_spaced(tmp_path):
    clock = FakeClock()
    t = throttle(tmp_path / "sub" / "p.lock", 1.0, clock)
    for _ in range(3):
        with t.hold():
            clock.now += 0.1  # the request itself
    assert clock.naps == pytest.approx([1.0, 1.0])
    assert (tmp_path / "sub" / "p.lock").exists()


def test_two_throttles_on_one_file_share_the_spacing(tmp_path):
    clock = FakeClock()
    a, b = throttle(tmp_path / "p.lock", 1.0, clock), throttle(tmp_path / "p.lock", 1.0, clock)
    with a.hold():
        pass
    clock.now += 0.3
    with b.hold():
        pass
    assert clock.naps == pytest.approx([0.7])


@pytest.mark.parametrize("content", [b"not a number", b"", b"\xff\xfe", repr(10**9).encode()])
def test_unreadable_or_future_stamp_never_blocks(tmp_path, content):
    path = tmp_path / "p.lock"
    path.write_bytes(content)
    clock = FakeClock()
    with throttle(path, 1.0, clock).hold():
        pass
    assert clock.naps == []
    assert float(path.read_text()) == clock.now  # and it is repaired


def test_a_lock_held_too_long_gives_up_instead_of_hanging(tmp_path):
    path = tmp_path / "p.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(GeocoderUnavailable, match="kept the rate-limit lock"):
            with throttle(path, 1.0, wait_timeout=0.2).hold():
                pass
    finally:
        os.close(fd)
    with throttle(path, 1.0).hold():  # released: usable again
        pass


def test_unusable_lock_path_degrades_to_no_throttle(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with throttle(blocker / "p.lock").hold():
        pass
    assert "spacing requests in this process only" in caplog.text


def _worker(path: str, n: int, out: str, start) -> None:
    t = SharedThrottle(path, 0.2)
    start.wait(timeout=60)
    for _ in range(n):
        with t.hold():
            with open(out, "a") as fh:
                fh.write(f"{time.time()!r}\n")
            time.sleep(0.01)


def test_processes_never_overlap_and_keep_the_spacing(tmp_path):
    """Real processes and time: each request starts >= 0.2 s after the previous one ended."""
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(3)
    out = tmp_path / "starts.txt"
    procs = [ctx.Process(target=_worker, args=(str(tmp_path / "p.lock"), 3, str(out), start)) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    times = sorted(float(x) for x in out.read_text().split())
    assert len(times) == 9
    assert all(b - a >= 0.2 for a, b in zip(times, times[1:])), times
