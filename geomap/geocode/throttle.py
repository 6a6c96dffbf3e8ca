"""One request at a time, and no faster than the provider allows, across processes.

Each :class:`~geomap.geocode.online.OnlineGeocoder` spaces its own requests;
:class:`SharedThrottle` extends that to every process that shares geomap's
cache directory (four ``geomap geoparse`` runs started side by side still
send Nominatim at most one request per second). It is a lock file: a request
is made while holding an exclusive ``flock`` on it, and the file records
when the last request ended, so the next one, in whatever process, starts at
least ``min_delay`` seconds later.

The lock is released by the kernel when a process dies, even by SIGKILL; a
process that cannot get the lock within ``wait_timeout`` gives up with
:class:`~geomap.errors.GeocoderUnavailable` instead of hanging. On systems
without ``fcntl`` (Windows) the throttle does nothing but log that once.

>>> import tempfile, os
>>> now = [100.0]
>>> naps = []
>>> def sleep(s):
...     naps.append(s); now[0] += s
>>> t = SharedThrottle(os.path.join(tempfile.mkdtemp(), "nominatim.rate"), 1.0,
...                    clock=lambda: now[0], sleep=sleep)
>>> with t.hold():
...     now[0] += 0.25          # the request takes a quarter of a second
>>> with t.hold():
...     pass
>>> naps
[1.0]
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from pathlib import Path
from typing import Callable, Iterator

from ..errors import GeocoderUnavailable

try:  # pragma: no cover - platform dependent
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["SharedThrottle"]

log = logging.getLogger(__name__)

_POLL = 0.02


class SharedThrottle:
    """Serialise and space requests to one provider across processes.

    Parameters
    ----------
    path
        The lock file (created with its folder); one per provider and server.
    min_delay
        Least seconds between the end of one request and the start of the next.
    wait_timeout
        Most seconds to wait for the lock (another process's request and the
        delay after it) before giving up.
    clock, sleep
        Wall clock (shared by processes) and sleep; tests inject fakes.
    """

    def __init__(
        self,
        path: "str | os.PathLike[str]",
        min_delay: float,
        *,
        wait_timeout: float = 60.0,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.path = Path(path)
        self.min_delay = float(min_delay)
        self.wait_timeout = float(wait_timeout)
        self.clock = clock
        self.sleep = sleep

    def __repr__(self) -> str:
        return f"SharedThrottle({str(self.path)!r}, min_delay={self.min_delay})"

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Wait for our turn, run the body (one request), record when it ended."""
        if fcntl is None:  # pragma: no cover - Windows
            log.debug("no fcntl: requests are spaced within this process only")
            yield
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            log.warning("cannot open the rate-limit file %s (%s); spacing requests in this process only",
                        self.path, exc)
            yield
            return
        try:
            self._lock(fd)
            self._wait_turn(fd)
            try:
                yield
            finally:
                self._record(fd)
        finally:
            os.close(fd)  # releases the lock

    def _lock(self, fd: int) -> None:
        give_up = time.monotonic() + self.wait_timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= give_up:
                    raise GeocoderUnavailable(
                        f"another geomap process kept the rate-limit lock {self.path} for "
                        f"{self.wait_timeout:g} s"
                    ) from None
                time.sleep(_POLL)

    def _wait_turn(self, fd: int) -> None:
        last = _read_time(fd)
        if last is None:
            return
        now = self.clock()
        if last > now + self.min_delay:  # the clock went back (or a stale file): do not wait
            return
        wait = last + self.min_delay - now
        if wait > 0:
            self.sleep(wait)

    def _record(self, fd: int) -> None:
        data = repr(self.clock()).encode("ascii")
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, data)
            os.ftruncate(fd, len(data))
        except OSError as exc:
            log.warning("cannot update the rate-limit file %s: %s", self.path, exc)


def _read_time(fd: int) -> float | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        raw = os.read(fd, 64)
        return float(raw.decode("ascii").strip()) if raw.strip() else None
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        log.debug("unreadable rate-limit file (%s); starting afresh", exc)
        return None
