"""A circuit breaker: stop calling a provider that keeps failing.

After ``failure_threshold`` consecutive failures the circuit *opens*: every
call fails fast with :class:`~geomap.errors.GeocoderUnavailable` and no request
is sent. After ``reset_after`` seconds one trial call is let through
(*half-open*); its success closes the circuit, its failure opens it again.

>>> now = [0.0]
>>> b = CircuitBreaker(failure_threshold=2, reset_after=10, clock=lambda: now[0])
>>> b.record_failure(); b.record_failure()
>>> b.state
'open'
>>> b.before_call()
Traceback (most recent call last):
...
geomap.errors.GeocoderUnavailable: circuit open after 2 consecutive failures; next try in 10.0 s
>>> now[0] = 10.0
>>> b.before_call()  # the trial call is allowed
>>> b.record_success(); b.state
'closed'
"""

from __future__ import annotations

import threading
import time
from typing import Callable

from ..errors import GeocoderUnavailable

__all__ = ["CircuitBreaker"]


class CircuitBreaker:
    """Fail fast after repeated unavailability.

    Parameters
    ----------
    failure_threshold
        Consecutive failures that open the circuit.
    reset_after
        Seconds the circuit stays open before one trial call is allowed.
    clock
        A monotonic clock in seconds (injected in tests).
    name
        Shown in the error message (for instance the provider's name).
    """

    def __init__(
        self,
        failure_threshold: int = 3,
        reset_after: float = 60.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        name: str = "",
    ) -> None:
        if failure_threshold < 1:
            raise ValueError(f"failure_threshold must be >= 1, got {failure_threshold}")
        if reset_after < 0:
            raise ValueError(f"reset_after must be >= 0, got {reset_after}")
        self.failure_threshold = failure_threshold
        self.reset_after = float(reset_after)
        self.clock = clock
        self.name = name
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_started: float | None = None
        self._lock = threading.Lock()

    @property
    def failures(self) -> int:
        """Consecutive failures seen so far."""
        return self._failures

    @property
    def state(self) -> str:
        """``"closed"``, ``"open"`` or ``"half-open"``."""
        with self._lock:
            return self._state()

    def _state(self) -> str:
        if self._opened_at is None:
            return "closed"
        if self.clock() - self._opened_at >= self.reset_after:
            return "half-open"
        return "open"

    def before_call(self) -> None:
        """Raise :class:`GeocoderUnavailable` when no call may be made now.

        In the half-open state only one trial call at a time is let through
        (another one if the first never reported back within ``reset_after``).
        """
        with self._lock:
            state = self._state()
            if state == "closed":
                return
            now = self.clock()
            if state == "half-open" and (
                self._trial_started is None or now - self._trial_started >= self.reset_after
            ):
                self._trial_started = now
                return
            assert self._opened_at is not None
            wait = max(0.0, self.reset_after - (now - self._opened_at))
            who = f"{self.name}: " if self.name else ""
            raise GeocoderUnavailable(
                f"{who}circuit open after {self._failures} consecutive failures; "
                f"next try in {wait:.1f} s"
            )

    def record_success(self) -> None:
        """The provider answered: close the circuit and forget past failures."""
        with self._lock:
            self._failures = 0
            self._opened_at = None
            self._trial_started = None

    def record_failure(self) -> None:
        """The provider could not be reached: count it, open the circuit at the threshold."""
        with self._lock:
            self._failures += 1
            self._trial_started = None
            if self._opened_at is not None or self._failures >= self.failure_threshold:
                self._opened_at = self.clock()

    def reset(self) -> None:
        """Close the circuit by hand."""
        self.record_success()

    def __repr__(self) -> str:
        return (
            f"CircuitBreaker(state={self.state!r}, failures={self._failures}, "
            f"failure_threshold={self.failure_threshold}, reset_after={self.reset_after})"
        )
